"""The grand comparison view (Shift+T): every schedule trains the same network, rows filling in as runs end.

One row per schedule: its final test loss (the mean over the seeds, a whisker for ± the spread) as a
bar, and under it a thinner bar for a constant rate with the same average (the same total step
size), so a schedule is not praised for "more learning rate". A dashed line marks a constant rate
at η₀. The heading says the network's setting: optimizer, batch size, η₀, T and the seeds. The
bars are painted into a layer when a run finishes,
never per frame; only the progress line changes every frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from lrgame.engine import schedules
from lrgame.engine.numfmt import sig4
from lrgame.look.theme import Palette, px
from lrgame.train.every_schedule import AVERAGE, PEAK, SCHEDULE, EverySchedule, Role, TableRow, heading
from lrgame.view.text import Paragraph, TextCache, draw_paragraphs

TITLE = "Every schedule, the same network"
LEGEND = ("Blue bar: the schedule's final loss on the test set, the mean over the seeds (shorter is better; the "
          "thin line across its end: ± the spread). Grey bar under it: a constant rate with the same average, so "
          "the same total step size. Orange dashes: a constant rate at η₀.")


@dataclass(frozen=True)
class GrandAreas:
    rows: pygame.Rect  # one row per schedule
    text: pygame.Rect  # title, progress, legend, the best so far


def grand_areas(rect: pygame.Rect) -> GrandAreas:
    pad = px(10)
    rows = pygame.Rect(rect.x, rect.y, int(rect.w * 0.68), rect.h)
    return GrandAreas(rows, pygame.Rect(rows.right + 2 * pad, rect.y + px(4), rect.right - rows.right - 2 * pad,
                                        rect.h - px(8)))


def row_rects(area: pygame.Rect) -> list[pygame.Rect]:
    """One rectangle per schedule, in registry order, filling the area's height."""
    n = len(schedules.SCHEDULES)
    h = area.h // n
    return [pygame.Rect(area.x, area.y + i * h, area.w, h) for i in range(n)]


NAME_W, VALUE_W = 196, 66  # design px: the name column (at most), and room right of the bars for a number


