"""The comparison on screen: the schedules overlaid on one chart, their balls racing each in its
own lane (`race_lanes`), a card per ball and the scoreboard. Reads a `Race`, never changes what it
means.

Slot i always looks the same (`slot_look`): its Okabe–Ito colour AND its dash pattern AND its
marker shape AND its number i+1 (in the legend, on its curve's dot, as its ball, on its card, in the
scoreboard), so no one has to tell the colours apart.

Costs: the chart's geometry (curves, dashes, ticks, legend) is built only when the comparison, the
rect, the log scale or the palette changes, and painted once into a layer; a frame blits it and
draws the step marker. The lanes' valley is drawn once per valley and size into a layer too. Only
the balls, the cards and the scoreboard's numbers are drawn per frame, with text from a TextCache.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pygame

from lrgame.engine.numfmt import sig4, tick_label
from lrgame.engine.units import unit_words
from lrgame.look.theme import DARK, Color, Palette, font, px, ui_scale
from lrgame.sim.race import Race, Scoreboard
from lrgame.view.axis import Axis, StepAxis, clamped, whole_ticks
from lrgame.view.cards import draw_card
from lrgame.view.chart import (
    END_LABEL,
    ChartStyle,
    ChartText,
    LayeredChart,
    paint_lines,
    paint_over,
    paint_texts,
    shifted,
    x_tick_count,
    y_label_width,
    y_tick_marks,
    y_ticks,
)
from lrgame.view.compositor import Part
from lrgame.view.race_cards import card_words, draw_race_card_row, draw_race_cards, race_cards
from lrgame.view.race_lanes import RaceLanes
from lrgame.view.slot_look import DASHES, Point, ball_radius, draw_slot_marker, slot_colour, slot_dashes
from lrgame.view.text import TextCache, fit, text_width, wrap

SWATCH = 34
Segment = tuple[Point, Point]


def _names(label: str, lr0: str) -> tuple[str, ...]:
    """A slot's name in the scoreboard, longest first: with η₀ (when given), then without its knobs
    in brackets ("Warmup + cosine (warmup_epochs=117)" → "Warmup + cosine")."""
    short = label.split(" (")[0]
    forms = (f"{label} · η₀ {lr0}", f"{short} · η₀ {lr0}") if lr0 else ()
    return (*forms, label, short)


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


def race_tick(comparison: Race) -> str:
    """What one step t of the race is called: "epoch", or "step" (several an epoch, or a run counted in steps)."""
    return unit_words(comparison.unit, comparison.steps_per_epoch).tick


def _when(comparison: Race, t: int) -> str:
    """"epoch 30 of 100", or with several steps per epoch "step 120 of 200 (epoch 24 of 40)"; a
    race counted in steps: "step 30 of 100"."""
    s, epochs = comparison.steps_per_epoch, comparison.epochs
    return f"{race_tick(comparison)} {t} of {epochs}" if s == 1 else \
        f"step {t} of {epochs * s} (epoch {t // s} of {epochs})"


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
    label: pygame.Rect | None = None  # the limit's label (surface coordinates): curves and marker pass behind it


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
        self._tick = "epoch"  # what one step t of the race is called (`unit_words`)
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
        self._tick = race_tick(comparison)
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
        x_label = race_tick(comparison)
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
                end = plot.right - s.pad - s.marker_radius - 3  # the markers' dots at the last step stay off it
                geo.texts.append(ChartText(words, s.tick_size, "text_dim", (end - ww, ty)))
                geo.label = pygame.Rect(end - ww, ty, ww, wh)
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
            geo.lines.append(dash_segments(points, slot_dashes(i)) if len(points) >= 2 else [])

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
            self._stroke(layer, i, dash_segments([a, b], slot_dashes(i)), [a, b])
            draw_slot_marker(layer, i, ((a[0] + b[0]) // 2, a[1]), palette.panel, texts, r=px(6), number=False)
        for i in range(len(geo.lines)):
            self._stroke(layer, i, geo.lines[i], geo.solid[i])
        if geo.label is not None:  # the curves pass under the limit's label
            local = geo.label.move(-self._rect.x, -self._rect.y)
            paint_over(layer, [t for t in geo.texts if local.collidepoint(t.pos)], palette, texts)
        return layer

    def _stroke(self, layer: pygame.Surface, i: int, segments: list[Segment], points: list[Point]) -> None:
        colour, width = slot_colour(i), self.style.line_width
        if not slot_dashes(i):
            if len(points) >= 2:
                pygame.draw.lines(layer, colour, False, points, width)
            return
        for a, b in segments:
            if a == b:
                pygame.draw.circle(layer, colour, a, max(1, width // 2 + 1))
            else:
                pygame.draw.line(layer, colour, a, b, width + (1 if i % len(DASHES) == 2 else 0))

    def marker(self, t: int) -> Marker | None:
        """What the marker at step t shows (None: no plot to show it on). Two steps in one pixel
        column with the same rates give the same marker: a frame part keyed by it is repainted only
        when its pixels move."""
        geo = self._geo
        plot = geo.plot
        if geo.x.span == 0 or plot.width <= 0 or plot.height <= 0:
            return None
        over = int(t) >= geo.x.span  # every step taken: the line at the axis' end, and no rate to dot
        e = geo.x.span if over else max(int(t), 0)
        ys = [] if over else geo.y.pixels(np.array([vals[e] for vals in self._values], dtype=np.float64)).tolist()
        dots = tuple(enumerate(ys))
        words = f"│ {self._tick} {e}" + (f", {END_LABEL}" if over else "") if geo.texts else None
        return Marker(plot.right - 1 if over else self.x_of(e), dots, words)

    def draw_marker(self, surface: pygame.Surface, t: int, palette: Palette, texts: TextCache) -> None:
        """The current step: a line across the plot and a dot on each curve, with "epoch t"."""
        marker = self.marker(t)
        if marker is not None:
            self.draw_marker_line(surface, marker, palette, texts)
            self.draw_marker_words(surface, marker.words, palette, texts)

    def draw_marker_line(self, surface: pygame.Surface, marker: Marker, palette: Palette,
                         texts: TextCache) -> pygame.Rect:
        """The marker's line across the plot and its dots: the area drawn on (inside the plot)."""
        geo, s = self._geo, self.style
        plot, x, label = geo.plot, marker.x, geo.label
        if label is not None and label.left - 1 <= x <= label.right:  # the line passes behind the limit's label
            pygame.draw.line(surface, palette.marker, (x, plot.top), (x, label.top - 2))
            pygame.draw.line(surface, palette.marker, (x, label.bottom + 1), (x, plot.bottom - 1))
        else:
            pygame.draw.line(surface, palette.marker, (x, plot.top), (x, plot.bottom - 1))
        area = pygame.Rect(x, plot.top, 1, plot.h)
        clip = surface.get_clip()
        surface.set_clip(plot.clip(clip))  # a dot at the plot's foot or left edge stays off the ticks' numbers
        for i, y in marker.dots:  # the edge is drawn across the fill's border: the area reaches a little past it
            dot = draw_slot_marker(surface, i, (x, y), palette.panel, texts, r=s.marker_radius + 2, number=False)
            area.union_ip(dot.inflate(px(2) + 2, px(2) + 2))
        surface.set_clip(clip)
        return area.clip(plot)

    def draw_marker_words(self, surface: pygame.Surface, words: str | None, palette: Palette,
                          texts: TextCache) -> pygame.Rect | None:
        """The marker's "epoch t" at the right of the title row, if it fits there: where it went."""
        if words is None:
            return None
        label = texts.render(words, self.style.label_size, palette.marker_text)
        lo, hi, y = self._marker_text
        if hi - lo < label.get_width():
            return None
        return surface.blit(label, (self._rect.x + hi - label.get_width(), self._rect.y + y))

    def words_rect(self) -> pygame.Rect:
        """Where `draw_marker_words` may draw: the title row's right end, two label lines tall (the
        words' "│" reaches past a line's height), inside the chart."""
        lo, hi, y = self._marker_text
        tall = 2 * font(self.style.label_size).get_linesize()
        return pygame.Rect(self._rect.x + lo, self._rect.y + y, max(hi - lo, 0), tall).clip(self._rect)


