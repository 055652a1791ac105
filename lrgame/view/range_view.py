"""The range test view (G): the loss against the rate on a log axis, the four rules' η₀ marked, and the
recommended one with its reason.

The rate rises exponentially, one training step per rate, so a log x-axis shows every step evenly
spaced. The plot is painted into a layer when the test has taken new steps, never per frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pygame

from lrgame.engine.numfmt import sig4, tick_label
from lrgame.look.theme import Palette, px
from lrgame.train.range_rules import LABELS, RECOMMENDED, RULES
from lrgame.train.range_test import HIGH, LOW, STEPS, RangeResult, RangeTest
from lrgame.view.axis import Axis
from lrgame.view.overlay import draw_button
from lrgame.view.text import Paragraph, TextCache, draw_paragraphs, fit, text_width

TITLE = "Find a good η₀: the learning-rate range test"
EXPLAIN = (f"From fresh weights, one training step at each rate as it climbs from {tick_label(LOW)} to "
           f"{tick_label(HIGH)}. While the rate helps, the loss falls; once it is too big, the loss shoots up. "
           "Dots: the loss after each step; the line smooths them.")


@dataclass(frozen=True)
class RangeAreas:
    """Where the range view draws inside its rect (shared by drawing, clicks and tests)."""

    chart: pygame.Rect  # axes, labels and the plot
    plot: pygame.Rect  # the data area inside the axes
    text: pygame.Rect
    button: pygame.Rect  # "set η₀ to the suggestion", shown once the test is done


TEXT_W = 460
AXIS_LABELS = ("learning rate η (log scale: each grid line is 10× the last)", "learning rate η (log scale)")


def range_areas(rect: pygame.Rect) -> RangeAreas:
    """The chart on the left; the words and the button on the right, in 45 % of the width or at
    least TEXT_W design px (big projector text), never more than half."""
    pad, left, top, right, bottom = px(10), px(52), px(30), px(16), px(44)
    chart = pygame.Rect(rect.x, rect.y, rect.w - min(max(int(rect.w * 0.45), px(TEXT_W)), rect.w // 2), rect.h)
    plot = pygame.Rect(chart.x + left, chart.y + top, chart.w - left - right, chart.h - top - bottom)
    text = pygame.Rect(chart.right + 2 * pad, rect.y + px(4), rect.right - chart.right - 2 * pad, rect.h - px(8))
    button = pygame.Rect(text.x, text.bottom - px(38), min(text.w, px(340)), px(36))
    return RangeAreas(chart, plot, text, button)


def rate_axis(plot: pygame.Rect) -> Axis:
    """The rates LOW…HIGH on a log axis across the plot's columns (rates outside it sit at its ends)."""
    return Axis(math.log10(LOW), math.log10(HIGH), log=True, start=plot.left, extent=plot.w - 1)


