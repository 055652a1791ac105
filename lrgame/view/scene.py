"""The whole picture for one frame, composed from the drawers. Reads the simulation, never writes it.

The charts keep cached geometry; the scene re-configures them only when what they show changed
(a new curve, a new epoch for the loss trace, the log toggle), never rebuilding them per frame.
The scene names the frame's parts to its compositor (`lrgame.view.compositor`), which decides what
is repainted: the backdrop's (`_backdrop_parts`: what only changes with the valley or the curve,
and the panel), the frame's (`_parts`: the marker, each card, the ball, each readout row, the loss
trace; or in their place the train or every-schedule view's: `_view_parts`), and whatever covers
them (the range test, the race, tooltip, overlays, messages: `Compositor.cover`).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import pygame

from lrgame.engine.numfmt import full, sig4
from lrgame.engine.units import unit_words
from lrgame.look.layout import make_layout
from lrgame.look.metrics import CAPTION_SIZE, HEADING_SIZE, Caption
from lrgame.look.theme import DARK, Palette, font, px
from lrgame.sim.presets import PRESETS, Preset
from lrgame.sim.simulation import Simulation
from lrgame.sim.valley import Valley
from lrgame.view.cards import Card, card_at, cards_for, draw_card, draw_card_boxes
from lrgame.view.chart import END_LABEL, LineChart
from lrgame.view.compositor import Compositor, Part, paint_whole
from lrgame.view.momentum_chart import MomentumStrip
from lrgame.view.optimizer_readout import stability_reference
from lrgame.view.overlay import (
    draw_code,
    draw_export_menu,
    draw_focus,
    draw_help,
    draw_messages,
    draw_setup_list,
    draw_tooltip,
)
from lrgame.view.per_step import PerStep
from lrgame.view.readout import draw_readout_box, draw_readout_line, line_rects, readout_lines, when
from lrgame.view.text import TextCache, wrap
from lrgame.view.valley_view import ValleyView

if TYPE_CHECKING:
    from lrgame.app.modes.landscape import LandscapeShown
    from lrgame.sim.landscape_path import LandscapeRun
    from lrgame.sim.race import Race
    from lrgame.ui.widget_pixels import WidgetPixels
    from lrgame.view.every_schedule_view import EveryScheduleView
    from lrgame.view.landscape_view import LandscapeView
    from lrgame.view.race_view import RaceView
    from lrgame.view.range_view import RangeView
    from lrgame.view.shown import Shown
    from lrgame.view.train_view import TrainView


class Scene:
    """Draws the HUD chart, the cards, the valley with its ball, the readout and the overlays."""

    def __init__(self, size: tuple[int, int], palette: Palette = DARK) -> None:
        self.layout = make_layout(size)
        self.palette = palette
        self.texts = TextCache()
        self.valley_view = ValleyView()
        self._compare_view: RaceView | None = None
        self.lr_chart = LineChart(self.layout.chart, title="Learning rate η(t), one value per epoch",
                                  y_label="η", value_prefix="η = ")
        self.lr_chart.end_label = END_LABEL
        self.loss_chart = LineChart(self.layout.loss_chart, title="Ball's loss so far", y_label="loss",
                                    curve_role="loss_trace", steps=False, value_prefix="loss ",
                                    whole_decades=True)
        self.momentum_strip = MomentumStrip(self.layout.chart)
        self._cards, self._lines = PerStep(cards_for), PerStep(readout_lines)  # once per step, not per frame
        self._lr_source: tuple | None = None  # the curve itself, not its id: a new array can reuse a freed one's id
        self._loss_source: tuple | None = None
        self.compositor = Compositor(self.layout.size)
        self._said = False  # the last frame's messages were one of its parts

    # The training views (and the network behind them) are imported on first use: start-up counts.

    @cached_property
    def train_view(self) -> TrainView:
        from lrgame.view.train_view import TrainView

        return TrainView()

    @cached_property
    def range_view(self) -> RangeView:
        from lrgame.view.range_view import RangeView

        return RangeView()

    @cached_property
    def every_schedule_view(self) -> EveryScheduleView:
        from lrgame.view.every_schedule_view import EveryScheduleView

        return EveryScheduleView()

    @cached_property
    def landscape_view(self) -> LandscapeView:
        from lrgame.view.landscape_view import LandscapeView

        return LandscapeView()

    def _refresh_charts(self, sim: Simulation, log_scale: bool, landscape: LandscapeShown | None = None,
                        traced: bool = True) -> None:
        """With the valley shown, its stability limit 2/f″ is drawn on the rate chart and the ball's
        loss traced (not while a view covers it: `traced`); the landscape has a limit of its own at
        every point (its readout gives it) and no ball, and under a loss-driven schedule its path's
        loss sets the rates the chart shows."""
        valley = landscape is None
        follows = landscape is not None and sim.curve is None and landscape.path is not None
        # the path itself, not its id (ids are reused)
        run_key = (sim.trajectory, log_scale, sim.settings.sharpness if valley else None,
                   landscape.number if follows else None)
        end = min(sim.t, len(landscape.path.lr) - 1) if follows else sim.shown_to()
        moving = sim.playing or sim.catching_up
        if self._lr_source is None or self._lr_source[0] != run_key or _due(self._lr_source[1], end, moving):
            per = sim.settings.steps_per_epoch
            tick = unit_words(sim.settings.unit, per).tick
            unit = tick if per == 1 else f"step ({per} steps per epoch)"
            who = "the path's" if landscape is not None else "the ball's"
            self.lr_chart.title = (f"Learning rate η(t), one value per {unit}" if sim.curve is not None else
                                   f"Learning rate so far, one value per {unit}: {who} loss sets it")
            self.lr_chart.x_label = self.loss_chart.x_label = tick
            self.lr_chart.configure(
                values=landscape.path.lr[: end + 1] if follows else sim.trajectory.rates(end),
                span=sim.steps,
                log_scale=log_scale,
                reference=stability_reference(sim) if valley else None,
                rect=self.momentum_strip.rate_rect(sim),
            )
            self.momentum_strip.configure(sim, self.lr_chart)
            self._lr_source = (run_key, end)
        if valley and traced and (self._loss_source is None or self._loss_source[0] is not sim.trajectory or _due(
            self._loss_source[1], sim.ball_t, moving
        )):
            end = sim.ball_t
            self.loss_chart.configure(values=sim.trajectory.losses(end), log_scale=True, timeline=sim.steps)
            self._loss_source = (sim.trajectory, end)

    def draw(self, surface: pygame.Surface, shown: Shown, widgets: WidgetPixels | None = None,
             captions: tuple[Caption, ...] = ()) -> None:
        """The scene, then the widgets (if given) on top of it: kept in the backdrop unless
        something drawn here may reach under them (a tooltip, the explanation, the race, the range
        test, whose texts can run past the panel's edge in a small window).

        The compositor draws the backdrop and the parts (the train and every-schedule views are
        parts too, `_view_parts`); whatever is drawn over them (the range test, a tooltip, the
        widgets drawn live) covers the frame, so the next one is drawn whole."""
        lay, pal, texts = self.layout, self.palette, self.texts
        sim, alpha, log_scale = shown.sim, shown.alpha, shown.log_scale
        self._refresh_charts(sim, log_scale, shown.landscape, traced=not _view_covers(shown))
        body = lay.valley.union(lay.readout)
        covers: list[tuple] = []  # (drawer, its arguments)
        below_chart = body.union(lay.cards[0].unionall(lay.cards))  # big projector text in a small window
        if shown.explain and shown.landscape is not None:
            covers += self._landscape_explanations(surface, body, (lay.valley, body, below_chart), sim,
                                                   shown.landscape.run)
        elif shown.explain:
            from lrgame.view.explain_view import draw_explanation  # at the first I: start-up counts

            covers.append((draw_explanation, surface, (lay.valley, body, below_chart), sim, pal, texts))
        view = self._view_parts(shown, body)  # every schedule or training, as parts
        if view is None and shown.range_test is not None:
            covers.append((self.range_view.draw, surface, body, shown.range_test, pal, texts))
        elif view is not None and (covers or shown.landscape is not None):  # over what covers, as before
            covers.append((paint_whole, surface, view))
            view = None
        if shown.race is not None and shown.landscape is None:
            covers.append((self._draw_race, surface, sim, alpha, log_scale, shown.race))
        forks = shown.landscape is not None and shown.landscape.forks is not None  # F's rates take the chart's place
        tooltip = None if shown.race is not None or forks else self._tooltip(sim, shown.mouse)  # the run's
        if tooltip is not None:
            covers.append((draw_tooltip, surface, *tooltip, pal, texts))
        blits = widgets.key(lay.panel) if widgets is not None and not covers else None
        raced = shown.landscape is not None and shown.race is not None  # the race's rates and cards: its own parts
        below = shown.landscape is None and view is None  # the valley, its readout and its loss so far
        parts = self._parts(sim, alpha, shown.preset, below=below, marker=not (raced or forks),
                            cards=not (raced or forks))
        backdrop = self._backdrop_parts(sim.valley, captions, widgets, blits, below=below)
        if view is not None:  # the view's ground in the backdrop, its pieces among the parts
            backdrop[2:2], parts = view[:1], parts + view[1:]
        if shown.landscape is not None:
            under, over = self.landscape_view.parts(lay, shown.landscape, shown.mouse, pal, texts)
            backdrop[2:2], parts = under, parts + over  # over the scenery and the rates, beside the panel
            if shown.race is not None:  # the slots' paths are the landscape's; their rates and cards are parts
                below, above = self._race_parts(sim, log_scale, shown.race)
                backdrop[-1:-1], parts = below, parts + above  # over the scenery and the map, beside the panel
        self._said = bool(shown.messages) and blits is not None  # nothing covers the frame: the message line is a part
        if self._said:
            parts.append(Part("messages", lay.message, tuple((note.text, note.error) for note in shown.messages),
                              lambda surface, rect, _: draw_messages(surface, rect, shown.messages, pal, texts)))
        self.compositor.compose(surface, backdrop, parts)
        for cover in covers:
            self.compositor.cover(*cover)
        if widgets is not None and blits is None:
            self.compositor.cover(widgets.draw, surface)

    def _view_parts(self, shown: Shown, body: pygame.Rect) -> list[Part] | None:
        """Every schedule (Shift+T) or the train view (T) over the valley and the readout, as the
        ground under it then its parts (the range test, G, comes before T); None when neither."""
        pal, texts = self.palette, self.texts
        if not _view_covers(shown):
            return None
        if shown.every_schedule is not None:
            view = self.every_schedule_view.parts(body, shown.every_schedule, pal, texts, shown.sim.settings.unit)
        else:
            view = self.train_view.parts(body, shown.training, self.lr_chart.plot_rect, pal, texts)
        ground = body.inflate(px(20), 0)  # over any overhanging readout text

        def fill(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
            pygame.draw.rect(surface, palette.background, rect)  # a box the view's texts sit in

        return [Part("view ground", ground, pal, fill), *view]

    def _landscape_explanations(self, surface: pygame.Surface, body: pygame.Rect, areas: tuple[pygame.Rect, ...],
                                sim: Simulation, run: LandscapeRun) -> list[tuple]:
        """I in the landscape: the schedule's explanation and the surface's side by side under the
        cards (or reaching up over them) when both fit whole, else the surface's alone, in the first
        of `areas` where it fits, saying where the schedule's is."""
        from lrgame.view.explain_view import draw_explanation, explanation_fits  # at the first I: start-up counts
        from lrgame.view.surface_explain import draw_surface_explanation, explanation_areas, surface_explanation_fits

        pal, texts = self.palette, self.texts
        for up in (False, True):
            left, right = explanation_areas(body, areas[-1].y, up)
            if explanation_fits(left, sim, pal) and surface_explanation_fits(right, run, pal):
                return [(draw_explanation, surface, left, sim, pal, texts),
                        (draw_surface_explanation, surface, right, run, pal, texts)]
        rect = next((a for a in areas if surface_explanation_fits(a, run, pal, alone=True)), areas[-1])
        return [(draw_surface_explanation, surface, rect, run, pal, texts, True)]

    def forget_frame(self) -> None:
        """Draw the next frame whole, not over the last one."""
        self.compositor.forget()

    def _backdrop_parts(self, valley: Valley, captions: tuple[Caption, ...], widgets: WidgetPixels | None,
                        blits: list | None, below: bool = True) -> list[Part]:
        """What only changes with the window, the valley or the curve; the rate chart (a rate
        growing with the run, a loss-driven one's, repaints only where its curve grew); the ball's
        loss so far (with the valley `below`: likewise); then the panel: its
        captions, and its widgets while they are kept there (`blits`: their key, None while drawn live)."""
        lay = self.layout

        def paint_panel(surface: pygame.Surface, rect: pygame.Rect, key: tuple) -> None:
            surface.fill(self.palette.panel, rect)
            _draw_captions(surface, key[0], self.palette, self.texts)
            if key[1] is not None:
                widgets.draw(surface)

        def widgets_changed(old: tuple, new: tuple) -> pygame.Rect | None:
            return widgets.changed_area(old[1], new[1]) if old[0] == new[0] else None

        strip = (self.momentum_strip.builds, self.momentum_strip.shown, tuple(self.lr_chart.rect))
        return [Part("scenery", pygame.Rect((0, 0), lay.size), (valley, strip), self._paint_scenery),
                self._growing_part("rate curve", self.lr_chart),
                *((self._growing_part("loss curve", self.loss_chart),) if below else ()),
                Part("panel", lay.panel, (captions, blits), paint_panel, None if widgets is None else widgets_changed)]

    def _growing_part(self, name: str, chart: LineChart) -> Part:
        """A chart's layer as a backdrop part: a new build on the same axes repaints only the box
        where its curve changed (`LineChart.changed_since`)."""

        def paint(surface: pygame.Surface, rect: pygame.Rect, key: tuple[int, Palette]) -> None:
            chart.draw_layer(surface, key[1], self.texts)

        def changed(old: tuple[int, Palette], new: tuple[int, Palette]) -> pygame.Rect | None:
            return chart.changed_since(old[0]) if old[1] == new[1] else None

        return Part(name, chart.rect, (chart.builds, self.palette), paint, changed)

    def _paint_scenery(self, surface: pygame.Surface, rect: pygame.Rect, key: tuple[Valley, tuple]) -> None:
        lay, pal = self.layout, self.palette
        surface.fill(pal.background)
        surface.fill(pal.panel, lay.panel)
        draw_card_boxes(surface, lay.cards, pal)
        draw_readout_box(surface, lay.readout, pal, self.texts)
        self.valley_view.draw_static(surface, lay.valley, key[0], pal, self.texts)
        self.momentum_strip.draw_layer(surface, pal, self.texts)

    def _parts(self, sim: Simulation, alpha: float, preset: str, below: bool = True, marker: bool = True,
               cards: bool = True) -> list[Part]:
        """The parts that change with the run, each inside its own rectangle, with a key naming what it
        shows. Each card and each readout row is a part of its own: a new epoch changes only some of
        them. The ball's key holds all that `_paint_valley` reads: it changes every frame of a hop,
        and not while the ball rests. `below`: the valley and its readout (not when the landscape
        takes their place); `marker`: the rate chart's marker, and `cards`: the cards (not when the
        race's or the forks' take their place)."""
        lay = self.layout
        parts = []
        if marker:
            charts = (self.lr_chart.builds, self.momentum_strip.builds, sim.t)
            parts.append(Part("chart", lay.chart, charts, self._paint_marker))
        if cards:
            parts += [Part(f"card {i}", rect, card, self._paint_card)
                      for i, (rect, card) in enumerate(zip(lay.cards, self._cards(sim), strict=False))]
        if not below:
            return parts
        ball = (sim.valley, sim.trajectory, sim.hop, sim.hop_fraction(alpha), sim.diverged, preset)
        parts.append(Part("valley", lay.valley, ball,
                          lambda surface, rect, _: self._paint_valley(surface, sim, alpha, preset)))
        lines = self._lines(sim)
        parts += [Part(f"row {i}", rect, line, self._paint_row)
                  for i, (rect, line) in enumerate(zip(line_rects(lay.readout, len(lines)), lines, strict=True))]
        parts.append(Part("loss", lay.loss_chart, (self.loss_chart.builds, sim.ball_t), self._paint_loss))
        return parts

    def _paint_marker(self, surface: pygame.Surface, rect: pygame.Rect, key: tuple[int, int, int]) -> pygame.Rect:
        area = self.lr_chart.draw_marker(surface, key[2], self.palette, self.texts)
        below = self.momentum_strip.draw_marker(surface, key[2], self.palette, self.texts)
        return area if below is None else area.union(below)

    def _paint_card(self, surface: pygame.Surface, rect: pygame.Rect, card: Card) -> pygame.Rect:
        return draw_card(surface, rect, card, self.palette, self.texts)

    def _paint_row(self, surface: pygame.Surface, rect: pygame.Rect, line: tuple[str, str]) -> pygame.Rect:
        return draw_readout_line(surface, rect, *line, self.palette, self.texts)

    def _paint_loss(self, surface: pygame.Surface, rect: pygame.Rect, key: tuple[int, int]) -> pygame.Rect:
        """The marker on the loss so far (its curve is in the backdrop: "loss curve")."""
        return self.loss_chart.draw_marker(surface, key[1], self.palette, self.texts)

    def _paint_valley(self, surface: pygame.Surface, sim: Simulation, alpha: float, preset: str) -> pygame.Rect | None:
        """The trail and the ball, the diverged banner, the recipe's caption: the area drawn on,
        when that is only the ball and the trail."""
        lay, pal = self.layout, self.palette
        area = self.valley_view.draw(surface, lay.valley, sim, alpha, pal)
        surface.set_clip(lay.valley)
        self.valley_view.banner(surface, lay.valley, sim, pal, self.texts)
        if preset:
            self._preset_caption(surface, PRESETS[preset])
        return None if sim.diverged or preset else area

    def view_button_at(self, pos: tuple[int, int], shown: Shown) -> str | None:
        """Which drawn button is under a click: the train view's "range" or "grand", the range test's "use"."""
        body = self.layout.valley.union(self.layout.readout)
        range_test, training = shown.range_test, shown.training
        if shown.every_schedule is not None:
            return None
        if range_test is not None:
            from lrgame.view.range_view import range_areas

            return "use" if range_test.done and range_areas(body).button.collidepoint(pos) else None
        if training is None:
            return None
        from lrgame.view.train_view import chart_count, train_areas

        areas = train_areas(body, chart_count(training))
        return next((name for name, rect in areas.buttons if rect.collidepoint(pos)), None)

    def _race_view(self) -> RaceView:
        if self._compare_view is None:  # imported on first use: it is a large module, and start-up counts
            from lrgame.view.race_view import RaceView

            self._compare_view = RaceView(self.palette, self.texts)
            self._compare_view.chart.empty_hint = "Shift+C adds the current schedule: add two to four, then race."
        return self._compare_view

    def _draw_race(self, surface: pygame.Surface, sim: Simulation, alpha: float, log_scale: bool,
                   race: Race) -> None:
        """C: the compared curves over the LR chart, a card per ball over the cards, the race over
        the valley, the scoreboard over the readout. The race runs on the main run's clock (its
        current step)."""
        lay, view = self.layout, self._race_view()
        view.draw_chart(surface, lay.chart, race, sim.t, log_scale)
        view.draw_cards(surface, lay.cards, race, sim.ball_t)
        view.draw_race(surface, lay.valley, race, sim.ball_t, sim.hop_fraction(alpha))
        view.draw_scoreboard(surface, lay.readout, race, sim.ball_t)

    def _race_parts(self, sim: Simulation, log_scale: bool, race: Race) -> tuple[list[Part], list[Part]]:
        """C over the landscape (the landscape draws the slots' paths and their scoreboard): the
        compared curves and a card per slot, as backdrop and frame parts (`RaceView.parts`)."""
        lay = self.layout
        return self._race_view().parts(lay.chart, lay.cards, race, sim.t, sim.ball_t, log_scale)

    def _preset_caption(self, surface: pygame.Surface, preset: Preset) -> None:
        """Which recipe this is, where it comes from, and what one step counts."""
        x, y = self.layout.valley.x + px(8), self.layout.valley.y + px(6)
        width = self.layout.valley.w - px(16)
        title = f"Recipe: {preset.title} · counted in {preset.unit}"
        lines = [(line, self.palette.text) for line in wrap(title, 14, width)]
        lines += [(line, self.palette.text_dim) for line in wrap(preset.source, 14, width)]
        for text, colour in lines:
            surf = self.texts.render(text, 14, colour)
            surface.blit(surf, (x, y))
            y += surf.get_height() + px(2)

    def _tooltip(self, sim: Simulation, mouse: tuple[int, int]) -> tuple[pygame.Rect, str] | None:
        """Full precision under the cursor: a card's exact value, or the rate at an epoch (anchor, text)."""
        index = card_at(self.layout.cards, mouse)
        if index is not None:
            return self.layout.cards[index], self._cards(sim)[index].exact
        below = self.momentum_strip.value_at(mouse)
        if below is not None:
            t, beta = below
            return pygame.Rect(mouse[0], mouse[1] + px(8), 1, 1), f"{when(sim, t)}: momentum = {full(beta)}"
        t = self.lr_chart.step_at(mouse)
        if t is not None:
            anchor = pygame.Rect(mouse[0], mouse[1] + px(8), 1, 1)
            if t < self.lr_chart.known:
                rate = self.lr_chart.value_at(t)
                return anchor, f"{when(sim, t)}: η = {full(rate)}  ({sig4(rate)})"
            return anchor, f"{when(sim, t)}: not reached yet, so its rate is not known (the loss will set it)"
        return None

    def draw_over(self, surface: pygame.Surface, shown: Shown) -> None:
        """Drawn after the widgets, so they sit on top: the focus ring, the message line (in a
        place of its own, which no widget reaches: a part of the frame when nothing covered it),
        then what dims the window under it: the help, the export menu, the setup list; and the
        exported code. They cover the frame."""
        cover, pal, texts = self.compositor.cover, self.palette, self.texts
        if shown.focus is not None:
            cover(draw_focus, surface, shown.focus, pal)
        if shown.messages and not self._said:
            cover(draw_messages, surface, self.layout.message, shown.messages, pal, texts)
        if shown.help_rows:
            cover(draw_help, surface, pal, texts, shown.help_rows)
        if shown.code is not None:
            cover(draw_code, surface, self.layout.valley.union(self.layout.readout), shown.code, pal, texts)
        if shown.export_folder is not None:
            cover(draw_export_menu, surface, shown.export_folder, pal, texts)
        if shown.setup_files is not None:
            cover(draw_setup_list, surface, shown.setup_files, pal, texts)

def _draw_captions(surface: pygame.Surface, captions: tuple[Caption, ...], palette: Palette, texts: TextCache) -> None:
    """Row labels in the text colour, headings bold in the dim one; left-aligned and centred
    in height, cut at their rectangle's right edge. Only those that can reach the surface's clip
    are drawn (a changed widget repaints its row of the panel, not all of it)."""
    clip, tall = surface.get_clip(), 2 * font(max(CAPTION_SIZE, HEADING_SIZE), bold=True).get_height()
    for text, rect, heading in captions:
        if not text or not clip.colliderect(rect.x, rect.centery - tall, rect.w, 2 * tall):
            continue
        surf = (texts.render(text, HEADING_SIZE, palette.text_dim, bold=True) if heading
                else texts.render(text, CAPTION_SIZE, palette.text))
        surface.blit(surf, (rect.x, rect.centery - surf.get_height() // 2),
                     pygame.Rect(0, 0, rect.w, surf.get_height()))


def _view_covers(shown: Shown) -> bool:
    """Do every schedule (Shift+T) or the train view (T) take the valley's and the readout's place
    (the range test, G, comes before T)?"""
    return shown.every_schedule is not None or (shown.training is not None and shown.range_test is None)


def _due(built: int, end: int, moving: bool) -> bool:
    """Rebuild a growing chart when its end moved, but while the run moves on a long one only every
    0.5 %: a rebuild costs time in proportion to its length, and the picture cannot change faster."""
    return end != built and (not moving or end < 2048 or abs(end - built) * 200 >= built)
