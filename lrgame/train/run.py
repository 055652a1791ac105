"""The network trained under a schedule: one full-batch SGD step per schedule epoch, a few at a time.

`rates` is a schedule's curve as `schedules.curve` returns it, t = 0..T (length T+1): epoch t takes
one step at rates[t], and rates[T], the rate a scheduler holds after the run, is not used. So:

    losses[t], accuracies[t]   at the weights w_t, before epoch t's step (len == epochs trained)
    final_loss, final_accuracy at w_T, after the last step (set when the run completes)

Divergence is a lesson, not a crash: at the first epoch whose loss or gradient is not a finite
number, or whose loss is above BLOW_UP × the loss at w_0, the run stops and `diverged_at` is that
epoch; the loss that blew up is not recorded. Nothing non-finite ever comes out.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lrgame.engine.numbers import check_epochs
from lrgame.engine.params import ConfigError
from lrgame.engine.plateau import ReduceOnPlateau
from lrgame.train import mlp
from lrgame.train.data import POINTS_PER_CLASS, check_seed, spiral

BLOW_UP = 50.0  # a loss above this many times the initial one (≈1.1 for 3 classes) counts as diverged
EXTENT = 1.2  # the decision-region picture covers [-EXTENT, EXTENT]²; the data lie in the unit disc


@dataclass(frozen=True)
class Result:
    """A finished run, as plain Python numbers."""

    epochs: int  # T
    losses: list[float]  # loss at w_t for every epoch t trained
    accuracies: list[float]
    diverged_at: int | None
    final_loss: float | None  # at w_T; None when the run diverged
    final_accuracy: float | None

    @property
    def trajectory(self) -> list[float]:
        """Every loss measured, w_0 … w_T (or up to the divergence)."""
        return self.losses + ([] if self.final_loss is None else [self.final_loss])

    @property
    def best_loss(self) -> float | None:
        return min(self.trajectory, default=None)

    def first_below(self, threshold: float) -> int | None:
        """The number of epochs trained when the loss first fell below `threshold` (None: never)."""
        return next((t for t, loss in enumerate(self.trajectory) if loss < threshold), None)


def _check_rates(rates: object) -> np.ndarray:
    try:
        out = np.array(rates, dtype=np.float64)
    except (TypeError, ValueError):
        raise ConfigError(f"rates={rates!r} is not allowed: give an array of rates, t = 0..T") from None
    if out.ndim != 1 or out.size < 1:
        raise ConfigError(f"rates of shape {out.shape} is not allowed: give a 1-D array of rates, t = 0..T")
    if not np.all((out >= 0) & (out < math.inf)):  # NaN fails both comparisons
        bad = out[~((out >= 0) & (out < math.inf))][0]
        raise ConfigError(f"rates containing {bad!r} is not allowed: each rate must be a finite number >= 0")
    out.flags.writeable = False
    return out


class TrainingRun:
    """The 2-64-64-3 network on the seed's spiral under `rates` (rate of epoch t is rates[t], t < T).

    `rates` is a curve, t = 0..T, or a `ReduceOnPlateau` controller with `epochs=T`: then the rate of
    epoch 0 is the controller's η₀ and, as in PyTorch's loop (train an epoch, then
    `scheduler.step(loss)`), the loss after epoch t−1 sets the rate of epoch t. After the last epoch
    the final loss is given to it too, so its `rates` end up T+1 long like a curve.

    >>> run = TrainingRun([0.5] * 11, seed=0)
    >>> run.advance(4), run.epoch, len(run.losses), run.done
    (4, 4, 4, False)
    >>> run.advance(100), run.done, run.final_loss < run.losses[0]
    (6, True, True)
    """

    def __init__(self, rates: object, seed: int = 0, *, epochs: int | None = None,
                 points_per_class: int = POINTS_PER_CLASS, sizes: tuple[int, ...] = mlp.SIZES) -> None:
        if isinstance(rates, ReduceOnPlateau):
            self.controller: ReduceOnPlateau | None = rates
            if len(rates.rates) != 1:
                raise ConfigError("a ReduceOnPlateau controller that has already taken steps cannot start a run")
            self._epochs = check_epochs(epochs)
            self._rates = None
        else:
            if epochs is not None:
                raise ConfigError(f"epochs={epochs!r} is only for a controller: a curve's T is len(rates) − 1")
            self.controller = None
            self._rates = _check_rates(rates)
            self._epochs = len(self._rates) - 1
        self.seed = check_seed(seed)
        self.X, self.y = spiral(points_per_class, self.seed)
        self.params = mlp.init(self.seed, sizes)
        self._work = mlp.Workspace(self.params, len(self.y))
        self.epoch = 0
        self.losses: list[float] = []
        self.accuracies: list[float] = []
        self.diverged_at: int | None = None
        self.final_loss: float | None = None
        self.final_accuracy: float | None = None
        self.source: object = None  # what the rates were taken from, for a caller to tell when to restart
        self._bound = math.inf
        if self.epochs == 0:
            self._finish()

    @property
    def epochs(self) -> int:
        """T, the number of epochs the run trains."""
        return self._epochs

    @property
    def rates(self) -> np.ndarray:
        """The curve, t = 0..T; under a controller, the rates it has set so far (it grows)."""
        if self.controller is not None:
            return np.array(self.controller.rates)
        return self._rates

    @property
    def done(self) -> bool:
        return self.diverged_at is not None or self.final_loss is not None

    def advance(self, n_epochs: int = 1, budget_s: float | None = None) -> int:
        """Train up to `n_epochs` more epochs; return how many were trained.

        Fewer at the end of the run, on divergence, or once `budget_s` seconds have gone by (at
        least one epoch is always trained while the run is not done). Where the run is cut makes
        no difference to the numbers: training in pieces equals training at once.
        """
        start = time.perf_counter()
        trained = 0
        while trained < n_epochs and not self.done:
            if budget_s is not None and trained and time.perf_counter() - start >= budget_s:
                break
            self._step()
            trained += 1
        return trained

    def _step(self) -> None:
        """One epoch: loss, gradient and accuracy at w_t, a divergence check, then w_t+1 = w_t − η_t·g."""
        measured = self._measured(lambda: mlp.loss_grads_accuracy(self.params, self.X, self.y, self._work))
        if measured is None:
            return
        loss, grads, accuracy = measured
        if self.epoch == 0:
            self._bound = BLOW_UP * loss
        self.losses.append(loss)
        self.accuracies.append(accuracy)
        if self.controller is None:
            eta = self._rates[self.epoch]
        else:  # the loss at w_t is the loss after epoch t−1: it sets the rate of epoch t
            eta = self.controller.step(loss) if self.epoch else self.controller.lr
        with np.errstate(all="ignore"):  # an overflow here is caught as a non-finite loss next epoch
            for p, g in zip(self.params, grads, strict=True):
                g *= eta
                p -= g
        self.epoch += 1
        if self.epoch == self.epochs:
            self._finish()

    def _finish(self) -> None:
        """Evaluate the weights after the last step."""
        measured = self._measured(lambda: mlp.evaluate(self.params, self.X, self.y))
        if measured is None:
            return
        self.final_loss, self.final_accuracy = measured
        if self.controller is not None:
            self.controller.step(self.final_loss)

    def _measured(self, measure: Callable[[], tuple]) -> tuple | None:
        """`measure()` (its first item the loss), or None with the run marked diverged at this
        epoch when the weights blew up or the loss passed the bound (NaN included)."""
        try:
            measured = measure()
        except mlp.Diverged:
            measured = None
        if measured is None or not (measured[0] <= self._bound):
            self.diverged_at = self.epoch
            return None
        return measured

    def result(self) -> Result:
        return Result(self.epochs, list(self.losses), list(self.accuracies), self.diverged_at,
                      self.final_loss, self.final_accuracy)

    def decision_grid(self, resolution: int = 64) -> np.ndarray:
        """The predicted class (uint8) over a resolution×resolution grid of [-EXTENT, EXTENT]²:
        row 0 is the top (y = +EXTENT), column 0 the left (x = −EXTENT), ready for an image.
        The data to draw on top are `X` and `y`."""
        if isinstance(resolution, bool) or not isinstance(resolution, int) or not 2 <= resolution <= 1024:
            raise ConfigError(f"resolution={resolution!r} is not allowed: whole numbers in [2, 1024]")
        axis = np.linspace(-EXTENT, EXTENT, resolution)
        gx, gy = np.meshgrid(axis, axis[::-1])
        grid = mlp.predict(self.params, np.column_stack((gx.ravel(), gy.ravel())))
        return grid.astype(np.uint8).reshape(resolution, resolution)


def train(rates: object, seed: int = 0, **options: object) -> Result:
    """A whole run at once (the same numbers as advancing a `TrainingRun` in pieces)."""
    run = TrainingRun(rates, seed, **options)  # type: ignore[arg-type]
    run.advance(run.epochs)
    return run.result()
