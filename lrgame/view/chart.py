"""A line chart of one value per epoch: the HUD's learning-rate curve and the ball's loss trace.

Layout inside the chart's rect::

    η (learning rate)         Learning-rate schedule          ↑ limit 0.1333
    0.1 ┤‾‾‾‾‾‾‾‾‾‾‾‾|
        │            |______ 0.01000
    0   ┼────────────────────────
        0     20     40    …    120   epoch
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pygame

from lrgame.engine.numfmt import sig4, tick_label
from lrgame.view.axes import column_envelope, log_ticks, nice_ticks
from lrgame.view.text import TextCache
from lrgame.look.theme import Color, Palette, font, ui_scale

CLAMP = 1e12
"""Values are clamped to ±CLAMP, ±inf become ±CLAMP and NaN +CLAMP (it counts as blown up), before
anything is measured or drawn."""
FAR_ABOVE = 4.0
"""A reference more than this many times the data's top is noted at the top edge, not drawn."""
HEADROOM = 0.05
"""Share of the y-range left free above the data (and, on a log axis, below it)."""
MAX_DECADES = 12.0
"""A log axis spans at most this many decades below the top; smaller values sit at the bottom edge."""
_FREE = 2**30
"""The pixel-row bounds of a column the curve does not reach (so a label may go there)."""

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
    fill_background: bool = True

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


class _Text(NamedTuple):
    """A string drawn at a fixed top-left position in a palette colour (named by role)."""

    text: str
    size: int
    role: str
    pos: Point
    bold: bool = False


@dataclass
class _Geometry:
    """Everything `draw` needs, in Python ints: computed by `_build`, only read by `draw`.

    `plot`, `col_top` and `col_bottom` are in surface pixels; the drawing lists (curve, grid,
    axes, limit, texts) are relative to the chart's rect, since they are painted onto its layer.
    """

    plot: pygame.Rect
    labelled: bool = False
    curve: list[Point] = field(default_factory=list)
    grid: list[Segment] = field(default_factory=list)
    axes: list[Segment] = field(default_factory=list)
    limit: list[Segment] = field(default_factory=list)
    texts: list[_Text] = field(default_factory=list)
    col_top: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    col_bottom: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    """Per plot column, the highest and lowest pixel row the curve covers (to keep text off it)."""

    def shift(self, dx: int, dy: int) -> None:
        """Move the drawing lists but the curve (made in layer pixels already) by (dx, dy)."""

        def seg(segments: list[Segment]) -> list[Segment]:
            return [((a[0] + dx, a[1] + dy), (b[0] + dx, b[1] + dy)) for a, b in segments]

        self.grid, self.axes, self.limit = seg(self.grid), seg(self.axes), seg(self.limit)
        self.texts = [t._replace(pos=(t.pos[0] + dx, t.pos[1] + dy)) for t in self.texts]


def _checked_pixels(a: np.ndarray) -> np.ndarray:
    """Float pixel coordinates → ints. The one gate: nothing non-finite gets past it to pygame."""
    a = np.asarray(a, dtype=np.float64)
    if not np.isfinite(a).all():
        raise AssertionError("chart geometry is not finite: NaN or inf would reach pygame.draw")
    return np.rint(a).astype(np.int64)


def _points(xs: np.ndarray, ys: np.ndarray, origin: Point) -> list[Point]:
    """Two int arrays of surface pixels → the Python list of (x, y) tuples, relative to `origin`
    (the layer's corner), that pygame draws fastest."""
    return list(zip((xs - origin[0]).tolist(), (ys - origin[1]).tolist(), strict=True))


def _check_timeline(timeline: int | None) -> int | None:
    if timeline is not None and (isinstance(timeline, bool) or not isinstance(timeline, int) or timeline < 1):
        raise ValueError(f"timeline={timeline!r} is not allowed: the run's T, a whole number >= 1, or None")
    return timeline


def _text_size(text: str, size: int, bold: bool = False) -> tuple[int, int]:
    return font(size, bold=bold).size(text)


def _fit(text: str, size: int, max_w: int) -> str:
    """`text`, cut short with "…" so it is at most `max_w` pixels wide ("" if not even "…" fits)."""
    if _text_size(text, size)[0] <= max_w:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if _text_size(text[:mid].rstrip() + "…", size)[0] <= max_w:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…" if lo > 0 else ""


