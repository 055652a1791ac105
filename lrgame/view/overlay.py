"""Things drawn on top: the hover tooltip, the keyboard focus ring, the message line, the help, the menus."""

from __future__ import annotations

from typing import NamedTuple

import pygame

from lrgame.look.layout import MESSAGE_SIZES
from lrgame.look.theme import Palette, font, px
from lrgame.view.text import Lines, TextCache, fit, fit_lines, lines_height, wrap, wrap_chars


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


HELP_SIZE = 16

# The export menu's rows: (kind, key shown, words).
EXPORT_ROWS: tuple[tuple[str, str, str], ...] = (
    ("code", "1", "PyTorch code that makes exactly this curve (also copied)"),
    ("csv", "2", "the curve as a CSV file, one rate per line"),
    ("png", "3", "this view as a PNG picture"),
    ("all", "A", "all three"),
)


class Note(NamedTuple):
    """A message (about a control, or the toast), shown until a moment on the app clock."""

    text: str
    error: bool
    until: float
    made: int = 0  # how many messages came before it: the newest shows first


MESSAGE_GAP = "   ·   "


def message_lines(messages: tuple[Note, ...], width: int, height: int) -> Lines:
    """The messages, newest first, as the line shows them: as many whole as fit one line (the
    rest counted, with the way to see them: M or a click brings the next first), at the first size
    that fits; the newest alone may take two lines. A message of several lines is one line here,
    its lines joined."""
    texts = [MESSAGE_GAP.join(m.text.splitlines()) for m in messages]
    for k in range(len(texts), 0, -1):
        more = len(texts) - k
        line = MESSAGE_GAP.join(texts[:k]) + (f"{MESSAGE_GAP}(+{more} more: M or click)" if more else "")
        lines = fit_lines(line, 2 if k == 1 else 1, MESSAGE_SIZES, width, height, bold=False)
        if lines is not None:
            return lines
    return ((fit(texts[0], MESSAGE_SIZES[-1], width), MESSAGE_SIZES[-1]),)


def draw_messages(surface: pygame.Surface, rect: pygame.Rect, messages: tuple[Note, ...], palette: Palette,
                  texts: TextCache) -> None:
    """The message line over the chart: a box with a red border for a refusal, a green one for a
    confirmation (the newest message's), and the messages in it."""
    colour = palette.danger if messages[0].error else palette.ok
    pygame.draw.rect(surface, palette.panel, rect, border_radius=px(6))
    pygame.draw.rect(surface, colour, rect, px(2), border_radius=px(6))
    inner = rect.inflate(-px(20), -px(4))
    lines = message_lines(messages, inner.w, inner.h)
    y = inner.centery - lines_height(lines, bold=False) // 2
    for line, size in lines:
        surf = texts.render(line, size, palette.text)
        surface.blit(surf, (inner.x, y))
        y += surf.get_height()


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
    _shade(surface)
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


def _shade(surface: pygame.Surface) -> None:
    """Dim the whole window under a box that takes every key (the help, a menu): what is under it
    is background, not something to read."""
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((0, 0, 0, 150))
    surface.blit(shade, (0, 0))


MENU_WORD_SIZES = (16, 15, 14, 13, 12)


