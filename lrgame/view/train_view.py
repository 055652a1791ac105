"""The train view (T): a real network learning under the schedule, drawn over the valley area.

Left: the training loss per epoch (log scale). Right: the plane coloured by the class the network
predicts, with the spiral's points on top, refreshed as it learns. The pictures are rebuilt only
when training has moved on, never per frame.
"""

from __future__ import annotations

import numpy as np
import pygame

from lrgame.numfmt import sig4
from lrgame.train.data import CLASSES
from lrgame.train.run import EXTENT, TrainingRun
from lrgame.view.chart import LineChart
from lrgame.view.text import TextCache
from lrgame.view.theme import OKABE_ITO, Palette

CLASS_COLOURS = np.array([OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"]], dtype=np.uint8)
GRID = 64


class TrainView:
    def __init__(self) -> None:
        self.loss_chart: LineChart | None = None
        self.rate_chart: LineChart | None = None  # only when the network's loss sets its rate
        self._regions: pygame.Surface | None = None
        self._drawn_at: tuple[int, int] | None = None  # (run id, epoch) of the cached pictures

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, run: TrainingRun, palette: Palette,
             texts: TextCache) -> None:
        pygame.draw.rect(surface, palette.background, rect.inflate(20, 0))  # over any overhanging readout text
        side = min(rect.h - 70, rect.w // 2)
        chart_rect = pygame.Rect(rect.x, rect.y + 60, rect.w - side - 16, side)
        plane = pygame.Rect(rect.right - side, rect.y + 60, side, side)
        rate_rect = None
        if run.controller is not None:  # its own rate above its loss: the ball's rate at the top is not this one
            rate_rect = pygame.Rect(chart_rect.x, chart_rect.y, chart_rect.w, chart_rect.h * 2 // 5)
            chart_rect = pygame.Rect(chart_rect.x, rate_rect.bottom + 6, chart_rect.w, chart_rect.h - rate_rect.h - 6)
        self._refresh(run, chart_rect, plane.size, rate_rect)
        assert self.loss_chart is not None and self._regions is not None
        self._header(surface, rect, run, palette, texts)
        marker = run.epoch - 1 if run.losses else None
        self.loss_chart.draw(surface, marker, palette, texts)
        if rate_rect is not None and self.rate_chart is not None:
            self.rate_chart.draw(surface, marker, palette, texts)
        surface.blit(self._regions, plane)
        self._points(surface, plane, run, palette)

    def _refresh(self, run: TrainingRun, chart_rect: pygame.Rect, plane: tuple[int, int],
                 rate_rect: pygame.Rect | None) -> None:
        """Rebuild the charts and the region picture when the run or its epoch changed."""
        key = (id(run), run.epoch)
        if self.loss_chart is None:
            self.loss_chart = LineChart(chart_rect, title="Network's training loss", y_label="loss",
                                        curve_role="loss_trace", steps=False, value_prefix="loss ")
        if key == self._drawn_at and self.loss_chart.rect == chart_rect and self._regions is not None:
            return
        # Under a controller both charts span the whole run, so their epochs line up.
        span = run.epochs if rate_rect is not None else 0
        self.loss_chart.configure(values=run.losses or [0.0], rect=chart_rect, log_scale=True, span=span)
        if rate_rect is not None:
            if self.rate_chart is None:
                self.rate_chart = LineChart(rate_rect, title="Network's rate, set by its own loss", y_label="η",
                                            value_prefix="η = ")
            self.rate_chart.configure(values=run.rates[: max(run.epoch, 1)], rect=rate_rect, log_scale=True,
                                      span=span)
        colours = CLASS_COLOURS[run.decision_grid(GRID)]  # rows top to bottom, columns left to right
        image = pygame.surfarray.make_surface(np.ascontiguousarray(colours.transpose(1, 0, 2)))
        self._regions = pygame.transform.scale(image, plane)
        self._regions.set_alpha(150)
        self._drawn_at = key

    @staticmethod
    def _points(surface: pygame.Surface, plane: pygame.Rect, run: TrainingRun, palette: Palette) -> None:
        px = plane.x + (run.X[:, 0] + EXTENT) / (2 * EXTENT) * plane.w
        py = plane.y + (EXTENT - run.X[:, 1]) / (2 * EXTENT) * plane.h
        for x, y, c in zip(px.astype(int).tolist(), py.astype(int).tolist(), run.y.tolist(), strict=True):
            pygame.draw.circle(surface, tuple(CLASS_COLOURS[c % CLASSES]), (x, y), 3)
            pygame.draw.circle(surface, palette.background, (x, y), 3, 1)

    @staticmethod
    def _header(surface: pygame.Surface, rect: pygame.Rect, run: TrainingRun, palette: Palette,
                texts: TextCache) -> None:
        title = texts.render("A real network learning under this schedule (2-64-64-3, spiral data)", 16,
                             palette.text, bold=True)
        surface.blit(title, (rect.x + 4, rect.y + 4))
        if run.diverged_at is not None:
            line = (f"DIVERGED at epoch {run.diverged_at}: the rate was too big and the loss blew up. Lower η₀.",
                    palette.danger)
        elif run.losses:
            line = (f"epoch {run.epoch} · loss {sig4(run.losses[-1])} · accuracy {100 * run.accuracies[-1]:.1f} %"
                    + _rate_note(run) + ("  (done)" if run.done else ""), palette.text)
        else:
            line = ("T starts training; it runs a few epochs every frame", palette.text_dim)
        surface.blit(texts.render(line[0], 15, line[1]), (rect.x + 4, rect.y + 30))


def _rate_note(run: TrainingRun) -> str:
    """Under a loss-driven schedule the network's own loss sets its rate (not the ball's): say so."""
    plateau = run.controller
    if plateau is None:
        return ""
    cuts = len(plateau.cuts)
    return f" · its loss sets the rate: now {sig4(plateau.lr)}, cut {cuts} time{'' if cuts == 1 else 's'}"
