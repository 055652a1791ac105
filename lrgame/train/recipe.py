"""How the network is trained besides its schedule: its own η₀, the batch size, the optimizer and
when the scheduler steps; and the one function that turns a schedule into a `TrainingRun`.

The network's η₀ is its own: the valley is stable only below 2/f″ (about 0.1), while the network
needs rates near 1 with plain SGD. The schedule's shape, T and knobs are shared with the valley.

The defaults (`DEFAULT`) were chosen from the measured sweep in docs/training-sweep.md
(scripts/sweep.py): see there for the table and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from lrgame.engine import schedules
from lrgame.engine.numbers import check_lr0
from lrgame.engine.params import ConfigError, Value
from lrgame.engine.plateau import ReduceOnPlateau
from lrgame.engine.steps import in_steps
from lrgame.sim.optimizer_choice import Optimizer, checked, has_momentum
from lrgame.sim.optimizer_choice import describe as describe_optimizer
from lrgame.sim.optimizers import SGD
from lrgame.train.run import TRAIN_SIZE, TrainingRun, batches_per_epoch, check_batch_size

SCHEDULER_STEPS = ("epoch", "batch")
"""scheduler.step() once an epoch (PyTorch's habit for most schedulers) or once a batch (one-cycle's)."""


@dataclass(frozen=True)
class Recipe:
    """The network's side of a run: η₀, B (TRAIN_SIZE is full batch), the optimizer, when the
    scheduler steps. Make one with `make_recipe`, which checks every field."""

    lr0: float = 0.3
    batch_size: int = 32
    optimizer: Optimizer = field(default_factory=SGD)
    scheduler_step: str = "epoch"

    @property
    def full_batch(self) -> bool:
        return self.batch_size >= TRAIN_SIZE

    @property
    def steps_per_epoch(self) -> int:
        """Scheduler steps an epoch: ⌈N/B⌉ when it steps per batch, else 1."""
        return batches_per_epoch(self.batch_size) if self.scheduler_step == "batch" else 1

    def describe(self) -> str:
        """The setting in a few words, for a heading: "SGD, batch 32, η₀ 0.3"."""
        batch = "full batch" if self.full_batch else f"batch {self.batch_size}"
        per = ", stepped per batch" if self.scheduler_step == "batch" else ""
        return f"{describe_optimizer(self.optimizer)}, {batch}, η₀ {self.lr0:g}{per}"


def check_scheduler_step(value: object) -> str:
    if value not in SCHEDULER_STEPS:
        raise ConfigError(f"scheduler_step={value!r} is not allowed: give epoch or batch")
    return str(value)


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


def network_curves(schedule: str, epochs: int, params: Mapping[str, Value],
                   recipe: Recipe) -> tuple[np.ndarray, np.ndarray | None]:
    """The network's rates, and momenta where the schedule drives them, one per scheduler step
    (T·S + 1 of each, S = `recipe.steps_per_epoch`), at the recipe's η₀ with the shared knobs
    (resolved again for this η₀: a knob bound to η₀, such as η_min, is checked against it)."""
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
        controller = ReduceOnPlateau(recipe.lr0, **{k: v for k, v in params.items() if v is not None})
        return TrainingRun(controller, seed, epochs=epochs, batch_size=recipe.batch_size,
                           optimizer=recipe.optimizer)
    rates, momenta = network_curves(schedule, epochs, params, recipe)
    return run_on(rates, momenta, recipe, seed)


def run_on(rates: np.ndarray, momenta: np.ndarray | None, recipe: Recipe, seed: int) -> TrainingRun:
    """A run on given rates (and momenta), one per scheduler step, under the recipe's batches and optimizer."""
    return TrainingRun(rates, seed, batch_size=recipe.batch_size, optimizer=recipe.optimizer, momenta=momenta,
                       per_batch=recipe.scheduler_step == "batch")


def average_rate(rates: np.ndarray) -> float:
    """The mean rate over the steps trained (the last entry, held after the run, is not one)."""
    return float(np.mean(rates[:-1]))
