"""A card and a readout row say where their words drew (`Part.paint`'s returned area in
`lrgame.view.compositor`): their rect is the whole box or the row across the readout, but the words
cover a fraction of it, and a changed part's old pixels are wiped to the backdrop only there. The
area must hold every pixel they drew, and be less than their rect (else nothing was gained)."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from lrgame.look.theme import DARK
from lrgame.view.cards import Card, draw_card
from lrgame.view.readout import draw_readout_line
from lrgame.view.text import TextCache

SENTINEL = (1, 2, 3)


@pytest.fixture(autouse=True)
def _pygame():
    pygame.init()
    yield
    pygame.quit()


def _check(draw, rect: pygame.Rect) -> None:
    surface = pygame.Surface((rect.right + 20, rect.bottom + 20))
    surface.fill(SENTINEL)
    surface.set_clip(rect)  # as the compositor paints a part
    area = draw(surface, rect)
    surface.set_clip(None)
    assert isinstance(area, pygame.Rect) and rect.contains(area)
    assert area.w * area.h < rect.w * rect.h
    pixels = pygame.surfarray.pixels3d(surface)
    changed = np.argwhere((pixels != np.array(SENTINEL)).any(axis=2))
    assert changed.size
    assert all(area.collidepoint(int(x), int(y)) for x, y in changed)


@pytest.mark.parametrize("text, role", [("position x = 0.1234", "text"), ("epoch t = 12 of 1000", "text"),
                                        ("bouncing: overshoots, then less", "marker_text")])
def test_a_readout_row_says_where_its_words_are(text: str, role: str) -> None:
    texts = TextCache()
    _check(lambda s, r: draw_readout_line(s, r, text, role, DARK, texts), pygame.Rect(10, 30, 294, 22))


@pytest.mark.parametrize("card", [Card("current η(123)", "0.09977", "0.0997712"), Card("η₀ (you set)", "0.1", "0.1")])
def test_a_card_says_where_its_words_are(card: Card) -> None:
    texts = TextCache()
    _check(lambda s, r: draw_card(s, r, card, DARK, texts), pygame.Rect(10, 30, 145, 63))
