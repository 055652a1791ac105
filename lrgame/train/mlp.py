"""A 2-64-64-3 ReLU network with softmax cross-entropy and exact backpropagation (numpy only)."""

from __future__ import annotations

import numpy as np

SIZES = (2, 64, 64, 3)
Params = list[np.ndarray]  # W1, b1, W2, b2, W3, b3


def init(seed: int = 0, sizes: tuple[int, ...] = SIZES) -> Params:
    """He initialisation from a seeded generator: the same seed, the same network."""
    rng = np.random.default_rng(seed)
    params: Params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        params += [rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in), np.zeros(n_out)]
    return params


def _forward(params: Params, X: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Hidden activations (inputs of each layer) and the output scores."""
    acts = [X]
    h = X
    for i in range(0, len(params) - 2, 2):
        h = np.maximum(h @ params[i] + params[i + 1], 0.0)
        acts.append(h)
    return acts, h @ params[-2] + params[-1]


def _log_softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def loss_and_grads(params: Params, X: np.ndarray, y: np.ndarray) -> tuple[float, Params]:
    """Mean cross-entropy and its gradient for every parameter, at the weights as given."""
    acts, scores = _forward(params, X)
    logp = _log_softmax(scores)
    n = len(y)
    loss = float(-logp[np.arange(n), y].mean())
    d = np.exp(logp)
    d[np.arange(n), y] -= 1.0
    d /= n
    grads: Params = [np.empty(0)] * len(params)
    for layer in range(len(params) // 2 - 1, -1, -1):
        a = acts[layer]
        grads[2 * layer] = a.T @ d
        grads[2 * layer + 1] = d.sum(axis=0)
        if layer:
            d = (d @ params[2 * layer].T) * (a > 0)
    return loss, grads


def predict(params: Params, X: np.ndarray) -> np.ndarray:
    return np.argmax(_forward(params, X)[1], axis=1)