class Marker(NamedTuple):
    """What a race chart's step marker shows: its pixel column, each curve's dot (slot, pixel row),
    and its words (None on a chart too small for texts)."""

    x: int
    dots: tuple[tuple[int, int], ...]
    words: str | None


class RaceView:
    """Draws the comparison chart, the cards, the race and the scoreboard into rects the caller gives.

    Per frame (all read-only; `comparison.catch_up(t)` belongs in the app's update):

        view.draw_chart(surface, chart_rect, comparison, t, log_scale)
        view.draw_cards(surface, card_rects, comparison, t)
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
        self.lanes = RaceLanes(palette, self.texts)

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

    def parts(self, chart_rect: pygame.Rect, card_rects: tuple[pygame.Rect, ...], comparison: Race, t: int,
              ball_t: int, log_scale: bool) -> tuple[list[Part], list[Part]]:
        """The chart and the cards as a frame's parts (`lrgame.view.compositor`), for when the race
        is drawn over another view, not as a cover: (backdrop parts, frame parts). In the backdrop
        the compared curves and the row of empty cards with their markers, repainted when the slots
        change; in the frame the step's marker, its words and each card's words, each keyed by what
        it shows, so a playing frame repaints only those whose pixels change."""
        chart, pal, texts = self.chart, self.palette, self.texts
        chart.configure(comparison, pygame.Rect(chart_rect), log_scale)
        marker = chart.marker(comparison.known(t) if len(comparison) else 0)
        cards = race_cards(comparison, ball_t, exact=False) if card_rects else ()
        row = card_rects[0].unionall(card_rects[1:]) if card_rects else pygame.Rect(0, 0, 0, 0)
        look = (pal, ui_scale())
        below = [Part("race chart", pygame.Rect(chart_rect), (chart.builds, *look),
                      lambda surface, rect, _: chart.draw_layer(surface, pal, texts)),
                 Part("race cards", row, (len(cards), *look),
                      lambda surface, rect, key: draw_race_card_row(surface, card_rects, key[0], pal, texts))]
        above = [Part(f"race card {i}", words, (card, *look),
                      lambda surface, rect, key: draw_card(surface, rect, key[0], pal, texts))
                 for i, (words, card) in enumerate(zip(card_words(card_rects, len(cards)), cards, strict=True))]
        if marker is not None:
            above += [Part("race marker", chart.plot_rect, (marker.x, marker.dots, *look),
                           lambda surface, rect, _: chart.draw_marker_line(surface, marker, pal, texts)),
                      Part("race marker words", chart.words_rect(), (marker.words, *look),
                           lambda surface, rect, key: chart.draw_marker_words(surface, key[0], pal, texts))]
        return below, above

    # ---- (b) the race and its cards ---------------------------------------------------------------

    def ball_positions(self, rect: pygame.Rect, comparison: Race, t: int, phase: float = 1.0,
                       from_t: int | None = None) -> list[Point]:
        """Each ball's centre, in its own lane of the race drawn in `rect` (see `RaceLanes`)."""
        return self.lanes.ball_positions(rect, comparison, t, phase, from_t)

    def draw_race(self, surface: pygame.Surface, rect: pygame.Rect, comparison: Race, t: int,
                  phase: float = 1.0, from_t: int | None = None) -> None:
        """Every ball in its own lane, a copy of the valley of the same size, at step t."""
        self.lanes.draw(surface, rect, comparison, t, self.chart.empty_hint, phase, from_t)

    def draw_cards(self, surface: pygame.Surface, rects: tuple[pygame.Rect, ...], comparison: Race,
                   t: int) -> None:
        """Over the run's cards: one card per ball, its rate at step t (see `race_cards`)."""
        draw_race_cards(surface, rects, comparison, t, self.palette, self.texts)

    # ---- (c) the scoreboard ---------------------------------------------------------------------

    def draw_scoreboard(self, surface: pygame.Surface, rect: pygame.Rect, comparison: Race, t: int,
                        board: Scoreboard | None = None) -> None:
        """A small table, the leader first: place, the ball's marker and label, loss now, settled at,
        η now, η₀, diverged; as two lines per ball when the rect is narrow. Then how it ranks, the
        settle rule, the η₀ sentence and what the race changed in the slots. `board` may be passed
        if the app already computed it."""
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
        surf = texts.render(fit("Scoreboard: lowest loss first", 15, w, bold=True), 15, pal.text, bold=True)
        surface.blit(surf, (x, y))
        y += surf.get_height()
        if board is not None:  # beside the title if it fits there, else under it
            w_surf = texts.render(fit(f"at {_when(comparison, board.upto)}", 13, w), 13, pal.text_dim)
            if surf.get_width() + 10 + w_surf.get_width() <= w:
                surface.blit(w_surf, (x + surf.get_width() + 10, y - w_surf.get_height()))
            else:
                surface.blit(w_surf, (x, y))
                y += w_surf.get_height()
        y += 6
        if board is None or not comparison.ready:
            for line in wrap(self.chart.empty_hint if board is None else
                             "Add at least one more schedule to race against.", 13, w, cut=True):
                surface.blit(texts.render(line, 13, pal.text_dim), (x, y))
                y += font(13).get_height()
        if board is not None:
            y = self._table(surface, x, y, w, comparison, board)
            y = self._footer(surface, x, y + 6, w, rect.bottom, comparison, board)
        surface.set_clip(clip)

    def rows(self, board: Scoreboard) -> list[tuple[int, list[tuple[str, Color]]]]:
        """Each ball's slot index and cells, in the order of the places (a tie keeps slot order)."""
        pal = self.palette
        rows = []
        for s in sorted(board.standings, key=lambda s: (s.place, s.index)):
            settled = "not yet" if s.settled_at is None else str(s.settled_at)
            rows.append((s.index, [
                (ordinal(s.place), pal.text),
                (s.label, pal.text),
                (sig4(s.loss), pal.text),
                (settled, pal.ok if s.settled_at is not None else pal.text_dim),
                (sig4(s.rate), pal.text),
                (f"{s.lr0:g}", pal.text),
                (f"at {s.diverged_at}" if s.diverged else "no", pal.danger if s.diverged else pal.text_dim),
            ]))
        return rows

    def _table(self, surface: pygame.Surface, x: int, y: int, w: int, comparison: Race,
               board: Scoreboard) -> int:
        pal, texts, size = self.palette, self.texts, 13
        f = font(size)
        unit = race_tick(comparison)
        header = ["place", "schedule", "loss now", f"settled ({unit})", "η now", "η₀", "diverged"]
        rows = self.rows(board)
        # Widths from the widest text each column may hold, so the columns do not jump as values change.
        samples = ("4th", "", "0.000e-00", "not yet", "0.000e-00", "0.0000", "at 00000")
        widths = [max(text_width(h, size), text_width(sample, size)) for h, sample in zip(header, samples, strict=True)]
        gap, r = 14, ball_radius()
        lead = 2 * r + px(8)
        label_w = w - lead - sum(widths) - gap * (len(widths) - 1)
        line_h = f.get_linesize() + 4
        if label_w >= 120:
            widths[1] = min(label_w, max(text_width(text, size) for text in [header[1], *(r[1][0] for _, r in rows)]))
            cols = [x]
            for width in widths[:-1]:
                cols.append(cols[-1] + width + (gap + lead if len(cols) == 1 else gap))  # the marker before the label
            for c, h in zip(cols, header, strict=True):
                surface.blit(texts.render(h, 12, pal.text_dim), (c, y))
            y += line_h
            for i, row in rows:
                draw_slot_marker(surface, i, (cols[1] - lead + r + px(2), y + line_h // 2 - 2), pal.panel, texts)
                for k, ((text, colour), c) in enumerate(zip(row, cols, strict=True)):
                    shown = fit(text, size, widths[1]) if k == 1 else text
                    surface.blit(texts.render(shown, size, colour), (c, y))
                y += line_h + 2
            return y
        # Narrow: two lines per ball, its place on the right of the first.
        show_lr0 = bool(board.lr0_note)
        for i, row in rows:
            (place, _), (label, _), (loss, _), (settled, s_col), _, (lr0, _), (div, d_col) = row
            draw_slot_marker(surface, i, (x + r, y + line_h - 2), pal.panel, texts)
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
        lines: list[tuple[str, Color]] = [(line, pal.text_dim) for rule in (board.ranking, board.rule)
                                          for line in wrap(rule, 12, w, cut=True)]
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
