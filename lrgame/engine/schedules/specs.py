"""Knobs several families share, with PyTorch's names: γ, η_min and counts of epochs."""

from __future__ import annotations

from collections.abc import Callable

from lrgame.engine.params import ParamSpec, RunContext


def gamma(default: float, help_: str, *, per_epoch: bool = False) -> ParamSpec:
    """γ; `per_epoch` when it multiplies the rate every epoch (not once a drop or a cycle)."""
    return ParamSpec("gamma", "γ (decay factor)", "real", default, help_, lo=0.0, hi=1.0, lo_open=True,
                     per_epoch=per_epoch)


def eta_min() -> ParamSpec:
    return ParamSpec(
        "eta_min", "η_min (floor)", "real", 0.0, "The lowest rate the cosine reaches.",
        lo=0.0, bound="lr0",
    )


ETA_MIN_WORDS = "The lowest the rate goes: the bottom of the cosine."
WARMUP_WORDS = "How many epochs the rate spends climbing before the main part starts."


def epochs_param(name: str, label: str, default: Callable[[RunContext], int] | None, help_: str, lo: int = 1,
                 follows: str = "") -> ParamSpec:
    return ParamSpec(name, label, "int", default, help_, lo=lo, bound="epochs", unit="epochs", follows=follows)


def frac(ctx: RunContext, f: float, lo: int = 1) -> int:
    """A default that is a fraction of the run, at least `lo` and at most T."""
    return min(ctx.epochs, max(lo, round(ctx.epochs * f)))
