"""The race itself: each ball in its own lane, a copy of the valley of the same size and scale.

With the same start and the same noise, balls under similar schedules sit on the same spot for
much of a race, so on one shared valley only the top ball shows. Here slot i runs in lane i (top
to bottom, in slot order): every ball is always in sight, and since every lane maps the valley to
pixels in the same way, the same x is the same column in every lane, so a ball further from the
floor than another is further from the lane's floor mark. At its left each lane shows the slot's
marker; the ball is that marker (colour, shape, number).

The lane picture (valley, floor mark) is drawn once per valley, size and palette and blitted into
every lane; only the balls are drawn per frame.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from lrgame.look.theme import Palette, font, px
from lrgame.sim.race import Race
from lrgame.sim.valley import Valley
from lrgame.view.slot_look import BALL_RADIUS, Point, ball_radius, draw_slot_marker, slot_colour, slot_dashes
from lrgame.view.text import TextCache, fit, text_width
from lrgame.view.viewport import Viewport

# Design pixels (times the UI scale on screen, see `px`):
LANE_GAP = 6
GUTTER = 2 * BALL_RADIUS + 16
"""The lane's left strip, where its slot's marker stands."""
TOP_ROOM = BALL_RADIUS + 4
"""Above the valley's rim in a lane (a ball at the rim stays inside) and on either side."""
FLOOR_ROOM = 5
"""Under the valley's floor in a lane."""
SAMPLES = 240
PIXEL_LIMIT = 100_000.0


def _pixels(a: np.ndarray) -> np.ndarray:
    """Float coordinates → ints, NaN and ±inf made finite: the gate before every draw call."""
    a = np.nan_to_num(np.asarray(a, dtype=np.float64), nan=0.0, posinf=PIXEL_LIMIT, neginf=-PIXEL_LIMIT)
    return np.rint(np.clip(a, -PIXEL_LIMIT, PIXEL_LIMIT)).astype(np.int64)


def title_height() -> int:
    """The race's two title lines at the top of its rect, with their margins."""
    return px(8) + font(15, bold=True).get_height() + px(2) + font(13).get_height() + px(6)


