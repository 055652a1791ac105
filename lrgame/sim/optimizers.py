"""SGD, Adam and AdamW, step for step as torch.optim 2.13 takes them (numpy and the standard library only).

Each optimizer is one pure function `step(params, grad, state, hp, lr, …) -> (params, state)` on numpy
arrays of any shape (a 2-D point, a network's weight arrays); it never writes into its inputs. The rate
is an argument of every step, and so, when a schedule drives it, is SGD's momentum or Adam's β₁: a
schedule changes the rate every step, and one-cycle and cyclic overwrite momentum too (as PyTorch's
schedulers write into `param_groups`). `hp` holds the other hyperparameters under torch's names and
defaults; its `momentum` and `betas[0]` are what `torch.optim.X(...)` is given, the values a run keeps
unless a schedule drives them. (The rate is not among them: the schedule owns it, η₀ included.)

The ball's path takes millions of steps on one number, where a numpy call costs more than the
arithmetic: `scalar_stepper(hp)` is the same update on Python floats, operation for operation, so
its path equals the array step's to the last bit (tests/test_optimizers.py checks that).

The arithmetic follows `_single_tensor_sgd` and `_single_tensor_adam` operation by operation, in the
same order. All numpy cannot copy is that torch's CPU kernels fuse a multiply-add (one rounding where
numpy rounds twice) and that its sqrt may miss by an ulp: a step agrees to a few ulps, a 200-step
float64 path to ~1e-13 relative (and bit for bit when those two are emulated).

The stability limits (`heavy_ball_limit`, `nesterov_limit`, `max_stable_lr`) are those of SGD on a
quadratic f = s·x²/2; Adam has none of that form (see `adam_step`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import NamedTuple

import numpy as np

from lrgame.engine.params import ConfigError
from lrgame.engine.record import record


def _at_least_zero(name: str, value: float) -> None:
    if not value >= 0:  # also refuses NaN
        raise ConfigError(f"{name}={value!r} is not allowed: give a value ≥ 0")


def _beta(name: str, value: float) -> None:
    if not 0 <= value < 1:
        raise ConfigError(f"{name}={value!r} is not allowed: give a value in [0, 1)")


@record
class SGD:
    """torch.optim.SGD's hyperparameters but the rate (maximize off), checked as its constructor checks them."""

    momentum: float = 0.0
    dampening: float = 0.0
    weight_decay: float = 0.0
    nesterov: bool = False

    def __post_init__(self) -> None:
        _at_least_zero("momentum", self.momentum)
        _at_least_zero("weight_decay", self.weight_decay)
        if self.nesterov and not (self.momentum > 0 and self.dampening == 0):
            raise ConfigError(f"nesterov=True is not allowed with momentum={self.momentum!r}, "
                              f"dampening={self.dampening!r}: Nesterov needs momentum > 0 and dampening 0")


@record
class Adam:
    """torch.optim.Adam's hyperparameters but the rate (amsgrad and maximize off), checked as its
    constructor checks them. `decoupled_weight_decay` is torch 2.13's own switch that makes Adam into AdamW."""

    betas: tuple[float, float] = (0.9, 0.999)
    eps: float = 1e-8
    weight_decay: float = 0.0
    decoupled_weight_decay: bool = False

    def __post_init__(self) -> None:
        _at_least_zero("eps", self.eps)
        _beta("beta1", self.betas[0])
        _beta("beta2", self.betas[1])
        _at_least_zero("weight_decay", self.weight_decay)


@record
class AdamW(Adam):
    """torch.optim.AdamW: Adam with decoupled weight decay, whose default is 1e-2 rather than 0."""

    weight_decay: float = 1e-2
    decoupled_weight_decay: bool = True


class SGDState(NamedTuple):
    """The velocity b. None until the first step with momentum, which sets b = g (no dampening)."""

    momentum_buffer: np.ndarray | None = None


class AdamState(NamedTuple):
    """Steps taken t, first moment m and second moment v (both start at zero)."""

    step: int
    exp_avg: np.ndarray
    exp_avg_sq: np.ndarray

    @classmethod
    def zeros_like(cls, params: np.ndarray) -> AdamState:
        return cls(0, np.zeros_like(params), np.zeros_like(params))


def sgd_step(params: np.ndarray, grad: np.ndarray, state: SGDState, hp: SGD, lr: float,
             momentum: float | None = None) -> tuple[np.ndarray, SGDState]:
    """One step of SGD at rate η = `lr` and momentum β = `momentum` (default `hp.momentum`):

        g ← g + λ·p                                  (weight decay λ, coupled: it joins the gradient)
        b ← g on the first step, else β·b + (1 − d)·g   (dampening d spares the first step)
        g ← g + β·b with Nesterov, else g ← b
        p ← p − η·g

    With β = 0 the buffer is neither used nor changed, so this is plain gradient descent.
    """
    momentum = hp.momentum if momentum is None else momentum
    if hp.weight_decay != 0:
        grad = grad + hp.weight_decay * params
    if momentum != 0:
        buf = state.momentum_buffer
        buf = np.array(grad, copy=True) if buf is None else buf * momentum + (1 - hp.dampening) * grad
        grad = grad + momentum * buf if hp.nesterov else buf
        state = SGDState(buf)
    return params + -lr * grad, state


