"""The landscape readout's rows as the frame draws them, and ready before the frame that shows them.

Two performance tricks, kept here with their contracts (tests/test_landscape_frame.py holds both):

- `fitted` puts a row on two when it is too wide, measuring it as `draw_readout_line` draws it: its
  words apart from its number, and the number only when it might not fit (a number of n characters
  is at most n times the widest of NUMBER_CHARS). Measuring each new row whole, η and ∇ among its
  digits, evicted the digits' glyphs from SDL_ttf's cache and cost more than drawing the row.
- `Rows.ahead`: in frames that bring no new step, while the readout follows the current step (the
  pointer off the map), the next step's rows are worked out (one frame) and drawn, with the title,
  into a picture of the readout's words (the next frame), so the frame that brings that step blits
  one picture. Rows are a function of their key (the path, what the pointer reads, the step, the
  width, the text size): rows worked out ahead are the rows that frame would work out. The picture
  is drawn on the readout's colour, which is its colour key: blitted, it leaves the backdrop where
  nothing is drawn (the box's rounded corners) and puts elsewhere what drawing the words over that
  colour, as the frame does, puts there. The work only leaves the slowest frames.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import pygame

from lrgame.look.layout import READOUT_LINE, READOUT_TOP
from lrgame.look.theme import Palette, px, text_key
from lrgame.view.landscape_readout import Probe, readout_rows
from lrgame.view.readout import draw_readout_line, line_rects
from lrgame.view.text import TextCache, text_width

if TYPE_CHECKING:
    from lrgame.app.modes.landscape import LandscapeShown

Row = tuple[str, str]  # (text, colour role)
NUMBER_CHARS = "0123456789.,-+e() "  # what sig4 and pair print (the dash of a NaN aside)
HEAD = "THIS STEP"  # the readout's title while it follows the current step
KEPT = 4  # sets of rows kept: this step's and the next one's, and a pointer's coming and going


class Made(NamedTuple):
    rows: tuple[Row, ...]
    reach: int  # at most how far right of their start the rows are drawn (`reach`)


class Rows:
    """The readout's rows per key, kept a few at a time, and worked out ahead (see the module)."""

    def __init__(self) -> None:
        self._made: dict[tuple, Made] = {}
        self._shown: tuple | None = None  # the key of the rows the last frame showed
        self._drawn: tuple[tuple, pygame.Surface] | None = None  # what the words' picture shows, and it

    def rows(self, shown: LandscapeShown, probe: Probe, t: int, width: int) -> tuple[Made, bool]:
        """The rows reading `probe` at step t, each fitted to `width` pixels, and whether they are
        the rows the last frame showed."""
        key = (shown.number, probe, t, width, text_key())
        same, self._shown = key == self._shown, key
        made = self._made.get(key)
        return (made if made is not None else self._make(key, shown, probe, t, width)), same

    def ahead(self, shown: LandscapeShown, t: int, width: int, readout: pygame.Rect, palette: Palette,
              texts: TextCache) -> bool:
        """Work out the rows of step t + 1 read as the current step, or, if a frame before did,
        draw their picture (half the work each: a frame of either kind stays a light one). True:
        this frame worked the rows out (the frame's other work ahead waits for the next one)."""
        path = shown.path
        if path is None or t + 1 >= len(path.points):
            return False
        probe = Probe(t + 1, None)
        key = (shown.number, probe, t + 1, width, text_key())
        made = self._made.get(key)
        if made is None:
            self._make(key, shown, probe, t + 1, width)
            return True
        shows = (made, HEAD, readout, palette)
        if self._drawn is not None and self._drawn[0] == shows:
            return False
        size = words_rect(readout, HEAD, made).size
        picture = None if self._drawn is None else self._drawn[1]  # the last one's surface, when of this size
        if picture is None or picture.get_size() != size:
            picture = pygame.Surface(size, 0, pygame.display.get_surface())
        picture.fill(palette.panel)
        picture.set_colorkey(palette.panel)
        draw_words(picture, readout.move(-readout.x, -readout.y), HEAD, made.rows, palette, texts)
        self._drawn = (shows, picture)
        return False

    def paint(self, surface: pygame.Surface, readout: pygame.Rect, head: str, made: Made, palette: Palette,
              texts: TextCache) -> None:
        """The readout's title and rows: their picture if a frame before drew it, else drawn."""
        if self._drawn is not None and self._drawn[0] == (made, head, readout, palette):
            surface.blit(self._drawn[1], readout.topleft)
        else:
            draw_words(surface, readout, head, made.rows, palette, texts)

    def _make(self, key: tuple, shown: LandscapeShown, probe: Probe, t: int, width: int) -> Made:
        fits = [fitted(row, width) for row in readout_rows(shown.run, shown.path, probe, max(t, 0), shown.momenta)]
        made = Made(tuple(part for rows, _ in fits for part in rows), max((far for _, far in fits), default=0))
        if len(self._made) >= KEPT:
            del self._made[next(iter(self._made))]  # the oldest
        self._made[key] = made
        return made


