"""Axes for every chart, with no pygame: which values an axis spans, its ticks, and its pixels.

An `Axis` is a value range laid along a run of pixels, linear or log (the LR chart, the ball's
loss, the race's rates, the range test's loss and rate). A `StepAxis` lays steps 0..span along
pixel columns with the floor map, so that no step, however short, drops out of a long run.

>>> nice_ticks(0.0, 0.1, 6)
[0.0, 0.02, 0.04, 0.06, 0.08, 0.1]
>>> log_ticks(1e-4, 0.1)
[0.0001, 0.001, 0.01, 0.1]
>>> log_ticks(0.015, 0.12)
[0.02, 0.05, 0.1]
>>> [a.tolist() for a in column_envelope(np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0]), 3)]
[[1.0, 1.0, 5.0], [3.0, 4.0, 9.0]]
>>> Axis(0.0, 1.0).along(100, -50).pixels(np.array([0.0, 0.5, 2.0])).tolist()
[100, 75, 50]
>>> StepAxis(10, 100, 1000).x(15), StepAxis(10, 100, 1000).step_at(11)
(11, 10)
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

CLAMP = 1e12
"""Values are clamped to ±CLAMP, ±inf become ±CLAMP and NaN +CLAMP (it counts as blown up), before
anything is measured or drawn."""
FAR_ABOVE = 4.0
"""A reference more than this many times the data's top is noted at the top edge, not drawn."""
HEADROOM = 0.05
"""Share of the y-range left free above the data (and, on a log axis, below it)."""
MAX_DECADES = 12.0
"""A log axis spans at most this many decades below the top; smaller values sit at the bottom edge."""
_EPS = 1e-9  # relative slack so 0.3 counts as a multiple of 0.1 despite binary floats


def clamped(values: np.ndarray) -> np.ndarray:
    """`values` with NaN and ±inf made finite and everything within ±CLAMP; the array itself when
    nothing needs it (a run's rates: copying a million of them would cost a frame)."""
    if values.size == 0 or (values.min() >= -CLAMP and values.max() <= CLAMP):  # False for any NaN or inf
        return values
    cleaned = np.nan_to_num(values, nan=CLAMP, posinf=CLAMP, neginf=-CLAMP)
    return np.clip(cleaned, -CLAMP, CLAMP, out=cleaned)


def checked_pixels(a: np.ndarray) -> np.ndarray:
    """Float pixel coordinates → ints. The one gate: nothing non-finite gets past it to pygame."""
    a = np.asarray(a, dtype=np.float64)
    if not np.isfinite(a).all():
        raise AssertionError("chart geometry is not finite: NaN or inf would reach pygame.draw")
    return np.rint(a).astype(np.int64)