def lane_rects(rect: pygame.Rect, count: int) -> list[pygame.Rect]:
    """Slot i's lane: the race rect under its title cut into `count` strips of one size."""
    top, gap = rect.y + title_height(), px(LANE_GAP)
    if count <= 0:
        return []
    h = max((rect.bottom - top - (count - 1) * gap) // count, 0)
    return [pygame.Rect(rect.x, top + i * (h + gap), rect.w, h) for i in range(count)]


def picture_rect(lane: pygame.Rect) -> pygame.Rect:
    """The part of a lane where its valley is drawn (right of the gutter)."""
    return pygame.Rect(lane.x + px(GUTTER), lane.y, max(lane.w - px(GUTTER), 0), lane.h)


def valley_viewport(picture: pygame.Rect, valley: Valley) -> Viewport:
    """The valley ↔ pixel mapping of a lane's picture: the same in every lane but for where it sits."""
    x0, x1 = valley.domain
    loss_top = float(np.max(valley.f(np.linspace(x0, x1, SAMPLES))))
    return Viewport(pygame.Rect(picture), (x0, x1), loss_top, px(TOP_ROOM), px(FLOOR_ROOM))


TITLES = ("Race: each ball in its own copy of the valley, with the same noise",
          "Race: each ball in its own copy of the valley, same noise", "Race: each ball in its own valley")
"""The race's title, longest first: the first that fits is shown (projector text on a small window)."""

class RaceLanes:
    """Draws the race's lanes and balls into a rect the caller gives; reads a `Race` only."""

    def __init__(self, palette: Palette, texts: TextCache) -> None:
        self.palette = palette
        self.texts = texts
        self._layer_key: tuple | None = None
        self._layer: pygame.Surface | None = None

    def viewports(self, rect: pygame.Rect, comparison: Race) -> list[Viewport]:
        valley = comparison.valley
        if valley is None:
            return []
        return [valley_viewport(picture_rect(lane), valley) for lane in lane_rects(pygame.Rect(rect), len(comparison))]

    def ball_positions(self, rect: pygame.Rect, comparison: Race, t: int, phase: float = 1.0,
                       from_t: int | None = None) -> list[Point]:
        """Each ball's centre in its lane on its hop from step `from_t` (default t − 1) to step t:
        x moves straight, a parabola lifts it (like the main ball's hop); at phase 1 the ball sits
        on its lane's valley at the viewport point of its trajectory's x_t, one radius above it
        (never above its lane's top)."""
        valley = comparison.valley
        if valley is None:
            return []
        to_t = comparison.known(t)
        start = comparison.known(to_t - 1 if from_t is None else from_t)
        p = min(max(float(phase), 0.0), 1.0) if math.isfinite(phase) else 1.0
        r = ball_radius()
        centres = []
        for i, vp in enumerate(self.viewports(rect, comparison)):
            xs = np.array([comparison.x(i, start), comparison.x(i, to_t)])
            (px0, px1), (py0, py1) = vp.to_px(xs, valley.f(xs))
            lift = min(0.45 * abs(px1 - px0) + (4.0 if px1 != px0 else 0.0), vp.rect.h * 0.45)
            cx = px0 + (px1 - px0) * p
            cy = py0 + (py1 - py0) * p - lift * 4.0 * p * (1.0 - p) - r
            cy = max(cy, vp.rect.top + r + 1)  # a high hop meets its lane's top: it never leaves its lane
            centres.append(tuple(_pixels(np.array([cx, cy])).tolist()))
        return centres

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, comparison: Race, t: int, hint: str,
             phase: float = 1.0, from_t: int | None = None) -> None:
        """The title, then every lane with its valley and its ball at step t (`hint`: what to
        say while the race is empty)."""
        rect = pygame.Rect(rect)
        pal = self.palette
        surface.fill(pal.background, rect)
        valley = comparison.valley
        if valley is None:
            words = self.texts.render(fit(hint, 15, max(rect.w - 20, 0)), 15, pal.text_dim)
            surface.blit(words, words.get_rect(center=rect.center))
            return
        clip = surface.get_clip()
        surface.set_clip(rect.clip(clip))
        self._title(surface, rect, comparison)
        lanes = lane_rects(rect, len(comparison))
        to_t = comparison.known(t)
        centres = self.ball_positions(rect, comparison, t, phase, from_t)
        for i, (lane, centre) in enumerate(zip(lanes, centres, strict=True)):
            if lane.h <= 0:
                continue
            surface.set_clip(lane.clip(rect).clip(clip))
            self._lane(surface, lane, valley, i)
            at = comparison.trajectories[i].diverged_at
            flown = at is not None and at <= to_t
            inside = picture_rect(lane).inflate(-2 * ball_radius(), 0)
            if flown or not inside.left <= centre[0] < inside.right or centre[1] > lane.bottom:
                self._out_of_view(surface, lane, centre, i, "flew out" if flown else "out of view")
            else:
                draw_slot_marker(surface, i, centre, pal.background, self.texts)
        surface.set_clip(clip)

    def _title(self, surface: pygame.Surface, rect: pygame.Rect, comparison: Race) -> None:
        race = comparison.race
        assert race is not None
        pal, x, y = self.palette, rect.x + px(10), rect.y + px(8)
        room = rect.w - px(20)
        words = next((t for t in TITLES if text_width(t, 15, bold=True) <= room), fit(TITLES[-1], 15, room, bold=True))
        title = self.texts.render(words, 15, pal.text, bold=True)
        surface.blit(title, (x, y))
        sub = (f"{race.valley} valley, sharpness {race.sharpness:g}, noise {race.noise:g}, seed {race.seed}, "
               f"T = {race.epochs}" + (f" × {race.steps_per_epoch} steps" if race.steps_per_epoch > 1 else
                                       " steps" if race.unit == "steps" else ""))
        line = self.texts.render(fit(sub, 13, rect.w - px(20)), 13, pal.text_dim)
        surface.blit(line, (x, y + title.get_height() + px(2)))

    def _lane(self, surface: pygame.Surface, lane: pygame.Rect, valley: Valley, i: int) -> None:
        """The lane's valley (the cached picture) and its gutter: the slot's marker and a stripe in
        its colour and dash pattern."""
        picture = picture_rect(lane)
        surface.blit(self._picture(picture.size, valley), picture)
        mid = (lane.x + px(GUTTER // 2 - 2), lane.centery)
        stripe = lane.x + px(GUTTER - 5)
        self._stripe(surface, i, stripe, lane.top + 2, lane.bottom - 2)
        draw_slot_marker(surface, i, mid, self.palette.background, self.texts)

    def _stripe(self, surface: pygame.Surface, i: int, x: int, top: int, bottom: int) -> None:
        pattern, colour = slot_dashes(i), slot_colour(i)
        if not pattern:
            pygame.draw.line(surface, colour, (x, top), (x, bottom), px(3))
            return
        y, k = top, 0
        while y < bottom:
            length = px(pattern[k % len(pattern)])
            if k % 2 == 0:
                pygame.draw.line(surface, colour, (x, y), (x, min(y + max(length, 2), bottom)), px(3))
            y += length
            k += 1

    def _picture(self, size: tuple[int, int], valley: Valley) -> pygame.Surface:
        """One lane's valley: fill, grey outline (green is slot 3's colour) and a mark under the floor."""
        key = (valley, size, self.palette)
        if key == self._layer_key and self._layer is not None:
            return self._layer
        pal = self.palette
        layer = pygame.Surface(size)
        layer.fill(pal.background)
        vp = valley_viewport(pygame.Rect((0, 0), size), valley)
        x0, x1 = valley.domain
        xs = np.linspace(x0, x1, SAMPLES)
        sx, sy = vp.to_px(xs, valley.f(xs))
        outline = list(zip(_pixels(sx).tolist(), _pixels(sy).tolist(), strict=True))
        if len(outline) >= 2 and size[0] > 0 and size[1] > 0:
            pygame.draw.polygon(layer, pal.valley_fill, [(outline[0][0], size[1]), *outline, (outline[-1][0], size[1])])
            pygame.draw.lines(layer, pal.axis, False, outline, px(2))
            fx, fy = vp.point(valley.floor_x, valley.floor_loss)
            pygame.draw.line(layer, pal.text_dim, (fx, fy + 1), (fx, size[1]), px(2))
        self._layer, self._layer_key = layer, key
        return layer

    def _out_of_view(self, surface: pygame.Surface, lane: pygame.Rect, centre: Point, i: int, caption: str) -> None:
        """A ball beyond its lane's picture: drawn at the nearest place inside it, under an arrow,
        with the reason beside it."""
        picture, r = picture_rect(lane), ball_radius()
        x = min(max(centre[0], picture.x + r + px(4)), picture.right - r - px(4))
        y = min(max(centre[1], lane.y + 2 * r + px(8)), lane.bottom - r - px(2))
        colour = slot_colour(i)
        pygame.draw.polygon(surface, colour, [(x - px(8), y - r - px(3)), (x + px(8), y - r - px(3)),
                                              (x, y - r - px(15))])
        draw_slot_marker(surface, i, (x, y), self.palette.background, self.texts)
        words = self.texts.render(caption, 12, colour)
        wx = x + r + px(6)
        if wx + words.get_width() > picture.right:
            wx = x - r - px(6) - words.get_width()
        surface.blit(words, (wx, y - words.get_height() // 2))
