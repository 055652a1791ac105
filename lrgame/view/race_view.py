"""The comparison on screen: the schedules overlaid on one chart, their balls racing on one valley,
and the scoreboard. Reads a `Race`, never changes what it means.

Slot i is always drawn in `SLOT_COLOURS[i]` (Okabe–Ito: blue, vermillion, bluish green, reddish
purple) AND with `DASHES[i]` (solid, dashed, dotted, dash-dot) and its number i+1 (in the legend,
on its ball, in the scoreboard), so no one has to tell the colours apart.

Costs: the chart's geometry (curves, dashes, ticks, legend) is built only when the comparison, the
rect, the log scale or the palette changes, and painted once into a layer; a frame blits it and
draws the step marker. The valley behind the race is drawn once per valley and rect into a layer
too. Only the balls and the scoreboard's numbers are drawn per frame, with text from a TextCache.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pygame

from lrgame.engine.numfmt import sig4, tick_label
from lrgame.look.theme import DARK, OKABE_ITO, Color, Palette, font, px, ui_scale
from lrgame.sim.race import Race, Scoreboard
from lrgame.sim.valley import Valley
from lrgame.view.axis import Axis, StepAxis, clamped, whole_ticks
from lrgame.view.chart import (
    ChartStyle,
    ChartText,
    LayeredChart,
    paint_lines,
    paint_texts,
    shifted,
    x_tick_count,
    y_label_width,
    y_tick_marks,
    y_ticks,
)
from lrgame.view.text import TextCache, fit, text_width, wrap
from lrgame.view.valley_view import ValleyView
from lrgame.view.viewport import Viewport

SLOT_COLOURS: tuple[Color, ...] = (
    OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"], OKABE_ITO["purple"],
)
DASHES: tuple[tuple[int, ...], ...] = ((), (12, 6), (2, 5), (12, 5, 2, 5))
"""On/off lengths in pixels along the line, per slot; () is solid."""
BALL_RADIUS = 10  # design px (see `px`)
SWATCH = 34
RACE_TITLE_H = 44
"""Pixels at the top of the race rect taken by its title lines."""
PIXEL_LIMIT = 100_000.0
"""Every coordinate handed to pygame is finite and within ±PIXEL_LIMIT."""

Point = tuple[int, int]
Segment = tuple[Point, Point]


def _stacks(centres: list[Point], away: list[bool]) -> list[list[int]]:
    """The balls drawn on top of one another, in groups of two or more slots (in slot order)."""
    near = 2 * px(BALL_RADIUS)
    groups: list[list[int]] = []
    for i, (x, y) in enumerate(centres):
        if away[i]:
            continue
        for g in groups:
            if any(abs(x - centres[j][0]) < near and abs(y - centres[j][1]) < near for j in g):
                g.append(i)
                break
        else:
            groups.append([i])
    return [sorted(g) for g in groups if len(g) > 1]


def _names(label: str, lr0: str) -> tuple[str, ...]:
    """A slot's name in the scoreboard, longest first: with η₀ (when given), then without its knobs
    in brackets ("Warmup + cosine (warmup_epochs=117)" → "Warmup + cosine")."""
    short = label.split(" (")[0]
    forms = (f"{label} · η₀ {lr0}", f"{short} · η₀ {lr0}") if lr0 else ()
    return (*forms, label, short)


def _pixels(a: np.ndarray | Sequence[float]) -> np.ndarray:
    """Float coordinates → ints, NaN and ±inf made finite: the gate before every draw call."""
    a = np.nan_to_num(np.asarray(a, dtype=np.float64), nan=0.0, posinf=PIXEL_LIMIT, neginf=-PIXEL_LIMIT)
    return np.rint(np.clip(a, -PIXEL_LIMIT, PIXEL_LIMIT)).astype(np.int64)


def dash_segments(points: Sequence[Point], pattern: Sequence[int]) -> list[Segment]:
    """The "on" pieces of a polyline under a dash pattern (on, off, on, off … pixels), walked along
    its length so the pattern runs on across corners. An empty pattern gives the whole line."""
    pts = [(float(x), float(y)) for x, y in points]
    if not pattern:
        return [(points[i], points[i + 1]) for i in range(len(points) - 1)]
    bounds = np.cumsum((0, *pattern)).tolist()
    period = bounds[-1]
    out: list[Segment] = []
    walked = 0.0
    for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
        length = math.hypot(bx - ax, by - ay)
        s = 0.0
        while s < length:
            phase = (walked + s) % period
            k = next(i for i in range(len(pattern)) if phase < bounds[i + 1])
            e = min(length, s + bounds[k + 1] - phase)
            if k % 2 == 0:
                f0, f1 = s / length, e / length
                a = (round(ax + (bx - ax) * f0), round(ay + (by - ay) * f0))
                b = (round(ax + (bx - ax) * f1), round(ay + (by - ay) * f1))
                out.append((a, b))
            s = e
        walked += length
    return out


def _simplify(xs: np.ndarray, ys: np.ndarray) -> list[Point]:
    """Drop repeated points and the middle of straight horizontal or vertical runs."""
    keep = np.ones(xs.size, dtype=bool)
    keep[1:] = (xs[1:] != xs[:-1]) | (ys[1:] != ys[:-1])
    xs, ys = xs[keep], ys[keep]
    if xs.size > 2:
        mid = ((xs[:-2] == xs[1:-1]) & (xs[1:-1] == xs[2:])) | ((ys[:-2] == ys[1:-1]) & (ys[1:-1] == ys[2:]))
        keep = np.concatenate(([True], ~mid, [True]))
        xs, ys = xs[keep], ys[keep]
    return list(zip(xs.tolist(), ys.tolist(), strict=True))


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, … 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _when(comparison: Race, t: int) -> str:
    """"epoch 30 of 100", or with several steps per epoch "step 120 of 200 (epoch 24 of 40)"."""
    s, epochs = comparison.steps_per_epoch, comparison.epochs
    return f"epoch {t} of {epochs}" if s == 1 else f"step {t} of {epochs * s} (epoch {t // s} of {epochs})"


@dataclass
class _ChartGeometry:
    """What the chart layer is painted from, in coordinates relative to the chart's rect."""

    plot: pygame.Rect  # in surface coordinates
    x: StepAxis
    y: Axis
    lines: list[list[Segment]] = field(default_factory=list)
    solid: list[list[Point]] = field(default_factory=list)
    grid: list[Segment] = field(default_factory=list)
    axes: list[Segment] = field(default_factory=list)
    limit: list[Segment] = field(default_factory=list)
    texts: list[ChartText] = field(default_factory=list)
    swatches: list[tuple[int, Point, Point]] = field(default_factory=list)


