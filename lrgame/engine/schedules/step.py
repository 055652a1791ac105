"""Step decay: multiply the rate by γ every step_size epochs, a staircase (PyTorch's StepLR)."""

from __future__ import annotations

import numpy as np

from lrgame.engine.schedules.family import Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.maths import levels
from lrgame.engine.schedules.specs import epochs_param, frac, gamma
from lrgame.engine.schedules.torch_code import scheduler_class


def step(lr0: float, epochs: int, step_size: int, gamma: float) -> Curve:
    def f(t: np.ndarray) -> np.ndarray:
        k = t.astype(np.int64) // step_size
        return levels(lr0, np.full(int(k.max(initial=0)), gamma))[k]

    return f


SCHEDULE = Schedule(
    "step", "Step decay", "Multiply the rate by γ every step_size epochs: a staircase.",
    (
        epochs_param("step_size", "step size", lambda c: frac(c, 1 / 3), "Epochs between two drops."),
        gamma(0.1, "Each drop multiplies the rate by γ (0.1 = divide by ten)."),
    ),
    step,
    Explanation(
        formula("η(t) = η", "_0", " · γ", "^⌊t / step_size⌋"),
        {"step_size": "How many epochs pass between two drops.",
         "gamma": "What each drop multiplies the rate by: 0.1 divides it by ten."},
        "Classic image models such as ResNet: train at a big rate, then drop it when progress stalls.",
        "Right after a drop the loss falls fast, so it is tempting to drop too early and stop learning.",
    ),
    scheduler_class("StepLR", "step_size", "gamma"),
    caption="Step decay: the rate drops by ten now and then, and the hops shrink in jumps.",
    ends="a few percent",
)
