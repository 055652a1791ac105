"""Cooldowns forked from one constant run (lrgame/sim/cooldowns.py): the branches share the trunk's
steps bit for bit, their rates are the engine's, and the river's lesson measured (docs/landscape.md
quotes these figures)."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from lrgame.engine import cooldowns as engine_cooldowns
from lrgame.engine.params import MAX_EPOCHS, ConfigError
from lrgame.sim.cooldowns import (
    alongside_run,
    branch_run,
    fork_points,
    forked_cooldowns,
    measure,
    river_parts,
    spread,
    trunk_run,
)
from lrgame.sim.landscape_path import LandscapePath, compute_path, make_landscape_run
from lrgame.sim.optimizer_choice import make_optimizer
from lrgame.sim.settings import make_settings
from lrgame.sim.surfaces import SURFACES, default_params

RIVER = SURFACES["river"]


def river_run(optimizer: str = "sgd", seed: int = 0, epochs: int = RIVER.epochs, lr0: float = RIVER.lr0,
              steps_per_epoch: int = 1, **hyper: float):
    settings = make_settings("cosine", lr0, epochs, noise=RIVER.noise, seed=seed, steps_per_epoch=steps_per_epoch,
                             optimizer=make_optimizer(optimizer, **hyper))
    return make_landscape_run("river", {}, None, settings)


def test_the_engine_names_the_schedules_and_its_doctest_holds() -> None:
    assert doctest.testmod(engine_cooldowns).failed == 0
    with pytest.raises(ConfigError, match="cooldown shape='cosine' is not allowed"):
        engine_cooldowns.branch_params(5, "cosine")


def test_forks_at_a_fifth_of_the_run_apart_each_cooling_down_a_fifth_of_its_fork() -> None:
    assert fork_points(300) == ((60, 12), (120, 24), (180, 36), (240, 48), (300, 60))
    assert fork_points(100_000)[-1] == (100_000, 20_000)
    assert fork_points(3) == ((1, 1), (2, 1), (3, 1))  # each fork once, at least one step of cooldown
    assert fork_points(MAX_EPOCHS)[-1][0] == 800_000  # the 100 % branch would outgrow the longest run


@pytest.mark.parametrize(("optimizer", "hyper"), [("sgd", {}), ("sgd", {"momentum": 0.9}),
                                                  ("sgd", {"momentum": 0.9, "nesterov": True}), ("adam", {}),
                                                  ("adamw", {"weight_decay": 0.01})])
def test_a_branch_is_the_trunk_for_its_first_k_steps_bit_for_bit_and_the_schedule_computed_whole(
        optimizer: str, hyper: dict) -> None:
    run = river_run(optimizer, lr0=0.01 if hyper or optimizer != "sgd" else RIVER.lr0, **hyper)
    forked = forked_cooldowns(run)
    assert [b.at for b in forked.branches] == [60, 120, 180, 240, 300]
    for branch in forked.branches:
        k = branch.at
        assert np.array_equal(branch.path.points[: k + 1], forked.trunk.points[: k + 1])
        assert np.array_equal(branch.path.lr[:k], forked.trunk.lr[:k])
        for name, rows in branch.path.states.items():
            assert np.array_equal(rows[: k + 1], forked.trunk.states[name][: k + 1])
        whole = compute_path(branch_run(run, k, branch.cooldown))  # from p₀, nothing shared
        assert np.array_equal(whole.points, branch.path.points) and np.array_equal(whole.loss, branch.path.loss)
        assert len(branch.path.points) == k + branch.cooldown + 1
    assert len(forked.trunk.points) == RIVER.epochs + 1


def test_the_trunk_is_constant_and_a_branch_cools_down_to_zero_in_its_shape() -> None:
    run = river_run(steps_per_epoch=2, epochs=150)  # T·S = 300 steps
    forked = forked_cooldowns(run)
    assert forked.trunk.lr.tolist() == [RIVER.lr0] * 300
    branch = forked.branches[1]
    progress = np.arange(24) / 24
    assert branch.path.lr[:120].tolist() == [RIVER.lr0] * 120
    np.testing.assert_allclose(branch.path.lr[120:], RIVER.lr0 * (1 - np.sqrt(progress)), rtol=1e-15)
    linear = forked_cooldowns(run, "linear").branches[1]
    np.testing.assert_allclose(linear.path.lr[120:], RIVER.lr0 * (1 - progress), rtol=1e-15)
    assert trunk_run(run).settings.epochs == 300 and alongside_run(run, 144).settings.epochs == 144


def test_a_path_stops_exactly_where_asked_and_forks_only_there() -> None:
    path = LandscapePath(trunk_run(river_run()))
    path.ensure(37)
    assert path.computed == 37
    with pytest.raises(ValueError, match="computed to step 37"):
        path.fork(branch_run(river_run(), 40, 8), 40)


def test_no_branch_past_where_the_trunk_flew_off() -> None:
    forked = forked_cooldowns(river_run(lr0=0.3))  # three times the banks' limit
    assert forked.trunk.diverged_at is not None
    assert all(b.at <= forked.trunk.diverged_at for b in forked.branches)
    assert len(forked.branches) < 5


def test_along_and_across_add_up_to_the_loss() -> None:
    path = forked_cooldowns(river_run()).branches[-1].path
    along, across = river_parts(path)
    p = default_params(RIVER)
    loss = p["slope"] * (np.sqrt(1 + along**2) - 1) + 0.5 * p["steep"] * across**2
    np.testing.assert_allclose(loss, path.loss, rtol=1e-12)
    assert spread(np.array([3.0, -4.0])) == pytest.approx(np.sqrt(12.5))


def test_river_lesson_every_branch_beats_cosine_and_the_across_spread_shrinks() -> None:
    """Seeds 0–9, the river's defaults, plain SGD, 1−√ cooldowns (docs/landscape.md's table)."""
    measured = measure(river_run(), range(10))
    table = [(m.at, round(m.branch_loss, 3), round(m.cosine_loss, 3), round(m.across_at_fork, 3),
              round(m.across_at_end, 4)) for m in measured]
    assert table == [(60, 0.754, 0.758, 0.081, 0.0167), (120, 0.68, 0.721, 0.141, 0.0123),
                     (180, 0.561, 0.678, 0.12, 0.0144), (240, 0.559, 0.642, 0.109, 0.0078),
                     (300, 0.488, 0.611, 0.147, 0.0121)]
    for m in measured:
        assert m.branch_loss < m.cosine_loss
        assert m.across_at_end * 4 < m.across_at_fork  # the path sinks onto the bed
        assert abs(m.along_at_end - m.along_at_fork) < 0.35  # and keeps its progress down the river


@pytest.mark.slow
def test_river_lesson_with_a_linear_cooldown() -> None:
    measured = measure(river_run(), range(10), "linear")
    assert [round(m.branch_loss, 3) for m in measured] == [0.75, 0.675, 0.563, 0.55, 0.488]
    assert all(m.branch_loss < m.cosine_loss for m in measured)
