"""The four rules read the right rate off curves whose answer is known by construction."""

import json

import numpy as np
import pytest

from lrgame import cli
from lrgame.train import range_rules as rr
from lrgame.train.range_test import range_test
from lrgame.train.recipe import DEFAULT

RATES = 1e-6 * 10 ** (np.arange(160) * 7 / 159)


def test_minimum_10_is_a_tenth_of_the_rate_at_the_lowest_loss():
    loss = (np.arange(160) - 120.0) ** 2
    assert rr.minimum_10(RATES, loss) == pytest.approx(RATES[120] / 10, rel=1e-15)


def test_steepest_is_the_left_end_of_the_steepest_fall_before_the_lowest_point():
    loss = 2.0 - 0.001 * np.arange(160)
    loss[70:] -= 0.5  # the big fall: between points 69 and 70
    loss[140:] += 5.0  # a blow-up past the lowest point (index 139) ...
    loss[145:] -= 3.0  # ... and a steeper fall back from it, which is no learning: ignored
    assert rr.steepest(RATES, loss) == RATES[69]


def test_valley_is_half_way_along_the_longest_run_of_ever_lower_losses():
    loss = np.where(np.arange(160) % 2, 1.1, 1.0)  # flat and noisy: runs of 2 at most
    loss[40:101] = np.linspace(0.9, 0.3, 61)  # then 61 ever-lower points, then a rise
    loss[101:] = np.linspace(0.35, 2.0, 59)
    # The longest run: one 1.1 and one 1.0 from the noise, then the 61 points: 63 ending at index 100.
    length, end = 63, 100
    assert rr.valley(RATES, loss) == RATES[end - length + length // 3 + length // 6]  # 68, half-way down
    assert 40 < end - length + length // 3 + length // 6 < 100


def test_valley_on_a_curve_falling_from_its_first_point_starts_there():
    """A noiseless curve falls from the first step, so the valley is the whole way down to the lowest."""
    loss = np.concatenate((np.linspace(1.0, 0.5, 120), np.linspace(0.6, 3.0, 40)))
    assert rr.valley(RATES, loss) == RATES[0 + 120 // 3 + 120 // 6 - 1]


def test_slide_stops_where_the_slope_of_a_steady_fall_meets_the_rise():
    """A fall of 0.01 a step, then from index 100 a rise whose slope grows 0.002 a step: walking down
    from the top, the slopes 15 steps apart differ by more than 0.005 until both lie in the fall."""
    i = np.arange(120)
    loss = np.where(i < 100, 1.0 - 0.01 * i, 0.01 + 0.001 * (i - 99) ** 2)
    found = int(np.flatnonzero(RATES == rr.slide(RATES[:120], loss))[0])
    assert 83 <= found <= 86  # 15 steps before the turn, give or take the centred slope at it
    steady = np.linspace(2.0, 1.0, 120)  # no turn at all: the first comparison already agrees
    assert rr.slide(RATES[:120], steady) == RATES[120 - 1 - rr.SLIDE_GAP]


def test_short_curves_give_a_tested_rate_and_an_empty_one_is_refused():
    for n in (1, 2, 5):
        got = rr.suggestions(RATES[:n], np.linspace(1, 0.5, n), 160)
        assert set(got) == set(rr.RULES)
        assert all(RATES[0] / 10 <= v <= RATES[n - 1] for v in got.values())
    with pytest.raises(ValueError, match="empty"):
        rr.suggestions(RATES[:0], np.array([]), 160)


def test_the_rules_skip_the_first_tenth_and_the_last_points_as_fastai_does():
    loss = np.linspace(1.0, 0.5, 160)
    loss[:16] = np.linspace(5.0, 4.0, 16)  # a steep fall in the first tenth: not read
    loss[-rr.SKIP_END:] = 0.0  # the lowest points at the very end: not read
    got = rr.suggestions(RATES, loss, 160)
    assert got["minimum_10"] == pytest.approx(RATES[160 - rr.SKIP_END - 1] / 10)
    assert got["steepest"] >= RATES[16]


def test_range_test_json_gives_the_recommended_suggestion_and_all_four_rules(capsys):
    assert cli.main(["range-test", "--seed", "1", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    expected = range_test(seed=1, batch_size=DEFAULT.batch_size, optimizer=DEFAULT.optimizer)  # the window's
    assert out["rules"] == expected.rules and list(out["rules"]) == list(rr.RULES)
    assert out["suggestion"] == out["rules"][rr.RECOMMENDED] == expected.suggestion
    assert out["recommended"] == rr.RECOMMENDED
    assert cli.main(["range-test", "--seed", "1"]) == 0
    table = capsys.readouterr().out
    assert all(f"{rr.LABELS[name]} {value:.3g}" in table for name, value in expected.rules.items())
