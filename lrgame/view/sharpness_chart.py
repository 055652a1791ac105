"""The network's sharpness against the edge of stability, under its loss in the train view (K).

On the loss chart's epoch columns (pixel for pixel, like the loss under the LR chart): dots joined
by a line for the sharpness measured every few epochs, and the limits it is held to: 2/η(t) dashed
(gradient descent's edge of stability, which moves as the schedule moves η), and with momentum the
optimizer's own limit 2(1 + β)/η(t) dotted. For Adam it shows the preconditioned sharpness against
Adam's limit (2 + 2β₁)/((1 − β₁)·η). The y-axis is logarithmic: as a schedule decays, 2/η grows by
decades. The chart is painted into a layer when a measurement arrives, never per frame.
"""

from __future__ import annotations

import numpy as np
import pygame

from lrgame.engine.numfmt import sig4, tick_label
from lrgame.look.theme import Palette, px
from lrgame.train.sharpness import SharpnessLog
from lrgame.view.axis import Axis, StepAxis
from lrgame.view.text import TextCache, fit

SGD_TITLE = "Sharpness (the loss's sharpest curvature) and the edge of stability 2/η"
ADAM_TITLE = "Adam's sharpness, as its step sees it, and its edge (2 + 2β₁)/((1 − β₁)·η)"
WAITING = "The sharpness is measured every {every} epochs as the network trains."
DASH = 6  # design px


FAR = 4.0  # the y-axis reaches this many times above the larger of the sharpness's top and the lowest limit


def limit_columns(log: SharpnessLog, x: StepAxis) -> tuple[np.ndarray, np.ndarray]:
    """For each pixel column of the plot, 2/η and the optimizer's own limit at the first epoch it
    shows (NaN past the epochs the run has a rate for: a loss-driven schedule's are known only as
    far as it has run; inf where η = 0). One value a column, so a long run costs what a short one does."""
    run = log.run
    known = run.epochs if run.controller is None else min(run.epochs, len(run.controller.rates))
    plain, own = np.full(x.width, np.nan), np.full(x.width, np.nan)
    for c in range(max(x.width, 0)):
        t = x.step_at(x.left + c)
        if 0 <= t < known:
            plain[c], own[c] = log.limits_at(t)
    return plain, own


def chart_axes(log: SharpnessLog, plot: pygame.Rect, plot_x: tuple[int, int]) -> tuple[StepAxis, Axis]:
    """The epoch axis on the loss chart's columns, and a log axis from half the least value shown
    to FAR times the larger of the sharpness's top and the lowest limit: a limit that runs off to
    infinity as η → 0 leaves through the top edge instead of squashing the rest."""
    x = StepAxis(plot_x[0], plot_x[1] - plot_x[0], max(log.run.epochs, 1))
    measured = [p.sharpness for p in log.points if p.sharpness is not None and p.sharpness > 0]
    limits = np.concatenate(limit_columns(log, x))
    limits = limits[np.isfinite(limits) & (limits > 0)]
    shown = np.array(measured + ([float(limits.min())] if limits.size else []))
    if not shown.size:
        shown = np.array([1.0])
    y, _ = Axis.fit(np.array([shown.min() / 2, shown.max() * FAR]), log=True, whole_decades=True)
    return x, y.along(plot.bottom - 1, -(plot.h - 1))


