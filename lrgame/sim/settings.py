"""What a person can set, in one place, always valid.

A `Settings` is only ever made through `make_settings`, which checks every field against the
schedule registry and the valley's ranges, so the rest of the program never sees a bad value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, fields, replace

import numpy as np

from lrgame.engine import schedules
from lrgame.engine.numbers import check_lr0, number_in, typed_number_in, whole_in
from lrgame.engine.params import MAX_EPOCHS, ConfigError, Value, quoted
from lrgame.engine.plateau import ReduceOnPlateau
from lrgame.engine.record import record
from lrgame.engine.steps import in_steps
from lrgame.engine.units import UNITS
from lrgame.sim import valley
from lrgame.sim.network_choice import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_NET_LR0,
    DEFAULT_SCHEDULER_STEP,
    check_batch_size,
    check_scheduler_step,
)
from lrgame.sim.optimizer_choice import DEFAULT as DEFAULT_OPTIMIZER
from lrgame.sim.optimizer_choice import Optimizer, checked, has_momentum, to_json
from lrgame.sim.valley import DEFAULT_NOISE, DEFAULT_SHARPNESS, DEFAULT_VALLEY

DEFAULT_SCHEDULE = schedules.DEFAULT
DEFAULT_LR0 = 0.1
DEFAULT_EPOCHS = 100
SEED_RANGE = (0, 2**31 - 1)
SCALE_RANGE = (0.75, 2.5)  # the UI scale a user may ask for; the window may cap it lower to fit
THEMES = ("dark", "projector")


@record
class Settings:
    """A complete, checked configuration: schedule and every parameter, valley, noise, seed, the
    optimizer (plain SGD unless asked; the ball's and the network's), and the network's own η₀,
    batch size and scheduler step. The schedule's shape, T and knobs are shared."""

    schedule: str = DEFAULT_SCHEDULE
    lr0: float = DEFAULT_LR0
    epochs: int = DEFAULT_EPOCHS
    params: Mapping[str, Value] = field(default_factory=dict)
    valley: str = DEFAULT_VALLEY  # this field shadows the module inside the class body
    sharpness: float = DEFAULT_SHARPNESS
    noise: float = DEFAULT_NOISE
    seed: int = 0
    steps_per_epoch: int = 1
    optimizer: Optimizer = DEFAULT_OPTIMIZER
    net_lr0: float = DEFAULT_NET_LR0  # the network's own η₀ (the valley's is lr0)
    batch_size: int = DEFAULT_BATCH_SIZE  # the network's mini-batch; TRAIN_SIZE is full batch
    scheduler_step: str = DEFAULT_SCHEDULER_STEP  # the network's scheduler steps per "epoch" or per "batch"
    unit: str = "epochs"  # what T counts (`lrgame.engine.units`): a recipe counted in steps sets "steps"


