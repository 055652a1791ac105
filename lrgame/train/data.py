"""The classic three-armed spiral: a small 2-D problem a linear model cannot solve."""

from __future__ import annotations

import numpy as np

CLASSES = 3


def spiral(points_per_class: int = 100, seed: int = 0, noise: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """X (N×2, inside the unit disc) and labels y (N,) for three interleaved spiral arms."""
    rng = np.random.default_rng(seed)
    radius = np.tile(np.linspace(0.0, 1.0, points_per_class), CLASSES)
    arm = np.repeat(np.arange(CLASSES), points_per_class)
    angle = arm * 4.0 + radius * 4.0 + rng.standard_normal(radius.size) * noise
    X = np.column_stack((radius * np.sin(angle), radius * np.cos(angle)))
    return X, arm
