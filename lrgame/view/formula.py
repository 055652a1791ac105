"""A tiny formula renderer: runs of text, some drawn as subscripts or superscripts.

pygame draws plain strings only, and pygame_gui's HTML has no <sub>, so η₀, γ^⌊t/s⌋ and friends
are laid out here: a "sub" run is drawn smaller and lowered, a "sup" run smaller and raised.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from lrgame.look.theme import Color, font, ui_scale
from lrgame.view.text import TextCache, text_width

Segment = tuple[str, str]  # (text, "normal" | "sub" | "sup")

SMALL = 0.7


def draw_formula(surface: pygame.Surface, pos: tuple[int, int], segments: Sequence[Segment], size: int,
                 color: Color, texts: TextCache) -> int:
    """Draw at `pos` (top-left of the line box); return the x just after the formula."""
    x, top = pos
    baseline = top + int(size * 1.25 * ui_scale())
    for text, style in segments:
        surf = _run((text, style), size, texts, color)
        rise = {"sub": -int(size * 0.3 * ui_scale()), "sup": int(size * 0.45 * ui_scale())}.get(style, 0)
        surface.blit(surf, (x, baseline - rise - font(_run_size(style, size)).get_ascent()))
        x += surf.get_width()
    return x


def formula_size(segments: Sequence[Segment], sizes: Sequence[int], max_w: int) -> int:
    """The first of `sizes` at which the formula is at most `max_w` pixels wide (else the last)."""
    for size in sizes:
        if sum(text_width(text, _run_size(style, size)) for text, style in segments) <= max_w:
            return size
    return sizes[-1]


def _run_size(style: str, size: int) -> int:
    return size if style == "normal" else max(8, int(size * SMALL))


def _run(segment: Segment, size: int, texts: TextCache, color: Color) -> pygame.Surface:
    text, style = segment
    return texts.render(text, _run_size(style, size), color)
