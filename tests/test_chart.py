"""The chart drawer: axis arithmetic, the per-column envelope, and what lands on which pixel."""

from collections.abc import Iterator

import numpy as np
import pygame
import pytest

from lrgame.engine import schedules
from lrgame.look import theme
from lrgame.look.theme import DARK
from lrgame.view.axis import CLAMP, column_envelope, log_ticks, nice_ticks
from lrgame.view.chart import ChartStyle, LineChart, Reference
from lrgame.view.text import TextCache

LIMIT = Reference(2 / 15, "stability limit 2/f″: above it the ball flies out")


@pytest.fixture(scope="module", autouse=True)
def _pygame() -> Iterator[None]:
    pygame.init()
    yield
    pygame.quit()


@pytest.fixture
def texts() -> TextCache:
    return TextCache()


def _draw(chart: LineChart, texts: TextCache, marker: int | None = None) -> pygame.Surface:
    surface = pygame.Surface((chart.rect.right + 10, chart.rect.bottom + 10))
    surface.fill(DARK.background)
    chart.draw(surface, marker, DARK, texts)
    return surface


def _rgb(surface: pygame.Surface, x: int, y: int) -> tuple[int, int, int]:
    return tuple(surface.get_at((x, y)))[:3]


def _step_curve() -> np.ndarray:
    return schedules.curve("step", lr0=0.1, epochs=120, step_size=30)


# ---- axes ------------------------------------------------------------------------------------------


def _brute_envelope(values: np.ndarray, n_cols: int) -> tuple[list[float], list[float]]:
    lo = [np.inf] * n_cols
    hi = [-np.inf] * n_cols
    for i, v in enumerate(values.tolist()):
        c = i * n_cols // values.size
        lo[c], hi[c] = min(lo[c], v), max(hi[c], v)
    return lo, hi


@pytest.mark.parametrize("size", [1, 2, 5, 99, 100, 101, 1000, 12_345])
@pytest.mark.parametrize("n_cols", [1, 3, 100, 1280])
def test_envelope_matches_a_brute_force_loop(size: int, n_cols: int) -> None:
    values = np.random.default_rng(size * 7919 + n_cols).normal(size=size)
    mins, maxs = column_envelope(values, n_cols)
    if size <= n_cols:  # nothing to merge: every value keeps its own column position
        assert mins.tolist() == maxs.tolist() == values.tolist()
    else:
        lo, hi = _brute_envelope(values, n_cols)
        assert mins.tolist() == lo
        assert maxs.tolist() == hi