def _lerp(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """torch.lerp, from whichever end is nearer the weight (for accuracy, as ATen does)."""
    if abs(weight) < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)


def adam_step(params: np.ndarray, grad: np.ndarray, state: AdamState, hp: Adam, lr: float,
              beta1: float | None = None) -> tuple[np.ndarray, AdamState]:
    """One step of Adam (AdamW if `hp.decoupled_weight_decay`) at rate η = `lr` and β₁ = `beta1`
    (default `hp.betas[0]`):

        t ← t + 1
        p ← p·(1 − η·λ) for AdamW, else g ← g + λ·p
        m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
        p ← p − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)

    β₁ᵗ is the β₁ of this step to the power t, as in torch, even when a schedule has been changing β₁.
    The step is about η per coordinate whatever the curvature (m/√v is near ±1 for a steady gradient),
    so no bound on η·f″ separates converging from diverging: on f = s·x²/2 Adam hovers within about η
    of the floor at any η·s instead of blowing up.
    """
    beta1 = hp.betas[0] if beta1 is None else beta1
    beta2 = hp.betas[1]
    step = state.step + 1
    if hp.weight_decay != 0:
        if hp.decoupled_weight_decay:
            params = params * (1 - lr * hp.weight_decay)
        else:
            grad = grad + hp.weight_decay * params
    exp_avg = _lerp(state.exp_avg, grad, 1 - beta1)
    exp_avg_sq = state.exp_avg_sq * beta2 + (1 - beta2) * grad * grad
    step_size = lr / (1 - beta1**step)
    denom = np.sqrt(exp_avg_sq) / (1 - beta2**step) ** 0.5 + hp.eps
    return params + -step_size * exp_avg / denom, AdamState(step, exp_avg, exp_avg_sq)


Slope = Callable[[float], float]


class ScalarSGD:
    """`sgd_step` on one Python float, the same operations in the same order, run as a walk of many
    steps in one loop (a call per step would cost more than the step). The state is the velocity
    b, kept when there is momentum (None before the first step with it)."""

    __slots__ = ("buf", "dampening", "names", "nesterov", "weight_decay")

    def __init__(self, hp: SGD) -> None:
        self.weight_decay, self.dampening, self.nesterov = hp.weight_decay, hp.dampening, hp.nesterov
        self.buf: float | None = None
        self.names: tuple[str, ...] = ("velocity",) if hp.momentum != 0 else ()  # plain SGD keeps no state

    def walk(self, x: float, slope: Slope, kicks: Iterable[float], rates: Iterable[float],
             momenta: Iterable[float], floor: float, bound: float) -> Walk:
        """Steps with gradient slope(x) + kick at the given rates and momenta, while the position
        stays within `bound` of `floor` (a NaN does not)."""
        wd, keep, nesterov, buf = self.weight_decay, 1 - self.dampening, self.nesterov, self.buf
        xs: list[float] = []
        bufs: list[float] = []
        for lr, kick, momentum in zip(rates, kicks, momenta, strict=True):
            g = slope(x) + kick
            if wd != 0:
                g = g + wd * x
            if momentum != 0:
                buf = g if buf is None else buf * momentum + keep * g
                g = g + momentum * buf if nesterov else buf
            x = x + -lr * g
            if not abs(x - floor) <= bound:
                break
            xs.append(x)
            bufs.append(buf)  # type: ignore[arg-type]
        self.buf = buf
        return Walk(xs, [bufs] if self.names else [], x)