class RaceChart(LayeredChart):
    """Every slot's learning-rate curve on one set of axes, with a legend and a step marker.

    x: a `StepAxis` over the steps t = 0..T·S−1, as the LR chart's; with more steps than pixel
    columns each column shows the min..max of its steps, so a one-step spike or a drop never
    vanishes. y: an `Axis`, linear from 0, or log (values ≤ 0 sit on the bottom edge). The
    stability limit 2/f″ of the race's valley is a thin grey line when it is near the data, else a
    note in the title row.
    """

    def __init__(self) -> None:
        self.style = ChartStyle().scaled(ui_scale())
        self.builds = 0
        """How many times the geometry was built (a test checks that drawing never builds)."""
        self._key: tuple | None = None
        self._geo = _ChartGeometry(pygame.Rect(0, 0, 0, 0), StepAxis(0, 0, 0), Axis(0.0, 1.0))
        self._rect = pygame.Rect(0, 0, 0, 0)
        self._values: list[np.ndarray] = []
        self._unit = 1
        self._marker_text = (0, 0, 0)  # left and right limits and top of the marker's text, rect-relative
        self.legend: list[tuple[int, str, pygame.Rect]] = []
        """The legend as drawn: (slot index, label text, swatch rect in surface pixels)."""
        self.empty_hint = "Add two to four schedules to compare them here."

    # ---- mapping --------------------------------------------------------------------------------

    @property
    def plot_rect(self) -> pygame.Rect:
        return pygame.Rect(self._geo.plot)

    def x_of(self, t: int) -> int:
        """Left pixel of step t's span (t clamped to 0..n−1)."""
        x = self._geo.x
        return x.x(min(max(int(t), 0), x.span - 1)) if x.span else x.left

    def y_of(self, value: float) -> int:
        return self._geo.y.pixel(value)

    # ---- building -------------------------------------------------------------------------------

    def configure(self, comparison: Race, rect: pygame.Rect, log_scale: bool) -> bool:
        """Rebuild the geometry if the comparison, rect or scale changed; return whether it did."""
        key = (comparison.version, tuple(rect), bool(log_scale))
        if key == self._key:
            return False
        self._key = key
        self._rect = pygame.Rect(rect)
        self._build(comparison, bool(log_scale))
        return True

    def _build(self, comparison: Race, log: bool) -> None:
        self.builds += 1
        s, rect = self.style, self._rect
        n = comparison.steps
        self._unit = comparison.steps_per_epoch
        self._values = [clamped(c[:n]) for c in comparison.curves]
        self.legend = []
        limit = comparison.valley.stability_limit if comparison.valley is not None else None
        everything = np.concatenate(self._values) if self._values and self._values[0].size else np.zeros(0)
        y_axis, limit_mode = Axis.fit(everything, log=log, reference=limit)
        geo = self._geo = _ChartGeometry(pygame.Rect(rect.topleft, (0, 0)), StepAxis(rect.left, 0, n), y_axis)

        title_f, label_f, tick_f = font(s.title_size, bold=True), font(s.label_size), font(s.tick_size)
        tick_h = tick_f.get_linesize()
        left, right = rect.left + s.pad, rect.right - s.pad
        y = rect.top + s.pad

        # Title row: "η" on the left, the title, the far-limit note on the right.
        title = "Learning rates compared" + (" (log scale)" if log else "")
        geo.texts.append(ChartText("η", s.label_size, "text_dim", (left, y + 2)))
        note = f"↑ limit {sig4(limit)}" if limit_mode == "note" and limit is not None else ""
        note_w = label_f.size(note)[0] if note else 0
        title = fit(title, s.title_size, right - left - 24 - note_w - 3 * s.pad, bold=True)
        geo.texts.append(ChartText(title, s.title_size, "text", (left + 24, y), bold=True))
        if note:
            geo.texts.append(ChartText(note, s.label_size, "text_dim", (right - note_w, y + 2)))
        # The marker's "epoch t" goes in the title row, right-aligned, where it never hides a curve.
        title_end = left + 24 + title_f.size(title)[0] + 3 * s.pad
        marker_right = right - note_w - (3 * s.pad if note else 0)
        self._marker_text = (title_end - rect.x, marker_right - rect.x, y + 2 - rect.y)
        y += title_f.get_linesize() + 2

        # Legend: number, a swatch drawn with the slot's dash pattern, the label; wraps into rows.
        row_h = label_f.get_linesize()
        x = left + 24
        for i, slot in enumerate(comparison.slots):
            num = f"{i + 1}"
            num_w = font(s.label_size, bold=True).size(num)[0]
            text = fit(slot.label, s.label_size, max(0, right - left - 24 - num_w - SWATCH - 12))
            w = num_w + 4 + SWATCH + 6 + label_f.size(text)[0]
            if x + w > right and x > left + 24:
                x, y = left + 24, y + row_h
            geo.texts.append(ChartText(num, s.label_size, "text", (x, y), bold=True))  # the swatch has the colour
            sy = y + row_h // 2
            geo.swatches.append((i, (x + num_w + 4, sy), (x + num_w + 4 + SWATCH, sy)))
            geo.texts.append(ChartText(text, s.label_size, "text", (x + num_w + SWATCH + 10, y)))
            self.legend.append((i, text, pygame.Rect(x + num_w + 4, sy - 2, SWATCH, 5)))
            x += w + 4 * s.pad
        if not comparison.slots:
            geo.texts.append(ChartText(fit(self.empty_hint, s.label_size, right - left), s.label_size, "text_dim",
                                       (left + 24, y)))
        y += row_h + tick_h // 2

        # The plot: y ticks decide the left margin; the x label and the last tick the right one.
        top, bottom = y, rect.bottom - s.pad - tick_h - s.tick_len
        height = bottom - top
        ticks = y_ticks(y_axis, height, tick_h)
        x_label = "epoch" if comparison.steps_per_epoch == 1 else "step"
        plot_left = left + y_label_width(ticks, s) + s.tick_len + 2
        plot_right = right - label_f.size(x_label)[0] - s.pad - tick_f.size(tick_label(max(n - 1, 0)))[0] // 2
        if height < 2 * tick_h or plot_right - plot_left < 8 * tick_h:
            geo.texts.clear()
            geo.swatches.clear()
            self.legend.clear()
            bare = rect.inflate(-2, -2)
            geo.plot = pygame.Rect(bare.left, bare.top, max(bare.width, 0), max(bare.height, 0))
        else:
            geo.plot = pygame.Rect(plot_left, top, plot_right - plot_left, height)
        plot = geo.plot
        geo.x = StepAxis(plot.left, plot.width, n)
        geo.y = y_axis.along(plot.bottom - 1, -max(plot.height - 1, 0))
        if plot.width <= 0 or plot.height <= 0:
            return
        self._curves()
        if geo.texts:
            x0, y1 = plot.left - 1, plot.bottom
            geo.axes = [((x0, plot.top), (x0, y1)), ((x0, y1), (plot.right - 1, y1))]
            y_tick_marks(rect, plot, geo.y, ticks, s, geo.grid, geo.axes, geo.texts)
            self._x_ticks(x_label)
        if limit_mode == "line" and limit is not None:
            ly = self.y_of(limit)
            geo.limit = dash_segments([(plot.left, ly), (plot.right - 1, ly)], (4, 4))
            if geo.texts:
                words = fit("stability limit 2/f″", s.tick_size, plot.width // 2)
                ww, wh = tick_f.size(words)
                ty = ly - wh - 1 if ly - wh - 1 >= plot.top else ly + 2
                geo.texts.append(ChartText(words, s.tick_size, "text_dim", (plot.right - s.pad - ww, ty)))
        self._to_local()

    def _curves(self) -> None:
        """Each slot's polyline (steps when every step has its own pixels, else a min/max zigzag per
        column), and its dashes."""
        geo = self._geo
        plot, n, w = geo.plot, geo.x.span, geo.plot.width
        for i, vals in enumerate(self._values):
            if n == 0:
                points: list[Point] = []
            elif n <= w:
                ys = geo.y.pixels(vals)
                points = _simplify(np.repeat(geo.x.xs(np.arange(n + 1)), 2)[1:-1], np.repeat(ys, 2))
            else:
                lo, hi = geo.x.envelope(vals)
                top, bottom = geo.y.pixels(hi), geo.y.pixels(lo)
                flip = (np.arange(w) % 2) == 1  # down one column, up the next: one continuous line
                first, second = np.where(flip, bottom, top), np.where(flip, top, bottom)
                points = _simplify(np.repeat(plot.left + np.arange(w), 2), np.stack([first, second], 1).ravel())
            geo.solid.append(points)
            geo.lines.append(dash_segments(points, DASHES[i % len(DASHES)]) if len(points) >= 2 else [])

    def _x_ticks(self, x_label: str) -> None:
        """Whole steps; a label centred under its tick unless it would touch the one before; the x label."""
        geo, s = self._geo, self.style
        plot, tick_f, y1 = geo.plot, font(s.tick_size), geo.plot.bottom
        last = max(geo.x.span - 1, 0)
        taken = plot.left - 1000
        for t in whole_ticks(last, x_tick_count(plot.width, last, s)):
            x = self.x_of(t)
            if x > plot.left:
                geo.grid.append(((x, plot.top), (x, plot.bottom - 1)))
            geo.axes.append(((x, y1), (x, y1 + s.tick_len)))
            label = tick_label(t)
            w = tick_f.size(label)[0]
            if x - w // 2 >= taken:
                geo.texts.append(ChartText(label, s.tick_size, "text_dim", (x - w // 2, y1 + s.tick_len + 1)))
                taken = x + w // 2 + 2 * s.pad
        geo.texts.append(ChartText(x_label, s.label_size, "text_dim",
                                   (self._rect.right - s.pad - font(s.label_size).size(x_label)[0], y1 + s.tick_len)))

    def _to_local(self) -> None:
        """Shift the drawing lists from surface to layer coordinates."""
        geo, dx, dy = self._geo, -self._rect.x, -self._rect.y
        geo.lines = [shifted(lines, dx, dy) for lines in geo.lines]
        geo.solid = [[(x + dx, y + dy) for x, y in pts] for pts in geo.solid]
        geo.grid, geo.axes, geo.limit = shifted(geo.grid, dx, dy), shifted(geo.axes, dx, dy), shifted(geo.limit, dx, dy)
        geo.texts = [t._replace(pos=(t.pos[0] + dx, t.pos[1] + dy)) for t in geo.texts]
        geo.swatches = [(i, (a[0] + dx, a[1] + dy), (b[0] + dx, b[1] + dy)) for i, a, b in geo.swatches]

    # ---- drawing --------------------------------------------------------------------------------

    def _paint_layer(self, like: pygame.Surface, palette: Palette, texts: TextCache) -> pygame.Surface:
        geo = self._geo
        layer = pygame.Surface(self._rect.size, 0, like)
        layer.fill(palette.panel)
        paint_lines(layer, geo.grid, geo.limit, geo.axes, palette, palette.text_dim)
        paint_texts(layer, geo.texts, palette, texts)
        for i, a, b in geo.swatches:
            self._stroke(layer, i, dash_segments([a, b], DASHES[i % len(DASHES)]), [a, b])
        for i in range(len(geo.lines)):
            self._stroke(layer, i, geo.lines[i], geo.solid[i])
        return layer

    def _stroke(self, layer: pygame.Surface, i: int, segments: list[Segment], points: list[Point]) -> None:
        colour, width = SLOT_COLOURS[i % len(SLOT_COLOURS)], self.style.line_width
        if not DASHES[i % len(DASHES)]:
            if len(points) >= 2:
                pygame.draw.lines(layer, colour, False, points, width)
            return
        for a, b in segments:
            if a == b:
                pygame.draw.circle(layer, colour, a, max(1, width // 2 + 1))
            else:
                pygame.draw.line(layer, colour, a, b, width + (1 if i % len(DASHES) == 2 else 0))

    def draw_marker(self, surface: pygame.Surface, t: int, palette: Palette, texts: TextCache) -> None:
        """The current step: a line across the plot and a dot on each curve, with "epoch t"."""
        geo, s = self._geo, self.style
        plot = geo.plot
        if geo.x.span == 0 or plot.width <= 0 or plot.height <= 0:
            return
        e = min(max(int(t), 0), geo.x.span - 1)
        x = self.x_of(e)
        pygame.draw.line(surface, palette.marker, (x, plot.top), (x, plot.bottom - 1))
        for i, vals in enumerate(self._values):
            y = self.y_of(float(vals[e]))
            pygame.draw.circle(surface, palette.panel, (x, y), s.marker_radius + 2)
            pygame.draw.circle(surface, SLOT_COLOURS[i % len(SLOT_COLOURS)], (x, y), s.marker_radius)
        if not geo.texts:
            return
        label = texts.render(f"│ {'epoch' if self._unit == 1 else 'step'} {e}", s.label_size, palette.marker_text)
        lo, hi, y = self._marker_text
        if hi - lo >= label.get_width():
            surface.blit(label, (self._rect.x + hi - label.get_width(), self._rect.y + y))


class RaceView:
    """Draws the comparison chart, the race and the scoreboard into rects the caller gives.

    Per frame (all read-only; `comparison.catch_up(t)` belongs in the app's update):

        view.draw_chart(surface, chart_rect, comparison, t, log_scale)
        view.draw_race(surface, race_rect, comparison, t, phase)
        view.draw_scoreboard(surface, board_rect, comparison, t)

    `t` is the current scheduler step (= epoch when steps per epoch is 1), clamped to the race and
    to the part of the paths already computed; `phase` (0..1) is how far the balls are on their hop
    from step `from_t` (default t − 1) to t.
    """

    def __init__(self, palette: Palette = DARK, texts: TextCache | None = None) -> None:
        self.palette = palette
        self.texts = texts or TextCache()
        self.chart = RaceChart()
        self._valley_view = ValleyView()
        self._race_key: tuple | None = None
        self._race_layer: pygame.Surface | None = None
        self._viewport: Viewport | None = None

    # ---- (a) the chart --------------------------------------------------------------------------

    def draw_chart(self, surface: pygame.Surface, rect: pygame.Rect, comparison: Race, t: int,
                   log_scale: bool = False) -> None:
        """Every slot's LR curve on one axis (rebuilt only when something it shows changed), the
        legend and the marker at step t."""
        self.chart.configure(comparison, pygame.Rect(rect), log_scale)
        self.chart.draw_layer(surface, self.palette, self.texts)
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(rect).clip(clip))
        self.chart.draw_marker(surface, comparison.known(t) if len(comparison) else 0, self.palette, self.texts)
        surface.set_clip(clip)

    # ---- (b) the race ---------------------------------------------------------------------------

    def race_viewport(self, rect: pygame.Rect, valley: Valley) -> Viewport:
        """The valley ↔ pixel mapping of the race in `rect` (the one ValleyView uses for the valley)."""
        self._prepare_race(pygame.Rect(rect), valley)
        assert self._viewport is not None
        return self._viewport

    def _prepare_race(self, rect: pygame.Rect, valley: Valley) -> None:
        key = (valley, tuple(rect), self.palette)
        if key == self._race_key:
            return
        layer = pygame.Surface(rect.size)
        layer.fill(self.palette.background)
        local = pygame.Rect((0, 0), rect.size)
        # The valley's outline in grey: its usual green is slot 3's colour.
        quiet = self.palette._replace(valley_line=self.palette.axis)
        self._valley_view.draw_static(layer, local, valley, quiet, self.texts)
        vp = self._valley_view.viewport
        assert vp is not None
        self._viewport = Viewport(pygame.Rect(rect), vp.x_range, vp.loss_top, vp.margin, vp.floor_room)
        self._race_layer, self._race_key = layer, key

    def ball_positions(self, rect: pygame.Rect, comparison: Race, t: int, phase: float = 1.0,
                       from_t: int | None = None) -> list[Point]:
        """Each ball's centre on its hop from step `from_t` (default t − 1) to step t: x moves
        straight, a parabola lifts it (like the main ball's hop); at phase 1 the ball sits on the
        valley at the viewport point of its trajectory's x_t (centre one radius above it)."""
        valley = comparison.valley
        if valley is None:
            return []
        vp = self.race_viewport(rect, valley)
        to_t = comparison.known(t)
        start = comparison.known(to_t - 1 if from_t is None else from_t)
        p = min(max(float(phase), 0.0), 1.0) if math.isfinite(phase) else 1.0
        k = len(comparison)
        xs = np.array([comparison.x(i, start) for i in range(k)] + [comparison.x(i, to_t) for i in range(k)])
        sx, sy = vp.to_px(xs, valley.f(xs))
        (px0, px1), (py0, py1) = (sx[:k], sx[k:]), (sy[:k], sy[k:])
        lift = np.minimum(0.45 * np.abs(px1 - px0) + np.where(px1 != px0, 4.0, 0.0), vp.rect.h * 0.45)
        cx = _pixels(px0 + (px1 - px0) * p)
        cy = _pixels(py0 + (py1 - py0) * p - lift * 4.0 * p * (1.0 - p) - px(BALL_RADIUS))
        return list(zip(cx.tolist(), cy.tolist(), strict=True))

    def draw_race(self, surface: pygame.Surface, rect: pygame.Rect, comparison: Race, t: int,
                  phase: float = 1.0, from_t: int | None = None) -> None:
        """The valley (a cached layer) and one numbered ball per slot at step t."""
        rect = pygame.Rect(rect)
        valley = comparison.valley
        if valley is None:
            surface.fill(self.palette.background, rect)
            hint = self.texts.render(self.chart.empty_hint, 15, self.palette.text_dim)
            surface.blit(hint, hint.get_rect(center=rect.center))
            return
        self._prepare_race(rect, valley)
        assert self._race_layer is not None
        surface.blit(self._race_layer, rect)
        clip = surface.get_clip()
        surface.set_clip(rect.clip(clip))
        self._race_title(surface, rect, comparison)
        to_t = comparison.known(t)
        centres = self.ball_positions(rect, comparison, t, phase, from_t)
        flown = [at is not None and at <= to_t for at in (tr.diverged_at for tr in comparison.trajectories)]
        seen = rect.inflate(-2 * px(BALL_RADIUS), -2 * px(BALL_RADIUS))
        away = [flown[i] or not seen.collidepoint(c) for i, c in enumerate(centres)]
        groups = _stacks(centres, away)
        under = {i for g in groups for i in g[1:]}  # covered by the ball of the group's first slot
        for i in reversed(range(len(centres))):  # slot 1 drawn last, on top
            if away[i]:
                self._out_of_view(surface, rect, centres[i], i, "flew out" if flown[i] else "out of view")
            else:  # a ball under another is numbered by its tag, not on its face
                self._ball(surface, centres[i], i, numbered=i not in under)
        self._tags(surface, rect, centres, groups)
        surface.set_clip(clip)

    def _race_title(self, surface: pygame.Surface, rect: pygame.Rect, comparison: Race) -> None:
        race = comparison.race
        assert race is not None
        pal, x, y = self.palette, rect.x + 10, rect.y + 8
        title = self.texts.render("Race: the same valley and the same noise for every ball", 15, pal.text, bold=True)
        surface.blit(title, (x, y))
        sub = (f"{race.valley} valley, sharpness {race.sharpness:g}, noise {race.noise:g}, seed {race.seed}, "
               f"T = {race.epochs}" + (f" × {race.steps_per_epoch} steps" if race.steps_per_epoch > 1 else ""))
        line = self.texts.render(fit(sub, 13, rect.w - 20), 13, pal.text_dim)
        surface.blit(line, (x, y + title.get_height() + 2))

    def _ball(self, surface: pygame.Surface, centre: Point, i: int, *, numbered: bool = True) -> None:
        """A ball in its slot's colour around a disc of the panel's, its number in the text colour
        on that disc (a slot colour itself is too light or too dark for text to read on it)."""
        colour = SLOT_COLOURS[i % len(SLOT_COLOURS)]
        pygame.draw.circle(surface, colour, centre, px(BALL_RADIUS))
        pygame.draw.circle(surface, self.palette.background, centre, px(BALL_RADIUS), px(2))
        if numbered:
            pygame.draw.circle(surface, self.palette.panel, centre, px(BALL_RADIUS) - px(4))
            num = self.texts.render(str(i + 1), 11, self.palette.text, bold=True)
            surface.blit(num, num.get_rect(center=centre))

    def _out_of_view(self, surface: pygame.Surface, rect: pygame.Rect, centre: Point, i: int, caption: str) -> None:
        """A ball beyond the picture: drawn at the nearest place inside it, under an arrow."""
        colour = SLOT_COLOURS[i % len(SLOT_COLOURS)]
        x = min(max(centre[0], rect.x + 20), rect.right - 20)
        y = min(max(centre[1], rect.y + RACE_TITLE_H + 2 * px(BALL_RADIUS) + 14), rect.bottom - 14)
        pygame.draw.polygon(surface, colour, [(x - 9, y - px(BALL_RADIUS) - 4), (x + 9, y - px(BALL_RADIUS) - 4),
                                              (x, y - px(BALL_RADIUS) - 18)])
        self._ball(surface, (x, y), i)
        words = self.texts.render(caption, 12, self.palette.text)  # the arrow has the slot's colour
        wx = min(max(x - words.get_width() // 2, rect.x + 2), rect.right - words.get_width() - 2)
        surface.blit(words, (wx, y + px(BALL_RADIUS) + 2))

    def _tags(self, surface: pygame.Surface, rect: pygame.Rect, centres: list[Point], groups: list[list[int]]) -> None:
        """Balls on top of one another (the same schedule twice, or all at the floor) get a row of
        numbered tags above them, so every ball is accounted for."""
        for g in groups:
            size = px(16)
            width = len(g) * (size + 2) - 2
            cx = sum(centres[j][0] for j in g) // len(g)
            top = min(centres[j][1] for j in g) - px(BALL_RADIUS) - 10 - size
            left = min(max(cx - width // 2, rect.x + 2), rect.right - width - 2)
            top = max(top, rect.y + 2)
            pygame.draw.line(surface, self.palette.text_dim, (cx, top + size), (cx, top + size + 8))
            for k, j in enumerate(g):
                box = pygame.Rect(left + k * (size + 2), top, size, size)
                pygame.draw.rect(surface, self.palette.panel, box, border_radius=px(3))
                pygame.draw.rect(surface, SLOT_COLOURS[j % len(SLOT_COLOURS)], box, px(2), border_radius=px(3))
                num = self.texts.render(str(j + 1), 11, self.palette.text, bold=True)
                surface.blit(num, num.get_rect(center=box.center))

    # ---- (c) the scoreboard ---------------------------------------------------------------------

    def draw_scoreboard(self, surface: pygame.Surface, rect: pygame.Rect, comparison: Race, t: int,
                        board: Scoreboard | None = None) -> None:
        """A small table: number, label, η₀, η now, settled at, loss now, diverged, place; as two
        lines per ball when the rect is narrow. Then the settle rule, the η₀ sentence and what the
        race changed in the slots. `board` may be passed if the app already computed it."""
        rect = pygame.Rect(rect)
        pal, texts = self.palette, self.texts
        pygame.draw.rect(surface, pal.panel, rect, border_radius=6)
        if rect.w < 40 or rect.h < 30:
            return
        clip = surface.get_clip()
        surface.set_clip(rect.clip(clip))
        x, y, w = rect.x + 10, rect.y + 8, rect.w - 20
        if board is None:
            board = comparison.scoreboard(comparison.known(t)) if len(comparison) else None
        surf = texts.render("Scoreboard", 15, pal.text, bold=True)
        surface.blit(surf, (x, y))
        y += surf.get_height() + 6
        if board is not None:  # beside the heading if it fits there, else under it
            w_surf = texts.render(f"at {_when(comparison, board.upto)}", 13, pal.text_dim)
            if surf.get_width() + 10 + w_surf.get_width() <= w:
                surface.blit(w_surf, (x + surf.get_width() + 10, y - 6 - w_surf.get_height()))
            else:
                surface.blit(w_surf, (x, y - 4))
                y += w_surf.get_height() + 2
        if board is None or not comparison.ready:
            for line in wrap(self.chart.empty_hint if board is None else
                             "Add at least one more schedule to race against.", 13, w, cut=True):
                surface.blit(texts.render(line, 13, pal.text_dim), (x, y))
                y += font(13).get_height()
        if board is not None:
            y = self._table(surface, x, y, w, comparison, board)
            y = self._footer(surface, x, y + 6, w, rect.bottom, comparison, board)
        surface.set_clip(clip)

    def _cells(self, comparison: Race, board: Scoreboard) -> list[list[tuple[str, Color]]]:
        pal = self.palette
        rows = []
        for s in board.standings:
            settled = "not yet" if s.settled_at is None else str(s.settled_at)
            rows.append([
                (s.label, pal.text),
                (f"{s.lr0:g}", pal.text),
                (sig4(s.rate), pal.text),
                (settled, pal.ok if s.settled_at is not None else pal.text_dim),
                (sig4(s.loss), pal.text),
                (f"at {s.diverged_at}" if s.diverged else "no", pal.danger if s.diverged else pal.text_dim),
                (ordinal(s.place), pal.text),
            ])
        return rows

    def _table(self, surface: pygame.Surface, x: int, y: int, w: int, comparison: Race,
               board: Scoreboard) -> int:
        pal, texts, size = self.palette, self.texts, 13
        f = font(size)
        unit = "epoch" if comparison.steps_per_epoch == 1 else "step"
        header = ["schedule", "η₀", "η now", f"settled ({unit})", "loss now", "diverged", "place"]
        rows = self._cells(comparison, board)
        # Widths from the widest text each column may hold, so the columns do not jump as values change.
        fixed = [max(text_width(h, size), text_width(sample, size)) for h, sample in
                 zip(header[1:], ("0.0000", "0.0000", "not yet", "0.0000", "at 00000", "4th"), strict=True)]
        gap, lead = 14, 2 * px(BALL_RADIUS) + 8
        label_w = w - lead - sum(fixed) - gap * len(fixed)
        line_h = f.get_linesize() + 4
        if label_w >= 120:
            label_w = min(label_w, max(text_width(text, size) for text in [header[0], *(row[0][0] for row in rows)]))
            cols = [x + lead]
            for width in [label_w, *fixed[:-1]]:
                cols.append(cols[-1] + width + gap)
            for c, h in zip(cols, header, strict=True):
                surface.blit(texts.render(h, 12, pal.text_dim), (c, y))
            y += line_h
            for i, row in enumerate(rows):
                self._ball(surface, (x + px(BALL_RADIUS), y + line_h // 2 - 2), i)
                for k, ((text, colour), c) in enumerate(zip(row, cols, strict=True)):
                    shown = fit(text, size, label_w) if k == 0 else text
                    surface.blit(texts.render(shown, size, colour), (c, y))
                y += line_h + 2
            return y
        # Narrow: two lines per ball, its place on the right of the first.
        show_lr0 = bool(board.lr0_note)
        for i, row in enumerate(rows):
            (label, _), (lr0, _), _, (settled, s_col), (loss, _), (div, d_col), (place, _) = row
            self._ball(surface, (x + px(BALL_RADIUS), y + line_h - 2), i)
            place_s = texts.render(place, 12, pal.text_dim)
            surface.blit(place_s, (x + w - place_s.get_width(), y + 1))
            name_w = w - lead - place_s.get_width() - 6
            first = next((text for text in _names(label, lr0 if show_lr0 else "")
                          if text_width(text, size, bold=True) <= name_w), None)
            for line in wrap(label, size, name_w, bold=True) if first is None else [first]:  # else on more lines
                surface.blit(texts.render(line, size, pal.text, bold=True), (x + lead, y))
                y += f.get_linesize()
            y -= f.get_linesize()
            if div != "no":
                status, colour = f"diverged at {unit} {div.removeprefix('at ')}", d_col
            elif settled != "not yet":
                status, colour = f"settled at {unit} {settled}", s_col
            else:
                status, colour = "not settled yet", pal.text_dim
            loss_s = texts.render(f"loss {loss}", 12, pal.text)
            status_s = texts.render(fit(status, 12, w - lead), 12, colour)
            y += line_h - 2
            surface.blit(loss_s, (x + lead, y))
            if loss_s.get_width() + 12 + status_s.get_width() <= w - lead:
                surface.blit(status_s, (x + w - status_s.get_width(), y))
            else:
                y += status_s.get_height()
                surface.blit(status_s, (x + lead, y))
            y += line_h + 6
        return y

    def _footer(self, surface: pygame.Surface, x: int, y: int, w: int, bottom: int, comparison: Race,
                board: Scoreboard) -> int:
        pal = self.palette
        lines: list[tuple[str, Color]] = [(line, pal.text_dim) for line in wrap(board.rule, 12, w, cut=True)]
        if board.lr0_note:
            lines += [(line, pal.marker_text) for line in wrap(board.lr0_note, 13, w, cut=True)]
        same: dict[tuple[str, ...], list[str]] = {}
        for i, slot in enumerate(comparison.slots):
            if slot.adjusted:
                same.setdefault(slot.adjusted, []).append(str(i + 1))
        for adjusted, who in same.items():
            text = f"{', '.join(who)} race{'s' if len(who) == 1 else ''} on slot 1's terms: " + "; ".join(adjusted)
            lines += [(line, pal.text_dim) for line in wrap(text, 12, w, cut=True)]
        for text, colour in lines:
            surf = self.texts.render(text, 13 if colour == pal.marker_text else 12, colour)
            if y + surf.get_height() > bottom - 4:
                break
            surface.blit(surf, (x, y))
            y += surf.get_height() + 1
        return y
