"""Epochs and scheduler steps. The engine's unit is one scheduler step; a run of T epochs with S
steps per epoch is T·S steps. Knobs are set in epochs, as a teacher says them ("÷10 at epoch 30"),
and become steps here, so the same drop lands at step 30·S.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from lrgame import schedules
from lrgame.config import Settings
from lrgame.params import Value
from lrgame.train.plateau import ReduceOnPlateau


def in_steps(schedule: str, params: Mapping[str, Value], s: int) -> dict[str, Value]:
    """The schedule's knobs with every epoch-counted one multiplied by S."""
    out: dict[str, Value] = {}
    for spec in schedules.entry(schedule).params:
        value = params[spec.name]
        if spec.bound == "epochs" and spec.kind == "int":
            value = int(value) * s  # type: ignore[arg-type]
        elif spec.bound == "epochs" and spec.kind == "int_list":
            value = tuple(v * s for v in value)  # type: ignore[union-attr]
        out[spec.name] = value
    return out


def params_in_steps(settings: Settings) -> dict[str, Value]:
    return in_steps(settings.schedule, settings.params, settings.steps_per_epoch)


def run_curve(settings: Settings) -> np.ndarray:
    """The rate of every step 0..T·S (entry T·S is held after the last trained step)."""
    total = settings.epochs * settings.steps_per_epoch
    return schedules.curve(settings.schedule, lr0=settings.lr0, epochs=total, **params_in_steps(settings))


def run_controller(settings: Settings) -> ReduceOnPlateau:
    """A fresh controller for a loss-driven run. It counts epochs, as PyTorch's does, whatever S."""
    return ReduceOnPlateau(settings.lr0, **settings.params)
