"""The comparison's slots as paths on one surface (numpy and the standard library only).

Each slot of the race (Shift+C) keeps its own schedule, η₀, knobs and optimizer; the race shares T,
steps per epoch, noise and seed between them, so on the same surface from the same start every
path meets the same gusts at step t (`landscape_path`'s noise is a function of seed and step alone)
and only the rates and the optimizers differ. The scoreboard ranks the paths by their final loss,
lowest first, a path that flew off last (the later it flew, the better), and gives each one's
distance from its last point to the nearest minimum of the surface.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from lrgame.engine import schedules
from lrgame.sim.landscape_path import LandscapeRun, Path2D, compute_path
from lrgame.sim.optimizer_choice import describe, to_json

if TYPE_CHECKING:
    from lrgame.sim.race import Slot  # the race's module is imported when the comparison first opens


@dataclass(frozen=True)
class ComparedPath:
    """One slot's path, its final loss, how far its end is from the nearest minimum, its place."""

    slot: int  # its index in the race (its colour, dash and marker)
    label: str  # the race's label for it
    schedule: str
    schedule_label: str  # the registry's name for it, as the legend says it
    lr0: float
    optimizer: str  # in a few words ("SGD", "Momentum 0.9", "Adam")
    path: Path2D
    final_loss: float
    distance: float
    place: int
    steps: int  # the steps its run takes (T·S, the race's: every slot shares the first slot's), flown off or not


def slot_runs(choice: LandscapeRun, slots: tuple[Slot, ...]) -> tuple[LandscapeRun, ...]:
    """The surface, its knobs and the start of `choice` under each slot's settings."""
    return tuple(replace(choice, settings=slot.settings) for slot in slots)


def compare_paths(choice: LandscapeRun, slots: tuple[Slot, ...]) -> tuple[ComparedPath, ...]:
    """Every slot's path on the surface of `choice`, in slot order, each with its place."""
    minima = choice.shape.minima(choice.surface_params)
    paths = [compute_path(run) for run in slot_runs(choice, slots)]

    def rank_key(path: Path2D) -> tuple[int, float]:
        if path.diverged_at is not None:
            return (1, -path.diverged_at)
        return (0, float(path.loss[-1]))

    keys = [rank_key(p) for p in paths]
    out = []
    for i, (slot, path) in enumerate(zip(slots, paths, strict=True)):
        x, y = path.points[-1]
        distance = min(math.hypot(float(x) - a, float(y) - b) for a, b in minima)
        place = 1 + sum(k < keys[i] for k in keys)  # equal results share a place
        out.append(ComparedPath(i, slot.label, slot.schedule, schedules.entry(slot.schedule).label, slot.lr0,
                                describe(slot.settings.optimizer), path, float(path.loss[-1]), distance, place,
                                slot.settings.epochs * slot.settings.steps_per_epoch))
    return tuple(out)


def ranked(compared: tuple[ComparedPath, ...]) -> list[ComparedPath]:
    """The paths by place, then slot."""
    return sorted(compared, key=lambda c: (c.place, c.slot))


def paths_document(compared: tuple[ComparedPath, ...], slots: tuple[Slot, ...]) -> list[dict[str, object]]:
    """The paths as `--dump-state` records them, in slot order (docs/state.md)."""
    return [{"slot": c.slot + 1, "schedule": c.schedule, "optimizer": to_json(s.settings.optimizer),
             "path": c.path.points.tolist(), "loss": c.path.loss.tolist()}
            for c, s in zip(compared, slots, strict=True)]