class SharpnessChart:
    """Draws a `SharpnessLog` in a rect whose plot takes the given columns; caches its layer."""

    def __init__(self) -> None:
        self._layer: pygame.Surface | None = None
        self._key: tuple | None = None

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, log: SharpnessLog, plot_x: tuple[int, int],
             marker: int | None, palette: Palette, texts: TextCache) -> None:
        key = (id(log), len(log.points), tuple(rect), plot_x, palette)
        if key != self._key or self._layer is None:
            self._layer = self._paint(rect, log, plot_x, palette, texts)
            self._key = key
        surface.blit(self._layer, rect)
        plot = plot_area(rect, plot_x)
        if marker is not None and log.run.epochs:
            x = StepAxis(plot_x[0], plot_x[1] - plot_x[0], log.run.epochs).x(marker)
            pygame.draw.line(surface, palette.marker, (x, plot.top), (x, plot.bottom - 1))
        surface.blit(texts.render(fit(legend(log, marker), 13, rect.right - plot.left - px(8)), 13, palette.text_dim),
                     (plot.left + px(4), plot.bottom + px(4)))

    @staticmethod
    def _paint(rect: pygame.Rect, log: SharpnessLog, plot_x: tuple[int, int], palette: Palette,
               texts: TextCache) -> pygame.Surface:
        layer = pygame.Surface(rect.size)
        layer.fill(palette.panel)
        plot = plot_area(rect, plot_x).move(-rect.x, -rect.y)
        title = ADAM_TITLE if log.adam else SGD_TITLE
        layer.blit(texts.render(fit(title, 15, rect.w - px(12)), 15, palette.text), (px(6), px(4)))
        x, y = chart_axes(log, plot.move(rect.x, rect.y), plot_x)
        x = x._replace(left=x.left - rect.x)
        y = y._replace(start=y.start - rect.y)
        for v in y.ticks(max(2, plot.h // px(22))):
            row = y.pixel(v)
            pygame.draw.line(layer, palette.grid, (plot.left, row), (plot.right - 1, row))
            label = texts.render(tick_label(v), 12, palette.text_dim)
            layer.blit(label, (plot.left - px(6) - label.get_width(), row - label.get_height() // 2))
        pygame.draw.line(layer, palette.axis, (plot.left - 1, plot.top), (plot.left - 1, plot.bottom))
        pygame.draw.line(layer, palette.axis, (plot.left - 1, plot.bottom), (plot.right - 1, plot.bottom))
        plain, own = limit_columns(log, x)
        _limit_line(layer, plot, y, own if log.adam else plain, palette.limit, px(DASH))
        if log.has_momentum:
            _limit_line(layer, plot, y, own, palette.limit, px(2))
        points = [(x.x(p.epoch), y.pixel(p.sharpness)) for p in log.points if p.sharpness is not None]
        if len(points) >= 2:
            pygame.draw.lines(layer, palette.curve, False, points, px(2))
        for point in points:
            pygame.draw.circle(layer, palette.curve, point, px(3))
        return layer


def plot_area(rect: pygame.Rect, plot_x: tuple[int, int]) -> pygame.Rect:
    """The data area: the loss chart's columns, below the title, above the legend."""
    top, bottom = rect.y + px(24), rect.bottom - px(22)
    return pygame.Rect(plot_x[0], top, plot_x[1] - plot_x[0], max(0, bottom - top))


def _limit_line(layer: pygame.Surface, plot: pygame.Rect, y: Axis, limits: np.ndarray,
                colour: tuple[int, int, int], dash: int) -> None:
    """A limit per pixel column of the plot, dashed (dash = gap = `dash` px), two pixels thick;
    columns with no limit (NaN) or one above the axis (η near 0: 2/η near infinity) are left out."""
    inside = np.isfinite(limits) & (limits <= y.range[1])
    rows = y.pixels(np.where(inside, limits, 1.0)).tolist()
    for c, row in enumerate(rows):
        if inside[c] and (c // dash) % 2 == 0:
            layer.fill(colour, (plot.left + c, row, 1, 2))


def legend(log: SharpnessLog, marker: int | None) -> str:
    """What each line is, and the last measurement at or before the marker with its limits."""
    last = next((p for p in reversed(log.points) if p.sharpness is not None
                 and (marker is None or p.epoch <= marker)), None)
    if log.adam:
        lines = "dots: the sharpness Adam's steps see (P⁻¹H) · dashed: the edge where Adam turns unstable"
    else:
        lines = "dots: sharpness · dashed: 2/η" + (" · dotted: the limit with momentum" if log.has_momentum else "")
    if last is None and log.adam and log.points:
        return lines + " · none at epoch 0: Adam's scaling comes from its first steps"
    if last is None:
        return lines + " · " + WAITING.format(every=log.every)
    if log.adam:
        return lines + f" · epoch {last.epoch}: {sig4(last.sharpness)}, edge {sig4(last.limit)}"
    own = f", with momentum {sig4(last.limit)}" if log.has_momentum else ""
    return lines + f" · epoch {last.epoch}: {sig4(last.sharpness)}, 2/η {sig4(last.plain_limit)}{own}"
