"""Cached text surfaces: per-frame numbers are drawn from a cache, never re-rendered each frame."""

from __future__ import annotations

from collections import OrderedDict

import pygame

from lrgame.view.theme import Color, font


class TextCache:
    """Renders (text, size, style, colour) once and reuses the surface.

    Least recently used first out, at a small limit: the ball's numbers give several new strings
    every frame, and each surface is ~10 KB, so a large cache only fills with numbers already gone
    (2,048 of them held ~20 MB and kept a kiosk's memory climbing). A frame draws at most ~130
    strings (help, code and comparison all open), so the limit keeps the ones in use.
    """

    def __init__(self, limit: int = 512) -> None:
        self._limit = limit
        self._surfaces: OrderedDict[tuple[str, int, bool, bool, Color], pygame.Surface] = OrderedDict()

    def render(self, text: str, size: int, color: Color, *, bold: bool = False, mono: bool = False) -> pygame.Surface:
        key = (text, size, bold, mono, color)
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
