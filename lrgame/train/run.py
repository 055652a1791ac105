"""The network trained under a schedule, a few epochs at a time: mini-batches, an optimizer, a test set.

Each epoch the training set is cut into ⌈N/B⌉ mini-batches of B points (the last one smaller when B
does not divide N), in an order drawn afresh every epoch from the seed's own random stream (as a
PyTorch DataLoader with shuffle=True and drop_last=False); full batch (B ≥ N) takes one step on all
the points, in their order. Each batch is one optimizer step (`lrgame.sim.optimizers`, exact to
torch.optim) on the mean cross-entropy of its points.

`rates` is a schedule's curve as `schedules.curve` returns it, indexed by scheduler step:

- stepped per epoch (PyTorch's habit for most schedulers): t = 0..T, every batch of epoch t takes
  rates[t];
- stepped per batch (`per_batch=True`, the habit for one-cycle): k = 0..T·S, batch b of epoch t
  takes rates[t·S + b].

The last entry, the rate a scheduler holds after the run, is not used. `momenta`, when a schedule
drives the momentum (SGD's, or Adam's β₁), is indexed the same way.

The figures are measured at the weights w_t before epoch t and at w_T after the last one, on all N
training points and on the held-out test set (`data.held_out`):

    losses[t], accuracies[t], test_losses[t], test_accuracies[t]   at w_t (len == epochs trained)
    final_loss, final_accuracy, final_test_loss, final_test_accuracy at w_T (set when the run completes)

Divergence is a lesson, not a crash: at the first epoch whose training loss or a gradient is not a
finite number, or whose training loss is above BLOW_UP × the loss at w_0, the run stops and
`diverged_at` is that epoch; the loss that blew up is not recorded. Nothing non-finite ever comes out.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from lrgame.engine.numbers import check_epochs
from lrgame.engine.params import ConfigError
from lrgame.engine.plateau import ReduceOnPlateau
from lrgame.sim.network_choice import TRAIN_SIZE, check_batch_size
from lrgame.sim.optimizer_choice import Optimizer, checked, momentum_of
from lrgame.sim.optimizers import SGD, AdamState, SGDState, adam_step, sgd_step
from lrgame.train import mlp
from lrgame.train.data import POINTS_PER_CLASS, check_seed, held_out, spiral

BLOW_UP = 50.0  # a loss above this many times the initial one (≈1.1 for 3 classes) counts as diverged
EXTENT = 1.2  # the decision-region picture covers [-EXTENT, EXTENT]²; the data lie in the unit disc
SHUFFLE_STREAM = 3  # the mini-batches' order: random stream (seed, 3), apart from data and weights
MEASURE, BATCH, FINISH = "measure", "batch", "finish"  # the pieces of an epoch (`TrainingRun.piece`)
GRID_CHUNK = 1024  # points of the decision regions predicted at once: a piece of the picture, under a millisecond


def batches(X: np.ndarray, y: np.ndarray, batch_size: int, seed: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """The mini-batches, epoch after epoch without end, in the order a `TrainingRun` of this seed
    takes them (full batch: all the points, in their order, every time)."""
    order = np.random.default_rng([seed, SHUFFLE_STREAM])
    while True:
        if batch_size >= len(y):
            yield X, y
            continue
        rows = order.permutation(len(y))
        Xs, ys = X[rows], y[rows]
        for first in range(0, len(y), batch_size):
            yield Xs[first:first + batch_size], ys[first:first + batch_size]


def batches_per_epoch(batch_size: int, n: int = TRAIN_SIZE) -> int:
    """⌈N/B⌉: the optimizer steps one epoch takes."""
    return -(-n // batch_size)


@dataclass(frozen=True)
class Result:
    """A finished run, as plain Python numbers."""

    epochs: int  # T
    losses: list[float]  # training loss at w_t for every epoch t trained
    accuracies: list[float]
    diverged_at: int | None
    final_loss: float | None  # at w_T; None when the run diverged
    final_accuracy: float | None
    test_losses: list[float]  # on the held-out test set, at w_t
    test_accuracies: list[float]
    final_test_loss: float | None
    final_test_accuracy: float | None

    @property
    def trajectory(self) -> list[float]:
        """Every training loss measured, w_0 … w_T (or up to the divergence)."""
        return self.losses + ([] if self.final_loss is None else [self.final_loss])

    @property
    def best_loss(self) -> float | None:
        return min(self.trajectory, default=None)

    def first_below(self, threshold: float) -> int | None:
        """The number of epochs trained when the loss first fell below `threshold` (None: never)."""
        return next((t for t, loss in enumerate(self.trajectory) if loss < threshold), None)


def empty_state(hp: Optimizer, params: mlp.Params) -> list[SGDState | AdamState]:
    """The optimizer's state for every weight array before the first step."""
    return [SGDState() if isinstance(hp, SGD) else AdamState.zeros_like(p) for p in params]