class ScalarAdam:
    """`adam_step` on one Python float, the same operations in the same order, as a walk like
    `ScalarSGD`'s. The state is the steps taken t and the moments m and v."""

    __slots__ = ("beta2", "decoupled", "eps", "m", "t", "v", "weight_decay")
    names = ("m", "v")

    def __init__(self, hp: Adam) -> None:
        self.beta2, self.eps, self.weight_decay = hp.betas[1], hp.eps, hp.weight_decay
        self.decoupled = hp.decoupled_weight_decay
        self.t, self.m, self.v = 0, 0.0, 0.0

    def walk(self, x: float, slope: Slope, kicks: Iterable[float], rates: Iterable[float],
             betas1: Iterable[float], floor: float, bound: float) -> Walk:
        """As `ScalarSGD.walk`, with β₁ for the momentum."""
        wd, decoupled, beta2, eps, sqrt = self.weight_decay, self.decoupled, self.beta2, self.eps, math.sqrt
        t, m, v = self.t, self.m, self.v
        xs: list[float] = []
        ms: list[float] = []
        vs: list[float] = []
        for lr, kick, beta1 in zip(rates, kicks, betas1, strict=True):
            g = slope(x) + kick
            t += 1
            if wd != 0:
                if decoupled:
                    x = x * (1 - lr * wd)
                else:
                    g = g + wd * x
            weight = 1 - beta1
            m = m + weight * (g - m) if abs(weight) < 0.5 else g - (g - m) * (1 - weight)  # `_lerp`
            v = v * beta2 + (1 - beta2) * g * g
            step_size = lr / (1 - beta1**t)
            denom = sqrt(v) / (1 - beta2**t) ** 0.5 + eps
            x = x + -step_size * m / denom
            if not abs(x - floor) <= bound:
                break
            xs.append(x)
            ms.append(m)
            vs.append(v)
        self.t, self.m, self.v = t, m, v
        return Walk(xs, [ms, vs], x)


class Walk(NamedTuple):
    """Positions after each step taken, the state after each (one list per name), and the last
    position reached: when fewer steps were taken than asked, the one that left the bound."""

    xs: list[float]
    states: list[list[float]]
    last: float


def scalar_stepper(hp: SGD | Adam) -> ScalarSGD | ScalarAdam:
    """A fresh optimizer for one float, starting from an empty state."""
    return ScalarSGD(hp) if isinstance(hp, SGD) else ScalarAdam(hp)


def heavy_ball_limit(momentum: float = 0.0, dampening: float = 0.0) -> float:
    """The largest stable η·s for SGD with heavy-ball momentum β and dampening d on f = s·x²/2.

    With u = η·b the step is the linear map (x, u) ↦ ((1 − c)·x − β·u, c·x + β·u), c = (1 − d)·η·s,
    whose eigenvalues solve z² − (1 + β − c)·z + β = 0; both lie inside the unit circle exactly when
    0 < c < 2(1 + β). So η·s < 2(1 + β)/(1 − d): 2 for plain SGD, 3.8 for β = 0.9. With β = 0 torch
    skips the buffer and dampening with it; d = 1 lets only the first gradient in, so no η diverges.
    """
    if momentum == 0:
        return 2.0
    return math.inf if dampening == 1 else 2 * (1 + momentum) / (1 - dampening)


def nesterov_limit(momentum: float) -> float:
    """The largest stable η·s for SGD with Nesterov momentum β on f = s·x²/2.

    With a = η·s and u = η·b the step is (x, u) ↦ ((1 − a(1 + β))·x − β²·u, a·x + β·u), whose
    eigenvalues solve z² − (1 + β)(1 − a)·z + β(1 − a) = 0. Jury's test holds exactly when
    (1 + β)·|1 − a| < 1 + β(1 − a), that is a < 2(1 + β)/(1 + 2β): 2 at β = 0, falling to 4/3 as
    β → 1, always below the heavy ball's 2(1 + β), because the look-ahead adds β·b to every step.
    """
    return 2 * (1 + momentum) / (1 + 2 * momentum)


def max_stable_lr(hp: SGD, sharpness: float, momentum: float | None = None) -> float:
    """The rate above which SGD with `hp` diverges on f = s·x²/2 with s = `sharpness`.

    Coupled weight decay λ turns the gradient s·x into (s + λ)·x, so the limit on η·s applies to
    η·(s + λ). `momentum` (default `hp.momentum`) is the one in force, which a schedule may drive.
    """
    momentum = hp.momentum if momentum is None else momentum
    product = nesterov_limit(momentum) if hp.nesterov else heavy_ball_limit(momentum, hp.dampening)
    return product / (sharpness + hp.weight_decay)


# ---- the same updates on a 2-D point of two Python floats (the landscape's path) ----

Gradient2 = Callable[[float, float], tuple[float, float]]
Box = tuple[float, float, float, float]  # xmin, xmax, ymin, ymax


class PairWalk(NamedTuple):
    """A walk on a point (x, y), as `Walk` is on one float: the positions after each step taken, the
    state after each (per name, the x and y parts: two lists), and the last point reached (when
    fewer steps were taken than asked, the one that left the box)."""

    xs: list[float]
    ys: list[float]
    states: list[tuple[list[float], list[float]]]
    last: tuple[float, float]


