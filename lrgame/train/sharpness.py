"""The training loss's sharpness: the largest eigenvalue of its Hessian, for the edge of stability.

Cohen et al. (2021, "Gradient Descent on Neural Networks Typically Occurs at the Edge of
Stability") found that full-batch gradient descent at a constant rate η raises the sharpness until
it reaches 2/η, the limit past which a quadratic of that curvature diverges, and then hovers there.
This module measures it on the network of `mlp`, numpy only:

- `Curvature(params, X, y).hvp(v)` is the exact Hessian-vector product H·v of the mean
  cross-entropy (Pearlmutter's R-operator: one forward and one backward pass of directional
  derivatives over the stored ordinary ones, no finite differences). ReLU's second derivative is
  zero wherever it exists, so the product is exact away from the kinks; a unit exactly on its kink
  (at the initial weights, whose biases are 0, the spiral's centre point) takes slope 0 there, as
  the gradient of `mlp` does.
- `top_eigen(product, start)` is the largest *algebraic* eigenvalue by Lanczos with full
  reorthogonalisation: the top Ritz value of the Krylov space, stopped when its residual is small.
  (Power iteration would find the eigenvalue of largest magnitude, which early in training can be
  a negative one.) Started from the last eigenvector it converges in a few products.
- `Sharpness` follows a run: `measure(params)` warm-starts from its last eigenvector.
- `preconditioned` is Adam's version (Cohen et al., 2022, "Adaptive Gradient Methods at the Edge of
  Stability"): the largest eigenvalue of P⁻¹H, with Adam's preconditioner P, whose limit is
  (2 + 2β₁)/((1 − β₁)·η).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lrgame.engine.numbers import whole_in
from lrgame.sim.optimizers import SGD, heavy_ball_limit, nesterov_limit
from lrgame.train import mlp
from lrgame.train.run import TrainingRun

TOLERANCE = 1e-3  # stop when the residual ‖Hx − θx‖ is below this share of |θ| (the value is then good to
# about 1e-6: the error of a Ritz value goes as the residual squared over the gap to the next eigenvalue)
MAX_STEPS = 60  # Lanczos steps at most (the network has 4,547 weights; 60 is plenty for the top one)
WARM_NOISE = 1e-2  # share of a fixed random vector mixed into a warm start, so a new top direction is seen


def flatten(arrays: mlp.Params) -> np.ndarray:
    """All the arrays as one vector, in order (the layout `unflatten` undoes)."""
    return np.concatenate([a.ravel() for a in arrays])


def unflatten(vector: np.ndarray, like: mlp.Params) -> mlp.Params:
    """Views of `vector` shaped as the arrays of `like`."""
    out, at = [], 0
    for a in like:
        out.append(vector[at:at + a.size].reshape(a.shape))
        at += a.size
    return out


class Curvature:
    """The Hessian of the mean cross-entropy at one set of weights, as a product with any vector.

    The forward pass and the ordinary backward pass of the deltas are done once here; each `hvp`
    then costs about two gradients (a forward and a backward pass of directional derivatives, R-operator style):

        R(z_l) = R(h_{l−1})·W_l + h_{l−1}·V_l + v_l,   R(h_l) = [z_l > 0]·R(z_l),   R(h_0) = 0
        R(δ_L) = (p ⊙ R(s) − p·⟨p, R(s)⟩)/n           (softmax cross-entropy's curvature)
        H·V_l = R(h_{l−1})ᵀ·δ_l + h_{l−1}ᵀ·R(δ_l),    H·v_l = Σ_rows R(δ_l)
        R(δ_{l−1}) = (R(δ_l)·W_lᵀ + δ_l·V_lᵀ) ⊙ [z_{l−1} > 0]

    where δ_l = ∂L/∂z_l from the ordinary backward pass and (V_l, v_l) is the direction's part for
    layer l's weights and biases. Raises `mlp.Diverged` if the weights give a non-finite loss.
    """

    def __init__(self, params: mlp.Params, X: np.ndarray, y: np.ndarray) -> None:
        self.params = [np.array(p, dtype=np.float64) for p in params]
        self.size = sum(p.size for p in self.params)
        n = len(y)
        with np.errstate(all="ignore"):
            acts, scores = mlp._forward(self.params, X)
            shifted = scores - scores.max(axis=1, keepdims=True)
            p = np.exp(shifted)
            total = p.sum(axis=1, keepdims=True)
            self.loss = float(np.mean(np.log(total[:, 0]) - shifted[np.arange(n), y]))
            p /= total
            self.acts = [a.copy() for a in acts]  # h_0 = X, h_1, …, h_{L−1}
            self.masks = [a > 0 for a in self.acts[1:]]  # [z_l > 0] for the hidden layers
            self.p = p
            d = p.copy()
            d[np.arange(n), y] -= 1.0
            d /= n
            deltas = [d]
            for layer in range(len(self.params) // 2 - 1, 0, -1):
                d = (d @ self.params[2 * layer].T) * self.masks[layer - 1]
                deltas.append(d)
            self.deltas = deltas[::-1]  # δ_1 … δ_L
        if not (np.isfinite(self.loss) and np.isfinite(p).all()):
            raise mlp.Diverged("the loss is not a finite number")
        self.n = n

    def hvp(self, vector: np.ndarray) -> np.ndarray:
        """H·v for a flat vector v (the layout of `flatten`), as a flat vector."""
        V = unflatten(np.asarray(vector, dtype=np.float64), self.params)
        layers = len(self.params) // 2
        with np.errstate(all="ignore"):
            r_h = None  # R(h_0) = 0
            r_hs = [None]
            for layer in range(layers):
                r_z = self.acts[layer] @ V[2 * layer] + V[2 * layer + 1]
                if r_h is not None:
                    r_z += r_h @ self.params[2 * layer]
                if layer < layers - 1:
                    r_h = r_z * self.masks[layer]
                    r_hs.append(r_h)
            r_s = r_z
            r_d = (self.p * r_s - self.p * np.sum(self.p * r_s, axis=1, keepdims=True)) / self.n
            out: list[np.ndarray] = [None] * len(self.params)  # type: ignore[list-item]
            for layer in range(layers - 1, -1, -1):
                d = self.deltas[layer]
                hw = self.acts[layer].T @ r_d
                if r_hs[layer] is not None:
                    hw += r_hs[layer].T @ d
                out[2 * layer], out[2 * layer + 1] = hw, r_d.sum(axis=0)
                if layer:
                    W, VW = self.params[2 * layer], V[2 * layer]
                    r_d = (r_d @ W.T + d @ VW.T) * self.masks[layer - 1]
            result = flatten(out)
        if not np.all(np.isfinite(result)):
            raise mlp.Diverged("a Hessian-vector product is not a finite number")
        return result


@dataclass(frozen=True)
class Eigen:
    """The top eigenpair found, and what finding it cost."""

    value: float  # the largest algebraic eigenvalue (the top Ritz value)
    vector: np.ndarray  # its unit eigenvector (Ritz vector)
    products: int  # Hessian-vector products taken
    residual: float  # ‖H·vector − value·vector‖


def _random_unit(size: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng([seed, 2]).standard_normal(size)
    return v / np.linalg.norm(v)


def top_eigen(product: Callable[[np.ndarray], np.ndarray], size: int, start: np.ndarray | None = None, *,
              tolerance: float = TOLERANCE, max_steps: int = MAX_STEPS) -> Eigen:
    """The largest algebraic eigenvalue of the symmetric operator `product` (size × size) by Lanczos.

    The Krylov space of `start` (a fixed random vector when None) is built one product at a time
    with full reorthogonalisation (at this size its cost is nothing beside a product); after each
    step the tridiagonal matrix's top eigenpair gives the Ritz pair, whose residual is exactly
    |β_k·s_k| (β_k the next off-diagonal, s_k the eigenvector's last entry). It stops when that is
    at most `tolerance`·|θ|, when the space is invariant (β_k = 0), or after `max_steps` products.
    A warm start gets WARM_NOISE of a fixed random vector mixed in, so that a direction in which the
    Hessian has just grown past the old top one is in the space from the first step.
    """
    if start is None:
        q = _random_unit(size)
    else:
        q = start / np.linalg.norm(start) + WARM_NOISE * _random_unit(size)
        q /= np.linalg.norm(q)
    basis = np.empty((min(max_steps, size) + 1, size))
    basis[0] = q
    alphas: list[float] = []
    betas: list[float] = []
    steps = 0
    while True:
        w = product(basis[steps])
        steps += 1
        alphas.append(float(basis[steps - 1] @ w))
        k = steps
        w -= basis[:k].T @ (basis[:k] @ w)  # full reorthogonalisation, twice is enough
        w -= basis[:k].T @ (basis[:k] @ w)
        beta = float(np.linalg.norm(w))
        T = np.diag(alphas) + np.diag(betas, 1) + np.diag(betas, -1)
        values, vectors = np.linalg.eigh(T)
        theta, s = float(values[-1]), vectors[:, -1]
        residual = abs(beta * s[-1])
        if residual <= tolerance * abs(theta) or beta <= 1e-14 * max(1.0, abs(theta)) or k == len(basis) - 1:
            vector = basis[:k].T @ s
            return Eigen(theta, vector / np.linalg.norm(vector), steps, residual)
        basis[k] = w / beta
        betas.append(beta)


def preconditioner(exp_avg_sq: np.ndarray, step: int, beta1: float, beta2: float, eps: float) -> np.ndarray:
    """The diagonal of Adam's preconditioner P after `step` steps (Cohen et al., 2022):

        P = (1 − β₁ᵗ)·(√(v / (1 − β₂ᵗ)) + ε)

    so that Adam's step is η·P⁻¹·m, m the first moment before bias correction; on a quadratic with
    Hessian H, Adam with a frozen P is heavy-ball momentum on P⁻¹H, stable while its top eigenvalue
    stays below (2 + 2β₁)/((1 − β₁)·η).
    """
    return (1 - beta1**step) * (np.sqrt(exp_avg_sq / (1 - beta2**step)) + eps)


def adam_limit(lr: float, beta1: float) -> float:
    """The preconditioned sharpness at which Adam at rate η with β₁ turns unstable: (2 + 2β₁)/((1 − β₁)·η)."""
    return (2 + 2 * beta1) / ((1 - beta1) * lr)


class Sharpness:
    """The sharpness of one training set's loss followed along a run, each measure warm-started from
    the last eigenvector (two measures at nearby weights take a few products, not a cold start's tens)."""

    def __init__(self, X: np.ndarray, y: np.ndarray, *, tolerance: float = TOLERANCE) -> None:
        self.X, self.y, self.tolerance = X, y, tolerance
        self._last: np.ndarray | None = None
        self._last_pre: np.ndarray | None = None
        self.products = 0  # Hessian-vector products taken so far

    def measure(self, params: mlp.Params) -> float:
        """The largest eigenvalue of the training loss's Hessian at `params`. Raises `mlp.Diverged`."""
        curvature = Curvature(params, self.X, self.y)
        eigen = top_eigen(curvature.hvp, curvature.size, self._last, tolerance=self.tolerance)
        self._last = eigen.vector
        self.products += eigen.products
        return eigen.value

    def measure_preconditioned(self, params: mlp.Params, diagonal: np.ndarray) -> float:
        """The largest eigenvalue of P⁻¹H, P = diag(`diagonal`) (see `preconditioner`), as that of
        the symmetric P^(−1/2)·H·P^(−1/2), which has the same eigenvalues. Raises `mlp.Diverged`."""
        curvature = Curvature(params, self.X, self.y)
        scale = 1.0 / np.sqrt(diagonal)
        eigen = top_eigen(lambda u: scale * curvature.hvp(scale * u), curvature.size, self._last_pre,
                          tolerance=self.tolerance)
        self._last_pre = eigen.vector
        self.products += eigen.products
        return eigen.value


def _sgd_limit(hp: SGD, lr: float, momentum: float) -> float:
    """The sharpness above which SGD at rate η > 0 diverges on a quadratic: η·(s + λ) < the
    optimizer's limit on η·s (2 plain, 2(1 + β) heavy ball, 2(1 + β)/(1 + 2β) Nesterov), so
    s < limit/η − λ."""
    product = nesterov_limit(momentum) if hp.nesterov else heavy_ball_limit(momentum, hp.dampening)
    return product / lr - hp.weight_decay


@dataclass(frozen=True)
class Point:
    """One measurement along a run, at the weights w_t before epoch t (t = T: after the last)."""

    epoch: int
    sharpness: float | None  # SGD: the Hessian's top eigenvalue; Adam: P⁻¹H's (None before Adam's first step)
    plain_limit: float  # 2/η(t): gradient descent's limit, the edge of stability
    limit: float  # the optimizer's own limit: 2/η plain, 2(1 + β)/η with momentum, Adam's for Adam


class SharpnessLog:
    """The sharpness of a `TrainingRun` every `every` epochs (at t = 0, N, 2N, …, and at T when N
    divides it), each measure warm-started from the last: pass it to `run.advance(…, watch=[log])`.

    For SGD the sharpness is the training loss's (`Sharpness.measure`), against 2/η(t) and, with
    momentum, the heavy-ball (or Nesterov) limit at the epoch's momentum. For Adam it is the
    preconditioned sharpness against (2 + 2β₁)/((1 − β₁)·η) (Cohen et al., 2022); its weight decay
    is not counted in that limit. The rate and momentum of an epoch are those of its first batch.
    """

    def __init__(self, run: TrainingRun, every: int) -> None:
        self.run = run
        self.every = whole_in("sharpness_every", every, 1, math.inf)
        self.adam = not isinstance(run.optimizer, SGD)
        self._follow = Sharpness(run.X, run.y)
        self.points: list[Point] = []

    @property
    def products(self) -> int:
        """Hessian-vector products taken so far."""
        return self._follow.products

    def observe(self, run: TrainingRun) -> None:
        """At an epoch boundary of `run.advance(…, watch=[log])`: measure there when it is due."""
        if run is not self.run:
            return
        if run.diverged_at is not None:  # the weights measured last may be the ones that blew up
            self.points = [p for p in self.points if p.epoch < run.diverged_at]
            return
        self._measure_here()

    def _measure_here(self) -> None:
        run, t = self.run, self.run.epoch
        if t % self.every or (self.points and self.points[-1].epoch == t):
            return
        if t == run.epochs and run.final_loss is None:
            return
        rate_epoch = min(t, run.epochs - 1) if run.epochs else 0
        if run.controller is not None:  # it sets epoch t's rate once w_t is measured: the last one set is in force
            rate_epoch = min(rate_epoch, len(run.controller.rates) - 1)
        plain, limit = self.limits_at(rate_epoch)
        try:
            if self.adam:
                value = self._preconditioned(run.epoch_momentum(rate_epoch))
            else:
                value = self._follow.measure(run.params)
        except mlp.Diverged:
            return
        self.points.append(Point(t, value, plain, limit))

    def limits_at(self, epoch: int) -> tuple[float, float]:
        """2/η and the optimizer's own limit at epoch t's rate and momentum (inf where η = 0)."""
        run = self.run
        lr, momentum = run.epoch_rate(epoch), run.epoch_momentum(epoch)
        if lr == 0:
            return math.inf, math.inf
        return 2.0 / lr, adam_limit(lr, momentum) if self.adam else _sgd_limit(run.optimizer, lr, momentum)

    @property
    def has_momentum(self) -> bool:
        """Does SGD's own limit differ from 2/η anywhere (momentum, or weight decay)?"""
        hp = self.run.optimizer
        return not self.adam and (hp.momentum > 0 or hp.weight_decay > 0 or self.run.momenta is not None)

    def _preconditioned(self, beta1: float) -> float | None:
        states = self.run.optimizer_state
        step = states[0].step
        if step == 0:
            return None
        hp = self.run.optimizer
        diagonal = preconditioner(flatten([s.exp_avg_sq for s in states]), step, beta1, hp.betas[1], hp.eps)
        return self._follow.measure_preconditioned(self.run.params, diagonal)

    def at(self, epoch: int) -> Point | None:
        """The measurement at `epoch`, if one was taken there."""
        return next((p for p in self.points if p.epoch == epoch), None)
