"""Exponential decay: multiply the rate by γ every epoch, a smooth slide (PyTorch's ExponentialLR)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from lrgame.engine.numfmt import sig4
from lrgame.engine.params import Value
from lrgame.engine.schedules.family import Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.maths import levels
from lrgame.engine.schedules.specs import gamma
from lrgame.engine.schedules.torch_code import scheduler_class


def exponential(lr0: float, epochs: int, gamma: float) -> Curve:
    def f(t: np.ndarray) -> np.ndarray:
        k = t.astype(np.int64)
        return levels(lr0, np.full(int(k.max(initial=0)), gamma))[k]

    return f


def decay_rate(params: Mapping[str, Value]) -> str:
    """γ as the decay rate k of η₀·e^(−k·t), the form physics lessons use."""
    return f"k = −ln γ = {sig4(-math.log(float(params['gamma'])))} per epoch"  # type: ignore[arg-type]


SCHEDULE = Schedule(
    "exponential", "Exponential decay", "Multiply the rate by γ every epoch: a smooth, steady slide.",
    (gamma(0.95, "Every epoch multiplies the rate by γ; the decay rate is k = −ln γ.", per_epoch=True),),
    exponential,
    Explanation(
        formula("η(t) = η", "_0", " · γ", "^t", "  = η", "_0", " · e", "^−k·t", ",  k = −ln γ"),
        {"gamma": "The rate is multiplied by γ every epoch; 0.95 loses 5 % each time. With S steps an epoch, "
                  "each step multiplies it by γ^(1/S), so an epoch still multiplies it by γ."},
        "When you want a smooth, steady slide instead of sudden drops.",
        "γ is very touchy: 0.99 and 0.95 look alike but after 100 epochs one leaves 37 % and the other 0.6 %.",
    ),
    scheduler_class("ExponentialLR", "gamma"),
    caption="Exponential decay: a little smaller every epoch, a smooth slide to calm.",
    knob_note=decay_rate,
    ends="a few percent",
)
