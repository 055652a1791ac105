"""What one schedule family's module fills in: the `Schedule` record and the words of its explanation.

A family module holds everything about one schedule, so adding a schedule means writing one such
module and naming it in the registry (`lrgame.engine.schedules`). The rest of the program reads
these fields through the registry and never names a schedule itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal, NamedTuple

import numpy as np

from lrgame.engine.params import ConfigError, ParamSpec, RunContext, Value, quoted
from lrgame.engine.record import record
from lrgame.engine.schedules.momentum import RANGE

Curve = Callable[[np.ndarray], np.ndarray]
Args = dict[str, Value]
Builder = Callable[[float, int, Args], str]
"""(η₀, steps in the run, every knob counted in steps) → the `scheduler = …` PyTorch code."""
Segment = tuple[str, str]
Ending = Literal["", "a few percent", "near zero"]


class Explanation(NamedTuple):
    """The words for one schedule, for a 16-year-old: formula runs, one sentence per knob (for a
    knob with choices, one per choice: the sentence says what the value shown does), when it is
    used, its trap. "sub" runs of the formula are drawn small and low, "sup" runs small and high."""

    formula: tuple[Segment, ...]
    knobs: dict[str, str | dict[Value, str]]
    when: str
    pitfall: str


def formula(*runs: str) -> tuple[Segment, ...]:
    """Formula runs from strings: a leading '_' makes a subscript run, '^' a superscript, else normal."""
    out = []
    for run in runs:
        if run.startswith("_"):
            out.append((run[1:], "sub"))
        elif run.startswith("^"):
            out.append((run[1:], "sup"))
        else:
            out.append((run, "normal"))
    return tuple(out)


def _no_rule(params: dict[str, Value], ctx: RunContext) -> None:
    """Knobs that need no rule between them."""


@record
class Schedule:
    """A registry entry: everything the panel, CLI, export, kiosk and docs need to know.

    `factory(lr0, epochs, **knobs)` returns the rate as a function of an epoch array; the specs
    and `cross_check` have checked the knobs before it is called.
    """

    name: str
    label: str
    description: str
    params: tuple[ParamSpec, ...]
    factory: Callable[..., Curve]
    explanation: Explanation
    pytorch: Builder
    caption: str = ""  # attract mode's one line; the loss-driven schedules have none (they are not shown)
    cross_check: Callable[[dict[str, Value], RunContext], None] = _no_rule
    knob_note: Callable[[Mapping[str, Value]], str] | None = None  # a line the panel shows under the knobs
    pytorch_lr_note: str = ""  # a comment over the optimizer when the scheduler, not lr, sets the first rate
    ends: Ending = ""  # where such a schedule usually ends, for the final-rate reading
    jumps: bool = False  # the rate jumps back up: attract mode shows it on a valley with a dip
    # Is curve[T] PyTorch's rate after T calls of scheduler.step()? Not for one-cycle: OneCycleLR's
    # T-th call leaves its cycle (the next one raises) and extrapolates, where lrgame holds the last
    # rate; its exports list steps 0..T−1 and say so.
    exact_at_end: bool = True
    momentum: Callable[..., Curve] | None = None
    """The momentum co-schedule (`momentum.py`), called with η₀, T and every knob like `factory`."""

    def spec(self, name: str) -> ParamSpec:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise ConfigError(f"{self.name} has no parameter {quoted(name)}: its parameters are {known}")

    @property
    def panel_rows(self) -> int:
        """Rows the panel gives this schedule's knobs: one a knob (the momentum range goes with the
        optimizer's momentum instead), and one for the note."""
        return sum(p.name not in RANGE for p in self.params) + (self.knob_note is not None)
