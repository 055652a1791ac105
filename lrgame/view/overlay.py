"""Things drawn on top: the hover tooltip, the keyboard focus ring, notes beside boxes, the help."""

from __future__ import annotations

import pygame

from lrgame.controller import EXPORT_ROWS, KEY_HELP
from lrgame.view.text import TextCache
from lrgame.view.theme import Palette


def draw_tooltip(surface: pygame.Surface, anchor: pygame.Rect, text: str, palette: Palette,
                 texts: TextCache) -> None:
    """A small box under (or above) `anchor`, kept inside the window."""
    surf = texts.render(text, 14, palette.text, mono=True)
    box = pygame.Rect(0, 0, surf.get_width() + 16, surf.get_height() + 10)
    box.midtop = (anchor.centerx, anchor.bottom + 4)
    if box.bottom > surface.get_height():
        box.midbottom = (anchor.centerx, anchor.y - 4)
    box.clamp_ip(surface.get_rect())
    pygame.draw.rect(surface, palette.panel, box, border_radius=4)
    pygame.draw.rect(surface, palette.focus, box, 1, border_radius=4)
    surface.blit(surf, (box.x + 8, box.y + 5))


def draw_focus(surface: pygame.Surface, rect: pygame.Rect, palette: Palette) -> None:
    pygame.draw.rect(surface, palette.focus, rect.inflate(6, 6), 2, border_radius=5)


def draw_note(surface: pygame.Surface, anchor: pygame.Rect, text: str, error: bool, palette: Palette,
              texts: TextCache) -> None:
    """A message beside a control: to its right, wrapped to two lines if long."""
    colour = palette.danger if error else palette.focus
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > 54:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    surfs = [texts.render(s, 14, palette.text) for s in lines]
    w = max(s.get_width() for s in surfs) + 16
    h = sum(s.get_height() for s in surfs) + 10
    box = pygame.Rect(anchor.right + 10, anchor.centery - h // 2, w, h)
    box.clamp_ip(surface.get_rect())
    pygame.draw.rect(surface, palette.panel, box, border_radius=4)
    pygame.draw.rect(surface, colour, box, 2, border_radius=4)
    y = box.y + 5
    for s in surfs:
        surface.blit(s, (box.x + 8, y))
        y += s.get_height()


def draw_help(surface: pygame.Surface, palette: Palette, texts: TextCache) -> None:
    """Every key, in a box over the middle of the window."""
    rows = [(texts.render(k, 16, palette.focus, bold=True), texts.render(v, 16, palette.text)) for k, v in KEY_HELP]
    key_w = max(k.get_width() for k, _ in rows)
    text_w = max(v.get_width() for _, v in rows)
    line_h = max(k.get_height() for k, _ in rows) + 6
    title = texts.render("Keys", 22, palette.text, bold=True)
    footer = texts.render("Everything the mouse does, the keyboard does too.  Esc or H closes this.", 14,
                          palette.text_dim)
    w = max(key_w + text_w + 60, footer.get_width() + 40)
    h = title.get_height() + len(rows) * line_h + footer.get_height() + 50
    box = pygame.Rect(0, 0, w, h)
    box.center = surface.get_rect().center
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 150))
    surface.blit(shade, (0, 0))
    pygame.draw.rect(surface, palette.panel, box, border_radius=8)
    pygame.draw.rect(surface, palette.card_border, box, 2, border_radius=8)
    surface.blit(title, (box.x + 20, box.y + 14))
    y = box.y + 24 + title.get_height()
    for key, text in rows:
        surface.blit(key, (box.x + 20, y))
        surface.blit(text, (box.x + 40 + key_w, y))
        y += line_h
    surface.blit(footer, (box.x + 20, box.bottom - footer.get_height() - 12))


def export_menu_rows(size: tuple[int, int]) -> list[tuple[pygame.Rect, str]]:
    """Where each export choice sits (shared by drawing and by mouse clicks)."""
    w, row_h = 560, 40
    top = size[1] // 2 - (len(EXPORT_ROWS) * row_h) // 2
    left = size[0] // 2 - w // 2
    return [(pygame.Rect(left, top + i * row_h, w, row_h - 4), kind) for i, (kind, _, _) in enumerate(EXPORT_ROWS)]


def draw_export_menu(surface: pygame.Surface, folder: str, palette: Palette, texts: TextCache) -> None:
    rows = export_menu_rows(surface.get_size())
    box = rows[0][0].unionall([r for r, _ in rows]).inflate(40, 100)
    pygame.draw.rect(surface, palette.panel, box, border_radius=8)
    pygame.draw.rect(surface, palette.card_border, box, 2, border_radius=8)
    title = texts.render("Export", 22, palette.text, bold=True)
    surface.blit(title, (box.x + 20, box.y + 12))
    for (rect, _), (_, key, words) in zip(rows, EXPORT_ROWS, strict=True):
        pygame.draw.rect(surface, palette.card, rect, border_radius=4)
        surface.blit(texts.render(key, 17, palette.focus, bold=True), (rect.x + 12, rect.y + 8))
        surface.blit(texts.render(words, 16, palette.text), (rect.x + 44, rect.y + 9))
    footer = texts.render(f"into {folder}   ·   Esc closes", 14, palette.text_dim)
    surface.blit(footer, (box.x + 20, box.bottom - footer.get_height() - 12))


def draw_toast(surface: pygame.Surface, lines: list[str], error: bool, palette: Palette, texts: TextCache) -> None:
    """A confirmation at the top of the window (e.g. the paths just written)."""
    surfs = [texts.render(line, 15, palette.text) for line in lines]
    w = max(s.get_width() for s in surfs) + 24
    h = sum(s.get_height() for s in surfs) + 14
    box = pygame.Rect(surface.get_width() // 2 - w // 2, 8, w, h)
    box.clamp_ip(surface.get_rect())
    pygame.draw.rect(surface, palette.panel, box, border_radius=6)
    pygame.draw.rect(surface, palette.danger if error else palette.ok, box, 2, border_radius=6)
    y = box.y + 7
    for s in surfs:
        surface.blit(s, (box.x + 12, y))
        y += s.get_height()


def draw_code(surface: pygame.Surface, rect: pygame.Rect, code: str, palette: Palette, texts: TextCache) -> None:
    """The exported code in a monospaced box (as many lines as fit), with how to close it."""
    pygame.draw.rect(surface, palette.panel, rect, border_radius=6)
    pygame.draw.rect(surface, palette.card_border, rect, 2, border_radius=6)
    y = rect.y + 8
    size = 13
    for line in [*code.splitlines(), "", "# Esc closes this; the file is in the output folder."]:
        surf = texts.render(line or " ", size, palette.text, mono=True)
        if y + surf.get_height() > rect.bottom - 6:
            break
        surface.blit(surf, (rect.x + 10, y), pygame.Rect(0, 0, rect.w - 20, surf.get_height()))
        y += surf.get_height()


def draw_button(surface: pygame.Surface, rect: pygame.Rect, text: str, palette: Palette, texts: TextCache) -> None:
    """A clickable box drawn by a view; the app maps a click on its rect to an intent."""
    pygame.draw.rect(surface, palette.card, rect, border_radius=4)
    pygame.draw.rect(surface, palette.focus, rect, 2, border_radius=4)
    label = texts.render(text, 15, palette.text, bold=True)
    clip = surface.get_clip()
    surface.set_clip(rect.inflate(-4, -4).clip(clip))  # a narrow window cuts the words, not the box around them
    surface.blit(label, label.get_rect(center=rect.center))
    surface.set_clip(clip)
