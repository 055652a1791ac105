"""The landscape view (D): the surface's height map with the path on it in place of the valley, and
the readout at the pointer in place of the ball's.

On the map: the dots of steps 0 … t coloured by their rate (`path_dots`; the key at the top right),
the minima marked, the current step ringed, a caption naming the surface and the step. A path that
leaves the plot gets an arrow at the edge pointing where it went; one that flew off gets a message
too. The pixels come from `landscape_picture.Pictures` (the one cache); the frame's two parts carry
keys naming all they show, so the compositor repaints them only when that changes.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pygame

from lrgame.engine.numfmt import sig4
from lrgame.look.theme import Palette, px, ui_scale
from lrgame.view.compositor import Part
from lrgame.view.landscape_picture import MapKey, Pictures, knob_items, point_rates
from lrgame.view.landscape_readout import Probe, readout_rows, when
from lrgame.view.path_dots import FAR, RATE_BINS, RateScale, rate_colours
from lrgame.view.plane import Plane
from lrgame.view.readout import draw_readout_line, line_rects
from lrgame.view.text import TextCache, draw_paragraphs, fit

if TYPE_CHECKING:
    from lrgame.app.modes.landscape import LandscapeShown
    from lrgame.look.layout import Layout

PICK = 6  # design px: the pointer reads a dot of the path this close to it
TRAIL = 24  # steps before the current one joined by a line on a long path
KEY_W, KEY_H = 150, 10  # design px: the colour key's bar
LEGEND = ("Dots: one per step, coloured by the rate η of that step (key at the top right of the map). "
          "Ring: this step. Cross in a ring: a minimum. Point at the path or the map to read it here.")


def plane_for(rect: pygame.Rect, bounds: tuple[float, float, float, float]) -> Plane:
    x0, x1, y0, y1 = bounds
    return Plane.fit((rect.x, rect.y, rect.w, rect.h), ((x0, x1), (y0, y1)))


class LandscapeView:
    """Makes the landscape's parts of a frame; keeps the pictures (`Pictures`) between frames."""

    def __init__(self) -> None:
        self.pictures = Pictures()
        self._probe_key: tuple | None = None
        self._probe: Probe | None = None

    def parts(self, lay: Layout, shown: LandscapeShown, mouse: tuple[int, int], palette: Palette,
              texts: TextCache) -> list[Part]:
        """The map (over the valley) and the readout (over the ball's readout)."""
        run, path, number = shown.run, shown.path, shown.number
        plane = plane_for(lay.valley, run.shape.bounds)
        key = MapKey(run.shape, knob_items(run.surface_params), plane, palette, ui_scale())
        picture, drawn = self.pictures.picture(key, path, shown.t)
        scale = None if path is None else self.pictures.rate_scale(path)
        t = -1 if path is None else min(shown.t, len(path.points) - 1)
        map_key = (key, number, drawn, t, shown.computing, scale)

        def paint_map(surface: pygame.Surface, rect: pygame.Rect, _: object) -> None:
            surface.blit(picture, rect)
            self._paint_overlay(surface, rect, plane, shown, t, scale, palette, texts)

        probe = self.probe(plane, shown, mouse)
        rows = tuple(readout_rows(run, path, probe, max(t, 0), shown.momenta))
        head = "AT THE POINTER" if probe.step is None else ("THIS STEP" if probe.step == t else "A STEP OF THE PATH")
        readout_key = (head, rows, palette)

        def paint_readout(surface: pygame.Surface, rect: pygame.Rect, _: object) -> None:
            draw_landscape_readout(surface, rect, head, rows, palette, texts)

        return [Part("landscape", lay.valley, map_key, paint_map),
                Part("landscape readout", lay.readout, readout_key, paint_readout)]

    def probe(self, plane: Plane, shown: LandscapeShown, mouse: tuple[int, int]) -> Probe:
        """What the pointer reads: the last step of 0 … t whose dot is within PICK px of it, else the
        point of the plane under it, else (off the map) the current step."""
        path = shown.path
        t = 0 if path is None else min(shown.t, len(path.points) - 1)
        key = (plane, shown.number, t, tuple(mouse))
        if key == self._probe_key and self._probe is not None:
            return self._probe
        if path is None or not plane.contains(mouse):
            probe = Probe(t, (math.nan, math.nan))
        else:
            where = plane.pixels(path.points[: t + 1])
            near = np.flatnonzero(np.max(np.abs(where - np.asarray(mouse, dtype=np.float64)), axis=1) <= px(PICK))
            probe = Probe(int(near[-1]), (math.nan, math.nan)) if near.size else Probe(None, plane.world(mouse))
        self._probe_key, self._probe = key, probe
        return probe

    def _paint_overlay(self, surface: pygame.Surface, rect: pygame.Rect, plane: Plane, shown: LandscapeShown,
                       t: int, scale: RateScale | None, palette: Palette, texts: TextCache) -> None:
        """What sits on the picture: the recent trail, the current step, the arrow and the words."""
        path = shown.path
        caption = f"{shown.run.shape.title} (2-D)"
        if path is not None and t >= 0:
            caption += f" · {when(shown.run, t)}"
            at = self._current(surface, plane, path, t, scale, palette)
            if at is not None:
                _arrow(surface, at[0], at[1], palette)
        _label(surface, (rect.x + px(8), rect.y + px(6)), fit(caption, 15, rect.w - px(KEY_W) - px(60), bold=True), 15,
               palette.text, palette, texts, bold=True)
        if scale is not None:
            _colour_key(surface, rect, scale, palette, texts)
        note = None
        if path is not None and path.diverged_at is not None and t >= path.diverged_at:
            note = (f"The path flew off the map at step {path.diverged_at}: the rate was too big for this "
                    "surface. Lower η₀ (↓) or let the schedule decay sooner.", palette.danger)
        elif shown.computing:
            note = ("Working out the path for the new settings …", palette.focus)
        if note is not None:
            area = pygame.Rect(rect.x + px(10), rect.bottom - px(54), rect.w - px(20), px(48))
            pygame.draw.rect(surface, palette.panel, area, border_radius=px(6))
            pygame.draw.rect(surface, note[1], area, px(2), border_radius=px(6))
            draw_paragraphs(surface, area.inflate(-px(16), -px(8)), [(note[0], 14, palette.text, False)], texts)

    def _current(self, surface: pygame.Surface, plane: Plane, path, t: int, scale: RateScale,
                 palette: Palette) -> tuple[np.ndarray, np.ndarray] | None:
        """The line over the last TRAIL steps (a long path's dots are not joined) and the ring at
        step t; when step t is off the plot, (the last point on it, step t) for the arrow."""
        first = max(0, t - TRAIL)
        where = plane.pixels(path.points[first : t + 1])
        inside = plane.inside(where)
        colours = rate_colours(palette)
        bins = scale.bins(point_rates(path, first, t)).tolist()
        points = np.clip(where, -FAR, FAR).round().astype(int).tolist()
        for i in range(len(points) - 1):
            pygame.draw.line(surface, colours[bins[i]], points[i], points[i + 1], px(2))
        if inside[-1]:
            centre = points[-1]
            pygame.draw.circle(surface, palette.background, centre, px(9), px(4))
            pygame.draw.circle(surface, palette.ball, centre, px(8), px(3))
            return None
        shown = np.flatnonzero(inside)
        last_in = where[shown[-1]] if shown.size else plane.pixels(path.points[:1])[0]
        if not plane.inside(last_in[None, :])[0]:
            last_in = np.array([plane.left + plane.width / 2, plane.top + plane.height / 2])
        return last_in, where[-1]


