"""A card's lines are worked out once for a number's every value (`cards.card_lines`): a playing
run's current-rate card has a new title and value every step, so they are laid out with every digit
a 0 and cut from the real texts at the same places. That holds because the project's fonts draw all
digits as wide, at every card size, in both weights and at every UI scale; and the lines are the
ones the real texts would get."""

from __future__ import annotations

import random

import pygame
import pytest

from lrgame.engine.numfmt import sig4
from lrgame.look.theme import font, set_ui_scale, text_key
from lrgame.view.cards import TITLE_SIZES, VALUE_SIZES, Card, _card_lines, card_lines

SCALES = (1.0, 1.3, 1.75, 2.0)


@pytest.fixture(autouse=True)
def _pygame():
    pygame.init()
    yield
    pygame.quit()


def _title(rng: random.Random) -> str:
    return rng.choice([f"current η({rng.randint(0, 99999)})", "η(t) / η₀",
                       f"η, epoch {rng.randint(0, 999)}, step {rng.randint(0, 9999)}"])


def _value(rng: random.Random) -> str:
    x = rng.choice([rng.random(), rng.random() * 1e-5, -rng.random() * 100, rng.random() * 1e6])
    return rng.choice([sig4(x), f"η₀/{rng.randint(1, 9999)} after {rng.randint(0, 999)} steps"])


@pytest.mark.parametrize("scale", SCALES)
def test_every_digit_is_as_wide_as_a_zero(scale: float) -> None:
    set_ui_scale(scale, 0)
    for size in {*TITLE_SIZES, *(s for sizes in VALUE_SIZES for s in sizes)}:
        for bold in (False, True):
            widths = {font(size, bold=bold).size(digit)[0] for digit in "0123456789"}
            assert len(widths) == 1, (scale, size, bold, widths)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_a_card_is_laid_out_as_its_real_texts_are(scale: float) -> None:
    set_ui_scale(scale, 0)
    rng = random.Random(3)
    for _ in range(150):
        card = Card(_title(rng), _value(rng), "")
        size = (round(rng.choice([90, 120, 160, 220]) * scale), round(rng.choice([50, 62, 80]) * scale))
        assert card_lines(card, size) == _card_lines(card.title, card.value, "", "", size, text_key()), card


def test_a_new_number_of_the_same_shape_is_not_laid_out_again() -> None:
    set_ui_scale(1.0, 0)
    card_lines(Card("current η(100)", "0.01234", ""), (150, 62))
    misses = _card_lines.cache_info().misses
    for t in range(101, 151):  # a playing run's steps: a new title and value each
        card_lines(Card(f"current η({t})", f"0.0{t + 1000}", ""), (150, 62))
    assert _card_lines.cache_info().misses == misses
