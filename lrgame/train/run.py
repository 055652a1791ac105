"""Training the network one full-batch SGD step per schedule epoch, a few epochs at a time.

Divergence is a lesson, not a crash: a loss or gradient that stops being finite, or a loss that
grows far above where it started, ends the run at that epoch, and nothing non-finite comes out.
"""

from __future__ import annotations

import numpy as np

from lrgame.train import mlp
from lrgame.train.data import spiral

BLOW_UP = 50.0  # a loss this many times the first one counts as diverged
EXTENT = 1.2  # the decision-region picture covers [-EXTENT, EXTENT]²


class TrainingRun:
    """The network under `rates` (the rate of each epoch 0..T−1 is rates[t])."""

    def __init__(self, rates: np.ndarray, seed: int = 0) -> None:
        self.rates = np.asarray(rates, dtype=np.float64)
        self.X, self.y = spiral(seed=seed)
        self.params = mlp.init(seed)
        self.epoch = 0
        self.losses: list[float] = []
        self.accuracies: list[float] = []
        self.diverged_at: int | None = None
        self.source: object = None  # what the rates were taken from, for a caller to tell when to restart

    @property
    def done(self) -> bool:
        return self.diverged_at is not None or self.epoch >= len(self.rates) - 1

    def advance(self, epochs: int) -> None:
        """Train up to `epochs` more epochs (fewer at the end of the run or on divergence)."""
        for _ in range(epochs):
            if self.done:
                return
            with np.errstate(all="ignore"):
                loss, grads = mlp.loss_and_grads(self.params, self.X, self.y)
                finite = np.isfinite(loss) and all(np.isfinite(g).all() for g in grads)
            if not finite or (self.losses and loss > BLOW_UP * self.losses[0]):
                self.diverged_at = self.epoch
                return
            self.losses.append(loss)
            self.accuracies.append(float((mlp.predict(self.params, self.X) == self.y).mean()))
            eta = self.rates[self.epoch]
            self.params = [p - eta * g for p, g in zip(self.params, grads, strict=True)]
            self.epoch += 1

    def decision_grid(self, resolution: int = 64) -> np.ndarray:
        """Predicted class over a resolution×resolution grid of the plane (row 0 at the top)."""
        axis = np.linspace(-EXTENT, EXTENT, resolution)
        gx, gy = np.meshgrid(axis, axis[::-1])
        with np.errstate(all="ignore"):
            return mlp.predict(self.params, np.column_stack((gx.ravel(), gy.ravel()))).reshape(resolution, resolution)


def train(rates: np.ndarray, seed: int = 0) -> TrainingRun:
    """A whole run at once."""
    run = TrainingRun(rates, seed)
    run.advance(len(run.rates))
    return run
