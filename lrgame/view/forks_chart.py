"""The rate chart under F: what the forks run, in place of the window's schedule (which they do not
use: the trunk holds η₀, whatever the schedule). The trunk's constant η₀ over its T·S steps, and
each branch's rates from its fork on, down to 0 at its end (the chart runs on to the last branch's
end, 1.2·T·S), in the colours and numbers of the map and the panel, with a legend.

Nothing here moves while the run plays: the whole chart is one layer, painted once per set of
forks, size, theme and UI scale (`LayeredChart`), and the scene keeps it in the backdrop.
"""

from __future__ import annotations

import numpy as np
import pygame

from lrgame.engine.numfmt import tick_label
from lrgame.look.theme import Color, Palette, font, ui_scale
from lrgame.sim.cooldowns import Forked
from lrgame.view.axis import Axis, StepAxis, whole_ticks
from lrgame.view.chart import (
    ChartStyle,
    ChartText,
    LayeredChart,
    paint_lines,
    paint_texts,
    x_tick_count,
    y_label_width,
    y_tick_marks,
    y_ticks,
)
from lrgame.view.forks_view import branch_colour, column_points
from lrgame.view.text import TextCache, fit

TITLE = "Learning rates of the forks: the trunk holds η₀, each branch cools down to 0"
WAITING = "Working out the trunk and its branches …"
SWATCH = 34  # design px: a legend's line


def series(forked: Forked) -> list[tuple[int, np.ndarray]]:
    """(first step, rates from it) of the trunk, then of each branch from its fork on."""
    return [(0, forked.trunk.lr)] + [(b.at, b.path.lr[b.at :]) for b in forked.branches]


def span(forked: Forked) -> int:
    """The steps the chart's axis runs over: to the end of the trunk or of the last branch."""
    return max([len(forked.trunk.lr), *(b.end for b in forked.branches)])


def legend(forked: Forked) -> list[tuple[str, str]]:
    """(number, words) of each line: the trunk (no number), then each branch and its fork step."""
    return [("", "trunk: η₀ throughout")] + [(str(i + 1), f"forked at step {b.at}")
                                             for i, b in enumerate(forked.branches)]


def series_points(x: StepAxis, y: Axis, first: int, values: np.ndarray) -> list[tuple[int, int]]:
    """The polyline of `values[k]`, the rate of step first + k, from the first column of its first
    step to that of the step after its last, through the lowest and highest value of each column."""
    steps = np.arange(first, first + len(values) + 1)
    return column_points(x.xs(steps), y.pixels(np.append(values, values[-1:])))


