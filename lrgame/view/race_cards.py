"""While the race shows, the cards describe the race: one card per ball, in slot order, with the
rate that ball's schedule uses now, instead of the run's six cards (whose schedule may not even be
in the race). With no ball yet the card row steps aside (it is left empty)."""

from __future__ import annotations

import pygame

from lrgame.engine.numfmt import full, sig4
from lrgame.engine.units import unit_words
from lrgame.look.theme import Palette, px
from lrgame.sim.race import Race
from lrgame.view.cards import Card, draw_card, draw_card_boxes
from lrgame.view.slot_look import ball_radius, draw_slot_marker
from lrgame.view.text import TextCache


def race_cards(comparison: Race, t: int, exact: bool = True) -> tuple[Card, ...]:
    """Each ball's card at step t (clamped to what is known): its label and its rate now. Once
    the race is over (t = T·S, every step taken) there is no rate now: the card gives the last
    rate used, η(T·S − 1). Without `exact`, the cards' tooltip words are left empty (what is drawn
    needs none, and a frame need not write four rates in full)."""
    t = comparison.known(t)
    unit = unit_words(comparison.unit, comparison.steps_per_epoch).tick
    over = t >= comparison.steps
    now, at = ("final η", t - 1) if over else ("η now", t)
    return tuple(
        Card(f"{slot.label}: {now}", sig4(float(curve[at])),
             f"{full(float(curve[at]))} at {unit} {at}" if exact else "", short_title=now)
        for slot, curve in zip(comparison.slots, comparison.curves, strict=True)
    )


def race_card_rects(rects: tuple[pygame.Rect, ...], count: int) -> list[pygame.Rect]:
    """`count` cards across the row the run's cards take, with the same gaps between them."""
    if not rects or count <= 0:
        return []
    row = rects[0].unionall(rects[1:])
    gap = rects[1].x - rects[0].right if len(rects) > 1 else px(8)
    w = (row.w - (count - 1) * gap) // count
    return [pygame.Rect(row.x + i * (w + gap), row.y, w, row.h) for i in range(count)]


def draw_race_cards(surface: pygame.Surface, rects: tuple[pygame.Rect, ...], comparison: Race, t: int,
                    palette: Palette, texts: TextCache) -> None:
    """The row of the run's cards, cleared, then one card per ball, its marker on the right."""
    cards = race_cards(comparison, t)
    draw_race_card_row(surface, rects, len(cards), palette, texts)
    for card, words in zip(cards, card_words(rects, len(cards)), strict=True):
        draw_card(surface, words, card, palette, texts)


def draw_race_card_row(surface: pygame.Surface, rects: tuple[pygame.Rect, ...], count: int, palette: Palette,
                       texts: TextCache) -> None:
    """The row of the run's cards cleared, and `count` empty cards, each with its slot's marker on
    the right: what stays while the race plays (the words change)."""
    if not rects:
        return
    surface.fill(palette.background, rects[0].unionall(rects[1:]))
    boxes = race_card_rects(rects, count)
    draw_card_boxes(surface, tuple(boxes), palette)
    room = _marker_room()
    for i, box in enumerate(boxes):
        draw_slot_marker(surface, i, (box.right - room // 2, box.centery), palette.card, texts)


def card_words(rects: tuple[pygame.Rect, ...], count: int) -> list[pygame.Rect]:
    """Where each of `count` cards' words go: its box but the marker's room on the right."""
    room = _marker_room()
    return [pygame.Rect(box.x, box.y, max(box.w - room, 0), box.h) for box in race_card_rects(rects, count)]


def _marker_room() -> int:
    return 2 * ball_radius() + px(16)
