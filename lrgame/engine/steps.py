"""Epochs and scheduler steps. The engine's unit is one scheduler step; a run of T epochs with S
steps per epoch is T·S steps. Knobs are set in epochs, as a teacher says them ("÷10 at epoch 30"),
and become steps here, so the same drop lands at step 30·S.
"""

from __future__ import annotations

from collections.abc import Mapping

from lrgame.engine import schedules
from lrgame.engine.params import Value


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
