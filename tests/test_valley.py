"""The valleys' maths: checked against finite differences, not against the formulas themselves."""

import math

import numpy as np
import pytest

from lrgame.engine.params import ConfigError
from lrgame.sim.settings import DEFAULT_LR0
from lrgame.sim.valley import (
    DEFAULT_SHARPNESS,
    SHARPNESS_RANGE,
    VALLEYS,
    Valley,
    make_valley,
)

KINDS = list(VALLEYS)
SHARPNESSES = [1.0, 15.0, 100.0]


def fd_slope(v: Valley, x, h: float = 1e-5):
    return (v.f(x + h) - v.f(x - h)) / (2 * h)


def fd_curvature(v: Valley, x, h: float = 1e-4):
    return (v.f(x + h) - 2 * v.f(x) + v.f(x - h)) / (h * h)


def critical_points(v: Valley) -> list[float]:
    """Where f′ changes sign over the domain, each found by bisection."""
    xs = np.linspace(*v.domain, 4001)
    up = v.df(xs) > 0
    points = []
    for i in np.flatnonzero(up[:-1] != up[1:]):
        lo, hi = float(xs[i]), float(xs[i + 1])
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if (v.df(mid) > 0) == up[i] else (lo, mid)
        points.append((lo + hi) / 2)
    return points


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("s", SHARPNESSES)
def test_stability_limit_is_two_over_curvature_at_the_floor(kind, s):
    v = make_valley(kind, s)
    assert v.stability_limit == 2 / s
    assert v.stability_limit == pytest.approx(2 / fd_curvature(v, v.floor_x), rel=1e-5)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("s", SHARPNESSES)
def test_floor_is_the_deepest_point_with_zero_loss(kind, s):
    v = make_valley(kind, s)
    xs = np.linspace(*v.domain, 8001)
    assert v.floor_loss == 0.0
    assert v.df(v.floor_x) == 0.0
    assert np.all(v.f(xs[np.abs(xs - v.floor_x) > 1e-3]) > 0.0)


@pytest.mark.parametrize("kind", KINDS)
def test_derivatives_match_finite_differences(kind):
    v = make_valley(kind, 15.0)
    xs = np.linspace(*v.domain, 401)
    np.testing.assert_allclose(v.df(xs), fd_slope(v, xs), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(v.d2f(xs), fd_curvature(v, xs), rtol=1e-5, atol=1e-4)


def test_bowl_is_the_parabola_s_over_two_d_squared():
    v = make_valley("bowl", 7.0)
    xs = np.linspace(*v.domain, 101)
    np.testing.assert_allclose(v.f(xs), 3.5 * (xs - v.floor_x) ** 2, rtol=1e-14)
    assert critical_points(v) == [pytest.approx(v.floor_x)]


def test_bumpy_has_a_real_local_minimum_on_the_start_side():
    v = make_valley("bumpy", 15.0)
    floor, hill, dip = critical_points(v)
    assert floor == pytest.approx(v.floor_x, abs=1e-9)
    assert v.floor_x < hill < dip < v.start_x
    for x in (floor, dip):
        assert abs(v.df(x)) < 1e-9
        assert v.d2f(x) > 0
    assert v.d2f(hill) < 0
    assert v.f(dip) - v.floor_loss > 0.3 * (v.f(v.start_x) - v.floor_loss)  # clearly above the floor
    assert v.f(hill) > v.f(dip)


def test_bumpy_dip_is_narrower_than_the_floor():
    """Why a big rate escapes it: η·f″ passes 2 in the dip while the floor still holds (η·s < 2)."""
    v = make_valley("bumpy", 15.0)
    dip = critical_points(v)[-1]
    assert 2.0 < v.d2f(dip) / v.sharpness < 8.0


@pytest.mark.parametrize("kind", KINDS)
def test_start_is_on_a_wall_inside_the_domain(kind):
    v = make_valley(kind, 15.0)
    lo, hi = v.domain
    assert lo < v.floor_x < v.start_x < hi
    assert v.df(v.start_x) > 0  # a step goes downhill, toward the floor


@pytest.mark.parametrize("kind", KINDS)
def test_walls_stay_in_a_drawable_range(kind):
    """Within twice the bowl's height over the same domain, so the valley's features stay visible."""
    v = make_valley(kind, 15.0)
    bowl = make_valley("bowl", 15.0)
    xs = np.linspace(*v.domain, 2001)
    assert np.max(v.f(xs)) <= 2 * np.max(bowl.f(np.linspace(*bowl.domain, 2001)))


def test_a_float_gives_a_float_and_an_array_gives_an_array():
    v = make_valley("bumpy", 15.0)
    for method in (v.f, v.df, v.d2f):
        assert isinstance(method(1.0), float)
        out = method(np.array([[0.0, 1.0], [2.0, 3.0]]))
        assert out.shape == (2, 2)
        assert out[1, 0] == method(2.0)


def test_default_rate_is_in_the_bouncing_regime():
    """1 < η₀·f″ < 2: each step overshoots the floor, yet the ball converges."""
    assert make_valley() == Valley("bowl", DEFAULT_SHARPNESS)
    assert 1.0 < DEFAULT_LR0 * make_valley().d2f(0.0) < 2.0


@pytest.mark.parametrize("name", KINDS)
def test_registry_entries_have_label_and_description(name):
    label, description = VALLEYS[name]
    assert label and len(description) > 20


@pytest.mark.parametrize("bad", ["crater", "", None, "BOWL"])
def test_unknown_kind_is_rejected_by_name(bad):
    with pytest.raises(ConfigError, match=r"valley=.*bowl, bumpy"):
        make_valley(bad, 15.0)


@pytest.mark.parametrize("bad", [0.5, 2e6, 0.0, -3.0, math.nan, math.inf, "15", True, None])
def test_sharpness_outside_its_range_is_rejected_by_name(bad):
    lo, hi = SHARPNESS_RANGE
    with pytest.raises(ConfigError) as info:
        make_valley("bowl", bad)
    assert f"sharpness={bad!r}" in str(info.value)
    assert f"[{lo:g}, {hi:.0f}]" in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("good", [1, 1.0, 100.0, np.float64(42.5)])
def test_sharpness_inside_its_range_is_accepted_as_a_float(good):
    v = make_valley("bumpy", good)
    assert v.sharpness == float(good)
    assert type(v.sharpness) is float
