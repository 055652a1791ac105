"""Many networks trained as one computation: K `TrainingRun`s stacked into (K, …) arrays.

Why: one run at batch 32 spends most of a step in Python and in numpy's cost per call, not in
arithmetic (measured on one core: about 200 µs a step, of which the products are a fifth). The
every-schedule comparison and the sweep train dozens of runs that differ only in their seed and
their rates; stacked, each numpy call does the step of all of them.

**The contract.** `Stack(runs)` trained to the end (`advance()` until `done`) leaves every run
exactly as `run.advance(run.epochs)` would have: the same figures, the same `diverged_at`, the same
final weights and optimizer state, its shuffle stream drawn as far, to the last bit. It holds
because each run's arithmetic is the single run's (`run.py`, `mlp.py`, `sim/optimizers.py`)
operation for operation on slices of the same shapes: `np.matmul` on a stack multiplies each (n×m)
slice with one BLAS call as the single run does; the sums run along the same axes in the same
order; a per-run rate enters as a (K, 1, 1) array, and an IEEE product is the same whether a factor
is a scalar or an element. tests/test_batched.py checks the contract against the single-run code
(and through it torch's recordings) for SGD, momentum, Nesterov, Adam and AdamW, full batch and
mini-batches with a shorter last one, per-epoch and per-batch rates, scheduled momenta, and runs
that diverge at different epochs; a change that breaks it fails there.

What stacks: runs not yet started, on curves (a loss-driven controller sets each run's next rate
from its own loss: train it alone), with the same batch size, optimizer, scheduler habit, T and
network shape. Seeds, rates and momenta may differ. A run that diverges leaves the stack at once
(its state written back); the rest go on.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from lrgame.sim.optimizer_choice import momentum_of
from lrgame.sim.optimizers import SGD, AdamState, SGDState
from lrgame.train.run import BLOW_UP, TrainingRun


class Stack:
    """The runs, trained together one optimizer step at a time (see the module's docstring)."""

    def __init__(self, runs: Sequence[TrainingRun]) -> None:
        self.runs = [r for r in runs if not r.done]  # a run of T = 0 is finished when made
        if not self.runs:
            return
        first = self.runs[0]
        for run in self.runs:
            if run.controller is not None or run.epoch != 0:
                raise ValueError("only runs on curves that have not started can be stacked")
            same = (run.batch_size, run.optimizer, run.per_batch, run.epochs, len(run.y),
                    [p.shape for p in run.params])
            if same != (first.batch_size, first.optimizer, first.per_batch, first.epochs, len(first.y),
                        [p.shape for p in first.params]):
                raise ValueError("stacked runs must share the batch size, optimizer, scheduler step, T and shapes")
        self.hp = first.optimizer
        self.epochs, self.n, self.batch_size = first.epochs, len(first.y), first.batch_size
        self.batches, self.per_batch = first.batches, first.per_batch
        self.live = list(range(len(self.runs)))  # which run each row of the stacked arrays is
        self.params = [_stacked([r.params[i] for r in self.runs]) for i in range(len(first.params))]
        self.rates = np.stack([r.rates for r in self.runs])
        momentum = momentum_of(self.hp)
        self.momenta = np.stack([np.full(len(r.rates), momentum) if r.momenta is None else r.momenta
                                 for r in self.runs])
        self.X, self.y = np.stack([r.X for r in self.runs]), np.stack([r.y for r in self.runs])
        self.X_test, self.y_test = np.stack([r.X_test for r in self.runs]), np.stack([r.y_test for r in self.runs])
        self.bound = np.full(len(self.runs), np.inf)
        sgd = isinstance(self.hp, SGD)
        self.buffers = [np.zeros_like(p) for p in self.params] if sgd and np.any(self.momenta != 0) else None
        self.has_buffer = np.zeros(len(self.runs), dtype=bool)  # SGD: the velocity b exists (torch's None)
        self.adam = None if sgd else ([np.zeros_like(p) for p in self.params], [np.zeros_like(p) for p in self.params])
        self.adam_steps = 0
        self.epoch = 0
        self.batch = 0  # the next batch of the epoch; at 0 the epoch's figures are measured first
        self.shuffled: tuple[np.ndarray, np.ndarray] | None = None
        self.full_grads: list[np.ndarray] | None = None
        self._work: dict[tuple[int, int], Workspace] = {}
        self._spare: dict[tuple, np.ndarray] = {}

    @property
    def done(self) -> bool:
        return not self.runs or not self.live

    @property
    def width(self) -> int:
        """The runs still training: each step of the stack is a step of each of them."""
        return 0 if not self.runs else len(self.live)

    def advance(self, max_steps: int | None = None, budget_s: float | None = None) -> int:
        """Take up to `max_steps` optimizer steps of every live run (None: to the end), stopping
        early once `budget_s` seconds have gone by (at least one step while not done); return
        how many were taken. Where it is cut makes no difference to the numbers."""
        start = time.perf_counter()
        taken = 0
        while not self.done and (max_steps is None or taken < max_steps):
            if budget_s is not None and taken and time.perf_counter() - start >= budget_s:
                break
            self._step()
            taken += 1
        return taken

    # ---- one optimizer step of every live run: `TrainingRun._step` cut at its batches ----

    def _step(self) -> None:
        if self.batch == 0:
            if not self._measure_epoch():
                return
        if self.full_grads is not None:
            grads, self.full_grads = self.full_grads, None
        else:
            Xs, ys = self.shuffled  # type: ignore[misc]
            first = self.batch * self.batch_size
            Xb, yb = Xs[:, first:first + self.batch_size], ys[:, first:first + self.batch_size]
            with np.errstate(all="ignore"):
                loss, grads, _ = _backprop(self.params, Xb, yb, self._workspace(Xb.shape[1]))
            bad = ~np.isfinite(loss)  # `mlp.batch_gradient` checks only the loss
            if bad.any():  # as the single run: the epoch counts, its weights cannot be measured
                self._drop(bad, self.epoch + 1, self.epoch + 1)
                if self.done:
                    return
                grads = [g[~bad] for g in grads]
        k = self.epoch * self.batches + self.batch if self.per_batch else self.epoch
        self._update(grads, self.rates[:, k], self.momenta[:, k])
        self.batch += 1
        if self.batch == self.batches:
            self.batch = 0
            self.epoch += 1
            for i in self.live:
                self.runs[i].epoch = self.epoch
            if self.epoch == self.epochs:
                self._finish()

    def _measure_epoch(self) -> bool:
        """The figures at w_t and the divergence checks (`TrainingRun._step`'s start); the order of
        this epoch's mini-batches; False when no run is left."""
        full = self.batch_size >= self.n
        with np.errstate(all="ignore"):
            if full:  # the full-batch gradient comes with the training loss, as in the single run
                loss, grads, scores = _backprop(self.params, self.X, self.y, self._workspace(self.n))
                accuracy = _accuracy(scores, self.y)
                finite = np.isfinite(loss)
                for g in grads:
                    finite &= np.isfinite(g).reshape(len(g), -1).all(axis=1)
            else:
                loss, accuracy = _evaluate(self.params, self.X, self.y, self._workspace(self.n))
                finite = np.isfinite(loss)
            test_loss, test_accuracy = _evaluate(self.params, self.X_test, self.y_test, self._workspace(self.n))
        bad = ~(finite & (loss <= self.bound) & np.isfinite(test_loss) & (test_loss <= self.bound))
        for j, i in enumerate(self.live):
            if not bad[j]:
                run = self.runs[i]
                run.losses.append(float(loss[j]))
                run.accuracies.append(accuracy[j])
                run.test_losses.append(float(test_loss[j]))
                run.test_accuracies.append(test_accuracy[j])
        if bad.any():
            self._drop(bad, self.epoch, self.epoch)
            if self.done:
                return False
            if full:
                grads = [g[~bad] for g in grads]
            loss = loss[~bad]
        if self.epoch == 0:  # a loss above BLOW_UP × the first one counts as diverged from now on
            self.bound = BLOW_UP * loss
        if full:
            self.full_grads = grads
        else:  # each run draws its order from its own stream, as alone
            orders = np.stack([self.runs[i]._order.permutation(self.n) for i in self.live])
            rows = np.arange(len(self.live))[:, None]
            self.shuffled = (self.X[rows, orders], self.y[rows, orders])
        return True

    def _finish(self) -> None:
        """The figures at w_T (`TrainingRun._finish`); every run leaves the stack."""
        with np.errstate(all="ignore"):
            loss, accuracy = _evaluate(self.params, self.X, self.y, self._workspace(self.n))
            test_loss, test_accuracy = _evaluate(self.params, self.X_test, self.y_test, self._workspace(self.n))
        bad = ~(np.isfinite(loss) & (loss <= self.bound) & np.isfinite(test_loss) & (test_loss <= self.bound))
        for j, i in enumerate(self.live):
            if not bad[j]:
                run = self.runs[i]
                run.final_loss, run.final_accuracy = float(loss[j]), accuracy[j]
                run.final_test_loss, run.final_test_accuracy = float(test_loss[j]), test_accuracy[j]
        if bad.any():
            self._drop(bad, self.epochs, self.epochs)
        self._drop(np.ones(len(self.live), dtype=bool), self.epochs, None)

    def _drop(self, leaving: np.ndarray, epoch: int, diverged_at: int | None) -> None:
        """Write the leaving rows' state back into their runs and take them out of the stack."""
        for j in np.flatnonzero(leaving):
            run = self.runs[self.live[j]]
            run.epoch, run.diverged_at = epoch, diverged_at
            run.params = [_row(p, j, like) for p, like in zip(self.params, run.params, strict=True)]
            run._bound = float(self.bound[j])
            if self.adam is not None:
                m, v = self.adam
                run._state = [AdamState(self.adam_steps, _row(a, j, p), _row(b, j, p))
                              for a, b, p in zip(m, v, run.params, strict=True)]
            elif self.buffers is not None and self.has_buffer[j]:
                run._state = [SGDState(_row(b, j, p)) for b, p in zip(self.buffers, run.params, strict=True)]
        keep = ~leaving
        self.live = [i for j, i in enumerate(self.live) if keep[j]]
        for name in ("rates", "momenta", "X", "y", "X_test", "y_test", "bound", "has_buffer"):
            setattr(self, name, getattr(self, name)[keep])
        self.params = [p[keep] for p in self.params]
        if self.buffers is not None:
            self.buffers = [b[keep] for b in self.buffers]
        if self.adam is not None:
            self.adam = ([a[keep] for a in self.adam[0]], [a[keep] for a in self.adam[1]])
        if self.shuffled is not None:
            self.shuffled = (self.shuffled[0][keep], self.shuffled[1][keep])

    def _workspace(self, n: int) -> Workspace:
        """The arrays for a pass over n points of every live run (made again when runs leave)."""
        if (len(self.live), n) not in self._work:
            self._work = {key: w for key, w in self._work.items() if key[0] == len(self.live)}
            self._work[(len(self.live), n)] = Workspace(self.params, n)
        return self._work[(len(self.live), n)]

    # ---- the optimizers: `sgd_step` and `adam_step` with a rate (and momentum) per row ----

    def _update(self, grads: list[np.ndarray], rates: np.ndarray, momenta: np.ndarray) -> None:
        with np.errstate(all="ignore"):  # an overflow is caught as a non-finite loss next epoch
            if self.adam is None:
                self._sgd(grads, rates, momenta)
            else:
                self._adam(grads, rates, momenta)

    def _scratch(self, like: np.ndarray, slot: int = 0) -> np.ndarray:
        """A reusable array shaped as `like` for an update's intermediate (allocating arrays of
        these sizes every step costs more than the arithmetic on them)."""
        key = (like.shape, slot)
        if key not in self._spare:
            self._spare[key] = np.empty_like(like)
        return self._spare[key]

    def _sgd(self, grads: list[np.ndarray], rates: np.ndarray, momenta: np.ndarray) -> None:
        """`sgd_step`'s operations in its order, in place where the common cases allow."""
        hp = self.hp
        on = momenta != 0  # a run with β = 0 this step neither uses nor changes its buffer
        fresh = on & ~self.has_buffer  # its first step with momentum: b = g
        steady = on.all() and not fresh.any()
        for i, (p, g) in enumerate(zip(self.params, grads, strict=True)):
            lr, m, t = _column(rates, p), _column(momenta, p), self._scratch(p)
            if hp.weight_decay != 0:
                g = g + hp.weight_decay * p
            if steady:  # b ← β·b + (1 − d)·g
                buf = self.buffers[i]  # type: ignore[index]
                buf *= m
                np.multiply(g, 1 - hp.dampening, out=t)
                buf += t
                g = g + m * buf if hp.nesterov else buf
            elif on.any():
                buf = self.buffers[i]  # type: ignore[index]
                stepped = np.where(_column(fresh, p), g, buf * m + (1 - hp.dampening) * g)
                buf = self.buffers[i] = np.where(_column(on, p), stepped, buf)  # type: ignore[index]
                moved = g + m * buf if hp.nesterov else buf
                g = moved if on.all() else np.where(_column(on, p), moved, g)
            np.multiply(-lr, g, out=t)  # p ← p − η·g
            p += t
        self.has_buffer |= on

    def _adam(self, grads: list[np.ndarray], rates: np.ndarray, betas1: np.ndarray) -> None:
        """`adam_step`'s operations in its order, in place."""
        hp, (ms, vs) = self.hp, self.adam  # type: ignore[misc]
        beta2 = hp.betas[1]
        self.adam_steps += 1
        step = self.adam_steps
        weight = 1 - betas1
        near = np.abs(weight) < 0.5  # `_lerp` starts from the nearer end
        corrections = np.array([1 - b**step for b in betas1.tolist()])  # Python's float power, as alone
        root = (1 - beta2**step) ** 0.5
        for i, (p, g) in enumerate(zip(self.params, grads, strict=True)):
            lr, t, denom = _column(rates, p), self._scratch(p), self._scratch(p, 1)
            if hp.weight_decay != 0:
                if hp.decoupled_weight_decay:
                    p *= 1 - lr * hp.weight_decay
                else:
                    g = g + hp.weight_decay * p
            m, v, w = ms[i], vs[i], _column(weight, p)
            if near.all():  # m ← m + w·(g − m)
                np.subtract(g, m, out=t)
                t *= w
                m += t
            else:
                ms[i] = m = np.where(_column(near, p), m + w * (g - m), g - (g - m) * (1 - w))
            v *= beta2  # v ← β₂·v + (1 − β₂)·g·g
            np.multiply(g, 1 - beta2, out=t)
            t *= g
            v += t
            np.sqrt(v, out=denom)  # √v / √(1 − β₂ᵗ) + ε
            denom /= root
            denom += hp.eps
            np.multiply(-(lr / _column(corrections, p)), m, out=t)  # p ← p − (η / (1 − β₁ᵗ))·m / denom
            t /= denom
            p += t


def train_together(runs: Sequence[TrainingRun]) -> None:
    """Train the runs to the end as one stack (see the module's contract)."""
    Stack(runs).advance()


# ---- the network on stacks: `mlp`'s functions with a leading axis of runs ----

def _stacked(arrays: list[np.ndarray]) -> np.ndarray:
    """Weights stacked; a bias (n,) becomes (1, n) in the stack so it adds to each row as alone."""
    out = np.stack(arrays)
    return out[:, None, :] if out.ndim == 2 else out


def _row(stacked: np.ndarray, j: int, like: np.ndarray) -> np.ndarray:
    """Row j of a stacked array, in the single run's shape."""
    return stacked[j].reshape(like.shape).copy()


def _column(values: np.ndarray, like: np.ndarray) -> np.ndarray:
    """A value per run, shaped to multiply each run's slice of `like`."""
    return values.reshape((-1,) + (1,) * (like.ndim - 1))


class Workspace:
    """Arrays a pass over a stack writes into (as `mlp.Workspace` for one run): a stack's arrays are
    K times bigger, and allocating them afresh every step costs more than some of the products.
    The gradients returned are its arrays, overwritten by the next pass."""

    def __init__(self, params: list[np.ndarray], n: int) -> None:
        k, weights = len(params[0]), params[0::2]
        self.hidden = [np.empty((k, n, W.shape[2])) for W in weights[:-1]]
        self.scores = np.empty((k, n, weights[-1].shape[2]))
        self.deltas = [np.empty((k, n, W.shape[2])) for W in weights]
        self.grads = [np.empty_like(p) for p in params]


def _forward(params: list[np.ndarray], X: np.ndarray, work: Workspace) -> tuple[list[np.ndarray], np.ndarray]:
    """`mlp._forward` on a stack."""
    acts = [X]
    h = X
    for i in range(0, len(params) - 2, 2):
        h = np.matmul(h, params[i], out=work.hidden[i // 2])
        h += params[i + 1]
        np.maximum(h, 0.0, out=h)
        acts.append(h)
    scores = np.matmul(h, params[-2], out=work.scores)
    scores += params[-1]
    return acts, scores


def _log_softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=2, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=2, keepdims=True))


def _picked(logp: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's log-probability of its own class, and the index arrays that pick them."""
    runs, rows = np.arange(len(y))[:, None], np.arange(y.shape[1])
    return logp[runs, rows, y], (runs, rows)


def _backprop(params: list[np.ndarray], X: np.ndarray, y: np.ndarray,
              work: Workspace) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """`mlp._backprop` on a stack: each run's loss, gradients and scores (the caller holds an errstate)."""
    n = y.shape[1]
    acts, scores = _forward(params, X, work)
    logp = _log_softmax(scores)
    picked, where = _picked(logp, y)
    loss = -picked.mean(axis=1)
    top = len(params) // 2 - 1
    d = np.exp(logp, out=work.deltas[top])
    d[where[0], where[1], y] -= 1.0
    d /= n
    grads = work.grads
    for layer in range(top, -1, -1):
        a = acts[layer]
        np.matmul(a.transpose(0, 2, 1), d, out=grads[2 * layer])
        np.sum(d, axis=1, keepdims=True, out=grads[2 * layer + 1])
        if layer:
            d = np.matmul(d, params[2 * layer].transpose(0, 2, 1), out=work.deltas[layer - 1])
            d *= a > 0
    return loss, grads, scores


def _accuracy(scores: np.ndarray, y: np.ndarray) -> list[float]:
    return [int(c) / y.shape[1] for c in np.count_nonzero(scores.argmax(axis=2) == y, axis=1)]


def _evaluate(params: list[np.ndarray], X: np.ndarray, y: np.ndarray,
              work: Workspace) -> tuple[np.ndarray, list[float]]:
    """`mlp.evaluate` on a stack, unchecked: each run's loss (maybe not finite) and accuracy."""
    scores = _forward(params, X, work)[1]
    loss = -_picked(_log_softmax(scores), y)[0].mean(axis=1)
    return loss, _accuracy(scores, y)
