"""Result cards: the engine's summary values, 4 significant digits, full precision on hover."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import pygame

from lrgame.engine import schedules
from lrgame.engine.explain import final_rate_reading
from lrgame.engine.numfmt import full, sig4
from lrgame.engine.units import in_unit, unit_words
from lrgame.look.theme import Palette, px, text_key
from lrgame.sim.simulation import Simulation
from lrgame.view.optimizer_readout import momentum_words
from lrgame.view.readout import when
from lrgame.view.text import Lines, TextCache, fit_lines, lines_height

TITLE_SIZES = (13, 11)
VALUE_SIZES = ((22, 16, 13, 11), (13, 11))  # on one line, on two lines


class Card(NamedTuple):
    title: str
    value: str
    exact: str
    short: str = ""  # the value in fewer words, for a card too small for it whole (the dropdown shows it all)
    short_title: str = ""  # likewise the title


def share_of_lr0(rate: float, lr0: float) -> str:
    """A rate against η₀, written as a student reads it right: " = η₀/1000", " = η₀", " = 2·η₀",
    " = 0" (not " · 0.1 %", which reads as a product). No-break spaces: a card's second line takes
    it whole.

    >>> share_of_lr0(1e-4, 0.1), share_of_lr0(2.467e-5, 0.1), share_of_lr0(0.05, 0.1), share_of_lr0(0.2, 0.1)
    (' =\xa0η₀/1000', ' =\xa0η₀/4050', ' =\xa0η₀/2', ' =\xa02·η₀')
    """
    if not (math.isfinite(rate) and math.isfinite(lr0) and lr0 > 0):
        return ""
    ratio = rate / lr0
    if ratio <= 0:
        return " =\u00a00"
    if ratio >= 1:
        times = float(f"{ratio:.3g}")
        return " =\u00a0η₀" if times == 1 else f" =\u00a0{times:g}·η₀"
    divisor = float(f"{1 / ratio:.3g}")
    return f" =\u00a0η₀/{divisor:g}" if divisor < 1e3 else f" =\u00a0η₀/{divisor:.0f}"


def cards_for(sim: Simulation) -> tuple[Card, ...]:
    """The six cards, every number straight from the summary."""
    s, settings = sim.summary, sim.settings
    per = settings.steps_per_epoch
    now = f"current η({s.step})" if per == 1 else f"η, epoch {s.step // per}, step {s.step}"
    lr0, last, average, schedule = _run_cards(s.initial, s.final, s.average, sim.so_far, settings.schedule,
                                              settings.unit, settings.epochs)
    return (_end_card(sim) if sim.over else Card(now, sig4(s.current), full(s.current)),
            lr0, last, average, _momentum_or_ratio(sim), schedule)


@lru_cache(maxsize=8, typed=True)  # typed: full(1) is not full(1.0)
def _run_cards(lr0: float, final: float, average: float, so_far: bool, schedule: str, unit: str,
               epochs: int) -> tuple[Card, Card, Card, Card]:
    """The η₀, final, average and schedule cards: made once a run, not at each of its steps, but
    while the loss decides the rates (`so_far`) the final and average ones change as it goes, and
    until it ends they are the latest rate used and the average so far, and say so."""
    share = share_of_lr0(final, lr0)
    if so_far:
        last = "latest η" + share
        reading = f"the rate of the last step so far; the loss decides the rest (T = {epochs})"
        average_title = "average η so far"
    else:
        last = "final η" + share
        reading = in_unit(final_rate_reading(final, lr0, schedule), unit)
        average_title = "average η"
    label = schedules.entry(schedule).label
    return (Card("η₀ (you set)", sig4(lr0), full(lr0)),
            Card(last, sig4(final), f"{full(final)}: {reading}"),
            Card(average_title, sig4(average), full(average)),
            Card("schedule", label, schedule, label.split(" (")[0]))


def _end_card(sim: Simulation) -> Card:
    """In the current card's place once the run is over (t = T): no rate, since none is used any
    more (η(T) is only what the scheduler holds afterwards); it points at the final card."""
    tick = unit_words(sim.settings.unit, sim.settings.steps_per_epoch).tick
    return Card("run over: no current η", "see final η", f"{when(sim, sim.t)}: all {sim.steps} {tick}s are "
                "trained, so no rate is used any more. The final η card has the last rate used.", "done")


def _momentum_or_ratio(sim: Simulation) -> Card:
    """η(t)/η₀, or while the schedule drives the momentum, the momentum now (`momentum_words`).
    Once the run is over: the final rate over η₀, and the momentum of the last step."""
    s = sim.summary
    words = momentum_words(sim, min(s.step, sim.steps - 1))
    if words is not None:
        title, value, exact, short_title = words
        return Card(title, value, exact, short_title=short_title)
    if sim.over:
        return Card("final η / η₀", sig4(s.final / s.initial), full(s.final / s.initial))
    return Card("η(t) / η₀", sig4(s.ratio), full(s.ratio))


def draw_card_boxes(surface: pygame.Surface, rects: tuple[pygame.Rect, ...], palette: Palette) -> None:
    """The empty cards (part of the scene's backdrop)."""
    for rect in rects:
        pygame.draw.rect(surface, palette.card, rect, border_radius=px(6))
        pygame.draw.rect(surface, palette.card_border, rect, px(1), border_radius=px(6))


def draw_card(surface: pygame.Surface, rect: pygame.Rect, card: Card, palette: Palette,
              texts: TextCache) -> pygame.Rect:
    """The title from the top of the box, the value up from the bottom, in the lines `card_lines`
    chose; returns the area they drew on (the frame wipes only there when the card changes)."""
    title, value = card_lines(card, rect.size)
    drawn = pygame.Rect(rect.x + px(10), rect.y + px(7), 0, 0)
    y = rect.y + px(7)
    for text, size in title:
        line = texts.render(text, size, palette.text_dim)
        drawn.union_ip(surface.blit(line, (rect.x + px(10), y), pygame.Rect(0, 0, rect.w - px(14), line.get_height())))
        y += line.get_height()
    y = rect.bottom - px(8)
    for text, size in reversed(value):
        line = texts.render(text, size, palette.text, bold=True)
        y -= line.get_height()
        drawn.union_ip(surface.blit(line, (rect.x + px(10), y), pygame.Rect(0, 0, rect.w - px(14), line.get_height())))
    return drawn


def card_lines(card: Card, size: tuple[int, int]) -> tuple[Lines, Lines]:
    """The title's and the value's lines in a card of `size`, every word inside it.

    The first that fits wins: both on one line (the value as big as it fits), then the title on
    two lines (the value takes the room left), then the value on two lines; then the same with
    the short forms. Projector text cannot shrink below its floor, so there a second line is what
    keeps a long title whole. If nothing fits, one line each, cut at the card's edge.

    A playing run's current-rate card has a new title and value every step: laid out with every
    digit a 0 (the project's fonts draw all digits as wide: tests/test_card_text.py), its lines
    are remembered, and cut from the real texts at the same places."""
    if card.short or card.short_title:
        return _card_lines(card.title, card.value, card.short_title, card.short, size, text_key())
    title, value = card.title.translate(_AS_ZERO), card.value.translate(_AS_ZERO)
    head, body = _card_lines(title, value, "", "", size, text_key())
    return _same_places(head, title, card.title), _same_places(body, value, card.value)


_AS_ZERO = str.maketrans("123456789", "000000000")


def _same_places(lines: Lines, shaped: str, real: str) -> Lines:
    """`lines`, cut from `shaped`, cut instead from `real` (the same text but its digits) at the
    same places."""
    out, at = [], 0
    for line, size in lines:
        at = shaped.find(line, at)
        out.append((real[at:at + len(line)], size))
        at += len(line)
    return tuple(out)


@lru_cache(maxsize=64)
def _card_lines(title: str, value: str, short_title: str, short: str, size: tuple[int, int],
                scale: tuple[float, int]) -> tuple[Lines, Lines]:
    """`card_lines`, remembered: a playing run changes its cards' numbers every step, always in
    the same few arrangements (`scale`: `text_key()`, which decides how wide the words are)."""
    w, h = size
    width = w - px(14)
    forms = dict.fromkeys((t, v) for t in (title, short_title or title) for v in (value, short or value))
    for head_text, body_text in forms:
        for most, sizes in enumerate(VALUE_SIZES, start=1):
            for title_lines in (1, 2):
                head = fit_lines(head_text, title_lines, TITLE_SIZES, width, h, bold=False)
                if head is None:
                    continue
                body = fit_lines(body_text, most, sizes, width, h - lines_height(head, bold=False) - px(15), bold=True)
                if body is not None:
                    return head, body
    return ((title, TITLE_SIZES[-1]),), ((value, VALUE_SIZES[-1][-1]),)


def card_at(rects: tuple[pygame.Rect, ...], pos: tuple[int, int]) -> int | None:
    return next((i for i, r in enumerate(rects) if r.collidepoint(pos)), None)
