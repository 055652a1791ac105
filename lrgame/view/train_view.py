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
        self._regions: pygame.Surface | None = None
        self._drawn_at: tuple[int, int] | None = None  # (run id, epoch) of the cached pictures

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, run: TrainingRun, palette: Palette,
             texts: TextCache) -> None:
        pygame.draw.rect(surface, palette.background, rect.inflate(20, 0))  # over any overhanging readout text
        side = min(rect.h - 70, rect.w // 2)
        chart_rect = pygame.Rect(rect.x, rect.y + 60, rect.w - side - 16, side)
        plane = pygame.Rect(rect.right - side, rect.y + 60, side, side)
        self._refresh(run, chart_rect, plane.size)
        assert self.loss_chart is not None and self._regions is not None
        self._header(surface, rect, run, palette, texts)
        self.loss_chart.draw(surface, run.epoch - 1 if run.losses else None, palette, texts)
        surface.blit(self._regions, plane)
        self._points(surface, plane, run, palette)

    def _refresh(self, run: TrainingRun, chart_rect: pygame.Rect, plane: tuple[int, int]) -> None:
        """Rebuild the loss chart and the region picture when the run or its epoch changed."""
        key = (id(run), run.epoch)
        if self.loss_chart is None:
            self.loss_chart = LineChart(chart_rect, title="Network's training loss", y_label="loss",
                                        curve_role="loss_trace", steps=False, value_prefix="loss ")
        if key == self._drawn_at and self.loss_chart.rect == chart_rect and self._regions is not None:
            return
        self.loss_chart.configure(values=run.losses or [0.0], rect=chart_rect, log_scale=True)
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
        text, role = status(run)
        surface.blit(texts.render(text, 15, getattr(palette, role)), (rect.x + 4, rect.y + 30))


def status(run: TrainingRun) -> tuple[str, str]:
    """The line under the title and its palette colour: the last loss measured, and once the run is
    done the final loss at w_T (losses[-1] is one step earlier, before the last update)."""
    if run.diverged_at is not None:
        return f"DIVERGED at epoch {run.diverged_at}: the rate was too big and the loss blew up. Lower η₀.", "danger"
    if run.final_loss is not None and run.final_accuracy is not None:
        return (f"epoch {run.epochs} of {run.epochs} · final loss {sig4(run.final_loss)} · "
                f"accuracy {100 * run.final_accuracy:.1f} %  (done)"), "text"
    if run.losses:
        return (f"epoch {len(run.losses) - 1} of {run.epochs} · loss {sig4(run.losses[-1])} · "
                f"accuracy {100 * run.accuracies[-1]:.1f} %"), "text"
    return "T starts training; it runs a few epochs every frame", "text_dim"
