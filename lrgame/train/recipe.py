"""How the network is trained besides its schedule: its own η₀, the batch size, the optimizer and
when the scheduler steps; and the one function that turns a schedule into a `TrainingRun`.

The network's η₀ is its own: the valley is stable only below 2/f″ (about 0.1), while the network
needs rates near 1 with plain SGD. The schedule's shape, T and knobs are shared with the valley.

The defaults (`DEFAULT`) were chosen from the measured sweep in docs/training-sweep.md
(scripts/sweep.py): see there for the table and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from lrgame.engine import schedules
from lrgame.engine.numbers import check_lr0
from lrgame.engine.params import ConfigError, Value
from lrgame.engine.plateau import ReduceOnPlateau
from lrgame.engine.steps import in_steps
from lrgame.sim.network_choice import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_NET_LR0,
    DEFAULT_SCHEDULER_STEP,
    batch_text,
    check_batch_size,
    check_scheduler_step,
)
from lrgame.sim.optimizer_choice import Optimizer, checked, has_momentum
from lrgame.sim.optimizer_choice import describe as describe_optimizer
from lrgame.sim.optimizer_choice import to_json as optimizer_json
from lrgame.sim.optimizers import SGD
from lrgame.sim.settings import Settings
from lrgame.train.run import TrainingRun, batches_per_epoch


@dataclass(frozen=True)
class Recipe:
    """The network's side of a run: η₀, B (TRAIN_SIZE is full batch), the optimizer, when the
    scheduler steps. Make one with `make_recipe`, which checks every field."""

    lr0: float = DEFAULT_NET_LR0
    batch_size: int = DEFAULT_BATCH_SIZE
    optimizer: Optimizer = field(default_factory=SGD)
    scheduler_step: str = DEFAULT_SCHEDULER_STEP

    @property
    def batches(self) -> int:
        """⌈N/B⌉: the optimizer steps an epoch takes."""
        return batches_per_epoch(self.batch_size)

    @property
    def steps_per_epoch(self) -> int:
        """Scheduler steps an epoch: ⌈N/B⌉ when it steps per batch, else 1."""
        return batches_per_epoch(self.batch_size) if self.scheduler_step == "batch" else 1

    def describe(self) -> str:
        """The setting in a few words, for a heading: "SGD, batch 32, η₀ 1"."""
        batch = batch_text(self.batch_size)
        per = ", stepped per batch" if self.scheduler_step == "batch" else ""
        return f"{describe_optimizer(self.optimizer)}, {batch}, η₀ {self.lr0:g}{per}"


def make_recipe(lr0: object = None, batch_size: object = None, optimizer: object = None,
                scheduler_step: object = None) -> Recipe:
    """A checked recipe; what is left out (None) takes `DEFAULT`'s."""
    return Recipe(
        lr0=DEFAULT.lr0 if lr0 is None else check_lr0(lr0),
        batch_size=DEFAULT.batch_size if batch_size is None else check_batch_size(batch_size),
        optimizer=DEFAULT.optimizer if optimizer is None else checked(optimizer),
        scheduler_step=DEFAULT.scheduler_step if scheduler_step is None else check_scheduler_step(scheduler_step),
    )


DEFAULT = Recipe()
MAX_STEPS = 200_000
"""The most optimizer steps one run of the command line may take (T·⌈N/B⌉): about a minute's training."""


def check_length(epochs: int, recipe: Recipe) -> None:
    """Refuse a run longer than MAX_STEPS optimizer steps, saying how to shorten it."""
    steps = epochs * batches_per_epoch(recipe.batch_size)
    if steps > MAX_STEPS:
        raise ConfigError(f"epochs={epochs} with batch_size={recipe.batch_size} is {steps:,} optimizer steps a run: at "
                          f"most {MAX_STEPS:,}; give fewer epochs or a bigger batch")


def recipe_json(recipe: Recipe) -> dict[str, object]:
    """The recipe by the names flags and files use."""
    return {"lr0": recipe.lr0, "batch_size": recipe.batch_size,
            "batches_per_epoch": batches_per_epoch(recipe.batch_size), "scheduler_step": recipe.scheduler_step,
            "optimizer": optimizer_json(recipe.optimizer)}


