"""Test-only: where every text of a frame landed, read from the frame's own pixels.

Every text on the screen is rendered by `TextCache.render` (lrgame/view/text.py). While `TextBoxes`
is installed, that one method returns, in place of the letters, a block of the same size whose ink
(the letters' bounding box) is filled with a colour no other drawing makes, one colour per render:
a frame then shows each text as a solid rectangle of its own colour, wherever it went (straight
onto the window, or into a chart's layer or the backdrop first), with whatever was drawn over it,
clipped or cut off, already taken away. So, per text, the frame's pixels say:

- intact: all of its block is there, so its rectangle is that block;
- hidden: none of it is there (under an overlay or the dimmed window under a menu, or rendered only
  to be measured). The pixels cannot tell what hid it, so a text wholly under another passes here:
  the placements that could do that (messages, the marker's label) are tested on their own;
- cut or covered: part of it is there (another text, a box, a message or the window's edge took the rest).

A block's colour has one channel at 255, one at 0 and the third free (the ID): a colour no palette,
line or widget makes, since none of them has such a pair of channels (`read` checks it every frame).

`frame_texts(app)` draws the app's current frame whole into a fresh scene and returns its texts;
`problems(...)` lists what is wrong with them: cut or covered texts, texts cut short with "…" (the
text module's way to make a text fit: nothing should need it), and a text that leaves the region it
sits in (the panel, the message line, the chart, a card, the valley, the readout) or the box drawn
under it (an overlay's, a menu's).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pygame

from lrgame.look.projector import contrast_ratio
from lrgame.look.theme import font
from lrgame.view.scene import Scene
from lrgame.view.text import TextCache

# The ID's channel (16 = red, 8 = green, 0 = blue), the channel at 255 and the one at 0.
_FAMILIES = ((8, 16, 0), (8, 0, 16), (0, 16, 8), (16, 8, 0), (0, 8, 16), (16, 0, 8))
_PER_FAMILY = 254  # 1..254 in the free channel: 0 or 255 there would repeat another family's colours
CAPACITY = len(_FAMILIES) * _PER_FAMILY


def id_colour(i: int) -> tuple[int, int, int]:
    free, full, _ = _FAMILIES[i // _PER_FAMILY]
    value = (i % _PER_FAMILY + 1) << free | 255 << full
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


_IDS = np.full(1 << 24, -1, dtype=np.int16)  # 0xRRGGBB -> the ID whose colour it is
for _i in range(CAPACITY):
    _r, _g, _b = id_colour(_i)
    _IDS[_r << 16 | _g << 8 | _b] = _i


class Issued(NamedTuple):
    text: str
    size: int
    colour: tuple[int, int, int]
    bold: bool
    mono: bool
    ink: pygame.Rect  # the letters' box inside the rendered surface
    glyphs: pygame.Surface  # the real rendering (for contrast: its alpha says which pixels are letters)


class Text(NamedTuple):
    """One text as the frame shows it."""

    issued: Issued
    rect: pygame.Rect | None  # where its block is, when intact
    seen: int  # how many of its block's pixels the frame shows

    @property
    def state(self) -> str:
        return "hidden" if self.seen == 0 else "intact" if self.rect is not None else "cut"


class TextBoxes:
    """Installs the block rendering on `TextCache` (with pytest's monkeypatch) and numbers the texts."""

    def __init__(self, monkeypatch) -> None:
        self.issued: list[Issued] = []
        self.letters = False  # True: render the real letters (uncached), for a frame to measure
        rendered: dict[tuple, tuple[pygame.Surface, pygame.Rect]] = {}  # the letters and their ink, by what they are
        boxes = self

        def render(cache, text, size, color, *, bold=False, mono=False):
            typeface = font(size, bold=bold, mono=mono)
            if boxes.letters:
                return typeface.render(text, True, color)
            key = (typeface, text, tuple(color))
            if key not in rendered:  # a matrix's frames show the same texts again and again
                glyphs = typeface.render(text, True, color)
                rendered[key] = glyphs, glyphs.get_bounding_rect()
            glyphs, ink = rendered[key]
            block = pygame.Surface(glyphs.get_size(), pygame.SRCALPHA)
            if ink.w and ink.h:  # blank text has no ink and no block
                if len(boxes.issued) >= CAPACITY:
                    raise AssertionError(f"more than {CAPACITY} texts in one frame")
                block.fill((*id_colour(len(boxes.issued)), 255), ink)
                boxes.issued.append(Issued(text, size, tuple(color[:3]), bold, mono, ink.copy(), glyphs))
            return block

        monkeypatch.setattr(TextCache, "render", render)

    def read(self, frame: pygame.Surface) -> list[Text]:
        """Each text issued since the last `read`, as `frame` shows it."""
        if frame.get_bitsize() != 32 or frame.get_shifts()[:3] != (16, 8, 0):
            frame = frame.convert(32, 0)  # the lookup below reads 0xRRGGBB
        ids = _IDS[pygame.surfarray.pixels2d(frame) & 0xFFFFFF]  # (w, h): the text each pixel shows, or -1
        n = len(self.issued)
        if ids.max() >= n:
            xs, ys = np.nonzero(ids >= n)
            raise AssertionError(f"{xs.size} pixels have a text's colour but no text, e.g. at {xs[0], ys[0]}: "
                                 "something besides the texts draws such colours, so this check cannot tell them apart")
        xs, ys = np.nonzero(ids >= 0)
        which = ids[xs, ys]
        counts = np.bincount(which, minlength=n)
        order = np.argsort(which, kind="stable")
        xs, ys = xs[order], ys[order]
        starts = np.concatenate(([0], np.cumsum(counts)))
        out = []
        for i, issued in enumerate(self.issued):
            seen = int(counts[i])
            rect = None
            if seen:
                x, y = xs[starts[i]:starts[i + 1]], ys[starts[i]:starts[i + 1]]
                box = pygame.Rect(int(x.min()), int(y.min()), int(x.max() - x.min() + 1), int(y.max() - y.min() + 1))
                if box.size == issued.ink.size and seen == box.w * box.h:
                    rect = box
            out.append(Text(issued, rect, seen))
        self.issued = []
        return out


def draw_whole(app) -> pygame.Surface:
    """The app's frame drawn whole by a fresh scene (so every layer is painted, and every text
    rendered, in this frame) onto a surface of the window's size: the same state, the same pixels."""
    scene = Scene(app.scene.layout.size, app.scene.palette)
    frame = pygame.Surface(app.window.get_size(), 0, app.window)
    shown = app.shown()
    scene.draw(frame, shown, app.widgets, app.panel.captions())
    scene.draw_over(frame, shown)
    return frame


def frame_texts(app, boxes: TextBoxes) -> tuple[pygame.Surface, list[Text], list[pygame.Rect]]:
    """Draw the app's frame whole (`draw_whole`) with the texts as blocks. Returns the frame, its
    texts and the boxes (filled rectangles) drawn straight onto it, in drawing order."""
    boxes.issued = []
    drawn: list[pygame.Rect] = []
    real_rect = pygame.draw.rect
    window = app.window.get_size()

    def rect(surface, colour, r, width=0, *args, **kwargs):
        area = real_rect(surface, colour, r, width, *args, **kwargs)
        if surface.get_size() == window and width == 0:  # onto the frame (a layer is smaller)
            drawn.append(pygame.Rect(r))
        return area

    pygame.draw.rect = rect
    try:
        frame = draw_whole(app)
    finally:
        pygame.draw.rect = real_rect
    return frame, boxes.read(frame), drawn


def unpacked(rgb: int) -> tuple[int, int, int]:
    return rgb >> 16 & 255, rgb >> 8 & 255, rgb & 255


class Contrast(NamedTuple):
    text: str
    colour: tuple[int, int, int]  # the letters' pixels, as drawn
    under: tuple[int, int, int]  # what they sit on: the least readable of the colours around them
    ratio: float


def contrasts(app, boxes: TextBoxes, texts: list[Text]) -> list[Contrast]:
    """The frame drawn again with real letters, and for each whole text the contrast between the
    pixels of its letters' cores (fully inked) and those around them in its box (not inked):
    the background's colours that take at least a fifth of them, the least readable counted."""
    boxes.letters = True
    try:
        frame = draw_whole(app)
    finally:
        boxes.letters = False
    pixels = pygame.surfarray.array3d(frame).astype(np.int32)
    packed = pixels[..., 0] << 16 | pixels[..., 1] << 8 | pixels[..., 2]
    out = []
    for t in texts:
        if t.rect is None:
            continue
        ink = t.issued.ink
        alpha = pygame.surfarray.array_alpha(t.issued.glyphs)[ink.x:ink.right, ink.y:ink.bottom].ravel()
        seen = packed[t.rect.x:t.rect.right, t.rect.y:t.rect.bottom].ravel()
        core, around = seen[alpha >= 250], seen[alpha == 0]
        if not len(core) or not len(around):
            continue
        cores, counts = np.unique(core, return_counts=True)
        colour = unpacked(int(cores[counts.argmax()]))  # the letters' colour, as drawn
        colours, counts = np.unique(around, return_counts=True)
        under = [unpacked(int(c)) for c, n in zip(colours, counts, strict=True) if 5 * n >= len(around)]
        worst = min(under, key=lambda c: contrast_ratio(colour, c))
        out.append(Contrast(t.issued.text, colour, worst, contrast_ratio(colour, worst)))
    return out


def regions(app) -> list[pygame.Rect]:
    """The frame's fixed regions: a text in one stays inside it."""
    lay = app.scene.layout
    return [lay.panel, lay.message, lay.chart, *lay.cards, lay.valley, lay.readout]


BUTTON_MARGIN = 2
"""Pixels a button's words keep clear of its border (and shadow) each side: fewer and they touch it."""


def button_problems(app) -> list[str]:
    """The panel's buttons (pygame_gui draws their words, not `TextCache`, so the frame's blocks do
    not show them) whose words, in the button's own font, touch or cross its border."""
    out = []
    for row in app.panel.rows:
        button = row.button
        if button is None or not button.visible:
            continue
        frame = button.border_width["left"] + button.shadow_width
        free = (button.relative_rect.w - button.font.size(button.text)[0]) / 2 - frame
        if free < BUTTON_MARGIN:
            out.append(f"touches its button: {button.text!r} ({free:g} px inside the border each side, "
                       f"{tuple(button.relative_rect)})")
    return out


def problems(texts: list[Text], boxes: list[pygame.Rect], fixed: list[pygame.Rect],
             window: pygame.Rect) -> list[str]:
    """What is wrong with a frame's texts: one line each."""
    out = []
    for t in texts:
        if t.issued.text.rstrip().endswith("…"):
            out.append(f"cut short: {t.issued.text!r}")
        if t.state == "cut":
            area = t.issued.ink.w * t.issued.ink.h
            out.append(f"cut or covered: {t.issued.text!r} ({t.seen} of {area} pixels show)")
    intact = [t for t in texts if t.rect is not None]
    for t in intact:
        centre = t.rect.center
        home = next((b for b in reversed(boxes) if b.collidepoint(centre)), None)
        if home is None:
            home = min((r for r in fixed if r.collidepoint(centre)), key=lambda r: r.w * r.h, default=window)
        if not home.contains(t.rect):
            out.append(f"leaves its box: {t.issued.text!r} at {tuple(t.rect)} is not inside {tuple(home)}")
    return out
