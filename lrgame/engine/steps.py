"""Epochs and scheduler steps. The engine's unit is one scheduler step; a run of T epochs with S
steps per epoch is T·S steps. Knobs are set in epochs, as a teacher says them ("÷10 at epoch 30"),
and become steps here, so the curve in epoch terms is the same whatever S is: the drop lands at
step 30·S, and a factor applied once an epoch (exponential's γ) becomes its S-th root each step.

Where PyTorch's own definition ties a schedule to the step count, S does change the curve (the
rate at step k·S is not the S = 1 rate at epoch k); `SCALE_EXCEPTIONS` lists those schedules and why.
"""

from __future__ import annotations

from collections.abc import Mapping

from lrgame.engine import schedules
from lrgame.engine.numfmt import knob_text, sig4
from lrgame.engine.params import Value

SCALE_EXCEPTIONS: dict[str, str] = {
    "one_cycle": "OneCycleLR ends its climb at step pct_start·total − 1, and that −1 is one step, not one epoch",
    "noam": "its formula counts n = t + 1, one step rather than one epoch, so the peak comes one step before "
            "the warmup ends; in the paper's own form, with no η₀, the peak (d_model · warmup)^−½ would also "
            "fall by √S, since the warmup is S times as many steps",
    "inverse_sqrt": "with warmup 0, transformers' η₀/√(1 + t/10⁴) has a timescale of 10,000 steps, whatever an "
                    "epoch is",
    "reduce_on_plateau": "it follows the loss, and the loss after an epoch of S steps is not the loss after one step",
}
"""Schedules whose rate at step k·S differs from the S = 1 rate at epoch k, by PyTorch's (or
transformers') own definition; inverse_sqrt only with warmup 0. README.md lists them too."""


def in_steps(schedule: str, params: Mapping[str, Value], s: int) -> dict[str, Value]:
    """The schedule's knobs with every epoch-counted one multiplied by S and every per-epoch
    factor replaced by its S-th root; a knob that follows another (None) still follows."""
    out: dict[str, Value] = {}
    for spec in schedules.entry(schedule).params:
        value = params[spec.name]
        if value is None or s == 1:
            pass
        elif spec.bound == "epochs" and spec.kind == "int":
            value = int(value) * s  # type: ignore[arg-type]
        elif spec.bound == "epochs" and spec.kind == "int_list":
            value = tuple(v * s for v in value)  # type: ignore[union-attr]
        elif spec.per_epoch:
            value = float(value) ** (1.0 / s)  # type: ignore[arg-type]
        out[spec.name] = value
    return out


def knob_readings(schedule: str, params: Mapping[str, Value], s: int) -> dict[str, str]:
    """Each knob's value as the explanation shows it: in steps too when an epoch has several
    ("30 epochs = 120 steps", "0.9 per epoch = 0.9740 per step"), and saying what a left-out knob follows."""
    shown = followed(schedule, params)
    stepped = in_steps(schedule, shown, s)
    out: dict[str, str] = {}
    for spec in schedules.entry(schedule).params:
        text = knob_text(shown[spec.name])
        if s > 1 and spec.per_epoch:
            text = f"{text} per epoch = {sig4(stepped[spec.name])} per step"  # type: ignore[arg-type]
        elif s > 1 and spec.bound == "epochs":
            text = f"{text} epochs = {knob_text(stepped[spec.name])} steps"
        if params[spec.name] is None:
            text += f", as {spec.follows} until you set it (PyTorch's rule)"
        out[spec.name] = text
    return out


def followed(schedule: str, params: Mapping[str, Value]) -> dict[str, Value]:
    """The knobs with every left-out one replaced by the value it follows: what the panel shows."""
    specs = schedules.entry(schedule).params
    return {p.name: params[p.follows] if params[p.name] is None else params[p.name] for p in specs}