def _draw_menu(surface: pygame.Surface, rows: list[pygame.Rect], empty: pygame.Rect, title: str,
               choices: list[tuple[str, str]], footer: tuple[str, ...], palette: Palette, texts: TextCache) -> None:
    """A boxed menu over the dimmed window: a title, one card a choice (its key, then its words,
    smaller if that is what fits the card), the footer's lines. With no rows, the box keeps the
    size of one (`empty`)."""
    _shade(surface)
    area = rows[0].unionall(rows) if rows else empty
    title_surf = texts.render(title, 22, palette.text, bold=True)
    window = surface.get_rect()
    widest = max(texts.render(line, 14, palette.text_dim).get_width() for line in footer)
    box = pygame.Rect(0, 0, min(max(area.w, widest) + px(40), window.w - px(20)), 0)
    box.top = area.y - title_surf.get_height() - px(24)
    box.height = area.bottom + px(12) + len(footer) * font(14).get_height() + px(12) - box.top
    box.centerx = area.centerx
    box.clamp_ip(window)
    pygame.draw.rect(surface, palette.panel, box, border_radius=px(8))
    pygame.draw.rect(surface, palette.card_border, box, px(2), border_radius=px(8))
    surface.blit(title_surf, (box.x + px(20), box.y + px(12)))
    for rect, (key, words) in zip(rows, choices, strict=True):
        pygame.draw.rect(surface, palette.card, rect, border_radius=px(4))
        key_surf = texts.render(key, 17, palette.focus, bold=True)
        surface.blit(key_surf, (rect.x + px(12), rect.centery - key_surf.get_height() // 2))
        room = rect.w - px(54)
        line = fit_lines(words, 1, MENU_WORD_SIZES, room, rect.h, bold=False)
        text, size = line[0] if line is not None else (fit(words, MENU_WORD_SIZES[-1], room), MENU_WORD_SIZES[-1])
        words_surf = texts.render(text, size, palette.text)
        surface.blit(words_surf, (rect.x + px(44), rect.centery - words_surf.get_height() // 2))
    y = box.bottom - px(12) - len(footer) * font(14).get_height()
    for line in footer:
        surf = texts.render(fit(line, 14, box.w - px(40)), 14, palette.text_dim)
        surface.blit(surf, (box.x + px(20), y))
        y += font(14).get_height()


def export_menu_rows(size: tuple[int, int]) -> list[tuple[pygame.Rect, str]]:
    """Where each export choice sits (shared by drawing and by mouse clicks)."""
    rows = _menu_rows(size, len(EXPORT_ROWS), px(560), px(40))
    return [(rect, kind) for rect, (kind, _, _) in zip(rows, EXPORT_ROWS, strict=True)]


def draw_export_menu(surface: pygame.Surface, folder: str, palette: Palette, texts: TextCache) -> None:
    rows = [rect for rect, _ in export_menu_rows(surface.get_size())]
    _draw_menu(surface, rows, rows[0], "Export", [(key, words) for _, key, words in EXPORT_ROWS],
               (f"into {folder}", "Esc closes"), palette, texts)


def setup_list_rows(size: tuple[int, int], count: int) -> list[pygame.Rect]:
    """Where each saved setup's row sits (shared by drawing and by mouse clicks)."""
    return _menu_rows(size, count, min(px(640), size[0] - px(60)), px(36))


def draw_setup_list(surface: pygame.Surface, files: list, palette: Palette, texts: TextCache) -> None:
    """Ctrl+O: the newest saved setups, each with the key that opens it."""
    size = surface.get_size()
    hint = ("1 … 9 or a click opens one  ·  Esc closes" if files
            else "Nothing saved yet: Ctrl+S saves one  ·  Esc closes")
    _draw_menu(surface, setup_list_rows(size, len(files)), setup_list_rows(size, 1)[0], "Open a saved setup",
               [(str(i + 1), path.name) for i, path in enumerate(files)], (hint,), palette, texts)


CODE_SIZES = (13, 12, 11)


def code_lines(code: str, most: int) -> list[str]:
    """The code's lines, each longer than `most` characters broken at spaces, its later parts
    indented four more (the file keeps the lines whole)."""
    out = []
    for line in code.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        if len(line) <= most:
            out.append(line)
            continue
        parts = wrap_chars(line.lstrip(), max(most - len(indent) - 4, 8))
        out += [indent + parts[0], *(indent + "    " + part for part in parts[1:])]
    return out


def draw_code(surface: pygame.Surface, rect: pygame.Rect, code: str, palette: Palette, texts: TextCache) -> None:
    """The exported code in a monospaced box, long lines broken, at the first size at which every
    line fits (else as many as fit, how many more the file has, and the last line: the mode ends
    the code with how to close it)."""
    pygame.draw.rect(surface, palette.panel, rect, border_radius=px(6))
    pygame.draw.rect(surface, palette.card_border, rect, px(2), border_radius=px(6))
    inner = rect.inflate(-px(20), -px(16))
    for size in CODE_SIZES:
        mono = font(size, mono=True)
        lines = code_lines(code, inner.w // mono.size("M")[0])
        room = inner.h // mono.get_height()
        if len(lines) <= room:
            break
    if len(lines) > room:
        last = [lines[-1]] if lines[-1].startswith("#") and room > 2 else []  # how to close it
        keep = room - 1 - len(last)
        lines = [*lines[:keep], f"# … and {len(lines) - keep - len(last)} more lines in the file", *last]
    y = inner.y
    for line in lines:
        if line:
            surface.blit(texts.render(line, size, palette.text, mono=True), (inner.x, y))
        y += mono.get_height()


def draw_button(surface: pygame.Surface, rect: pygame.Rect, text: str, palette: Palette, texts: TextCache) -> None:
    """A clickable box drawn by a view; the app maps a click on its rect to an intent."""
    pygame.draw.rect(surface, palette.card, rect, border_radius=px(4))
    pygame.draw.rect(surface, palette.focus, rect, px(2), border_radius=px(4))
    label = texts.render(text, 15, palette.text, bold=True)
    clip = surface.get_clip()
    surface.set_clip(rect.inflate(-px(4), -px(4)).clip(clip))  # a narrow window cuts the words, not the box around them
    surface.blit(label, label.get_rect(center=rect.center))
    surface.set_clip(clip)