def optimizer_step(hp: Optimizer, params: mlp.Params, grads: mlp.Params, states: list[SGDState | AdamState],
                   lr: float, momentum: float | None) -> None:
    """One step of `hp` on every weight array, replacing the arrays and their states in the lists."""
    with np.errstate(all="ignore"):  # an overflow here is caught as a non-finite loss next epoch
        for i, (p, g) in enumerate(zip(params, grads, strict=True)):
            if isinstance(hp, SGD):
                params[i], states[i] = sgd_step(p, g, states[i], hp, lr, momentum)
            else:
                params[i], states[i] = adam_step(p, g, states[i], hp, lr, momentum)


def _check_rates(rates: object, name: str = "rates") -> np.ndarray:
    try:
        out = np.array(rates, dtype=np.float64)
    except (TypeError, ValueError):
        raise ConfigError(f"{name}={rates!r} is not allowed: give an array of {name}, t = 0..T") from None
    if out.ndim != 1 or out.size < 1:
        raise ConfigError(f"{name} of shape {out.shape} is not allowed: give a 1-D array of {name}, t = 0..T")
    if not np.all((out >= 0) & (out < math.inf)):  # NaN fails both comparisons
        bad = out[~((out >= 0) & (out < math.inf))][0]
        raise ConfigError(f"{name} containing {bad!r} is not allowed: each must be a finite number >= 0")
    out.flags.writeable = False
    return out


