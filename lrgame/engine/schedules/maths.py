"""Curve pieces several families share, written as PyTorch computes them."""

from __future__ import annotations

import numpy as np


def cosine_between(lr0: float, eta_min: float, frac: np.ndarray) -> np.ndarray:
    """η_min + (η₀ − η_min)·(1 + cos πf)/2: the half-cosine every cosine schedule uses."""
    return eta_min + (lr0 - eta_min) * (1.0 + np.cos(np.pi * frac)) / 2.0


def levels(lr0: float, factors: np.ndarray) -> np.ndarray:
    """η₀, η₀·f₁, η₀·f₁·f₂, …: multiplied one after another, exactly as PyTorch does."""
    return np.cumprod(np.concatenate(([lr0], factors)))
