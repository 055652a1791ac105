"""Test-only: how far apart two colours look, to normal eyes and simulated colour-blind ones.

Machado, Oliveira and Fernandes (2009), severity 1.0: a 3×3 matrix on linear sRGB per kind of
dichromacy (protan, deutan, tritan); the distance is CIE 1976 ΔE in CIELAB (D65), where about 2
is just noticeable and Okabe–Ito's own hues stay 16 or more apart under every kind."""

from __future__ import annotations

import itertools

import numpy as np

VISION = {
    "normal": np.eye(3),
    "protan": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                        [-0.003882, -0.048116, 1.051998]]),
    "deutan": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                        [-0.011820, 0.042940, 0.968881]]),
    "tritan": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                        [0.004733, 0.691367, 0.303900]]),
}
_XYZ = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
_WHITE = np.array([0.95047, 1.0, 1.08883])


def _linear(colour: tuple[int, int, int]) -> np.ndarray:
    c = np.asarray(colour[:3], dtype=float) / 255
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab(linear: np.ndarray) -> np.ndarray:
    t = _XYZ @ np.clip(linear, 0, 1) / _WHITE
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def closest_pair(colours: tuple[tuple[int, int, int], ...]) -> tuple[float, str, int, int]:
    """(ΔE, vision, i, j): the two colours that look most alike to any of the four kinds of vision."""
    return min((float(np.linalg.norm(_lab(m @ _linear(a)) - _lab(m @ _linear(b)))), kind, i, j)
               for kind, m in VISION.items()
               for (i, a), (j, b) in itertools.combinations(enumerate(colours), 2))
