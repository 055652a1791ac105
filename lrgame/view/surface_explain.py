"""The explanation (I) in the landscape: the schedule's on the left, the surface's own beside it:
its formula, each knob with its value and what it does, its start, and what it teaches. The
paragraphs take the largest size at which they all fit above the footer."""

from __future__ import annotations

import pygame

from lrgame.engine.numfmt import sig4
from lrgame.look.theme import Palette, px
from lrgame.sim.landscape_path import LandscapeRun
from lrgame.view.text import Paragraph, TextCache, draw_paragraphs, paragraphs_height

SIZES = (15, 14, 13, 12)
SCHEDULE_SHARE = 0.55  # of the width under the cards, for the schedule's explanation


def surface_paragraphs(run: LandscapeRun, palette: Palette, size: int) -> list[Paragraph]:
    """The words: the formula's parts (written apart by runs of spaces), the knobs, start and lesson."""
    surface = run.shape
    parts: list[Paragraph] = [(f"{surface.title}: the loss f(x, y)", size + 3, palette.text, True)]
    parts += [(piece.strip(), size + 1, palette.focus, True) for piece in surface.formula.split("   ") if piece.strip()]
    for knob in surface.knobs:
        parts.append((f"{knob.screen_name} = {sig4(run.surface_params[knob.name])}: {knob.help}", size,
                      palette.text, False))
    x, y = run.start
    parts.append((f"The path starts at ({sig4(x)}, {sig4(y)}).", size, palette.text, False))
    if surface.lesson:
        parts.append((f"Watch: {surface.lesson}", size, palette.marker, False))
    return parts


def explanation_halves(body: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect]:
    """Where the schedule's explanation and the surface's go over the landscape and its readout:
    the schedule's words leave room at their foot, the surface's formula wants the width."""
    left = pygame.Rect(body.x, body.y, int(body.w * SCHEDULE_SHARE), body.h)
    return left, pygame.Rect(left.right, body.y, body.right - left.right, body.h)


def draw_surface_explanation(surface: pygame.Surface, rect: pygame.Rect, run: LandscapeRun, palette: Palette,
                             texts: TextCache) -> bool:
    """Draw it; did every paragraph fit (else the last lines are left out)?"""
    box = rect.inflate(-px(16), -px(16))
    pygame.draw.rect(surface, palette.background, rect)
    pygame.draw.rect(surface, palette.panel, box, border_radius=px(8))
    pygame.draw.rect(surface, palette.card_border, box, px(2), border_radius=px(8))
    footer = texts.render("I or Esc closes this.", 13, palette.text_dim)
    area = pygame.Rect(box.x + px(12), box.y + px(10), box.w - px(24), box.h - footer.get_height() - px(22))
    for size in SIZES:
        paragraphs = surface_paragraphs(run, palette, size)
        fits = paragraphs_height(paragraphs, area.w) <= area.h
        if fits:
            break
    draw_paragraphs(surface, area, paragraphs, texts)
    surface.blit(footer, (area.x, box.bottom - footer.get_height() - px(8)))
    return fits
