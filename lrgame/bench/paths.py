"""Benchmarks of the landscape's many paths, run by `python main.py bench --what window` after the
landscape's own: the river's five forked cooldowns (F) and four compared paths (C), each at
T = 100,000 steps, frames while the run plays against a bare fill + flip (the valley's goals). The
paths are worked out first (on the worker thread, as in the window: that time is reported beside
the frames, not in them)."""

from __future__ import annotations

import time

from lrgame.app.modes.landscape import LandscapeMode
from lrgame.bench.common import headless_app
from lrgame.bench.window import FrameTiming, frame_row, timed_frames
from lrgame.sim.intents import AddToRace, SetValue, ToggleForks, ToggleLandscape, ToggleRace

STEPS = 100_000
COMPARED = ("constant", "cosine", "step", "wsd")


def _settled(app, busy) -> float:
    """Seconds of frames until `busy()` is False (the worker's paths taken)."""
    start = time.perf_counter()
    while busy():
        app.frame(1 / 60)
        time.sleep(0.005)
    return time.perf_counter() - start


def forks(size: tuple[int, int], n: int = 2000) -> tuple[FrameTiming, float]:
    """The river's trunk and five branches at T = STEPS, the run playing: frame times, and the
    seconds the paths took to work out."""
    app = headless_app(size, schedule="constant")
    app.apply(ToggleForks())
    app.apply(SetValue("epochs", STEPS))
    mode = app.find(LandscapeMode)
    spent = _settled(app, lambda: mode.forks_computing)
    assert mode.forked is not None and len(mode.forked.branches) == 5
    return timed_frames(app, size, n), spent


def compared(size: tuple[int, int], n: int = 2000) -> tuple[FrameTiming, float]:
    """Four compared paths on the ravine at T = STEPS, their markers moving as the run plays."""
    app = headless_app(size, schedule="constant")
    app.apply(ToggleLandscape())
    app.apply(SetValue("epochs", STEPS))
    for schedule in COMPARED:
        app.apply(SetValue("schedule", schedule))
        app.apply(AddToRace())
    app.apply(ToggleRace())
    mode = app.find(LandscapeMode)
    spent = _settled(app, lambda: mode.compared is None)
    return timed_frames(app, size, n), spent


def row(what: str, measured: tuple[FrameTiming, float]) -> str:
    timing, spent = measured
    return f"{what} at T={STEPS:,} (worked out in {spent:.1f} s): {frame_row(timing)}"
