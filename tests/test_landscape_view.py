"""The landscape view's drawing (lrgame/view): the plane's arithmetic, the height map's shades and
contours, the rate colours, and the decimated dots of a long path against drawing every dot."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from lrgame.engine import schedules
from lrgame.look.projector import PROJECTOR
from lrgame.look.theme import DARK
from lrgame.sim.landscape_path import compute_path, make_landscape_run
from lrgame.sim.settings import make_settings
from lrgame.view.height_map import CONTOUR, LEVELS, add_contours, height_map_index, map_palette, shade_levels
from lrgame.view.path_dots import RATE_BINS, Dots, RateScale, centres, draw_dots, draw_every_dot, last_of_each_centre
from lrgame.view.plane import Plane


@pytest.fixture
def display():
    pygame.display.init()
    pygame.display.set_mode((320, 240))
    yield
    pygame.display.quit()


# ---- the plane ----


def test_the_plane_keeps_one_scale_and_maps_back_and_forth():
    plane = Plane.fit((10, 20, 400, 200), ((-5, 5), (-5, 5)))
    assert plane.unit == 20  # the height decides: 200 px for 10 units
    (x0, x1), (y0, y1) = plane.extent
    assert (x0, x1, y0, y1) == (-10, 10, -5, 5)  # widened to fill the rectangle, centred
    corners = plane.pixels(np.array([[-10.0, 5.0], [10.0, -5.0], [0.0, 0.0]]))
    assert corners.tolist() == [[10, 20], [410, 220], [210, 120]]  # y up
    assert plane.world((209.5, 119.5)) == (0.0, 0.0)
    assert plane.inside(np.array([[10, 20], [409.9, 219.9], [410, 100], [np.nan, 50]])).tolist() == [
        True, True, False, False]


def test_the_edge_point_is_where_the_way_out_crosses_the_border():
    plane = Plane.fit((0, 0, 100, 100), ((0, 1), (0, 1)))
    assert plane.edge_point(np.array([50.0, 50.0]), np.array([250.0, 50.0])).tolist() == [99, 50]
    assert plane.edge_point(np.array([50.0, 50.0]), np.array([50.0, -1e9])).tolist() == [50, 0]


# ---- the height map ----


def test_shades_rise_with_the_loss_and_nothing_is_a_nan():
    values = np.array([[0.0, 1.0, 10.0, 100.0, np.nan, np.inf]])
    levels = shade_levels(values, 0.0)
    assert levels.dtype == np.float32 and np.isfinite(levels).all()
    assert levels[0, :4].tolist() == sorted(levels[0, :4].tolist()) and levels[0, 0] == 0
    assert levels[0, 3] == CONTOUR - 1 and levels[0, 4] == levels[0, 5] == CONTOUR - 1  # not a number: the highest
    assert shade_levels(np.full((2, 2), 3.0), 3.0).tolist() == [[0, 0], [0, 0]]  # flat: one shade
    assert shade_levels(np.full((2, 2), np.nan), 0.0).tolist() == [[CONTOUR - 1] * 2] * 2  # nothing finite
    picture = height_map_index(values, 0.0)  # the map as drawn: the shades, and the contours between them
    assert picture.dtype == np.uint8 and picture.shape == (6, 1)
    for drawn, level in zip(picture[:, 0].tolist(), levels[0].astype(np.uint8).tolist(), strict=True):
        assert drawn in (level, CONTOUR)


def test_a_contour_is_drawn_between_two_levels_and_only_there():
    ramp = np.tile(np.linspace(0, CONTOUR - 1, 300).astype(np.uint8), (4, 1))
    lines = add_contours(ramp.copy()) == CONTOUR
    assert lines[0].sum() == LEVELS - 1  # one crossing between each pair of neighbouring levels
    assert (lines == lines[0]).all()
    assert height_map_index(np.ones((3, 5)), 0.0).shape == (5, 3)  # (columns, rows) for surfarray
    assert height_map_index(np.ones((3, 5)), 0.0, (6, 9)).shape == (9, 6)  # taken on every second pixel


def test_shades_taken_on_every_second_pixel_spread_smoothly():
    from lrgame.view.height_map import upsample

    half = np.array([[0.0, 2.0], [4.0, 6.0]], dtype=np.float32)
    assert upsample(half, (4, 4)).tolist() == [[0, 1, 2, 2], [2, 3, 4, 4], [4, 5, 6, 6], [4, 5, 6, 6]]
    assert upsample(half, (3, 3)).shape == (3, 3)


def test_the_map_palettes_are_muted_ramps_with_a_line_colour():
    for palette in (DARK, PROJECTOR):
        colours = map_palette(palette)
        assert len(colours) == 256
        lum = [sum(c) for c in colours[:CONTOUR]]
        assert lum == sorted(lum, reverse=palette is PROJECTOR)  # dark: higher is lighter; projector: darker


# ---- the rates' colours ----


def test_rate_bins_span_the_run_on_the_scale_that_centres_its_median():
    cosine = schedules.curve("cosine", lr0=0.4, epochs=1000)
    assert not RateScale.of(cosine).log  # most steps high, a short tail near zero
    assert RateScale.of(schedules.curve("exponential", lr0=0.4, epochs=100, gamma=0.9)).log
    scale = RateScale.of(np.array([0.1, 0.01, 0.001]))
    assert scale.log and scale.bins(np.array([0.001, 0.01, 0.1])).tolist() == [0, 32, RATE_BINS - 1]
    linear = RateScale.of(np.array([0.0, 6.3]))
    assert not linear.log and linear.bins(np.array([0.0, 3.2, 6.3, 9.0])).tolist() == [0, 32, 63, 63]
    assert RateScale.of(np.array([0.1, 0.1])).bins(np.array([0.1])).tolist() == [RATE_BINS - 1]
    assert scale.value(0.5) == pytest.approx(0.01)


# ---- decimation ----


def _wandering_path(steps: int):
    """A noisy path at a small constant rate: it wanders about the ravine's floor over many pixels."""
    settings = make_settings("constant", lr0=0.002, epochs=steps, noise=4.0, seed=3)
    return compute_path(make_landscape_run("ravine", {"kappa": 3.0}, start=(-3.0, 2.0), settings=settings))