def words_rect(readout: pygame.Rect, head: str, made: Made) -> pygame.Rect:
    """Where the readout's title and rows are drawn: as far right as they reach, not the whole box
    (a step wipes that much less)."""
    reach = px(10) + max(made.reach, text_width(head, 13, bold=True))
    return pygame.Rect(readout.x, readout.y, min(readout.w, reach), px(READOUT_TOP) + len(made.rows) * px(READOUT_LINE))


def draw_words(surface: pygame.Surface, readout: pygame.Rect, head: str, rows: tuple[Row, ...], palette: Palette,
               texts: TextCache) -> None:
    """The readout's title and its rows in the readout box `readout`."""
    surface.blit(texts.render(head, 13, palette.text_dim, bold=True), (readout.x + px(10), readout.y + px(8)))
    for line, row in zip(line_rects(readout, len(rows)), rows, strict=True):
        draw_readout_line(surface, line, *row, palette, texts)


def fitted(row: Row, width: int) -> tuple[list[Row], int]:
    """A readout row as it fits `width`: whole, or its words and "=" on one row and its number
    under them (as `draw_readout_line` draws it: 15 px, or 13 px bold for a coloured row, the words
    and the number rendered apart), measured as the module says; and at most how far right the
    rows it makes reach (`reach`: the widths measured once for both)."""
    text, role = row
    label, equals, value = text.rpartition("= ")
    size, bold = (15, False) if role == "text" else (13, True)
    if not equals:
        return [row], text_width(text, size, bold=bold)
    words = text_width(label + equals, size, bold=bold)
    bound = None if value.strip(NUMBER_CHARS) else len(value) * widest_number_char(size, bold)
    if bound is not None and bound <= width - words:
        return [row], words + bound
    number = text_width(value, size, bold=bold)
    if number <= width - words:
        return [row], words + (number if bound is None else bound)
    rows = [(label + "=", role), (f"   {value}", role)]
    return rows, max(map(reach, rows))


def reach(row: Row) -> int:
    """At most how wide `draw_readout_line` draws a fitted row: its words and its number, the number
    bounded as `fitted` bounds it (a row without "= " may be drawn cut short, never longer)."""
    text, role = row
    label, equals, value = text.rpartition("= ")
    size, bold = (15, False) if role == "text" else (13, True)
    if not equals:
        return text_width(text, size, bold=bold)
    number = (len(value) * widest_number_char(size, bold) if not value.strip(NUMBER_CHARS)
              else text_width(value, size, bold=bold))
    return text_width(label + equals, size, bold=bold) + number


def widest_number_char(size: int, bold: bool) -> int:
    """The width of the widest of NUMBER_CHARS at a text size, in the font at the current UI scale."""
    return _widest(size, bold, text_key())


@lru_cache(maxsize=16)
def _widest(size: int, bold: bool, scale: tuple) -> int:
    return max(text_width(c, size, bold=bold) for c in NUMBER_CHARS)
