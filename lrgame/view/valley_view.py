"""The loss valley and the ball: the picture of gradient descent.

The ball's positions come from the trajectory (the real x_t); the hop between two of them is drawn
as a ballistic arc (a parabola in time), so a long step reads as a big bounce and a short one as a
small shuffle. The valley outline is computed once per valley and rectangle, not per frame.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pygame

from lrgame.look.theme import Color, Palette, px, ui_scale
from lrgame.sim.simulation import Simulation
from lrgame.sim.valley import Valley
from lrgame.view.readout import diverged_words
from lrgame.view.text import TextCache
from lrgame.view.viewport import Viewport

BALL_RADIUS = 11  # design px
SAMPLES = 240
AHEAD = 64
"""Steps past the ball whose pixels are worked out with the trail's (`ValleyView._pixels`)."""


def _blend(a: Color, b: Color, f: float) -> Color:
    return (int(a[0] + (b[0] - a[0]) * f), int(a[1] + (b[1] - a[1]) * f), int(a[2] + (b[2] - a[2]) * f))


@lru_cache(maxsize=8)
def _trail_looks(n: int, palette: Palette, scale: float) -> tuple[tuple[Color, int], ...]:
    """Colour and radius of each of n trail dots, oldest first: faint and small, then fuller, the
    newest nine tenths of the trail colour (so it stands out ≥ 3:1 from the valley's fill).
    (`scale`: the UI scale, which sets the radii.)"""
    looks = []
    for i in range(n):
        age = (n - i) / n
        looks.append((_blend(palette.trail, palette.valley_fill, 0.1 + 0.85 * (n - 1 - i) / n),
                      px(max(2, int(6 * (1 - age)) + 2))))
    return tuple(looks)


