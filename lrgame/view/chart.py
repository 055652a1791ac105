"""A line chart of one value per step: the HUD's learning-rate curve and the ball's loss trace.

Layout inside the chart's rect::

    η (learning rate)         Learning-rate schedule          ↑ limit 0.1333
    0.1 ┤‾‾‾‾‾‾‾‾‾‾‾‾|
        │            |______ 0.01000
    0   ┼────────────────────────
        0     20     40    …    120   epoch

The pieces every chart shares (the race's too) are here: the style, texts placed by colour role,
the y ticks, and painting lines and texts onto a chart's layer.
"""

from __future__ import annotations

import bisect
import enum
import math
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pygame

from lrgame.engine.numfmt import sig4, tick_label
from lrgame.look.theme import Color, Palette, font, ui_scale
from lrgame.view.axis import Axis, StepAxis, clamped, whole_ticks
from lrgame.view.text import TextCache, fit, fit_clause

_INT32_MAX, _INT32_MIN = int(np.iinfo(np.int32).max), int(np.iinfo(np.int32).min)
_FEW = 16
"""Values added to a growing timeline up to which its curve is extended in plain Python (`_timeline_appended`)."""
_FREE = 2**30
"""The pixel-row bounds of a column the curve does not reach (so a label may go there)."""
END_LABEL = "run over"
"""What a chart's marker says at t = T, where every step is taken and no rate is in use."""

Point = tuple[int, int]
Segment = tuple[Point, Point]


class _Keep(enum.Enum):
    KEEP = enum.auto()


KEEP = _Keep.KEEP
"""Default of `LineChart.configure`: leave that input as it is."""


class ChartStyle(NamedTuple):
    """Sizes in design pixels. Text sizes go through `theme.font`, which applies the UI scale
    itself; strokes and gaps are scaled once, with `scaled`, when a chart is made."""

    title_size: int = 15
    label_size: int = 13
    tick_size: int = 12
    value_size: int = 13
    line_width: int = 2
    pad: int = 6
    tick_len: int = 4
    marker_radius: int = 4
    dash: int = 7

    def scaled(self, factor: float) -> ChartStyle:
        """The same style with every stroke and gap multiplied by `factor` (each at least 1 px)."""
        sizes = ("line_width", "pad", "tick_len", "marker_radius", "dash")
        return self._replace(**{k: max(1, round(getattr(self, k) * factor)) for k in sizes})


class Reference(NamedTuple):
    """A horizontal line at `value` with a `label`, e.g. the stability limit 2/f″.

    `short` names it in the "↑ short value" note drawn instead when the line is far above the data.
    """

    value: float
    label: str
    short: str = "limit"


class ChartText(NamedTuple):
    """A string drawn at a fixed top-left position, in a palette colour named by its role (or in
    a colour of its own, such as a race slot's)."""

    text: str
    size: int
    role: str | Color
    pos: Point
    bold: bool = False


def shifted(segments: list[Segment], dx: int, dy: int) -> list[Segment]:
    return [((a[0] + dx, a[1] + dy), (b[0] + dx, b[1] + dy)) for a, b in segments]


