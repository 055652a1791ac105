"""The schedules a forked cooldown is made of (warmup-stable-decay's "train once, decay whenever you
need a model", Hägele et al. 2024), named here so that nothing outside the engine names them.

A trunk holds η₀ (constant); a branch forked at step k is warmup-stable-decay with no warmup over
k + d steps: its stable part is the trunk's first k rates (η₀ exactly, the same floats) and its
cooldown falls from η₀ to 0 over the last d. The run it is measured against is cosine annealing to 0
over the same k + d steps.

A branch forked at k = 1 with a linear cooldown of d = 4 (the cooldown's first step is still at η₀;
entry k + d is the rate after the run):

>>> from lrgame.engine import schedules
>>> schedules.curve(BRANCH, lr0=1.0, epochs=5, **branch_params(4, "linear")).tolist()
[1.0, 1.0, 0.75, 0.5, 0.25, 0.0]
"""

from __future__ import annotations

from lrgame.engine.params import ConfigError, Value, quoted
from lrgame.engine.schedules import constant, cosine, wsd

TRUNK = constant.SCHEDULE.name
BRANCH = wsd.SCHEDULE.name
ALONGSIDE = cosine.SCHEDULE.name
SHAPES = ("1-sqrt", "linear")
"""The cooldown's shapes: 1 − √progress (the best in Hägele et al.) first, the default."""
SHAPE_WORDS = {"1-sqrt": "1 − √", "linear": "linear"}  # as the screen names them


def check_shape(shape: object) -> str:
    if shape not in SHAPES:
        raise ConfigError(f"cooldown shape={quoted(shape)} is not allowed: give one of {', '.join(SHAPES)}")
    return str(shape)


def branch_params(cooldown: int, shape: str) -> dict[str, Value]:
    """The branch's knobs, in steps: no warmup, a cooldown of `cooldown` steps of `shape` down to 0."""
    return {"warmup_epochs": 0, "decay_epochs": cooldown, "decay_type": check_shape(shape), "min_lr_ratio": 0.0}
