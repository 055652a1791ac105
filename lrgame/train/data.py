"""The classic three-armed spiral: a small 2-D problem no linear model can solve.

Written from the maths (the form CS231n made popular). For arm k = 0, 1, 2 and point i = 0…N−1:

    r = i / (N − 1)                     (from the centre out to the unit circle)
    θ = 4k + 4r + σ·ε,  ε ~ N(0, 1)     (each arm turns 4 radians; arms start 4 radians apart)
    x = (r·sin θ, r·cos θ),  label k

>>> X, y = spiral(points_per_class=4, seed=0)
>>> X.shape, y.tolist()
((12, 2), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2])
>>> float(abs(X).max()) <= 1.0 + 1e-12
True
"""

from __future__ import annotations

import math

import numpy as np

from lrgame.engine.numbers import number_in, whole_in

CLASSES = 3
POINTS_PER_CLASS = 100
NOISE = 0.2  # σ, in radians


def check_seed(seed: object) -> int:
    """A seed is a whole number >= 0."""
    return whole_in("seed", seed, 0, math.inf, refusal="is not allowed: whole numbers in [0, inf]")


def spiral(points_per_class: int = POINTS_PER_CLASS, seed: int = 0,
           noise: float = NOISE) -> tuple[np.ndarray, np.ndarray]:
    """X (N×2 float64, inside the unit disc) and labels y (N,) for three interleaved spiral arms.

    The same seed gives the same points. The noise has its own random stream, entropy (seed, 0), so
    it shares no numbers with the network's initial weights (entropy (seed, 1), see `mlp.init`), the
    test set (seed, 2) or the order of the mini-batches (seed, 3).
    """
    return _draw(points_per_class, seed, noise, 0)


def held_out(points_per_class: int = POINTS_PER_CLASS, seed: int = 0,
             noise: float = NOISE) -> tuple[np.ndarray, np.ndarray]:
    """The held-out test set: a fresh draw of the same spiral, as many points, from the random
    stream (seed, 2), so no point and no noise number is shared with the training set. (The radii
    r = i/(N − 1) are the same grid; the angles' noise is what is drawn afresh.)"""
    return _draw(points_per_class, seed, noise, 2)


def _draw(points_per_class: object, seed: object, noise: object, stream: int) -> tuple[np.ndarray, np.ndarray]:
    points_per_class = whole_in("points_per_class", points_per_class, 2, math.inf,
                                refusal="is not allowed: whole numbers in [2, inf]")
    noise = number_in("noise", noise, 0, 10, refusal="is not allowed: numbers in [0, 10]")
    rng = np.random.default_rng([check_seed(seed), stream])
    radius = np.tile(np.linspace(0.0, 1.0, points_per_class), CLASSES)
    label = np.repeat(np.arange(CLASSES), points_per_class)
    angle = 4.0 * label + 4.0 * radius + noise * rng.standard_normal(radius.size)
    X = np.column_stack((radius * np.sin(angle), radius * np.cos(angle)))
    return X, label
