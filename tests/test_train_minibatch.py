"""Mini-batches, the held-out test set and the loss-driven schedule on the network."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrgame.engine.params import ConfigError
from lrgame.engine.plateau import ReduceOnPlateau
from lrgame.sim.network_choice import TRAIN_SIZE, check_batch_size
from lrgame.sim.optimizers import SGD
from lrgame.train import mlp
from lrgame.train import run as run_module
from lrgame.train.data import CLASSES, POINTS_PER_CLASS, held_out, spiral
from lrgame.train.run import TrainingRun, batches_per_epoch


@pytest.mark.parametrize(("b", "steps"), [(1, 300), (8, 38), (32, 10), (100, 3), (299, 2), (300, 1)])
def test_an_epoch_takes_one_step_per_batch_the_last_one_shorter(b, steps, monkeypatch):
    assert batches_per_epoch(b) == steps == math.ceil(TRAIN_SIZE / b)
    seen: list[int] = []
    real = mlp.batch_gradient
    monkeypatch.setattr(mlp, "batch_gradient", lambda p, X, y, w: seen.append(len(y)) or real(p, X, y, w))
    run = TrainingRun(np.full(3, 1e-3), seed=0, batch_size=b)
    run.advance(1)
    if b < TRAIN_SIZE:
        assert len(seen) == steps and sum(seen) == TRAIN_SIZE and set(seen[:-1]) == {b}
    else:
        assert seen == []  # full batch: the one gradient comes with the training loss


def test_every_epoch_draws_a_new_order_from_the_seed(monkeypatch):
    orders: list[np.ndarray] = []
    real = mlp.batch_gradient
    monkeypatch.setattr(mlp, "batch_gradient", lambda p, X, y, w: orders.append(X.copy()) or real(p, X, y, w))
    for seed in (0, 0, 1):
        TrainingRun(np.full(3, 1e-3), seed=seed, batch_size=150).advance(2)
    first, again, other = orders[:4], orders[4:8], orders[8:]
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))  # the same seed, the same order
    assert not np.array_equal(first[0], first[2])  # epoch 1 is shuffled afresh
    assert not np.array_equal(first[0], other[0])


def test_the_test_set_is_a_fresh_draw_of_the_same_spiral():
    X, y = spiral(seed=4)
    X_test, y_test = held_out(seed=4)
    assert X_test.shape == X.shape and np.array_equal(y_test, y)
    away = np.hypot(*X.T) > 0  # every arm starts at the centre, r = 0, in both sets
    assert not np.isin(X_test[away], X[away]).any()  # no other point shared
    assert np.allclose(np.hypot(*X_test.T), np.hypot(*X.T))  # the same radii: the same distribution's grid
    run = TrainingRun(np.full(21, 0.5), seed=4)
    run.advance(20)
    assert run.final_test_loss == mlp.evaluate(run.params, X_test, y_test)[0]
    assert run.final_test_loss != run.final_loss


def test_mini_batches_change_the_path_but_full_batch_is_the_old_one():
    rates = np.full(11, 0.5)
    full = TrainingRun(rates, seed=0)
    also_full = TrainingRun(rates, seed=0, batch_size="full")
    small = TrainingRun(rates, seed=0, batch_size=32)
    for run in (full, also_full, small):
        run.advance(10)
    assert full.result() == also_full.result()
    assert full.final_loss != small.final_loss


def test_reduce_on_plateau_follows_the_test_loss():
    plateau = ReduceOnPlateau(1.0, patience=2, factor=0.5)
    run = TrainingRun(plateau, seed=0, epochs=40, batch_size=32)
    run.advance(40)
    again = ReduceOnPlateau(1.0, patience=2, factor=0.5)
    for loss in [*run.test_losses[1:], run.final_test_loss]:
        again.step(loss)
    assert again.rates == plateau.rates and plateau.cuts  # it cut, and on the test loss's say
    by_train = ReduceOnPlateau(1.0, patience=2, factor=0.5)
    for loss in [*run.losses[1:], run.final_loss]:
        by_train.step(loss)
    assert by_train.rates != plateau.rates


def test_rates_per_batch_need_t_times_s_plus_one_entries_and_the_momenta_match():
    run = TrainingRun(np.linspace(0.1, 0.0, 2 * 10 + 1), seed=0, batch_size=32, per_batch=True,
                      optimizer=SGD(momentum=0.9), momenta=np.full(21, 0.8))
    assert run.epochs == 2 and run.epoch_rate(1) == pytest.approx(0.05) and run.epoch_momentum(1) == 0.8
    with pytest.raises(ConfigError, match="T·10 \\+ 1 entries"):
        TrainingRun(np.full(12, 0.1), seed=0, batch_size=32, per_batch=True)
    with pytest.raises(ConfigError, match="momenta must be as long"):
        TrainingRun(np.full(3, 0.1), seed=0, momenta=[0.9])
    with pytest.raises(ConfigError, match="cannot step per batch"):
        TrainingRun(ReduceOnPlateau(0.1), seed=0, epochs=3, per_batch=True, batch_size=32)


@pytest.mark.parametrize(("given", "message"), [
    (0, "batch_size=0 is not allowed: give a whole number in [1, 300] or full"),
    ("301", "batch_size=301 is not allowed"),
    ("eight", "batch_size='eight' is not a number"),
    (2.5, "batch_size=2.5 is not allowed"),
])
def test_a_bad_batch_size_is_refused(given, message):
    with pytest.raises(ConfigError, match=message.replace("[", "\\[").replace("]", "\\]")):
        check_batch_size(given)


def test_momentum_diverges_cleanly_on_a_huge_rate_with_mini_batches():
    run = TrainingRun(np.full(31, 50.0), seed=0, batch_size=8, optimizer=SGD(momentum=0.9))
    run.advance(30)
    assert run.diverged_at is not None
    assert all(math.isfinite(x) for x in [*run.losses, *run.test_losses])
    assert run_module.BLOW_UP * run.losses[0] >= max(run.losses)


def test_the_settings_know_the_training_sets_size():
    X, y = spiral()
    assert len(y) == TRAIN_SIZE == CLASSES * POINTS_PER_CLASS