class EveryScheduleView:
    """Draws a `EverySchedule` as it runs."""

    def __init__(self) -> None:
        self._layer: pygame.Surface | None = None
        self._layer_key: tuple | None = None
        self.rows: list[TableRow] = []  # the finished rows the layer shows

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, grand: EverySchedule, palette: Palette,
             texts: TextCache) -> None:
        pygame.draw.rect(surface, palette.background, rect.inflate(px(20), 0))  # over any overhanging readout text
        areas = grand_areas(rect)
        key = (id(grand), grand.runs_done, areas.rows, palette)
        if key != self._layer_key:
            self.rows = grand.rows_so_far()
            self._layer = self._paint(areas.rows, self.rows, palette, texts)
            self._layer_key = key
        assert self._layer is not None
        surface.blit(self._layer, areas.rows)
        self._text(surface, areas.text, grand, palette, texts)

    @staticmethod
    def _paint(area: pygame.Rect, rows: list[TableRow], palette: Palette, texts: TextCache) -> pygame.Surface:
        layer = pygame.Surface(area.size)
        layer.fill(palette.panel)
        by_role = {role: row for row in rows for role in row.roles}
        finals = [r.test_loss.mean + (r.test_loss.spread or 0) for r in rows if r.test_loss is not None]
        top = 1.1 * max(finals, default=1.0)
        name_w = min(px(NAME_W), area.w // 2)
        bars = pygame.Rect(name_w, 0, max(1, area.w - name_w - px(VALUE_W)), area.h)

        def width(loss: float) -> int:
            return max(1, round(min(loss / top, 1.0) * bars.w))

        for spec, box in zip(schedules.SCHEDULES.values(), row_rects(layer.get_rect()), strict=True):
            name = texts.render(spec.label, 14, palette.text)
            layer.blit(name, (px(6), box.y + (box.h - name.get_height()) // 2),
                       pygame.Rect(0, 0, name_w - px(10), box.h))
            own, average = by_role.get(Role(SCHEDULE, spec.name)), by_role.get(Role(AVERAGE, spec.name))
            if own is None or average is None:  # a shared baseline may be done before its schedule: wait for both
                wait = texts.render("not trained yet", 12, palette.text_dim)
                layer.blit(wait, (bars.x, box.centery - wait.get_height() // 2))
                continue
            # Two numbers fit a row only if the row is two lines of small text tall (not with projector text).
            both = box.h >= 2 * texts.render("0", 11, palette.text).get_height()
            for row, colour, y, h in ((own, palette.curve, box.centery - px(11), px(10)),
                                      (average, palette.axis, box.centery + px(3), px(6))):
                if row.test_loss is None:
                    words = texts.render("diverged", 11, palette.danger, bold=True)
                    layer.blit(words, (bars.x, y + h // 2 - words.get_height() // 2))
                else:
                    w = width(row.test_loss.mean)
                    pygame.draw.rect(layer, colour, (bars.x, y, w, h))
                    spread = row.test_loss.spread or 0.0
                    if spread:  # ± the spread: a whisker across the bar's end
                        mean = row.test_loss.mean
                        lo, hi = bars.x + width(mean - spread), bars.x + width(mean + spread)
                        pygame.draw.line(layer, palette.text, (lo, y + h // 2), (hi, y + h // 2), px(1))
                    if row is own or both:
                        colour = palette.text if row is own else palette.text_dim
                        value = texts.render(_stat_text(row), 11, colour)
                        right = max(bars.x + w, bars.x + width(row.test_loss.mean + spread))
                        layer.blit(value, (right + px(4), y + h // 2 - value.get_height() // 2))
        peak = by_role.get(Role(PEAK, None))
        if peak is not None and peak.test_loss is not None:
            x = bars.x + width(peak.test_loss.mean)
            for y in range(0, area.h, px(8)):
                pygame.draw.line(layer, palette.marker, (x, y), (x, min(y + px(4), area.h - 1)), px(1))
        return layer

    @staticmethod
    def _text(surface: pygame.Surface, area: pygame.Rect, grand: EverySchedule, palette: Palette,
              texts: TextCache) -> None:
        runs = len(grand.plans) * len(grand.seeds)
        paragraphs: list[Paragraph] = [
            (TITLE, 16, palette.text, True),
            (f"{heading(grand.epochs, grand.recipe)} Seeds {_seeds(grand.seeds)}: mean ± spread. Each schedule at "
             "its default knobs.", 14, palette.text_dim, False),
        ]
        if grand.done:
            paragraphs.append((f"Done: {runs} runs. {_best(grand.rows())}", 15, palette.ok, False))
        else:
            paragraphs.append((f"Training run {grand.runs_done + 1} of {runs} ({100 * grand.progress:.0f} %), "
                               "a few epochs every frame.", 15, palette.text, False))
        paragraphs += [(LEGEND, 14, palette.text_dim, False),
                       ("Shift+T or Esc closes this. The command python main.py compare prints the whole table.",
                        14, palette.text_dim, False)]
        draw_paragraphs(surface, area, paragraphs, texts)


def _best(rows: list[TableRow]) -> str:
    """Which schedule ended with the lowest mean test loss, in words."""
    finished = [(r.test_loss.mean, role.schedule) for r in rows if r.test_loss is not None
                for role in r.roles if role.kind == SCHEDULE]
    if not finished:
        return "Every schedule diverged: lower η₀."
    loss, name = min(finished)
    return f"Lowest test loss: {schedules.SCHEDULES[name].label}, {sig4(loss)}."


def _stat_text(row: TableRow) -> str:
    """The mean test loss, and ± the spread when there are several seeds."""
    stat = row.test_loss
    assert stat is not None
    return sig4(stat.mean) + ("" if stat.spread is None else f" ± {sig4(stat.spread)}")


def _seeds(seeds: tuple[int, ...]) -> str:
    return ", ".join(map(str, seeds))
