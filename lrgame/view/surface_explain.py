"""The explanation (I) in the landscape: the schedule's on the left, the surface's own beside it:
its formula, each knob with its value and what it does, its start, and what it teaches. As the
schedule's (`explain_view`), its box covers its area whole and its paragraphs are made smaller if
that is what it takes. When the two do not both fit side by side (big projector text, a long
schedule), the surface's is shown alone and says where the schedule's is (the scene decides)."""

from __future__ import annotations

import pygame

from lrgame.engine.numfmt import sig4
from lrgame.look.theme import Palette, font, px
from lrgame.sim.landscape_path import LandscapeRun
from lrgame.view.explain_view import FOOTER, FOOTER_SIZE, TEXT_SIZE
from lrgame.view.text import Paragraph, TextCache, draw_paragraphs, fit_paragraphs

SCHEDULE_SHARE = 0.55  # of the width under the cards, for the schedule's explanation


ALONE = "There is no room for the schedule's explanation beside this one: press D to go back to the valley, then I."


def surface_paragraphs(run: LandscapeRun, palette: Palette, size: int = TEXT_SIZE, alone: bool = False
                       ) -> list[Paragraph]:
    """The words: the formula's parts (written apart by runs of spaces), the knobs, start and lesson;
    `alone`: shown without the schedule's, so say where that one is."""
    surface = run.shape
    parts: list[Paragraph] = [(f"{surface.title}: the loss f(x, y)", size + 3, palette.text, True)]
    parts += [(piece.strip(), size + 1, palette.focus, True) for piece in surface.formula.split("   ") if piece.strip()]
    for knob in surface.knobs:
        parts.append((f"{knob.screen_name} = {sig4(run.surface_params[knob.name])}: {knob.help}", size,
                      palette.text, False))
    x, y = run.start
    parts.append((f"The path starts at ({sig4(x)}, {sig4(y)}).", size, palette.text, False))
    if surface.lesson:
        parts.append((f"Watch: {surface.lesson}", size, palette.danger, False))
    if alone:
        parts.append((ALONE, size, palette.text_dim, False))
    return parts


def explanation_areas(body: pygame.Rect, cards_top: int, up: bool) -> tuple[pygame.Rect, pygame.Rect]:
    """Where the schedule's explanation and the surface's go, side by side over the landscape and
    its readout (the schedule's words leave room at their foot, the surface's formula wants the
    width); with `up`, both reaching up over the cards too (big projector text in a small window:
    both, so no card is left half covered)."""
    top = cards_top if up else body.y
    split = body.x + int(body.w * SCHEDULE_SHARE)
    return (pygame.Rect(body.x, top, split - body.x, body.bottom - top),
            pygame.Rect(split, top, body.right - split, body.bottom - top))


def surface_explanation_fits(rect: pygame.Rect, run: LandscapeRun, palette: Palette, alone: bool = False) -> bool:
    """Does every word fit in `rect` (at the text's size, or smaller)?"""
    text_area = _text_area(rect)
    return fit_paragraphs(surface_paragraphs(run, palette, alone=alone), text_area.w, text_area.h) is not None


def draw_surface_explanation(surface: pygame.Surface, rect: pygame.Rect, run: LandscapeRun, palette: Palette,
                             texts: TextCache, alone: bool = False) -> bool:
    """In `rect`, its box covering it whole; did every word fit?"""
    paragraphs = surface_paragraphs(run, palette, alone=alone)
    text_area = _text_area(rect)
    pygame.draw.rect(surface, palette.panel, rect, border_radius=px(8))
    pygame.draw.rect(surface, palette.card_border, rect, px(2), border_radius=px(8))
    whole = draw_paragraphs(surface, text_area, paragraphs, texts)
    footer = texts.render(FOOTER, FOOTER_SIZE, palette.text_dim)
    surface.blit(footer, (text_area.x, rect.bottom - footer.get_height() - px(8)))
    return whole


def _text_area(rect: pygame.Rect) -> pygame.Rect:
    """Where the paragraphs go in the box: over the footer."""
    bottom = rect.bottom - px(8) - font(FOOTER_SIZE).get_height() - px(6)
    return pygame.Rect(rect.x + px(16), rect.y + px(12), rect.w - px(32), max(bottom - rect.y - px(12), 0))