def _arrow(surface: pygame.Surface, inside: np.ndarray, outside: np.ndarray, palette: Palette) -> None:
    """An arrow at the plot's edge, pointing the way the path left it."""
    rect = surface.get_clip()
    plane = Plane(rect.x, rect.y, rect.w, rect.h, 0.0, 0.0, 1.0)
    tip = plane.edge_point(inside, outside)
    d = np.asarray(outside, dtype=np.float64) - np.asarray(inside, dtype=np.float64)
    length = float(np.hypot(*d)) or 1.0
    u = d / length
    n = np.array([-u[1], u[0]])
    size = px(22)
    tail = tip - u * size * 2
    head = [tip, tip - u * size + n * size * 0.6, tip - u * size - n * size * 0.6]
    pygame.draw.line(surface, palette.background, tail, tip - u * size * 0.5, px(8))
    pygame.draw.line(surface, palette.danger, tail, tip - u * size * 0.5, px(4))
    pygame.draw.polygon(surface, palette.danger, [tuple(p) for p in head])
    pygame.draw.polygon(surface, palette.background, [tuple(p) for p in head], px(2))


def _label(surface: pygame.Surface, at: tuple[int, int], text: str, size: int, colour: tuple, palette: Palette,
           texts: TextCache, bold: bool = False) -> pygame.Rect:
    """Words on the map, on a patch of the panel's colour so every shade behind them reads."""
    surf = texts.render(text, size, colour, bold=bold)
    box = surf.get_rect(topleft=at).inflate(px(8), px(4))
    pygame.draw.rect(surface, palette.panel, box, border_radius=px(4))
    surface.blit(surf, at)
    return box