class TrainingRun:
    """The 2-64-64-3 network on the seed's spiral under `rates` (see the module's docstring).

    `rates` is a curve or a `ReduceOnPlateau` controller with `epochs=T`: then the rate of epoch 0
    is the controller's η₀ and, as in PyTorch's loop (train an epoch, evaluate, then
    `scheduler.step(test_loss)`), the test loss after epoch t−1 sets the rate of epoch t: PyTorch's
    documented use of it is a validation loss. After the last epoch the final test loss is given
    to it too, so its `rates` end up T+1 long like a curve. A controller steps once an epoch.

    `batch_size` None is full batch; `optimizer` one of `lrgame.sim.optimizers`' records (plain SGD
    by default).

    >>> run = TrainingRun([0.5] * 11, seed=0)
    >>> run.advance(4), run.epoch, len(run.losses), run.done
    (4, 4, 4, False)
    >>> run.advance(100), run.done, run.final_loss < run.losses[0]
    (6, True, True)
    """

    def __init__(self, rates: object, seed: int = 0, *, epochs: int | None = None,
                 batch_size: object = None, optimizer: Optimizer | None = None, momenta: object = None,
                 per_batch: bool = False, points_per_class: int = POINTS_PER_CLASS,
                 sizes: tuple[int, ...] = mlp.SIZES) -> None:
        self.seed = check_seed(seed)
        self.X, self.y = spiral(points_per_class, self.seed)
        self.X_test, self.y_test = held_out(points_per_class, self.seed)
        n = len(self.y)
        self.batch_size = n if batch_size is None else check_batch_size(batch_size, n)
        self.batches = batches_per_epoch(self.batch_size, n)
        self.optimizer: Optimizer = SGD() if optimizer is None else checked(optimizer)
        self.per_batch = bool(per_batch)
        per_step = self.batches if self.per_batch else 1
        if isinstance(rates, ReduceOnPlateau):
            self.controller: ReduceOnPlateau | None = rates
            if len(rates.rates) != 1:
                raise ConfigError("a ReduceOnPlateau controller that has already taken steps cannot start a run")
            if self.per_batch:
                raise ConfigError("reduce-on-plateau steps once an epoch, after the test loss is measured: "
                                  "it cannot step per batch")
            self._epochs = check_epochs(epochs)
            self._rates = None
        else:
            if epochs is not None:
                raise ConfigError(f"epochs={epochs!r} is only for a controller: a curve's T is len(rates) − 1")
            self.controller = None
            self._rates = _check_rates(rates)
            if (len(self._rates) - 1) % per_step:
                raise ConfigError(f"rates of length {len(self._rates)} is not allowed: stepped per batch they "
                                  f"need T·{per_step} + 1 entries ({per_step} batches an epoch)")
            self._epochs = (len(self._rates) - 1) // per_step
        self.momenta = None if momenta is None else _check_rates(momenta, "momenta")
        if self.momenta is not None and (self._rates is None or len(self.momenta) != len(self._rates)):
            raise ConfigError("momenta must be as long as the rates: one momentum for every rate")
        self.params = mlp.init(self.seed, sizes)
        self._state = empty_state(self.optimizer, self.params)
        self._work = {}  # one workspace per batch length (the last batch may be shorter)
        self._order = np.random.default_rng([self.seed, SHUFFLE_STREAM])
        self.epoch = 0
        self.losses: list[float] = []
        self.accuracies: list[float] = []
        self.test_losses: list[float] = []
        self.test_accuracies: list[float] = []
        self.diverged_at: int | None = None
        self.final_loss: float | None = None
        self.final_accuracy: float | None = None
        self.final_test_loss: float | None = None
        self.final_test_accuracy: float | None = None
        self.source: object = None  # what the rates were taken from, for a caller to tell when to restart
        self.setting = ""  # the setting in words, for a heading (`recipe.Recipe.describe`)
        self._bound = math.inf
        self._left: Iterator[str] | None = None  # the rest of an epoch begun by `piece`
        self._next = MEASURE  # what the next piece of it does
        if self.epochs == 0:
            self._finish()

    @property
    def epochs(self) -> int:
        """T, the number of epochs the run trains."""
        return self._epochs

    @property
    def full_batch(self) -> bool:
        return self.batch_size >= len(self.y)

    @property
    def rates(self) -> np.ndarray:
        """The curve by scheduler step; under a controller, the rates it has set so far (it grows)."""
        if self.controller is not None:
            return np.array(self.controller.rates)
        return self._rates

    def epoch_rate(self, epoch: int) -> float:
        """The rate of epoch t's first batch (under a controller: the rate it set for that epoch)."""
        if self.controller is not None:
            return float(self.controller.rates[epoch])
        return float(self._rates[epoch * (self.batches if self.per_batch else 1)])

    def epoch_momentum(self, epoch: int) -> float:
        """The momentum (Adam's β₁) of epoch t's first batch: the schedule's when it drives it."""
        if self.momenta is None:
            return momentum_of(self.optimizer)
        return float(self.momenta[epoch * (self.batches if self.per_batch else 1)])

    @property
    def optimizer_state(self) -> list[SGDState | AdamState]:
        """The optimizer's state for each weight array, as of the weights now (read, never write)."""
        return self._state

    @property
    def done(self) -> bool:
        return self.diverged_at is not None or self.final_loss is not None

    @property
    def trained_to(self) -> int:
        """The last epoch t whose weights w_t have been measured (T once the run is done)."""
        return len(self.losses) - (self.final_loss is None)

    def figures(self, t: int) -> tuple[float, float, float]:
        """Training loss, test loss and test accuracy at w_t, t = 0 … `trained_to`."""
        if not 0 <= t <= self.trained_to:
            raise IndexError(f"epoch {t} has not been measured: 0 … {self.trained_to} have")
        if t == len(self.losses):
            return self.final_loss, self.final_test_loss, self.final_test_accuracy  # type: ignore[return-value]
        return self.losses[t], self.test_losses[t], self.test_accuracies[t]

    def advance(self, n_epochs: int = 1, budget_s: float | None = None, watch: Iterable[Watcher] = ()) -> int:
        """Train up to `n_epochs` more epochs; return how many were trained.

        Fewer at the end of the run, on divergence, or once `budget_s` seconds have gone by (at
        least one epoch is always trained while the run is not done). Where the run is cut makes
        no difference to the numbers: training in pieces equals training at once. Each of `watch`
        is shown the run at every epoch boundary passed: before each epoch and after the last.
        An epoch begun with `piece` is finished first, and counts as one.
        """
        watchers = tuple(watch)
        start = time.perf_counter()
        trained = 0
        while trained < n_epochs and not self.done:
            if budget_s is not None and trained and time.perf_counter() - start >= budget_s:
                break
            if self._left is None:
                for watcher in watchers:
                    watcher.observe(self)
                self._left = self._epoch()
            for _ in self._left:
                pass
            self._left = None
            trained += 1
        for watcher in watchers:
            watcher.observe(self)
        return trained

    # ---- a piece at a time (a window's idle time) ------------------------------------------------------

    @property
    def at_boundary(self) -> bool:
        """Between two epochs (no epoch begun by `piece` is left unfinished): where watchers look."""
        return self._left is None

    def next_piece(self) -> str | None:
        """What the next `piece` does: MEASURE (the figures on the training or the test set), BATCH
        (one optimizer step) or FINISH (the figures after the last epoch); None once the run is done."""
        if self._left is None:
            return None if self.done else MEASURE
        return self._next

    def piece(self) -> bool:
        """Train one piece of an epoch (see `next_piece`); True when it ended the epoch. The numbers
        are those of `advance`, piece for piece. Between pieces the run shows the epoch begun as
        measured (`trained_to` is its epoch) and its weights as they were before it: the new ones
        are kept aside until its last step, so a reader never sees half an epoch."""
        if self._left is None:
            if self.done:
                return False
            self._left = self._epoch()
            self._next = next(self._left)
        try:
            self._next = next(self._left)
        except StopIteration:
            self._left = None
            return True
        return False

    def _epoch(self) -> Iterator[str]:
        """One epoch: the figures at w_t and a divergence check, then ⌈N/B⌉ optimizer steps (and,
        after the last epoch, the final figures). Each `yield` names the piece that comes next;
        the piece is done when the generator is resumed."""
        yield MEASURE
        full_grads = None
        if self.full_batch:  # the full-batch gradient comes with the training loss: one pass serves both
            measured = self._measured(lambda: mlp.loss_grads_accuracy(self.params, self.X, self.y,
                                                                      self._workspace(len(self.y))))
            if measured is None:
                return
            loss, full_grads, accuracy = measured
        else:
            measured = self._measured(lambda: mlp.evaluate(self.params, self.X, self.y))
            if measured is None:
                return
            loss, accuracy = measured
        yield MEASURE
        test = self._measured(lambda: mlp.evaluate(self.params, self.X_test, self.y_test))
        if test is None:
            return
        if self.epoch == 0:
            self._bound = BLOW_UP * loss
        self.losses.append(loss)
        self.accuracies.append(accuracy)
        self.test_losses.append(test[0])
        self.test_accuracies.append(test[1])
        if self.controller is not None:  # the test loss at w_t is the one after epoch t−1: it sets epoch t's rate
            if self.epoch:
                self.controller.step(test[0])
        params, states = list(self.params), list(self._state)  # the epoch's new weights, kept aside until its end
        if full_grads is not None:
            self._update(params, states, full_grads, 0)
        else:
            order = self._order.permutation(len(self.y))
            X, y, size = self.X[order], self.y[order], self.batch_size  # batch b is rows b·B … b·B + B − 1
            for b, first in enumerate(range(0, len(y), size)):
                yield BATCH
                try:
                    _, grads = mlp.batch_gradient(params, X[first:first + size], y[first:first + size],
                                                  self._workspace(len(y[first:first + size])))
                except mlp.Diverged:
                    self.params, self._state = params, states
                    self.epoch += 1  # the weights after this epoch cannot be measured
                    self.diverged_at = self.epoch
                    return
                self._update(params, states, grads, b)
        self.params, self._state = params, states
        self.epoch += 1
        if self.epoch == self.epochs:
            yield FINISH
            self._finish()

    def _update(self, params: mlp.Params, states: list[SGDState | AdamState], grads: mlp.Params,
                batch: int) -> None:
        """One optimizer step on every weight array in `params` at this batch's rate (and momentum)."""
        k = self.epoch * self.batches + batch if self.per_batch else self.epoch
        lr = float(self.controller.lr) if self.controller is not None else float(self._rates[k])
        momentum = None if self.momenta is None else float(self.momenta[k])
        optimizer_step(self.optimizer, params, grads, states, lr, momentum)

    def _workspace(self, n: int) -> mlp.Workspace:
        if n not in self._work:
            self._work[n] = mlp.Workspace(self.params, n)
        return self._work[n]

    def _finish(self) -> None:
        """Evaluate the weights after the last step."""
        measured = self._measured(lambda: mlp.evaluate(self.params, self.X, self.y))
        if measured is None:
            return
        test = self._measured(lambda: mlp.evaluate(self.params, self.X_test, self.y_test))
        if test is None:
            return
        self.final_loss, self.final_accuracy = measured
        self.final_test_loss, self.final_test_accuracy = test
        if self.controller is not None:
            self.controller.step(self.final_test_loss)

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
                      self.final_loss, self.final_accuracy, list(self.test_losses), list(self.test_accuracies),
                      self.final_test_loss, self.final_test_accuracy)

    def decision_grid(self, resolution: int = 64) -> np.ndarray:
        """The decision regions at the weights now (see `decision_grid`); the data are `X` and `y`."""
        return decision_grid(self.params, resolution)

    def snapshot(self) -> Snapshot:
        """What training needs to go on from the weights now exactly (see `resumed`), at an epoch boundary."""
        if self._left is not None:
            raise RuntimeError("a snapshot is taken between epochs: this run is inside one")
        return Snapshot(self.epoch, tuple(p.copy() for p in self.params), copy.deepcopy(self._state),
                        self._order.bit_generator.state, self._bound, copy.deepcopy(self.controller))

    def resumed(self, snap: Snapshot) -> TrainingRun:
        """A copy of this run put back to `snap` (taken from this run): advancing it trains the very
        epochs this run trained from there, to the last bit. Its figures before the snapshot are
        this run's; nothing of this run is shared or changed."""
        run = copy.copy(self)
        run.epoch = snap.epoch
        run.params = [p.copy() for p in snap.params]
        run._state = copy.deepcopy(snap.state)
        run._order = copy.deepcopy(self._order)
        run._order.bit_generator.state = snap.order
        run._bound = snap.bound
        run.controller = copy.deepcopy(snap.controller)
        run._work = {}
        run._left = None
        for name in ("losses", "accuracies", "test_losses", "test_accuracies"):
            setattr(run, name, getattr(self, name)[:snap.epoch])
        run.diverged_at = run.final_loss = run.final_accuracy = run.final_test_loss = run.final_test_accuracy = None
        return run