class Axis(NamedTuple):
    """Values lo..hi (their log10 on a log axis) laid from pixel `start` over `extent` pixels
    (negative: up the screen). Values beyond the range sit at its ends; on a log axis, values
    ≤ 0 sit at the low end."""

    lo: float
    hi: float
    log: bool = False
    start: int = 0
    extent: int = 0

    @classmethod
    def fit(cls, values: np.ndarray, *, log: bool = False, reference: float | None = None,
            whole_decades: bool = False, from_zero: bool = True) -> tuple[Axis, str]:
        """The range for finite `values` (see `clamped`) with HEADROOM, from 0 on a linear axis
        unless not `from_zero` (then from the data's least, with headroom below too), and
        how a `reference` value is shown: "line" (the range takes it in), "note" (it is more than
        FAR_ABOVE times the data's top, so the data is not squashed) or "" (none, or below the
        range). `whole_decades` widens a log axis to whole powers of ten."""
        shown = ""
        if log:
            pos_min = float(np.min(values, where=values > 0, initial=np.inf)) if values.size else np.inf
            top = float(values.max()) if values.size else 0.0
            lo, hi = (pos_min, top) if math.isfinite(pos_min) else (0.1, 1.0)
            if reference is not None and reference > 0:
                if reference > FAR_ABOVE * hi:
                    shown = "note"
                else:
                    lo, hi, shown = min(lo, reference), max(hi, reference), "line"
            l1 = math.log10(hi)
            l0 = max(math.log10(lo), l1 - MAX_DECADES)
            if whole_decades:
                l0, l1 = math.floor(l0), math.ceil(l1)
            if l1 - l0 < 1.0:
                mid = (l0 + l1) / 2
                l0, l1 = mid - 0.5, mid + 0.5
            margin = HEADROOM * (l1 - l0)
            return cls(l0 - margin, l1 + margin, True), shown
        least = float(values.min()) if values.size else 0.0
        lo = min(0.0, least) if from_zero else least
        top = float(values.max()) if values.size else 0.0
        if top <= lo:
            top = lo + 1.0
        if not from_zero:
            lo -= HEADROOM * (top - lo)
        if reference is not None and reference > lo:
            if reference > FAR_ABOVE * top:
                shown = "note"
            else:
                top, shown = max(top, reference), "line"
        return cls(lo, top + HEADROOM * (top - lo)), shown

    def along(self, start: int, extent: int) -> Axis:
        """The same range laid on pixels."""
        return self._replace(start=start, extent=extent)

    @property
    def range(self) -> tuple[float, float]:
        """The values at the two ends."""
        return (10.0**self.lo, 10.0**self.hi) if self.log else (self.lo, self.hi)

    def ticks(self, max_ticks: int) -> list[float]:
        """Round values inside the range, at most `max_ticks` (see `nice_ticks`, `log_ticks`)."""
        if self.log:
            return log_ticks(10.0**self.lo, 10.0**self.hi, max_ticks)
        return nice_ticks(self.lo, self.hi, max_ticks)

    def pixels(self, values: np.ndarray) -> np.ndarray:
        """The pixel of each value, as ints; the values must be finite (see `clamped`)."""
        v = values
        if self.log:
            with np.errstate(divide="ignore", invalid="ignore"):
                v = np.log10(np.maximum(v, 10.0**self.lo))
        f = np.clip((v - self.lo) / (self.hi - self.lo), 0.0, 1.0)
        return checked_pixels(self.start + f * self.extent)

    def pixel(self, value: float) -> int:
        """The pixel of any one value (NaN counts as +CLAMP, as in `clamped`): the same arithmetic
        as `pixels` in plain floats (a chart's marker asks for one every new step; an array of one
        costs ten times more), the same rounding (half to even); the log itself is numpy's."""
        v = float(value)
        v = CLAMP if math.isnan(v) else min(max(v, -CLAMP), CLAMP)
        if self.hi == self.lo:
            return int(self.pixels(np.array([v]))[0])
        if self.log:
            v = float(np.log10(max(v, 10.0**self.lo)))
        f = min(max((v - self.lo) / (self.hi - self.lo), 0.0), 1.0)
        return round(self.start + f * self.extent)


