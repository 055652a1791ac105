"""A 2-64-64-3 ReLU network, softmax cross-entropy and exact backpropagation, in numpy only.

The parameters are a plain list of arrays [W1, b1, W2, b2, W3, b3]; layer l maps a row vector h to
relu(h·W_l + b_l) (no ReLU on the last layer, whose outputs are the class scores). The loss is the
mean cross-entropy of softmax(scores), computed through log-sum-exp so that large scores do not
overflow.

Nothing non-finite leaves this module: every computation runs under a local `np.errstate` (the test
suite turns numpy warnings into errors), and a loss or gradient that is not a finite number raises
`Diverged` instead of being returned.
"""

from __future__ import annotations

import math

import numpy as np

from lrgame.train.data import check_seed

SIZES = (2, 64, 64, 3)
Params = list[np.ndarray]  # W1, b1, W2, b2, W3, b3


class Diverged(ArithmeticError):
    """The loss or a gradient is not a finite number: the weights have blown up."""


def init(seed: int = 0, sizes: tuple[int, ...] = SIZES) -> Params:
    """He initialisation, W ~ N(0, 2/fan_in) and b = 0, from its own seeded random stream.

    The stream's entropy is (seed, 1), so the weights share no numbers with the data's noise
    (entropy (seed, 0), see `data.spiral`). The same seed gives the same network.
    """
    rng = np.random.default_rng([check_seed(seed), 1])
    params: Params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        params += [rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in), np.zeros(n_out)]
    return params


class Workspace:
    """Arrays one pass writes into, so that training does not allocate a fresh 300×64 array for every
    product. (Allocating and freeing blocks that size costs page faults each time: measured, an
    epoch takes about twice as long without one.) With a workspace, the gradients returned are its
    arrays, overwritten by the next call: use them before calling again."""

    def __init__(self, params: Params, n: int) -> None:
        weights = params[0::2]
        self.hidden = [np.empty((n, W.shape[1])) for W in weights[:-1]]
        self.scores = np.empty((n, weights[-1].shape[1]))
        self.deltas = [np.empty((n, W.shape[1])) for W in weights]  # dL/d(output of each layer)
        self.grads = [np.empty_like(p) for p in params]
        self.rows = np.arange(n)


def _forward(params: Params, X: np.ndarray, work: Workspace | None = None) -> tuple[list[np.ndarray], np.ndarray]:
    """The input of every layer (X, then each hidden ReLU output) and the output scores."""
    acts = [X]
    h = X
    for i in range(0, len(params) - 2, 2):
        out = None if work is None else work.hidden[i // 2]
        h = np.matmul(h, params[i], out=out)
        h += params[i + 1]
        np.maximum(h, 0.0, out=h)
        acts.append(h)
    scores = np.matmul(h, params[-2], out=None if work is None else work.scores)
    scores += params[-1]
    return acts, scores


def _log_softmax(scores: np.ndarray) -> np.ndarray:
    """log softmax by log-sum-exp: subtract each row's maximum before exponentiating."""
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _finite(loss: float, grads: Params | None = None) -> None:
    if not np.isfinite(loss) or (grads is not None and not all(np.isfinite(g).all() for g in grads)):
        raise Diverged("the loss or a gradient is not a finite number")


def loss_grads_accuracy(params: Params, X: np.ndarray, y: np.ndarray,
                        work: Workspace | None = None) -> tuple[float, Params, float]:
    """Mean cross-entropy, its exact gradient for every parameter, and the share classified right,
    all at the weights as given (one forward pass serves all three). Raises `Diverged`.

    `work` (see `Workspace`) only saves allocations: the numbers are the same to the last bit.
    """
    with np.errstate(all="ignore"):
        loss, grads, scores = _backprop(params, X, y, work)
        _finite(loss, grads)
        accuracy = float(np.count_nonzero(scores.argmax(axis=1) == y) / len(y))
    return loss, grads, accuracy


def batch_gradient(params: Params, X: np.ndarray, y: np.ndarray, work: Workspace) -> tuple[float, Params]:
    """A mini-batch's mean cross-entropy and its gradient, the numbers of `loss_grads_accuracy`
    with less checking: a mini-batch step is the inner loop of training, so only the loss is
    checked here (raising `Diverged`); a gradient that overflowed while the loss did not shows up
    as non-finite weights at the next full measurement."""
    with np.errstate(all="ignore"):
        loss, grads, _ = _backprop(params, X, y, work)
    if not math.isfinite(loss):
        raise Diverged("the loss is not a finite number")
    return loss, grads


def _backprop(params: Params, X: np.ndarray, y: np.ndarray,
              work: Workspace | None) -> tuple[float, Params, np.ndarray]:
    """Loss, gradients and scores, unchecked (the caller holds an errstate)."""
    n = len(y)
    work = Workspace(params, n) if work is None else work
    rows = work.rows
    acts, scores = _forward(params, X, work)
    logp = _log_softmax(scores)
    loss = float(-logp[rows, y].mean())
    # dL/dscores = (softmax − onehot)/n; then back through each layer, ReLU passing where h > 0.
    top = len(params) // 2 - 1
    d = np.exp(logp, out=work.deltas[top])
    d[rows, y] -= 1.0
    d /= n
    grads = work.grads
    for layer in range(top, -1, -1):
        a = acts[layer]
        np.matmul(a.T, d, out=grads[2 * layer])
        np.sum(d, axis=0, out=grads[2 * layer + 1])
        if layer:
            d = np.matmul(d, params[2 * layer].T, out=work.deltas[layer - 1])
            d *= a > 0
    return loss, grads, scores


def loss_and_grads(params: Params, X: np.ndarray, y: np.ndarray) -> tuple[float, Params]:
    """Mean cross-entropy and its exact gradient for every parameter, at the weights as given.

    Raises `Diverged` if the loss or any gradient is not a finite number.
    """
    loss, grads, _ = loss_grads_accuracy(params, X, y)
    return loss, grads


def evaluate(params: Params, X: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Loss and accuracy at the weights as given (forward pass only). Raises `Diverged`."""
    with np.errstate(all="ignore"):
        scores = _forward(params, X)[1]
        loss = float(-_log_softmax(scores)[np.arange(len(y)), y].mean())
        _finite(loss)
        accuracy = float(np.count_nonzero(scores.argmax(axis=1) == y) / len(y))
    return loss, accuracy


def predict(params: Params, X: np.ndarray) -> np.ndarray:
    """The class with the highest score for every row of X, as integers (weights that have blown
    up still give a class for every row, never a NaN)."""
    with np.errstate(all="ignore"):
        return np.argmax(_forward(params, X)[1], axis=1)
