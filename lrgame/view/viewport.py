"""Valley space (x, loss) ↔ screen pixels. Every coordinate is clamped, so the ball can fly out
of the valley without a huge or non-finite number ever reaching a draw call."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pygame


class Viewport(NamedTuple):
    rect: pygame.Rect
    x_range: tuple[float, float]
    loss_top: float
    margin: int = 18
    floor_room: int = 36

    def to_px(self, x: np.ndarray | float, loss: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        """Pixel columns and rows for valley points, clamped to a band around the rectangle."""
        x, loss = np.asarray(x, dtype=np.float64), np.asarray(loss, dtype=np.float64)
        if not (np.isfinite(x).all() and np.isfinite(loss).all()):  # the common case skips nan_to_num's cost
            x = np.nan_to_num(x, nan=0.0, posinf=1e9, neginf=-1e9)
            loss = np.nan_to_num(loss, nan=0.0, posinf=1e9, neginf=0.0)
        return self._mapped(x, loss, np.clip)

    def floats(self, x: float, loss: float) -> tuple[float, float]:
        """`to_px` of one point in plain floats: the same arithmetic, without numpy's cost per call
        (the ball's hop asks for two points at every step)."""
        if not (math.isfinite(x) and math.isfinite(loss)):
            px, py = self.to_px(x, loss)
            return float(px), float(py)
        return self._mapped(float(x), float(loss), lambda v, lo, hi: min(max(v, lo), hi))

    def _mapped(self, x: np.ndarray | float, loss: np.ndarray | float, clip: Callable) -> tuple:
        """The mapping itself, for arrays (`clip` = np.clip) and for floats alike."""
        x0, x1 = self.x_range
        r = self.rect
        inner_w = r.w - 2 * self.margin
        inner_h = r.h - self.margin - self.floor_room
        px = r.x + self.margin + clip((x - x0) / (x1 - x0), -0.5, 1.5) * inner_w
        py = r.bottom - self.floor_room - clip(loss / self.loss_top, -0.1, 2.0) * inner_h
        return px, py

    def point(self, x: float, loss: float) -> tuple[int, int]:
        px, py = self.to_px(x, loss)
        return int(px), int(py)
