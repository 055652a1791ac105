"""What a run's T counts, and the words for it on screen.

A run is counted in epochs (a teacher's "90 epochs", ResNet's recipe) or, as transformers and
GPT-3's recipe are, in optimizer steps. The engine's numbers are the same either way (one entry
of the curve per scheduler step); only the words change, and they must change everywhere at once:
a GPT-3 run of 93,750 steps labelled "T (epochs)" tells a class something false.

>>> unit_words("steps", 1).tick, unit_words("epochs", 1).tick, unit_words("epochs", 4).tick
('step', 'epoch', 'step')
>>> in_unit("warmup epochs", "steps"), in_unit("Epochs between two drops.", "steps")
('warmup steps', 'Steps between two drops.')
"""

from __future__ import annotations

import re
from typing import NamedTuple

UNITS = ("epochs", "steps")
"""What a run's T counts: epochs (with S scheduler steps each), or optimizer steps (one scheduler
step each, so a run counted in steps has S = 1)."""

_EPOCH = re.compile(r"\b([Ee])poch(s?)\b")


class UnitWords(NamedTuple):
    """The words for a run's clock."""

    one: str  # what T counts, singular: "epoch" or "step"
    many: str  # and plural: "epochs" or "steps"
    tick: str  # what one scheduler step t is called: an epoch when an epoch is one step, else a step


def unit_words(unit: str, steps_per_epoch: int) -> UnitWords:
    one = "step" if unit == "steps" else "epoch"
    return UnitWords(one, one + "s", "epoch" if one == "epoch" and steps_per_epoch == 1 else "step")


def in_unit(text: str, unit: str) -> str:
    """A text written in epochs (a knob's label or help: "warmup epochs", "Epochs ramping up") as a
    run counted in `unit` says it."""
    if unit != "steps":
        return text
    return _EPOCH.sub(lambda m: ("S" if m[1] == "E" else "s") + "tep" + m[2], text)
