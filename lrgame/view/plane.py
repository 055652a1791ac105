"""The landscape's plane laid on a rectangle of pixels: world (x, y) ↔ pixel, y up, one scale on
both axes (a rotated ravine keeps its angle, a round basin stays round). The surface's bounds are
fitted into the rectangle and the plane is widened to fill it, so the map has no empty bands.

numpy only: the height map, the path's dots and the cursor's readout all map through this, and the
tests check the arithmetic without a display.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

Bounds = tuple[tuple[float, float], tuple[float, float]]  # ((x_lo, x_hi), (y_lo, y_hi))


class Plane(NamedTuple):
    """`unit` pixels per world unit; the world point (cx, cy) sits at the rectangle's centre."""

    left: int
    top: int
    width: int
    height: int
    cx: float
    cy: float
    unit: float

    @classmethod
    def fit(cls, rect: tuple[int, int, int, int], bounds: Bounds) -> Plane:
        """The largest scale at which `bounds` fit inside `rect` (x, y, w, h), centred."""
        left, top, width, height = (int(v) for v in rect)
        (x_lo, x_hi), (y_lo, y_hi) = bounds
        unit = min(max(width, 1) / (x_hi - x_lo), max(height, 1) / (y_hi - y_lo))
        return cls(left, top, width, height, (x_lo + x_hi) / 2, (y_lo + y_hi) / 2, unit)

    @property
    def extent(self) -> Bounds:
        """The world rectangle the pixels show (at least the fitted bounds)."""
        half_w, half_h = self.width / 2 / self.unit, self.height / 2 / self.unit
        return (self.cx - half_w, self.cx + half_w), (self.cy - half_h, self.cy + half_h)

    def pixels(self, points: np.ndarray) -> np.ndarray:
        """(N, 2) world points → (N, 2) pixel positions as floats (not clipped: see `inside`)."""
        points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        out = np.empty_like(points)
        out[:, 0] = self.left + self.width / 2 + (points[:, 0] - self.cx) * self.unit
        out[:, 1] = self.top + self.height / 2 - (points[:, 1] - self.cy) * self.unit
        return out

    def world(self, pos: tuple[float, float]) -> tuple[float, float]:
        """The world point under a pixel (its centre)."""
        px, py = pos[0] + 0.5, pos[1] + 0.5
        return (self.cx + (px - self.left - self.width / 2) / self.unit,
                self.cy - (py - self.top - self.height / 2) / self.unit)

    def contains(self, pos: tuple[int, int]) -> bool:
        return self.left <= pos[0] < self.left + self.width and self.top <= pos[1] < self.top + self.height

    def inside(self, pixels: np.ndarray) -> np.ndarray:
        """Which pixel positions fall on the rectangle (NaN or inf never do)."""
        x, y = pixels[:, 0], pixels[:, 1]
        with np.errstate(invalid="ignore"):
            return ((x >= self.left) & (x < self.left + self.width) & (y >= self.top)
                    & (y < self.top + self.height))

    def shows(self, x: float, y: float) -> bool:
        """Whether the world point (x, y) falls on the rectangle: `inside(pixels(...))` of one point,
        the same arithmetic on Python floats (numpy costs more than the answer on one point)."""
        px = self.left + self.width / 2 + (x - self.cx) * self.unit
        py = self.top + self.height / 2 - (y - self.cy) * self.unit
        return self.left <= px < self.left + self.width and self.top <= py < self.top + self.height

    def grid(self, step: int = 1) -> tuple[np.ndarray, np.ndarray]:
        """World coordinates of the centres of every `step`-th pixel, as (rows, columns) arrays."""
        cols = np.arange(0, self.width, step, dtype=np.float64) + step / 2
        rows = np.arange(0, self.height, step, dtype=np.float64) + step / 2
        xs = self.cx + (cols - self.width / 2) / self.unit
        ys = self.cy - (rows - self.height / 2) / self.unit
        return np.meshgrid(xs, ys)

    def edge_point(self, inside: np.ndarray, outside: np.ndarray) -> np.ndarray:
        """Where the segment from a pixel `inside` the rectangle to a finite one outside it leaves
        the rectangle (the tip of the divergence arrow)."""
        a = np.asarray(inside, dtype=np.float64)
        d = np.asarray(outside, dtype=np.float64) - a
        lo = np.array([self.left, self.top], dtype=np.float64)
        hi = lo + np.array([self.width - 1, self.height - 1], dtype=np.float64)
        s = 1.0
        for axis in (0, 1):
            if d[axis] > 0:
                s = min(s, (hi[axis] - a[axis]) / d[axis])
            elif d[axis] < 0:
                s = min(s, (lo[axis] - a[axis]) / d[axis])
        return np.clip(a + max(s, 0.0) * d, lo, hi)