class Watcher(Protocol):
    """Something shown a run at every epoch boundary of `TrainingRun.advance` (a sharpness log, snapshots)."""

    def observe(self, run: TrainingRun) -> None: ...


@dataclass(frozen=True)
class Snapshot:
    """A run's training state at the weights w_epoch: the weights, the optimizer's state, the
    shuffle stream's state, the divergence bound and the loss-driven controller (copies)."""

    epoch: int
    params: tuple[np.ndarray, ...]
    state: list[SGDState | AdamState]
    order: dict
    bound: float
    controller: ReduceOnPlateau | None

    @property
    def nbytes(self) -> int:
        """The memory its arrays take."""
        arrays = [*self.params, *(a for s in self.state for a in s if isinstance(a, np.ndarray))]
        return sum(a.nbytes for a in arrays)


def decision_grid(params: mlp.Params, resolution: int = 64) -> np.ndarray:
    """The predicted class (uint8) over a resolution×resolution grid of [-EXTENT, EXTENT]²:
    row 0 is the top (y = +EXTENT), column 0 the left (x = −EXTENT), ready for an image."""
    picture = Regions(params, resolution)
    while not picture.done:
        picture.piece()
    return picture.grid


class Regions:
    """The decision regions made a piece at a time (GRID_CHUNK points each), so a window can make
    them in its idle time; made at once they are `decision_grid`'s, which makes them this way."""

    def __init__(self, params: mlp.Params, resolution: int = 64) -> None:
        if isinstance(resolution, bool) or not isinstance(resolution, int) or not 2 <= resolution <= 1024:
            raise ConfigError(f"resolution={resolution!r} is not allowed: whole numbers in [2, 1024]")
        self.params = list(params)  # the arrays are never written in place: these weights stay these
        axis = np.linspace(-EXTENT, EXTENT, resolution)
        gx, gy = np.meshgrid(axis, axis[::-1])
        self._points = np.column_stack((gx.ravel(), gy.ravel()))
        self._classes = np.empty(resolution * resolution, dtype=np.uint8)
        self._made = 0
        self.resolution = resolution

    @property
    def done(self) -> bool:
        return self._made == len(self._points)

    def piece(self) -> None:
        """Predict the next GRID_CHUNK points."""
        end = min(self._made + GRID_CHUNK, len(self._points))
        self._classes[self._made:end] = mlp.predict(self.params, self._points[self._made:end])
        self._made = end

    @property
    def grid(self) -> np.ndarray:
        """The picture's classes, rows top to bottom (once `done`)."""
        return self._classes.reshape(self.resolution, self.resolution)


def train(rates: object, seed: int = 0, **options: object) -> Result:
    """A whole run at once (the same numbers as advancing a `TrainingRun` in pieces)."""
    run = TrainingRun(rates, seed, **options)  # type: ignore[arg-type]
    run.advance(run.epochs)
    return run.result()
