"""Memory that a kiosk left alone for days must not pile up, checked by counting what is kept
(resident memory itself is measured by `python main.py bench`, never by a test)."""

import pygame

from lrgame.view.text import TextCache

WHITE = (255, 255, 255)


def test_text_cache_keeps_the_strings_in_use_and_drops_the_oldest():
    pygame.font.init()
    texts = TextCache(limit=8)
    title = texts.render("THIS STEP", 13, WHITE, bold=True)
    for i in range(100):  # a frame: the title again, and a number never seen before
        assert texts.render("THIS STEP", 13, WHITE, bold=True) is title
        texts.render(f"x = {i}", 15, WHITE)
    assert len(texts) == 8
