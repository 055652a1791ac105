"""The train view (T): a real network learning under the schedule, drawn over the valley area.

The network keeps the run's clock: at the run's epoch t it has trained t epochs, as the ball has
taken t steps, so the view, the cards and the charts all name one epoch (`TrainMode` trains it
there). Top: the training loss up to epoch t, on the LR chart's epoch axis (0…T, pixel for pixel
under it, so a drop in the rate sits right above what it does to the loss). Below: the plane
coloured by the class the network predicts, with the spiral's points on top, and the run's
numbers beside it. The pictures are rebuilt only when training has moved on, never per frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from lrgame.engine.numfmt import sig4
from lrgame.engine.units import unit_words
from lrgame.look.theme import OKABE_ITO, Palette, font, px
from lrgame.sim.simulation import Simulation
from lrgame.train.data import CLASSES
from lrgame.train.run import EXTENT, TrainingRun
from lrgame.view.chart import LineChart
from lrgame.view.overlay import draw_button
from lrgame.view.text import TextCache, draw_paragraphs, fit_paragraphs

CLASS_COLOURS = np.array([OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"]], dtype=np.uint8)
GRID = 64
BUTTONS = {"range": "Find a good η₀ (G)", "grand": "Every schedule (Shift+T)"}
REGIONS_EVERY = 30  # epochs between two pictures of the decision regions (10 frames of training)
CHART_EVERY = 4  # pixel columns the loss curve grows between two rebuilds of its chart
LOG_ROWS = 4.5  # tick-label lines a plot must be tall for a log axis's labels to stand apart
LOSS_TITLE = "Network's training loss"
TITLE = "A real network learning under this schedule (2-64-64-3, spiral data)"
LEGEND = ("Colours: the class the network predicts at each point of the plane. Marks: the training "
          "points, coloured and shaped (circle, square, triangle) by their true class. Where a mark sits on "
          "its own colour, the network got it right.")
SHORT_TITLE = "A real network under this schedule"
SHORT_LEGEND = "Colours: the class the network predicts. Marks: the data, by their true class."


@dataclass(frozen=True)
class TrainAreas:
    """Where the train view draws inside its rect (shared by drawing and tests)."""

    chart: pygame.Rect  # the loss chart: as wide as the LR chart above, so their plots can line up
    plane: pygame.Rect  # the decision regions, a square
    text: pygame.Rect  # title, status and legend, right of the plane
    buttons: tuple[tuple[str, pygame.Rect], ...]  # ("range", …) and ("grand", …), under the text


def train_areas(rect: pygame.Rect, two_charts: bool = False) -> TrainAreas:
    """`two_charts`: the network's own rate goes above its loss (a loss-driven schedule), so the
    charts take more of the height and the plane less."""
    pad = px(10)
    chart = pygame.Rect(rect.x, rect.y, rect.w, max(px(120), int(rect.h * (0.62 if two_charts else 0.42))))
    side = max(0, min(rect.bottom - chart.bottom - pad, rect.w // 2))
    plane = pygame.Rect(rect.x, chart.bottom + pad, side, side)
    text = pygame.Rect(plane.right + 2 * pad, plane.y, rect.right - plane.right - 2 * pad, side)
    w, h = min(px(300), (text.w - pad) // 2), px(36)
    buttons = (("range", pygame.Rect(text.x, text.bottom - h, w, h)),
               ("grand", pygame.Rect(text.x + w + pad, text.bottom - h, w, h)))
    return TrainAreas(chart, plane, text, buttons)


class TrainView:
    """Caches the loss chart and the plane's picture; rebuilds each only when it would look different."""

    def __init__(self) -> None:
        self.loss_chart: LineChart | None = None
        self.rate_chart: LineChart | None = None  # only when the network's own loss sets its rate
        self._rated: tuple | None = None  # (run id, epoch, rect) the rate chart was built for
        self._picture: pygame.Surface | None = None
        self._pictured: tuple | None = None  # (run id, epoch, done, size, palette) of the picture
        self._dots: pygame.Surface | None = None
        self._dotted: tuple | None = None  # (run id, size, palette) of the dots: the data never move

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, run: TrainingRun, sim: Simulation,
             lr_plot: pygame.Rect, palette: Palette, texts: TextCache) -> None:
        """`run` trained under `sim`'s curve, shown at `sim`'s epoch; `lr_plot` is the LR chart's
        plot area: the loss chart takes its columns."""
        epoch, tick = sim.epoch, unit_words(sim.settings.unit, 1).one
        pygame.draw.rect(surface, palette.background, rect.inflate(px(20), 0))  # over any overhanging readout text
        areas = train_areas(rect, two_charts=run.controller is not None)
        plot_x, loss_area = (lr_plot.left, lr_plot.right), areas.chart
        if run.controller is not None:  # its own rate above its loss: the ball's rate at the top is not this one
            rate_area = pygame.Rect(loss_area.x, loss_area.y, loss_area.w, loss_area.h // 2)
            loss_area = pygame.Rect(loss_area.x, rate_area.bottom + px(6), loss_area.w,
                                    loss_area.h - rate_area.h - px(6))
            rates = self._rate_chart(run, epoch, tick, rate_area, plot_x)
            rates.draw(surface, rates.known - 1, palette, texts)
        chart = self._chart(run, epoch, tick, sim.playing, loss_area, plot_x)
        chart.draw(surface, chart.n - 1 if chart.n else None, palette, texts)
        surface.blit(self._plane(run, areas.plane.size, palette), areas.plane)
        self._header(surface, areas, status(run, epoch, tick), palette, texts)

    def _chart(self, run: TrainingRun, epoch: int, tick: str, playing: bool, rect: pygame.Rect,
               plot_x: tuple[int, int]) -> LineChart:
        """The loss chart up to epoch t (`tick` names its axis), rebuilt once the curve has grown by
        CHART_EVERY pixel columns, and once training has caught up with a run at rest."""
        if self.loss_chart is None:
            self.loss_chart = LineChart(rect, title=LOSS_TITLE, y_label="loss", curve_role="loss_trace", steps=False,
                                        value_prefix="loss ")
        chart = self.loss_chart
        moved = chart.configure(rect=rect, timeline=run.epochs, plot_x=plot_x)
        values = shown_losses(run, epoch)
        n = len(values)
        grown = (n - chart.n) * chart.plot_rect.w >= CHART_EVERY * run.epochs
        caught_up = n == min(epoch, run.epochs) + 1 or run.diverged_at is not None
        relabel, chart.x_label = chart.x_label != tick, tick
        if moved or relabel or n < chart.n or (n > chart.n and (grown or (caught_up and not playing))):
            log = log_fits(chart)
            chart.title = LOSS_TITLE + (" (log scale)" if log else "")
            chart.configure(values=values, log_scale=log)
        return chart

    def _rate_chart(self, run: TrainingRun, epoch: int, tick: str, rect: pygame.Rect,
                    plot_x: tuple[int, int]) -> LineChart:
        """The network's rate up to epoch t (one value per epoch trained), on the same columns as the loss."""
        if self.rate_chart is None:
            self.rate_chart = LineChart(rect, title="Network's rate, set by its own loss", y_label="η",
                                        value_prefix="η = ")
        known = max(min(run.epoch, epoch + 1), 1)
        key = (id(run), known, tuple(rect), plot_x, tick)
        if key != self._rated:
            chart = self.rate_chart
            chart.x_label = tick
            chart.configure(rect=rect, plot_x=plot_x)
            chart.configure(values=run.rates[:known], log_scale=log_fits(chart), span=run.epochs)
            self._rated = key
        return self.rate_chart

    def _plane(self, run: TrainingRun, size: tuple[int, int], palette: Palette) -> pygame.Surface:
        """The decision regions with the data on top, redrawn every REGIONS_EVERY epochs: a picture
        costs about as much as four epochs of training, and the regions change slowly."""
        key = (id(run), run.epoch, run.done, size, palette)
        last = self._pictured
        if self._picture is not None and last is not None and last[0] == key[0] and last[2:] == key[2:] \
                and run.epoch - last[1] < REGIONS_EVERY:
            return self._picture
        if self._picture is None or self._picture.get_size() != size:
            self._picture = pygame.Surface(size)
        colours = CLASS_COLOURS[run.decision_grid(GRID)]  # rows top to bottom, columns left to right
        grid = pygame.surfarray.make_surface(np.ascontiguousarray(colours.transpose(1, 0, 2)))
        regions = pygame.transform.scale(grid, size)
        regions.set_alpha(150)
        self._picture.fill(palette.background)
        self._picture.blit(regions, (0, 0))
        self._picture.blit(self._data(run, size, palette), (0, 0))
        self._pictured = key
        return self._picture

    def _data(self, run: TrainingRun, size: tuple[int, int], palette: Palette) -> pygame.Surface:
        """The training points, coloured by their true class, on a transparent surface."""
        key = (id(run), size, palette)
        if self._dots is not None and self._dotted == key:
            return self._dots
        self._dots = pygame.Surface(size, pygame.SRCALPHA)
        w, h = size
        sx = (run.X[:, 0] + EXTENT) / (2 * EXTENT) * w
        sy = (EXTENT - run.X[:, 1]) / (2 * EXTENT) * h
        for x, y, c in zip(sx.astype(int).tolist(), sy.astype(int).tolist(), run.y.tolist(), strict=True):
            _mark(self._dots, c % CLASSES, (x, y), palette)
        self._dotted = key
        return self._dots

    @staticmethod
    def _header(surface: pygame.Surface, areas: TrainAreas, line: tuple[str, str], palette: Palette,
                texts: TextCache) -> None:
        """Title, the status line and the legend beside the plane, and the range test's button."""
        text, role = line
        area = areas.text.clip(areas.text.x, areas.text.y, areas.text.w, areas.buttons[0][1].y - px(6) - areas.text.y)
        # Big text in a small window: a shorter legend, a shorter title, then the picture unexplained.
        for title, legend in ((TITLE, LEGEND), (TITLE, SHORT_LEGEND), (SHORT_TITLE, SHORT_LEGEND), (SHORT_TITLE, "")):
            paragraphs = [(title, 16, palette.text, True), (text, 15, getattr(palette, role), False)]
            paragraphs += [(legend, 14, palette.text_dim, False)] if legend else []
            if fit_paragraphs(paragraphs, area.w, area.h) is not None:
                break
        draw_paragraphs(surface, area, paragraphs, texts)
        for name, rect in areas.buttons:
            draw_button(surface, rect, BUTTONS[name], palette, texts)


def log_fits(chart: LineChart) -> bool:
    """Is the chart's plot tall enough for a log axis? Over about a decade a log axis labels 1, 2
    and 5 times each power of ten however short the plot (LineChart takes no limit on its y ticks),
    and on a projector, where text cannot shrink, those labels run into each other. A short chart
    is drawn linear instead: there the chart gives as many ticks as its height has room for."""
    return chart.plot_rect.h >= LOG_ROWS * font(chart.style.tick_size).get_linesize()


def _mark(surface: pygame.Surface, cls: int, centre: tuple[int, int], palette: Palette) -> None:
    """A training point: its class's colour AND shape (circle, square, triangle), outlined, so the
    classes stay apart for colour-blind viewers too."""
    x, y, r = centre[0], centre[1], px(4)
    colour = tuple(CLASS_COLOURS[cls])
    if cls == 0:
        pygame.draw.circle(surface, colour, centre, r)
        pygame.draw.circle(surface, palette.background, centre, r, px(1))
        return
    shape = ([(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)] if cls == 1
             else [(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)])
    pygame.draw.polygon(surface, colour, shape)
    pygame.draw.polygon(surface, palette.background, shape, px(1))


def shown_losses(run: TrainingRun, epoch: int) -> list[float]:
    """The losses shown at the run's epoch t: at w_0 … w_t, as far as training has got (the loss at
    w_t is measured as epoch t starts; w_T's is the final loss)."""
    final = [run.final_loss] if epoch >= run.epochs and run.final_loss is not None else []
    return run.losses[: epoch + 1] + final


def status(run: TrainingRun, epoch: int, one: str = "epoch") -> tuple[str, str]:
    """The line under the title and its palette colour at the run's epoch t (`one`: what T counts,
    "epoch" or "step"): the loss at w_t, and once the run is over the final loss at w_T."""
    if run.diverged_at is not None and run.diverged_at <= epoch:
        return (f"DIVERGED at {one} {run.diverged_at}: the rate was too big and the loss blew up. Lower η₀.",
                "danger")
    of = f"{one} {min(epoch, run.epochs)} of {run.epochs}"
    if epoch >= run.epochs and run.final_loss is not None and run.final_accuracy is not None:
        return (f"{of} · final loss {sig4(run.final_loss)} · accuracy {100 * run.final_accuracy:.1f} % "
                "(the run is over)" + _rate_note(run)), "text"
    if len(run.losses) > epoch:
        hint = " · Space plays the run, and the network trains with it" if epoch == 0 else ""
        return (f"{of} · loss {sig4(run.losses[epoch])} · accuracy {100 * run.accuracies[epoch]:.1f} %"
                + _rate_note(run) + hint), "text"
    return f"{of} · the network is catching up: {len(run.losses)} {one}s trained so far", "text_dim"


def _rate_note(run: TrainingRun) -> str:
    """Under a loss-driven schedule the network's own loss sets its rate (not the ball's): say so."""
    plateau = run.controller
    if plateau is None:
        return ""
    cuts = len(plateau.cuts)
    return f" · its loss sets the rate: now {sig4(plateau.lr)}, cut {cuts} time{'' if cuts == 1 else 's'}"
