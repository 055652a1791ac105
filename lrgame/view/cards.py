"""Result cards: the engine's summary values, 4 significant digits, full precision on hover."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from lrgame import schedules
from lrgame.explain import final_rate_reading
from lrgame.numfmt import full, sig4
from lrgame.simulation import Simulation
from lrgame.view.text import TextCache, wrap
from lrgame.view.theme import Palette, px


@dataclass(frozen=True)
class Card:
    title: str
    value: str
    exact: str


def cards_for(sim: Simulation) -> tuple[Card, ...]:
    """The six cards, every number straight from the summary.

    A loss-driven run knows its rates only up to now: until it ends, "final" and "average" are
    the latest rate used and the average so far, and say so."""
    s = sim.summary
    per = sim.settings.steps_per_epoch
    now = f"current η({s.epoch})" if per == 1 else f"η, epoch {s.epoch // per}, step {s.epoch}"
    share = f" · {100 * s.final / s.initial:.3g} %"
    if sim.so_far:
        last_step = max(s.epoch - 1, 0)
        last = (f"latest η({last_step})" if per == 1 else f"latest η (step {last_step})") + share
        reading = f"the rate of the last step so far; the loss decides the rest (T = {sim.settings.epochs})"
        average = "average η so far"
    else:
        last = (f"final η({sim.steps - 1})" if per == 1 else f"final η (step {sim.steps - 1})") + share
        reading = final_rate_reading(s.final, s.initial, sim.settings.schedule)
        average = "average η"
    return (
        Card(now, sig4(s.current), full(s.current)),
        Card("η₀ (you set)", sig4(s.initial), full(s.initial)),
        Card(last, sig4(s.final), f"{full(s.final)}: {reading}"),
        Card(average, sig4(s.average), full(s.average)),
        Card("η(t) / η₀", sig4(s.ratio), full(s.ratio)),
        Card("schedule", schedules.entry(sim.settings.schedule).label, sim.settings.schedule),
    )


def draw_card_boxes(surface: pygame.Surface, rects: tuple[pygame.Rect, ...], palette: Palette) -> None:
    """The empty cards (part of the scene's backdrop)."""
    for rect in rects:
        pygame.draw.rect(surface, palette.card, rect, border_radius=px(6))
        pygame.draw.rect(surface, palette.card_border, rect, px(1), border_radius=px(6))


def draw_cards(surface: pygame.Surface, rects: tuple[pygame.Rect, ...], cards: tuple[Card, ...],
               palette: Palette, texts: TextCache) -> None:
    """Titles and values onto the boxes."""
    for rect, card in zip(rects, cards, strict=True):
        title = texts.render(card.title, 13, palette.text_dim)
        if title.get_width() > rect.w - px(14):
            title = texts.render(card.title, 11, palette.text_dim)
        # Projector text cannot shrink below its floor: a title that still does not fit is cut at the card's edge.
        surface.blit(title, (rect.x + px(10), rect.y + px(7)), pygame.Rect(0, 0, rect.w - px(14), title.get_height()))
        _draw_value(surface, rect, card.value, rect.h - title.get_height() - px(15), palette, texts)


def _draw_value(surface: pygame.Surface, rect: pygame.Rect, text: str, room: int, palette: Palette,
                texts: TextCache) -> None:
    """Big if it fits; otherwise smaller; then on two lines (long schedule names) if two lines fit
    under the title (`room` pixels), else cut at the card's edge."""
    width = rect.w - px(16)
    for size in (22, 16, 13, 11):
        value = texts.render(text, size, palette.text, bold=True)
        if value.get_width() <= width:
            break
    lines = [value]
    if value.get_width() > width:
        wrapped = [texts.render(line, 13, palette.text, bold=True) for line in wrap(text, 13, width, bold=True)]
        if len(wrapped) == 2 and sum(line.get_height() for line in wrapped) <= room:
            lines = wrapped
    y = rect.bottom - px(8)
    for line in reversed(lines):
        y -= line.get_height()
        surface.blit(line, (rect.x + px(10), y), pygame.Rect(0, 0, width, line.get_height()))


def card_at(rects: tuple[pygame.Rect, ...], pos: tuple[int, int]) -> int | None:
    return next((i for i, r in enumerate(rects) if r.collidepoint(pos)), None)
