"""The one cache of the landscape's pixels: the height map of a surface, and that map with the
optimizer's path drawn on it up to a step.

Contract (tests/test_landscape_picture.py holds it, against pictures drawn afresh):

- `MapKey` is everything the map's pixels depend on: the surface, its knobs, the plane (rectangle,
  centre, scale), the palette and the UI scale. The map is computed from the key alone, so no
  other input can leave it stale, and only when the key differs from the last one: moving the
  path, playing or hovering never recomputes it (`map_builds` counts the computations).
- `picture(key, path, t)` is the map of `key` with the dots of steps 0 … `drawn` of `path` on it,
  where `drawn` (returned with it) is t, or less while a long path is still being drawn: a call
  draws at most `budget` steps more, so a jump to the end of a million steps spreads over frames
  instead of stalling one. Its pixels equal `fresh_picture(key, path, drawn)`, whatever calls came
  before: the dots are added to the kept picture only while the key and the path stay the same and
  t grows; otherwise it starts again from the map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pygame

from lrgame.look.theme import Palette, px
from lrgame.view.height_map import height_map_index, map_palette
from lrgame.view.path_dots import SEGMENT_STEPS, Dots, RateScale, centres, draw_dots, draw_joined
from lrgame.view.plane import Plane

if TYPE_CHECKING:
    from lrgame.sim.landscape_path import Path2D
    from lrgame.sim.surfaces import Surface

STEPS_PER_CALL = 1 << 13  # at most this many steps of the path drawn per frame (a few ms; a million in two seconds)
GRID_STEP = 2  # the surface is evaluated on every second pixel across and down (`height_map.upsample`)
TRACE_CHUNK = 4096  # steps of the path's dots worked out at once (`Trace`)
TRACE_KEPT = 4  # chunks kept: the ones a frame draws and rings, not a million steps' worth


class MapKey(NamedTuple):
    surface: Surface
    params: tuple[tuple[str, float], ...]  # the knobs, sorted by name
    plane: Plane
    palette: Palette
    scale: float  # the UI scale: the minima's marks are drawn at it


def knob_items(params: dict[str, float]) -> tuple[tuple[str, float], ...]:
    return tuple(sorted((str(k), float(v)) for k, v in params.items()))


def make_map(key: MapKey) -> pygame.Surface:
    """The shaded height map with its contour lines and the minima marked, plane-sized."""
    plane, params = key.plane, dict(key.params)
    xs, ys = plane.grid(GRID_STEP)
    values = key.surface.value(xs.astype(np.float32), ys.astype(np.float32), params)  # shades need no more
    minima = np.asarray(key.surface.minima(params), dtype=np.float64).reshape(-1, 2)
    floor = float(np.min(key.surface.value(minima[:, 0], minima[:, 1], params))) if len(minima) else np.nan
    picture = pygame.surfarray.make_surface(height_map_index(values, floor, (plane.height, plane.width)))
    picture.set_palette(map_palette(key.palette))
    picture = picture.convert() if pygame.display.get_surface() is not None else picture.convert(24)
    shifted = plane._replace(left=0, top=0)
    for x, y in shifted.pixels(minima).tolist():
        mark_minimum(picture, (round(x), round(y)), key.palette)
    return picture


def mark_minimum(surface: pygame.Surface, at: tuple[int, int], palette: Palette) -> None:
    """A minimum: a cross in a ring, in the text colour over a background-coloured halo."""
    r = px(7)
    for colour, width in ((palette.background, px(4)), (palette.text, px(2))):
        pygame.draw.circle(surface, colour, at, r, width)
        pygame.draw.line(surface, colour, (at[0] - r + 2, at[1] - r + 2), (at[0] + r - 2, at[1] + r - 2), width)
        pygame.draw.line(surface, colour, (at[0] - r + 2, at[1] + r - 2), (at[0] + r - 2, at[1] - r + 2), width)


def path_pixels(plane: Plane, points: np.ndarray) -> np.ndarray:
    """The path's points as integer pixel centres on the plane-sized picture."""
    return centres(plane._replace(left=0, top=0).pixels(points))


def point_rates(path: Path2D, first: int, last: int) -> np.ndarray:
    """The rate of the step taken from each point first … last (the last point, which takes none,
    keeps the rate of the step before it)."""
    return path.lr[np.minimum(np.arange(first, last + 1), len(path.lr) - 1)]


def joined(path: Path2D) -> bool:
    """Are the path's dots joined by lines (a short run)?"""
    return len(path.points) - 1 <= SEGMENT_STEPS


def draw_path(picture: pygame.Surface, where: np.ndarray, bins: np.ndarray, dots: Dots, joined: bool,
              before: tuple[int, int, int] | None = None) -> None:
    """A piece of the path onto the picture, given its dots' centres on it and their colour bins:
    joined dot to dot (`before`: the dot of the step before the piece, if any), or decimated."""
    if joined:
        draw_joined(picture, where, bins, before, dots)
    else:
        draw_dots(picture, where, bins, dots)


def fresh_picture(key: MapKey, path: Path2D | None, drawn: int) -> pygame.Surface:
    """The map of `key` with steps 0 … drawn of `path`, drawn from nothing (the contract's reference)."""
    picture = make_map(key)
    if path is not None and drawn >= 0:
        where = path_pixels(key.plane, path.points[: drawn + 1])
        bins = RateScale.of(path.lr).bins(point_rates(path, 0, drawn))
        draw_path(picture, where, bins, Dots(key.palette), joined(path))
    return picture


