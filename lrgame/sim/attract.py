"""Attract mode for a kiosk: when nobody has touched anything for a while, the simulator plays on
its own, one schedule after another and then the famous recipes short enough to play through, each
with its one-line caption (the schedule's own in the registry, the recipe's). Pure model: the app
tells it the time and any input; it says whether it is on and which scene to show."""

from __future__ import annotations

from dataclasses import dataclass

from lrgame.engine import schedules
from lrgame.sim.presets import PRESETS
from lrgame.sim.settings import Settings, make_settings

SCENE_SECONDS = 14.0


@dataclass(frozen=True)
class AttractScene:
    settings: Settings
    caption: str
    speed: float  # epochs per second: the whole run fits in the scene
    preset: str = ""  # the recipe shown, if the scene is one


class Attract:
    """Idle → on after `idle_seconds`; any input → off, and the idle clock starts again."""

    def __init__(self, idle_seconds: float = 60.0) -> None:
        self.idle_seconds = idle_seconds
        self._last_input = 0.0
        self._started: float | None = None
        self._names = [*schedules.SCHEDULES, *(f"preset:{p.name}" for p in PRESETS.values() if p.caption)]

    @property
    def scene_count(self) -> int:
        """Scenes in one pass of the script."""
        return len(self._names)

    def touch(self, now: float) -> bool:
        """Input at `now`; returns whether attract mode was on (and is now off)."""
        was_on = self._started is not None
        self._last_input = now
        self._started = None
        return was_on

    def update(self, now: float) -> bool:
        if self._started is None and now - self._last_input >= self.idle_seconds:
            self._started = now
        return self._started is not None

    def index(self, now: float) -> int:
        assert self._started is not None
        return int((now - self._started) // SCENE_SECONDS) % len(self._names)

    def scene(self, index: int) -> AttractScene:
        name = self._names[index]
        if name.startswith("preset:"):
            preset = PRESETS[name.removeprefix("preset:")]
            settings = preset.settings()
            return AttractScene(settings, preset.caption, _speed(settings), preset.name)
        schedule = schedules.get(name)  # one whose rate jumps back up is shown on a valley with a dip
        settings = make_settings(name, valley_kind="bumpy" if schedule.jumps else "bowl")
        return AttractScene(settings, schedule.caption, _speed(settings))


def _speed(settings: Settings) -> float:
    """Epochs per second that play the whole run with two seconds to spare."""
    return settings.epochs / (SCENE_SECONDS - 2.0)
