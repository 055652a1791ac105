"""The chart's shortcuts for a new step give what the long way gives.

A chart whose series grows a value at a time (the ball's loss so far) extends its curve, repaints
its layer only where the curve changed, and `changed_since` names that box to the compositor: the
pixels of a chart drawn afresh from the same values. A marker's pixel (`Axis.pixel`, in plain
floats) is the one `Axis.pixels` gives."""

from collections.abc import Iterator

import numpy as np
import pygame
import pytest

from lrgame.look.projector import PROJECTOR
from lrgame.look.theme import DARK
from lrgame.view.axis import Axis, clamped
from lrgame.view.chart import LineChart, Reference, _common_prefix, curve_change
from lrgame.view.text import TextCache

RECT = pygame.Rect(20, 30, 420, 260)


@pytest.fixture(autouse=True)
def _pygame() -> Iterator[None]:
    pygame.init()
    yield
    pygame.quit()


def _loss_chart(values: np.ndarray, **kw: object) -> LineChart:
    """As the scene makes the ball's loss so far (a timeline on a log axis of whole decades)."""
    return LineChart(RECT, title="Ball's loss so far", y_label="loss", curve_role="loss_trace", steps=False,
                     value_prefix="loss ", whole_decades=True, values=values, log_scale=True, **kw)


def _layer(chart: LineChart, texts: TextCache, palette=DARK) -> pygame.Surface:
    surface = pygame.Surface((RECT.right + 10, RECT.bottom + 10))
    surface.fill((1, 2, 3))
    chart.draw_layer(surface, palette, texts)
    return surface


def _differ(a: pygame.Surface, b: pygame.Surface) -> pygame.Rect | None:
    """The box round the pixels where two surfaces differ, or None."""
    if pygame.image.tobytes(a, "RGB") == pygame.image.tobytes(b, "RGB"):
        return None
    xs, ys = np.nonzero(pygame.surfarray.array2d(a) != pygame.surfarray.array2d(b))
    return pygame.Rect(int(xs.min()), int(ys.min()), int(xs.max() - xs.min()) + 1, int(ys.max() - ys.min()) + 1)


