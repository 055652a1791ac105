"""The momentum a schedule drives (one-cycle's and cyclic's `cycle_momentum`), drawn under the rate.

While a schedule moves the optimizer's momentum (SGD's, or Adam's β₁), the LR chart's area is shared:
the rate keeps the top, the momentum takes a strip below it, its plot pinned to the rate's pixel
columns so step t sits at the same x in both, and its axis fitted to the momentum's own range (0.85 to
0.95 would be a flat line on an axis from 0). Otherwise the rate has the whole area, as always.
"""

from __future__ import annotations

import pygame

from lrgame.look.theme import Palette, font, ui_scale
from lrgame.sim.optimizers import SGD
from lrgame.sim.simulation import Simulation
from lrgame.view.chart import ChartStyle, LineChart
from lrgame.view.text import TextCache

RATE_SHARE = 0.6  # of the area, the most the rate keeps when the momentum needs more for its labels


def strip_height(style: ChartStyle) -> int:
    """The least height that gives the momentum a labelled plot: a title row, two y ticks, the x ticks
    (as `LineChart` lays them out, with one pixel to spare)."""
    tick_h = font(style.tick_size).get_linesize()
    title_h = font(style.title_size, bold=True).get_linesize()
    return 2 * style.pad + title_h + tick_h // 2 + 3 * tick_h + style.tick_len + 1


class MomentumStrip:
    """The strip's chart, made when a run first drives the momentum and kept for the next."""

    def __init__(self, area: pygame.Rect) -> None:
        self.area = pygame.Rect(area)
        self.chart: LineChart | None = None
        self.shown = False

    def rate_rect(self, sim: Simulation) -> pygame.Rect:
        """Where the rate goes: the whole area, or the top of it while the momentum is shown."""
        if sim.momenta is None:
            return pygame.Rect(self.area)
        h = max(strip_height(ChartStyle().scaled(ui_scale())), round(self.area.h * (1 - RATE_SHARE)))
        return pygame.Rect(self.area.x, self.area.y, self.area.w, self.area.h - h)

    def configure(self, sim: Simulation, rate: LineChart) -> None:
        """Show the run's momentum under `rate` (already configured for this run), or nothing. Its
        axis is linear whatever the rate's: the momentum's range is narrow."""
        self.shown = sim.momenta is not None
        if not self.shown:
            return
        top = rate.rect.bottom
        rect = pygame.Rect(self.area.x, top, self.area.w, self.area.bottom - top)
        plot = rate.plot_rect
        symbol = "β" if isinstance(sim.settings.optimizer, SGD) else "β₁"
        title = f"Momentum {symbol}(t), set by the schedule: low while the rate is high"
        values = sim.momenta[: sim.steps]
        values.flags.writeable = False
        if self.chart is None:
            self.chart = LineChart(rect, title=title, y_label=symbol, x_label=rate.x_label, values=values,
                                   value_prefix=f"{symbol} = ", plot_x=(plot.left, plot.right), from_zero=False,
                                   curve_role="valley_line")
            self.chart.end_label = rate.end_label
        else:
            self.chart.title, self.chart.y_label, self.chart.x_label = title, symbol, rate.x_label
            self.chart.configure(values=values, rect=rect, plot_x=(plot.left, plot.right))

    @property
    def builds(self) -> int:
        return -1 if not self.shown or self.chart is None else self.chart.builds

    def draw_layer(self, surface: pygame.Surface, palette: Palette, texts: TextCache) -> None:
        if self.shown and self.chart is not None:
            self.chart.draw_layer(surface, palette, texts)

    def draw_marker(self, surface: pygame.Surface, t: int, palette: Palette, texts: TextCache) -> pygame.Rect | None:
        if not self.shown or self.chart is None:
            return None
        return self.chart.draw_marker(surface, t, palette, texts)

    def value_at(self, pos: tuple[int, int]) -> tuple[int, float] | None:
        """The step under the pointer in the strip and its momentum (tooltips)."""
        if not self.shown or self.chart is None:
            return None
        t = self.chart.step_at(pos)
        return None if t is None else (t, self.chart.value_at(t))