def test_a_one_epoch_spike_and_dip_survive_a_million_epochs() -> None:
    values = np.full(1_000_000, 0.01)
    values[123_457] = 0.1
    values[765_432] = 1e-5
    mins, maxs = column_envelope(values, 1280)
    assert maxs.max() == 0.1
    assert maxs[123_457 * 1280 // 1_000_000] == 0.1
    assert mins[765_432 * 1280 // 1_000_000] == 1e-5
    assert np.count_nonzero(maxs == 0.1) == 1


def test_envelope_rejects_zero_columns() -> None:
    with pytest.raises(ValueError, match="n_cols=0"):
        column_envelope(np.ones(3), 0)


@pytest.mark.parametrize(("lo", "hi", "k"), [(0, 0.1, 6), (0, 121, 7), (0.013, 0.087, 5), (0, 999_999, 8), (-3, 7, 4)])
def test_nice_ticks_are_round_and_inside(lo: float, hi: float, k: int) -> None:
    ticks = nice_ticks(lo, hi, k)
    assert 2 <= len(ticks) <= k
    assert all(lo <= t <= hi for t in ticks)
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** np.floor(np.log10(step))
    assert min(abs(mantissa - m) for m in (1, 2, 5)) < 1e-9
    assert np.allclose(np.diff(ticks), step)


def test_nice_ticks_degenerate() -> None:
    assert nice_ticks(5, 5, 3) == [5]
    assert nice_ticks(1, 0, 3) == []
    assert nice_ticks(0, float("nan"), 3) == []


def test_log_ticks() -> None:
    assert log_ticks(1e-7, 0.1) == [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1]
    assert log_ticks(0.015, 0.12) == [0.02, 0.05, 0.1]  # within a decade: 2 and 5 multiples
    assert log_ticks(0.1, 1.0) == [0.1, 0.2, 0.5, 1.0]
    assert len(log_ticks(1e-12, 1.0, max_ticks=6)) <= 6
    assert log_ticks(0.0, 1.0) == []


# ---- the chart -----------------------------------------------------------------------------------


def test_step_schedule_is_a_staircase_at_the_right_rows(texts: TextCache) -> None:
    values = _step_curve()
    for log in (False, True):
        chart = LineChart((10, 20, 1280, 200), title="step", y_label="η", values=values, log_scale=log)
        surface = _draw(chart, texts)
        rows = []
        for first in (0, 30, 60, 90):  # the four levels 0.1, 0.01, 0.001, 0.0001
            level = values[first]
            x = (chart.x_of(first) + chart.x_of(first + 29)) // 2
            y = chart.y_of(level)
            rows.append(y)
            assert _rgb(surface, x, y) == DARK.curve, (log, level)
            assert _rgb(surface, x, y - 6) != DARK.curve  # a line at that row, not a band
        if log:
            assert rows == sorted(rows) and len(set(rows)) == 4  # evenly spaced decades
            assert np.ptp(np.diff(rows)) <= 1
        # the drop at epoch 30 is a vertical edge from the old level down to the new one
        x30 = chart.x_of(30)
        for y in range(chart.y_of(0.1) + 2, chart.y_of(0.01) - 1):
            assert DARK.curve in (_rgb(surface, x30, y), _rgb(surface, x30 + 1, y), _rgb(surface, x30 - 1, y))


def test_marker_sits_at_x_of_epoch(texts: TextCache) -> None:
    values = _step_curve()
    chart = LineChart((0, 0, 1280, 200), title="step", y_label="η", values=values, reference=LIMIT)
    plot = chart.plot_rect
    for epoch in (0, 45, 119, 120):
        surface = _draw(chart, texts, marker=epoch)
        x = chart.x_of(epoch)
        assert plot.left <= x < plot.right
        assert _rgb(surface, x, plot.top + 1) == DARK.marker  # the vertical line
        assert _rgb(surface, x, chart.y_of(values[epoch])) == DARK.marker  # the dot
        assert _rgb(surface, x - 8, plot.top + 1) != DARK.marker
    far = _draw(chart, texts, marker=10_000)  # clamped to the last epoch
    assert _rgb(far, chart.x_of(120), plot.top + 1) == DARK.marker


def test_x_of_and_step_at_agree(texts: TextCache) -> None:
    for n in (1, 7, 121, 1180, 5000, 1_000_001):
        chart = LineChart((0, 0, 1280, 200), title="t", y_label="η", values=np.linspace(1, 0, n))
        plot = chart.plot_rect
        y = plot.centery
        if n <= plot.width:
            assert [chart.step_at((chart.x_of(e), y)) for e in range(n)] == list(range(n))
        else:  # several epochs per column: the pixel → first epoch → same pixel
            assert all(chart.x_of(chart.step_at((x, y))) == x for x in range(plot.left, plot.right))
        assert chart.step_at((plot.left - 1, y)) is None
        assert chart.step_at((plot.right, y)) is None
        assert chart.step_at((plot.left, plot.top - 1)) is None


def test_a_million_epoch_cyclic_curve_keeps_every_peak(texts: TextCache) -> None:
    values = schedules.curve("cyclic", lr0=0.1, epochs=1_000_000, base_lr=0.01, step_size_up=1, step_size_down=1)
    chart = LineChart((0, 0, 1280, 200), title="cyclic", y_label="η", values=values)
    surface = _draw(chart, texts)
    plot = chart.plot_rect
    top, bottom = chart.y_of(0.1), chart.y_of(0.01)
    for x in range(plot.left, plot.right, 37):  # every column spans the whole triangle height
        assert _rgb(surface, x, top) == DARK.curve
        assert _rgb(surface, x, bottom) == DARK.curve


def test_one_epoch_spike_is_drawn_at_a_million_epochs(texts: TextCache) -> None:
    values = np.full(1_000_000, 0.01)
    values[123_457] = 0.1
    chart = LineChart((0, 0, 1280, 200), title="spike", y_label="η", values=values)
    surface = _draw(chart, texts)
    x = chart.x_of(123_457)
    assert _rgb(surface, x, chart.y_of(0.1)) == DARK.curve
    assert _rgb(surface, x + 10, chart.y_of(0.1)) != DARK.curve


def test_log_scale_with_zeros(texts: TextCache) -> None:
    values = np.array([0.0, 0.1, 0.1, 0.01, 0.01, 0.0, 1e-3, 1e-3, -1.0])
    chart = LineChart((0, 0, 600, 160), title="log", y_label="η", values=values, log_scale=True)
    surface = _draw(chart, texts, marker=0)
    plot = chart.plot_rect
    lo, hi = chart.y_range
    assert lo < 1e-3 and hi > 0.1
    assert chart.y_of(0.0) == chart.y_of(-1.0) == plot.bottom - 1  # ≤ 0: the bottom edge
    assert chart.y_of(0.1) < chart.y_of(0.01) < chart.y_of(1e-3) < plot.bottom - 1
    for epoch in (1, 3, 6):
        x = (chart.x_of(epoch) + chart.x_of(epoch + 1)) // 2
        assert _rgb(surface, x, chart.y_of(values[epoch])) == DARK.curve
    all_zero = LineChart((0, 0, 600, 160), title="log", y_label="η", values=np.zeros(50), log_scale=True)
    _draw(all_zero, texts, marker=3)


def test_reference_far_above_becomes_a_note(texts: TextCache) -> None:
    values = _step_curve()
    chart = LineChart((0, 0, 1280, 200), title="step", y_label="η", values=values, reference=LIMIT)
    assert chart.reference_shown == "line"
    assert chart.y_range[1] >= LIMIT.value  # a near reference is inside the range
    surface = _draw(chart, texts)
    assert _rgb(surface, chart.plot_rect.left + 2, chart.y_of(LIMIT.value)) == DARK.limit

    far = Reference(LIMIT.value, LIMIT.label)
    chart.configure(values=values * 0.1, reference=far)  # the limit is now 13× the data's top
    assert chart.reference_shown == "note"
    assert chart.y_range[1] < 0.02  # the curve is not squashed
    notes = [t for t in chart._frame.texts if t.text.startswith("↑")]
    assert [t.text for t in notes] == ["↑ limit 0.1333"]
    surface = _draw(chart, texts)
    x, y = notes[0].pos[0] + chart.rect.x, notes[0].pos[1] + chart.rect.y
    w, h = theme.font(chart.style.label_size).size(notes[0].text)
    assert x + w <= chart.rect.right and y >= chart.rect.top
    box = pygame.surfarray.pixels3d(surface)[x : x + w, y : y + h].reshape(-1, 3)
    assert (box == DARK.limit_text).all(axis=1).any()  # the note is really drawn, in the limit's text colour


def test_non_finite_values_draw(texts: TextCache) -> None:
    values = np.array([0.1, np.nan, np.inf, -np.inf, 0.05, np.nan, 1e308, -1e308, 1e-320])
    for log in (False, True):
        chart = LineChart((0, 0, 400, 150), title="bad", y_label="loss", values=values, log_scale=log, reference=LIMIT)
        for e in range(values.size):
            _draw(chart, texts, marker=e)
        assert all(abs(v) <= 10_000 for p in chart._curve.points for v in p)
        assert np.isnan(chart.value_at(1))
    nan_ref = Reference(np.nan, "x")
    chart = LineChart((0, 0, 400, 150), title="bad", y_label="η", values=[np.nan] * 3, reference=nan_ref)
    _draw(chart, texts, marker=1)
    assert chart.y_range[1] >= CLAMP
    shown = [key[0] for key in texts._surfaces]
    assert "—" in shown  # the marker's value at a NaN epoch is a dash …
    assert not any("nan" in t or "inf" in t for t in shown)  # … and never "nan" or "inf"


@pytest.mark.parametrize("values", [[], [0.1], np.ones(2)])
@pytest.mark.parametrize(
    "rect", [(0, 0, 1280, 200), (0, 0, 300, 0), (0, 0, 0, 0), (0, 0, 60, 30), (5, 5, 3, 3), (0, 0, 1, 200)]
)
def test_empty_short_series_and_tiny_rects_draw(
    values: list[float], rect: tuple[int, int, int, int], texts: TextCache
) -> None:
    chart = LineChart(rect, title="Learning-rate schedule", y_label="η (learning rate)", values=values,
                      reference=LIMIT)
    for marker in (None, 0, 5):
        _draw(chart, texts, marker=marker)
    if chart.n == 0:
        assert chart.step_at(chart.plot_rect.center) is None
    if rect[3] < 60:
        assert list(chart._frame.texts) == []  # too small for text: drawn bare


def test_nothing_leaves_the_rect(texts: TextCache) -> None:
    rect = pygame.Rect(40, 30, 1280, 200)
    chart = LineChart(rect, title="step", y_label="η", values=_step_curve(), reference=LIMIT)
    surface = pygame.Surface((1400, 300))
    surface.fill((1, 2, 3))
    chart.draw(surface, 119, DARK, texts)
    pixels = pygame.surfarray.pixels3d(surface)
    outside = np.ones(pixels.shape[:2], dtype=bool)
    outside[rect.left : rect.right, rect.top : rect.bottom] = False
    assert (pixels[outside] == (1, 2, 3)).all()


def test_text_stays_inside_the_rect() -> None:
    for rect in ((0, 0, 1280, 200), (0, 0, 360, 140), (0, 0, 220, 90)):
        chart = LineChart(rect, title="Learning-rate schedule: step decay", y_label="η (learning rate)",
                          values=_step_curve(), reference=Reference(1.0, LIMIT.label))
        for t in chart._frame.texts:
            w, h = theme.font(t.size, bold=t.bold).size(t.text)
            assert t.pos[0] >= 0 and t.pos[1] >= 0
            assert t.pos[0] + w <= rect[2] and t.pos[1] + h <= rect[3], t


def test_draw_never_rebuilds_and_configure_only_on_change(texts: TextCache) -> None:
    values = _step_curve()
    chart = LineChart((0, 0, 800, 160), title="t", y_label="η", values=values)
    builds = chart.builds
    for e in range(200):
        _draw(chart, texts, marker=e)
    assert chart.builds == builds
    assert not chart.configure(rect=(0, 0, 800, 160), log_scale=False, reference=None)
    assert chart.configure(log_scale=True, reference=LIMIT)
    assert chart.builds == builds + 1
    assert chart.configure(values=values)
    assert chart.builds == builds + 2


def test_a_scaled_style_scales_strokes_and_gaps_but_leaves_text_to_the_fonts() -> None:
    big = ChartStyle().scaled(2)
    assert big.title_size == ChartStyle().title_size  # theme.font applies the UI scale to text
    assert (big.line_width, big.pad, big.marker_radius) == (4, 12, 8)
    LineChart((0, 0, 1920, 300), title="t", y_label="η", values=_step_curve(), style=big)


def test_a_timeline_pinned_left_keeps_its_labels_in_view_and_its_spikes(texts: TextCache) -> None:
    values = np.linspace(1.0, 0.1, 4001)
    values[3000] = 40.0  # one epoch's blow-up, among more epochs than pixels
    chart = LineChart((0, 0, 600, 160), title="loss", y_label="loss", values=values, log_scale=True,
                      steps=False, timeline=5000, plot_x=(4, 500))
    plot = chart.plot_rect
    assert (plot.left, plot.right) == (4, 500)
    assert chart.x_of(3000) == 4 + 3000 * 496 // 5000 and chart.x_of(4000) == 4 + 4000 * 496 // 5000
    surface = _draw(chart, texts)
    pixels = pygame.surfarray.array3d(surface)
    curve = (pixels == np.array(DARK.curve)).all(axis=2)
    assert curve[chart.x_of(3000), chart.y_of(40.0)]  # the spike's pixel column reaches its top
    assert not curve[chart.x_of(4000) + 2 : plot.right].any()  # nothing drawn past the last value yet
    dim = (pixels == np.array(DARK.text_dim)).all(axis=2)
    assert dim[plot.right + 2 : chart.rect.right, plot.top : plot.bottom].any()  # y labels, right of the plot
    assert not dim[: plot.left, plot.top : plot.bottom].any()  # none cut off at the left edge
    with pytest.raises(ValueError, match="timeline=0"):
        chart.configure(timeline=0)


# fewer epochs than pixels, about as many, many more
@pytest.mark.parametrize("span", [60, 250, pytest.param(3000, marks=pytest.mark.slow)])
def test_a_growing_timeline_equals_a_chart_built_afresh(texts: TextCache, span: int) -> None:
    """A run going on feeds its trace a value or a few at a time; while its axes stay, the chart
    works out only its curve again, and must end up exactly where a chart given the whole series
    starts."""
    rng = np.random.default_rng(span)
    series = np.exp(rng.normal(0.0, 1.0, span + 1).cumsum() * 0.05)  # a wandering positive loss
    rect = pygame.Rect(10, 10, 300, 180)
    growing = LineChart(rect, title="loss", y_label="loss", steps=False, timeline=span, values=series[:1],
                        log_scale=True, whole_decades=True)
    end, regrown, kept = 1, 0, 0
    while end < span + 1:
        end = min(span + 1, end + int(rng.integers(1, 4)))
        frame_before = growing._frame
        kept += not growing.configure(values=series[:end])  # the new values fell on pixels already drawn
        regrown += growing._frame is frame_before
        fresh = LineChart(rect, title="loss", y_label="loss", steps=False, timeline=span, values=series[:end],
                          log_scale=True, whole_decades=True)
        assert growing._curve.points == fresh._curve.points, end
        np.testing.assert_array_equal(growing._curve.col_top, fresh._curve.col_top)
        np.testing.assert_array_equal(growing._curve.col_bottom, fresh._curve.col_bottom)
        assert pygame.image.tobytes(_draw(growing, texts, end - 1), "RGB") == pygame.image.tobytes(
            _draw(fresh, texts, end - 1), "RGB")
    assert regrown > 0  # the short path really ran (the axes stayed for some steps)
    assert (kept > 0) == (span > growing.plot_rect.w)  # with several epochs a pixel, some steps change no pixel


def _label_on_curve(chart: LineChart) -> int:
    """How many of the reference label's pixel columns the curve crosses (rows inside the label)."""
    (box,) = chart._frame.keep_clear
    plot, curve = chart.plot_rect, chart._curve
    a, b = box.left - plot.left, box.right - plot.left
    top, bottom = curve.col_top[a:b], curve.col_bottom[a:b]
    return int(np.count_nonzero((top <= box.bottom) & (bottom >= box.top)))


@pytest.mark.parametrize(("lr0", "size"), [(10.0, (0, 0, 860, 200)), (1.2, (0, 0, 860, 200)),
                                           (10.0, (0, 0, 1500, 300)), (0.3, (0, 0, 600, 160))])
def test_the_reference_label_stays_off_the_curve(lr0: float, size: tuple[int, int, int, int]) -> None:
    """A step decay whose middle stage runs just above the limit, across the label's old place."""
    values = schedules.curve("step", lr0=lr0, epochs=100, step_size=33, gamma=0.1)
    chart = LineChart(size, title="t", y_label="η", values=values, reference=Reference(2 / 19.5, LIMIT.label))
    assert chart.reference_shown == "line"
    assert _label_on_curve(chart) == 0
    assert any(t.role == "limit_text" for t in chart._frame.texts)


def test_a_series_growing_under_a_labelled_reference_keeps_its_frame(texts: TextCache) -> None:
    values = schedules.curve("step", lr0=10.0, epochs=100, step_size=33, gamma=0.1)
    ref = Reference(2 / 19.5, LIMIT.label)
    chart = LineChart((0, 0, 860, 200), title="t", y_label="η", values=values[:40], span=100, reference=ref)
    _draw(chart, texts)
    frame, builds = chart._frame, chart.builds
    assert chart.configure(values=values[:50])
    assert chart._frame is frame and chart.changed_since(builds) is not None  # only the curve grew
    grown = _draw(chart, texts)
    fresh = LineChart((0, 0, 860, 200), title="t", y_label="η", values=values[:50], span=100, reference=ref)
    assert fresh._frame.texts == frame.texts
    assert pygame.image.tobytes(grown, "RGB") == pygame.image.tobytes(_draw(fresh, texts), "RGB")


def test_a_curve_growing_into_the_reference_label_moves_it(texts: TextCache) -> None:
    """A loss-driven rate is drawn as the run goes, on one frame: at 0.1 just under the limit it ran
    into the label placed when the curve was short; the label moves off it once (a new frame)."""
    values = np.full(100, 0.1)
    ref = Reference(0.105, LIMIT.label)
    chart = LineChart((0, 0, 860, 200), title="t", y_label="η", values=values[:5], span=100, reference=ref)
    _draw(chart, texts)
    for m in range(6, 101):
        chart.configure(values=values[:m])
        assert _label_on_curve(chart) == 0, m
    _draw(chart, texts)
    frame = chart._frame
    assert [t.role for t in frame.texts].count("limit_text") == 1
    fresh = LineChart((0, 0, 860, 200), title="t", y_label="η", values=values, span=100, reference=ref)
    assert pygame.image.tobytes(_draw(chart, texts), "RGB") == pygame.image.tobytes(_draw(fresh, texts), "RGB")