def shared_knobs(schedule: str, params: Mapping[str, Value], lr0: float, net_lr0: float) -> dict[str, Value]:
    """The valley's knobs for the network: the schedule's shape η(t)/η₀ is shared, so a knob that is
    a rate (η_min, base_lr, min_lr) is scaled by net_lr0/lr0; the rest are taken as they are."""
    out = dict(params)
    for spec in schedules.entry(schedule).params:
        value = out.get(spec.name)
        if spec.bound == "lr0" and isinstance(value, float | int) and not isinstance(value, bool):
            out[spec.name] = value * (net_lr0 / lr0)
    return out


def network_curves(schedule: str, epochs: int, params: Mapping[str, Value],
                   recipe: Recipe) -> tuple[np.ndarray, np.ndarray | None]:
    """The network's rates, and momenta where the schedule drives them, one per scheduler step
    (T·S + 1 of each, S = `recipe.steps_per_epoch`), at the recipe's η₀ with the knobs given (for
    the window's, see `shared_knobs`)."""
    knobs = schedules.resolve(schedule, recipe.lr0, epochs, {k: v for k, v in params.items() if v is not None})
    s = recipe.steps_per_epoch
    steps = in_steps(schedule, knobs, s)
    rates = schedules.curve(schedule, lr0=recipe.lr0, epochs=epochs * s, **steps)
    momenta = None
    if has_momentum(recipe.optimizer):
        momenta = schedules.momentum_curve(schedule, lr0=recipe.lr0, epochs=epochs * s, **steps)
    return rates, momenta


def network_run(schedule: str, epochs: int, params: Mapping[str, Value], recipe: Recipe,
                seed: int) -> TrainingRun:
    """The network trained under `schedule` (a loss-driven one gets a fresh controller, stepped
    once an epoch on the test loss)."""
    if schedule in schedules.LOSS_DRIVEN:
        controller = ReduceOnPlateau(recipe.lr0, **dict(params))
        return TrainingRun(controller, seed, epochs=epochs, batch_size=recipe.batch_size,
                           optimizer=recipe.optimizer, per_batch=recipe.scheduler_step == "batch")
    rates, momenta = network_curves(schedule, epochs, params, recipe)
    return run_on(rates, momenta, recipe, seed)


def run_on(rates: np.ndarray, momenta: np.ndarray | None, recipe: Recipe, seed: int) -> TrainingRun:
    """A run on given rates (and momenta), one per scheduler step, under the recipe's batches and optimizer."""
    return TrainingRun(rates, seed, batch_size=recipe.batch_size, optimizer=recipe.optimizer, momenta=momenta,
                       per_batch=recipe.scheduler_step == "batch")


def average_rate(rates: np.ndarray) -> float:
    """The mean rate over the steps trained (the last entry, held after the run, is not one)."""
    return float(np.mean(rates[:-1]))


def recipe_of(settings: Settings) -> Recipe:
    """The window's settings' network side."""
    return Recipe(settings.net_lr0, settings.batch_size, settings.optimizer, settings.scheduler_step)


def window_run(settings: Settings) -> TrainingRun:
    """The network the train view trains: the window's schedule, T and knobs at the network's own η₀."""
    knobs = shared_knobs(settings.schedule, settings.params, settings.lr0, settings.net_lr0)
    recipe = recipe_of(settings)
    if settings.schedule in schedules.LOSS_DRIVEN:  # it steps once an epoch, on the test loss, whatever is chosen
        recipe = replace(recipe, scheduler_step="epoch")
    run = network_run(settings.schedule, settings.epochs, knobs, recipe, settings.seed)
    run.setting = recipe.describe()
    return run


def network_key(settings: Settings) -> tuple:
    """What the network's run depends on: equal keys, the same run (the valley's sharpness, noise
    and shape are not in it)."""
    knobs = shared_knobs(settings.schedule, settings.params, settings.lr0, settings.net_lr0)
    return (settings.schedule, settings.epochs, tuple(sorted(knobs.items())), recipe_of(settings), settings.seed)
