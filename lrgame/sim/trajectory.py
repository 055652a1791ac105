"""The ball's path: honest gradient descent, one position per step (numpy and the standard library only).

    x_{t+1} = x_t − η(t) · (f′(x_t) + ξ_t),    x_0 = valley.start_x,    ξ_t = noise · z(seed, t)

That is plain SGD, the default. Under another optimizer (`lrgame.sim.optimizers`: SGD with momentum,
dampening, Nesterov or weight decay, Adam, AdamW) the gradient g_t = f′(x_t) + ξ_t goes into torch's
update for it instead, at rate η(t) and, when the schedule drives it, momentum (or β₁) β(t); the
optimizer's state after each step (the velocity, or Adam's moments) is kept beside the position.

z(seed, t) is a standard normal that depends on (seed, t) alone:
``numpy.random.default_rng([seed, t // CHUNK]).standard_normal(CHUNK)[t % CHUNK]``. So a replay, a
rewind, a second ball or another schedule meets the same gusts of noise at step t, and only the
rates make the paths differ.

The path is computed lazily, one chunk of CHUNK steps at a time, as far as someone asks: a run of a
million steps costs nothing until its late steps are looked at. `advance` computes a bounded
number of chunks, so a window can catch up with a far step over several frames without a stall.
(A loss-driven path costs several times more per step, so its "chunk" is a fraction of one.)
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np

from lrgame.sim.optimizer_choice import Optimizer, is_plain, momentum_of
from lrgame.sim.optimizers import SGD, Walk, scalar_stepper
from lrgame.sim.valley import DEFAULT_NOISE, Valley

CHUNK = 4096
ESCAPE = 50.0  # the ball has flown out when it is this many half-widths of the domain from the floor
# z(0, 0), the default seed's first draw: the only one the first frame shows (the readout's noise at
# step 0), known here so that frame does not wait for numpy.random's import (~9 ms of a ~300 ms
# start). tests/test_trajectory.py checks it is the draw.
FIRST_SEED, FIRST_Z = 0, 0.1257302210933933


def _draws(seed: int, chunk: int) -> np.ndarray:
    """z for the steps of one chunk: a fixed function of (seed, chunk), no global RNG state."""
    return np.random.default_rng([seed, chunk]).standard_normal(CHUNK)


class Trajectory:
    """Positions x_0..x_N of the ball under `rates` (the rate of each step 0..N, so N = `steps` = len − 1).

    x_N is where the last step, N − 1, leaves the ball. If the ball flies out (farther than
    ESCAPE half-widths of the domain from the floor, or not a finite number) at step t,
    `diverged_at` becomes t and the ball stays at the escape point, clipped to that distance on the
    side it left by: divergence is a lesson to show, so no NaN or inf ever comes out.

    `optimizer` (default plain SGD) takes the steps, with `momenta[t]` its momentum or β₁ at step t
    when a schedule drives it (else its own); `start` replaces the valley's starting point.
    """

    stride = CHUNK  # steps computed at a time (`advance` counts these)

    def __init__(
        self, valley: Valley, rates: np.ndarray, noise: float = DEFAULT_NOISE, seed: int = 0,
        optimizer: Optimizer | None = None, momenta: np.ndarray | None = None, start: float | None = None,
    ) -> None:
        # A private copy: the path is computed later, and must not change if the caller's array does.
        self._rates = np.array(rates, dtype=np.float64)
        if self._rates.ndim != 1 or self._rates.size == 0:
            raise ValueError(f"rates must be a non-empty 1-D array, got shape {self._rates.shape}")
        self.valley = valley
        self.noise = float(noise)
        self.seed = int(seed)
        if self.seed < 0:
            raise ValueError(f"seed={seed!r} must be a whole number >= 0 (it seeds numpy's SeedSequence)")
        self.steps = self._rates.size - 1  # T·S: T epochs of S steps
        lo, hi = valley.domain
        self._bound = ESCAPE * (hi - lo) / 2.0
        self._x = np.empty(self.steps + 1)  # untouched pages cost no memory until they are written
        self._x[0] = valley.start_x if start is None else float(start)
        self._loss = np.empty(self.steps + 1)
        self._loss[0] = valley.f(self._x[0])
        self._done = 0  # x_0.._done are computed
        self._diverged_at: int | None = None
        self._kicks: tuple[int, np.ndarray] | None = None  # (chunk, its draws): see `kick`
        self.optimizer = optimizer
        self._stepper = None if optimizer is None or (is_plain(optimizer) and momenta is None) else (
            scalar_stepper(optimizer))
        if momenta is not None:
            momenta = np.array(momenta, dtype=np.float64)
            if momenta.shape != self._rates.shape:
                raise ValueError(f"momenta must give one momentum per rate: shape {momenta.shape}, "
                                 f"rates {self._rates.shape}")
        self.momenta = momenta
        self._momentum = 0.0 if optimizer is None else momentum_of(optimizer)
        names = () if self._stepper is None else self._stepper.names
        self._state = np.zeros((self.steps + 1, len(names)))  # the optimizer's state after each step
        self.state_names: tuple[str, ...] = names
        if self._stepper is not None:  # a step costs 1.5 (SGD) to 3 (Adam) plain ones: a catch-up tick stays short
            self.stride = CHUNK // (2 if isinstance(optimizer, SGD) else 4)

    @property
    def diverged_at(self) -> int | None:
        """The first step whose position escaped, among the steps computed so far (see `ensure`)."""
        return self._diverged_at

    @property
    def computed(self) -> int:
        """The last step whose position is known without further work."""
        return self._done

    def ensure(self, t: int) -> None:
        """Compute the path at least up to x_t."""
        self._check(t)
        while self._done < t:
            self._extend()

    def advance(self, t: int, chunks: int) -> int:
        """Compute toward x_t, at most `chunks` chunks now; return how far the path is known."""
        self._check(t)
        for _ in range(chunks):
            if self._done >= t:
                break
            self._extend()
        return min(self._done, t)

    def x(self, t: int) -> float:
        self.ensure(t)
        return float(self._x[t])

    def loss(self, t: int) -> float:
        return float(self.valley.f(self.x(t)))

    def slope(self, t: int) -> float:
        return float(self.valley.df(self.x(t)))

    def kick(self, t: int) -> float:
        """ξ_t = noise · z(seed, t): what the noise adds to the slope at step t, the same draw the
        path took. The last chunk's draws are kept, so a readout asking every frame costs nothing."""
        self._check(t)
        if t == 0 and self.seed == FIRST_SEED:
            return self.noise * FIRST_Z
        chunk = t // CHUNK
        if self._kicks is None or self._kicks[0] != chunk:
            self._kicks = (chunk, _draws(self.seed, chunk))
        return self.noise * float(self._kicks[1][t % CHUNK])

    def xs(self, upto: int) -> np.ndarray:
        """x_0..x_upto, a read-only view of the stored path."""
        self.ensure(upto)
        view = self._x[: upto + 1]
        view.flags.writeable = False
        return view

    def losses(self, upto: int) -> np.ndarray:
        """f(x_0)..f(x_upto), computed with the positions (so a long trace costs no extra work)."""
        self.ensure(upto)
        view = self._loss[: upto + 1]
        view.flags.writeable = False
        return view

    def state(self, t: int) -> dict[str, float]:
        """The optimizer's state after t steps, by name ({} for plain SGD, which keeps none): the
        velocity b of SGD with momentum, or Adam's moments m and v."""
        self.ensure(t)
        return dict(zip(self.state_names, self._state[t].tolist(), strict=True))

    def momentum(self, t: int) -> float:
        """The momentum (or β₁) of step t: the schedule's when it drives it, else the optimizer's."""
        self._check(t)
        return self._momentum if self.momenta is None else float(self.momenta[t])

    @property
    def rates_known(self) -> int:
        """The last step whose rate is known: every one, for a curve given in advance."""
        return self.steps

    def rate(self, t: int) -> float:
        """The rate of step t (computing the path that far first, if the rate depends on it)."""
        self._check(t)
        if t > self.rates_known:
            self.ensure(t)
        return float(self._rates[t])

    def rates(self, upto: int) -> np.ndarray:
        """The rates of steps 0..upto, a read-only view (the path is computed that far if need be)."""
        self._check(upto)
        if upto > self.rates_known:
            self.ensure(upto)
        view = self._rates[: upto + 1]
        view.flags.writeable = False
        return view

    def _check(self, t: int) -> None:
        if not 0 <= t <= self.steps:
            raise IndexError(f"step {t} is outside this run: give 0..{self.steps}")

    def _extend(self) -> None:
        """Compute the next stride (never across a chunk of draws): steps lo..hi−1, giving x_{lo+1}..x_hi."""
        lo = self._done
        first = lo % CHUNK
        hi = min(lo + self.stride, lo - first + CHUNK, self.steps)
        if self._diverged_at is None:
            kicks = (self.noise * _draws(self.seed, lo // CHUNK)[first : first + hi - lo]).tolist()
            self._x[lo + 1 : hi + 1] = self._descend(float(self._x[lo]), kicks, lo)
        else:
            self._x[lo + 1 : hi + 1] = self._x[lo]
            self._state[lo + 1 : hi + 1] = self._state[lo]
        self._loss[lo + 1 : hi + 1] = self.valley.f(self._x[lo + 1 : hi + 1])
        self._done = hi

    def _escape(self, x: float) -> float:
        """Where a ball that flew out is kept: ESCAPE half-widths out, on the side it left by."""
        floor = self.valley.floor_x
        return floor + math.copysign(self._bound, x - floor)

    def _descend(self, x: float, kicks: list[float], lo: int) -> list[float]:
        """Steps lo.. themselves, over Python floats: a plain loop is the fastest way
        to run a recurrence, and Python float arithmetic never warns on overflow."""
        if self._stepper is not None:
            return self._descend_with_optimizer(x, kicks, lo)
        floor, bound, df = self.valley.floor_x, self._bound, self.valley.scalar_slope()
        rates = self._rates[lo : lo + len(kicks)].tolist()
        out: list[float] = []
        for i, (eta, kick) in enumerate(zip(rates, kicks, strict=True)):
            x = x - eta * (df(x) + kick)
            if not abs(x - floor) <= bound:  # also catches NaN
                self._diverged_at = lo + i + 1
                return out + [self._escape(x)] * (len(rates) - i)
            out.append(x)
        return out

    def _momenta(self, lo: int, n: int) -> list[float]:
        if self.momenta is None:
            return [self._momentum] * n
        return self.momenta[lo : lo + n].tolist()

    def _descend_with_optimizer(self, x: float, kicks: list[float], lo: int) -> list[float]:
        """`_descend` through the optimizer's update on floats (`ScalarSGD`, `ScalarAdam`), its state
        kept after every step; after a flight out the state stays where it was."""
        n = len(kicks)
        walk = self._stepper.walk(x, self.valley.scalar_slope(), kicks, self._rates[lo : lo + n].tolist(),
                                  self._momenta(lo, n), self.valley.floor_x, self._bound)
        return self._took(walk, lo, n)

    def _took(self, walk: Walk, lo: int, n: int) -> list[float]:
        """Positions and states of steps lo..lo+n−1 from a walk that may have stopped early (flown out)."""
        k = len(walk.xs)
        for column, values in enumerate(walk.states):
            self._state[lo + 1 : lo + 1 + k, column] = values
        self._state[lo + 1 + k : lo + 1 + n] = self._state[lo + k]
        if k < n:
            self._diverged_at = lo + k + 1
            return walk.xs + [self._escape(walk.last)] * (n - k)
        return walk.xs


class Controller(Protocol):
    """A rate that listens to a loss, as `lrgame.engine.plateau.ReduceOnPlateau` does."""

    lr: float

    def step(self, metric: float) -> float: ...


class LossDrivenTrajectory(Trajectory):
    """The path when the rate listens to the ball's loss, so no rate is known before the path.

    `controller` (a fresh `ReduceOnPlateau`, or any `Controller`) sets the rate: η of step 0 is
    its `lr`; after every `steps_per_epoch` steps it is given the loss f(x) where the ball stands,
    and its answer is the rate of the next epoch (PyTorch's loop: train an epoch, then
    `scheduler.step(loss)`). The last position is given to it too, so the rates end up as long as
    the positions. Everything is computed lazily with the same noise, so a seed always gives the
    same path and rates. After the ball flies out the controller hears nothing more: the rate
    stays where it was, as a training run stops at divergence.
    """

    def __init__(self, valley: Valley, controller: Controller, steps: int, steps_per_epoch: int = 1,
                 noise: float = DEFAULT_NOISE, seed: int = 0, optimizer: Optimizer | None = None,
                 start: float | None = None) -> None:
        if steps < 1 or steps_per_epoch < 1 or steps % steps_per_epoch:
            raise ValueError(f"{steps=} must be a positive multiple of {steps_per_epoch=}")
        # The rates are filled in as the path grows.
        super().__init__(valley, np.zeros(steps + 1), noise, seed, optimizer, start=start)
        self.stride = CHUNK // 2  # about 6 ms of work: a catch-up tick stays short
        self.controller = controller
        self.steps_per_epoch = steps_per_epoch
        self._rates[0] = controller.lr

    @property
    def rates_known(self) -> int:
        """The rates are known exactly as far as the path."""
        return self._done

    def _descend(self, x: float, kicks: list[float], lo: int) -> list[float]:
        floor, bound, df, f = self.valley.floor_x, self._bound, self.valley.scalar_slope(), self.valley.scalar_loss()
        per, step = self.steps_per_epoch, self.controller.step
        eta = float(self._rates[lo])
        if self._stepper is not None:
            return self._epochs_with_optimizer(x, kicks, lo, eta)
        out: list[float] = []
        rates: list[float] = []
        for i, kick in enumerate(kicks):
            x = x - eta * (df(x) + kick)
            t = lo + i + 1
            if not abs(x - floor) <= bound:  # also catches NaN
                self._diverged_at = t
                self._rates[lo + 1 : t] = rates
                self._rates[t:] = eta
                return out + [self._escape(x)] * (len(kicks) - i)
            if t % per == 0:
                eta = step(f(x))
            out.append(x)
            rates.append(eta)
        self._rates[lo + 1 : lo + 1 + len(rates)] = rates
        return out

    def _epochs_with_optimizer(self, x: float, kicks: list[float], lo: int, eta: float) -> list[float]:
        """`_descend` through the optimizer: a walk to each epoch's end at that epoch's rate, then
        the controller hears the loss there and sets the next rate."""
        floor, bound, df, f = self.valley.floor_x, self._bound, self.valley.scalar_slope(), self.valley.scalar_loss()
        per, n, done = self.steps_per_epoch, len(kicks), 0
        out: list[float] = []
        while done < n:
            t = lo + done
            m = min(n - done, per - t % per)
            walk = self._stepper.walk(x, df, kicks[done : done + m], [eta] * m, [self._momentum] * m, floor, bound)
            taken = self._took(walk, t, m)
            self._rates[t + 1 : t + 1 + m] = eta
            out += taken
            done += m
            if self._diverged_at is not None:
                self._rates[t + m + 1 :] = eta
                return out + [taken[-1]] * (n - done)
            x = taken[-1]
            if (t + m) % per == 0:
                eta = self.controller.step(f(x))
                self._rates[t + m] = eta
        return out
