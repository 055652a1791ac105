"""The network's gradients are exact, it learns the spiral, and a huge rate is caught, not shown."""

import numpy as np
import pytest

from lrgame import schedules
from lrgame.train import mlp
from lrgame.train.data import spiral
from lrgame.train.run import TrainingRun, train


def test_backpropagation_matches_finite_differences():
    X, y = spiral(points_per_class=8, seed=1)
    params = mlp.init(seed=2, sizes=(2, 7, 5, 3))
    _, grads = mlp.loss_and_grads(params, X, y)
    rng = np.random.default_rng(0)
    h = 1e-6
    for p, g in zip(params, grads, strict=True):
        for idx in [tuple(rng.integers(0, s) for s in p.shape) for _ in range(6)]:
            keep = p[idx]
            p[idx] = keep + h
            up, _ = mlp.loss_and_grads(params, X, y)
            p[idx] = keep - h
            down, _ = mlp.loss_and_grads(params, X, y)
            p[idx] = keep
            numeric = (up - down) / (2 * h)
            assert g[idx] == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_a_sane_schedule_learns_the_spiral():
    run = train(schedules.curve("cosine", lr0=1.0, epochs=400), seed=0)
    assert run.diverged_at is None
    assert run.losses[-1] < 0.2 * run.losses[0]  # measured: 1.12 → 0.037
    assert run.accuracies[-1] > 0.9  # measured: 0.993


def test_a_huge_rate_diverges_and_nothing_non_finite_comes_out():
    run = train(np.full(201, 1e4), seed=0)
    assert run.diverged_at is not None and run.diverged_at < 50
    assert np.isfinite(run.losses).all() and np.isfinite(run.accuracies).all()
    grid = run.decision_grid(16)
    assert grid.shape == (16, 16) and set(np.unique(grid)) <= {0, 1, 2}


def test_training_in_pieces_equals_training_at_once_and_is_deterministic():
    rates = schedules.curve("step", lr0=0.5, epochs=60, step_size=20)
    whole = train(rates, seed=3)
    pieces = TrainingRun(rates, seed=3)
    while not pieces.done:
        pieces.advance(7)
    assert pieces.losses == whole.losses == train(rates, seed=3).losses
