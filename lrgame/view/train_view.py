"""The train view (T): a real network learning under the schedule, drawn over the valley area.

Top: the loss on the training set (solid) and on the held-out test set (dashed), on the LR chart's
epoch axis (0…T, pixel for pixel under it, so a drop in the rate sits right above what it does to
the loss), the marker at the epoch shown; with K, the sharpness under it on the same columns.
Below: the plane coloured by the class the network predicts at the epoch shown, with the spiral's
points on top; beside it the setting (optimizer, batch, the network's η₀), how far training has
run, and the figures at the epoch shown, saying when training is ahead of or behind the cursor.
At the run's end (t = T) it says the run is over; a run counted in steps says "step" throughout.
The epoch shown and its regions come from the train mode (`TrainShown`); the pictures are
rebuilt only when they change, never per frame, and the view is drawn as compositor parts
(`TrainView.parts`), each repainted only when what it shows changes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from lrgame.engine.numfmt import sig4
from lrgame.look.theme import OKABE_ITO, Palette, font, px, ui_scale
from lrgame.train.data import CLASSES
from lrgame.train.run import EXTENT, TrainingRun
from lrgame.view.chart import LineChart
from lrgame.view.compositor import Part, Warmer
from lrgame.view.overlay import draw_button
from lrgame.view.sharpness_chart import SharpnessChart
from lrgame.view.shown import TrainShown
from lrgame.view.text import TextCache, draw_paragraphs, fit_paragraphs, paragraphs_height

CLASS_COLOURS = np.array([OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"]], dtype=np.uint8)
BUTTONS = {"range": "Find a good η₀ (G)", "grand": "Every schedule (Shift+T)"}
CHART_EVERY = 4  # pixel columns the loss curve grows between two rebuilds of its chart
LOG_ROWS = 4.5  # tick-label lines a plot must be tall for a log axis's labels to stand apart
LOSS_TITLE = "Network's loss: training set (solid), test set (dashed)"
DASH = 6  # design px: the test loss's dashes and gaps
TITLE = "A real network learning under this schedule (2-64-64-3, spiral data)"
LEGEND = ("Colours: the class the network predicts at each point of the plane. Marks: the training "
          "points, coloured and shaped (circle, square, triangle) by their true class. Where a mark sits on "
          "its own colour, the network got it right.")
SHORT_TITLE = "A real network under this schedule"
SHORT_LEGEND = "Colours: the class the network predicts. Marks: the data, by their true class."
KEYS = "← → Home End Space: the {} shown. K: the sharpness."  # the run's unit: epoch or step


@dataclass(frozen=True)
class TrainAreas:
    """Where the train view draws inside its rect (shared by drawing and tests)."""

    chart: pygame.Rect  # the loss chart: as wide as the LR chart above, so their plots can line up
    plane: pygame.Rect  # the decision regions, a square
    text: pygame.Rect  # title, status and legend, right of the plane
    buttons: tuple[tuple[str, pygame.Rect], ...]  # ("range", …) and ("grand", …), under the text


def train_areas(rect: pygame.Rect, charts: int = 1) -> TrainAreas:
    """`charts`: how many charts share the top (the loss; above it the network's own rate under a
    loss-driven schedule; below it the sharpness, K): more charts take more of the height, the
    plane less. `chart` is their whole area."""
    pad = px(10)
    share = {1: 0.42, 2: 0.62}.get(charts, 0.68)
    chart = pygame.Rect(rect.x, rect.y, rect.w, max(px(120), int(rect.h * share)))
    side = max(0, min(rect.bottom - chart.bottom - pad, rect.w // 2))
    plane = pygame.Rect(rect.x, chart.bottom + pad, side, side)
    text = pygame.Rect(plane.right + 2 * pad, plane.y, rect.right - plane.right - 2 * pad, side)
    w, h = min(px(300), (text.w - pad) // 2), px(36)
    buttons = (("range", pygame.Rect(text.x, text.bottom - h, w, h)),
               ("grand", pygame.Rect(text.x + w + pad, text.bottom - h, w, h)))
    return TrainAreas(chart, plane, text, buttons)


def chart_count(shown: TrainShown) -> int:
    """The charts the train view draws for what it shows."""
    return 1 + (shown.run.controller is not None) + (shown.sharpness is not None)


class TrainView:
    """Caches the loss chart and the plane's picture; rebuilds each only when it would look different."""

    def __init__(self) -> None:
        self.loss_chart: LineChart | None = None
        self.rate_chart: LineChart | None = None  # only when the network's own loss sets its rate
        self._rated: tuple | None = None  # (run id, epoch, rect) the rate chart was built for
        self._picture: pygame.Surface | None = None
        self._pictured: tuple | None = None  # (regions id, size, palette) of the picture
        self._pictures = 0  # pictures made: the plane's key
        self._regions: np.ndarray | None = None  # the regions pictured (kept, so their id stays theirs)
        self._dots: pygame.Surface | None = None
        self._dotted: tuple | None = None  # (run id, size, palette) of the dots: the data never move
        self._dashes: list[list[tuple[int, int]]] = []  # the test loss, built with the chart
        self._dash_layer: tuple[tuple, pygame.Surface] | None = None  # (build, rect, palette; chart and dashes)
        self.sharpness_chart = SharpnessChart()
        self._words: tuple[tuple, pygame.Surface] | None = None  # (what they say and where, their pixels)
        self._made: tuple[tuple, list[Part], object] | None = None  # (what the parts follow, the parts, the regions)
        self._placed: tuple | None = None  # the last frame's (rect, lr_plot, palette, texts): where `prepare` paints
        self._warmer = Warmer()  # `prepare`

    def parts(self, rect: pygame.Rect, shown: TrainShown, lr_plot: pygame.Rect, palette: Palette,
              texts: TextCache) -> list[Part]:
        """The view as compositor parts, each keyed by what it shows, so a frame where nothing
        visible changed repaints nothing and a new epoch only the charts' new points and the words
        (the plane changes with its picture). `lr_plot` is the LR chart's plot area: the charts take
        its columns. Everything is drawn at `shown.epoch`, the epoch the train mode shows. The
        ground under them is the scene's (`ground`). The parts are made again only when something
        they follow changed (`_follows`): most frames of a view whose run trains in the idle time
        show what the last one showed, and making them cost every frame ~0.06 ms."""
        self._placed = (rect, lr_plot, palette, texts)
        follows = _follows(rect, shown, lr_plot, palette, texts)
        if self._made is None or self._made[0] != follows:
            self._made = (follows, self._make_parts(rect, shown, lr_plot, palette, texts), shown.regions)
        return self._made[1]

    def _make_parts(self, rect: pygame.Rect, shown: TrainShown, lr_plot: pygame.Rect, palette: Palette,
                    texts: TextCache) -> list[Part]:
        run = shown.run
        areas = train_areas(rect, chart_count(shown))
        plot_x, loss_area = (lr_plot.left, lr_plot.right), areas.chart
        gap = px(6)
        marker = shown.epoch if shown.epoch >= 0 else None
        parts = []
        if shown.sharpness is not None:  # the sharpness under the loss, on the same columns
            share = loss_area.h // (chart_count(shown))
            sharp_area = pygame.Rect(loss_area.x, loss_area.bottom - share + gap, loss_area.w, share - gap)
            loss_area = pygame.Rect(loss_area.x, loss_area.y, loss_area.w, loss_area.h - share)
            log = shown.sharpness
            parts.append(Part("train sharpness", sharp_area, (log, len(log.points), plot_x, marker, palette),
                              lambda surface, area, _: self.sharpness_chart.draw(surface, area, log, plot_x, marker,
                                                                                 palette, texts)))
        if run.controller is not None:  # its own rate above its loss: the ball's rate at the top is not this one
            rate_area = pygame.Rect(loss_area.x, loss_area.y, loss_area.w, loss_area.h // 2)
            loss_area = pygame.Rect(loss_area.x, rate_area.bottom + gap, loss_area.w,
                                    loss_area.h - rate_area.h - gap)
            rates = self._rate_chart(run, shown.one, rate_area, plot_x)
            parts.append(Part("train rate", rate_area, (rates.builds, palette),
                              lambda surface, area, _: rates.draw(surface, rates.known - 1, palette, texts),
                              opaque=True))
        chart = self._chart(run, shown.one, loss_area, plot_x)
        at = marker if chart.n else None
        parts.append(Part("train loss", loss_area, (chart.builds, at, palette),
                          lambda surface, area, _: self._paint_loss(surface, chart, at, palette, texts), opaque=True))
        self._plane(run, shown, areas.plane.size, palette)
        parts.append(Part("train plane", areas.plane, (self._pictures, palette),
                          lambda surface, area, _: surface.blit(self._picture, area), opaque=True))
        words = (status(shown), shown_line(shown), run.setting, shown.one, palette, ui_scale())
        parts.append(Part("train words", areas.text, words,
                          lambda surface, area, _: surface.blit(self._words_picture(surface, areas, shown, words,
                                                                                    palette, texts), area),
                          opaque=True))
        return parts

    def prepare(self, shown: TrainShown) -> None:
        """Do now what the next frame would do for `shown` (in the idle time after a frame: the train
        mode's work), so that frame only blits: build the charts, make the plane's picture, paint the
        charts' layers and the words (`Warmer`), where and in the palette the last frame drew the view."""
        if self._placed is not None:
            rect, lr_plot, palette, texts = self._placed
            self._warmer.warm(self.parts(rect, shown, lr_plot, palette, texts))

    def _words_picture(self, like: pygame.Surface, areas: TrainAreas, shown: TrainShown, words: tuple,
                       palette: Palette, texts: TextCache) -> pygame.Surface:
        """The words and buttons beside the plane on the view's ground, painted once per what they say
        and where (laying out and drawing paragraphs costs a frame ~0.2 ms; a blit ~0.01)."""
        text = areas.text
        key = (words, tuple(text), [(name, tuple(rect)) for name, rect in areas.buttons])
        if self._words is None or self._words[0] != key:
            picture = pygame.Surface(text.size, 0, like)
            picture.fill(palette.background)  # the ground the words stand on (the scene's)
            here = TrainAreas(areas.chart, areas.plane, text.move(-text.x, -text.y),
                              tuple((name, rect.move(-text.x, -text.y)) for name, rect in areas.buttons))
            self._header(picture, here, shown, palette, texts)
            self._words = (key, picture)
        return self._words[1]

    def _paint_loss(self, surface: pygame.Surface, chart: LineChart, marker: int | None, palette: Palette,
                    texts: TextCache) -> None:
        """The loss chart with the test loss dashed over it (one layer), then its marker."""
        layer = self._loss_layer(surface, chart, palette, texts)
        if layer is not None:
            surface.blit(layer, chart.rect)
        chart.draw_marker(surface, marker, palette, texts)

    def _loss_layer(self, like: pygame.Surface, chart: LineChart, palette: Palette,
                    texts: TextCache) -> pygame.Surface | None:
        """The chart's layer with the test loss's dashes drawn on it (inside the plot), painted once per
        build of the chart: ~100 two-pixel-wide polylines cost a frame about a millisecond, and
        blitting them on a see-through layer of their own costs more than the chart's blit again."""
        layer = chart.layer(like, palette, texts)
        key = (chart.builds, tuple(chart.rect), palette)
        if layer is None or (self._dash_layer is not None and self._dash_layer[0] == key):
            return None if layer is None else self._dash_layer[1]
        dashed = layer.copy()
        plot, corner = chart.plot_rect, chart.rect.topleft
        dashed.set_clip(plot.move(-corner[0], -corner[1]))
        for dash in self._dashes:
            pygame.draw.lines(dashed, palette.trail, False, [(x - corner[0], y - corner[1]) for x, y in dash],
                              max(1, px(2)))
        dashed.set_clip(None)
        self._dash_layer = (key, dashed)
        return dashed

    def _chart(self, run: TrainingRun, tick: str, rect: pygame.Rect, plot_x: tuple[int, int]) -> LineChart:
        """The loss chart (`tick` names its axis: epoch or step), rebuilt once the curve has grown
        by CHART_EVERY pixel columns (or the run ended)."""
        if self.loss_chart is None:
            self.loss_chart = LineChart(rect, title=LOSS_TITLE, y_label="loss", curve_role="loss_trace", steps=False,
                                        value_prefix="loss ")
        chart = self.loss_chart
        built = chart.builds
        moved = chart.configure(rect=rect, timeline=run.epochs, plot_x=plot_x)
        n = len(run.losses) + (run.final_loss is not None)  # w_0 … w_T
        grown = (n - chart.n) * chart.plot_rect.w >= CHART_EVERY * run.epochs
        relabel, chart.x_label = chart.x_label != tick, tick
        if moved or relabel or n < chart.n or (n > chart.n and (run.done or grown)):
            log = log_fits(chart)
            chart.title = LOSS_TITLE + (" (log scale)" if log else "")
            chart.configure(values=run.losses + ([] if run.final_loss is None else [run.final_loss]), log_scale=log)
        if chart.builds != built:  # the test loss with the chart's build (the dashed layer is keyed by it)
            tests = run.test_losses + ([] if run.final_test_loss is None else [run.final_test_loss])
            self._dashes = dashes(chart, tests)
        return chart

    def _rate_chart(self, run: TrainingRun, tick: str, rect: pygame.Rect, plot_x: tuple[int, int]) -> LineChart:
        """The network's rate so far (one value per epoch trained), on the same columns as the loss."""
        if self.rate_chart is None:
            self.rate_chart = LineChart(rect, title="Network's rate, set by its own loss", y_label="η",
                                        value_prefix="η = ")
        key = (id(run), run.epoch, tuple(rect), plot_x, tick)
        if key != self._rated:
            chart = self.rate_chart
            chart.x_label = tick
            chart.configure(rect=rect, plot_x=plot_x)
            chart.configure(values=run.rates[: max(run.epoch, 1)], log_scale=log_fits(chart), span=run.epochs)
            self._rated = key
        return self.rate_chart

    def _plane(self, run: TrainingRun, shown: TrainShown, size: tuple[int, int], palette: Palette) -> pygame.Surface:
        """The decision regions at the epoch shown with the data on top, redrawn when the regions
        (a new array from the train mode) or the size change."""
        key = (id(shown.regions), size, palette)
        if self._picture is not None and self._pictured == key and self._regions is shown.regions:
            return self._picture
        if self._picture is None or self._picture.get_size() != size:
            self._picture = pygame.Surface(size)
        self._picture.fill(palette.background)
        if shown.regions is not None:
            colours = CLASS_COLOURS[shown.regions]  # rows top to bottom, columns left to right
            grid = pygame.surfarray.make_surface(np.ascontiguousarray(colours.transpose(1, 0, 2)))
            regions = pygame.transform.scale(grid, size)
            regions.set_alpha(150)
            self._picture.blit(regions, (0, 0))
        self._picture.blit(self._data(run, size, palette), (0, 0))
        self._pictured, self._regions = key, shown.regions
        self._pictures += 1
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
    def _header(surface: pygame.Surface, areas: TrainAreas, shown: TrainShown, palette: Palette,
                texts: TextCache) -> None:
        """Title, the setting, the status line, the epoch shown and its figures, the legend and the
        keys beside the plane, and the buttons."""
        text, role = status(shown)
        area = areas.text.clip(areas.text.x, areas.text.y, areas.text.w, areas.buttons[0][1].y - px(6) - areas.text.y)
        setting = (f"The network: {shown.run.setting}", 15, palette.text, False)
        state = (text, 15, getattr(palette, role), False)
        at = shown_line(shown)
        where = [(at, 15, palette.text, False)] if at else []
        keys = (KEYS.format(shown.one), 14, palette.text_dim, False)
        # Big text in a small window: a shorter legend, a shorter title, no keys, the picture unexplained,
        # then no setting, then no title; the epoch shown and where training is stay to the last.
        title, short = (TITLE, 16, palette.text, True), (SHORT_TITLE, 16, palette.text, True)
        tries = ([title, setting, state, *where, keys, (LEGEND, 14, palette.text_dim, False)],
                 [title, setting, state, *where, keys, (SHORT_LEGEND, 14, palette.text_dim, False)],
                 [short, setting, state, *where, keys, (SHORT_LEGEND, 14, palette.text_dim, False)],
                 [short, setting, state, *where, (SHORT_LEGEND, 14, palette.text_dim, False)],
                 [short, setting, state, *where], [short, state, *where], [state, *where])
        # The first that fits at full size, else the first that fits a little smaller.
        paragraphs = next((p for p in tries if paragraphs_height(p, area.w) <= area.h), None) or next(
            (p for p in tries if fit_paragraphs(p, area.w, area.h) is not None), tries[-1])
        draw_paragraphs(surface, area, paragraphs, texts)
        for name, rect in areas.buttons:
            draw_button(surface, rect, BUTTONS[name], palette, texts)


def _follows(rect: pygame.Rect, shown: TrainShown, lr_plot: pygame.Rect, palette: Palette,
             texts: TextCache) -> tuple:
    """Everything the view's parts are made from: where, the palette and scale, the run and how far
    it has been measured (its charts and figures; under a loss-driven schedule the epochs trained,
    which its rate chart shows), the epoch shown, the cursor, the picture (the regions by identity:
    `parts` keeps them, so their id stays theirs) and the sharpness measured."""
    run, log = shown.run, shown.sharpness
    return (tuple(rect), tuple(lr_plot), palette, texts, ui_scale(), run, len(run.losses), run.final_loss,
            run.done, run.diverged_at, run.epoch if run.controller is not None else None, shown.epoch,
            shown.cursor, shown.one, id(shown.regions), log, None if log is None else len(log.points))


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


def status(shown: TrainShown) -> tuple[str, str]:
    """The line under the setting and its palette colour: the epoch shown, as the LR chart numbers
    it, with its figures (at t = T the final ones at w_T, saying the run is over), or the divergence
    once the cursor has reached it."""
    run, t, one = shown.run, shown.epoch, shown.one
    if run.diverged_at is not None and shown.cursor >= run.diverged_at:
        return (f"DIVERGED at {one} {run.diverged_at}: the rate was too big and the loss blew up. Lower the "
                "network's η₀.", "danger")
    if t < 0:
        return f"T starts training; it runs a few {one}s every frame", "text_dim"
    over = " (the run is over)" if t >= run.epochs else ""
    return f"{one} {t} of {run.epochs}{over}: {_figures(run, t)}{_rate_note(run)}", "text"


def shown_line(shown: TrainShown) -> str:
    """Where training is when it is not at the epoch shown: ahead of the cursor (the epoch shown
    replayed from a snapshot) or behind it (the last epoch trained shown meanwhile)."""
    run, t, cursor, one = shown.run, shown.epoch, shown.cursor, shown.one
    if t < 0:
        return ""
    if cursor > t and run.diverged_at is None:
        return f"Training is behind the cursor ({one} {cursor}): shown is the last {one} trained"
    if cursor > t:
        return f"The cursor ({one} {cursor}) is past where the run diverged; shown: {one} {t}"
    if t < run.trained_to:
        ahead = (f"Training is done ({one} {run.trained_to}), ahead of the cursor" if run.done
                 else f"Training has run ahead to {one} {run.trained_to}")
        return f"{ahead}; shown: {one} {t}, replayed from a snapshot"
    return ""


def _figures(run: TrainingRun, t: int) -> str:
    """Training loss, test loss and test accuracy at w_t."""
    train, test, accuracy = run.figures(t)
    return f"training loss {sig4(train)} · test loss {sig4(test)} · test accuracy {100 * accuracy:.1f} %"


def dashes(chart: LineChart, values: list[float]) -> list[list[tuple[int, int]]]:
    """The test loss's dashes on the chart's axis, each a polyline (at most about two points a pixel
    column, so a long run costs what a short one does): the segments that start at a distance
    along the curve whose DASH-long stretch is even, joined where they follow each other (one
    `draw.lines` a dash, not one `draw.line` a segment: a build's ~1,000 calls become ~100)."""
    n = min(len(values), chart.n)
    if n < 2:
        return []
    ts = np.linspace(0, n - 1, min(n, 2 * chart.plot_rect.w + 1)).astype(int)
    ts = ts[np.r_[True, ts[1:] != ts[:-1]]]  # each step once (they rise)
    xs, ys = chart.points_of(ts, np.array([values[t] for t in ts.tolist()], dtype=np.float64))  # not all of a long list
    travelled = np.concatenate(([0.0], np.cumsum(np.hypot(np.diff(xs), np.diff(ys)))[:-1]))  # at each segment's start
    on = np.r_[False, (travelled // px(DASH)) % 2 == 0, False]
    edges = np.flatnonzero(on[1:] != on[:-1])  # a dash's first segment, then one past its last, in turn
    points = list(zip(xs.tolist(), ys.tolist(), strict=True))
    return [points[first:last + 1] for first, last in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True)]


def _rate_note(run: TrainingRun) -> str:
    """Under a loss-driven schedule the network's own loss sets its rate (not the ball's): say so."""
    plateau = run.controller
    if plateau is None:
        return ""
    cuts = len(plateau.cuts)
    return f" · its loss sets the rate: now {sig4(plateau.lr)}, cut {cuts} time{'' if cuts == 1 else 's'}"
