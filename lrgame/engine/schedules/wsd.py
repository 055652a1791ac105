"""Warmup-stable-decay: ramp up, hold η₀ for most of the run, then cool down fast at the end
(Hugging Face transformers' get_wsd_schedule; PyTorch has no class for it, so its code is a LambdaLR)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrgame.engine.params import ConfigError, ParamSpec, RunContext, Value
from lrgame.engine.schedules.family import Args, Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.specs import WARMUP_WORDS, epochs_param, frac
from lrgame.engine.schedules.torch_code import HALF_COSINE, above, floor_line, held, lambda_lr

_RISES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": lambda p: p,
    "cosine": lambda p: 0.5 * (1.0 - np.cos(np.pi * p)),
    "1-sqrt": lambda p: 1.0 - np.sqrt(1.0 - p),
}
_FALLS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": lambda p: 1.0 - p,
    "cosine": lambda p: 0.5 * (1.0 + np.cos(np.pi * 0.5 * 2.0 * p)),
    "1-sqrt": lambda p: 1.0 - np.sqrt(p),
}


def wsd(
    lr0: float,
    epochs: int,
    warmup_epochs: int,
    decay_epochs: int,
    warmup_type: str,
    decay_type: str,
    min_lr_ratio: float,
) -> Curve:
    w, d = warmup_epochs, decay_epochs
    stable_end = epochs - d

    def f(t: np.ndarray) -> np.ndarray:
        up = _RISES[warmup_type](np.clip(t / max(1, w), 0.0, 1.0))
        down = _FALLS[decay_type](np.clip((t - stable_end) / max(1, d), 0.0, 1.0))
        ramp = np.where(t < w, up, down)
        factor = np.maximum(0.0, ramp * (1.0 - min_lr_ratio) + min_lr_ratio)
        factor = np.where((t >= w) & (t < stable_end), 1.0, factor)
        return lr0 * np.where(t >= epochs, min_lr_ratio, factor)

    return f


def _check_fits(p: dict[str, Value], ctx: RunContext) -> None:
    if int(p["warmup_epochs"]) + int(p["decay_epochs"]) > ctx.epochs:
        raise ConfigError(
            f"warmup_epochs={p['warmup_epochs']!r} plus decay_epochs={p['decay_epochs']!r} is more than the run: "
            f"together they must be at most T = {ctx.epochs}"
        )


_RISE_CODE = {"linear": "progress", "cosine": "0.5 * (1 - math.cos(math.pi * progress))",
              "1-sqrt": "1 - math.sqrt(1 - progress)"}
_FALL_CODE = {"linear": "1 - progress", "cosine": HALF_COSINE, "1-sqrt": "1 - math.sqrt(progress)"}


def _pytorch(lr0: float, total: int, p: Args) -> str:
    w, d, ratio = int(p["warmup_epochs"]), int(p["decay_epochs"]), p["min_lr_ratio"]  # type: ignore[arg-type]
    floor, stable_end = repr(ratio), total - d
    return lambda_lr(
        floor_line(floor, "min_lr_ratio"),
        f"if step < {w}:  # warmup ({p['warmup_type']})\n    progress = step / {w}\n"
        f"    return {above(floor, _RISE_CODE[str(p['warmup_type'])])}" if w else "",
        f"if step < {stable_end}:  # stable\n    return 1.0" if stable_end > w else "",
        f"if step < {total}:  # decay ({p['decay_type']})\n    progress = (step - {stable_end}) / {d}\n"
        f"    return {above(floor, _FALL_CODE[str(p['decay_type'])])}" if d else "",
        f"return {held(floor)}  # after the run",
    )


SCHEDULE = Schedule(
    "wsd", "Warmup-stable-decay", "Ramp up, hold η₀ for most of the run, then cool down fast at the end.",
    (
        epochs_param("warmup_epochs", "warmup epochs", lambda c: frac(c, 0.05, lo=0), "Epochs ramping up.", lo=0),
        epochs_param("decay_epochs", "cooldown", lambda c: frac(c, 0.2, lo=0), "Epochs of the final cooldown.",
                     lo=0),
        ParamSpec("warmup_type", "warmup form", "choice", "linear", "Shape of the ramp up.",
                  choices=("linear", "cosine", "1-sqrt")),
        ParamSpec("decay_type", "cooldown form", "choice", "1-sqrt", "Shape of the cooldown.",
                  choices=("linear", "cosine", "1-sqrt")),
        ParamSpec("min_lr_ratio", "min_lr_ratio", "real", 0.0, "Where the cooldown ends, as a fraction of η₀.",
                  lo=0.0, hi=1.0),
    ),
    wsd,
    Explanation(
        formula("warm up → hold η", "_0", " → cool down to η", "_0", "·min_lr_ratio"),
        {"warmup_epochs": WARMUP_WORDS,
         "decay_epochs": "The length of the final cool-down.",
         "warmup_type": {"linear": "The climb is a straight line.",
                         "cosine": "The climb is a smooth S-shaped cosine curve.",
                         "1-sqrt": "The climb follows 1−√: slow at first, steep at the end."},
         "decay_type": {"linear": "The cool-down is a straight line.",
                        "cosine": "The cool-down is a smooth S-shaped cosine curve.",
                        "1-sqrt": "The cool-down follows 1−√: steep at first, then gentle, the shape "
                                  "Hägele et al. (2024) found works best."},
         "min_lr_ratio": "Where the cool-down ends, as a share of η₀."},
        "Large language models trained for an unknown length: hold the peak, and cool down whenever you stop.",
        "Most of the gain comes in the cool-down: skip it and the model looks worse than it is.",
    ),
    _pytorch,
    caption="Warmup-stable-decay: hold a big rate for ages, then cool down fast at the end.",
    cross_check=_check_fits,
    ends="near zero",
)