def _falling_loss(n: int, seed: int) -> np.ndarray:
    """A noisy loss falling through three decades, with a spike: its axis moves now and then."""
    rng = np.random.default_rng(seed)
    loss = 3.0 * np.exp(-np.arange(n) / (n / 7)) * (1 + 0.3 * rng.random(n))
    loss[n // 3] *= 40
    return loss


@pytest.mark.parametrize(("epochs", "seed", "by"), [(60, 0, 1), pytest.param(1000, 1, 7, marks=pytest.mark.slow),
                                                   pytest.param(1000, 3, 20, marks=pytest.mark.slow)])
def test_a_growing_loss_repaints_only_where_its_curve_changed(epochs: int, seed: int, by: int) -> None:
    texts, loss = TextCache(), _falling_loss(epochs + 1, seed)
    chart = _loss_chart(loss[:1], timeline=epochs)
    ends = range(2, epochs + 2, by)
    in_part = _grow(chart, ends, lambda end: chart.configure(values=loss[:end]),
                    lambda end: _loss_chart(loss[:end], timeline=epochs), texts)
    assert in_part > epochs // 20 // by  # most new values are a box's repaint, not the whole chart's


@pytest.mark.parametrize("by", [1, 3])
def test_a_long_loss_grown_a_few_steps_at_a_time_is_the_one_worked_out_afresh(by: int) -> None:
    """Several steps to a pixel column (T = 1000 on a narrow chart), the values coming one or three
    at a time (`_timeline_appended`, in plain Python): the curve is the one the long way gives."""
    texts, loss = TextCache(), _falling_loss(1001, 4)
    chart = _loss_chart(loss[:300], timeline=1000)
    _grow(chart, range(300 + by, 360, by), lambda end: chart.configure(values=loss[:end]),
          lambda end: _loss_chart(loss[:end], timeline=1000), texts)


def _grow(chart: LineChart, ends: range, extend, afresh_at, texts: TextCache) -> int:
    """Extend `chart` to each end in turn: its layer (repainted in part) and its curve must be a
    fresh chart's, and `changed_since` must hold every pixel that changed. Returns how many steps
    were a box's repaint."""
    before, in_part = _layer(chart, texts), 0
    for end in ends:
        builds = chart.builds
        extend(end)
        now, afresh = _layer(chart, texts), afresh_at(end)
        assert _differ(now, _layer(afresh, texts)) is None, end  # the layer repainted in part is the fresh one
        ours, theirs = chart._curve, afresh._curve  # the curve extended is the one worked out afresh
        # the same points and last column (a value landing inside it adds no build, so it may be counted later)
        assert ours.points == theirs.points and (ours.last_column or ())[1:] == (theirs.last_column or ())[1:], end
        assert np.array_equal(ours.col_top, theirs.col_top) and np.array_equal(ours.col_bottom, theirs.col_bottom)
        where, changed = chart.changed_since(builds), _differ(before, now)
        if where is not None:
            in_part += 1
            assert changed is None or where.contains(changed), (end, where, changed)
        before = now
    return in_part


def test_a_new_frame_a_palette_or_a_reference_is_repainted_whole() -> None:
    texts, loss = TextCache(), _falling_loss(200, 2)
    chart = _loss_chart(loss[:50], timeline=199)
    _layer(chart, texts)
    builds = chart.builds
    chart.configure(values=loss[:51])
    assert chart.changed_since(builds) is not None
    assert chart.changed_since(builds - 1) is None  # not the build just before
    builds = chart.builds
    chart.configure(log_scale=False)  # another axis: another frame
    assert chart.changed_since(builds) is None
    fresh = _loss_chart(loss[:51], timeline=199)
    fresh.configure(log_scale=False)
    assert _differ(_layer(chart, texts, PROJECTOR), _layer(fresh, texts, PROJECTOR)) is None  # another palette
    with_limit = _loss_chart(loss[:50], timeline=199, reference=Reference(1.0, "limit: a label in the plot"))
    builds = with_limit.builds
    with_limit.configure(values=loss[:51], reference=Reference(2.0, "limit: a label in the plot"))
    assert with_limit.changed_since(builds) is None  # another reference: another frame


def _rate_chart(values: np.ndarray, span: int, log: bool) -> LineChart:
    """As the scene makes the rate chart of a loss-driven schedule: the rates so far along the
    run's `span`, under the valley's stability limit (a dashed line labelled inside the plot)."""
    return LineChart(RECT, title="Learning rate so far", y_label="η", values=values, span=span, log_scale=log,
                     reference=Reference(0.9, "stability limit 2/f″: above it the ball is thrown out"))


def _plateau_rates(n: int) -> np.ndarray:
    """A rate cut by half now and then (reduce-on-plateau), from above the limit to below it."""
    return 1.2 * 0.5 ** (np.arange(n) // max(n // 6, 1))


@pytest.mark.parametrize(("steps", "log"), [(90, False), (90, True), (500, False),  # fewer steps than pixels, more
                                            pytest.param(1000, True, marks=pytest.mark.slow),
                                            pytest.param(1000, False, marks=pytest.mark.slow)])
def test_a_growing_rate_repaints_only_where_its_curve_changed(steps: int, log: bool) -> None:
    """The rates so far (`span=`: fewer steps than pixels, and more) under a labelled reference
    line: each new step's layer, repainted only where its curve changed, is a fresh chart's, and
    `changed_since` holds every pixel that changed."""
    texts, rates = TextCache(), _plateau_rates(steps)
    chart = _rate_chart(rates[:1], steps, log)
    assert chart.reference_shown == "line" and chart._frame.keep_clear  # a label inside the plot
    ends = range(2, steps + 1, 1 if steps < 1000 else 9)
    in_part = _grow(chart, ends, lambda end: chart.configure(values=rates[:end], span=steps),
                    lambda end: _rate_chart(rates[:end], steps, log), texts)
    assert in_part > 0.8 * len(ends)  # a new step is a box's repaint, not the chart's


def test_curve_change_boxes_the_differing_tail() -> None:
    old = [(0, 0), (10, 5), (20, 5)]
    assert curve_change(old, list(old), 2).size == (0, 0)
    box = curve_change(old, [(0, 0), (10, 5), (20, 9), (30, 2)], 2)
    assert box.collidepoint(10, 5) and box.collidepoint(30, 2) and not box.collidepoint(0, 0)
    assert box.contains(pygame.Rect(6, -2, 28, 15))  # the points' box and the line's width round it
    assert curve_change([], [(3, 4)], 1).collidepoint(3, 4)


@pytest.mark.parametrize("log", [False, True])
def test_one_value_lands_on_the_pixel_an_array_of_it_does(log: bool) -> None:
    """`Axis.pixel` (a marker's, every new step) is `Axis.pixels` in plain floats: the same pixel
    for every value, even, huge, tiny, negative, not finite, at the edges and half-way between two rows."""
    rng = np.random.default_rng(3)
    special = [0.0, -1.0, 1e-300, 1e300, np.nan, np.inf, -np.inf, 1e12, -1e12, 0.5, 2.5]
    for _ in range(200):
        lo, hi = sorted(rng.uniform(-6, 4, 2)) if log else sorted(rng.uniform(-50, 50, 2))
        axis = Axis(lo, hi + 1e-3, log=log).along(int(rng.integers(0, 900)), int(rng.integers(-700, 700)))
        span = (10.0 ** np.array([lo, hi])) if log else np.array([lo, hi])
        values = [*special, *rng.uniform(span[0] * 0.5, span[1] * 2, 40)] if log else [
            *special, *rng.uniform(lo - 10, hi + 10, 40),
            *(lo + (k + 0.5) / axis.extent * (hi + 1e-3 - lo) for k in range(0, abs(axis.extent), 7))]
        for v in values:
            assert axis.pixel(v) == int(axis.pixels(clamped(np.array([v], dtype=np.float64)))[0]), (axis, v)


def test_the_shared_points_are_counted_as_one_by_one() -> None:
    """`curve_change` finds the first differing point by halving: the count a loop gives."""
    rng = np.random.default_rng(3)
    for _ in range(300):
        old = [(int(x), int(y)) for x, y in rng.integers(0, 4, size=(int(rng.integers(0, 700)), 2))]
        tail = [(int(x), 9) for x in rng.integers(0, 4, int(rng.integers(0, 5)))]
        new = old[: int(rng.integers(0, len(old) + 1))] + tail
        if new and rng.random() < 0.5:
            new[int(rng.integers(0, len(new)))] = (7, 7)
        loop = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
        assert _common_prefix(old, new) == loop, (old, new)


def test_values_added_inside_the_series_range_fit_no_axis_again(monkeypatch) -> None:
    """The y axis reads only the least, the least positive and the greatest value: a value added
    inside them (most of a noisy loss's steps) keeps the axis without fitting it again."""
    rng = np.random.default_rng(6)
    loss = np.concatenate(([0.5, 4.0], 1.0 + 2.0 * rng.random(80), [9.0]))
    chart = _loss_chart(loss[:2], timeline=100)
    fitted, fit = [], Axis.fit
    monkeypatch.setattr(Axis, "fit", lambda *a, **k: fitted.append(1) or fit(*a, **k))
    builds = chart.builds
    for end in range(3, 83):
        chart.configure(values=loss[:end])
    assert chart.builds > builds + 20 and fitted == []
    chart.configure(values=loss)  # a new greatest: fitted again, and the axis is a fresh chart's
    assert fitted == [1] and chart.y_range == _loss_chart(loss, timeline=100).y_range


def test_a_log_axis_grown_through_zeros_is_a_fresh_charts() -> None:
    """On a log axis only values above 0 set its low end (a rate decayed to 0 sits at the bottom
    edge): the extent kept as values come is the one worked out afresh."""
    rates = np.concatenate(([0.0, 0.0], 0.3 * 0.5 ** np.arange(40), [0.0, -1.0], 1e-9 * np.ones(5)))
    chart = LineChart(RECT, title="rates", y_label="η", values=rates[:1], log_scale=True, timeline=60)
    for end in range(2, rates.size + 1):
        chart.configure(values=rates[:end])
        fresh = LineChart(RECT, title="rates", y_label="η", values=rates[:end], log_scale=True, timeline=60)
        assert chart.y_range == fresh.y_range, end
