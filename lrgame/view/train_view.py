"""The train view (T): a real network learning under the schedule, drawn over the valley area.

Top: the training loss, on the LR chart's epoch axis (0…T, pixel for pixel under it, so a drop
in the rate sits right above what it does to the loss). Below: the plane coloured by the class
the network predicts, with the spiral's points on top, and the run's numbers beside it. The
pictures are rebuilt only when training has moved on, never per frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from lrgame.numfmt import sig4
from lrgame.train.data import CLASSES
from lrgame.train.run import EXTENT, TrainingRun
from lrgame.view.chart import LineChart
from lrgame.view.text import TextCache, wrap
from lrgame.view.theme import OKABE_ITO, Palette

CLASS_COLOURS = np.array([OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"]], dtype=np.uint8)
GRID = 64
LEGEND = ("Colours: the class the network predicts at each point of the plane. Dots: the training "
          "points, coloured by their true class. Where a dot sits on its own colour, the network got it right.")


@dataclass(frozen=True)
class TrainAreas:
    """Where the train view draws inside its rect (shared by drawing and tests)."""

    chart: pygame.Rect  # the loss chart: as wide as the LR chart above, so their plots can line up
    plane: pygame.Rect  # the decision regions, a square
    text: pygame.Rect  # title, status and legend, right of the plane


def train_areas(rect: pygame.Rect, pad: int = 10) -> TrainAreas:
    chart = pygame.Rect(rect.x, rect.y, rect.w, max(120, int(rect.h * 0.42)))
    side = max(0, min(rect.bottom - chart.bottom - pad, rect.w // 2))
    plane = pygame.Rect(rect.x, chart.bottom + pad, side, side)
    text = pygame.Rect(plane.right + 2 * pad, plane.y, rect.right - plane.right - 2 * pad, side)
    return TrainAreas(chart, plane, text)


class TrainView:
    def __init__(self) -> None:
        self.loss_chart: LineChart | None = None
        self._regions: pygame.Surface | None = None
        self._drawn_at: tuple | None = None  # (run id, epoch, done) of the cached pictures

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, run: TrainingRun, lr_plot: pygame.Rect,
             palette: Palette, texts: TextCache) -> None:
        """`lr_plot` is the LR chart's plot area: the loss chart takes its columns."""
        pygame.draw.rect(surface, palette.background, rect.inflate(20, 0))  # over any overhanging readout text
        areas = train_areas(rect)
        self._refresh(run, areas, (lr_plot.left, lr_plot.right))
        assert self.loss_chart is not None and self._regions is not None
        self.loss_chart.draw(surface, self.loss_chart.n - 1 if self.loss_chart.n else None, palette, texts)
        surface.blit(self._regions, areas.plane)
        self._points(surface, areas.plane, run, palette)
        self._header(surface, areas.text, run, palette, texts)

    def _refresh(self, run: TrainingRun, areas: TrainAreas, plot_x: tuple[int, int]) -> None:
        """Rebuild the loss chart and the region picture when the run or its epoch changed."""
        key = (id(run), run.epoch, run.done)
        if self.loss_chart is None:
            self.loss_chart = LineChart(areas.chart, title="Network's training loss (log scale)", y_label="loss",
                                        curve_role="loss_trace", steps=False, value_prefix="loss ")
        moved = self.loss_chart.configure(rect=areas.chart, timeline=run.epochs, plot_x=plot_x)
        if key == self._drawn_at and not moved and self._regions is not None and \
                self._regions.get_size() == areas.plane.size:
            return
        trajectory = run.losses + ([] if run.final_loss is None else [run.final_loss])  # w_0 … w_T
        self.loss_chart.configure(values=trajectory, log_scale=True)
        colours = CLASS_COLOURS[run.decision_grid(GRID)]  # rows top to bottom, columns left to right
        image = pygame.surfarray.make_surface(np.ascontiguousarray(colours.transpose(1, 0, 2)))
        self._regions = pygame.transform.scale(image, areas.plane.size)
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
    def _header(surface: pygame.Surface, area: pygame.Rect, run: TrainingRun, palette: Palette,
                texts: TextCache) -> None:
        """Title, the status line and the legend, wrapped to the area beside the plane."""
        text, role = status(run)
        lines = [(line, 16, palette.text, True) for line in
                 wrap("A real network learning under this schedule (2-64-64-3, spiral data)", 16, area.w, bold=True)]
        lines += [(line, 15, getattr(palette, role), False) for line in wrap(text, 15, area.w)]
        lines += [(line, 14, palette.text_dim, False) for line in wrap(LEGEND, 14, area.w)]
        y = area.y
        for i, (line, size, colour, bold) in enumerate(lines):
            surf = texts.render(line, size, colour, bold=bold)
            if y + surf.get_height() > area.bottom:
                break
            surface.blit(surf, (area.x, y))
            y += surf.get_height() + (8 if i + 1 < len(lines) and lines[i + 1][1] != size else 2)


def status(run: TrainingRun) -> tuple[str, str]:
    """The line under the title and its palette colour: the last loss measured, and once the run is
    done the final loss at w_T (losses[-1] is one step earlier, before the last update)."""
    if run.diverged_at is not None:
        return f"DIVERGED at epoch {run.diverged_at}: the rate was too big and the loss blew up. Lower η₀.", "danger"
    if run.final_loss is not None and run.final_accuracy is not None:
        return (f"epoch {run.epochs} of {run.epochs} · final loss {sig4(run.final_loss)} · "
                f"accuracy {100 * run.final_accuracy:.1f} % (done)"), "text"
    if run.losses:
        return (f"epoch {len(run.losses) - 1} of {run.epochs} · loss {sig4(run.losses[-1])} · "
                f"accuracy {100 * run.accuracies[-1]:.1f} %"), "text"
    return "T starts training; it runs a few epochs every frame", "text_dim"
