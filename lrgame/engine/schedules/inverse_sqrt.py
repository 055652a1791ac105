"""Inverse square root: warm up linearly, then shrink like 1/√t (Hugging Face transformers'
get_inverse_sqrt_schedule; PyTorch has no class for it, so its code is a LambdaLR)."""

from __future__ import annotations

import numpy as np

from lrgame.engine.schedules.family import Args, Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.specs import WARMUP_WORDS, epochs_param, frac
from lrgame.engine.schedules.torch_code import lambda_lr


def inverse_sqrt(lr0: float, epochs: int, warmup_epochs: int) -> Curve:
    w = warmup_epochs
    timescale = w or 10_000
    shift = timescale - w

    def f(t: np.ndarray) -> np.ndarray:
        decay = 1.0 / np.sqrt(np.maximum(t + shift, 1) / timescale)
        return lr0 * np.where(t < w, t / max(1, w), decay)

    return f


def _pytorch(lr0: float, total: int, p: Args) -> str:
    w = int(p["warmup_epochs"])  # type: ignore[arg-type]
    if w == 0:
        decay = "return math.sqrt(10000 / (step + 10000))  # no warmup: transformers' timescale of 10000"
    else:
        decay = f"return math.sqrt({w} / step)  # 1 at the end of the warmup, then like 1/√step"
    return lambda_lr(f"if step < {w}:  # linear warmup from 0\n    return step / {w}" if w else "", decay)


SCHEDULE = Schedule(
    "inverse_sqrt", "Inverse square root", "Warm up linearly, then shrink like 1/√t (transformers).",
    (epochs_param("warmup_epochs", "warmup epochs", lambda c: frac(c, 0.1, lo=0),
                  "Epochs ramping up from 0.", lo=0),),
    inverse_sqrt,
    Explanation(
        formula("η(t) = η", "_0", "·min(t/W, √(W/t));  W = 0: η", "_0", "/√(1 + t/10", "^4", ")"),
        {"warmup_epochs": WARMUP_WORDS + " With none, the rate falls from the start, halving by t = 30,000."},
        "Training without a fixed end: the rate keeps shrinking but never hits zero.",
        "It falls slowly for ever: on a short run it ends still quite high.",
    ),
    _pytorch,
    caption="Inverse square root: a quick climb, then a slow fall that never ends.",
)
