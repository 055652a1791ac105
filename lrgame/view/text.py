"""Cached text surfaces: per-frame numbers are drawn from a cache, never re-rendered each frame."""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache

import pygame

from lrgame.look.theme import Color, font, text_key


class TextCache:
    """Renders (text, size, style, colour) once and reuses the surface.

    Least recently used first out, at a small limit: the ball's numbers give several new strings
    every frame, and each surface is ~10 KB, so a large cache only fills with numbers already gone
    (2,048 of them held ~20 MB and kept a kiosk's memory climbing). A frame draws at most ~130
    strings (help, code and comparison all open), so the limit keeps the ones in use.
    """

    def __init__(self, limit: int = 512) -> None:
        self._limit = limit
        self._surfaces: OrderedDict[tuple[str, int, bool, bool, Color, tuple[float, int]], pygame.Surface] = OrderedDict()

    def render(self, text: str, size: int, color: Color, *, bold: bool = False, mono: bool = False) -> pygame.Surface:
        key = (text, size, bold, mono, color, text_key())
        surface = self._surfaces.get(key)
        if surface is not None:
            self._surfaces.move_to_end(key)
            return surface
        if len(self._surfaces) >= self._limit:
            self._surfaces.popitem(last=False)
        surface = font(size, bold=bold, mono=mono).render(text, True, color)
        self._surfaces[key] = surface
        return surface

    def __len__(self) -> int:
        return len(self._surfaces)


def wrap(text: str, size: int, width: int, *, bold: bool = False) -> list[str]:
    """Split `text` into lines that fit `width` pixels at a font size."""
    f = font(size, bold=bold)
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and f.size(trial)[0] > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


Paragraph = tuple[str, int, Color, bool]  # text, size, colour, bold


@lru_cache(maxsize=256)
def _wrapped(text: str, size: int, width: int, bold: bool, scale: tuple[float, int]) -> tuple[str, ...]:
    """`wrap`, remembered: the views draw the same paragraphs every frame (`scale`: `text_key()`,
    which decides how wide the words are)."""
    return tuple(wrap(text, size, width, bold=bold))


def draw_paragraphs(surface: pygame.Surface, area: pygame.Rect, paragraphs: list[Paragraph], texts: TextCache) -> None:
    """Each paragraph wrapped to the area's width, 8 px between paragraphs; lines that would pass the
    area's bottom are left out."""
    y = area.y
    for text, size, colour, bold in paragraphs:
        for line in _wrapped(text, size, area.w, bold, text_key()):
            surf = texts.render(line, size, colour, bold=bold)
            if y + surf.get_height() > area.bottom:
                return
            surface.blit(surf, (area.x, y))
            y += surf.get_height() + 2
        y += 6
