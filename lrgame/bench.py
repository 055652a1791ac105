"""Benchmarks, one function per thing measured, run by `python main.py bench --what ...`.

The engine is timed against a floor, a bare `numpy.cos` over as many points as the curve has: no
schedule with a cosine in it can beat that, so the ratio says how much the engine adds on top.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TextIO

import numpy as np

from lrgame import schedules

FLOOR = "numpy.cos"
GOAL = 3.0


@dataclass(frozen=True)
class Timing:
    """The median of several runs of one job, and how many floors that is."""

    name: str
    median_ms: float
    ratio: float


def _medians(jobs: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median seconds per job. The jobs take turns, so a slow spell of the machine hits them all."""
    samples: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(repeats):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(s) for name, s in samples.items()}


def engine(epochs: int = 1_000_000, repeats: int = 7) -> list[Timing]:
    """The floor first, then `curve(name, lr0=0.1, epochs=epochs)` at registry defaults per schedule."""
    t = np.arange(epochs + 1, dtype=np.float64)
    jobs: dict[str, Callable[[], object]] = {FLOOR: partial(np.cos, t)}
    jobs |= {name: partial(schedules.curve, name, lr0=0.1, epochs=epochs) for name in schedules.SCHEDULES}
    medians = _medians(jobs, repeats)
    floor = medians[FLOOR]
    return [Timing(name, 1e3 * m, m / floor) for name, m in medians.items()]


def print_engine(rows: list[Timing], out: TextIO | None = None) -> None:
    """One line per schedule, flagging any above GOAL floors (to `out`, or stdout)."""
    width = max(len(r.name) for r in rows)
    for r in rows:
        note = "  (floor)" if r.name == FLOOR else f"  {r.ratio:5.2f}× floor" + ("  SLOW" if r.ratio > GOAL else "")
        print(f"{r.name:<{width}}  {r.median_ms:8.2f} ms{note}", file=out)