def y_ticks(axis: Axis, height: int, tick_h: int) -> list[float]:
    """The y ticks a plot of `height` pixels has room for: one every two text lines, 2 to 6."""
    return axis.ticks(min(6, max(2, height // (2 * tick_h) + 1))) if height > 0 else []


def x_tick_count(width: int, last: int, style: ChartStyle) -> int:
    """How many x ticks fit a plot `width` wide, from the width of the widest label (`last`'s)."""
    per_label = _text_size(tick_label(last), style.tick_size)[0] + 4 * style.pad
    return min(12, max(2, width // per_label + 1))


def y_tick_marks(rect: pygame.Rect, plot: pygame.Rect, axis: Axis, ticks: list[float], style: ChartStyle,
                 grid: list[Segment], axes: list[Segment], texts: list[ChartText]) -> None:
    """Per y tick: a grid line, a tick mark and its label right-aligned against the axis. A plot
    pinned too far left for its labels takes them on its right side instead, left-aligned."""
    s, x0, x1 = style, plot.left - 1, plot.right - 1
    labels = [tick_label(v) for v in ticks]
    ys = axis.pixels(np.asarray(ticks, dtype=np.float64)).tolist() if ticks else []
    widest = max((_text_size(label, s.tick_size)[0] for label in labels), default=0)
    right_side = x0 - s.tick_len - 2 - widest < rect.left
    for y, label in zip(ys, labels, strict=True):
        if y < plot.bottom - 1:
            grid.append(((plot.left, y), (x1, y)))
        w, h = _text_size(label, s.tick_size)
        ty = min(max(y - h // 2, rect.top), rect.bottom - h)
        if right_side:
            axes.append(((x1, y), (x1 + s.tick_len, y)))
            texts.append(ChartText(label, s.tick_size, "text_dim", (x1 + s.tick_len + 2, ty)))
        else:
            axes.append(((x0 - s.tick_len, y), (x0, y)))
            texts.append(ChartText(label, s.tick_size, "text_dim", (x0 - s.tick_len - 2 - w, ty)))


def y_label_width(ticks: list[float], style: ChartStyle) -> int:
    """The widest y tick label: the room left of the plot."""
    return max((_text_size(tick_label(v), style.tick_size)[0] for v in ticks), default=0)


def _points(xs: np.ndarray, ys: np.ndarray, origin: Point) -> list[Point]:
    """Two int arrays of surface pixels → the Python list of (x, y) tuples, relative to `origin`
    (the layer's corner), that pygame draws fastest."""
    return list(zip((xs - origin[0]).tolist(), (ys - origin[1]).tolist(), strict=True))


def _extent(values: np.ndarray) -> tuple[float, float, float]:
    """The least value, the least above 0 (inf if none) and the greatest: all that `Axis.fit`
    reads of a series (inf, inf, −inf for none)."""
    if values.size == 0:
        return math.inf, math.inf, -math.inf
    return float(values.min()), float(np.min(values, where=values > 0, initial=np.inf)), float(values.max())


def _check_timeline(timeline: int | None) -> int | None:
    if timeline is not None and (isinstance(timeline, bool) or not isinstance(timeline, int) or timeline < 1):
        raise ValueError(f"timeline={timeline!r} is not allowed: the run's T, a whole number >= 1, or None")
    return timeline


def _text_size(text: str, size: int, bold: bool = False) -> tuple[int, int]:
    return font(size, bold=bold).size(text)


def paint_lines(layer: pygame.Surface, grid: Sequence[Segment], limit: Sequence[Segment], axes: Sequence[Segment],
                palette: Palette, limit_colour: Color) -> None:
    """A chart's grid, reference line (in `limit_colour`) and axes onto its layer, in that order."""
    for a, b in grid:
        pygame.draw.line(layer, palette.grid, a, b)
    for a, b in limit:
        pygame.draw.line(layer, limit_colour, a, b)
    for a, b in axes:
        pygame.draw.line(layer, palette.axis, a, b)


def paint_texts(layer: pygame.Surface, items: Sequence[ChartText], palette: Palette, texts: TextCache) -> None:
    for t in items:
        colour = getattr(palette, t.role) if isinstance(t.role, str) else t.role
        layer.blit(texts.render(t.text, t.size, colour, bold=t.bold), t.pos)


def paint_over(layer: pygame.Surface, items: Sequence[ChartText], palette: Palette, texts: TextCache) -> None:
    """Texts painted again over the curves, each in a one-pixel halo of the panel: a curve that
    runs through a label in the plot shows up to its letters and between them, and no letter is
    covered."""
    for t in items:
        colour = getattr(palette, t.role) if isinstance(t.role, str) else t.role
        letters = texts.render(t.text, t.size, colour, bold=t.bold)
        halo = pygame.mask.from_surface(letters).to_surface(setcolor=palette.panel, unsetcolor=(0, 0, 0, 0))
        x, y = t.pos
        for dx, dy in ((-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)):
            layer.blit(halo, (x + dx, y + dy))
        layer.blit(letters, t.pos)


def _common_prefix(old: list[Point], new: list[Point]) -> int:
    """How many first points two polylines share: compared in slices of 256, then 16, then 1 from
    where the last equal slice ends (a growing curve's thousand points, every new step, in C, not in
    a Python loop over them)."""
    size, start = min(len(old), len(new)), 0
    for chunk in (256, 16, 1):
        while start < size and old[start:start + chunk] == new[start:start + chunk]:
            start += chunk
    return min(start, size)


def curve_change(old: list[Point], new: list[Point], width: int) -> pygame.Rect:
    """Where two polylines drawn `width` wide differ: the box round the points of each from the
    one before their first difference on (empty if they are the same)."""
    first = _common_prefix(old, new)
    if first == len(old) == len(new):
        return pygame.Rect(0, 0, 0, 0)
    tail = old[max(first - 1, 0):] + new[max(first - 1, 0):]
    xs, ys = [p[0] for p in tail], [p[1] for p in tail]
    pad = width + 2
    return pygame.Rect(min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad + 1, max(ys) - min(ys) + 2 * pad + 1)


class LayeredChart:
    """A chart whose costly pixels are painted once per build into a layer, then only blitted.

    Subclasses keep `builds` (bumped on every rebuild) and `_rect`, and paint in `_paint_layer`.
    """

    builds: int
    _rect: pygame.Rect
    _layer: pygame.Surface | None = None
    _layer_key: tuple | None = None

    def draw_layer(self, surface: pygame.Surface, palette: Palette, texts: TextCache) -> None:
        """Everything but the marker: what a caller may keep in a backdrop until `builds` changes."""
        layer = self.layer(surface, palette, texts)
        if layer is not None:
            surface.blit(layer, self._rect)

    def layer(self, like: pygame.Surface, palette: Palette, texts: TextCache) -> pygame.Surface | None:
        """What `draw_layer` blits at the chart's rect (painted in `like`'s format the first time after
        a build or with another palette), for a caller that paints more over it once per build (the
        train view's dashed test loss); None for an empty rect."""
        if self._rect.width <= 0 or self._rect.height <= 0:
            return None
        if self._layer is None or self._layer_key != (self.builds, palette):
            self._layer = self._paint_layer(like, palette, texts)
            self._layer_key = (self.builds, palette)
        return self._layer

    def _paint_layer(self, like: pygame.Surface, palette: Palette, texts: TextCache) -> pygame.Surface:
        raise NotImplementedError


class _Frame(NamedTuple):
    """The chart but its curve: the plot area (surface pixels), its two axes, and the lines and
    texts around it (layer pixels). Made anew only when something it shows changes; the axes'
    layer is painted from it, and kept while it is the same frame."""

    plot: pygame.Rect
    x: StepAxis
    y: Axis
    reference_shown: str
    labelled: bool = False
    grid: Sequence[Segment] = ()
    axes: Sequence[Segment] = ()
    limit: Sequence[Segment] = ()
    texts: Sequence[ChartText] = ()
    keep_clear: tuple[pygame.Rect, ...] = ()  # texts inside the plot (surface pixels): the marker stays off them


class _Curve(NamedTuple):
    """The curve on a frame: its polyline in layer pixels, and per plot column the highest and
    lowest pixel row it covers (to keep the marker's number off it)."""

    points: list[Point]
    col_top: np.ndarray
    col_bottom: np.ndarray
    last_column: tuple[int, int, int, int] | None = None
    """On a timeline: (values drawn, their last column, its top and bottom rows), so values that
    fall inside that column's span need no new curve (`_drawn_already`)."""
    columns: tuple[_Frame, np.ndarray, np.ndarray, np.ndarray] | None = None
    """On a timeline: the frame, and per column drawn its x and its top and bottom rows, so values
    added on the same frame extend the curve instead of working it out again."""
    envelope: tuple[_Frame, int, np.ndarray, np.ndarray] | None = None
    """With more steps than pixels (`span=`): the frame, the values drawn, and per column their
    highest and lowest rows, so values added on the same frame extend the curve (`_envelope_curve`)."""


_NO_CURVE = _Curve([], np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


class LineChart(LayeredChart):
    """A chart of `values[t]` for steps t = 0..n−1 inside a rect, with axes, ticks and a marker.

    The rule: everything costly is built once per change of its inputs (values, rect, log scale,
    reference) by `configure` (or the constructor), in two pieces: the frame (plot area, axes,
    ticks, texts) only when what it shows changed, and the curve on it (point lists as Python
    lists of int tuples, which pygame draws ~4× faster than numpy arrays), all checked finite in
    one place (`axis.checked_pixels`). `draw` runs every frame and only draws what was built: the
    first draw after a change (or with another palette) paints the curve onto a copy of the
    frame's own layer, and every frame blits that layer and draws the marker (a line, a dot, one
    cached text). It never looks at the data series again, so it costs the same at T = 100 and
    T = 1,000,000.

    The x-axis is a `StepAxis`: step t covers the pixels [x(t), x(t+1)). With n ≤ W (the plot's
    width) each step gets its own span and the curve is drawn exactly, as steps (the rate is
    constant during a step); with n > W every pixel column holds several steps and is drawn as a
    vertical segment from their min to their max, so a one-step peak or a step drop stays visible
    at any n (see `axis.column_envelope`).

    A timeline chart (`timeline=T`) shows a run's states instead of per-step values: its axis spans
    0..T and value t, measured at the start of step t (w_0 … w_T), sits at x(t) = plot.left + t·W // T,
    the left edge of step t's span on a chart of T per-step values. Pinned to that chart's plot
    columns (`plot_x`), it lines up with it pixel for pixel; a run in progress fills the left part.

    Bad input never raises at draw time: NaN/inf become finite (`axis.CLAMP`), an empty or
    length-1 series draws, a rect too small for text is drawn bare (curve and marker only), an
    empty rect draws nothing.
    """

    def __init__(
        self,
        rect: pygame.Rect | Sequence[int],
        *,
        title: str,
        y_label: str,
        x_label: str = "epoch",
        values: Sequence[float] | np.ndarray = (),
        log_scale: bool = False,
        reference: Reference | None = None,
        style: ChartStyle | None = None,
        curve_role: str = "curve",
        value_prefix: str = "",
        steps: bool = True,
        span: int = 0,
        timeline: int | None = None,
        plot_x: tuple[int, int] | None = None,
        whole_decades: bool = False,
        from_zero: bool = True,
    ) -> None:
        """`curve_role` names the Palette colour of the curve ("curve", "loss_trace", …);
        `value_prefix` goes before the marker's number ("η = "); `steps=False` joins the values
        with straight lines instead of steps (for a measurement such as loss); `span` makes the
        x-axis that many steps long when the values are fewer (a series still growing, such as a
        loss-driven rate: the known part is drawn, the rest of the axis waits); `whole_decades`
        widens a log axis to whole powers of ten, so a series that keeps finding new lows (a loss)
        moves its axis only when it crosses one, not every step; `from_zero=False` fits a linear
        axis to the data alone (a momentum between 0.85 and 0.95)."""
        self.title, self.y_label, self.x_label = title, y_label, x_label
        self.style = style or ChartStyle().scaled(ui_scale())
        self.curve_role = curve_role
        self.value_prefix = value_prefix
        self.end_label = ""
        """A marker at step n (past the last value: every step of the run taken) draws at the axis'
        end with these words instead of a value, if given ("run over")."""
        self.steps = steps
        self.builds = 0
        """How many times the curve was built (tests check that draw never builds)."""
        self._rect = pygame.Rect(rect)
        self._log = bool(log_scale)
        self._reference = reference
        self._axis_len = int(span)
        self._timeline = _check_timeline(timeline)
        self._plot_x = plot_x
        self._whole_decades = whole_decades
        self._from_zero = from_zero
        self._raw = np.zeros(0)
        self._vals = self._raw
        self._extent = _extent(self._vals)
        self._fitted: tuple = (None, None)  # (what the y axis was fitted to, (axis, how the reference shows))
        self._grew = False  # the values last given extend the ones before (a run going on)
        self._frame_key: tuple | None = None
        self._curve = _NO_CURVE
        self._axes_layer: pygame.Surface | None = None
        self._axes_layer_for: tuple[_Frame, Palette] | None = None  # what `_axes_layer` shows
        self._marker: tuple = ()
        self._marker_key: tuple | None = None
        self._rows: tuple[_Curve | None, list[int], list[int]] = (None, [], [])  # `_curve_rows`
        self._before: tuple[int, _Frame | None, list[Point]] | None = None  # the build before: builds, frame, points
        self._painted: tuple[_Frame, Palette, list[Point]] | None = None  # what the layer shows: frame, palette, curve
        self._set_values(values)
        self._build()

    # ---- inputs ---------------------------------------------------------------------------------

    def configure(
        self,
        *,
        values: Sequence[float] | np.ndarray | _Keep = KEEP,
        rect: pygame.Rect | Sequence[int] | _Keep = KEEP,
        log_scale: bool | _Keep = KEEP,
        reference: Reference | None | _Keep = KEEP,
        span: int | _Keep = KEEP,
        timeline: int | None | _Keep = KEEP,
        plot_x: tuple[int, int] | None | _Keep = KEEP,
    ) -> bool:
        """Change any inputs at once and rebuild once. Passing `values` rebuilds (the array is
        copied unless read-only, so later changes to the caller's array do not show) unless they
        only add values that land on pixels the curve already covers; the others rebuild only if
        they differ. Returns whether it rebuilt."""
        changed = False
        if span is not KEEP and int(span) != self._axis_len:
            self._axis_len = int(span)
            changed = True
        if values is not KEEP:
            self._set_values(values)
            changed = True
        if rect is not KEEP and pygame.Rect(rect) != self._rect:
            self._rect = pygame.Rect(rect)
            changed = True
        if log_scale is not KEEP and bool(log_scale) != self._log:
            self._log = bool(log_scale)
            changed = True
        if reference is not KEEP and reference != self._reference:
            self._reference = reference
            changed = True
        if timeline is not KEEP and timeline != self._timeline:
            self._timeline = _check_timeline(timeline)
            changed = True
        if plot_x is not KEEP and plot_x != self._plot_x:
            self._plot_x = plot_x
            changed = True
        return self._build() if changed else False

    def _set_values(self, values: Sequence[float] | np.ndarray) -> None:
        """Keep a copy of the values, or the array itself when it is read-only float64 (a run's
        rates and losses, which never change once computed: copying a million of them cost a
        frame ~2 ms)."""
        frozen = isinstance(values, np.ndarray) and values.dtype == np.float64 and not values.flags.writeable
        raw = values.ravel() if frozen else np.array(values, dtype=np.float64).ravel()
        old = self._raw
        self._grew = 0 < old.size <= raw.size and np.array_equal(raw[: old.size], old)
        self._raw = raw
        self._vals = clamped(raw)
        if self._grew and raw.size - old.size <= _FEW:  # a few more: the extent widened by them, in plain floats
            lo, pos, hi = self._extent
            for v in self._vals[old.size:].tolist():
                lo, hi, pos = min(lo, v), max(hi, v), min(pos, v) if v > 0 else pos
            self._extent = (lo, pos, hi)
        else:
            self._extent = _extent(self._vals)

    @property
    def rect(self) -> pygame.Rect:
        return pygame.Rect(self._rect)

    @property
    def plot_rect(self) -> pygame.Rect:
        """The area the curve is drawn in (inside the axes)."""
        return pygame.Rect(self._frame.plot)

    @property
    def log_scale(self) -> bool:
        return self._log

    @property
    def n(self) -> int:
        """Number of steps on the x-axis: the series, or the span when that is longer."""
        return max(self._axis_len, int(self._raw.size))

    @property
    def known(self) -> int:
        """Number of steps with a value (fewer than `n` while a series is still growing)."""
        return int(self._raw.size)

    @property
    def _span(self) -> int:
        """Steps the x-axis divides its width into: T on a timeline, else one per value."""
        return self.n if self._timeline is None else self._timeline

    @property
    def _last_tick(self) -> int:
        """The largest step the x-axis labels: T on a timeline (the state after the run), else n − 1."""
        return max(self.n - 1, 0) if self._timeline is None else self._timeline

    @property
    def y_range(self) -> tuple[float, float]:
        """The values at the bottom and top edges of the plot."""
        return self._frame.y.range

    @property
    def reference_shown(self) -> str:
        """"line" if the reference is drawn as a line, "note" if noted at the top, "" if neither."""
        return self._frame.reference_shown

    # ---- mapping --------------------------------------------------------------------------------

    def x_of(self, t: int) -> int:
        """Left pixel of step t's span (steps outside 0..n−1 are clamped)."""
        if self.n == 0:
            return self._frame.plot.left
        return self._frame.x.x(min(max(int(t), 0), self.n - 1))

    def step_at(self, pos: Sequence[int]) -> int | None:
        """The step under a pixel, or None outside the plot area. With more steps than pixels:
        the first step of that pixel column."""
        if self.n == 0 or not self._frame.plot.collidepoint(pos):
            return None
        return min(max(self._frame.x.step_at(int(pos[0])), 0), self.n - 1)

    def y_of(self, value: float) -> int:
        """Pixel row of a value (clamped to the plot; ≤ 0 on a log axis goes to the bottom edge)."""
        return self._frame.y.pixel(value)

    def points_of(self, steps: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """`x_of` of many steps and `y_of` of as many values at once (a dashed curve's thousands of
        points in one call)."""
        axis = self._frame.x
        if self.n == 0 or axis.span == 0 or axis.width <= 0:
            xs = np.full(len(steps), self._frame.plot.left if self.n == 0 else axis.left)
        else:
            xs = axis.xs(np.clip(steps, 0, self.n - 1))
        return xs, self._frame.y.pixels(clamped(np.asarray(values, dtype=np.float64)))

    def value_at(self, t: int) -> float:
        """The value as given (NaN stays NaN), for tooltips; steps are clamped to the known ones."""
        if self.known == 0:
            return math.nan
        return float(self._raw[min(max(int(t), 0), self.known - 1)])

    # ---- building -------------------------------------------------------------------------------

    def _build(self) -> bool:
        """Turn the inputs into a frame and a curve; return whether they changed. The only place
        that does real work. While the frame stays as it is (a series growing along a fixed axis),
        only the curve is worked out again, and not even that when the new values fall on pixels
        it already covers."""
        ref = self._reference
        fit = (self._extent, self._log, self._whole_decades, self._from_zero,
               float(ref.value) if ref is not None and math.isfinite(ref.value) else None)
        if fit != self._fitted[0]:  # the axis reads the extent only: values added inside it keep it
            extent = np.array([v for v in self._extent if math.isfinite(v)] if self.known else [])
            self._fitted = (fit, Axis.fit(extent, log=fit[1], whole_decades=fit[2], from_zero=fit[3], reference=fit[4]))
        y, shown = self._fitted[1]
        key = (y, shown, self._span, self._last_tick, tuple(self._rect), ref, self._plot_x, self.title,
               self.x_label, self.y_label)
        before = (self.builds, getattr(self, "_frame", None), self._curve.points)
        fresh = not (key == self._frame_key and self._frame.plot.width > 0 and self._frame.plot.height > 0)
        if not fresh:
            if self._drawn_already():
                return False
        else:
            self._frame, self._frame_key = self._make_frame(y, shown), key
        self._before = before
        self.builds += 1
        self._curve = self._make_curve()
        if fresh:
            self._label_reference()
        elif self._frame.keep_clear and self._curve_hits(self._frame.keep_clear[0]):
            self._label_reference(moved=True)  # a growing curve reached its label: off it, if it can be
        return True

    def changed_since(self, builds: int) -> pygame.Rect | None:
        """Where the layer (everything but the marker) of this build differs from build `builds`'s,
        in surface pixels (empty: nowhere), when that is the build just before on the same frame
        (the same axes, ticks and texts: a series growing along a fixed axis); None: anywhere."""
        before = self._before
        if before is None or before[0] != builds or before[1] is not self._frame:
            return None
        return curve_change(before[2], self._curve.points, self.style.line_width).move(self._rect.topleft)

    def _make_frame(self, y: Axis, shown: str) -> _Frame:
        s, rect = self.style, self._rect
        tick_h = font(s.tick_size).get_linesize()
        title_h = font(s.title_size, bold=True).get_linesize()

        # Vertical layout first: the y ticks (and so the left margin) depend on the plot height.
        top = rect.top + s.pad + title_h + tick_h // 2
        bottom = rect.bottom - s.pad - tick_h - s.tick_len
        ticks = y_ticks(y, bottom - top, tick_h)
        left = rect.left + s.pad + y_label_width(ticks, s) + s.tick_len + 2
        x_label = self.x_label
        right = rect.right - s.pad - _text_size(tick_label(self._last_tick), s.tick_size)[0] // 2
        if right - _text_size(x_label, s.label_size)[0] - s.pad - left >= 8 * tick_h:
            right -= _text_size(x_label, s.label_size)[0] + s.pad
        else:  # narrow (big projector text, a small window): the x axis' name gives way to its numbers
            x_label = ""
        if self._plot_x is not None and rect.left <= self._plot_x[0] < self._plot_x[1] <= rect.right:
            left, right = self._plot_x

        labelled = bottom - top >= 2 * tick_h and right - left >= 8 * tick_h
        if labelled:
            plot = pygame.Rect(left, top, right - left, bottom - top)
        else:  # too small for text: the curve alone, just inside the rect
            bare = rect.inflate(-2, -2) if rect.width > 2 and rect.height > 2 else rect
            plot = pygame.Rect(bare.left, bare.top, max(bare.width, 0), max(bare.height, 0))
        frame = _Frame(plot, StepAxis(plot.left, plot.width, self._span),
                       y.along(plot.bottom - 1, -max(plot.height - 1, 0)), shown, labelled)
        if plot.width <= 0 or plot.height <= 0:
            return frame
        x0, y1 = plot.left - 1, plot.bottom
        grid: list[Segment] = []
        axes: list[Segment] = [((x0, plot.top), (x0, y1)), ((x0, y1), (plot.right - 1, y1))]
        texts: list[ChartText] = []
        if labelled:
            y_tick_marks(rect, plot, frame.y, ticks, s, grid, axes, texts)
            self._x_ticks(frame, grid, axes, texts, x_label)
            self._title_row(shown, texts)
        limit = self._reference_line(frame)
        dx, dy = -rect.x, -rect.y
        return frame._replace(grid=shifted(grid, dx, dy), axes=shifted(axes, dx, dy), limit=shifted(limit, dx, dy),
                              texts=[t._replace(pos=(t.pos[0] + dx, t.pos[1] + dy)) for t in texts])

    def _x_ticks(self, frame: _Frame, grid: list[Segment], axes: list[Segment], texts: list[ChartText],
                 x_label: str) -> None:
        """Whole steps only; labels centred under the tick, dropped if they would touch; the x label
        (if not "")."""
        s, rect, plot = self.style, self._rect, frame.plot
        y1, tick_h = plot.bottom, font(s.tick_size).get_linesize()
        x_label_w, x_label_h = _text_size(x_label, s.label_size) if x_label else (-s.pad, 0)
        x_label_x = rect.right - s.pad - x_label_w
        label_top = y1 + s.tick_len + 1
        taken_right = rect.left
        for t in whole_ticks(self._last_tick, x_tick_count(plot.width, self._last_tick, s)):
            x = frame.x.x(t)
            if x > plot.left:
                grid.append(((x, plot.top), (x, plot.bottom - 1)))
            axes.append(((x, y1), (x, y1 + s.tick_len)))
            label = tick_label(t)
            w, _ = _text_size(label, s.tick_size)
            lx = min(max(x - w // 2, rect.left), x_label_x - s.pad - w)
            if lx >= taken_right and abs(lx + w // 2 - x) <= w:
                texts.append(ChartText(label, s.tick_size, "text_dim", (lx, label_top)))
                taken_right = lx + w + 2 * s.pad
        if x_label:
            texts.append(ChartText(x_label, s.label_size, "text_dim",
                                   (x_label_x, label_top + (tick_h - x_label_h) // 2)))

    def _title_row(self, shown: str, texts: list[ChartText]) -> None:
        """The y label on the left, the title centred, the far-reference note on the right."""
        s, rect = self.style, self._rect
        row_top = rect.top + s.pad
        title_h = font(s.title_size, bold=True).get_linesize()
        left, right = rect.left + s.pad, rect.right - s.pad
        gap = 3 * s.pad

        note = ""
        if shown == "note" and self._reference is not None:
            note = f"↑ {self._reference.short} {sig4(self._reference.value)}"
        note_w, note_h = _text_size(note, s.label_size) if note else (0, 0)
        if note_w > right - left:
            note, note_w = "", 0
        if note:
            texts.append(ChartText(note, s.label_size, "limit_text",
                                   (right - note_w, row_top + (title_h - note_h) // 2)))
            right -= note_w + gap

        y_label = self.y_label
        ylab_w, ylab_h = _text_size(y_label, s.label_size)
        title = self.title
        title_w = _text_size(title, s.title_size, bold=True)[0]
        title_x = rect.centerx - title_w // 2
        if title and y_label and title_x < left + ylab_w + gap:
            title_x = left + ylab_w + gap
        if title_x + title_w > right:  # crowded: the title wins over the y label
            y_label = ""
            title_x = min(max(rect.centerx - title_w // 2, left), right - title_w)
            if title_x < left:
                title = fit(title, s.title_size, right - left)
                title_x = left
        if y_label:
            texts.append(ChartText(y_label, s.label_size, "text_dim", (left, row_top + (title_h - ylab_h) // 2)))
        if title:
            texts.append(ChartText(title, s.title_size, "text", (title_x, row_top), bold=True))

    def _reference_line(self, frame: _Frame) -> list[Segment]:
        """The reference as a dashed line across the plot (its label comes once the curve is known:
        `_label_reference`)."""
        s, ref, plot = self.style, self._reference, frame.plot
        if frame.reference_shown != "line" or ref is None:
            return []
        y = frame.y.pixel(ref.value)
        return [((x, y), (min(x + s.dash, plot.right) - 1, y)) for x in range(plot.left, plot.right, 2 * s.dash)]

    def _curve_hits(self, box: pygame.Rect) -> int:
        """How many of the box's pixel columns (surface pixels) the curve, drawn `line_width` wide,
        crosses inside it."""
        left, width = self._frame.plot.left, self.style.line_width
        a, b = max(box.left - left, 0), max(box.right - left, 0)
        low, high = box.top - width, box.bottom + width
        tops, bottoms = self._curve_rows()
        return sum(1 for top, bottom in zip(tops[a:b], bottoms[a:b], strict=True) if top <= high and bottom >= low)

    def _label_reference(self, moved: bool = False) -> None:
        """Label a new frame's reference line where its curve is not: just above or below the line
        at its right end (the marker's dot at the last step stays off it), then at its left end, then
        further up or down on either side; only the words before the colon if the whole does not
        fit or does not find a free place, none if those do not fit either. The frame keeps its
        curve's growth caches: only its texts and the label's place (`keep_clear`) change. `moved`:
        the label is there already and the curve grew into it; it moves only to a free place (a
        new frame, painted whole: not at every step of a curve that runs through every place)."""
        s, ref, frame = self.style, self._reference, self._frame
        plot = frame.plot
        if frame.reference_shown != "line" or ref is None or not frame.labelled:
            return
        y = frame.y.pixel(ref.value)
        end = plot.right - s.pad - s.marker_radius - 1
        room = end - plot.left - s.pad
        whole = fit_clause(ref.label, s.label_size, room)
        short = fit_clause(ref.label, s.label_size, 0)
        best, best_hits = None, -1
        for label in dict.fromkeys(x for x in (whole, short) if x):
            w, h = _text_size(label, s.label_size)
            if w > room:
                continue
            rows = [row for k in range(plot.height // max(h, 1) + 1) for row in (y - h - 1 - k * h, y + 2 + k * h)]
            for ty in rows:
                if not plot.top <= ty <= plot.bottom - h:
                    continue
                for tx in (end - w, plot.left + s.pad):
                    hits = self._curve_hits(pygame.Rect(tx, ty, w, h))
                    if hits == 0:
                        self._frame = self._placed(label, tx, ty)
                        return
                    if best_hits < 0 or hits < best_hits:
                        best, best_hits = (label, tx, ty), hits
        if best is not None and not moved:
            self._frame = self._placed(*best)

    def _placed(self, label: str, x: int, y: int) -> _Frame:
        """The frame with the reference's label at (x, y) (surface pixels), its curve's caches kept."""
        frame, (ox, oy) = self._frame, self._rect.topleft
        w, h = _text_size(label, self.style.label_size)
        others = [t for t in frame.texts if t.role != "limit_text"]  # with a line there is no note
        text = ChartText(label, self.style.label_size, "limit_text", (x - ox, y - oy))
        placed = frame._replace(texts=[*others, text], keep_clear=(pygame.Rect(x, y, w, h),))
        curve = self._curve
        self._curve = curve._replace(
            columns=None if curve.columns is None else (placed, *curve.columns[1:]),
            envelope=None if curve.envelope is None else (placed, *curve.envelope[1:]))
        return placed

    def _make_curve(self) -> _Curve:
        """The curve's polyline over the known steps m ≤ n, in layer pixels; columns (surface
        pixels) it does not reach stay free."""
        frame, n, m, vals = self._frame, self.n, self.known, self._vals
        plot, w = frame.plot, frame.plot.width
        if w <= 0 or plot.height <= 0:
            return _NO_CURVE
        free = np.full(w, _FREE, dtype=np.int64)
        if m == 0:
            return _Curve([], free, -free)
        if self._timeline is not None:
            return self._timeline_curve()
        origin = self._rect.topleft
        if n > w:
            return self._envelope_curve(free)
        ys = frame.y.pixels(vals)
        edges = frame.x.xs(np.arange(n + 1))
        # Each column's step, and at a step the step before it too: the rows the curve covers there.
        col_step = frame.x.column_steps()
        reached = col_step < m
        col_step = np.minimum(col_step, m - 1)
        before = ys[np.maximum(col_step - 1, 0)]
        top = np.where(reached, np.minimum(ys[col_step], before), free)
        bottom = np.where(reached, np.maximum(ys[col_step], before), -free)
        if not self.steps:
            if m == 1:
                return _Curve(_points(edges[:2], np.repeat(ys, 2), origin), top, bottom)
            centres = np.minimum(plot.left + ((2 * np.arange(m) + 1) * w) // (2 * n), plot.right - 1)
            return _Curve(_points(centres, ys, origin), top, bottom)
        # Steps: keep only the corners (where the pixel row changes), so a staircase is a few points.
        c = np.flatnonzero(ys[1:] != ys[:-1]) + 1
        xs = np.concatenate(([edges[0]], np.repeat(edges[c], 2), [edges[m]]))
        ys = np.concatenate(([ys[0]], np.stack([ys[c - 1], ys[c]], axis=1).ravel(), [ys[m - 1]]))
        return _Curve(_points(xs, ys, origin), top, bottom)

    def _envelope_curve(self, free: np.ndarray) -> _Curve:
        """Min/max per pixel column (`column_envelope`'s columns), as one zigzag: down column c,
        across, up column c+1, … Values added to those of the last curve on the same frame (a
        loss-driven rate going on) are mapped from the column the last old value fell in: the
        columns before it keep their rows and points."""
        frame, old, m = self._frame, self._curve, self.known
        plot, n, w = frame.plot, self.n, frame.plot.width
        env = old.envelope
        grown = self._grew and env is not None and env[0] is frame and 0 < env[1] <= m
        first = (env[1] - 1) * w // n if grown else 0  # the column of the last value drawn: new ones may join it
        starts = (np.arange(first, w, dtype=np.int64) * n + w - 1) // w  # each column's first value
        starts = starts[starts < m]
        vals = self._vals[starts[0]:m]
        starts -= starts[0]
        high = frame.y.pixels(np.maximum.reduceat(vals, starts))
        low = frame.y.pixels(np.minimum.reduceat(vals, starts))
        even = (np.arange(first, first + high.size) % 2) == 0
        ys = np.stack([np.where(even, high, low), np.where(even, low, high)], axis=1).ravel()
        points = _points(np.repeat(plot.left + np.arange(first, first + high.size), 2), ys, self._rect.topleft)
        if grown:
            high, low = np.concatenate((env[2][:first], high)), np.concatenate((env[3][:first], low))
            points = old.points[: 2 * first] + points
        top, bottom = free, -free
        top[: high.size], bottom[: high.size] = high, low
        return _Curve(points, top, bottom, envelope=(frame, m, high, low))

    def _timeline_curve(self) -> _Curve:
        """Value t at x(t), the left edge of step t's span; values sharing a pixel column become
        that column's min-to-max segment, as one zigzag (see `_make_curve`). Values added to those
        of the last curve on the same frame (a run going on) are worked out alone, and the
        columns before the last one drawn keep their points."""
        frame, old = self._frame, self._curve
        plot = frame.plot
        grown = (self._grew and old.columns is not None and old.columns[0] is frame and old.last_column is not None
                 and old.last_column[0] < self.known)
        drawn = old.last_column[0] if grown else 0
        if grown and self.known - drawn <= _FEW:
            return self._timeline_appended(old)
        xs = frame.x.xs(np.arange(drawn, self.known))
        ys = frame.y.pixels(self._vals[drawn:])
        starts = np.flatnonzero(np.concatenate(([True], xs[1:] != xs[:-1])))
        cols, high, low = xs[starts], np.minimum.reduceat(ys, starts), np.maximum.reduceat(ys, starts)
        kept: list[Point] = []
        if grown:
            _, old_cols, old_high, old_low = old.columns
            last = old_cols.size - 1  # the last column drawn: new values may fall in it too
            if cols[0] == old_cols[last]:
                high[0], low[0] = min(high[0], old_high[last]), max(low[0], old_low[last])
            else:
                last += 1
            cols, high, low = (np.concatenate((a[:last], b)) for a, b in ((old_cols, cols), (old_high, high),
                                                                          (old_low, low)))
            kept = old.points[: 2 * last]
        else:
            last = 0
        # Rows the curve covers per plot column (from a column to the next one drawn); none past its end.
        # Plot columns left of the last two columns kept are as they were.
        same = int(cols[last - 1]) - plot.left if last else 0
        columns = plot.left + np.arange(same, plot.width)
        k = np.maximum(np.searchsorted(cols, columns, side="right") - 1, 0)
        after = np.minimum(k + 1, cols.size - 1)
        past = columns > cols[-1]
        top = np.where(past, _INT32_MAX, np.minimum(high[k], high[after]))
        bottom = np.where(past, _INT32_MIN, np.maximum(low[k], low[after]))
        if same:
            top, bottom = np.concatenate((old.col_top[:same], top)), np.concatenate((old.col_bottom[:same], bottom))
        even = (np.arange(last, cols.size) % 2) == 0
        new_high, new_low = high[last:], low[last:]
        zig = np.stack([np.where(even, new_high, new_low), np.where(even, new_low, new_high)], axis=1).ravel()
        return _Curve(kept + _points(np.repeat(cols[last:], 2), zig, self._rect.topleft), top, bottom,
                      (self.known, int(cols[-1]), int(high[-1]), int(low[-1])), (frame, cols, high, low))

    def _timeline_appended(self, old: _Curve) -> _Curve:
        """`_timeline_curve` for at most _FEW values added on the same frame (a run going on, a step
        or two a frame): the same curve worked out in plain Python, since each numpy call costs more
        than such a value does (tests/test_chart_fast_paths.py holds it to the long way)."""
        frame, (ox, oy) = self._frame, self._rect.topleft
        cols, high, low = (a.tolist() for a in old.columns[1:])
        last = len(cols) - 1  # the last column drawn: new values may fall in it too
        for t in range(old.last_column[0], self.known):
            x, y = frame.x.x(t), frame.y.pixel(self._vals[t])
            if x == cols[-1]:
                high[-1], low[-1] = min(high[-1], y), max(low[-1], y)
            else:
                cols.append(x)
                high.append(y)
                low.append(y)
        # the rows covered from the column before the last one kept to the new end (none past it, as before)
        top, bottom = old.col_top.copy(), old.col_bottom.copy()
        left = frame.plot.left
        for c in range(cols[last - 1] if last else left, cols[-1] + 1):
            k = max(bisect.bisect_right(cols, c) - 1, 0)
            after = min(k + 1, len(cols) - 1)
            top[c - left], bottom[c - left] = min(high[k], high[after]), max(low[k], low[after])
        points = old.points[: 2 * last]
        for i in range(last, len(cols)):
            x, ends = cols[i] - ox, (high[i], low[i]) if i % 2 == 0 else (low[i], high[i])
            points += ((x, ends[0] - oy), (x, ends[1] - oy))
        return _Curve(points, top, bottom, (self.known, cols[-1], high[-1], low[-1]),
                      (frame, np.array(cols), np.array(high), np.array(low)))

    def _drawn_already(self) -> bool:
        """Do the values added since the last build land on pixels the curve already covers? A
        timeline growing inside its last column (a long run, several steps a pixel) keeps its
        picture, and so its curve: its frame was checked to stay before this is asked."""
        last = self._curve.last_column
        if self._timeline is None or last is None or not self._grew:
            return False
        drawn, column, top, bottom = last
        if self.known < drawn:
            return False
        frame = self._frame
        if frame.x.x(self.known - 1) != column:  # the steps' columns only grow: the last one says it
            return False
        if self.known - drawn <= _FEW:  # one at a time in plain floats: the same rows, see `Axis.pixel`
            return all(top <= frame.y.pixel(v) <= bottom for v in self._vals[drawn:].tolist())
        rows = frame.y.pixels(self._vals[drawn:])
        return bool((rows >= top).all() and (rows <= bottom).all())

    # ---- drawing --------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, marker_step: int | None, palette: Palette, texts: TextCache) -> None:
        """Draw the chart and a marker at `marker_step` (clamped to the known steps; None: none).

        Per frame this is one blit of the chart's layer plus the marker. The layer is painted from
        the frame and the curve the first time it is needed after a change (or with another palette).
        """
        self.draw_layer(surface, palette, texts)
        self.draw_marker(surface, marker_step, palette, texts)

    def draw_marker(self, surface: pygame.Surface, marker_step: int | None, palette: Palette,
                    texts: TextCache) -> pygame.Rect:
        """The marker line, dot and value at `marker_step`, inside the chart's rect; returns the
        area it drew on (empty when it drew nothing)."""
        rect, plot = self._rect, self._frame.plot
        if marker_step is None or self.known == 0 or plot.width <= 0 or plot.height <= 0 or rect.width <= 0:
            return pygame.Rect(rect.topleft, (0, 0))
        clip = surface.get_clip()
        surface.set_clip(rect.clip(clip))
        try:
            return self._draw_marker(surface, int(marker_step), palette, texts).clip(rect)
        finally:
            surface.set_clip(clip)

    def _paint_layer(self, like: pygame.Surface, palette: Palette, texts: TextCache) -> pygame.Surface:
        """Paint everything but the marker onto a surface the size of the rect (a cache of pixels,
        not of state: the same frame, curve and palette always give the same layer): the curve over
        a copy of the frame's own layer, which is painted again only for another frame or palette."""
        frame = self._frame
        shows = self._axes_layer_for
        if self._axes_layer is None or shows is None or shows[0] is not frame or shows[1] != palette:
            self._axes_layer = self._paint_axes(like, palette, texts)
            self._axes_layer_for = (frame, palette)
        reuse = self._layer is not None and self._layer.get_size() == self._rect.size
        layer = self._layer if reuse else pygame.Surface(self._rect.size, 0, like)  # repaint, do not reallocate
        points, painted = self._curve.points, self._painted
        if reuse and painted is not None and painted[0] is frame and painted[1] == palette:
            # only where the curve moved: the axes, the curve and the texts over it, all clipped alike
            layer.set_clip(curve_change(painted[2], points, self.style.line_width))
        self._painted = (frame, palette, points)
        layer.blit(self._axes_layer, (0, 0))
        if len(points) >= 2:
            pygame.draw.lines(layer, getattr(palette, self.curve_role), False, points, self.style.line_width)
            local = [clear.move(-self._rect.x, -self._rect.y) for clear in frame.keep_clear]
            paint_over(layer, [t for t in frame.texts if any(r.collidepoint(t.pos) for r in local)], palette, texts)
        layer.set_clip(None)
        return layer

    def _paint_axes(self, like: pygame.Surface, palette: Palette, texts: TextCache) -> pygame.Surface:
        """Background, grid, reference line, axes and texts: the layer without its curve."""
        frame = self._frame
        reuse = self._axes_layer is not None and self._axes_layer.get_size() == self._rect.size
        layer = self._axes_layer if reuse else pygame.Surface(self._rect.size, 0, like)
        layer.fill(palette.panel)
        paint_lines(layer, frame.grid, frame.limit, frame.axes, palette, palette.limit)
        paint_texts(layer, frame.texts, palette, texts)
        return layer

    def _draw_marker(self, surface: pygame.Surface, step: int, palette: Palette, texts: TextCache) -> pygame.Rect:
        s, plot = self.style, self._frame.plot
        if self.end_label and self._timeline is None and step >= self.n:
            return self._draw_end(surface, palette, texts)
        t = min(max(step, 0), self.known - 1)
        x, y, label = self._marker_at(t, palette, texts)
        area = pygame.Rect(x, y, 0, 0)
        top = plot.top
        for clear in sorted(self._frame.keep_clear, key=lambda r: r.top):  # the line passes behind a label
            if clear.left - 1 <= x <= clear.right and clear.bottom > top:
                if clear.top > top:
                    area.union_ip(pygame.draw.line(surface, palette.marker, (x, top), (x, clear.top - 2)))
                top = clear.bottom + 1
        if top < plot.bottom:
            area.union_ip(pygame.draw.line(surface, palette.marker, (x, top), (x, plot.bottom - 1)))
        dot = pygame.draw.circle(surface, palette.marker, (x, y), s.marker_radius)
        area.union_ip(dot)
        for clear in self._frame.keep_clear:  # and so does the dot, where the curve runs along a label
            if self._layer is not None and dot.colliderect(clear):
                surface.blit(self._layer, clear, clear.move(-self._rect.x, -self._rect.y))
        if label is not None:
            text, (tx, ty) = label
            area.union_ip(surface.fill(palette.panel, (tx - 2, ty, text.get_width() + 4, text.get_height())))
            surface.blit(text, (tx, ty))
        return area

    def _draw_end(self, surface: pygame.Surface, palette: Palette, texts: TextCache) -> pygame.Rect:
        """The marker once the run is over: a line at the axis' end, where the last step's span
        ends, and `end_label` beside it; no dot, since no rate is in use there."""
        plot = self._frame.plot
        x = plot.right - 1
        area = pygame.draw.line(surface, palette.marker, (x, plot.top), (x, plot.bottom - 1))
        if self._frame.labelled:  # beside the line's middle, off the curve if it can (not on the limit's note)
            text = texts.render(self.end_label, self.style.value_size, palette.text)
            at = self._value_label_pos(x, plot.centery, text.get_size())
            area.union_ip(surface.fill(palette.panel, (at[0] - 2, at[1], text.get_width() + 4, text.get_height())))
            surface.blit(text, at)
        return area

    def _marker_at(self, t: int, palette: Palette, texts: TextCache) -> tuple:
        """The marker's dot and its number with their places: worked out once per step and build
        (a frame between two steps draws the same marker)."""
        key = (self.builds, t, palette, self.value_prefix)
        if key != self._marker_key:
            x, y = self.x_of(t), self.y_of(self._vals[t])
            label = None
            if self._frame.labelled:
                text = texts.render(self.value_prefix + sig4(self._raw[t]), self.style.value_size, palette.text)
                at = self._value_label_pos(x, y, text.get_size())
                label = None if at is None else (text, at)
            self._marker, self._marker_key = (x, y, label), key
        return self._marker

    def _value_label_pos(self, x: int, y: int, size: tuple[int, int]) -> Point | None:
        """Where the marker's number goes: beside the dot, inside the plot (not over the title or
        the ticks), off the texts inside the plot, and off the curve if it can; None if no place
        is off those texts.

        Tries above-right, below-right, above-left, below-left of the dot (right first, so the
        number does not jump sides as the marker moves), then higher up on either side (at epoch 0
        a rising curve runs right through the places beside the dot), each moved above or below a
        text inside the plot it would cover, and keeps the first that covers no pixel column of the
        curve, else the one covering fewest.
        """
        s, plot, (w, h) = self.style, self._frame.plot, size
        if w + 4 > plot.width or h > plot.height:
            return None
        r, gap = s.marker_radius, s.pad
        columns = []
        for side in (1, -1):
            tx = x + r + gap if side > 0 else x - r - gap - w
            if not ((side > 0 and tx + w > plot.right) or (side < 0 and tx < plot.left)):
                columns.append(min(max(tx, plot.left + 2), plot.right - w - 2))
        higher = range(y - r - 2 * h, plot.top - 1, -max(h // 2, 1))
        # tried one by one as made: the first place beside the dot usually does
        places = ((cx, ty) for rows in ((y - r - h, y + r + 1), higher) for cx in columns for ty in rows)
        best, best_hits = None, -1
        for cx, ty in places:
            cy = self._clear_of_texts(cx, min(max(ty, plot.top), plot.bottom - h), w, h)
            if cy is None:
                continue
            hits = self._curve_hits(pygame.Rect(cx, cy, w, h))
            if hits == 0:
                return cx, cy
            if best_hits < 0 or hits < best_hits:
                best, best_hits = (cx, cy), hits
        return best

    def _curve_rows(self) -> tuple[list[int], list[int]]:
        """The curve's top and bottom row per plot column, as lists (made once per curve): the
        marker's number checks ~50 columns a place, where plain Python beats numpy's calls (the
        reference's label asks the same, once a build)."""
        if self._rows[0] is not self._curve:
            self._rows = (self._curve, self._curve.col_top.tolist(), self._curve.col_bottom.tolist())
        return self._rows[1], self._rows[2]

    def _clear_of_texts(self, x: int, y: int, w: int, h: int) -> int | None:
        """`y`, or the nearest row above or below the plot's texts at which a label (with the
        2 px of background around it) stays inside the plot and off them; None if there is none."""
        plot, clear = self._frame.plot, self._frame.keep_clear

        def free(row: int) -> bool:
            box = pygame.Rect(x - 2, row, w + 4, h)
            return plot.top <= row <= plot.bottom - h and box.collidelist(clear) < 0

        if free(y):  # nearest of all: no need to look further
            return y
        rows = [row for c in clear for row in (c.top - h - 1, c.bottom + 1)]
        return min((row for row in rows if free(row)), key=lambda row: abs(row - y), default=None)
