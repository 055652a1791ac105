"""One owner for what a frame repaints: a performance trick, kept in this one place.

Most frames differ from the last one in a few small places (the ball, the chart's marker, a card),
so a frame is drawn over the last one's pixels, repainting only what changed. This is the contract
of pygame's `LayeredDirty`/`DirtySprite` (parts say where they are and whether they changed; one
owner decides what is repainted), in keys rather than dirty flags:

- A frame is the backdrop, then the frame's parts in the order given, then whatever covers them.
- A part is (name, rect, key, paint). `paint(surface, rect, key)` draws inside `rect` only (it is
  called with the clip set there), and what it draws is a function of `key`: the same key, the same
  pixels. `paint` may return the area it drew on, when that is less than `rect`; then only that area
  is wiped when the part changes. An `opaque` part paints every pixel of its rect: its old pixels
  inside it are painted over, not wiped first (a chart's or a picture's big blit, saved once).
- The backdrop's parts are painted into a kept surface, not the window, so they outlast a covered
  frame. Each paints every pixel of its rect, and together they cover the frame. A backdrop part
  may say where a new key's pixels differ from the old one's (`changed`); only there is it repainted
  (the panel's widgets: `lrgame.ui.widget_pixels.WidgetPixels` names them by the blits `draw_ui` would
  make, and says where two such keys differ).
- Over the last frame, a part is drawn again when its rect or key changed, and so is every part whose
  pixels an area wiped to the backdrop (a changed part's old pixels, a gone part's, a repainted
  piece of the backdrop) or a repainted part reaches: parts may overlap.
- Drawn whole: the first frame, a frame on another surface or size, and the frame after one that
  was covered (`cover`: anything drawn over the frame that is not a part: an overlay, a message, a
  tooltip, a view, widgets drawn live) or forgotten (`forget`: the system lost the window's pixels).

tests/test_frame_parts.py guards it: every frame of a session must equal the same frame drawn whole
by a fresh scene, and a part whose key misses what it shows must be caught.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame

_NOWHERE = pygame.Rect(0, 0, 0, 0)  # where a new part drew in the last frame: nowhere


@dataclass(slots=True)  # not a NamedTuple: a frame makes about twenty, and this is made in a third of the time
class Part:
    """A piece of the frame (see the module's contract)."""

    name: str
    rect: pygame.Rect
    key: object  # what the part shows
    paint: Callable[[pygame.Surface, pygame.Rect, object], pygame.Rect | None]
    changed: Callable[[object, object], pygame.Rect | None] | None = None  # (old key, new key) -> where, or None: all
    opaque: bool = False  # paint fills its rect: its old pixels there need no wipe


class Compositor:
    """Keeps the backdrop, remembers what the window shows, and repaints only what changed."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self.backdrop: pygame.Surface | None = None
        self._painted: dict[str, tuple[pygame.Rect, object]] = {}  # the backdrop's parts as painted in it
        self._shown: dict[str, tuple[pygame.Rect, object, pygame.Rect]] = {}  # per part: rect, key, area drawn on
        self._window: tuple[pygame.Surface, tuple[int, int]] | None = None  # holds the last frame, uncovered
        self.whole = True  # was the last frame drawn whole?
        self.repainted: list[str] = []  # the parts the last frame drew

    def compose(self, surface: pygame.Surface, backdrop: Sequence[Part], parts: Sequence[Part]) -> None:
        """Draw the frame into `surface`: whole, or over the last frame where it changed."""
        areas = self._paint_backdrop(backdrop)  # repainted in the backdrop
        self.whole = self._window != (surface, surface.get_size())
        if self.whole:
            surface.blit(self.backdrop, (0, 0))
            self._shown = {}
            todo = list(parts)
        else:
            for area in areas:
                surface.blit(self.backdrop, area, area)
            todo = self._to_repaint(surface, parts, areas)
        for part in todo:
            surface.set_clip(part.rect)
            drawn = part.paint(surface, part.rect, part.key)
            surface.set_clip(None)
            self._shown[part.name] = (part.rect, part.key, part.rect if drawn is None else drawn.clip(part.rect))
        self.repainted = [part.name for part in todo]
        self._window = (surface, surface.get_size())

    def cover(self, paint: Callable[..., object], *args: object) -> None:
        """`paint(*args)` over the composed frame. It is no part, so the next frame is drawn whole."""
        paint(*args)
        self._window = None

    def forget(self) -> None:
        """The window's pixels are lost (an expose event): draw the next frame whole."""
        self._window = None

    def _paint_backdrop(self, parts: Sequence[Part]) -> list[pygame.Rect]:
        """Repaint in the backdrop each part where its key changed, and where a part below it was
        repainted; return the areas repainted."""
        if self.backdrop is None:  # one surface for the compositor's life, in the window's format
            self.backdrop = pygame.Surface(self.size, 0, pygame.display.get_surface())
        if list(self._painted) != [part.name for part in parts]:
            self._painted = {}  # other parts: paint them all
        areas: list[pygame.Rect] = []
        for part in parts:
            pieces = [area.clip(part.rect) for area in areas if area.colliderect(part.rect)]  # repainted below it
            old = self._painted.get(part.name)
            if old is None or old[0] != part.rect:
                pieces.append(part.rect)
            elif old[1] != part.key:
                where = None if part.changed is None else part.changed(old[1], part.key)
                pieces.append(part.rect if where is None else where.clip(part.rect))
            pieces = [piece for piece in pieces if piece]
            if pieces:
                area = pieces[0].unionall(pieces[1:])
                self.backdrop.set_clip(area)
                part.paint(self.backdrop, part.rect, part.key)
                self.backdrop.set_clip(None)
                areas.append(area)
            self._painted[part.name] = (part.rect, part.key)
        return areas

    def _to_repaint(self, surface: pygame.Surface, parts: Sequence[Part], reached: list[pygame.Rect]) -> list[Part]:
        """The parts to draw again over the last frame, their old pixels wiped to the backdrop: the
        changed ones, then any whose pixels a wiped or repainted area reaches, until none is left.
        `reached`: the areas whose pixels are not the last frame's any more (grows here)."""
        shown = self._shown
        fresh: list[int] = []  # indices in `parts`
        drawn: list[pygame.Rect] = []  # per part, the area it drew on in the last frame
        new = 0
        for i, part in enumerate(parts):
            old = shown.get(part.name)
            if old is None or old[1] != part.key or old[0] != part.rect:
                fresh.append(i)
            new += old is None
            drawn.append(_NOWHERE if old is None else old[2])
        if len(shown) > len(parts) - new:  # some are gone
            for name in shown.keys() - {part.name for part in parts}:
                self._wipe(surface, shown.pop(name)[2], reached)
        todo = [False] * len(parts)
        checked = 0
        while True:
            for i in fresh:
                todo[i] = True
                if parts[i].opaque and parts[i].rect.contains(drawn[i]):
                    reached.append(drawn[i])  # painted over whole: the parts it covered are drawn again all the same
                else:
                    self._wipe(surface, drawn[i], reached)
                reached.append(parts[i].rect)  # to be drawn on
            hit = {i for area in reached[checked:] for i in area.collidelistall(drawn)}
            checked = len(reached)
            fresh = [i for i in hit if not todo[i]]
            if not fresh:
                return [part for part, again in zip(parts, todo, strict=True) if again]

    def _wipe(self, surface: pygame.Surface, area: pygame.Rect, reached: list[pygame.Rect]) -> None:
        surface.blit(self.backdrop, area, area)
        reached.append(area)


def paint_whole(surface: pygame.Surface, parts: Sequence[Part]) -> None:
    """`parts` painted in order, each clipped to its rect as `compose` paints it: the same pixels
    drawn as a cover (a view over what other covers drew)."""
    for part in parts:
        surface.set_clip(part.rect)
        part.paint(surface, part.rect, part.key)
    surface.set_clip(None)


class Warmer:
    """Fills the caches a frame's parts paint from, ahead of that frame (in the idle time after the
    one before), so it only blits: each part whose rect or key is new since it was last warmed is
    painted onto a one-pixel surface, which fills whatever its paint keeps (a chart's layer, a
    picture of words) and draws nothing. A part's caches are keyed as the frame keys them, so a frame
    that finds something else to show makes it itself, as without this."""

    def __init__(self) -> None:
        self._scratch: tuple[pygame.Surface, pygame.Surface] | None = None  # (the display, a pixel in its format)
        self._warmed: dict[str, tuple[pygame.Rect, object]] = {}  # per part: the rect and key last warmed

    def warm(self, parts: Sequence[Part]) -> None:
        display = pygame.display.get_surface()
        if self._scratch is None or self._scratch[0] is not display:
            self._scratch = (display, pygame.Surface((1, 1), 0, display))
        for part in parts:
            if self._warmed.get(part.name) != (part.rect, part.key):  # else its caches are as they were
                part.paint(self._scratch[1], part.rect, part.key)
                self._warmed[part.name] = (part.rect, part.key)
