"""Text on the screen: cached surfaces, and every way a text is made to fit a width.

Per-frame numbers are drawn from a cache, never re-rendered each frame. Each fitting job has one
function here, measured in the project font at the current UI scale (`text_key`, part of every
cache key, since it decides how wide the words are):

- `fit`: cut short with "…" (a chart title, a legend label, a scoreboard cell);
- `fit_clause`: the words before the colon when the whole does not fit (the readout's regime);
- `wrap`: words in lines of a width (paragraphs, the help, the scoreboard's notes);
- `wrap_chars`: words in lines of a number of characters (a long line of the exported code);
- `fit_lines`: the first size that puts a text on one or two even lines in a box (the cards);
- `paragraphs_height`: how tall wrapped paragraphs stand;
- `fit_paragraphs` / `draw_paragraphs`: paragraphs at the first size, a step smaller each time,
  that fits their area (the explanation, the training views' words).
"""

from __future__ import annotations

import re
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
        self._surfaces: OrderedDict[tuple, pygame.Surface] = OrderedDict()  # (text, size, bold, mono, colour, scale)

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


@lru_cache(maxsize=4096)
def _width(text: str, size: int, bold: bool, scale: tuple[float, int]) -> int:
    return font(size, bold=bold).size(text)[0]


def text_width(text: str, size: int, *, bold: bool = False) -> int:
    """Pixel width of `text` (cached: measuring is the costly part of a table drawn every frame)."""
    return _width(text, size, bold, text_key())


def fit(text: str, size: int, max_w: int, *, bold: bool = False) -> str:
    """`text`, cut short with "…" so it is at most `max_w` pixels wide ("" if not even "…" fits)."""
    return _fit(text, size, max_w, bold, text_key())


@lru_cache(maxsize=1024)
def _fit(text: str, size: int, max_w: int, bold: bool, scale: tuple[float, int]) -> str:
    if _width(text, size, bold, scale) <= max_w:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if _width(text[:mid].rstrip() + "…", size, bold, scale) <= max_w:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…" if lo > 0 else ""


def fit_clause(text: str, size: int, max_w: int, *, bold: bool = False) -> str:
    """`text`, or only the part before its colon when the whole does not fit `max_w` (big
    projector text): "bouncing", not "bouncing: overshoots, th"."""
    if ": " in text and text_width(text, size, bold=bold) > max_w:
        return text.split(": ")[0]
    return text


def wrap(text: str, size: int, max_w: int, *, bold: bool = False, cut: bool = False) -> tuple[str, ...]:
    """Split `text` into lines that fit `max_w` pixels at a font size, a word at a time; a word
    longer than a line has one of its own, cut short with `fit` if `cut` (cached: the views draw
    the same paragraphs every frame)."""
    return _wrap(text, size, max_w, bold, cut, text_key())


@lru_cache(maxsize=256)
def _wrap(text: str, size: int, max_w: int, bold: bool, cut: bool, scale: tuple[float, int]) -> tuple[str, ...]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and _width(trial, size, bold, scale) > max_w:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return tuple(_fit(li, size, max_w, bold, scale) for li in lines) if cut else tuple(lines)


def wrap_chars(text: str, most: int) -> list[str]:
    """Split `text` into lines of about `most` characters at most, a word at a time (a line
    passes it by the space before its last word)."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + len(word) > most:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


Lines = tuple[tuple[str, int], ...]  # (text, design size) per line, top to bottom
_PIECES = re.compile(r"[^ ]+?-(?=[^\W\d_])|[^ ]+ *")
"""Where a line may end: after a space (not a no-break space), or after a hyphen inside a word ("Warmup-")."""


def fit_lines(text: str, most: int, sizes: tuple[int, ...], max_w: int, room: int, *, bold: bool) -> Lines | None:
    """`text` at the first of `sizes` that puts it on at most `most` lines of at most `max_w`
    pixels, stacked within `room` pixels; None if no size does."""
    for size in sizes:
        lines = _even_lines(text, size, max_w, most, bold)
        if lines is not None and len(lines) * font(size, bold=bold).get_height() <= room:
            return tuple((line, size) for line in lines)
    return None


def _even_lines(text: str, size: int, max_w: int, most: int, bold: bool) -> list[str] | None:
    """`text` on one line if it fits `max_w`, else (`most` ≥ 2) on two lines as even as they
    come, broken at a space or after a hyphen inside a word ("Warmup-stable-decay" has no space);
    None if neither fits."""
    f = font(size, bold=bold)
    if f.size(text)[0] <= max_w:
        return [text]
    pieces = _PIECES.findall(text) if most >= 2 else []
    splits = [["".join(pieces[:k]).rstrip(), "".join(pieces[k:]).rstrip()] for k in range(1, len(pieces))]
    even = min(((max(f.size(line)[0] for line in split), split) for split in splits), default=None)
    return even[1] if even is not None and even[0] <= max_w else None


def lines_height(lines: Lines, *, bold: bool) -> int:
    return sum(font(size, bold=bold).get_height() for _, size in lines)


Paragraph = tuple[str, int, Color, bool]  # text, size, colour, bold
SMALLEST = 11  # design px: paragraphs shrink to fit their area, down to this


def paragraphs_height(paragraphs: list[Paragraph], width: int) -> int:
    """How tall `draw_paragraphs` stacks these, wrapped to `width`."""
    heights = [len(wrap(text, size, width, bold=bold)) * (font(size, bold=bold).get_height() + 2) + 6
               for text, size, _, bold in paragraphs]
    return sum(heights) - 6 if heights else 0


def fit_paragraphs(paragraphs: list[Paragraph], width: int, height: int) -> list[Paragraph] | None:
    """The paragraphs at their sizes, or all a step smaller (down to SMALLEST), the first way
    they fit `height` wrapped to `width`; None if even the smallest does not."""
    most = max((size for _, size, _, _ in paragraphs), default=SMALLEST)
    for less in range(max(most - SMALLEST, 0) + 1):
        fitted = [(text, max(size - less, SMALLEST), colour, bold) for text, size, colour, bold in paragraphs]
        if paragraphs_height(fitted, width) <= height:
            return fitted
    return None


def draw_paragraphs(surface: pygame.Surface, area: pygame.Rect, paragraphs: list[Paragraph], texts: TextCache) -> bool:
    """Each paragraph wrapped to the area's width, 8 px between paragraphs, all made smaller if
    that is what it takes to fit the area. If even the smallest does not fit, the lines that do
    are drawn and the last one ends in "…"; returns whether all fitted."""
    fitted = fit_paragraphs(paragraphs, area.w, area.h)
    lines = []  # (line, size, colour, bold, y) of every line, where it would go
    y = area.y
    for text, size, colour, bold in fitted or [(t, min(s, SMALLEST), c, b) for t, s, c, b in paragraphs]:
        height = font(size, bold=bold).get_height()
        for line in wrap(text, size, area.w, bold=bold):
            lines.append((line, size, colour, bold, y, height))
            y += height + 2
        y += 6
    shown = [line for line in lines if line[4] + line[5] <= area.bottom]
    for i, (line, size, colour, bold, top, _) in enumerate(shown):
        if i == len(shown) - 1 and len(shown) < len(lines):  # the last that fits says that more was cut
            line = fit(line + " …", size, area.w, bold=bold)
        surface.blit(texts.render(line, size, colour, bold=bold), (area.x, top))
    return fitted is not None
