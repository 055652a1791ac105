"""Smith's learning-rate range test (Smith 2017, "Cyclical Learning Rates for Training Neural Networks").

From the seed's initial weights, take one optimizer step per rate while the rate rises
exponentially from LOW to HIGH over STEPS steps, each on the next mini-batch (the batches of an
epoch in the order `TrainingRun` draws, epoch after epoch; full batch: all the points every step).
The loss recorded beside rate η_i is the loss *after* the step taken at η_i (on the batch the next
step takes), so each loss belongs to the rate that produced it.

Smoothing: an exponential moving average, avg_i = β·avg_(i−1) + (1 − β)·loss_i with β = BETA,
divided by (1 − β^(i+1)) to correct the bias of starting from avg = 0.

Stop: as soon as a loss is not a finite number, or the smoothed loss is above STOP × the lowest
smoothed loss so far. The test is written `not (smoothed <= STOP * best)`, so a NaN stops it too
(every comparison with NaN is false; `smoothed > STOP * best` would let it through).

The suggestions: the four usual rules read the smoothed curve (`range_rules`: minimum/10, steepest,
valley, slide); `suggestion` is the recommended rule's (`range_rules.RECOMMENDED`, chosen and
measured in docs/range-test.md), which Enter in the window sets. Each is one of the tested rates
(minimum/10 a tenth of one, but never below the lowest tested).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrgame.engine.params import ConfigError
from lrgame.sim.network_choice import check_batch_size
from lrgame.sim.optimizer_choice import Optimizer, checked
from lrgame.sim.optimizers import SGD
from lrgame.train import mlp, range_rules
from lrgame.train.data import check_seed, spiral
from lrgame.train.run import batches, empty_state, optimizer_step

LOW, HIGH, STEPS = 1e-6, 10.0, 160
BETA = 0.9  # smoothing of the moving average
STOP = 4.0  # stop once the smoothed loss passes this many times the best


@dataclass(frozen=True)
class RangeResult:
    rates: np.ndarray  # the rates tried, up to (not including) the one that stopped the test
    losses: np.ndarray  # the loss after the step at each rate (all finite)
    smoothed: np.ndarray  # bias-corrected moving average of `losses`
    suggestion: float  # the suggested η₀, one of the tested range's values or between them
    reason: str  # the suggestion's reason, in plain words
    stopped_at: int | None  # index (into the full rate sweep) of the rate that stopped the test, if any
    at_minimum: float  # the rate at which the smoothed loss was lowest
    rules: dict[str, float]  # each rule's suggestion by `range_rules.RULES` name; `suggestion` is the recommended's


class _Smoother:
    """The moving average and the stop rule, one loss at a time."""

    def __init__(self, beta: float = BETA, stop: float = STOP) -> None:
        self.beta, self.stop = beta, stop
        self.avg, self.best, self.values = 0.0, float("inf"), []
        self.why: str | None = None

    def push(self, loss: float) -> bool:
        """Take the next loss; False (and `why` set) if it stops the test."""
        if not np.isfinite(loss):
            self.why = "the loss was not a finite number"
            return False
        self.avg = self.beta * self.avg + (1.0 - self.beta) * loss
        value = self.avg / (1.0 - self.beta ** (len(self.values) + 1))
        if not (value <= self.stop * self.best):  # NaN cannot slip past: the comparison is false
            self.why = f"the smoothed loss passed {self.stop:g}× its best"
            return False
        self.best = min(self.best, value)
        self.values.append(value)
        return True


def sweep(low: float = LOW, high: float = HIGH, steps: int = STEPS) -> np.ndarray:
    """The rates tried: low·(high/low)^(i/(steps−1)), i = 0..steps−1."""
    if not (0 < low < high < np.inf):
        raise ConfigError(f"low={low!r}, high={high!r} is not allowed: give 0 < low < high, both finite")
    if isinstance(steps, bool) or not isinstance(steps, int) or not 2 <= steps <= 100_000:
        raise ConfigError(f"steps={steps!r} is not allowed: whole numbers in [2, 100000]")
    return low * (high / low) ** (np.arange(steps) / (steps - 1))


class RangeTest:
    """The range test a few steps at a time (for a window); `range_test` runs it at once."""

    def __init__(self, seed: int = 0, low: float = LOW, high: float = HIGH, steps: int = STEPS,
                 batch_size: int | None = None, optimizer: Optimizer | None = None) -> None:
        self.rates = sweep(low, high, steps)
        self.seed = check_seed(seed)
        self.X, self.y = spiral(seed=self.seed)
        self.batch_size = len(self.y) if batch_size is None else check_batch_size(batch_size, len(self.y))
        self.optimizer: Optimizer = SGD() if optimizer is None else checked(optimizer)
        self.params = mlp.init(seed)
        self._state = empty_state(self.optimizer, self.params)
        self._batches = batches(self.X, self.y, self.batch_size, self.seed)
        self.losses: list[float] = []
        self.stopped_at: int | None = None
        self._smoother = _Smoother()
        self._i = 0
        try:
            self._loss, self._grads = mlp.loss_and_grads(self.params, *next(self._batches))
        except mlp.Diverged:  # cannot happen from He initial weights; stop cleanly if it ever does
            self.stopped_at = 0

    @property
    def done(self) -> bool:
        return self.stopped_at is not None or self._i == len(self.rates)

    def advance(self, n_steps: int = 1) -> None:
        """Take up to `n_steps` more steps of the sweep."""
        for _ in range(n_steps):
            if self.done:
                return
            optimizer_step(self.optimizer, self.params, self._grads, self._state, float(self.rates[self._i]), None)
            try:
                self._loss, self._grads = mlp.loss_and_grads(self.params, *next(self._batches))
            except mlp.Diverged:
                self._loss = float("nan")
            if not self._smoother.push(self._loss):
                self.stopped_at = self._i
                return
            self.losses.append(self._loss)
            self._i += 1

    def result(self) -> RangeResult:
        """The curves so far and the suggestion they give."""
        smoothed = np.array(self._smoother.values)
        n = len(smoothed)
        rates = self.rates[:n]
        stop = "" if self.stopped_at is None else (
            f" The test stopped at η = {self.rates[self.stopped_at]:.3g}: {self._smoother.why}.")
        if n == 0:
            low = float(self.rates[0])
            return RangeResult(rates, np.array([]), smoothed, low,
                               "no step could be measured, so the lowest rate is suggested." + stop,
                               self.stopped_at, low, dict.fromkeys(range_rules.RULES, low))
        best = int(np.argmin(smoothed))
        rules = {name: max(value, float(rates[0]))
                 for name, value in range_rules.suggestions(rates, smoothed, len(self.rates)).items()}
        chosen = range_rules.RECOMMENDED
        reason = f"The {range_rules.LABELS[chosen]} rule: {range_rules.REASONS[chosen]}."
        suggestion = rules[chosen]
        return RangeResult(rates, np.array(self.losses[:n]), smoothed, suggestion, reason + stop,
                           self.stopped_at, float(rates[best]), rules)


def range_test(seed: int = 0, low: float = LOW, high: float = HIGH, steps: int = STEPS,
               batch_size: int | None = None, optimizer: Optimizer | None = None) -> RangeResult:
    """The whole range test on the seed's spiral and initial weights."""
    test = RangeTest(seed, low, high, steps, batch_size, optimizer)
    test.advance(steps)
    return test.result()
