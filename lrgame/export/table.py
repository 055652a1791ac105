"""The curve as text: CSV rows that read back as the same floats."""

from __future__ import annotations

import numpy as np


def csv_text(lr: np.ndarray, unit: str = "epoch") -> str:
    """`epoch,lr` (or `step,lr`) rows; repr() is the shortest text that reads back bit-exactly."""
    return f"{unit},lr\n" + "".join(f"{t},{x!r}\n" for t, x in enumerate(lr.tolist()))
