"""Attract mode for a kiosk: when nobody has touched anything for a while, the simulator plays on
its own, one schedule after another and then the famous recipes short enough to play through, each
with its one-line caption (the schedule's own in the registry, the recipe's). Pure model: the app
tells it the time and any input; it says whether it is on and which scene to show."""

from __future__ import annotations

from dataclasses import dataclass

from lrgame.engine import schedules
from lrgame.sim.presets import get_preset
from lrgame.sim.settings import Settings, make_settings

SCENE_SECONDS = 14.0
# Recipes whose whole run fits a scene at the fastest speed; the million-step ones would only crawl.
PRESET_CAPTIONS: dict[str, str] = {
    "resnet": "The ResNet recipe: three flat steps, each ten times lower than the last.",
    "sgdr": "SGDR: each glide down is twice as long as the last, then the rate jumps back up.",
    "one_cycle": "The one-cycle recipe: a big climb to a huge rate, then a very long fall.",
    "wsd": "Warmup-stable-decay as used for language models: long and flat, then a fast cool-down.",
}


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
        self._names = [*schedules.SCHEDULES, *(f"preset:{name}" for name in PRESET_CAPTIONS)]

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
            preset = name.removeprefix("preset:")
            settings = get_preset(preset).settings()
            return AttractScene(settings, PRESET_CAPTIONS[preset], _speed(settings), preset)
        schedule = schedules.get(name)  # one whose rate jumps back up is shown on a valley with a dip
        settings = make_settings(name, valley_kind="bumpy" if schedule.jumps else "bowl")
        return AttractScene(settings, schedule.caption, _speed(settings))


def _speed(settings: Settings) -> float:
    """Epochs per second that play the whole run with two seconds to spare."""
    return settings.epochs / (SCENE_SECONDS - 2.0)
