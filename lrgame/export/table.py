"""The curve as rows: one rate per scheduler step, as CSV or as JSON arrays, read back as the same floats.

What a row is depends on the run. With one step an epoch a row is an epoch (`epoch,lr`); with S
steps an epoch it is a step and says its epoch too (`epoch,step,lr`); a recipe counted in optimizer
steps has no epochs at all (`step,lr`). The rows run 0..T·S, row t being the rate after t calls of
`scheduler.step()` in PyTorch, except where the schedule's rate at the end is not PyTorch's
(`Schedule.exact_at_end`, one-cycle): there they stop at T·S − 1 and a note says why.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lrgame.engine import schedules
from lrgame.engine.units import UNITS


class Rows(NamedTuple):
    """The rates an export lists, and what each row is."""

    lr: np.ndarray
    steps_per_epoch: int = 1
    unit: str = "epochs"
    note: str = ""  # why the rows stop before T·S, when they do

    @property
    def columns(self) -> tuple[str, ...]:
        if self.unit == "steps":
            return ("step", "lr")
        return ("epoch", "lr") if self.steps_per_epoch == 1 else ("epoch", "step", "lr")

    def table(self) -> dict[str, list]:
        """Every column, as a list, in the CSV's order."""
        t = np.arange(len(self.lr))
        known = {"epoch": t // self.steps_per_epoch, "step": t, "lr": self.lr}
        return {name: known[name].tolist() for name in self.columns}

    def arrays(self) -> dict[str, list]:
        """What the JSON lists: `lr`, and `epoch` and `step` beside it when a row is one step of an
        epoch of several (with one step an epoch, or in a recipe's steps, entry t of `lr` is row t)."""
        return self.table() if len(self.columns) > 2 else {"lr": self.lr.tolist()}


def curve_rows(schedule: str, curve: np.ndarray, steps_per_epoch: int = 1, unit: str = "epochs") -> Rows:
    """The rows of `curve` (steps 0..T·S) that are PyTorch's rates after that many calls."""
    if unit not in UNITS:
        raise ValueError(f"{unit=} is not one of {UNITS}")
    entry = schedules.entry(schedule)
    if entry.exact_at_end:
        return Rows(curve, steps_per_epoch, unit)
    last = len(curve) - 2
    note = (f"rows 0..{last}: {entry.label} in PyTorch is defined for {last + 1} steps; its rate after the last "
            f"call lies past the end of the cycle and trains nothing (one more call raises an error)")
    return Rows(curve[:-1], steps_per_epoch, unit, note)


def csv_text(rows: Rows) -> str:
    """A header, then one line per row; repr() is the shortest text that reads back bit-exactly.
    A note, when there is one, comes first as a `#` line."""
    head = f"# {rows.note}\n" if rows.note else ""
    table = rows.table()
    lines = zip(*table.values(), strict=True)
    return head + ",".join(table) + "\n" + "".join(",".join(map(repr, line)) + "\n" for line in lines)
