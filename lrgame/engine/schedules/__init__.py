"""The schedule registry: every learning-rate schedule, one module per family, and the one way the
rest of the program reaches them.

A family module (`step.py`, `cosine.py`, …) holds its formula as a factory that returns a small,
vectorised function of an epoch array, its parameter specs, its explanation, its kiosk caption and
its PyTorch builder (`family.Schedule`). This module lists the families, in the order the panel,
the keys and attract mode show them, and checks a run's knobs before a factory sees them. Outside
`lrgame.engine` nothing names a schedule: it reads the registry (tests/test_architecture.py checks).

The numbers and parameter names are PyTorch's (`torch.optim.lr_scheduler`) or, for warmup-cosine,
inverse-sqrt and WSD, Hugging Face transformers'. Where PyTorch computes a rate by repeated
multiplication (step, multistep, exponential) the engine multiplies in the same order, so it lands
on the same floats.

>>> curve("step", lr0=0.1, epochs=6, step_size=2, gamma=0.5).tolist()
[0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from lrgame.engine.numbers import check_epochs, check_lr0
from lrgame.engine.params import ConfigError, RunContext, Value, quoted
from lrgame.engine.schedules import (
    constant,
    cosine,
    cosine_restarts,
    cyclic,
    exponential,
    inverse_sqrt,
    linear,
    multistep,
    noam,
    one_cycle,
    polynomial,
    reduce_on_plateau,
    step,
    warmup_cosine,
    wsd,
)
from lrgame.engine.schedules.family import Curve, Schedule
from lrgame.engine.schedules.momentum import rate_knobs

SCHEDULES: dict[str, Schedule] = {
    s.SCHEDULE.name: s.SCHEDULE
    for s in (constant, step, multistep, exponential, cosine, warmup_cosine, cosine_restarts, one_cycle, cyclic,
              linear, polynomial, inverse_sqrt, noam, wsd)
}
"""The closed-form schedules: what "every schedule" means for curves, the export, the benchmark,
the comparisons and attract mode."""

LOSS_DRIVEN: dict[str, Schedule] = {reduce_on_plateau.NAME: reduce_on_plateau.SCHEDULE}
"""Schedules that set each epoch's rate from the loss (`lrgame.engine.plateau`): the window offers
them too, but they have no curve, so they are kept out of SCHEDULES."""

ENTRIES: dict[str, Schedule] = {**SCHEDULES, **LOSS_DRIVEN}
"""Everything the window's schedule dropdown and keys offer: the closed-form ones, then the rest."""

PLATEAU = reduce_on_plateau.NAME
DEFAULT = step.SCHEDULE.name
"""The schedule a fresh window, a reset and a setup file without one start from."""


def get(name: str) -> Schedule:
    """The closed-form schedule `name`, or a ConfigError listing the names there are."""
    if name in LOSS_DRIVEN:
        raise ConfigError(f"{LOSS_DRIVEN[name].label} follows the loss, so it has no curve drawn in advance")
    if name not in SCHEDULES:
        raise ConfigError(f"schedule={quoted(name)} is unknown: choose one of {', '.join(SCHEDULES)}")
    return SCHEDULES[name]


def entry(name: str) -> Schedule:
    """Any schedule the window offers (closed-form or loss-driven): its label and knobs."""
    if name not in ENTRIES:
        raise ConfigError(f"schedule={quoted(name)} is unknown: choose one of {', '.join(ENTRIES)}")
    return ENTRIES[name]


def resolve(name: str, lr0: object, epochs: object, params: Mapping[str, object]) -> dict[str, Value]:
    """Every parameter of `name`, checked for this run, with the registry's default where left out."""
    schedule = entry(name)
    ctx = context(lr0, epochs)
    for key in params:
        schedule.spec(key)
    out = {
        p.name: p.check(params[p.name] if p.name in params else p.default_for(ctx), ctx) for p in schedule.params
    }
    schedule.cross_check(out, ctx)
    return out


def context(lr0: object, epochs: object) -> RunContext:
    """η₀ and T, checked."""
    return RunContext(check_lr0(lr0), check_epochs(epochs))


def build(name: str, *, lr0: object, epochs: object, **params: object) -> Curve:
    """The schedule as a function of an epoch array (floats or ints, any shape)."""
    resolved = resolve(name, lr0, epochs, params)
    ctx = context(lr0, epochs)
    fn = entry(name).factory(ctx.lr0, ctx.epochs, **rate_knobs(resolved))  # type: ignore[arg-type]

    def rates(t: np.ndarray) -> np.ndarray:
        return np.asarray(fn(np.asarray(t, dtype=np.float64)), dtype=np.float64)

    return rates


def curve(name: str, *, lr0: object, epochs: object, **params: object) -> np.ndarray:
    """Rates for t = 0..T (length T+1): entry t is the rate used during epoch t."""
    fn = build(name, lr0=lr0, epochs=epochs, **params)
    return fn(np.arange(context(lr0, epochs).epochs + 1, dtype=np.float64))


def momentum_curve(name: str, *, lr0: object, epochs: object, **params: object) -> np.ndarray | None:
    """The momentum the scheduler writes for t = 0..T (length T+1, held at T like the rate), or None
    when it writes none: a schedule without a momentum co-schedule, or `cycle_momentum` off.

    >>> momentum_curve("one_cycle", lr0=0.1, epochs=4, pct_start=0.5, anneal_strategy="linear").round(3).tolist()
    [0.95, 0.85, 0.9, 0.95, 0.95]
    """
    resolved = resolve(name, lr0, epochs, params)
    schedule = entry(name)
    if schedule.momentum is None or not resolved["cycle_momentum"]:
        return None
    ctx = context(lr0, epochs)
    fn = schedule.momentum(ctx.lr0, ctx.epochs, **resolved)
    return np.asarray(fn(np.arange(ctx.epochs + 1, dtype=np.float64)), dtype=np.float64)
