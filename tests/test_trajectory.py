"""The ball's path against an independent plain-loop reference, and the lessons it must show."""

import numpy as np
import pytest

from lrgame.sim.trajectory import FIRST_SEED, FIRST_Z, Trajectory
from lrgame.sim.valley import make_valley

BOUND = 200.0  # 50 half-widths of the domain (-4, 4)


def z(seed: int, t: int) -> float:
    """The documented rule for the standard normal of epoch t."""
    return float(np.random.default_rng([seed, t // 4096]).standard_normal(4096)[t % 4096])


def reference_path(valley, rates, noise, seed, upto):
    xs = [valley.start_x]
    for t in range(upto):
        xs.append(xs[-1] - rates[t] * (valley.df(xs[-1]) + noise * z(seed, t)))
    return np.array(xs)


class CountingValley:
    """A valley that counts slope evaluations, to see how much of the path has been computed."""

    def __init__(self, valley):
        self._valley = valley
        self.calls = 0

    def __getattr__(self, name):
        return getattr(self._valley, name)

    def scalar_slope(self):
        slope = self._valley.scalar_slope()

        def counted(x):
            self.calls += 1
            return slope(x)

        return counted


def test_path_is_the_recurrence_computed_independently():
    v = make_valley("bumpy", 15.0)
    rates = 0.1 * 0.999 ** np.arange(5001)
    tr = Trajectory(v, rates, noise=1.0, seed=7)
    want = reference_path(v, rates, 1.0, 7, 5000)  # crosses the chunk boundary at 4096
    np.testing.assert_allclose(tr.xs(5000), want, rtol=1e-12, atol=1e-12)
    assert tr.x(0) == v.start_x
    for t in (0, 1, 4096, 5000):
        assert tr.loss(t) == v.f(tr.x(t))
        assert tr.slope(t) == v.df(tr.x(t))
    np.testing.assert_array_equal(tr.losses(5000), v.f(tr.xs(5000)))


def test_the_first_draw_known_in_advance_is_the_draw() -> None:
    """The first frame's noise comes from FIRST_Z, not numpy.random (tests/test_startup.py): it must
    be the very number the path takes at step 0, for any noise level."""
    assert FIRST_Z == z(FIRST_SEED, 0)
    v = make_valley("bowl", 15.0)
    for noise in (1.0, 0.37, 0.0):
        tr = Trajectory(v, np.full(11, 0.05), noise, FIRST_SEED)
        assert tr.kick(0) == noise * z(FIRST_SEED, 0)
        assert tr.x(1) == v.start_x - 0.05 * (v.df(v.start_x) + tr.kick(0))
        assert tr.kick(1) == noise * z(FIRST_SEED, 1)


def test_last_position_is_after_the_last_trained_epoch():
    v = make_valley("bowl", 10.0)
    tr = Trajectory(v, np.array([0.05, 99.0]), noise=0.0)
    assert tr.steps == 1
    assert tr.x(1) == pytest.approx(3.0 - 0.05 * 30.0)  # the rate of epoch T is never used


def test_same_seed_same_path_different_seed_different_path():
    v = make_valley("bumpy", 15.0)
    rates = np.full(301, 0.05)
    a, b, c = (Trajectory(v, rates, 1.0, seed).xs(300) for seed in (3, 3, 4))
    np.testing.assert_array_equal(a, b)
    assert np.max(np.abs(a - c)) > 1e-3


def test_noise_of_an_epoch_does_not_depend_on_the_run():
    """A shorter run, or one whose rates change later, walks the same path up to that point."""
    v = make_valley("bowl", 15.0)
    long = Trajectory(v, np.full(5001, 0.05), 1.0, 9)
    short = Trajectory(v, np.full(101, 0.05), 1.0, 9)
    changed = Trajectory(v, np.r_[np.full(51, 0.05), np.full(50, 0.001)], 1.0, 9)
    np.testing.assert_array_equal(short.xs(100), long.xs(100))
    np.testing.assert_array_equal(changed.xs(51), long.xs(51))
    assert changed.x(100) != long.x(100)


def test_extending_in_pieces_equals_one_call():
    v = make_valley("bumpy", 15.0)
    rates = np.linspace(0.1, 0.001, 5001)
    pieces = Trajectory(v, rates, 1.0, 5)
    x10, x5000, x3 = pieces.x(10), pieces.x(5000), pieces.x(3)
    whole = Trajectory(v, rates, 1.0, 5)
    np.testing.assert_array_equal(whole.xs(5000), pieces.xs(5000))
    assert (x10, x5000, x3) == (whole.xs(5000)[10], whole.xs(5000)[5000], whole.xs(5000)[3])


def test_a_long_run_is_computed_only_as_far_as_asked():
    counting = CountingValley(make_valley("bowl", 15.0))
    tr = Trajectory(counting, np.full(1_000_001, 0.05), 1.0, 0)
    assert counting.calls == 0
    tr.x(10)
    assert 10 <= counting.calls <= 4096
    tr.x(5000)
    assert counting.calls <= 2 * 4096
    tr.x(20)
    assert counting.calls <= 2 * 4096


def test_advance_computes_a_bounded_amount_and_reaches_the_same_path():
    rates = np.full(50_001, 0.05)
    tr = Trajectory(make_valley("bumpy", 15.0), rates, 1.0, 3)
    assert tr.advance(40_000, chunks=2) == 2 * 4096 == tr.computed
    while tr.advance(40_000, chunks=2) < 40_000:
        pass
    fresh = Trajectory(make_valley("bumpy", 15.0), rates, 1.0, 3)
    np.testing.assert_array_equal(tr.xs(40_000), fresh.xs(40_000))
    np.testing.assert_array_equal(tr.losses(40_000), make_valley("bumpy", 15.0).f(fresh.xs(40_000)))


def test_scalar_slope_equals_the_vectorised_slope():
    for kind in ("bowl", "bumpy"):
        v = make_valley(kind, 23.0)
        xs = np.linspace(-4.5, 4.5, 301)
        np.testing.assert_allclose([v.scalar_slope()(float(x)) for x in xs], v.df(xs), rtol=1e-13, atol=1e-12)


def test_the_stored_path_cannot_be_changed_through_a_view():
    tr = Trajectory(make_valley(), np.full(11, 0.05), 1.0, 0)
    with pytest.raises(ValueError, match="read-only"):
        tr.xs(10)[3] = 0.0


def test_rates_changed_after_construction_do_not_change_the_path():
    rates = np.full(5001, 0.05)
    tr = Trajectory(make_valley(), rates, 1.0, 0)
    rates[:] = 1.0
    fresh = Trajectory(make_valley(), np.full(5001, 0.05), 1.0, 0)
    np.testing.assert_array_equal(tr.xs(5000), fresh.xs(5000))


@pytest.mark.parametrize("t", [-1, 11])
def test_epochs_outside_the_run_are_rejected(t):
    tr = Trajectory(make_valley(), np.full(11, 0.05), 1.0, 0)
    with pytest.raises(IndexError, match=r"0\.\.10"):
        tr.x(t)


def test_bouncing_regime_overshoots_every_step_and_converges():
    """η·s = 1.5: x − x* flips sign and halves each step (1 − η·s = −0.5)."""
    v = make_valley("bowl", 15.0)
    d = Trajectory(v, np.full(61, 0.1), noise=0.0).xs(60) - v.floor_x
    assert np.all(d[:-1] * d[1:] < 0)
    np.testing.assert_allclose(d[1:] / d[:-1], -0.5, rtol=1e-9)
    assert abs(d[60]) < 1e-15


def test_beyond_the_stability_limit_the_ball_flies_out_without_a_crash():
    """η·s = 2.5: |x − x*| grows ×1.5 a step from 3, passing the bound 200 at epoch 11."""
    v = make_valley("bowl", 15.0)
    tr = Trajectory(v, np.full(5001, 2.5 / 15.0), noise=1.0)
    xs = tr.xs(5000)
    assert tr.diverged_at == 11
    assert np.all(np.abs(xs[:11] - v.floor_x) <= BOUND)
    assert np.all(xs[11:] == xs[11])
    assert abs(xs[11] - v.floor_x) == BOUND
    assert np.all(np.isfinite(tr.losses(5000)))
    assert np.isfinite(tr.slope(5000))


@pytest.mark.parametrize("rate", [np.inf, np.nan, 1e300])
def test_non_finite_steps_become_a_finite_escape(rate):
    v = make_valley("bumpy", 100.0)
    tr = Trajectory(v, np.array([0.01, rate, 0.01, 0.01]), noise=1.0)
    xs = tr.xs(3)
    assert tr.diverged_at == 2
    assert np.all(np.isfinite(xs)) and np.all(np.isfinite(tr.losses(3)))
    assert abs(xs[2] - v.floor_x) == BOUND and xs[3] == xs[2]


def test_a_stable_run_never_reports_divergence():
    tr = Trajectory(make_valley("bowl", 15.0), np.full(5001, 1.99 / 15.0), noise=1.0)
    tr.ensure(5000)
    assert tr.diverged_at is None


def test_a_tiny_rate_crawls():
    v = make_valley("bowl", 15.0)
    xs = Trajectory(v, np.full(11, 1e-4 / 15.0), noise=1.0).xs(10)
    way = abs(v.start_x - v.floor_x)
    assert 0 < xs[0] - xs[10] < 0.01 * way


def test_with_noise_a_constant_rate_jitters_while_a_decaying_one_settles():
    v = make_valley("bowl", 15.0)
    epochs = 2000
    constant = Trajectory(v, np.full(epochs + 1, 0.1), 1.0, 11).xs(epochs)
    decaying = Trajectory(v, 0.1 * 0.997 ** np.arange(epochs + 1), 1.0, 11).xs(epochs)
    spread_constant = np.std(constant[-200:] - v.floor_x)
    spread_decaying = np.std(decaying[-200:] - v.floor_x)
    assert spread_constant > 0.05  # theory: η·σ / sqrt(1 − (1 − η·s)²) ≈ 0.115
    assert spread_decaying < 0.2 * spread_constant


def _rests_in_the_dip(v, x):
    return x > v.floor_x + 1.0 and abs(v.df(x)) < 1e-6


def test_bumpy_small_rate_gets_stuck_in_the_dip():
    v = make_valley("bumpy", 15.0)
    tr = Trajectory(v, np.full(1001, 0.01), noise=0.0)
    assert _rests_in_the_dip(v, tr.x(1000))


def test_bumpy_default_rate_reaches_the_deep_floor():
    v = make_valley("bumpy", 15.0)
    tr = Trajectory(v, np.full(1001, 0.1), noise=1.0, seed=2)
    assert np.all(np.abs(tr.xs(1000)[-200:] - v.floor_x) < 1.0)  # jittering in the deep basin


@pytest.mark.parametrize("big", [0.06, 0.1, 0.13])
def test_bumpy_warm_restart_hops_out_of_the_dip(big):
    v = make_valley("bumpy", 15.0)
    tr = Trajectory(v, np.r_[np.full(500, 0.01), np.full(501, big)], noise=0.0)
    assert _rests_in_the_dip(v, tr.x(500))
    assert abs(tr.x(1000) - v.floor_x) < 1e-6


@pytest.mark.parametrize(
    ("rates", "seed", "match"),
    [(np.zeros((2, 3)), 0, "1-D"), (np.zeros(0), 0, "1-D"), (np.zeros(5), -1, "seed=-1")],
)
def test_bad_inputs_are_rejected_at_construction(rates, seed, match):
    with pytest.raises(ValueError, match=match):
        Trajectory(make_valley(), rates, 1.0, seed)