def _decimated_against_every_dot(steps: int) -> tuple[float, int]:
    path = _wandering_path(steps)
    plane = Plane.fit((0, 0, 800, 500), ((-5, 5), (-5, 5)))._replace(left=0, top=0)
    where = centres(plane.pixels(path.points))
    bins = RateScale(0.0, 1.0, False).bins((np.arange(len(where)) % 997) / 996)  # colours that change
    dots = Dots(DARK)
    every, decimated = pygame.Surface((800, 500)), pygame.Surface((800, 500))
    draw_every_dot(every, where, bins, dots)
    drawn = draw_dots(decimated, where, bins, dots)
    a, b = pygame.surfarray.array3d(every), pygame.surfarray.array3d(decimated)
    return float(np.any(a != b, axis=2).mean()), drawn


def test_decimated_dots_match_every_dot(display):
    """The goal allows 1 % of the pixels to differ; keeping the last dot of each centre makes them
    all equal (keeping the first instead differs on a quarter of a percent: this catches it)."""
    differ, drawn = _decimated_against_every_dot(50_000)
    assert differ == 0.0
    assert drawn < 50_000 // 2  # and it did leave dots out


@pytest.mark.slow
def test_a_million_steps_decimated_match_every_dot(display):
    differ, drawn = _decimated_against_every_dot(1_000_000)
    assert differ == 0.0
    assert drawn < 1_000_000 // 10


def test_only_the_last_dot_of_each_centre_is_kept_in_order():
    where = np.array([[1, 1], [2, 2], [1, 1], [50, 50], [3, 3], [2, 2], [-2, -2]])
    assert last_of_each_centre(where, (10, 10), 3).tolist() == [2, 4, 5, 6]  # (50, 50) cannot touch the picture


def test_a_plane_shows_a_point_exactly_when_its_pixel_is_inside():
    """`Plane.shows` (one point, Python floats, asked by the note every step) agrees with
    `inside(pixels(...))` everywhere: on the edges, a hair either side of them, and for NaN and inf."""
    from lrgame.view.plane import Plane

    plane = Plane.fit((40, 30, 641, 401), ((-2.3, 2.9), (-1.7, 1.1)))
    (x0, x1), (y0, y1) = plane.extent
    xs = [x0, x1, plane.cx, np.nextafter(x0, -9), np.nextafter(x0, 9), np.nextafter(x1, -9), np.nextafter(x1, 9),
          float("nan"), float("inf"), -float("inf"), 1e300]
    ys = [y0, y1, plane.cy, np.nextafter(y0, -9), np.nextafter(y0, 9), np.nextafter(y1, -9), np.nextafter(y1, 9),
          float("nan"), -float("inf")]
    xs += list(np.random.default_rng(1).uniform(x0 - 1, x1 + 1, 200))
    ys += list(np.random.default_rng(2).uniform(y0 - 1, y1 + 1, 200))
    points = np.array([(float(x), float(y)) for x in xs for y in ys])
    expected = plane.inside(plane.pixels(points))
    assert [plane.shows(x, y) for x, y in points.tolist()] == expected.tolist()
    assert expected.any() and not expected.all()
