"""Multi-step decay: multiply the rate by γ at chosen epochs, the milestones (PyTorch's MultiStepLR)."""

from __future__ import annotations

import numpy as np

from lrgame.engine.params import ParamSpec
from lrgame.engine.schedules.family import Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.maths import levels
from lrgame.engine.schedules.specs import frac, gamma
from lrgame.engine.schedules.torch_code import scheduler_class


def multistep(lr0: float, epochs: int, milestones: tuple[int, ...], gamma: float) -> Curve:
    marks, counts = np.unique(np.asarray(milestones, dtype=np.int64), return_counts=True)
    table = levels(lr0, gamma ** counts.astype(np.float64))
    return lambda t: table[np.searchsorted(marks, t, side="right")]


SCHEDULE = Schedule(
    "multistep", "Multi-step decay", "Multiply the rate by γ at chosen epochs (milestones).",
    (
        ParamSpec("milestones", "milestones", "int_list",
                  lambda c: (frac(c, 0.5), frac(c, 0.75)), "Epochs where the rate drops, comma-separated.",
                  lo=1, bound="epochs", unit="epochs"),
        gamma(0.1, "Each milestone multiplies the rate by γ."),
    ),
    multistep,
    Explanation(
        formula("η(t) = η", "_0", " · γ", "^(number of milestones ≤ t)"),
        {"milestones": "The epochs where the rate drops, for example 30, 60, 90.",
         "gamma": "What each drop multiplies the rate by."},
        "Like step decay, but with drops placed by hand where the loss has flattened out before.",
        "Milestones picked for one run length do not move when you train longer: re-place them.",
    ),
    scheduler_class("MultiStepLR", "milestones", "gamma"),
    caption="Multi-step: drops at chosen epochs; each one calms the ball down.",
    ends="a few percent",
)