class ValleyView:
    """Draws the valley, floor, trail, ball and the diverged banner. Reads the simulation only."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._outline: list[tuple[int, int]] = []
        self._fill: list[tuple[int, int]] = []
        self.viewport: Viewport | None = None
        self._trail_key: tuple | None = None
        self._hop_key: tuple | None = None
        self._hop_ends = (0.0, 0.0, 0.0, 0.0, 0.0)
        self._trail: list[tuple[Color, tuple[int, int], int]] = []
        self._held: tuple | None = None  # (trajectory, viewport, first step, pixels from it on): `_pixels`

    def _prepare(self, valley: Valley, rect: pygame.Rect) -> Viewport:
        key = (valley, tuple(rect))
        if key != self._key:
            x0, x1 = valley.domain
            xs = np.linspace(x0, x1, SAMPLES)
            losses = valley.f(xs)
            self.viewport = Viewport(rect.copy(), (x0, x1), float(np.max(losses)) * 1.08, px(18), px(36))
            sx, sy = self.viewport.to_px(xs, losses)
            self._outline = list(zip(sx.astype(int).tolist(), sy.astype(int).tolist(), strict=True))
            self._fill = [(self._outline[0][0], rect.bottom), *self._outline, (self._outline[-1][0], rect.bottom)]
            self._key = key
        assert self.viewport is not None
        return self.viewport

    def draw_static(self, surface: pygame.Surface, rect: pygame.Rect, valley: Valley, palette: Palette,
                    texts: TextCache) -> None:
        """The valley itself, which only changes with the valley: drawn into the scene's backdrop."""
        vp = self._prepare(valley, rect)
        surface.set_clip(rect)
        pygame.draw.polygon(surface, palette.valley_fill, self._fill)
        pygame.draw.lines(surface, palette.valley_line, False, self._outline, px(3))
        fx, fy = vp.point(valley.floor_x, valley.floor_loss)
        pygame.draw.line(surface, palette.text_dim, (fx, fy + px(4)), (fx, fy + px(14)), px(2))
        floor_label = texts.render("deepest point", 13, palette.text_dim)
        surface.blit(floor_label, (fx - floor_label.get_width() // 2, fy + px(16)))
        surface.set_clip(None)

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, sim: Simulation, alpha: float,
             palette: Palette) -> pygame.Rect:
        """The moving parts: the trail of the last steps and the ball on its hop. Returns the
        area drawn on, so the next frame knows what to paint over."""
        vp = self._prepare(sim.valley, rect)
        surface.set_clip(rect)
        area = pygame.Rect(rect.center, (0, 0))
        for colour, point, radius in self._trail_dots(sim, vp, palette):
            area.union_ip(pygame.draw.circle(surface, colour, point, radius))

        ball = self._ball_position(sim, vp, alpha)
        if sim.diverged:
            area.union_ip(self._draw_flown_out(surface, rect, ball, palette))
        else:
            area.union_ip(pygame.draw.circle(surface, palette.ball, ball, px(BALL_RADIUS)))
            pygame.draw.circle(surface, palette.background, ball, px(BALL_RADIUS), px(2))
        surface.set_clip(None)
        return area

    def _trail_dots(self, sim: Simulation, vp: Viewport, palette: Palette) -> list:
        """Colour, centre and radius of each trail dot: worked out once per step the ball reaches."""
        key = (sim.trajectory, sim.ball_t, vp, palette)
        if key != self._trail_key:
            end = sim.ball_t
            first = end + 1 - len(sim.trail())  # the trail's steps: first..end − 1 (end is the ball's)
            looks = _trail_looks(end - first, palette, ui_scale())
            points = self._pixels(sim, vp, first, end)
            self._trail = [(colour, point, radius) for (colour, radius), point in zip(looks, points, strict=True)]
            self._trail_key = key
        return self._trail

    def _pixels(self, sim: Simulation, vp: Viewport, first: int, end: int) -> list[tuple[int, int]]:
        """The pixels of x_first..x_end−1 on the valley (each with the loss the path stored), worked
        out with those of the next AHEAD steps already computed: a playing ball's trail needs one
        more every step, and a numpy call costs the same for one point as for sixty."""
        held = self._held
        if (held is None or held[0] is not sim.trajectory or held[1] != vp or first < held[2]
                or end > held[2] + len(held[3])):
            upto = max(end, min(sim.trajectory.computed, end + AHEAD))
            sx, sy = vp.to_px(sim.trajectory.xs(upto)[first:], sim.trajectory.losses(upto)[first:])
            held = self._held = (sim.trajectory, vp, first, list(zip(sx.astype(int).tolist(),
                                                                      sy.astype(int).tolist(), strict=True)))
        return held[3][first - held[2]:end - held[2]]

    def _ball_position(self, sim: Simulation, vp: Viewport, alpha: float) -> tuple[int, int]:
        """The ball on its arc: straight interpolation in x, a parabola on top of it in height.
        The hop's two ends in pixels are worked out once per hop, not every frame of it."""
        key = (sim.trajectory, sim.hop, vp)
        if key != self._hop_key:
            start, end = sim.hop.from_x, sim.trajectory.x(sim.hop.to_t)
            px0, py0 = vp.floats(start, sim.valley.f(start))
            px1, py1 = vp.floats(end, sim.valley.f(end))
            height = min(0.45 * abs(px1 - px0) + (4.0 if px1 != px0 else 0.0), vp.rect.h * 0.45)
            self._hop_ends = (px0, px1, py0, py1, float(height))
            self._hop_key = key
        px0, px1, py0, py1, height = self._hop_ends
        p = sim.hop_fraction(alpha)
        x = px0 + (px1 - px0) * p
        y = py0 + (py1 - py0) * p - height * 4.0 * p * (1.0 - p)
        return int(x), int(y) - px(BALL_RADIUS)

    def _draw_flown_out(self, surface: pygame.Surface, rect: pygame.Rect, ball: tuple[int, int],
                        palette: Palette) -> pygame.Rect:
        x = min(max(ball[0], rect.x + px(20)), rect.right - px(20))
        y = min(max(ball[1], rect.y + px(14)), rect.bottom - px(14))
        area = pygame.draw.circle(surface, palette.danger, (x, y), px(BALL_RADIUS))
        triangle = [(x - px(9), y - px(16)), (x + px(9), y - px(16)), (x, y - px(30))]
        return area.union(pygame.draw.polygon(surface, palette.danger, triangle))

    def banner(self, surface: pygame.Surface, rect: pygame.Rect, sim: Simulation, palette: Palette,
               texts: TextCache) -> None:
        """The diverged lesson, written over the valley."""
        if not sim.diverged:
            return
        lines = (
            (diverged_words(sim), 22, True),
            ("The rate was too big for this valley: each step overshot the", 15, False),
            ("bottom by more than the last, and the ball flew out.", 15, False),
            ("Lower η₀ (↓ key) or make the valley less sharp.", 15, False),
        )
        y = rect.y + px(40)
        for text, size, bold in lines:
            surf = texts.render(text, size, palette.danger if bold else palette.text, bold=bold)
            surface.blit(surf, (rect.centerx - surf.get_width() // 2, y))
            y += surf.get_height() + px(4)