def _colour_key(surface: pygame.Surface, rect: pygame.Rect, scale: RateScale, palette: Palette,
                texts: TextCache) -> None:
    """The rates' colours as a bar at the map's top right, its lowest and highest rate under it."""
    w, h = px(KEY_W), px(KEY_H)
    title = texts.render("rate η of each step" + (" (log)" if scale.log else ""), 13, palette.text)
    low = texts.render(sig4(scale.low), 13, palette.text)
    high = texts.render(sig4(scale.high), 13, palette.text)
    w = max(w, title.get_width(), low.get_width() + high.get_width() + px(12))
    box = pygame.Rect(rect.right - w - px(18), rect.y + px(6), w + px(12),
                      title.get_height() + h + low.get_height() + px(12))
    pygame.draw.rect(surface, palette.panel, box, border_radius=px(4))
    x, y = box.x + px(6), box.y + px(3)
    surface.blit(title, (x, y))
    y += title.get_height() + px(2)
    colours = rate_colours(palette)
    for i in range(w):
        colour = colours[min(RATE_BINS - 1, i * RATE_BINS // w)] if scale.high > scale.low else colours[-1]
        pygame.draw.line(surface, colour, (x + i, y), (x + i, y + h - 1))
    y += h + px(2)
    surface.blit(low, (x, y))
    surface.blit(high, (x + w - high.get_width(), y))


def draw_landscape_readout(surface: pygame.Surface, rect: pygame.Rect, head: str, rows: tuple,
                           palette: Palette, texts: TextCache) -> None:
    """The readout box: its title, the rows, and what the marks on the map mean under them."""
    pygame.draw.rect(surface, palette.background, rect)
    pygame.draw.rect(surface, palette.panel, rect, border_radius=px(6))
    title = texts.render(head, 13, palette.text_dim, bold=True)
    surface.blit(title, (rect.x + px(10), rect.y + px(8)))
    boxes = line_rects(rect, len(rows))
    for box, (text, role) in zip(boxes, rows, strict=True):
        draw_readout_line(surface, box, text, role, palette, texts)
    top = (boxes[-1].bottom if boxes else rect.y + px(30)) + px(10)
    area = pygame.Rect(rect.x + px(10), top, rect.w - px(20), rect.bottom - top - px(6))
    draw_paragraphs(surface, area, [(LEGEND, 13, palette.text_dim, False)], texts)
