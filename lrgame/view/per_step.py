"""What the cards and the readout show, worked out once per step of the run, not once per frame.

`cards_for` and `readout_lines` format a dozen numbers each (`sig4`); a frame asked for them again
though they change only when the run does: at a new step, another hop, a path worked out further,
other settings. `step_key` names all that they read, so a frame between two steps costs nothing.
tests/test_per_step.py checks the texts kept equal fresh ones through a session of changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from lrgame.sim.simulation import Simulation

T = TypeVar("T")


def step_key(sim: Simulation) -> tuple:
    """All the cards and the readout read: the run (its settings and path, by identity: a new run
    makes new ones), how far the path is worked out, the step, the hop and the summary."""
    return (sim.trajectory, sim.settings, sim.trajectory.computed, sim.t, sim.ball_t, sim.summary)


class PerStep(Generic[T]):
    """`make(sim)`, kept while `step_key(sim)` stays the same."""

    def __init__(self, make: Callable[[Simulation], T]) -> None:
        self._make = make
        self._key: tuple | None = None
        self._value: T | None = None

    def __call__(self, sim: Simulation) -> T:
        key = step_key(sim)
        if key != self._key:
            self._value, self._key = self._make(sim), key
        return self._value
