"""The 2-D surfaces (lrgame.sim.surfaces): every gradient and Hessian against finite differences, the
minima where the gradient vanishes and the surface curves up, the knobs' checks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrgame.engine.params import ConfigError
from lrgame.sim.surfaces import (
    SURFACES,
    Surface,
    check_surface_params,
    default_params,
    get_surface,
    river_bed,
    river_coordinates,
)

NAMES = list(SURFACES)
H = 1e-5  # central differences: error ~H² times the third derivative, far below the tolerances


def _points(surface: Surface, n: int = 25) -> np.ndarray:
    x0, x1, y0, y1 = surface.bounds
    rng = np.random.default_rng(7)
    return np.column_stack([rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)])


def _knob_sets(surface: Surface) -> list[dict[str, float]]:
    """The defaults, and every knob at either end of its range."""
    sets = [default_params(surface)]
    for knob in surface.knobs:
        for end in (knob.low, knob.high):
            sets.append(check_surface_params(surface, {knob.name: end}))
    return sets


def test_the_surfaces_come_in_the_panels_order() -> None:
    assert NAMES == ["ravine", "rosenbrock", "basins", "river", "saddle"]


@pytest.mark.parametrize("name", NAMES)
def test_the_gradient_is_the_slope_of_the_value(name: str) -> None:
    surface = SURFACES[name]
    for params in _knob_sets(surface):
        for x, y in _points(surface):
            gx, gy = surface.gradient(float(x), float(y), params)
            fd_x = (surface.value(x + H, y, params) - surface.value(x - H, y, params)) / (2 * H)
            fd_y = (surface.value(x, y + H, params) - surface.value(x, y - H, params)) / (2 * H)
            scale = 1 + abs(surface.value(float(x), float(y), params)) / H * 1e-10 + math.hypot(gx, gy)
            assert abs(gx - fd_x) <= 1e-6 * scale and abs(gy - fd_y) <= 1e-6 * scale, (params, x, y)


@pytest.mark.parametrize("name", NAMES)
def test_the_hessian_is_the_slope_of_the_gradient(name: str) -> None:
    surface = SURFACES[name]
    for params in _knob_sets(surface):
        for x, y in _points(surface):
            hess = surface.hessian(float(x), float(y), params)
            assert hess.shape == (2, 2) and hess[0, 1] == hess[1, 0]
            fd = np.array([
                np.subtract(surface.gradient(x + H, y, params), surface.gradient(x - H, y, params)) / (2 * H),
                np.subtract(surface.gradient(x, y + H, params), surface.gradient(x, y - H, params)) / (2 * H),
            ])
            np.testing.assert_allclose(hess, fd, rtol=1e-6, atol=1e-6 * (1 + np.abs(hess).max()))


@pytest.mark.parametrize("name", NAMES)
def test_grids_and_floats_give_the_same_numbers(name: str) -> None:
    """The height map (numpy on a grid) and the path (Python floats) use one formula."""
    surface, params = SURFACES[name], default_params(SURFACES[name])
    pts = _points(surface, 12)
    gx, gy = pts[:, 0].reshape(3, 4), pts[:, 1].reshape(3, 4)
    values, (dx, dy) = surface.value(gx, gy, params), surface.gradient(gx, gy, params)
    hess = surface.hessian(gx, gy, params)
    assert values.shape == (3, 4) and hess.shape == (3, 4, 2, 2)
    fast = surface.scalar_gradient(params)
    for i, j in np.ndindex(3, 4):
        x, y = float(gx[i, j]), float(gy[i, j])
        assert values[i, j] == pytest.approx(surface.value(x, y, params), rel=1e-14, abs=1e-14)
        assert fast(x, y) == pytest.approx((dx[i, j], dy[i, j]), rel=1e-14, abs=1e-14)
        np.testing.assert_allclose(hess[i, j], surface.hessian(x, y, params), rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("name", NAMES)
def test_the_hessian_at_one_point_is_the_grids_to_the_bit(name: str) -> None:
    """At two floats (the readout's point, every step) the Hessian skips broadcasting: the same numbers."""
    surface = SURFACES[name]
    for params in _knob_sets(surface):
        for x, y in _points(surface, 8):
            one = surface.hessian(float(x), float(y), params)
            grid = surface.hessian(np.asarray(x), np.asarray(y), params)
            assert one.dtype == grid.dtype == np.float64 and np.array_equal(one, grid), (params, x, y)


@pytest.mark.parametrize("name", NAMES)
def test_the_minima_are_minima(name: str) -> None:
    surface = SURFACES[name]
    for params in _knob_sets(surface):
        minima = surface.minima(params)
        assert minima
        depths = [surface.value(x, y, params) for x, y in minima]
        assert depths == sorted(depths)
        for x, y in minima:
            assert math.hypot(*surface.gradient(x, y, params)) < 1e-9
            assert np.linalg.eigvalsh(surface.hessian(x, y, params))[0] > 0


@pytest.mark.parametrize("name", NAMES)
def test_the_defaults_are_in_range_and_the_start_in_the_window(name: str) -> None:
    surface = SURFACES[name]
    for knob in surface.knobs:
        assert knob.low <= knob.default <= knob.high and knob.screen_name
    x0, x1, y0, y1 = surface.bounds
    assert x0 < surface.start[0] < x1 and y0 < surface.start[1] < y1
    assert surface.lr0 > 0 and surface.epochs >= 1 and surface.title and "f =" in surface.formula


def test_the_ravine_is_kappa_times_steeper_across_at_its_angle() -> None:
    ravine = get_surface("ravine")
    params = check_surface_params(ravine, {"kappa": "250", "angle": 40})
    low, high = np.linalg.eigvalsh(ravine.hessian(1.0, -2.0, params))
    assert (low, high) == (pytest.approx(1.0), pytest.approx(250.0))
    along = (math.cos(math.radians(40)), math.sin(math.radians(40)))
    assert ravine.value(*along, params) == pytest.approx(0.5)  # a unit step along the floor rises by ½


def test_knobs_are_checked_and_named_by_their_key() -> None:
    ravine = get_surface("ravine")
    assert check_surface_params(ravine, {}) == {"kappa": 10.0, "angle": 30.0}
    with pytest.raises(ConfigError, match=r"^surface.kappa=5000 is not allowed: give a number in \[1, 1000\]$"):
        check_surface_params(ravine, {"kappa": 5000})
    with pytest.raises(ConfigError, match=r"^surface.kappa='wide' is not a number"):
        check_surface_params(ravine, {"kappa": "wide"})
    with pytest.raises(ConfigError, match="'depth' is not a knob of the ravine surface: its knobs are kappa, angle"):
        check_surface_params(ravine, {"depth": 1})
    for bad in (math.nan, math.inf, True):
        with pytest.raises(ConfigError):
            check_surface_params(ravine, {"angle": bad})
    with pytest.raises(ConfigError, match="surface='lake' is not allowed: give one of ravine"):
        get_surface("lake")


def test_the_river_splits_into_along_and_across() -> None:
    river = get_surface("river")
    params = check_surface_params(river, {"slope": 0.4, "steep": 30})
    xs, ys = np.meshgrid(np.linspace(-6, 6, 9), np.linspace(-3, 3, 7))
    along, across = river_coordinates(xs, ys)
    np.testing.assert_allclose(river.value(xs, ys, params),
                               0.4 * (np.sqrt(1 + along**2) - 1) + 15 * across**2, rtol=1e-12, atol=1e-12)
    assert river_coordinates(*river.minima(params)[0]) == (0.0, 0.0)
    assert river_coordinates(2.0, river_bed(2.0) + 0.5) == (-2.0, pytest.approx(0.5))


def test_the_two_basins_are_a_shallow_wide_one_and_a_deep_narrow_one() -> None:
    basins = get_surface("basins")
    params = default_params(basins)
    (deep, shallow) = basins.minima(params)
    assert basins.value(*deep, params) == pytest.approx(0.0, abs=1e-12)
    assert basins.value(*shallow, params) > 1.5
    flat, sharp = (np.linalg.eigvalsh(basins.hessian(*p, params))[-1] for p in (shallow, deep))
    assert sharp > 5 * flat  # narrow: far more curved at its bottom
    start = np.array(basins.start)
    assert np.hypot(*(start - shallow)) < np.hypot(*(start - deep))  # the shallow one is near the start
