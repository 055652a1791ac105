"""The LR range test stops on a blow-up, NaN included, and suggests a rate it actually tried."""

import numpy as np

from lrgame.train.range_test import STOP, range_test, smooth_and_stop


def test_a_nan_in_the_losses_stops_the_test():
    rates = np.geomspace(1e-6, 1.0, 6)
    smoothed, stopped = smooth_and_stop(rates, [1.0, 0.9, 0.8, float("nan"), 0.5, 0.4])
    assert stopped == 3 and len(smoothed) == 3 and np.isfinite(smoothed).all()


def test_a_loss_far_above_the_best_stops_the_test():
    losses = [1.0, 0.5, 0.2, 0.1, 0.1, 50.0, 100.0]
    smoothed, stopped = smooth_and_stop(np.geomspace(1e-3, 1, 7), losses)
    assert stopped == 5 and smoothed.min() * STOP < 50.0


def test_on_the_spiral_the_suggestion_lies_inside_the_range_with_a_reason():
    result = range_test(seed=0)
    assert result.rates[0] <= result.suggestion <= result.rates[-1]
    assert result.stopped_at is not None  # 10 is far too big a rate for this network
    assert "lowest" in result.reason and len(result.rates) == len(result.smoothed) == len(result.losses)
    assert np.isfinite(result.smoothed).all()