class RangeView:
    """Draws a `RangeTest` as it runs; caches the plot's layer per number of steps taken."""

    def __init__(self) -> None:
        self._layer: pygame.Surface | None = None
        self._layer_key: tuple | None = None
        self.result: RangeResult | None = None  # the result the layer shows

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, test: RangeTest, palette: Palette,
             texts: TextCache) -> None:
        pygame.draw.rect(surface, palette.background, rect.inflate(px(20), 0))  # over any overhanging readout text
        areas = range_areas(rect)
        key = (id(test), len(test.losses), test.done, areas.chart, palette)
        if key != self._layer_key:
            self.result = test.result()
            self._layer = self._paint(areas, self.result, test.done, palette, texts)
            self._layer_key = key
        assert self._layer is not None and self.result is not None
        surface.blit(self._layer, areas.chart)
        self._text(surface, areas, test, self.result, palette, texts)

    # ---- the plot -----------------------------------------------------------------------------------

    @staticmethod
    def _paint(areas: RangeAreas, result: RangeResult, done: bool, palette: Palette,
               texts: TextCache) -> pygame.Surface:
        """Axes, ticks, the raw and smoothed losses, and (once done) the suggestion and the minimum."""
        chart, plot = areas.chart, areas.plot.move(-areas.chart.x, -areas.chart.y)
        layer = pygame.Surface(chart.size)
        layer.fill(palette.panel)
        layer.blit(texts.render("loss after the step (lower is better)", 13, palette.text_dim), (px(6), px(6)))
        finite = np.isfinite(result.losses) & np.isfinite(result.smoothed)  # all, by the test's rule; checked anyway
        top = max(float(np.max(result.losses[finite], initial=0.0)),
                  float(np.max(result.smoothed[finite], initial=0.0)))
        loss_axis = Axis(0.0, 1.05 * top if top > 0 else 1.0, start=plot.bottom - 1, extent=-(plot.h - 1))
        rates = rate_axis(plot)
        for v in loss_axis.ticks(6):
            y = loss_axis.pixel(v)
            pygame.draw.line(layer, palette.grid, (plot.left, y), (plot.right - 1, y))
            label = texts.render(tick_label(v), 12, palette.text_dim)
            layer.blit(label, (plot.left - px(6) - label.get_width(), y - label.get_height() // 2))
        decades = range(round(math.log10(LOW)), round(math.log10(HIGH)) + 1)
        for k, x in zip(decades, rates.pixels(np.array([10.0**k for k in decades])).tolist(), strict=True):
            pygame.draw.line(layer, palette.grid, (x, plot.top), (x, plot.bottom - 1))
            label = texts.render(tick_label(10.0**k), 12, palette.text_dim)
            layer.blit(label, (x - label.get_width() // 2, plot.bottom + px(4)))
        words = next((words for words in AXIS_LABELS if text_width(words, 13) <= chart.w - px(12)), AXIS_LABELS[-1])
        axis_label = texts.render(words, 13, palette.text_dim)
        x = min(max(plot.centerx - axis_label.get_width() // 2, px(6)), chart.w - px(6) - axis_label.get_width())
        layer.blit(axis_label, (x, plot.bottom + px(22)))
        pygame.draw.line(layer, palette.axis, (plot.left - 1, plot.top), (plot.left - 1, plot.bottom))
        pygame.draw.line(layer, palette.axis, (plot.left - 1, plot.bottom), (plot.right - 1, plot.bottom))
        xs = rates.pixels(result.rates[finite]).tolist()
        for x, y in zip(xs, loss_axis.pixels(result.losses[finite]).tolist(), strict=True):
            pygame.draw.circle(layer, palette.axis, (x, y), px(2))
        line = list(zip(xs, loss_axis.pixels(result.smoothed[finite]).tolist(), strict=True))
        if len(line) >= 2:
            pygame.draw.lines(layer, palette.loss_trace, False, line, px(2))
        if done and line:
            RangeView._marks(layer, plot, result, rates, loss_axis, palette, texts)
        return layer

    @staticmethod
    def _marks(layer: pygame.Surface, plot: pygame.Rect, result: RangeResult, rates: Axis, losses: Axis,
               palette: Palette, texts: TextCache) -> None:
        """A dashed line at each rule's η₀, labelled on its own row (the recommended one in the
        suggestion's colour, drawn last so it is on top), and a dot where the smoothed loss was lowest."""
        best = int(np.argmin(result.smoothed))
        bx, by = rates.pixel(result.rates[best]), losses.pixel(result.smoothed[best])
        pygame.draw.circle(layer, palette.marker, (bx, by), px(5))
        low = texts.render("lowest", 13, palette.marker_text)
        layer.blit(low, (min(bx + px(8), plot.right - low.get_width()), by + px(6)))
        order = sorted(RULES, key=lambda name: name == RECOMMENDED)
        looks = {name: (palette.ok, 10, 2) if name == RECOMMENDED else (palette.text_dim, 6, 1) for name in RULES}
        for name in order:  # the lines first, so that no line runs through a label
            colour, dash, width = looks[name]
            x = rates.pixel(result.rules[name])
            for y in range(plot.top, plot.bottom, px(dash)):
                pygame.draw.line(layer, colour, (x, y), (x, min(y + px(dash) // 2, plot.bottom - 1)), px(width))
        for row, name in enumerate(order):
            words = f"{LABELS[name]} {rule_text(result, name)}" + (" (suggested)" if name == RECOMMENDED else "")
            label = texts.render(words, 13, looks[name][0])
            x = rates.pixel(result.rules[name])
            right_fits = x + px(6) + label.get_width() <= plot.right
            top = plot.top + px(4) + row * (label.get_height() + px(2))
            at = (x + px(6) if right_fits else x - px(6) - label.get_width(), top)
            layer.fill(palette.panel, label.get_rect(topleft=at))
            layer.blit(label, at)

    # ---- the words ----------------------------------------------------------------------------------

    @staticmethod
    def _text(surface: pygame.Surface, areas: RangeAreas, test: RangeTest, result: RangeResult, palette: Palette,
              texts: TextCache) -> None:
        paragraphs: list[Paragraph] = [(TITLE, 16, palette.text, True), (EXPLAIN, 14, palette.text_dim, False)]
        if test.done:
            rules = " · ".join(f"{LABELS[name]} {rule_text(result, name)}" for name in RULES)
            paragraphs += [(f"Suggested η₀ = {suggested_text(result)}", 18, palette.ok, True),
                           (result.reason, 14, palette.text, False),
                           (f"Dashed: the four usual rules, {rules}.", 14, palette.text_dim, False)]
        else:
            step = len(test.losses)
            paragraphs.append((f"Testing: step {step} of {STEPS}, η = {sig4(float(test.rates[min(step, STEPS - 1)]))}",
                               15, palette.text, False))
        paragraphs.append(("G or Esc closes this. T trains the network with your η₀.", 14, palette.text_dim, False))
        text = areas.text
        draw_paragraphs(surface, text.clip(text.x, text.y, text.w, areas.button.y - px(6) - text.y), paragraphs, texts)
        if test.done:
            draw_button(surface, areas.button, button_words(result, areas.button), palette, texts)


BUTTON_WORDS = ("Set η₀ (network) to {}  (Enter)", "Set η₀ (network) to {}")
"""The button's words, the first that fits: Enter and the button set the network's η₀, not the ball's."""


def button_words(result: RangeResult, button: pygame.Rect) -> str:
    """The first of BUTTON_WORDS with the suggestion that fits inside the button's border."""
    room = button.w - px(8)
    words = [text.format(suggested_text(result)) for text in BUTTON_WORDS]
    return next((w for w in words if text_width(w, 15, bold=True) <= room), fit(words[-1], 15, room, bold=True))


def suggested_text(result: RangeResult) -> str:
    """The suggestion as shown and as set: three significant digits, like the reason's numbers."""
    return f"{result.suggestion:.3g}"


def rule_text(result: RangeResult, name: str) -> str:
    """A rule's η₀ as shown, to the same three digits as the suggestion."""
    return f"{result.rules[name]:.3g}"
