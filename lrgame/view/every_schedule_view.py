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
from lrgame.engine.units import in_unit
from lrgame.look.theme import Palette, px, ui_scale
from lrgame.train.every_schedule import AVERAGE, PEAK, SCHEDULE, EverySchedule, Role, TableRow, heading
from lrgame.view.compositor import Part, Warmer
from lrgame.view.text import Paragraph, TextCache, draw_paragraphs, fit_paragraphs, text_width

TITLE = "Every schedule, the same network"
LEGEND = ("Blue bar: the schedule's final loss on the test set, the mean over the seeds (shorter is better; the "
          "thin line across its end: ± the spread). Grey bar under it: a constant rate with the same average, so "
          "the same total step size. Orange dashes: a constant rate at η₀.")


TEXT_W = 400


@dataclass(frozen=True)
class GrandAreas:
    rows: pygame.Rect  # one row per schedule
    text: pygame.Rect  # title, progress, legend, the best so far


def grand_areas(rect: pygame.Rect) -> GrandAreas:
    """The rows on the left; the words on the right, in 38 % of the width or at least TEXT_W design
    px (big projector text), never more than half."""
    pad = px(10)
    text_w = min(max(int(rect.w * 0.38), px(TEXT_W)), rect.w // 2)
    rows = pygame.Rect(rect.x, rect.y, rect.w - text_w, rect.h)
    return GrandAreas(rows, pygame.Rect(rows.right + 2 * pad, rect.y + px(4), rect.right - rows.right - 2 * pad,
                                        rect.h - px(8)))


def row_rects(area: pygame.Rect) -> list[pygame.Rect]:
    """One rectangle per schedule, in registry order, filling the area's height."""
    n = len(schedules.SCHEDULES)
    h = area.h // n
    return [pygame.Rect(area.x, area.y + i * h, area.w, h) for i in range(n)]


NAME_SIZES = (14, 13, 12, 11)  # design px of the schedules' names: the first at which every name fits
VALUE_SIZE = 11  # design px of the numbers beside the bars


def _name_column(most: int) -> tuple[int, int]:
    """The names' text size and the column's width: the widest name whole, at the first size at
    which it fits in `most` pixels (else the smallest)."""
    for size in NAME_SIZES:
        widest = max(text_width(spec.label, size) for spec in schedules.SCHEDULES.values()) + px(16)
        if widest <= most:
            break
    return size, min(widest, most)


def left_out() -> str:
    """Why the loss-driven schedules have no row."""
    names = " and ".join(entry.label.split(" (")[0] for entry in schedules.LOSS_DRIVEN.values())
    return (f"{names} is left out: its rate comes from each run's own loss, so it has no curve to give a "
            "fair constant-rate twin. T trains it alone.")


class EveryScheduleView:
    """Draws a `EverySchedule` as it runs."""

    def __init__(self) -> None:
        self._layer: pygame.Surface | None = None
        self._layer_key: tuple | None = None
        self._builds = 0  # layers painted: the bars' key
        self.rows: list[TableRow] = []  # the finished rows the layer shows
        self._words: tuple[tuple, pygame.Surface] | None = None  # (what they say and where, their pixels)
        self._placed: tuple | None = None  # the last frame's (rect, palette, texts, unit): where `prepare` paints
        self._made: tuple[tuple, list[Part]] | None = None  # (what the parts follow, the parts)
        self._warmer = Warmer()  # `prepare`

    def parts(self, rect: pygame.Rect, grand: EverySchedule, palette: Palette, texts: TextCache,
              unit: str = "epochs") -> list[Part]:
        """The view as compositor parts: the bars, repainted when a run finishes, and the words,
        when what they say changes (the progress, once a percent). `unit`: what the run's T counts,
        which the words say (the network takes a step of its schedule per epoch, so in a run
        counted in steps an epoch of it is a step). The ground under them is the scene's. Made
        again only when something they follow changes (`_follows`), not every frame (~0.08 ms)."""
        self._placed = (rect, palette, texts, unit)
        follows = _follows(rect, grand, palette, texts, unit)
        if self._made is None or self._made[0] != follows:
            self._made = (follows, self._make_parts(rect, grand, palette, texts, unit))
        return self._made[1]

    def _make_parts(self, rect: pygame.Rect, grand: EverySchedule, palette: Palette, texts: TextCache,
                    unit: str) -> list[Part]:
        areas = grand_areas(rect)
        key = (grand, grand.runs_done, areas.rows, palette)
        if key != self._layer_key:
            self.rows = grand.rows_so_far()
            self._layer = self._paint(areas.rows, self.rows, palette, texts)
            self._layer_key = key
            self._builds += 1
        layer = self._layer
        words = _words(grand, palette, unit)
        return [Part("grand bars", areas.rows, (self._builds, palette),
                     lambda surface, area, _: surface.blit(layer, area), opaque=True),
                Part("grand words", areas.text, (words, ui_scale()),
                     lambda surface, area, key: surface.blit(self._words_picture(surface, area, key, palette,
                                                                                 texts), area), opaque=True)]

    def prepare(self, grand: EverySchedule) -> None:
        """Do now what the next frame would do for `grand` (in the idle time: the every-schedule
        mode's work), where and in the palette the last frame drew the view: paint the bars' layer
        and the words (`Warmer`)."""
        if self._placed is not None:
            rect, palette, texts, unit = self._placed
            self._warmer.warm(self.parts(rect, grand, palette, texts, unit))

    def _words_picture(self, like: pygame.Surface, area: pygame.Rect, key: tuple, palette: Palette,
                       texts: TextCache) -> pygame.Surface:
        """The words on the view's ground, painted once per what they say and where (fitting and
        drawing the paragraphs costs a frame a few tenths of a millisecond; a blit a hundredth)."""
        placed = (key, tuple(area), palette)
        if self._words is None or self._words[0] != placed:
            picture = pygame.Surface(area.size, 0, like)
            picture.fill(palette.background)  # the ground the words stand on (the scene's)
            _draw_words(picture, picture.get_rect(), key[0], texts)
            self._words = (placed, picture)
        return self._words[1]

    @staticmethod
    def _paint(area: pygame.Rect, rows: list[TableRow], palette: Palette, texts: TextCache) -> pygame.Surface:
        layer = pygame.Surface(area.size)
        layer.fill(palette.panel)
        by_role = {role: row for row in rows for role in row.roles}
        finals = [r.test_loss.mean + (r.test_loss.spread or 0) for r in rows if r.test_loss is not None]
        top = 1.1 * max(finals, default=1.0)
        name_size, name_w = _name_column(area.w // 2)
        value_room = text_width("0.0000 ± 0.00000", VALUE_SIZE) + px(8)  # a mean ± spread right of the longest bar
        bars = pygame.Rect(name_w, 0, max(1, area.w - name_w - value_room), area.h)

        def width(loss: float) -> int:
            return max(1, round(min(loss / top, 1.0) * bars.w))

        words: list[tuple[pygame.Surface, tuple[int, int]]] = []  # drawn last, over the dashes
        for spec, box in zip(schedules.SCHEDULES.values(), row_rects(layer.get_rect()), strict=True):
            name = texts.render(spec.label, name_size, palette.text)
            words.append((name, (px(6), box.y + (box.h - name.get_height()) // 2)))
            own, average = by_role.get(Role(SCHEDULE, spec.name)), by_role.get(Role(AVERAGE, spec.name))
            if own is None or average is None:  # a shared baseline may be done before its schedule: wait for both
                wait = texts.render("not trained yet", 12, palette.text_dim)
                words.append((wait, (bars.x, box.centery - wait.get_height() // 2)))
                continue
            said: list[pygame.Rect] = []  # the ink of the row's words so far
            for row, colour, y, h in ((own, palette.curve, box.centery - px(11), px(10)),
                                      (average, palette.axis, box.centery + px(3), px(6))):
                if row.test_loss is None:
                    surf, x = texts.render("diverged", 11, palette.danger, bold=True), bars.x
                else:
                    w = width(row.test_loss.mean)
                    pygame.draw.rect(layer, colour, (bars.x, y, w, h))
                    spread = row.test_loss.spread or 0.0
                    if spread:  # ± the spread: a whisker across the bar's end
                        mean = row.test_loss.mean
                        lo, hi = bars.x + width(mean - spread), bars.x + width(mean + spread)
                        pygame.draw.line(layer, palette.text, (lo, y + h // 2), (hi, y + h // 2), px(1))
                    surf = texts.render(_stat_text(row), VALUE_SIZE, palette.text if row is own else palette.text_dim)
                    x = max(bars.x + w, bars.x + width(row.test_loss.mean + spread)) + px(4)
                at = (x, y + h // 2 - surf.get_height() // 2)
                ink = surf.get_bounding_rect().move(at).inflate(px(2), px(2))
                if ink.collidelist(said) < 0:  # the baseline's number only where it stays off the schedule's
                    words.append((surf, at))
                    said.append(ink)
        peak = by_role.get(Role(PEAK, None))
        if peak is not None and peak.test_loss is not None:
            x = bars.x + width(peak.test_loss.mean)
            for y in range(0, area.h, px(8)):
                pygame.draw.line(layer, palette.marker, (x, y), (x, min(y + px(4), area.h - 1)), px(1))
        layer.blits(words)
        return layer

def _follows(rect: pygame.Rect, grand: EverySchedule, palette: Palette, texts: TextCache, unit: str) -> tuple:
    """Everything the view's parts are made from: where, the palette, scale and unit, the comparison,
    its runs done and training, its progress as the words say it (a whole percent), and its end."""
    return (tuple(rect), palette, texts, unit, ui_scale(), grand, grand.runs_done, grand.training_now,
            f"{100 * grand.progress:.0f}", grand.done)


def _words(grand: EverySchedule, palette: Palette, unit: str) -> tuple[tuple[Paragraph, ...], ...]:
    """What the words say, longest first: the title, the setting, the progress, then the legend,
    what is left out and the closing hint, which big text in a small window drops in that order."""
    runs = len(grand.plans) * len(grand.seeds)
    paragraphs: list[Paragraph] = [
        (TITLE, 16, palette.text, True),
        (f"{heading(grand.epochs, grand.recipe)} Seeds {_seeds(grand.seeds)}: mean ± spread. Each schedule at "
         "its default knobs.", 14, palette.text_dim, False),
    ]
    if grand.done:
        paragraphs.append((f"Done: {runs} runs. {_best(grand.rows())}", 15, palette.ok, False))
    else:
        paragraphs.append((progress_words(grand), 15, palette.text, False))
    extra: list[Paragraph] = [(LEGEND, 14, palette.text_dim, False), (left_out(), 14, palette.text_dim, False),
                              ("Shift+T or Esc closes this; python main.py compare prints the table.",
                               14, palette.text_dim, False)]
    return tuple(tuple((in_unit(text, unit), *rest) for text, *rest in paragraphs + extra[:n])
                 for n in range(len(extra), -1, -1))


def progress_words(grand: EverySchedule) -> str:
    """How far the training is, in words that stay true while a stack of runs trains together."""
    first, last = grand.training_now
    runs, seeds = len(grand.plans) * len(grand.seeds), len(grand.seeds)
    together = f"runs {first}–{last} of {runs} together" if last > first else f"run {first} of {runs}"
    return (f"Training {together} ({len(grand.plans)} different rate curves × {seeds} "
            f"seed{'s' if seeds > 1 else ''}): {100 * grand.progress:.0f} % of all their epochs done.")


def _draw_words(surface: pygame.Surface, area: pygame.Rect, tries: tuple[tuple[Paragraph, ...], ...],
                texts: TextCache) -> None:
    """The first of `tries` that fits the area."""
    shown = next((p for p in tries if fit_paragraphs(list(p), area.w, area.h) is not None), tries[-1])
    draw_paragraphs(surface, area, list(shown), texts)


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
