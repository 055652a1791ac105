"""How each slot of the race looks, wherever it appears (its curve, its ball, its lane, its card,
its scoreboard row): an Okabe–Ito colour AND a dash pattern AND a marker shape AND its number, so
no one has to tell the colours apart, on a projector or with colour-blind eyes.

Slot i is drawn in `SLOT_COLOURS[i]` (blue, vermillion, bluish green, reddish purple), its curve
with `DASHES[i]` (solid, dashed, dotted, dash-dot), its ball and dots as `MARKERS[i]` (circle,
square, triangle, diamond) with the number i + 1 inside, on a disc of the ground around it.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import pygame

from lrgame.look.projector import contrast_ratio
from lrgame.look.theme import OKABE_ITO, Color, px
from lrgame.view.text import TextCache

SLOT_COLOURS: tuple[Color, ...] = (
    OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"],
    (196, 106, 158),  # reddish purple, a shade darker: 3.4:1 on the projector's background (Okabe–Ito's 2.9:1)
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


@lru_cache(maxsize=16)
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
    num, disc, r = _numbered(i, ball_radius() if r is None else r, number, edge, texts)
    area = _shape(surface, i, centre, r, edge)
    if num is not None:
        draw_number(surface, centre, num, disc, edge)
    return area


class Ball(NamedTuple):
    """One of several slots' numbered markers that may overlap (balls on a map): its slot, centre,
    whether its number shows (`numbers_shown`), its size, and where `draw_ball` may draw it (the
    edge included)."""

    slot: int
    centre: Point
    numbered: bool
    r: int
    box: pygame.Rect


def numbers_shown(markers: list[tuple[int, Point]], edge: Color, texts: TextCache) -> list[Ball]:
    """Several slots' numbered markers that may overlap, the last given on top: each with whether
    its number is drawn and its size. A number is left out where a marker drawn after it would
    cover it: no number is ever half hidden, and the marker keeps its shape, colour and size."""
    sized = [(i, centre, *_numbered(i, ball_radius(), True, edge, texts)) for i, centre in markers]
    outlines = [_outline_box(i, centre, r) for i, centre, _, _, r in sized]
    out = []
    for k, (i, centre, num, disc, r) in enumerate(sized):
        spot = pygame.Rect(0, 0, 2 * math.ceil(disc), 2 * math.ceil(disc))
        spot.center = centre
        out.append(Ball(i, centre, num is not None and spot.collidelist(outlines[k + 1 :]) < 0, r,
                        outlines[k].inflate(px(2) + 2, px(2) + 2)))
    return out


def draw_ball(surface: pygame.Surface, ball: Ball, edge: Color, texts: TextCache) -> pygame.Rect:
    """A ball of `numbers_shown`, drawn in their order: the area drawn on, the edge included."""
    area = _shape(surface, ball.slot, ball.centre, ball.r, edge)
    if ball.numbered:
        num, disc, _ = _numbered(ball.slot, ball_radius(), True, edge, texts)
        draw_number(surface, ball.centre, num, disc, edge)
    return area.inflate(px(2) + 2, px(2) + 2)  # the edge is drawn across the fill's border


def marker_box(i: int, centre: Point, r: int, edge: Color, texts: TextCache) -> pygame.Rect:
    """Where `draw_slot_marker` with these arguments draws slot i's numbered marker (its outline's box)."""
    return _outline_box(i, centre, _numbered(i, r, True, edge, texts)[2])


def _numbered(i: int, r: int, number: bool, edge: Color, texts: TextCache) -> tuple[pygame.Surface | None, float, int]:
    """Slot i's number rendered to sit on `edge` (None when left out or the marker is too small),
    the radius of its disc, and the marker's size grown to keep a ring around it."""
    if not number or r < px(7):
        return None, 0.0, r
    num, disc = number_on(str(i + 1), 12 if r >= px(9) else 10, edge, texts)
    triangle = MARKERS[i % len(MARKERS)] == "triangle"
    grown = math.ceil((disc + px(3)) / 0.75 if triangle else disc + px(5))  # the triangle's inner circle
    return num, disc, max(r, grown)


def number_on(words: str, size: int, edge: Color, texts: TextCache) -> tuple[pygame.Surface, float]:
    """A marker's number rendered to read on `edge`, and the radius of the disc of `edge` that
    holds it (no marker colour holds a digit at 7:1; the ground it is drawn on does)."""
    num = texts.render(words, size, ink_on(edge), bold=True)
    return num, math.hypot(*num.get_bounding_rect().size) / 2 + 0.5  # the disc covers the digit's box


def _outline_box(i: int, centre: Point, r: int) -> pygame.Rect:
    """The box around slot i's marker of size r."""
    corners = marker_outline(i, centre, r)
    if corners is None:
        return pygame.Rect(centre[0] - r, centre[1] - r, 2 * r + 1, 2 * r + 1)
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)


def _shape(surface: pygame.Surface, i: int, centre: Point, r: int, edge: Color) -> pygame.Rect:
    """Slot i's marker of size r without its number: the area drawn on."""
    colour, corners = slot_colour(i), marker_outline(i, centre, r)
    if corners is None:
        area = pygame.draw.circle(surface, colour, centre, r)
        pygame.draw.circle(surface, edge, centre, r, px(2))
    else:
        area = pygame.draw.polygon(surface, colour, corners)
        pygame.draw.polygon(surface, edge, corners, px(2))
    return area


def draw_number(surface: pygame.Surface, centre: Point, num: pygame.Surface, disc: float, edge: Color) -> None:
    """The number from `number_on` on its disc of `edge` at the marker's centre."""
    ink = num.get_bounding_rect()
    pygame.draw.circle(surface, edge, centre, round(disc))
    surface.blit(num, (centre[0] - ink.centerx, centre[1] - ink.centery))
