"""Attract mode for a kiosk: when nobody has touched anything for a while, the simulator plays on
its own, one schedule after another and then the famous recipes short enough to play through, each
with a one-line caption. Pure model: the app tells it the time and any input; it says whether it
is on and which scene to show."""

from __future__ import annotations

from dataclasses import dataclass

from lrgame.engine import schedules
from lrgame.sim.settings import Settings, make_settings
from lrgame.sim.presets import get_preset

SCENE_SECONDS = 14.0

CAPTIONS: dict[str, str] = {
    "constant": "Constant rate: the ball reaches the bottom but never stops jiggling.",
    "step": "Step decay: the rate drops by ten now and then, and the hops shrink in jumps.",
    "multistep": "Multi-step: drops at chosen epochs; each one calms the ball down.",
    "exponential": "Exponential decay: a little smaller every epoch, a smooth slide to calm.",
    "cosine": "Cosine: a gentle glide from big steps to tiny ones.",
    "warmup_cosine": "Warmup + cosine: start careful, speed up, then glide down.",
    "cosine_restarts": "Warm restarts: every so often the rate jumps back up and shakes the ball loose.",
    "one_cycle": "One-cycle: climb to a big rate, then fall far below where it started.",
    "cyclic": "Cyclic: the rate bounces up and down, so the ball never quite rests.",
    "linear": "Linear: the rate falls in a straight line to zero.",
    "polynomial": "Polynomial: a curved fall to zero, steep or gentle as you like.",
    "inverse_sqrt": "Inverse square root: a quick climb, then a slow fall that never ends.",
    "noam": "Noam: the Transformer's recipe, a climb and then a 1/√t fall.",
    "wsd": "Warmup-stable-decay: hold a big rate for ages, then cool down fast at the end.",
}
BUMPY = {"cosine_restarts", "cyclic"}  # shown on the valley with a dip, where their jumps matter
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
        settings = make_settings(name, valley_kind="bumpy" if name in BUMPY else "bowl")
        return AttractScene(settings, CAPTIONS[name], _speed(settings))


def _speed(settings: Settings) -> float:
    """Epochs per second that play the whole run with two seconds to spare."""
    return settings.epochs / (SCENE_SECONDS - 2.0)