class Trace:
    """The dots of a path on a plane, step by step: their centres on the picture (`path_pixels`) and
    their colour bins (`RateScale.bins` of `point_rates`), worked out TRACE_CHUNK steps at a time
    and kept (the last TRACE_KEPT chunks).

    A performance trick: a playing frame adds a dot or two to the picture and draws the trail of the
    last few steps, and working out so few points one numpy call after another cost more than the
    drawing. Contract (tests/test_landscape_picture.py): `dots(first, last)` equals working them out
    for steps first … last directly, whatever was asked before."""

    def __init__(self, plane: Plane, path: Path2D, scale: RateScale) -> None:
        self.plane, self.path, self.scale = plane, path, scale
        self._chunks: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def dots(self, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
        """The centres ((N, 2) integers) and bins of steps first … last."""
        pieces = []
        for c in range(first // TRACE_CHUNK, last // TRACE_CHUNK + 1):
            where, bins = self._chunk(c)
            lo, hi = max(first - c * TRACE_CHUNK, 0), min(last - c * TRACE_CHUNK, TRACE_CHUNK - 1) + 1
            pieces.append((where[lo:hi], bins[lo:hi]))
        if len(pieces) == 1:
            return pieces[0]
        return np.concatenate([p[0] for p in pieces]), np.concatenate([p[1] for p in pieces])

    def _chunk(self, c: int) -> tuple[np.ndarray, np.ndarray]:
        chunk = self._chunks.get(c)
        if chunk is None:
            first = c * TRACE_CHUNK
            last = min(first + TRACE_CHUNK, len(self.path.points)) - 1
            chunk = (path_pixels(self.plane, self.path.points[first : last + 1]),
                     self.scale.bins(point_rates(self.path, first, last)))
            if len(self._chunks) >= TRACE_KEPT:
                del self._chunks[next(iter(self._chunks))]  # the oldest: playing reads forward
            self._chunks[c] = chunk
        return chunk


class Pictures:
    """Keeps the last map and the last picture (see the module's contract)."""

    def __init__(self) -> None:
        self.map_builds = 0
        self._key: MapKey | None = None
        self._map: pygame.Surface | None = None
        self._picture: pygame.Surface | None = None
        self._path: Path2D | None = None
        self._drawn = -1  # the last step drawn on the picture
        self._trace: Trace | None = None
        self._dots: Dots | None = None
        self._steps: np.ndarray | None = None  # per pixel of the picture: the last step drawn centred there, or −1

    @property
    def key(self) -> MapKey | None:
        """The key of the map kept."""
        return self._key

    def map(self, key: MapKey) -> pygame.Surface:
        if key != self._key:
            self._map = make_map(key)
            self.map_builds += 1
            self._key, self._picture, self._dots = key, None, None
        return self._map

    def rate_scale(self, path: Path2D) -> RateScale:
        """The colour scale of the path in the picture (computed once per path)."""
        if path is not self._path or self._trace is None:
            return RateScale.of(path.lr)
        return self._trace.scale

    def trace(self) -> Trace | None:
        """The dots of the path in the picture (None before a path is drawn)."""
        return self._trace

    def picture(self, key: MapKey, path: Path2D | None, t: int, budget: int = STEPS_PER_CALL
                ) -> tuple[pygame.Surface, int]:
        """The map with the path's dots up to step t, or as far as `budget` more steps reach."""
        base = self.map(key)
        if path is None:
            return base, -1
        t = min(max(int(t), 0), len(path.points) - 1)
        if self._picture is None or path is not self._path or t < self._drawn:
            self._picture, self._path, self._drawn = base.copy(), path, -1
            if self._trace is None or self._trace.path is not path or self._trace.plane != key.plane:
                self._trace = Trace(key.plane, path, RateScale.of(path.lr))
            shape = (key.plane.height, key.plane.width)
            if self._steps is None or self._steps.shape != shape:
                self._steps = np.empty(shape, dtype=np.int32)
            self._steps.fill(-1)
            if self._dots is None:
                self._dots = Dots(key.palette)
        if t > self._drawn:
            first, last = self._drawn + 1, min(t, self._drawn + budget)
            where, bins = self._trace.dots(max(first - 1, 0), last)  # with the dot before, the new dots join it
            before = None
            if first > 0:
                (bx, by), where = where[0].tolist(), where[1:]
                before, bins = (bx, by, int(bins[0])), bins[1:]
            draw_path(self._picture, where, bins, self._dots, joined(path), before)
            self._record(where, first)
            self._drawn = last
        return self._picture, self._drawn

    def _record(self, where: np.ndarray, first: int) -> None:
        """Steps first, first + 1, … drawn centred at `where`: the record keeps the last step of each
        pixel (later steps are larger, so each is written over the ones before it)."""
        h, w = self._steps.shape
        if len(where) <= 64:  # a playing frame's few: one by one costs less than numpy's calls
            for i, (x, y) in enumerate(where.tolist(), first):
                if 0 <= x < w and 0 <= y < h:
                    self._steps[y, x] = i
            return
        on = (where[:, 0] >= 0) & (where[:, 0] < w) & (where[:, 1] >= 0) & (where[:, 1] < h)
        np.maximum.at(self._steps.ravel(), (where[:, 1] * w + where[:, 0])[on],
                      np.arange(first, first + len(where))[on])

    def step_near(self, at: tuple[int, int], reach: int) -> int | None:
        """The last step drawn whose dot is centred within `reach` pixels (across and down) of `at`, a
        position on the picture; None if there is none. A lookup in the picture's own record of
        its dots, not a search of the path: a pointer over a million steps reads at once."""
        if self._steps is None:
            return None
        h, w = self._steps.shape
        x, y = at
        window = self._steps[max(0, y - reach) : min(h, y + reach + 1), max(0, x - reach) : min(w, x + reach + 1)]
        best = int(window.max()) if window.size else -1
        return best if best >= 0 else None
