"""Constant: the same rate every epoch, optionally lowered by a factor at first (PyTorch's ConstantLR)."""

from __future__ import annotations

import numpy as np

from lrgame.engine.params import ParamSpec
from lrgame.engine.schedules.family import Args, Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.specs import epochs_param
from lrgame.engine.schedules.torch_code import call


def constant(lr0: float, epochs: int, factor: float, total_iters: int) -> Curve:
    return lambda t: lr0 * np.where(t < total_iters, factor, 1.0)


def _pytorch(lr0: float, total: int, p: Args) -> str:
    if p["factor"] == 1.0 or p["total_iters"] == 0:
        return (
            "# A constant rate needs no scheduler; this one changes nothing and only keeps\n"
            "# the loop below the same as for any other schedule.\n"
            "scheduler = LambdaLR(optimizer, lambda step: 1.0)"
        )
    return call("scheduler", "ConstantLR", factor=p["factor"], total_iters=p["total_iters"])


SCHEDULE = Schedule(
    "constant", "Constant", "The same rate every epoch (optionally lowered by a factor for the first epochs).",
    (
        ParamSpec("factor", "factor (early)", "real", 1.0, "Multiplies the rate until total_iters; 1 keeps it flat.",
                  lo=0.0, hi=1.0, lo_open=True),
        epochs_param("total_iters", "until epoch", lambda c: 0, "Epoch where the factor stops applying.", lo=0),
    ),
    constant,
    Explanation(
        formula("η(t) = η", "_0", "   (× factor while t < total_iters)"),
        {"factor": "Shrinks the rate for the first few epochs; 1 means no change at all.",
         "total_iters": "The epoch at which the rate goes back to the full η₀."},
        "As a baseline: the simplest thing to compare every other schedule against.",
        "The ball never calms down: the noise keeps kicking it, and the steps never shrink to let it settle.",
    ),
    _pytorch,
    caption="Constant rate: the ball reaches the bottom but never stops jiggling.",
)
