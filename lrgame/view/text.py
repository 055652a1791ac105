"""Cached text surfaces: per-frame numbers are drawn from a cache, never re-rendered each frame."""

from __future__ import annotations

from functools import lru_cache

import pygame

from lrgame.view.theme import Color, font, text_key


class TextCache:
    """Renders (text, size, style, colour) once and reuses the surface.

    Bounded: when full it starts over, so a long kiosk run with ever-changing numbers cannot grow
    memory without limit.
    """

    def __init__(self, limit: int = 2048) -> None:
        self._limit = limit
        self._surfaces: dict[tuple[str, int, bool, bool, Color, tuple[float, int]], pygame.Surface] = {}

    def render(self, text: str, size: int, color: Color, *, bold: bool = False, mono: bool = False) -> pygame.Surface:
        key = (text, size, bold, mono, color, text_key())
        surface = self._surfaces.get(key)
        if surface is None:
            if len(self._surfaces) >= self._limit:
                self._surfaces.clear()
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
def _wrapped(text: str, size: int, width: int, bold: bool) -> tuple[str, ...]:
    """`wrap`, remembered: the views draw the same paragraphs every frame."""
    return tuple(wrap(text, size, width, bold=bold))


def draw_paragraphs(surface: pygame.Surface, area: pygame.Rect, paragraphs: list[Paragraph], texts: TextCache) -> None:
    """Each paragraph wrapped to the area's width, 8 px between paragraphs; lines that would pass the
    area's bottom are left out."""
    y = area.y
    for text, size, colour, bold in paragraphs:
        for line in _wrapped(text, size, area.w, bold):
            surf = texts.render(line, size, colour, bold=bold)
            if y + surf.get_height() > area.bottom:
                return
            surface.blit(surf, (area.x, y))
            y += surf.get_height() + 2
        y += 6
