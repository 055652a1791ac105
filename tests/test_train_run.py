"""A training run: divergence is caught and nothing non-finite comes out; pieces equal one shot;
the same seed gives the same numbers."""

import doctest
import math

import numpy as np
import pytest

from lrgame.engine import schedules
from lrgame.engine.params import ConfigError
from lrgame.engine.plateau import ReduceOnPlateau
from lrgame.train import run as run_module
from lrgame.train.run import BLOW_UP, Result, TrainingRun, train


def _all_finite(run: TrainingRun) -> bool:
    r = run.result()
    numbers = [*r.losses, *r.accuracies, *(x for x in (r.final_loss, r.final_accuracy, r.best_loss) if x is not None)]
    return all(math.isfinite(x) for x in numbers)


@pytest.mark.parametrize(
    ("rate", "why"),
    [(100.0, "a loss above BLOW_UP × the first"), (1e300, "an overflow to inf and NaN")],
)
def test_a_huge_rate_diverges_and_nothing_non_finite_comes_out(rate, why):
    run = TrainingRun(np.full(201, rate), seed=0)
    while not run.done:
        run.advance(3)
    assert run.diverged_at is not None and run.diverged_at <= 3, why  # measured: epoch 1 for both
    assert len(run.losses) == run.diverged_at == run.epoch  # the loss that blew up is not recorded
    assert run.final_loss is None and run.final_accuracy is None
    assert _all_finite(run)
    assert max(run.losses) <= BLOW_UP * run.losses[0]
    grid = run.decision_grid(16)
    assert grid.shape == (16, 16) and grid.dtype == np.uint8 and set(np.unique(grid)) <= {0, 1, 2}
    assert run.advance(10) == 0  # a diverged run stays stopped


def test_the_blow_up_bound_catches_a_finite_explosion_the_nan_check_would_miss():
    run = TrainingRun(np.full(11, 10.0), seed=0)  # measured: loss 1.2 → 14.8 → above 60 at epoch 2
    run.advance(10)
    assert run.diverged_at == 2 and run.losses[1] > 10 * run.losses[0]


def test_training_in_pieces_equals_training_at_once():
    rates = schedules.curve("step", lr0=0.5, epochs=60, step_size=20)
    whole = train(rates, seed=3)
    pieces = TrainingRun(rates, seed=3)
    sizes = iter([1, 7, 13, 2, 100])
    while not pieces.done:
        pieces.advance(next(sizes))
    assert pieces.result() == whole
    tiny = TrainingRun(rates, seed=3)
    while not tiny.done:
        assert tiny.advance(1000, budget_s=0.0) == 1  # a zero budget still trains one epoch a call
    assert tiny.result() == whole
    assert np.array_equal(tiny.decision_grid(20), pieces.decision_grid(20))


def test_the_same_seed_gives_identical_numbers_and_another_seed_does_not():
    rates = schedules.curve("cosine", lr0=1.0, epochs=40)
    a, b, c = train(rates, seed=7), train(rates, seed=7), train(rates, seed=8)
    assert a == b
    assert a.losses != c.losses


def test_a_completed_run_reports_the_weights_after_the_last_step():
    rates = schedules.curve("cosine", lr0=1.0, epochs=50)
    run = TrainingRun(rates, seed=0)
    assert run.epochs == 50 and run.advance(49) == 49 and not run.done and run.final_loss is None
    assert run.advance(5) == 1 and run.done and run.epoch == 50 and len(run.losses) == 50
    result = run.result()
    assert result.final_loss < result.losses[-1] < result.losses[0]
    assert result.trajectory == [*result.losses, result.final_loss]
    assert result.best_loss == min(result.trajectory)
    assert result.first_below(result.losses[0]) == 1 and result.first_below(0.0) is None


def test_a_run_of_no_epochs_is_done_at_once_and_measures_the_initial_weights():
    run = TrainingRun([0.1], seed=0)
    assert run.done and run.losses == [] and run.advance(5) == 0
    assert run.final_loss == train([0.5, 0.5], seed=0).losses[0]


def test_decision_grid_orientation_row_zero_is_the_top():
    result = TrainingRun(schedules.curve("cosine", lr0=1.0, epochs=300), seed=0)
    result.advance(300)
    grid = result.decision_grid(121)
    # the point nearest each grid cell's centre is (nearly always) classified like the cell
    axis = np.linspace(-1.2, 1.2, 121)
    hits = 0
    for (x, y), label in zip(result.X, result.y, strict=True):
        col, row = int(np.argmin(abs(axis - x))), int(np.argmin(abs(axis[::-1] - y)))
        hits += grid[row, col] == label
    assert hits / len(result.y) > 0.95  # measured 0.99: with rows upside down it would be near chance


@pytest.mark.parametrize("rates", [[0.1, float("nan")], [0.1, -0.1], [[0.1, 0.1]], [], "fast", [0.1, math.inf]])
def test_bad_rates_are_refused(rates):
    with pytest.raises(ConfigError, match="rates"):
        TrainingRun(rates)


def test_a_result_is_plain_python_numbers():
    r = train(schedules.curve("linear", lr0=0.5, epochs=5), seed=1)
    assert isinstance(r, Result) and all(type(x) is float for x in [*r.losses, *r.accuracies, r.final_loss])


def test_under_reduce_on_plateau_the_loss_after_each_epoch_sets_the_next_rate_as_in_pytorchs_loop():
    plateau = ReduceOnPlateau(2.0, patience=2, factor=0.5)  # 2.0 is too big: the loss stalls, the rate is cut
    run = TrainingRun(plateau, seed=0, epochs=80)
    while not run.done:
        run.advance(9)
    result = run.result()
    assert result.diverged_at is None and len(plateau.rates) == 81
    assert plateau.cuts  # measured: cuts after epochs 9 and 32
    replay = ReduceOnPlateau(2.0, patience=2, factor=0.5)
    for loss in result.trajectory[1:]:  # PyTorch's loop: train epoch t, then step(loss after it)
        replay.step(loss)
    assert replay.rates == plateau.rates
    assert train(plateau.rates, seed=0) == result  # the same numbers as training under the rates it chose
    assert np.array_equal(run.rates, plateau.rates)


def test_a_controller_needs_the_run_length_and_a_fresh_start():
    with pytest.raises(ConfigError, match="epochs"):
        TrainingRun(ReduceOnPlateau(0.1))
    used = ReduceOnPlateau(0.1)
    used.step(1.0)
    with pytest.raises(ConfigError, match="already taken steps"):
        TrainingRun(used, epochs=5)
    with pytest.raises(ConfigError, match="epochs"):
        TrainingRun([0.1, 0.1], epochs=5)


def test_the_module_example_prints_what_it_says():
    result = doctest.testmod(run_module)
    assert result.attempted > 0 and result.failed == 0
