"""Axis arithmetic for charts, with no pygame: tick positions and the per-pixel-column envelope.

>>> nice_ticks(0.0, 0.1, 6)
[0.0, 0.02, 0.04, 0.06, 0.08, 0.1]
>>> log_ticks(1e-4, 0.1)
[0.0001, 0.001, 0.01, 0.1]
>>> log_ticks(0.015, 0.12)
[0.02, 0.05, 0.1]
>>> [a.tolist() for a in column_envelope(np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0]), 3)]
[[1.0, 1.0, 5.0], [3.0, 4.0, 9.0]]
"""

from __future__ import annotations

import math

import numpy as np

_EPS = 1e-9  # relative slack so 0.3 counts as a multiple of 0.1 despite binary floats


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


def column_starts(size: int, n_cols: int) -> np.ndarray:
    """First index of each column when value i falls in column i·n_cols // size (size > n_cols)."""
    return (np.arange(n_cols, dtype=np.int64) * size + n_cols - 1) // n_cols


def column_envelope(values: np.ndarray, n_cols: int, span: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The (min, max) of the values falling in each of `n_cols` equal pixel columns.

    Value i falls in column i·n_cols // size, the same floor mapping a chart uses for x, so a
    one-epoch spike or a step drop always lands in some column's max or min: nothing vanishes
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
    starts = column_starts(size, n_cols)
    starts = starts[starts < flat.size]
    return np.minimum.reduceat(flat, starts), np.maximum.reduceat(flat, starts)
