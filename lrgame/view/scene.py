"""The whole picture for one frame, composed from the drawers. Reads the simulation, never writes it.

The charts keep cached geometry; the scene re-configures them only when what they show changed
(a new curve, a new epoch for the loss trace, the log toggle), never rebuilding them per frame.
What never changes within a run (panel, boxes, valley, the curve) is painted once into a backdrop;
a plain frame then repaints, over the frame before, only the parts whose key changed (`_parts`).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import pygame

from lrgame.engine.numfmt import full, sig4
from lrgame.look.layout import make_layout
from lrgame.look.metrics import CAPTION_SIZE, HEADING_SIZE, Caption
from lrgame.look.theme import DARK, Palette, px
from lrgame.sim.presets import PRESETS, Preset
from lrgame.sim.simulation import Simulation
from lrgame.sim.valley import Valley
from lrgame.view.cards import card_at, cards_for, draw_card, draw_card_boxes
from lrgame.view.chart import LineChart, Reference
from lrgame.view.explain_view import draw_explanation
from lrgame.view.overlay import (
    draw_code,
    draw_export_menu,
    draw_focus,
    draw_help,
    draw_note,
    draw_setup_list,
    draw_toast,
    draw_tooltip,
)
from lrgame.view.readout import draw_readout_box, draw_readout_line, line_rects, readout_lines, when
from lrgame.view.text import TextCache, wrap
from lrgame.view.valley_view import ValleyView

if TYPE_CHECKING:
    from lrgame.sim.race import Race
    from lrgame.train.every_schedule import EverySchedule
    from lrgame.train.range_test import RangeTest
    from lrgame.train.run import TrainingRun
    from lrgame.ui.panel import Panel
    from lrgame.ui.widget_pixels import WidgetPixels
    from lrgame.view.every_schedule_view import EveryScheduleView
    from lrgame.view.overlay import Note
    from lrgame.view.race_view import RaceView
    from lrgame.view.range_view import RangeView
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
        self.loss_chart = LineChart(self.layout.loss_chart, title="Ball's loss so far", y_label="loss",
                                    curve_role="loss_trace", steps=False, value_prefix="loss ",
                                    whole_decades=True)
        self._lr_source: tuple | None = None  # the curve itself, not its id: a new array can reuse a freed one's id
        self._loss_source: tuple | None = None
        self._backdrop: pygame.Surface | None = None
        self._backdrop_for: tuple[Valley, int] | None = None
        self._panel_shows: tuple | None = None  # (widgets' key, captions) painted in its panel; None: not painted
        self._backdrop_version = 0  # bumped when the backdrop is repainted: a window drawn over the old one is stale
        self._panel_version = 0  # bumped when only its panel is repainted (the widgets changed)
        self._panel_changed = self.layout.panel  # the part of the panel that repaint changed
        self._shown: dict | None = None  # the last frame's canvas and part keys, when the next one may build on it
        self._touched: dict[str, pygame.Rect] = {}  # per part, the area its last drawing covered

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
    def grand_view(self) -> EveryScheduleView:
        from lrgame.view.every_schedule_view import EveryScheduleView

        return EveryScheduleView()

    def _backdrop_for_valley(self, valley: Valley) -> pygame.Surface:
        """Everything that only changes with the window, the valley or the curve, drawn once into
        one surface: a frame then starts with a single blit instead of redrawing it all."""
        key = (valley, self.lr_chart.builds)
        if self._backdrop is None or self._backdrop_for != key:
            lay, pal = self.layout, self.palette
            if self._backdrop is None:  # one surface for the scene's life: repainted, never reallocated
                self._backdrop = pygame.Surface(lay.size, 0, pygame.display.get_surface())  # the window's format
            self._backdrop.fill(pal.background)
            self._backdrop.fill(pal.panel, lay.panel)
            draw_card_boxes(self._backdrop, lay.cards, pal)
            draw_readout_box(self._backdrop, lay.readout, pal, self.texts)
            self.valley_view.draw_static(self._backdrop, lay.valley, valley, pal, self.texts)
            self.lr_chart.draw_layer(self._backdrop, pal, self.texts)
            self._backdrop_for = key
            self._backdrop_version += 1
            self._panel_shows = None
        return self._backdrop

    def _keep_widgets(self, widgets: WidgetPixels | None, keep: bool, captions: tuple[Caption, ...]) -> bool:
        """Paint the captions and the widgets into the backdrop's panel while they look the same
        from frame to frame (then a frame draws none of them); with `keep` False, paint only the
        captions, for the widgets to be drawn live on top. Only what changed is painted again."""
        key = widgets.key(self.layout.panel) if widgets is not None and keep else None
        shows = (key, captions)
        if shows != self._panel_shows:
            old = self._panel_shows
            area = _changed_area(old[0], key) if old is not None and key is not None and old[1] == captions else None
            area = self.layout.panel if area is None else area.clip(self.layout.panel)
            self._backdrop.set_clip(area)  # what draw_ui draws, only where a widget changed
            self._backdrop.fill(self.palette.panel, area)
            _draw_captions(self._backdrop, captions, self.palette, self.texts)
            if key is not None:
                widgets.draw(self._backdrop)
            self._backdrop.set_clip(None)
            self._panel_shows = shows
            self._panel_version += 1
            self._panel_changed = area
        return key is not None

    def _refresh_charts(self, sim: Simulation, log_scale: bool) -> None:
        run_key = (sim.trajectory, log_scale, sim.settings.sharpness)  # the path itself, not its id (ids are reused)
        end = sim.shown_to()
        moving = sim.playing or sim.catching_up
        if self._lr_source is None or self._lr_source[0] != run_key or _due(self._lr_source[1], end, moving):
            limit = 2.0 / sim.settings.sharpness
            per = sim.settings.steps_per_epoch
            unit = "epoch" if per == 1 else f"step ({per} steps per epoch)"
            self.lr_chart.title = (f"Learning rate η(t), one value per {unit}" if sim.curve is not None else
                                   f"Learning rate so far, one value per {unit}: the ball's loss sets it")
            self.lr_chart.x_label = self.loss_chart.x_label = "epoch" if per == 1 else "step"
            self.lr_chart.configure(
                values=sim.trajectory.rates(end),
                span=sim.steps,
                log_scale=log_scale,
                reference=Reference(limit, "stability limit 2/f″: above this line the ball flies out", "limit"),
            )
            self._lr_source = (run_key, end)
        if self._loss_source is None or self._loss_source[0] is not sim.trajectory or _due(
            self._loss_source[1], sim.ball_t, moving
        ):
            end = sim.ball_t
            self.loss_chart.configure(values=sim.trajectory.losses(end), log_scale=True, timeline=sim.steps)
            self._loss_source = (sim.trajectory, end)

    def draw(self, surface: pygame.Surface, sim: Simulation, alpha: float, log_scale: bool,
             mouse: tuple[int, int], preset: str = "", explain: bool = False,
             comparison: Race | None = None, training: TrainingRun | None = None,
             range_test: RangeTest | None = None, grand: EverySchedule | None = None,
             widgets: WidgetPixels | None = None, captions: tuple[Caption, ...] = ()) -> None:
        """The scene, then the widgets (if given) on top of it: kept in the backdrop unless
        something drawn here may reach under them (a tooltip, the explanation, the comparison or
        a training view, whose texts can run past the panel's edge in a small window).

        A plain frame (nothing but the run, the widgets kept) redraws only the parts whose key
        changed since the last frame, over the same pixels of the backdrop; the window keeps the
        rest from the frame before. Whatever draws over a frame (a tooltip, a view, the overlays
        and messages) makes the next one start from the backdrop."""
        lay, pal, texts = self.layout, self.palette, self.texts
        self._refresh_charts(sim, log_scale)
        tooltip = self._tooltip(sim, mouse)
        backdrop = self._backdrop_for_valley(sim.valley)
        plain = (tooltip is None and not explain and comparison is None and training is None and range_test is None
                 and grand is None)
        kept = self._keep_widgets(widgets, plain, captions)
        parts = self._parts(sim)
        canvas = (surface, surface.get_size(), self._backdrop_version)
        shown = self._shown if self._shown is not None and self._shown["canvas"] == canvas else None
        if shown is None:
            surface.blit(backdrop, (0, 0))
        elif shown["panel"] != self._panel_version:
            area = self._panel_changed if shown["panel"] == self._panel_version - 1 else lay.panel
            surface.blit(backdrop, area, area)
        for name, (rect, key) in parts.items():
            if shown is None or key is None or shown[name] != key:
                if shown is not None:
                    old = self._touched[name]  # where it drew last: the rest of its rect is backdrop
                    surface.blit(backdrop, old, old)
                surface.set_clip(rect)
                touched = self._draw_part(name, rect, key, surface, sim, alpha, preset)
                surface.set_clip(None)
                self._touched[name] = rect if touched is None else touched.clip(rect)
        self._shown = None
        if plain and kept:
            self._shown = {"canvas": canvas, "panel": self._panel_version} | {k: key for k, (_, key) in parts.items()}
        if explain:
            draw_explanation(surface, lay.valley, sim, pal, texts)
        if grand is not None:
            self.grand_view.draw(surface, lay.valley.union(lay.readout), grand, pal, texts)
        elif range_test is not None:
            self.range_view.draw(surface, lay.valley.union(lay.readout), range_test, pal, texts)
        elif training is not None:
            self.train_view.draw(surface, lay.valley.union(lay.readout), training, self.lr_chart.plot_rect, pal, texts)
        if comparison is not None:
            self._draw_comparison(surface, sim, alpha, log_scale, comparison)
        if tooltip is not None:
            draw_tooltip(surface, *tooltip, self.palette, self.texts)
        if widgets is not None and not kept:
            widgets.draw(surface)

    def forget_frame(self) -> None:
        """Draw the next frame whole, not over the last one."""
        self._shown = None

    def _parts(self, sim: Simulation) -> dict[str, tuple[pygame.Rect, object]]:
        """The parts that change with the run, each inside its own rectangle (they never overlap),
        with a key naming what it shows: the same key, the same pixels. Each card and each readout
        row is a part of its own: a new epoch changes only some of them. The valley's key is None:
        the ball moves every frame of a hop."""
        lay = self.layout
        parts: dict[str, tuple[pygame.Rect, object]] = {"chart": (lay.chart, (self.lr_chart.builds, sim.t))}
        parts |= {f"card {i}": (rect, card) for i, (rect, card) in enumerate(zip(lay.cards, cards_for(sim)))}
        parts["valley"] = (lay.valley, None)
        lines = readout_lines(sim)
        parts |= {f"row {i}": (rect, line) for i, (rect, line) in enumerate(zip(line_rects(lay.readout, len(lines)), lines))}
        parts["loss"] = (lay.loss_chart, (self.loss_chart.builds, sim.ball_t))
        return parts

    def _draw_part(self, name: str, rect: pygame.Rect, key: object, surface: pygame.Surface, sim: Simulation,
                   alpha: float, preset: str) -> pygame.Rect | None:
        """One of `_parts`, drawn from its key where the key holds what is shown (a card, a readout
        row). Returns the area it drew on when that is less than its rectangle (else None)."""
        lay, pal, texts = self.layout, self.palette, self.texts
        if name == "chart":
            return self.lr_chart.draw_marker(surface, sim.t, pal, texts)
        if name.startswith("card"):
            draw_card(surface, rect, key, pal, texts)
            return None
        if name.startswith("row"):
            draw_readout_line(surface, rect, *key, pal, texts)
            return None
        if name == "valley":
            area = self.valley_view.draw(surface, lay.valley, sim, alpha, pal)
            surface.set_clip(lay.valley)
            self.valley_view.banner(surface, lay.valley, sim, pal, texts)
            if preset:
                self._preset_caption(surface, PRESETS[preset])
            return None if sim.diverged or preset else area  # the banner and the caption cover more
        self.loss_chart.draw(surface, sim.ball_t, pal, texts)
        return None

    def view_button_at(self, pos: tuple[int, int], training: TrainingRun | None, range_test: RangeTest | None,
                       grand: EverySchedule | None) -> str | None:
        """Which drawn button is under a click: the train view's "range" or "grand", the range test's "use"."""
        body = self.layout.valley.union(self.layout.readout)
        if grand is not None:
            return None
        if range_test is not None:
            from lrgame.view.range_view import range_areas

            return "use" if range_test.done and range_areas(body).button.collidepoint(pos) else None
        if training is None:
            return None
        from lrgame.view.train_view import train_areas

        areas = train_areas(body, two_charts=training.controller is not None)
        return next((name for name, rect in areas.buttons if rect.collidepoint(pos)), None)

    def _draw_comparison(self, surface: pygame.Surface, sim: Simulation, alpha: float, log_scale: bool,
                         comparison: Race) -> None:
        """C: the compared curves over the LR chart, the race over the valley, the scoreboard over
        the readout. The race runs on the main run's clock (its current step)."""
        lay = self.layout
        if self._compare_view is None:  # imported on first use: it is a large module, and start-up counts
            from lrgame.view.race_view import RaceView

            self._compare_view = RaceView(self.palette, self.texts)
            self._compare_view.chart.empty_hint = "Shift+C adds the current schedule: add two to four, then race."
        view = self._compare_view
        view.draw_chart(surface, lay.chart, comparison, sim.t, log_scale)
        view.draw_race(surface, lay.valley, comparison, sim.ball_t, sim.hop_fraction(alpha))
        view.draw_scoreboard(surface, lay.readout, comparison, sim.ball_t)

    def _preset_caption(self, surface: pygame.Surface, preset: Preset) -> None:
        """Which recipe this is, where it comes from, and what one step counts."""
        x, y = self.layout.valley.x + px(8), self.layout.valley.y + px(6)
        width = self.layout.valley.w - px(16)
        lines = [(line, self.palette.text) for line in wrap(f"Recipe: {preset.title} · counted in {preset.unit}", 14, width)]
        lines += [(line, self.palette.text_dim) for line in wrap(preset.source, 14, width)]
        for text, colour in lines:
            surf = self.texts.render(text, 14, colour)
            surface.blit(surf, (x, y))
            y += surf.get_height() + px(2)

    def _tooltip(self, sim: Simulation, mouse: tuple[int, int]) -> tuple[pygame.Rect, str] | None:
        """Full precision under the cursor: a card's exact value, or the rate at an epoch (anchor, text)."""
        index = card_at(self.layout.cards, mouse)
        if index is not None:
            return self.layout.cards[index], cards_for(sim)[index].exact
        t = self.lr_chart.step_at(mouse)
        if t is not None:
            anchor = pygame.Rect(mouse[0], mouse[1] + px(8), 1, 1)
            if t < self.lr_chart.known:
                rate = self.lr_chart.value_at(t)
                return anchor, f"{when(sim, t)}: η = {full(rate)}  ({sig4(rate)})"
            return anchor, f"{when(sim, t)}: not reached yet, so its rate is not known (the loss will set it)"
        return None

    def draw_overlays(self, surface: pygame.Surface, panel: Panel, notes: list[tuple[pygame.Rect, Note]],
                      help_rows: tuple[tuple[str, str], ...] | None) -> None:
        """Drawn after the widgets, so they sit on top: focus ring, notes, help. (The next frame
        is then drawn whole: these are not among its parts.)"""
        focused = panel.focused()
        if focused is not None or notes or help_rows:
            self.forget_frame()
        if focused is not None:
            draw_focus(surface, focused.rect, self.palette)
        for rect, note in notes:
            draw_note(surface, rect, note.text, note.error, self.palette, self.texts)
        if help_rows:
            draw_help(surface, self.palette, self.texts, help_rows)


    def draw_messages(self, surface: pygame.Surface, export_folder: str | None, toast: Note | None,
                      code: str | None = None, setup_files: list | None = None) -> None:
        """The exported code, the export menu (when a folder is given: it is open), the setup list
        (when given), the last confirmation; like the overlays, they make the next frame whole."""
        if code is not None or export_folder is not None or setup_files is not None or toast is not None:
            self.forget_frame()
        if code is not None:
            draw_code(surface, self.layout.valley.union(self.layout.readout), code, self.palette, self.texts)
        if export_folder is not None:
            draw_export_menu(surface, export_folder, self.palette, self.texts)
        if setup_files is not None:
            draw_setup_list(surface, setup_files, self.palette, self.texts)
        if toast is not None:
            draw_toast(surface, toast.text.splitlines(), toast.error, self.palette, self.texts)


def _draw_captions(surface: pygame.Surface, captions: tuple[Caption, ...], palette: Palette, texts: TextCache) -> None:
    """Row labels in the text colour, headings bold in the dim one; left-aligned and centred
    in height, cut at their rectangle's right edge."""
    for text, rect, heading in captions:
        if not text:
            continue
        surf = (texts.render(text, HEADING_SIZE, palette.text_dim, bold=True) if heading
                else texts.render(text, CAPTION_SIZE, palette.text))
        surface.blit(surf, (rect.x, rect.centery - surf.get_height() // 2), pygame.Rect(0, 0, rect.w, surf.get_height()))


def _changed_area(old: list | None, new: list) -> pygame.Rect | None:
    """Where two lists of widget blits (image, x, y, flags) differ, old and new places both; None
    when they cannot be compared blit by blit (a widget came or went)."""
    if old is None or len(old) != len(new):
        return None
    rects = [pygame.Rect(x, y, *image.get_size())
             for a, b in zip(old, new, strict=True) if a != b for image, x, y, _ in (a, b)]
    return rects[0].unionall(rects[1:]) if rects else None


def _due(built: int, end: int, moving: bool) -> bool:
    """Rebuild a growing chart when its end moved, but while the run moves on a long one only every
    0.5 %: a rebuild costs time in proportion to its length, and the picture cannot change faster."""
    return end != built and (not moving or end < 2048 or abs(end - built) * 200 >= built)
