"""Slider positions ↔ values. pygame_gui sliders are linear; η₀ and friends need a log scale."""

from __future__ import annotations

import math
from typing import NamedTuple

STEPS = 1000


def round_sig(x: float, digits: int = 3) -> float:
    """Round to a few significant digits, so a dragged value reads 0.0316, not 0.031622776."""
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


class Scale(NamedTuple):
    """Maps integer slider positions 0..steps onto [lo, hi], linearly or logarithmically."""

    lo: float
    hi: float
    log: bool = False
    integer: bool = False

    @property
    def steps(self) -> int:
        if self.integer:
            return max(1, min(STEPS, int(self.hi - self.lo)))
        return STEPS

    @property
    def increment(self) -> int:
        """Positions moved by a +/− key: about 2 % of the range, at least one."""
        return max(1, self.steps // 50)

    def value(self, pos: float) -> float | int:
        f = min(max(pos / self.steps, 0.0), 1.0)
        if self.log:
            v = self.lo * (self.hi / self.lo) ** f
        else:
            v = self.lo + (self.hi - self.lo) * f
        if self.integer:
            return int(round(v))
        return min(max(round_sig(v), self.lo), self.hi)

    def position(self, value: float) -> int:
        v = min(max(float(value), self.lo), self.hi)
        if self.hi == self.lo:
            return 0
        if self.log:
            f = math.log(v / self.lo) / math.log(self.hi / self.lo)
        else:
            f = (v - self.lo) / (self.hi - self.lo)
        return int(round(f * self.steps))

    def nudge(self, value: float, direction: int) -> float | int:
        """One keyboard step from `value`, and always a real change."""
        here = self.position(value)
        out = self.value(here + direction * self.increment)
        if out == value and self.integer:
            out = int(min(max(value + direction, self.lo), self.hi))
        return out
