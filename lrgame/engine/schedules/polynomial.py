"""Polynomial decay: fall to zero along (1 − t/total)^power (PyTorch's PolynomialLR)."""

from __future__ import annotations

import numpy as np

from lrgame.engine.params import ParamSpec
from lrgame.engine.schedules.family import Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.specs import epochs_param
from lrgame.engine.schedules.torch_code import scheduler_class


def polynomial(lr0: float, epochs: int, total_iters: int, power: float) -> Curve:
    return lambda t: lr0 * (1.0 - np.minimum(t, total_iters) / total_iters) ** power


SCHEDULE = Schedule(
    "polynomial", "Polynomial decay", "Fall to zero along (1 − t/total)^power: power 1 is a straight line.",
    (
        epochs_param("total_iters", "decay length", lambda c: c.epochs, "Epochs to reach zero."),
        ParamSpec("power", "power", "real", 1.0, "Above 1 drops fast early; below 1 holds high longer.",
                  lo=0.0, hi=10.0, lo_open=True),
    ),
    polynomial,
    Explanation(
        formula("η(t) = η", "_0", " · (1 − min(t, N) / N)", "^p"),
        {"total_iters": "Epochs until the rate reaches zero (N).",
         "power": "The curve's shape (p): 1 is a straight line, 2 drops fast early, 0.5 holds high longer."},
        "Segmentation and detection models often use power 0.9 over the whole run.",
        "Like any decay to zero, the last epochs barely learn; that is on purpose, but it costs time.",
    ),
    scheduler_class("PolynomialLR", "total_iters", "power"),
    caption="Polynomial: a curved fall to zero, steep or gentle as you like.",
    ends="near zero",
)