class StepAxis(NamedTuple):
    """Steps 0..span along the pixel columns left..left+width−1: step t starts at column
    left + t·width // span (the floor map), the end of the axis at its last column. With fewer
    steps than columns each step covers its own columns; with more, each column holds several,
    and a chart draws the min..max of theirs (`envelope`), so a one-step spike always shows."""

    left: int
    width: int
    span: int

    def x(self, t: int) -> int:
        """The first column of step t in 0..span."""
        if self.span == 0 or self.width <= 0:
            return self.left
        return min(self.left + (t * self.width) // self.span, self.left + self.width - 1)

    def xs(self, steps: np.ndarray) -> np.ndarray:
        """`x` of many steps at once (span > 0)."""
        return np.minimum(self.left + (steps * self.width) // self.span, self.left + self.width - 1)

    def step_at(self, column: int) -> int:
        """The first step shown in a column of the axis."""
        dx, w, n = column - self.left, self.width, self.span
        return (dx * n + w - 1) // w if n > w else ((dx + 1) * n + w - 1) // w - 1

    def column_steps(self) -> np.ndarray:
        """Per column, the last step that starts in or before it (the step it shows, with span ≤ width)."""
        w = self.width
        return ((np.arange(w) + 1) * self.span + w - 1) // w - 1

    def envelope(self, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The min and max of the values in each column (values of steps 0, 1, …; see `column_envelope`)."""
        return column_envelope(values, self.width, span=self.span)


def whole_ticks(last: int, max_ticks: int) -> list[int]:
    """Round whole steps in 0..last, at most `max_ticks` of them."""
    return [int(t) for t in nice_ticks(0, last, max_ticks) if float(t).is_integer()]


def _decimals(step: float) -> int:
    """Digits after the point that a multiple of `step` needs (used to wash out float noise)."""
    return max(0, 1 - math.floor(math.log10(step)))


def nice_ticks(lo: float, hi: float, max_ticks: int) -> list[float]:
    """At most `max_ticks` round values in [lo, hi], spaced by 1, 2 or 5 times a power of ten.

    The smallest such step that fits is chosen, so the axis gets as many ticks as allowed.
    A degenerate range (lo == hi) gives [lo]; a reversed or non-finite one gives [].
    """
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi < lo or max_ticks < 1:
        return []
    if hi == lo or max_ticks == 1:
        return [lo]
    span = hi - lo
    magnitude = 10.0 ** math.floor(math.log10(span / (max_ticks - 1)))
    for mult in (1, 2, 5, 10, 20, 50):
        step = mult * magnitude
        first = math.ceil(lo / step - _EPS)
        last = math.floor(hi / step + _EPS)
        if last - first + 1 <= max_ticks:
            break
    digits = _decimals(step)
    ticks = [min(hi, max(lo, round(k * step, digits))) for k in range(first, last + 1)]
    return ticks or [lo]


def _pow10(k: int, mult: int = 1) -> float:
    """mult·10^k, the nearest float (10.0 ** -3 is not always the float that "1e-3" is)."""
    return float(f"{mult}e{k}")


def log_ticks(lo: float, hi: float, max_ticks: int = 8) -> list[float]:
    """Ticks for a log axis over [lo, hi] (both > 0): the powers of ten inside it.

    Over about one decade, where that would leave fewer than three ticks, the 2× and 5× multiples
    are added; if even those are too few the range is so narrow that linear `nice_ticks` serve.
    Over many decades only every 2nd, 3rd … decade is kept so there are at most `max_ticks`.
    """
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo <= 0.0 or hi < lo:
        return []
    k_lo = math.ceil(math.log10(lo) - _EPS)
    k_hi = math.floor(math.log10(hi) + _EPS)
    decades = [k for k in range(k_lo, k_hi + 1) if lo * (1 - _EPS) <= _pow10(k) <= hi * (1 + _EPS)]
    if len(decades) >= 3:
        stride = max(1, math.ceil(len(decades) / max(1, max_ticks)))
        return [_pow10(k) for k in decades if k % stride == 0] or [_pow10(decades[0])]
    ticks = [
        _pow10(k, m)
        for k in range(math.floor(math.log10(lo)), k_hi + 1)
        for m in (1, 2, 5)
        if lo * (1 - _EPS) <= _pow10(k, m) <= hi * (1 + _EPS)
    ]
    if len(ticks) >= 2:
        return ticks
    return nice_ticks(lo, hi, min(max_ticks, 4))


def column_envelope(values: np.ndarray, n_cols: int, span: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The (min, max) of the values falling in each of `n_cols` equal pixel columns.

    Value i falls in column i·n_cols // size, the same floor mapping a chart uses for x, so a
    one-step spike or a step drop always lands in some column's max or min: nothing vanishes
    however long the series. When size ≤ n_cols there is nothing to merge: the values come back
    as they are (min = max = the value), one column position each, enough for the exact polyline.
    NaN propagates (clean the values first). Cost: two `reduceat` passes, no Python loop.

    A series still growing (the values are the first ones of `span`) is mapped as if `span` long,
    and only the columns its values reach come back.

    >>> [a.tolist() for a in column_envelope(np.array([3.0, 1.0, 4.0]), 3, span=6)]
    [[1.0, 4.0], [3.0, 4.0]]
    """
    if n_cols < 1:
        raise ValueError(f"column_envelope needs at least one column: {n_cols=}")
    flat = np.asarray(values, dtype=np.float64).ravel()
    size = max(span, flat.size)
    if size <= n_cols or flat.size == 0:
        return flat.copy(), flat.copy()
    starts = (np.arange(n_cols, dtype=np.int64) * size + n_cols - 1) // n_cols  # first value of each column
    starts = starts[starts < flat.size]
    return np.minimum.reduceat(flat, starts), np.maximum.reduceat(flat, starts)
