"""Linear: a straight line from start_factor·η₀ to end_factor·η₀, then flat (PyTorch's LinearLR)."""

from __future__ import annotations

import numpy as np

from lrgame.engine.params import ParamSpec
from lrgame.engine.schedules.family import Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.specs import epochs_param
from lrgame.engine.schedules.torch_code import scheduler_class


def linear(lr0: float, epochs: int, start_factor: float, end_factor: float, total_iters: int) -> Curve:
    slope = (end_factor - start_factor) / total_iters
    return lambda t: lr0 * (start_factor + slope * np.minimum(t, total_iters))


SCHEDULE = Schedule(
    "linear", "Linear", "A straight line from start_factor·η₀ to end_factor·η₀, then flat.",
    (
        ParamSpec("start_factor", "start factor", "real", 1.0, "Fraction of η₀ at epoch 0.",
                  lo=0.0, hi=1.0, lo_open=True),
        ParamSpec("end_factor", "end factor", "real", 0.0, "Fraction of η₀ at the end of the line.",
                  lo=0.0, hi=1.0),
        epochs_param("total_iters", "line length", lambda c: c.epochs, "Epochs the line takes."),
    ),
    linear,
    Explanation(
        formula("η(t) = η", "_0", " · (s + (e − s) · min(t, N) / N)"),
        {"start_factor": "The rate at epoch 0, as a share of η₀ (s).",
         "end_factor": "The rate at the end of the line, as a share of η₀ (e).",
         "total_iters": "How many epochs the line takes (N); after that the rate stays put."},
        "Fine-tuning and BERT-style training often fall in a straight line to zero.",
        "If the line is shorter than the run, the rate then stays flat at e·η₀; with e = 0 those last epochs learn "
        "nothing at all.",
    ),
    scheduler_class("LinearLR", "start_factor", "end_factor", "total_iters"),
    caption="Linear: the rate falls in a straight line to zero.",
    ends="near zero",
)
