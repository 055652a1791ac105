"""Warmup + cosine: a linear ramp up to η₀, then a cosine down to η_min (PyTorch's LinearLR then
CosineAnnealingLR; with decay_epochs, GPT-3's cosine that ends early and holds the floor)."""

from __future__ import annotations

import numpy as np

from lrgame.engine.params import ConfigError, ParamSpec, RunContext, Value
from lrgame.engine.schedules.family import Args, Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.maths import cosine_between
from lrgame.engine.schedules.specs import ETA_MIN_WORDS, epochs_param, eta_min, frac
from lrgame.engine.schedules.torch_code import HALF_COSINE, above, call, floor_line, held, lambda_lr


def warmup_cosine(
    lr0: float, epochs: int, warmup_epochs: int, start_factor: float, eta_min: float, decay_epochs: int
) -> Curve:
    w = warmup_epochs
    length = decay_epochs or epochs - w

    def f(t: np.ndarray) -> np.ndarray:
        warm = lr0 * (start_factor + (1.0 - start_factor) * t / max(w, 1))
        cosine = cosine_between(lr0, eta_min, (t - w) / length)
        if decay_epochs:  # a cosine that ends early, then holds the floor (GPT-3's recipe)
            cosine = np.where(t >= w + length, eta_min, cosine)
        return np.where(t < w, warm, cosine)

    return f


def _check_warmup_below_run(p: dict[str, Value], ctx: RunContext) -> None:
    if int(p["warmup_epochs"]) >= ctx.epochs:
        raise ConfigError(
            f"warmup_epochs={p['warmup_epochs']!r} is not allowed: the warmup must end before the run does "
            f"(at most T−1 = {ctx.epochs - 1})"
        )
    if int(p.get("decay_epochs", 0)) + int(p["warmup_epochs"]) > ctx.epochs:
        raise ConfigError(
            f"warmup_epochs={p['warmup_epochs']!r} plus decay_epochs={p['decay_epochs']!r} is more than the run: "
            f"together they must be at most T = {ctx.epochs}"
        )


def _pytorch(lr0: float, total: int, p: Args) -> str:
    w, d = int(p["warmup_epochs"]), int(p["decay_epochs"])  # type: ignore[arg-type]
    sf, eta_min = float(p["start_factor"]), float(p["eta_min"])  # type: ignore[arg-type]
    length = d or total - w
    if not d and (w == 0 or sf > 0):  # PyTorch's own classes can say it
        cosine = call("scheduler" if w == 0 else "cosine", "CosineAnnealingLR", T_max=length, eta_min=eta_min)
        if w == 0:
            return cosine
        warmup = call("warmup", "LinearLR", start_factor=sf, end_factor=1.0, total_iters=w)
        return f"{warmup}\n{cosine}\nscheduler = SequentialLR(optimizer, schedulers=[warmup, cosine], milestones=[{w}])"
    floor = "0.0" if eta_min == 0 else f"{eta_min!r} / {lr0!r}"
    why = "LinearLR refuses start_factor=0" if sf == 0 else "the cosine ends early"
    ramp = "step" if sf == 0 else f"{sf!r} + {1.0 - sf!r} * step"
    return lambda_lr(
        floor_line(floor, "eta_min / lr0"),
        f"if step < {w}:  # linear warmup ({why}, so the formula is written out)\n    return {ramp} / {w}"
        if w else "",
        f"if step >= {w + d}:  # the cosine has ended: hold eta_min\n    return {held(floor)}" if d else "",
        f"progress = (step - {w}) / {length}  # cosine from lr0 down to eta_min over {length} steps\n"
        f"return {above(floor, HALF_COSINE)}",
    )


SCHEDULE = Schedule(
    "warmup_cosine", "Warmup + cosine", "Ramp up linearly for a few epochs, then cosine down to η_min.",
    (
        epochs_param("warmup_epochs", "warmup epochs", lambda c: min(c.epochs - 1, frac(c, 0.05, lo=0)),
                     "Epochs spent ramping up to η₀.", lo=0),
        ParamSpec("start_factor", "start factor", "real", 0.0, "The ramp starts at this fraction of η₀.",
                  lo=0.0, hi=1.0),
        eta_min(),
        epochs_param("decay_epochs", "cosine length", lambda c: 0,
                     "Epochs of cosine after the warmup, then hold η_min; 0 = the rest of the run.", lo=0),
    ),
    warmup_cosine,
    Explanation(
        formula("η(t) = η", "_0", "·(s + (1−s)·t/W) for t < W, then cosine to η", "_min"),
        {"warmup_epochs": "How many epochs the rate spends climbing to η₀ (W).",
         "start_factor": "Where the climb starts, as a share of η₀ (s); 0 starts from nothing.",
         "eta_min": ETA_MIN_WORDS,
         "decay_epochs": "How long the cosine lasts; after it the rate stays at the floor (0: the rest of the run)."},
        "Transformers and large language models: the short climb keeps the first wild steps from wrecking things.",
        "Too short a warmup with a big peak can still blow up in the first epochs.",
    ),
    _pytorch,
    caption="Warmup + cosine: start careful, speed up, then glide down.",
    cross_check=_check_warmup_below_run,
    ends="near zero",
)
