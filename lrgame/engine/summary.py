"""The numbers shown beside a curve: one definition, read by the panel and the export alike.

A run trains epochs 0…T−1, so the run's final rate, average, min and max come from those T
entries; curve[T] is only the rate the scheduler holds afterwards. The reference η₀ is the lr0
setting, not curve[0], because warmups and one-cycle start far below their peak.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lrgame.engine.numbers import whole_in


class Summary(NamedTuple):
    """The rate at step `step` of a curve and over the run, as plain Python numbers (ready for JSON).

    A curve holds one rate per scheduler step, so `step` is an epoch only when an epoch is one step
    (see `exported`)."""

    step: int
    current: float
    initial: float
    final: float
    average: float
    ratio: float
    min: float
    max: float

    def exported(self, steps_per_epoch: int = 1) -> dict[str, float]:
        """The summary as `export --format json` writes it: at an epoch, and at that epoch's first
        step too when an epoch has several."""
        at = {"epoch": self.step // steps_per_epoch} | ({"step": self.step} if steps_per_epoch > 1 else {})
        return at | {name: value for name, value in self._asdict().items() if name != "step"}


def check_epoch(epoch: object, epochs: int) -> int:
    """The epoch t to look at: a whole number in 0..T (T itself is the rate after the last step)."""
    return whole_in("epoch", epoch, 0, epochs, refusal=f"is not allowed: give a whole number in [0, {epochs}]")


class RunStats(NamedTuple):
    """The run's own numbers, the same at every step: computed once per curve, not per step shown."""

    final: float
    average: float
    min: float
    max: float


def run_stats(curve: np.ndarray) -> RunStats:
    trained = curve[:-1]
    return RunStats(float(trained[-1]), float(trained.mean()), float(trained.min()), float(trained.max()))


def summarize(curve: np.ndarray, lr0: float, step: int, stats: RunStats | None = None) -> Summary:
    """Summarise `curve` (t = 0..T, as `schedules.curve` returns it) at `step` for a run of peak
    rate `lr0`; `stats`, if given, must be `run_stats(curve)`. (`step` is checked as the command
    line's --epoch is: for an exported curve it is one.)"""
    t = check_epoch(step, len(curve) - 1)
    run = stats or run_stats(curve)
    current = float(curve[t])
    return Summary(
        step=t,
        current=current,
        initial=float(lr0),
        final=run.final,
        average=run.average,
        ratio=current / lr0,
        min=run.min,
        max=run.max,
    )


def summarize_so_far(rates: np.ndarray, lr0: float) -> Summary:
    """The same numbers for a run whose rates are known only up to now, step t = len(rates) − 1 (a
    loss-driven one): final, average, min and max over the steps taken so far, 0..t−1. Before
    any step is taken they are the one rate known, the one about to be used. At the end of the
    run this is `summarize` of the whole run."""
    if len(rates) == 1:
        return summarize(np.repeat(rates, 2), lr0, 0)
    return summarize(rates, lr0, len(rates) - 1)
