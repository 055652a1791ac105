"""Cosine annealing: glide from η₀ down to η_min along half a cosine (PyTorch's CosineAnnealingLR)."""

from __future__ import annotations

from lrgame.engine.schedules.family import Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.maths import cosine_between
from lrgame.engine.schedules.specs import ETA_MIN_WORDS, epochs_param, eta_min
from lrgame.engine.schedules.torch_code import scheduler_class


def cosine(lr0: float, epochs: int, T_max: int, eta_min: float) -> Curve:
    return lambda t: cosine_between(lr0, eta_min, t / T_max)


SCHEDULE = Schedule(
    "cosine", "Cosine annealing", "Glide from η₀ down to η_min along half a cosine wave.",
    (
        epochs_param("T_max", "T_max", lambda c: c.epochs, "Epochs to reach the floor."),
        eta_min(),
    ),
    cosine,
    Explanation(
        formula("η(t) = η", "_min", " + (η", "_0", " − η", "_min", ") · (1 + cos(π·t / T", "_max", ")) / 2"),
        {"T_max": "Epochs to glide from η₀ down to the floor.", "eta_min": ETA_MIN_WORDS},
        "A favourite default today: no knobs to tune besides the length, and it ends gently.",
        "If training runs past T_max, PyTorch's cosine climbs back up again.",
    ),
    scheduler_class("CosineAnnealingLR", "T_max", "eta_min"),
    caption="Cosine: a gentle glide from big steps to tiny ones.",
    ends="near zero",
)