def paint_lines(layer: pygame.Surface, geo: _Geometry, palette: Palette, limit: Color) -> None:
    """A chart's grid, reference line (in `limit`) and axes onto its layer, in that order."""
    for a, b in geo.grid:
        pygame.draw.line(layer, palette.grid, a, b)
    for a, b in geo.limit:
        pygame.draw.line(layer, limit, a, b)
    for a, b in geo.axes:
        pygame.draw.line(layer, palette.axis, a, b)


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
        rect = self._rect
        if rect.width <= 0 or rect.height <= 0:
            return
        if self._layer is None or self._layer_key != (self.builds, palette):
            self._layer = self._paint_layer(surface, palette, texts)
            self._layer_key = (self.builds, palette)
        surface.blit(self._layer, rect)

    def _paint_layer(self, like: pygame.Surface, palette: Palette, texts: TextCache) -> pygame.Surface:
        raise NotImplementedError


class LineChart(LayeredChart):
    """A chart of `values[t]` for epochs t = 0..n−1 inside a rect, with axes, ticks and a marker.

    The rule: everything costly is built once per change of its inputs (values, rect, log scale,
    reference) by `configure` (or the constructor), which turns them into cached geometry: point
    lists as Python lists of int tuples (pygame draws those ~4× faster than numpy arrays), grid,
    tick and dash segments, text strings with positions, all checked finite in one place
    (`_checked_pixels`). `draw` runs every frame and only draws that cached geometry: the first
    draw after a change (or with another palette) paints it onto a layer the size of the rect,
    and every frame blits that layer and draws the marker (a line, a dot, one cached text). It
    never looks at the data series again, so it costs the same at T = 100 and T = 1,000,000.

    The x mapping is the floor map x(t) = plot.left + t·W // n (W = plot width in pixels), so
    epoch t covers the pixels [x(t), x(t+1)). With n ≤ W each epoch gets its own span and the
    curve is drawn exactly, as steps (the rate is constant during an epoch); with n > W every
    pixel column holds several epochs and is drawn as a vertical segment from their min to their
    max, so a one-epoch peak or a step drop stays visible at any n (see `axes.column_envelope`).

    A timeline chart (`timeline=T`) shows a run's states instead of per-epoch values: its axis spans
    0..T and value t, measured at the start of epoch t (w_0 … w_T), sits at x(t) = plot.left + t·W // T,
    the left edge of epoch t's span on a chart of T per-epoch values. Pinned to that chart's plot
    columns (`plot_x`), it lines up with it pixel for pixel; a run in progress fills the left part.

    Bad input never raises at draw time: NaN/inf become finite (`CLAMP`), an empty or length-1
    series draws, a rect too small for text is drawn bare (curve and marker only), an empty rect
    draws nothing.
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
    ) -> None:
        """`curve_role` names the Palette colour of the curve ("curve", "loss_trace", …);
        `value_prefix` goes before the marker's number ("η = "); `steps=False` joins the epochs'
        values with straight lines instead of steps (for a per-epoch measurement such as loss);
        `span` makes the x-axis that many epochs long when the values are fewer (a series still
        growing, such as a loss-driven rate: the known part is drawn, the rest of the axis waits);
        `whole_decades` widens a log axis to whole powers of ten, so a series that keeps finding new
        lows (a loss) moves its axis only when it crosses one, not every epoch."""
        self.title, self.y_label, self.x_label = title, y_label, x_label
        self.style = style or ChartStyle().scaled(ui_scale())
        self.curve_role = curve_role
        self.value_prefix = value_prefix
        self.steps = steps
        self.builds = 0
        """How many times the geometry was built (tests check that draw never builds)."""
        self._rect = pygame.Rect(rect)
        self._log = bool(log_scale)
        self._reference = reference
        self._axis_len = int(span)
        self._timeline = _check_timeline(timeline)
        self._plot_x = plot_x
        self._whole_decades = whole_decades
        self._axes_for: tuple | None = None  # what the axes were last built for (see `_axes_key`)
        self._axes_builds = 0
        self._axes_layer: pygame.Surface | None = None
        self._axes_layer_key: tuple | None = None
        self._raw = np.zeros(0)
        self._grew = False  # the values last given extend the ones before (a run going on)
        self._last_column: tuple[int, int, int, int] | None = None  # see `_timeline_points`
        self._vals = self._raw
        self._y_lo, self._y_hi = 0.0, 1.0
        self._ref_mode = ""
        self._geo = _Geometry(pygame.Rect(self._rect.topleft, (0, 0)))
        self._marker: tuple = ()
        self._marker_key: tuple | None = None
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
        self._grew = (self._timeline is not None and 0 < old.size <= raw.size  # only a timeline asks (`_drawn_already`)
                      and np.array_equal(raw[: old.size], old))
        self._raw = raw
        if raw.size == 0 or (raw.min() >= -CLAMP and raw.max() <= CLAMP):  # False for any NaN or inf
            self._vals = raw
        else:
            cleaned = np.nan_to_num(raw, nan=CLAMP, posinf=CLAMP, neginf=-CLAMP)
            self._vals = np.clip(cleaned, -CLAMP, CLAMP, out=cleaned)

    @property
    def rect(self) -> pygame.Rect:
        return pygame.Rect(self._rect)

    @property
    def plot_rect(self) -> pygame.Rect:
        """The area the curve is drawn in (inside the axes)."""
        return pygame.Rect(self._geo.plot)

    @property
    def log_scale(self) -> bool:
        return self._log

    @property
    def reference(self) -> Reference | None:
        return self._reference

    @property
    def n(self) -> int:
        """Number of epochs on the x-axis: the series, or the span when that is longer."""
        return max(self._axis_len, int(self._raw.size))

    @property
    def known(self) -> int:
        """Number of epochs with a value (fewer than `n` while a series is still growing)."""
        return int(self._raw.size)

    @property
    def _span(self) -> int:
        """Epochs the x-axis divides its width into: T on a timeline, else one per value."""
        return self.n if self._timeline is None else self._timeline

    @property
    def _last_tick(self) -> int:
        """The largest epoch the x-axis labels: T on a timeline (the state after the run), else n − 1."""
        return max(self.n - 1, 0) if self._timeline is None else self._timeline

    @property
    def y_range(self) -> tuple[float, float]:
        """The values at the bottom and top edges of the plot."""
        return (10.0**self._y_lo, 10.0**self._y_hi) if self._log else (self._y_lo, self._y_hi)

    @property
    def reference_shown(self) -> str:
        """"line" if the reference is drawn as a line, "note" if noted at the top, "" if neither."""
        return self._ref_mode

    # ---- mapping --------------------------------------------------------------------------------

    def x_of(self, epoch: int) -> int:
        """Left pixel of the epoch's span (epochs outside 0..n−1 are clamped)."""
        if self.n == 0:
            return self._geo.plot.left
        return self._x(min(max(int(epoch), 0), self.n - 1))

    def _x(self, epoch: int) -> int:
        """The axis' pixel for an epoch in 0..span (the end of the axis is its last column)."""
        plot, span = self._geo.plot, self._span
        if span == 0 or plot.width == 0:
            return plot.left
        return min(plot.left + (epoch * plot.width) // span, plot.right - 1)

    def step_at(self, pos: Sequence[int]) -> int | None:
        """The epoch under a pixel, or None outside the plot area. With more epochs than pixels:
        the first epoch of that pixel column."""
        plot, n = self._geo.plot, self._span
        if self.n == 0 or not plot.collidepoint(pos):
            return None
        dx, w = int(pos[0]) - plot.left, plot.width
        e = (dx * n + w - 1) // w if n > w else ((dx + 1) * n + w - 1) // w - 1
        return min(max(e, 0), self.n - 1)

    def y_of(self, value: float) -> int:
        """Pixel row of a value (clamped to the plot; ≤ 0 on a log axis goes to the bottom edge)."""
        v = float(value)
        v = CLAMP if math.isnan(v) else min(max(v, -CLAMP), CLAMP)
        return int(self._y_pixels(np.array([v]))[0])

    def value_at(self, epoch: int) -> float:
        """The value as given (NaN stays NaN), for tooltips; epochs are clamped to the known ones."""
        if self.known == 0:
            return math.nan
        return float(self._raw[min(max(int(epoch), 0), self.known - 1)])

    def _y_pixels(self, v: np.ndarray) -> np.ndarray:
        plot = self._geo.plot
        if self._log:
            with np.errstate(divide="ignore", invalid="ignore"):
                v = np.log10(np.maximum(v, 10.0**self._y_lo))
        t = np.clip((v - self._y_lo) / (self._y_hi - self._y_lo), 0.0, 1.0)
        return _checked_pixels(plot.bottom - 1 - t * max(plot.height - 1, 0))

    # ---- building -------------------------------------------------------------------------------

    def _y_range(self) -> None:
        """Choose the y-range (log10 units on a log axis) and how the reference is shown."""
        vals, ref = self._vals, self._reference
        ref_v = float(ref.value) if ref is not None and math.isfinite(ref.value) else None
        self._ref_mode = ""
        if self._log:
            pos_min = float(np.min(vals, where=vals > 0, initial=np.inf)) if vals.size else np.inf
            top = float(vals.max()) if vals.size else 0.0
            lo, hi = (pos_min, top) if math.isfinite(pos_min) else (0.1, 1.0)
            if ref_v is not None and ref_v > 0:
                if ref_v > FAR_ABOVE * hi:
                    self._ref_mode = "note"
                else:
                    lo, hi, self._ref_mode = min(lo, ref_v), max(hi, ref_v), "line"
            l1 = math.log10(hi)
            l0 = max(math.log10(lo), l1 - MAX_DECADES)
            if self._whole_decades:
                l0, l1 = math.floor(l0), math.ceil(l1)
            if l1 - l0 < 1.0:
                mid = (l0 + l1) / 2
                l0, l1 = mid - 0.5, mid + 0.5
            margin = HEADROOM * (l1 - l0)
            self._y_lo, self._y_hi = l0 - margin, l1 + margin
            return
        lo = min(0.0, float(vals.min())) if vals.size else 0.0
        top = float(vals.max()) if vals.size else 0.0
        if top <= lo:
            top = lo + 1.0
        if ref_v is not None and ref_v > lo:
            if ref_v > FAR_ABOVE * top:
                self._ref_mode = "note"
            else:
                top, self._ref_mode = max(top, ref_v), "line"
        self._y_lo, self._y_hi = lo, top + HEADROOM * (top - lo)

    def _y_ticks(self, max_ticks: int) -> list[float]:
        if self._log:
            return log_ticks(10.0**self._y_lo, 10.0**self._y_hi, max_ticks)
        return nice_ticks(self._y_lo, self._y_hi, max_ticks)

    def _axes_key(self) -> tuple:
        """Everything the axes, ticks, texts and reference line depend on (not the curve)."""
        return (self._y_lo, self._y_hi, self._ref_mode, self._span, self._last_tick, tuple(self._rect), self._log,
                self._reference, self._plot_x, self.title, self.x_label, self.y_label)

    def _build(self) -> bool:
        """Turn the inputs into cached geometry; return whether it changed. The only place that
        does real work. When only the values changed and the axes stay as they are (a series
        growing along a fixed axis), only the curve is worked out again, and not even that when
        the new values fall on pixels it already covers."""
        s, rect = self.style, self._rect
        self._y_range()
        if self._axes_key() == self._axes_for and self._geo.plot.width > 0 and self._geo.plot.height > 0:
            if self._drawn_already():
                return False
            self.builds += 1
            self._geo.curve = self._curve_points()
            return True
        self.builds += 1
        self._axes_for = self._axes_key()
        self._axes_builds += 1
        tick_h = font(s.tick_size).get_linesize()
        title_h = font(s.title_size, bold=True).get_linesize()

        # Vertical layout first: the y ticks (and so the left margin) depend on the plot height.
        top = rect.top + s.pad + title_h + tick_h // 2
        bottom = rect.bottom - s.pad - tick_h - s.tick_len
        height = bottom - top
        y_ticks = self._y_ticks(min(6, max(2, height // (2 * tick_h) + 1))) if height > 0 else []
        y_labels = [tick_label(v) for v in y_ticks]
        label_w = max((_text_size(t, s.tick_size)[0] for t in y_labels), default=0)
        left = rect.left + s.pad + label_w + s.tick_len + 2
        last_x_label = tick_label(self._last_tick)
        x_label_w = _text_size(self.x_label, s.label_size)[0]
        right = rect.right - s.pad - x_label_w - s.pad - _text_size(last_x_label, s.tick_size)[0] // 2
        if self._plot_x is not None and rect.left <= self._plot_x[0] < self._plot_x[1] <= rect.right:
            left, right = self._plot_x
        width = right - left

        if height >= 2 * tick_h and width >= 8 * tick_h:
            self._geo = _Geometry(pygame.Rect(left, top, width, height), labelled=True)
        else:  # too small for text: the curve alone, just inside the rect
            bare = rect.inflate(-2, -2) if rect.width > 2 and rect.height > 2 else rect
            self._geo = _Geometry(pygame.Rect(bare.left, bare.top, max(bare.width, 0), max(bare.height, 0)))
        geo = self._geo
        if geo.plot.width <= 0 or geo.plot.height <= 0:
            return True
        geo.curve = self._curve_points()
        self._axes_and_ticks(y_ticks, y_labels)
        self._reference_geometry()
        geo.shift(-rect.x, -rect.y)
        return True

    def _curve_points(self) -> list[Point]:
        """The curve's polyline over the known epochs m ≤ n, in layer pixels; columns (surface
        pixels) it does not reach stay free."""
        plot, n, m, vals = self._geo.plot, self.n, self.known, self._vals
        w = plot.width
        free = np.full(w, _FREE, dtype=np.int64)
        self._geo.col_top, self._geo.col_bottom = free, -free
        if m == 0:
            return []
        self._last_column = None
        if self._timeline is not None:
            return self._timeline_points()
        if n > w:  # min/max per pixel column, as one zigzag: down column c, across, up column c+1, …
            mins, maxs = column_envelope(vals, w, span=n)
            cols = mins.size
            high, low = self._y_pixels(maxs), self._y_pixels(mins)
            self._geo.col_top[:cols], self._geo.col_bottom[:cols] = high, low
            even = (np.arange(cols) % 2) == 0
            ys = np.stack([np.where(even, high, low), np.where(even, low, high)], axis=1).ravel()
            xs = np.repeat(plot.left + np.arange(cols), 2)
            return _points(xs, ys, self._rect.topleft)
        ys = self._y_pixels(vals)
        edges = np.minimum(plot.left + (np.arange(n + 1) * w) // n, plot.right - 1)
        # Each column's epoch, and at a step the epoch before it too: the rows the curve covers there.
        col_epoch = ((np.arange(w) + 1) * n + w - 1) // w - 1
        reached = col_epoch < m
        col_epoch = np.minimum(col_epoch, m - 1)
        before = ys[np.maximum(col_epoch - 1, 0)]
        self._geo.col_top = np.where(reached, np.minimum(ys[col_epoch], before), free)
        self._geo.col_bottom = np.where(reached, np.maximum(ys[col_epoch], before), -free)
        if not self.steps:
            centres = np.minimum(plot.left + ((2 * np.arange(m) + 1) * w) // (2 * n), plot.right - 1)
            if m == 1:
                return _points(edges[:2], np.repeat(ys, 2), self._rect.topleft)
            return _points(centres, ys, self._rect.topleft)
        # Steps: keep only the corners (where the pixel row changes), so a staircase is a few points.
        c = np.flatnonzero(ys[1:] != ys[:-1]) + 1
        xs = np.concatenate(([edges[0]], np.repeat(edges[c], 2), [edges[m]]))
        ys = np.concatenate(([ys[0]], np.stack([ys[c - 1], ys[c]], axis=1).ravel(), [ys[m - 1]]))
        return _points(xs, ys, self._rect.topleft)

    def _timeline_points(self) -> list[Point]:
        """Value t at x(t), the left edge of epoch t's span; values sharing a pixel column become
        that column's min-to-max segment, as one zigzag (see `_curve_points`)."""
        plot = self._geo.plot
        xs = np.minimum(plot.left + (np.arange(self.known) * plot.width) // self._span, plot.right - 1)
        ys = self._y_pixels(self._vals)
        starts = np.flatnonzero(np.r_[True, xs[1:] != xs[:-1]])
        cols, high, low = xs[starts], np.minimum.reduceat(ys, starts), np.maximum.reduceat(ys, starts)
        # Rows the curve covers per plot column (from a column to the next one drawn); none past its end.
        columns = plot.left + np.arange(plot.width)
        k = np.maximum(np.searchsorted(cols, columns, side="right") - 1, 0)
        after = np.minimum(k + 1, cols.size - 1)
        past = columns > cols[-1]
        self._geo.col_top = np.where(past, np.iinfo(np.int32).max, np.minimum(high[k], high[after]))
        self._geo.col_bottom = np.where(past, np.iinfo(np.int32).min, np.maximum(low[k], low[after]))
        even = (np.arange(cols.size) % 2) == 0
        zig = np.stack([np.where(even, high, low), np.where(even, low, high)], axis=1).ravel()
        self._last_column = (self.known, int(cols[-1]), int(high[-1]), int(low[-1]))
        return _points(np.repeat(cols, 2), zig, self._rect.topleft)

    def _drawn_already(self) -> bool:
        """Do the values added since the last build land on pixels the curve already covers? A
        timeline growing inside its last column (a long run, several epochs a pixel) keeps its
        picture, and so its geometry: its axes were checked to stay before this is asked."""
        if self._timeline is None or self._last_column is None or not self._grew:
            return False
        drawn, column, top, bottom = self._last_column
        if self.known < drawn:
            return False
        plot = self._geo.plot
        new = np.minimum(plot.left + (np.arange(drawn, self.known) * plot.width) // self._span, plot.right - 1)
        rows = self._y_pixels(self._vals[drawn:])
        return bool((new == column).all() and (rows >= top).all() and (rows <= bottom).all())

    def _axes_and_ticks(self, y_ticks: list[float], y_labels: list[str]) -> None:
        geo, s, rect = self._geo, self.style, self._rect
        plot = geo.plot
        x0, x1, y0, y1 = plot.left - 1, plot.right - 1, plot.top, plot.bottom
        geo.axes = [((x0, y0), (x0, y1)), ((x0, y1), (x1, y1))]
        if not geo.labelled:
            return
        texts = geo.texts
        tick_h = font(s.tick_size).get_linesize()

        # y ticks: grid line, tick mark, label right-aligned against the axis. A plot pinned too far
        # left for its labels (`plot_x`) takes them on its right side instead, left-aligned.
        ys = self._y_pixels(np.asarray(y_ticks, dtype=np.float64)).tolist() if y_ticks else []
        widest = max((_text_size(label, s.tick_size)[0] for label in y_labels), default=0)
        right_side = x0 - s.tick_len - 2 - widest < rect.left
        for y, label in zip(ys, y_labels, strict=True):
            if y < plot.bottom - 1:
                geo.grid.append(((plot.left, y), (x1, y)))
            w, h = _text_size(label, s.tick_size)
            ty = min(max(y - h // 2, rect.top), rect.bottom - h)
            if right_side:
                geo.axes.append(((x1, y), (x1 + s.tick_len, y)))
                texts.append(_Text(label, s.tick_size, "text_dim", (x1 + s.tick_len + 2, ty)))
            else:
                geo.axes.append(((x0 - s.tick_len, y), (x0, y)))
                texts.append(_Text(label, s.tick_size, "text_dim", (x0 - s.tick_len - 2 - w, ty)))

        # x ticks: whole epochs only; labels centred under the tick, dropped if they would touch.
        x_label_w, x_label_h = _text_size(self.x_label, s.label_size)
        x_label_x = rect.right - s.pad - x_label_w
        last_label = tick_label(self._last_tick)
        per_label = _text_size(last_label, s.tick_size)[0] + 4 * s.pad
        max_ticks = min(12, max(2, plot.width // per_label + 1))
        epochs = [int(t) for t in nice_ticks(0, self._last_tick, max_ticks) if float(t).is_integer()]
        label_top = y1 + s.tick_len + 1
        taken_right = rect.left
        for e in epochs:
            x = self._x(e)
            if x > plot.left:
                geo.grid.append(((x, plot.top), (x, plot.bottom - 1)))
            geo.axes.append(((x, y1), (x, y1 + s.tick_len)))
            label = tick_label(e)
            w, _ = _text_size(label, s.tick_size)
            lx = min(max(x - w // 2, rect.left), x_label_x - s.pad - w)
            if lx >= taken_right and abs(lx + w // 2 - x) <= w:
                texts.append(_Text(label, s.tick_size, "text_dim", (lx, label_top)))
                taken_right = lx + w + 2 * s.pad
        texts.append(_Text(self.x_label, s.label_size, "text_dim", (x_label_x, label_top + (tick_h - x_label_h) // 2)))

        # Title row: y label on the left, title centred, the far-reference note on the right.
        self._title_row()

    def _title_row(self) -> None:
        geo, s, rect = self._geo, self.style, self._rect
        row_top = rect.top + s.pad
        title_h = font(s.title_size, bold=True).get_linesize()
        left, right = rect.left + s.pad, rect.right - s.pad
        gap = 3 * s.pad

        note = ""
        if self._ref_mode == "note" and self._reference is not None:
            note = f"↑ {self._reference.short} {sig4(self._reference.value)}"
        note_w, note_h = _text_size(note, s.label_size) if note else (0, 0)
        if note_w > right - left:
            note, note_w = "", 0
        if note:
            geo.texts.append(_Text(note, s.label_size, "limit", (right - note_w, row_top + (title_h - note_h) // 2)))
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
                title = _fit(title, s.title_size, right - left)
                title_x = left
        if y_label:
            geo.texts.append(_Text(y_label, s.label_size, "text_dim", (left, row_top + (title_h - ylab_h) // 2)))
        if title:
            geo.texts.append(_Text(title, s.title_size, "text", (title_x, row_top), bold=True))

    def _reference_geometry(self) -> None:
        geo, s = self._geo, self.style
        ref, plot = self._reference, geo.plot
        if self._ref_mode != "line" or ref is None:
            return
        y = self.y_of(ref.value)
        period = 2 * s.dash
        geo.limit = [((x, y), (min(x + s.dash, plot.right) - 1, y)) for x in range(plot.left, plot.right, period)]
        if not geo.labelled:
            return
        label = _fit(ref.label, s.label_size, plot.width - 2 * s.pad)
        if not label:
            return
        w, h = _text_size(label, s.label_size)
        ty = y - h - 1 if y - h - 1 >= plot.top else y + 2
        geo.texts.append(_Text(label, s.label_size, "limit", (plot.right - s.pad - w, ty)))

    # ---- drawing --------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface, marker_epoch: int | None, palette: Palette, texts: TextCache) -> None:
        """Draw the chart and a marker at `marker_epoch` (clamped to the known epochs; None: none).

        Per frame this is one blit of the chart's layer plus the marker. The layer is painted from
        the cached geometry the first time it is needed after a change (or with another palette).
        """
        self.draw_layer(surface, palette, texts)
        self.draw_marker(surface, marker_epoch, palette, texts)

    def draw_marker(self, surface: pygame.Surface, marker_epoch: int | None, palette: Palette,
                    texts: TextCache) -> pygame.Rect:
        """The marker line, dot and value at `marker_epoch`, inside the chart's rect; returns the
        area it drew on (empty when it drew nothing)."""
        rect, plot = self._rect, self._geo.plot
        if marker_epoch is None or self.known == 0 or plot.width <= 0 or plot.height <= 0 or rect.width <= 0:
            return pygame.Rect(rect.topleft, (0, 0))
        clip = surface.get_clip()
        surface.set_clip(rect.clip(clip))
        try:
            return self._draw_marker(surface, int(marker_epoch), palette, texts).clip(rect)
        finally:
            surface.set_clip(clip)

    def _paint_layer(self, like: pygame.Surface, palette: Palette, texts: TextCache) -> pygame.Surface:
        """Paint everything but the marker onto a surface the size of the rect (a cache of pixels,
        not of state: the same geometry and palette always give the same layer): the curve over a
        copy of the axes' own layer, which is painted again only when the axes were rebuilt."""
        geo, s = self._geo, self.style
        key = (self._axes_builds, palette)
        if self._axes_layer is None or self._axes_layer_key != key:
            self._axes_layer = self._paint_axes(like, palette, texts)
            self._axes_layer_key = key
        if s.fill_background:
            reuse = self._layer is not None and self._layer.get_size() == self._rect.size
            layer = self._layer if reuse else pygame.Surface(self._rect.size, 0, like)  # repaint, do not reallocate
            layer.blit(self._axes_layer, (0, 0))
        else:
            layer = self._axes_layer.copy()
        if len(geo.curve) >= 2:
            pygame.draw.lines(layer, getattr(palette, self.curve_role), False, geo.curve, s.line_width)
        return layer

    def _paint_axes(self, like: pygame.Surface, palette: Palette, texts: TextCache) -> pygame.Surface:
        """Background, grid, reference line, axes and texts: the layer without its curve."""
        geo, s = self._geo, self.style
        if s.fill_background:
            reuse = self._axes_layer is not None and self._axes_layer.get_size() == self._rect.size
            layer = self._axes_layer if reuse else pygame.Surface(self._rect.size, 0, like)
            layer.fill(palette.panel)
        else:
            layer = pygame.Surface(self._rect.size, pygame.SRCALPHA)
        paint_lines(layer, geo, palette, palette.limit)
        for t in geo.texts:
            layer.blit(texts.render(t.text, t.size, getattr(palette, t.role), bold=t.bold), t.pos)
        return layer

    def _draw_marker(self, surface: pygame.Surface, epoch: int, palette: Palette, texts: TextCache) -> pygame.Rect:
        geo, s, plot = self._geo, self.style, self._geo.plot
        e = min(max(epoch, 0), self.known - 1)
        x, y, label = self._marker_at(e, palette, texts)
        area = pygame.draw.line(surface, palette.marker, (x, plot.top), (x, plot.bottom - 1))
        area.union_ip(pygame.draw.circle(surface, palette.marker, (x, y), s.marker_radius))
        if label is not None:
            text, (tx, ty) = label
            area.union_ip(surface.fill(palette.panel, (tx - 2, ty, text.get_width() + 4, text.get_height())))
            surface.blit(text, (tx, ty))
        return area

    def _marker_at(self, e: int, palette: Palette, texts: TextCache) -> tuple:
        """The marker's dot and its number with their places: worked out once per epoch and build
        (a frame between two epochs draws the same marker)."""
        key = (self.builds, e, palette, self.value_prefix)
        if key != self._marker_key:
            x, y = self.x_of(e), self.y_of(self._vals[e])
            label = None
            if self._geo.labelled:
                text = texts.render(self.value_prefix + sig4(self._raw[e]), self.style.value_size, palette.text)
                label = (text, self._value_label_pos(x, y, text.get_size()))
            self._marker, self._marker_key = (x, y, label), key
        return self._marker

    def _value_label_pos(self, x: int, y: int, size: tuple[int, int]) -> Point:
        """Where the marker's number goes: beside the dot, inside the rect, off the curve if it can.

        Tries above-right, below-right, above-left, below-left of the dot (right first, so the
        number does not jump sides as the marker moves) and keeps the first that covers no pixel
        column of the curve, else the one covering fewest.
        """
        geo, s, rect = self._geo, self.style, self._rect
        plot, (w, h) = geo.plot, size
        r, gap = s.marker_radius, s.pad
        best, best_hits = (0, 0), -1
        for side in (1, -1):
            tx = x + r + gap if side > 0 else x - r - gap - w
            if (side > 0 and tx + w > plot.right) or (side < 0 and tx < plot.left):
                continue
            for ty in (y - r - h, y + r + 1):
                cx = min(max(tx, rect.left), rect.right - w)
                cy = min(max(ty, rect.top), rect.bottom - h)
                a, b = max(cx - plot.left, 0), max(min(cx + w - plot.left, plot.width), 0)
                top, bottom = geo.col_top[a:b], geo.col_bottom[a:b]
                hits = int(np.count_nonzero((top - s.line_width <= cy + h) & (bottom + s.line_width >= cy)))
                if hits == 0:
                    return cx, cy
                if best_hits < 0 or hits < best_hits:
                    best, best_hits = (cx, cy), hits
        if best_hits < 0:  # wider than the plot on both sides: left-aligned, above the dot
            return min(max(plot.left, rect.left), rect.right - w), min(max(y - r - h, rect.top), rect.bottom - h)
        return best
