"""Numbers as the screen shows them: short, stable in width, and never "nan" or "inf".

>>> sig4(3e-4), sig4(0.1), sig4(123.456), sig4(0.0), sig4(float("nan"))
('3.000e-04', '0.1000', '123.5', '0', '—')
>>> [tick_label(x) for x in (0.05, 0.001, 30, 1200, 1_000_000, 0)]
['0.05', '1e-3', '30', '1.2k', '1M', '0']
"""

from __future__ import annotations

import math
from functools import lru_cache

DASH = "—"
"""Shown for NaN and ±inf: a number that is not a number is not printed."""

_SUFFIXES = ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k"))


def sig4(x: float) -> str:
    """4 significant digits: fixed notation from 0.001 up to 100 000, scientific outside it.

    Trailing zeros are kept ("0.1000"), so a value that changes keeps its width on screen.
    """
    return _sig4(float(x))


@lru_cache(maxsize=64)
def _sig4(x: float) -> str:
    """`sig4`, remembered for the last few values: a playing run's step writes each of its numbers
    two or three times (the rate on a card, in the readout and by the chart's marker; η₀, the
    final and the average rate on their cards every step), and formatting one costs ~2 µs."""
    if not math.isfinite(x):
        return DASH
    if x == 0.0:
        return "0"
    sci = f"{x:.3e}"  # rounds first, so the exponent below is the exponent of the rounded value
    exponent = int(sci.rsplit("e", 1)[1])
    if exponent < -3 or exponent >= 5:
        return sci
    return f"{x:.{max(0, 3 - exponent)}f}"


def full(x: float) -> str:
    """Every digit there is (Python's shortest round-trip repr), for hover tooltips; ints stay ints."""
    if isinstance(x, int) and not isinstance(x, bool):
        return str(x)
    x = float(x)
    return repr(x) if math.isfinite(x) else DASH


def _trim(mantissa: str) -> str:
    return mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa


def tick_label(x: float) -> str:
    """A short axis label: "0.05", "1e-3", "30", "1.2k", "1M" (3 significant digits at most)."""
    x = float(x)
    if not math.isfinite(x):
        return DASH
    if x == 0.0:
        return "0"
    rounded = float(f"{x:.3g}")  # 999 999 rounds to 1e6 and is labelled "1M", not "1000k"
    size = abs(rounded)
    if size < 0.01:
        mantissa, exponent = f"{x:.2e}".split("e")
        return f"{_trim(mantissa)}e{int(exponent)}"
    if size < 1e3:
        return f"{rounded:g}"
    for scale, suffix in _SUFFIXES:
        if size >= scale and size < 1e3 * scale:
            return f"{rounded / scale:.3g}{suffix}"
    mantissa, exponent = f"{x:.2e}".split("e")
    return f"{_trim(mantissa)}e{int(exponent)}"


def knob_text(value: object) -> str:
    """A knob's value as typed: lists comma-separated, floats to 6 significant digits."""
    if isinstance(value, tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)
