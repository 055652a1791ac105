"""Cosine with warm restarts (SGDR): cosine down, jump back to η₀, again, each cycle T_mult times
longer (PyTorch's CosineAnnealingWarmRestarts)."""

from __future__ import annotations

import numpy as np

from lrgame.engine.params import ParamSpec
from lrgame.engine.schedules.family import Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.maths import cosine_between
from lrgame.engine.schedules.specs import ETA_MIN_WORDS, epochs_param, eta_min, frac
from lrgame.engine.schedules.torch_code import scheduler_class


def cosine_restarts(lr0: float, epochs: int, T_0: int, T_mult: int, eta_min: float) -> Curve:
    if T_mult == 1:
        return lambda t: cosine_between(lr0, eta_min, (t % T_0) / T_0)
    lengths = [T_0]
    while sum(lengths) <= epochs:
        lengths.append(lengths[-1] * T_mult)
    period = np.asarray(lengths, dtype=np.float64)
    starts = np.concatenate(([0.0], np.cumsum(period)[:-1]))

    def f(t: np.ndarray) -> np.ndarray:
        k = np.searchsorted(starts, t, side="right") - 1
        return cosine_between(lr0, eta_min, (t - starts[k]) / period[k])

    return f


SCHEDULE = Schedule(
    "cosine_restarts", "Cosine with warm restarts", "Cosine down, then jump back to η₀ and do it again (SGDR).",
    (
        epochs_param("T_0", "T_0 (first cycle)", lambda c: frac(c, 0.25), "Length of the first cycle."),
        ParamSpec("T_mult", "T_mult (growth)", "int", 1, "Each cycle is T_mult times longer than the last.",
                  lo=1, hi=10),
        eta_min(),
    ),
    cosine_restarts,
    Explanation(
        formula("η(t) = η", "_min", " + (η", "_0", " − η", "_min", ") · (1 + cos(π·t", "_cur", " / T", "_i", ")) / 2"),
        {"T_0": "Length of the first cycle in epochs.",
         "T_mult": "Each cycle lasts this many times longer than the one before.",
         "eta_min": ETA_MIN_WORDS},
        "To shake the model out of a poor valley now and then, and to save good snapshots at each low point.",
        "Stop training just after a restart and you end at the highest rate, not the lowest.",
    ),
    scheduler_class("CosineAnnealingWarmRestarts", "T_0", "T_mult", "eta_min"),
    caption="Warm restarts: every so often the rate jumps back up and shakes the ball loose.",
    jumps=True,
)
