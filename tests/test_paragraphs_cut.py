"""Paragraphs that do not fit their area say so: the last line drawn ends in "…", even when the
line left out is a whole paragraph after a paragraph that ended just in time (the range test's
"G or Esc closes this" was dropped without a mark, so no check of the frame could see it)."""

from __future__ import annotations

import pygame
import pytest

from lrgame.view.text import SMALLEST, draw_paragraphs, font


class Recorded:
    """A TextCache that keeps what it was asked to render."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def render(self, text, size, colour, *, bold=False, mono=False):
        self.lines.append(text)
        return font(size, bold=bold, mono=mono).render(text, True, colour)


@pytest.mark.parametrize("spare", [0, 5])
def test_a_paragraph_left_out_after_one_that_fits_leaves_a_mark(spare):
    height = font(SMALLEST).get_height()
    area = pygame.Rect(0, 0, 400, 2 * height + 2 + spare)  # two lines' room, but the paragraphs' gap takes it
    texts = Recorded()
    paragraphs = [("One line that fits.", SMALLEST, (0, 0, 0), False),
                  ("G or Esc closes this.", SMALLEST, (0, 0, 0), False)]
    assert draw_paragraphs(pygame.Surface(area.size), area, paragraphs, texts) is False
    assert texts.lines == ["One line that fits. …"]


def test_paragraphs_that_fit_are_drawn_as_they_are():
    area = pygame.Rect(0, 0, 400, 200)
    texts = Recorded()
    paragraphs = [("One.", 14, (0, 0, 0), True), ("Two.", 14, (0, 0, 0), False)]
    assert draw_paragraphs(pygame.Surface(area.size), area, paragraphs, texts) is True
    assert texts.lines == ["One.", "Two."]
