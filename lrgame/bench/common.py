"""What the benchmarks share: the real app on the dummy display, timing jobs in turns, percentiles,
and the mark of a figure that misses its goal. Each row is printed as soon as it is measured."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from typing import TextIO

from lrgame.app.launch import LaunchOptions
from lrgame.sim.settings import make_settings

MISSED = "MISSED"


def verdict(met: bool) -> str:
    """What follows a figure's goal: nothing when met, MISSED when not."""
    return "" if met else f"  {MISSED}"


def say(line: str, out: TextIO | None = None) -> None:
    """One row, at once (a run takes minutes: nobody should wait for the end to see anything)."""
    print(line, file=out or sys.stdout, flush=True)


def medians(jobs: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median seconds per job. The jobs take turns, so a slow spell of the machine hits them all."""
    samples: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(repeats):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(s) for name, s in samples.items()}


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def headless_app(size: tuple[int, int], kiosk: bool = False, **settings: object):
    """The real app on the dummy video driver, playing (or a kiosk, idle after one second).
    pygame is imported here, not above: `bench --what engine` never loads it."""
    import os

    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    from lrgame.app.window import App

    return App(LaunchOptions(settings=make_settings(**settings), size=size, headless=True, play=not kiosk,
                             kiosk=kiosk, idle_seconds=1.0))