def make_settings(
    schedule: str = DEFAULT_SCHEDULE,
    lr0: object = DEFAULT_LR0,
    epochs: object = DEFAULT_EPOCHS,
    params: Mapping[str, object] | None = None,
    valley_kind: str = valley.DEFAULT_VALLEY,
    sharpness: object = valley.DEFAULT_SHARPNESS,
    noise: object = valley.DEFAULT_NOISE,
    seed: object = 0,
    steps_per_epoch: object = 1,
    optimizer: object = DEFAULT_OPTIMIZER,
    unit: object = "epochs",
    net_lr0: object = DEFAULT_NET_LR0,
    batch_size: object = DEFAULT_BATCH_SIZE,
    scheduler_step: object = DEFAULT_SCHEDULER_STEP,
) -> Settings:
    """Check everything and fill the schedule's defaults; raise ConfigError on the first bad field."""
    ctx = schedules.context(lr0, epochs)
    resolved = schedules.resolve(schedule, ctx.lr0, ctx.epochs, params or {})
    v = valley.make_valley(valley_kind, sharpness)
    settings = Settings(
        schedule=schedule,
        lr0=ctx.lr0,
        epochs=ctx.epochs,
        params=resolved,
        valley=v.kind,
        sharpness=v.sharpness,
        noise=number_in("noise", noise, *valley.NOISE_RANGE),
        seed=whole_in("seed", seed, *SEED_RANGE),
        steps_per_epoch=whole_in("steps_per_epoch", steps_per_epoch, 1, MAX_EPOCHS // ctx.epochs),
        optimizer=checked(optimizer),
        net_lr0=_net_lr0(net_lr0),
        batch_size=check_batch_size(batch_size),
        scheduler_step=check_scheduler_step(scheduler_step),
        unit=_unit(unit),
    )
    if settings.unit == "steps" and settings.steps_per_epoch != 1:
        raise ConfigError(f"steps_per_epoch={settings.steps_per_epoch} is not allowed in a run counted in steps: "
                          "it has no epochs to split (each step is one scheduler step)")
    return settings


def _unit(unit: object) -> str:
    if not isinstance(unit, str) or unit not in UNITS:
        raise ConfigError(f"unit={quoted(unit)} is not allowed: give one of {', '.join(UNITS)}")
    return unit


def _net_lr0(value: object) -> float:
    """The network's η₀: a rate as the valley's η₀ is, named as the panel names it."""
    try:
        return check_lr0(value)
    except ConfigError as error:
        raise ConfigError(str(error).replace("lr0=", "net_lr0=", 1)) from None


def updated(settings: Settings, **changes: object) -> Settings:
    """`settings` with some fields changed, checked again as a whole."""
    merged = replace(settings, **changes)  # type: ignore[arg-type]
    return make_settings(
        merged.schedule, merged.lr0, merged.epochs, merged.params, merged.valley, merged.sharpness, merged.noise,
        merged.seed, merged.steps_per_epoch, merged.optimizer, merged.unit, merged.net_lr0, merged.batch_size,
        merged.scheduler_step,
    )


def settings_json(settings: Settings) -> dict[str, object]:
    """Every field by its name, a list for each tuple: what a setup file and the window's state
    both write."""
    out = {f.name: getattr(settings, f.name) for f in fields(settings)}
    out["params"] = {k: list(v) if isinstance(v, tuple) else v for k, v in settings.params.items()}
    out["optimizer"] = to_json(settings.optimizer)
    return out


def check_scale(value: object) -> float:
    """A UI scale in SCALE_RANGE, from a number or the text of one."""
    return typed_number_in("scale", value, *SCALE_RANGE)


# ---- a run's rates in scheduler steps (knobs are set in epochs) ----


def params_in_steps(settings: Settings) -> dict[str, Value]:
    return in_steps(settings.schedule, settings.params, settings.steps_per_epoch)


def run_curve(settings: Settings) -> np.ndarray:
    """The rate of every step 0..T·S (entry T·S is held after the last trained step)."""
    total = settings.epochs * settings.steps_per_epoch
    return schedules.curve(settings.schedule, lr0=settings.lr0, epochs=total, **params_in_steps(settings))


def drives_momentum(settings: Settings) -> bool:
    """Does the schedule drive the optimizer's momentum (SGD's, or Adam's β₁), as OneCycleLR and
    CyclicLR do with cycle_momentum? Not when the schedule has no momentum co-schedule, its knob is
    off, or the optimizer is plain SGD, which has no momentum to drive."""
    schedule = schedules.entry(settings.schedule)
    return (schedule.momentum is not None and bool(settings.params.get("cycle_momentum"))
            and has_momentum(settings.optimizer))


def run_momentum(settings: Settings) -> np.ndarray | None:
    """The momentum of every step 0..T·S when the schedule drives it (`drives_momentum`), else None:
    the optimizer keeps its own."""
    if not drives_momentum(settings):
        return None
    total = settings.epochs * settings.steps_per_epoch
    return schedules.momentum_curve(settings.schedule, lr0=settings.lr0, epochs=total, **params_in_steps(settings))


def run_controller(settings: Settings) -> ReduceOnPlateau:
    """A fresh controller for a loss-driven run. It counts epochs, as PyTorch's does, whatever S."""
    return ReduceOnPlateau(settings.lr0, **settings.params)