class PairSGD:
    """`sgd_step` on a point of two floats, the same operations in the same order on each
    coordinate (tests/test_optimizers.py checks the paths are equal to the last bit)."""

    __slots__ = ("bx", "by", "dampening", "names", "nesterov", "weight_decay")

    def __init__(self, hp: SGD) -> None:
        self.weight_decay, self.dampening, self.nesterov = hp.weight_decay, hp.dampening, hp.nesterov
        self.bx: float | None = None
        self.by: float | None = None
        self.names: tuple[str, ...] = ("velocity",) if hp.momentum != 0 else ()

    def walk(self, x: float, y: float, gradient: Gradient2, kx: Iterable[float], ky: Iterable[float],
             rates: Iterable[float], momenta: Iterable[float], box: Box) -> PairWalk:
        """Steps with gradient gradient(x, y) + (kx, ky) at the given rates and momenta, while the
        point stays in `box` (a NaN does not)."""
        wd, keep, nesterov, bx, by = self.weight_decay, 1 - self.dampening, self.nesterov, self.bx, self.by
        x0, x1, y0, y1 = box
        xs: list[float] = []
        ys: list[float] = []
        bxs: list[float] = []
        bys: list[float] = []
        for lr, dx, dy, momentum in zip(rates, kx, ky, momenta, strict=True):
            gx, gy = gradient(x, y)
            gx, gy = gx + dx, gy + dy
            if wd != 0:
                gx, gy = gx + wd * x, gy + wd * y
            if momentum != 0:
                if bx is None:
                    bx, by = gx, gy
                else:
                    bx, by = bx * momentum + keep * gx, by * momentum + keep * gy  # type: ignore[operator]
                if nesterov:
                    gx, gy = gx + momentum * bx, gy + momentum * by  # type: ignore[operator]
                else:
                    gx, gy = bx, by
            x, y = x + -lr * gx, y + -lr * gy
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                break
            xs.append(x)
            ys.append(y)
            bxs.append(bx)  # type: ignore[arg-type]
            bys.append(by)  # type: ignore[arg-type]
        self.bx, self.by = bx, by
        return PairWalk(xs, ys, [(bxs, bys)] if self.names else [], (x, y))


class PairAdam:
    """`adam_step` on a point of two floats, as `PairSGD` is `sgd_step`."""

    __slots__ = ("beta2", "decoupled", "eps", "mx", "my", "t", "vx", "vy", "weight_decay")
    names = ("m", "v")

    def __init__(self, hp: Adam) -> None:
        self.beta2, self.eps, self.weight_decay = hp.betas[1], hp.eps, hp.weight_decay
        self.decoupled = hp.decoupled_weight_decay
        self.t, self.mx, self.my, self.vx, self.vy = 0, 0.0, 0.0, 0.0, 0.0

    def walk(self, x: float, y: float, gradient: Gradient2, kx: Iterable[float], ky: Iterable[float],
             rates: Iterable[float], betas1: Iterable[float], box: Box) -> PairWalk:
        """As `PairSGD.walk`, with β₁ for the momentum."""
        wd, decoupled, beta2, eps, sqrt = self.weight_decay, self.decoupled, self.beta2, self.eps, math.sqrt
        t, mx, my, vx, vy = self.t, self.mx, self.my, self.vx, self.vy
        x0, x1, y0, y1 = box
        xs: list[float] = []
        ys: list[float] = []
        ms: tuple[list[float], list[float]] = ([], [])
        vs: tuple[list[float], list[float]] = ([], [])
        for lr, dx, dy, beta1 in zip(rates, kx, ky, betas1, strict=True):
            gx, gy = gradient(x, y)
            gx, gy = gx + dx, gy + dy
            t += 1
            if wd != 0:
                if decoupled:
                    x, y = x * (1 - lr * wd), y * (1 - lr * wd)
                else:
                    gx, gy = gx + wd * x, gy + wd * y
            weight = 1 - beta1
            if abs(weight) < 0.5:  # `_lerp`
                mx, my = mx + weight * (gx - mx), my + weight * (gy - my)
            else:
                mx, my = gx - (gx - mx) * (1 - weight), gy - (gy - my) * (1 - weight)
            vx, vy = vx * beta2 + (1 - beta2) * gx * gx, vy * beta2 + (1 - beta2) * gy * gy
            step_size = lr / (1 - beta1**t)
            correction = (1 - beta2**t) ** 0.5
            x = x + -step_size * mx / (sqrt(vx) / correction + eps)
            y = y + -step_size * my / (sqrt(vy) / correction + eps)
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                break
            xs.append(x)
            ys.append(y)
            ms[0].append(mx)
            ms[1].append(my)
            vs[0].append(vx)
            vs[1].append(vy)
        self.t, self.mx, self.my, self.vx, self.vy = t, mx, my, vx, vy
        return PairWalk(xs, ys, [ms, vs], (x, y))


def pair_stepper(hp: SGD | Adam) -> PairSGD | PairAdam:
    """A fresh optimizer for a 2-D point, starting from an empty state."""
    return PairSGD(hp) if isinstance(hp, SGD) else PairAdam(hp)