class ForksChart(LayeredChart):
    """The forks' rates on one set of axes (see the module's note)."""

    def __init__(self) -> None:
        self.builds = 0
        self._rect = pygame.Rect(0, 0, 0, 0)
        self._key: tuple | None = None
        self._forked: Forked | None = None
        self.plot = pygame.Rect(0, 0, 0, 0)  # where the curves went (surface pixels), once painted

    def configure(self, forked: Forked | None, number: int, rect: pygame.Rect) -> None:
        """Paint the layer again when the forks (`number`: a new set, a new number), the rect or the
        UI scale changed."""
        key = (number, tuple(rect), ui_scale())
        if key != self._key:
            self._key, self._forked, self._rect = key, forked, pygame.Rect(rect)
            self.builds += 1

    def _paint_layer(self, like: pygame.Surface, palette: Palette, texts: TextCache) -> pygame.Surface:
        rect, forked = self._rect, self._forked
        s = ChartStyle().scaled(ui_scale())
        layer = pygame.Surface(rect.size, 0, like)
        layer.fill(palette.panel)
        left, right, y = s.pad, rect.w - s.pad, s.pad
        title_f, label_f, tick_f = font(s.title_size, bold=True), font(s.label_size), font(s.tick_size)
        words = [ChartText("η", s.label_size, "text_dim", (left, y + 2)),
                 ChartText(fit(TITLE, s.title_size, right - left - 24, bold=True), s.title_size, "text",
                           (left + 24, y), bold=True)]
        y += title_f.get_linesize() + 2
        if forked is None:
            words.append(ChartText(fit(WAITING, s.label_size, right - left - 24), s.label_size, "text_dim",
                                   (left + 24, y)))
            paint_texts(layer, words, palette, texts)
            return layer
        y = self._legend(layer, forked, left + 24, right, y, s, palette, texts) + tick_f.get_linesize() // 2
        n = span(forked)
        values = np.concatenate([v for _, v in series(forked)])
        y_axis = Axis.fit(values)[0]
        bottom = rect.h - s.pad - tick_f.get_linesize() - s.tick_len
        ticks = y_ticks(y_axis, bottom - y, tick_f.get_linesize())
        x_label = "step"
        plot_left = left + y_label_width(ticks, s) + s.tick_len + 2
        plot_right = right - label_f.size(x_label)[0] - s.pad - tick_f.size(tick_label(n))[0] // 2
        plot = pygame.Rect(plot_left, y, plot_right - plot_left, bottom - y)
        if plot.w < 8 * tick_f.get_linesize() or plot.h < 2 * tick_f.get_linesize():
            paint_texts(layer, words, palette, texts)
            return layer
        self.plot = plot.move(rect.topleft)
        x_axis = StepAxis(plot.left, plot.w, n)
        y_axis = y_axis.along(plot.bottom - 1, -(plot.h - 1))
        grid: list = []
        axes = [((plot.left - 1, plot.top), (plot.left - 1, plot.bottom)),
                ((plot.left - 1, plot.bottom), (plot.right - 1, plot.bottom))]
        y_tick_marks(pygame.Rect((0, 0), rect.size), plot, y_axis, ticks, s, grid, axes, words)
        taken = plot.left - 1000
        for t in whole_ticks(n, x_tick_count(plot.w, n, s)):
            x = x_axis.x(t) if t < n else plot.right - 1
            if x > plot.left:
                grid.append(((x, plot.top), (x, plot.bottom - 1)))
            axes.append(((x, plot.bottom), (x, plot.bottom + s.tick_len)))
            label = tick_label(t)
            w = tick_f.size(label)[0]
            if x - w // 2 >= taken:
                words.append(ChartText(label, s.tick_size, "text_dim", (x - w // 2, plot.bottom + s.tick_len + 1)))
                taken = x + w // 2 + 2 * s.pad
        words.append(ChartText(x_label, s.label_size, "text_dim",
                               (right - label_f.size(x_label)[0], plot.bottom + s.tick_len)))
        paint_lines(layer, grid, (), axes, palette, palette.text_dim)
        paint_texts(layer, words, palette, texts)
        for i, (first, rates) in enumerate(series(forked)):  # the trunk first, under its branches
            points = series_points(x_axis, y_axis, first, rates)
            pygame.draw.lines(layer, _colour(i, palette), False, points, s.line_width)
        return layer

    def _legend(self, layer: pygame.Surface, forked: Forked, x0: int, right: int, y: int, s: ChartStyle,
                palette: Palette, texts: TextCache) -> int:
        """Each line's number, its colour and its words, wrapping into rows: the height reached."""
        row_h = font(s.label_size).get_linesize()
        x = x0
        swatch = round(SWATCH * ui_scale())
        for i, (number, words) in enumerate(legend(forked)):
            num = texts.render(number, s.label_size, palette.text, bold=True) if number else None
            text = texts.render(words, s.label_size, palette.text)
            w = (num.get_width() + 4 if num else 0) + swatch + 6 + text.get_width()
            if x + w > right and x > x0:
                x, y = x0, y + row_h
            if num is not None:
                layer.blit(num, (x, y))
                x += num.get_width() + 4
            pygame.draw.line(layer, _colour(i, palette), (x, y + row_h // 2), (x + swatch, y + row_h // 2),
                             s.line_width)
            layer.blit(text, (x + swatch + 6, y))
            x += swatch + 6 + text.get_width() + 4 * s.pad
        return y + row_h


def _colour(i: int, palette: Palette) -> Color:
    """Line i's colour: the trunk's (as on the map), then each branch's."""
    return palette.text_dim if i == 0 else branch_colour(i - 1, palette)
