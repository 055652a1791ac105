"""Cyclic (triangle): bounce between base_lr and η₀ in triangles, again and again (PyTorch's CyclicLR)."""

from __future__ import annotations

import numpy as np

from lrgame.engine.params import ConfigError, ParamSpec, RunContext, Value
from lrgame.engine.schedules.family import Args, Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.momentum import WORDS, momentum_args, momentum_params
from lrgame.engine.schedules.specs import epochs_param, frac, gamma
from lrgame.engine.schedules.torch_code import call


def _wave(start: float, peak: float, step_size_up: int, step_size_down: int | None, mode: str,
          gamma: float) -> Curve:
    """From `start` to `peak` and back in triangles, their height scaled by the mode, as CyclicLR
    moves the rate (base_lr → max_lr) and, inversely, the momentum (max_momentum → base_momentum).
    A left-out step_size_down follows step_size_up, PyTorch's rule."""
    down = step_size_up if step_size_down is None else step_size_down
    total = float(step_size_up + down)
    ratio = step_size_up / total

    def f(t: np.ndarray) -> np.ndarray:
        cycle = np.floor(1 + t / total)
        x = 1.0 + t / total - cycle
        scale = np.where(x <= ratio, x / ratio, (x - 1) / (ratio - 1))
        height = (peak - start) * scale
        if mode == "triangular2":
            return start + height * (1 / (2.0 ** (cycle - 1)))
        if mode == "exp_range":
            return start + height * gamma**t
        return start + height * 1.0

    return f


def cyclic(
    lr0: float,
    epochs: int,
    base_lr: float,
    step_size_up: int,
    step_size_down: int | None,
    mode: str,
    gamma: float,
) -> Curve:
    return _wave(base_lr, lr0, step_size_up, step_size_down, mode, gamma)


def cyclic_momentum(lr0: float, epochs: int, *, step_size_up: int, step_size_down: int | None, mode: str, gamma: float,
                    base_momentum: float, max_momentum: float, **_rate_only: Value) -> Curve:
    """max_momentum where the rate is at base_lr, base_momentum at its peaks. PyTorch writes
    max − (max − base)·scale, which is max + (base − max)·scale to the last bit."""
    return _wave(max_momentum, base_momentum, step_size_up, step_size_down, mode, gamma)


def _check_base(p: dict[str, Value], ctx: RunContext) -> None:
    if float(p["base_lr"]) > ctx.lr0:
        raise ConfigError(f"base_lr={p['base_lr']!r} is not allowed: it must be at most max_lr = η₀ = {ctx.lr0:g}")


def _pytorch(lr0: float, total: int, p: Args) -> str:
    names = ("step_size_up", "step_size_down", "mode", "gamma")
    return call("scheduler", "CyclicLR", base_lr=p["base_lr"], max_lr=lr0, **{n: p[n] for n in names},
                **momentum_args(p))


SCHEDULE = Schedule(
    "cyclic", "Cyclic (triangle)", "Bounce between base_lr and η₀ in triangles, again and again.",
    (
        ParamSpec("base_lr", "base_lr (low)", "real", lambda c: c.lr0 / 10, "The bottom of each triangle.",
                  lo=0.0, bound="lr0"),
        epochs_param("step_size_up", "epochs up", lambda c: frac(c, 0.1), "Epochs climbing from base_lr to η₀."),
        epochs_param("step_size_down", "epochs down", None,
                     "Epochs falling back to base_lr.", follows="step_size_up"),
        ParamSpec("mode", "mode", "choice", "triangular",
                  "triangular: same height; triangular2: half each cycle; exp_range: shrink by γ each epoch.",
                  choices=("triangular", "triangular2", "exp_range")),
        gamma(1.0, "In exp_range mode the height shrinks by γ every epoch.", per_epoch=True),
        *momentum_params(0.8, 0.9),
    ),
    cyclic,
    Explanation(
        formula("η bounces in triangles between base_lr and η", "_0"),
        {"base_lr": "The bottom of each triangle.",
         "step_size_up": "Epochs climbing from base_lr to η₀.",
         "step_size_down": "Epochs falling back down to base_lr.",
         "mode": {"triangular": "Every triangle has the same height.",
                  "triangular2": "Each triangle is half as high as the one before.",
                  "exp_range": "The height shrinks by γ every epoch."},
         "gamma": "In exp_range mode, how much the height shrinks every epoch (γ^(1/S) a step).",
         **WORDS},
        "To avoid tuning one exact rate: the model keeps visiting a whole range of rates.",
        "With the same height forever the ball never settles; end at a low point or use triangular2.",
    ),
    _pytorch,
    caption="Cyclic: the rate bounces up and down, so the ball never quite rests.",
    cross_check=_check_base,
    pytorch_lr_note="# CyclicLR replaces this lr at once with base_lr.",
    jumps=True,
    momentum=cyclic_momentum,
)
