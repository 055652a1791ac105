"""Smith's learning-rate range test: raise the rate step by step and watch the loss.

From the same starting weights, one full-batch step per rate, the rate rising exponentially from
LOW to HIGH. The loss is smoothed (an exponential moving average with bias correction) and the
test stops as soon as a loss is not a finite number or the smoothed loss passes STOP× the best so
far: the comparison is written as `not (loss <= bound)`, so a NaN stops it too.

The suggestion: one tenth of the rate at which the smoothed loss was lowest. At the minimum the
rate is already about as big as it can be before the loss turns up, so a tenth of it is a rate
that still learns quickly with room to spare.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrgame.train import mlp
from lrgame.train.data import spiral

LOW, HIGH, STEPS = 1e-6, 10.0, 160
STOP = 4.0
SMOOTHING = 0.9


@dataclass(frozen=True)
class RangeResult:
    rates: np.ndarray  # the rates tried, up to the stop
    losses: np.ndarray
    smoothed: np.ndarray
    suggestion: float
    reason: str
    stopped_at: int | None  # index of the rate that blew the loss up, if any


def smooth_and_stop(rates: np.ndarray, losses: list[float]) -> tuple[np.ndarray, int | None]:
    """Bias-corrected moving average of the losses, cut at the first blow-up (NaN included)."""
    smoothed: list[float] = []
    avg, best = 0.0, float("inf")
    for i, loss in enumerate(losses):
        if not np.isfinite(loss):
            return np.array(smoothed), i
        avg = SMOOTHING * avg + (1 - SMOOTHING) * loss
        value = avg / (1 - SMOOTHING ** (i + 1))
        if not (value <= STOP * best):
            return np.array(smoothed), i
        best = min(best, value)
        smoothed.append(value)
    return np.array(smoothed), None


def range_test(seed: int = 0, low: float = LOW, high: float = HIGH, steps: int = STEPS) -> RangeResult:
    rates = low * (high / low) ** (np.arange(steps) / (steps - 1))
    X, y = spiral(seed=seed)
    params = mlp.init(seed)
    losses: list[float] = []
    for eta in rates:
        with np.errstate(all="ignore"):
            loss, grads = mlp.loss_and_grads(params, X, y)
            params = [p - eta * g for p, g in zip(params, grads, strict=True)]
        losses.append(loss)
        if not np.isfinite(loss):
            break
    smoothed, stopped = smooth_and_stop(rates, losses)
    n = len(smoothed)
    best = int(np.argmin(smoothed))
    suggestion = float(rates[best] / 10)
    reason = (f"the smoothed loss was lowest at η = {rates[best]:.3g}; a tenth of that, {suggestion:.3g}, "
              "still learns fast with room before the loss turns up")
    finite = np.array([x if np.isfinite(x) else np.nan for x in losses[:n]])
    return RangeResult(rates[:n], finite, smoothed, suggestion, reason, stopped)
