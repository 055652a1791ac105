"""Things drawn on top: the hover tooltip, the keyboard focus ring, notes beside boxes, the help."""

from __future__ import annotations

from typing import NamedTuple

import pygame

from lrgame.look.theme import Palette, px
from lrgame.view.text import TextCache, wrap, wrap_chars


def draw_tooltip(surface: pygame.Surface, anchor: pygame.Rect, text: str, palette: Palette,
                 texts: TextCache) -> None:
    """A small box under (or above) `anchor`, kept inside the window."""
    surf = texts.render(text, 14, palette.text, mono=True)
    box = pygame.Rect(0, 0, surf.get_width() + px(16), surf.get_height() + px(10))
    box.midtop = (anchor.centerx, anchor.bottom + px(4))
    if box.bottom > surface.get_height():
        box.midbottom = (anchor.centerx, anchor.y - px(4))
    box.clamp_ip(surface.get_rect())
    pygame.draw.rect(surface, palette.panel, box, border_radius=px(4))
    pygame.draw.rect(surface, palette.focus, box, px(1), border_radius=px(4))
    surface.blit(surf, (box.x + px(8), box.y + px(5)))


def draw_focus(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    pygame.draw.rect(surface, palette.focus, rect.inflate(px(6), px(6)), px(2), border_radius=px(5))


def draw_note(surface: pygame.Surface, anchor: pygame.Rect, text: str, error: bool, palette: Palette,
              texts: TextCache) -> None:
    """A message beside a control: to its right, wrapped to two lines if long."""
    colour = palette.danger if error else palette.focus
    surfs = [texts.render(s, 14, palette.text) for s in wrap_chars(text, 54)]
    w = max(s.get_width() for s in surfs) + px(16)
    h = sum(s.get_height() for s in surfs) + px(10)
    box = pygame.Rect(anchor.right + px(10), anchor.centery - h // 2, w, h)
    box.clamp_ip(surface.get_rect())
    pygame.draw.rect(surface, palette.panel, box, border_radius=px(4))
    pygame.draw.rect(surface, colour, box, px(2), border_radius=px(4))
    y = box.y + px(5)
    for s in surfs:
        surface.blit(s, (box.x + px(8), y))
        y += s.get_height()


HELP_SIZE = 16

# The export menu's rows: (kind, key shown, words).
EXPORT_ROWS: tuple[tuple[str, str, str], ...] = (
    ("code", "1", "PyTorch code that makes exactly this curve (also copied)"),
    ("csv", "2", "the curve as a CSV file, one rate per line"),
    ("png", "3", "this view as a PNG picture"),
    ("all", "A", "all three"),
)


class Note(NamedTuple):
    """A message beside a control, until a moment on the app clock."""

    text: str
    error: bool
    until: float


def draw_help(surface: pygame.Surface, palette: Palette, texts: TextCache,
              rows: tuple[tuple[str, str], ...]) -> None:
    """Every key, in a box over the middle of the window: one column if it fits the height,
    else two; descriptions wrap so the box always fits the width (big projector text included)."""
    keys = [texts.render(k, HELP_SIZE, palette.focus, bold=True) for k, _ in rows]
    key_w = max(k.get_width() for k in keys)
    line_h = keys[0].get_height()
    gap, room = px(20), surface.get_width() - px(40)
    title = texts.render("Keys", 22, palette.text, bold=True)
    footer_lines = wrap("Everything the mouse does, the keyboard does too.  Esc or H closes this.", 14, room - 2 * gap)
    natural = max(texts.render(v, HELP_SIZE, palette.text).get_width() for _, v in rows)
    for columns in (1, 2):
        column_w = min(key_w + gap + natural, (room - (columns + 1) * gap) // columns)
        wrapped = [wrap(v, HELP_SIZE, column_w - key_w - gap) for _, v in rows]
        per_column = -(-len(wrapped) // columns)
        heights = [sum(len(w) * line_h + px(4) for w in wrapped[c * per_column:(c + 1) * per_column])
                   for c in range(columns)]
        body_h = max(heights)
        if title.get_height() + body_h + len(footer_lines) * line_h + px(60) <= surface.get_height():
            break
    w = columns * column_w + (columns + 1) * gap
    h = title.get_height() + body_h + len(footer_lines) * line_h + px(50)
    box = pygame.Rect(0, 0, w, min(h, surface.get_height()))
    box.center = surface.get_rect().center
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 150))
    surface.blit(shade, (0, 0))
    pygame.draw.rect(surface, palette.panel, box, border_radius=px(8))
    pygame.draw.rect(surface, palette.card_border, box, px(2), border_radius=px(8))
    surface.blit(title, (box.x + gap, box.y + px(14)))
    top = box.y + px(24) + title.get_height()
    for c in range(columns):
        x, y = box.x + gap + c * (column_w + gap), top
        for key, lines in zip(keys[c * per_column:(c + 1) * per_column], wrapped[c * per_column:(c + 1) * per_column],
                              strict=True):
            surface.blit(key, (x, y))
            for line in lines:
                surface.blit(texts.render(line, HELP_SIZE, palette.text), (x + key_w + gap, y))
                y += line_h
            y += px(4)
    y = box.bottom - len(footer_lines) * line_h - px(12)
    for line in footer_lines:
        surface.blit(texts.render(line, 14, palette.text_dim), (box.x + gap, y))
        y += line_h


def _menu_rows(size: tuple[int, int], count: int, width: int, row_h: int) -> list[pygame.Rect]:
    """`count` rows of a menu centred in the window."""
    top = size[1] // 2 - (max(count, 1) * row_h) // 2
    return [pygame.Rect(size[0] // 2 - width // 2, top + i * row_h, width, row_h - px(4)) for i in range(count)]


def _draw_menu(surface: pygame.Surface, rows: list[pygame.Rect], empty: pygame.Rect, title: str,
               choices: list[tuple[str, str]], footer: str, palette: Palette, texts: TextCache) -> None:
    """A boxed menu: a title, one card a choice (its key, then its words, cut at the card's edge),
    a footer. With no rows, the box keeps the size of one (`empty`)."""
    box = (rows[0].unionall(rows) if rows else empty).inflate(px(40), px(100))
    pygame.draw.rect(surface, palette.panel, box, border_radius=px(8))
    pygame.draw.rect(surface, palette.card_border, box, px(2), border_radius=px(8))
    surface.blit(texts.render(title, 22, palette.text, bold=True), (box.x + px(20), box.y + px(12)))
    for rect, (key, words) in zip(rows, choices, strict=True):
        pygame.draw.rect(surface, palette.card, rect, border_radius=px(4))
        key_surf, words_surf = texts.render(key, 17, palette.focus, bold=True), texts.render(words, 16, palette.text)
        surface.blit(key_surf, (rect.x + px(12), rect.centery - key_surf.get_height() // 2))
        surface.blit(words_surf, (rect.x + px(44), rect.centery - words_surf.get_height() // 2),
                     pygame.Rect(0, 0, rect.w - px(54), words_surf.get_height()))
    foot = texts.render(footer, 14, palette.text_dim)
    surface.blit(foot, (box.x + px(20), box.bottom - foot.get_height() - px(12)))


def export_menu_rows(size: tuple[int, int]) -> list[tuple[pygame.Rect, str]]:
    """Where each export choice sits (shared by drawing and by mouse clicks)."""
    rows = _menu_rows(size, len(EXPORT_ROWS), px(560), px(40))
    return [(rect, kind) for rect, (kind, _, _) in zip(rows, EXPORT_ROWS, strict=True)]


def draw_export_menu(surface: pygame.Surface, folder: str, palette: Palette, texts: TextCache) -> None:
    rows = [rect for rect, _ in export_menu_rows(surface.get_size())]
    _draw_menu(surface, rows, rows[0], "Export", [(key, words) for _, key, words in EXPORT_ROWS],
               f"into {folder}   ·   Esc closes", palette, texts)


def setup_list_rows(size: tuple[int, int], count: int) -> list[pygame.Rect]:
    """Where each saved setup's row sits (shared by drawing and by mouse clicks)."""
    return _menu_rows(size, count, min(px(640), size[0] - px(60)), px(36))


def draw_setup_list(surface: pygame.Surface, files: list, palette: Palette, texts: TextCache) -> None:
    """Ctrl+O: the newest saved setups, each with the key that opens it."""
    size = surface.get_size()
    hint = ("1 … 9 or a click opens one  ·  Esc closes" if files
            else "Nothing saved yet: Ctrl+S saves one  ·  Esc closes")
    _draw_menu(surface, setup_list_rows(size, len(files)), setup_list_rows(size, 1)[0], "Open a saved setup",
               [(str(i + 1), path.name) for i, path in enumerate(files)], hint, palette, texts)


def draw_toast(surface: pygame.Surface, lines: list[str], error: bool, palette: Palette, texts: TextCache) -> None:
    """A confirmation at the top of the window (e.g. the paths just written); a line wider than the
    window is wrapped (a folder's long name, a refusal quoting a long value)."""
    room = surface.get_width() - px(48)
    lines = [part for line in lines for part in (wrap(line, 15, room, cut=True) or (" ",))]
    surfs = [texts.render(line, 15, palette.text) for line in lines]
    w = max(s.get_width() for s in surfs) + px(24)
    h = sum(s.get_height() for s in surfs) + px(14)
    box = pygame.Rect(surface.get_width() // 2 - w // 2, px(8), w, h)
    box.clamp_ip(surface.get_rect())
    pygame.draw.rect(surface, palette.panel, box, border_radius=px(6))
    pygame.draw.rect(surface, palette.danger if error else palette.ok, box, px(2), border_radius=px(6))
    y = box.y + px(7)
    for s in surfs:
        surface.blit(s, (box.x + px(12), y))
        y += s.get_height()


def draw_code(surface: pygame.Surface, rect: pygame.Rect, code: str, palette: Palette, texts: TextCache) -> None:
    """The exported code in a monospaced box (as many lines as fit; the mode adds how to close it)."""
    pygame.draw.rect(surface, palette.panel, rect, border_radius=px(6))
    pygame.draw.rect(surface, palette.card_border, rect, px(2), border_radius=px(6))
    y = rect.y + px(8)
    size = 13
    for line in code.splitlines():
        surf = texts.render(line or " ", size, palette.text, mono=True)
        if y + surf.get_height() > rect.bottom - px(6):
            break
        surface.blit(surf, (rect.x + px(10), y), pygame.Rect(0, 0, rect.w - px(20), surf.get_height()))
        y += surf.get_height()


def draw_button(surface: pygame.Surface, rect: pygame.Rect, text: str, palette: Palette, texts: TextCache) -> None:
    """A clickable box drawn by a view; the app maps a click on its rect to an intent."""
    pygame.draw.rect(surface, palette.card, rect, border_radius=px(4))
    pygame.draw.rect(surface, palette.focus, rect, px(2), border_radius=px(4))
    label = texts.render(text, 15, palette.text, bold=True)
    clip = surface.get_clip()
    surface.set_clip(rect.inflate(-px(4), -px(4)).clip(clip))  # a narrow window cuts the words, not the box around them
    surface.blit(label, label.get_rect(center=rect.center))
    surface.set_clip(clip)
