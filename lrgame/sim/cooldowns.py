"""Cooldowns forked from one constant-rate run (numpy and the standard library only): warmup-stable-
decay's "train once, decay whenever you need a model", on a 2-D surface.

The trunk holds η₀ for N = T·S steps. A branch forked at step k (at 20, 40, 60, 80 and 100 % of N)
takes the trunk's first k steps as they are, optimizer state included, and then cools down over
d = 0.2·k steps from η₀ to 0 (1 − √progress by default, linear as a choice: `engine.cooldowns`).
Every path is a `LandscapePath`, so the steps, the noise (a function of seed and step alone) and the
rates are the landscape's: a branch equals the trunk for its first k steps bit for bit, and equals
the same schedule computed whole from p₀.

On the river, `river_parts` splits a path into its along-the-river and across-the-river parts: the
cooldown settles the across part (the path sinks onto the bed) while the along part keeps its progress.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from lrgame.engine import cooldowns
from lrgame.engine.params import MAX_EPOCHS
from lrgame.sim.landscape_path import LandscapePath, LandscapeRun, Path2D, compute_path
from lrgame.sim.settings import make_settings
from lrgame.sim.surfaces import river_coordinates

FORK_AT = (0.2, 0.4, 0.6, 0.8, 1.0)  # where the branches leave the trunk, as fractions of its steps
COOLDOWN = 0.2  # a branch forked at step k cools down over this many times k steps


@dataclass(frozen=True)
class Branch:
    """A cooldown forked at step `at` of the trunk, `cooldown` steps long; its path p₀ … p_(at+cooldown)."""

    at: int
    cooldown: int
    path: Path2D

    @property
    def end(self) -> int:
        return self.at + self.cooldown

    @property
    def final_loss(self) -> float:
        return float(self.path.loss[-1])


@dataclass(frozen=True)
class Forked:
    """The trunk's path and its branches, the earliest fork first."""

    trunk: Path2D
    branches: tuple[Branch, ...]
    shape: str


def fork_points(steps: int) -> tuple[tuple[int, int], ...]:
    """(k, d) for each branch of a trunk of `steps` steps: k = FORK_AT·steps rounded (at least 1, each
    once), d = COOLDOWN·k rounded (at least 1); a branch that would outgrow the longest run the engine
    allows (MAX_EPOCHS steps) is left out."""
    out: list[tuple[int, int]] = []
    for share in FORK_AT:
        k = max(1, round(share * steps))
        d = max(1, round(COOLDOWN * k))
        if k + d <= MAX_EPOCHS and all(k != at for at, _ in out):
            out.append((k, d))
    return tuple(out)


def _in_steps(run: LandscapeRun, schedule: str, steps: int, params: dict) -> LandscapeRun:
    """`run` under another schedule of `steps` steps (one a epoch: the knobs are in steps), its η₀,
    optimizer, noise and seed kept."""
    s = run.settings
    settings = make_settings(schedule, s.lr0, steps, params, noise=s.noise, seed=s.seed, optimizer=s.optimizer)
    return replace(run, settings=replace(settings, valley=s.valley, sharpness=s.sharpness))


def trunk_run(run: LandscapeRun) -> LandscapeRun:
    """The constant-rate trunk of `run`: η₀ for its T·S steps."""
    return _in_steps(run, cooldowns.TRUNK, run.settings.epochs * run.settings.steps_per_epoch, {})


def branch_run(run: LandscapeRun, at: int, cooldown: int, shape: str = cooldowns.SHAPES[0]) -> LandscapeRun:
    """The branch forked at step `at`: η₀ for `at` steps, then `cooldown` steps of `shape` down to 0."""
    return _in_steps(run, cooldowns.BRANCH, at + cooldown, cooldowns.branch_params(cooldown, shape))


def alongside_run(run: LandscapeRun, steps: int) -> LandscapeRun:
    """The separate run a branch is measured against: cosine annealing to 0 over the same `steps`."""
    return _in_steps(run, cooldowns.ALONGSIDE, steps, {})


def forked_cooldowns(run: LandscapeRun, shape: str = cooldowns.SHAPES[0]) -> Forked:
    """The trunk of `run` and a branch at each of `fork_points` (none past where the trunk flew off):
    the trunk computed once, each branch going on from it."""
    shape = cooldowns.check_shape(shape)
    trunk = LandscapePath(trunk_run(run))
    branches: list[Branch] = []
    for at, cooldown in fork_points(trunk.steps):
        trunk.ensure(at)
        if trunk.computed != at:  # flew off before the fork
            break
        branch = trunk.fork(branch_run(run, at, cooldown, shape), at)
        branch.ensure(branch.steps)
        branches.append(Branch(at, cooldown, branch.path()))
    trunk.ensure(trunk.steps)
    return Forked(trunk.path(), tuple(branches), shape)


def river_parts(path: Path2D) -> tuple[np.ndarray, np.ndarray]:
    """(along, across) at every point of a path on the river: how far down the river (0 at the lake,
    negative upstream) and how far above the bed (`surfaces.river_coordinates`)."""
    along, across = river_coordinates(path.points[:, 0], path.points[:, 1])
    return np.asarray(along), np.asarray(across)


def spread(values: np.ndarray) -> float:
    """The root mean square of `values`: how far, typically, the across part is from the bed."""
    return float(np.sqrt(np.mean(np.square(values)))) if len(values) else 0.0


@dataclass(frozen=True)
class Measured:
    """One branch against the cosine run of the same length, each a median over seeds; the across
    part's spread over the seeds (root mean square) where the branch forks and where it ends; the
    along part's median there."""

    at: int
    cooldown: int
    branch_loss: float
    cosine_loss: float
    across_at_fork: float
    across_at_end: float
    along_at_fork: float
    along_at_end: float


def measure(run: LandscapeRun, seeds: range, shape: str = cooldowns.SHAPES[0]) -> list[Measured]:
    """For each branch of `run` (on the river): its final loss and the cosine run's of the same total
    length, and its across and along parts at the fork and at the end, over `seeds`."""
    per_seed = [forked_cooldowns(replace(run, settings=replace(run.settings, seed=k)), shape) for k in seeds]
    out = []
    for i, first in enumerate(per_seed[0].branches):
        branches = [forked.branches[i] for forked in per_seed]
        cosine = [compute_path(alongside_run(replace(run, settings=replace(run.settings, seed=k)), first.end))
                  for k in seeds]
        at_fork = np.array([[part[first.at] for part in river_parts(b.path)] for b in branches])
        at_end = np.array([[part[-1] for part in river_parts(b.path)] for b in branches])
        out.append(Measured(first.at, first.cooldown, float(np.median([b.final_loss for b in branches])),
                            float(np.median([c.loss[-1] for c in cosine])), spread(at_fork[:, 1]),
                            spread(at_end[:, 1]), float(np.median(at_fork[:, 0])), float(np.median(at_end[:, 0]))))
    return out
