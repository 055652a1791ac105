"""How each slot of the race looks, wherever it appears (its curve, its ball, its lane, its card,
its scoreboard row): an Okabe–Ito colour AND a dash pattern AND a marker shape AND its number, so
no one has to tell the colours apart, on a projector or with colour-blind eyes.

Slot i is drawn in `SLOT_COLOURS[i]` (blue, vermillion, bluish green, reddish purple), its curve
with `DASHES[i]` (solid, dashed, dotted, dash-dot), its ball and dots as `MARKERS[i]` (circle,
square, triangle, diamond) with the number i + 1 inside, on a disc of the ground around it.
"""

from __future__ import annotations

import math

import pygame

from lrgame.look.projector import contrast_ratio
from lrgame.look.theme import OKABE_ITO, Color, px
from lrgame.view.text import TextCache

SLOT_COLOURS: tuple[Color, ...] = (
    OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"], OKABE_ITO["purple"],
)
DASHES: tuple[tuple[int, ...], ...] = ((), (12, 6), (2, 5), (12, 5, 2, 5))
"""On/off lengths in pixels along the line, per slot; () is solid."""
MARKERS: tuple[str, ...] = ("circle", "square", "triangle", "diamond")
BALL_RADIUS = 10
"""Design pixels (`ball_radius()` is the radius on screen, at the UI scale)."""

Point = tuple[int, int]


def ball_radius() -> int:
    return px(BALL_RADIUS)


def slot_colour(i: int) -> Color:
    return SLOT_COLOURS[i % len(SLOT_COLOURS)]


def slot_dashes(i: int) -> tuple[int, ...]:
    return DASHES[i % len(DASHES)]


def ink_on(colour: Color) -> Color:
    """Black or white, whichever has the higher contrast on `colour` (WCAG's ratio)."""
    return max(((0, 0, 0), (255, 255, 255)), key=lambda ink: contrast_ratio(ink, colour))


def marker_outline(i: int, centre: Point, r: int) -> list[Point] | None:
    """The corners of slot i's marker of size r around `centre` (None: a circle of radius r). The
    shapes are sized to cover about the same area as the circle, so none looks bigger."""
    x, y = centre
    shape = MARKERS[i % len(MARKERS)]
    if shape == "square":
        h = round(0.9 * r)
        return [(x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h)]
    if shape == "triangle":  # pointing up, its centroid on the centre
        c = 1.5 * r
        return [(round(x + c * math.cos(a)), round(y - c * math.sin(a)))
                for a in (math.pi / 2, math.pi / 2 + 2 * math.pi / 3, math.pi / 2 + 4 * math.pi / 3)]
    if shape == "diamond":
        h = round(1.25 * r)
        return [(x, y - h), (x + h, y), (x, y + h), (x - h, y)]
    return None


def draw_slot_marker(surface: pygame.Surface, i: int, centre: Point, edge: Color, texts: TextCache,
                     r: int | None = None, number: bool = True) -> pygame.Rect:
    """Slot i's marker of size r (screen pixels; default `ball_radius()`), filled in its colour,
    edged in `edge` (the background, so touching markers stay apart), with its number inside on
    a disc of `edge` (no slot colour holds a digit at 7:1; the ground it is drawn on does). The
    marker grows to keep a ring of its colour (3 px inside its edge) around the number, which
    projector text makes bigger than the ball. Returns the area drawn on."""
    r = ball_radius() if r is None else r
    colour, triangle = slot_colour(i), MARKERS[i % len(MARKERS)] == "triangle"
    num, disc = None, 0.0
    if number and r >= px(7):
        num = texts.render(str(i + 1), 12 if r >= px(9) else 10, ink_on(edge), bold=True)
        disc = math.hypot(*num.get_bounding_rect().size) / 2 + 0.5  # covers the digit's box
        r = max(r, math.ceil((disc + px(3)) / 0.75 if triangle else disc + px(5)))  # the triangle's inner circle
    corners = marker_outline(i, centre, r)
    if corners is None:
        area = pygame.draw.circle(surface, colour, centre, r)
        pygame.draw.circle(surface, edge, centre, r, px(2))
    else:
        area = pygame.draw.polygon(surface, colour, corners)
        pygame.draw.polygon(surface, edge, corners, px(2))
    if num is not None:
        ink = num.get_bounding_rect()
        pygame.draw.circle(surface, edge, centre, round(disc))
        surface.blit(num, (centre[0] - ink.centerx, centre[1] - ink.centery))
    return area
