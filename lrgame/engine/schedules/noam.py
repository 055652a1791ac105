"""Noam: the original Transformer's rate, a linear rise to η₀ then a 1/√t fall (Vaswani et al. 2017,
scaled to peak at η₀; PyTorch has no class for it, so its code is a LambdaLR)."""

from __future__ import annotations

import numpy as np

from lrgame.engine.schedules.family import Args, Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.specs import epochs_param, frac
from lrgame.engine.schedules.torch_code import lambda_lr


def noam(lr0: float, epochs: int, warmup_epochs: int) -> Curve:
    w = float(warmup_epochs)
    return lambda t: lr0 * np.sqrt(w) * np.minimum((t + 1) ** -0.5, (t + 1) * w**-1.5)


def _pytorch(lr0: float, total: int, p: Args) -> str:
    w = int(p["warmup_epochs"])  # type: ignore[arg-type]
    return lambda_lr(
        f"# Attention Is All You Need, scaled to peak at lr0 at step {w - 1}: a linear rise, then 1/√n\n"
        f"n = step + 1\nreturn min(n / {w}, math.sqrt({w} / n))"
    )


SCHEDULE = Schedule(
    "noam", "Noam (Transformer)", "Attention Is All You Need: rise linearly, peak at η₀, then fall like 1/√t.",
    (epochs_param("warmup_epochs", "warmup epochs", lambda c: frac(c, 0.1),
                  "The peak comes at the end of the warmup."),),
    noam,
    Explanation(
        formula("η(t) = η", "_0", " · √W · min(n", "^−½", ", n · W", "^−3/2", "),  n = t + 1"),
        {"warmup_epochs": "The peak arrives at the end of this climb (W)."},
        "The original Transformer: a straight climb, then a 1/√step fall.",
        "In the paper the peak is (d_model · W)^−½: a wider model or a longer warmup both lower it.",
    ),
    _pytorch,
    caption="Noam: the Transformer's recipe, a climb and then a 1/√t fall.",
)
