"""The optimizer's path on the landscape: one dot per step, coloured by the rate at that step.

Colours: the run's rates mapped onto RATE_BINS steps of a ramp from the lowest rate of the run to
the highest, each bin a small pre-drawn dot, so a dot costs one blit. The ramp is linear or log,
whichever puts the run's median rate nearer its middle: a cosine spends most of its steps high
and only its tail near zero (linear tells its steps apart), a step decay or an exponential spends
as long at each decade (log does).

A million steps are drawn decimated without changing the picture: dots of one size drawn in order,
each over the earlier ones, leave at every pixel the colour of the last dot that covers it. Of the
dots centred on the same pixel only the last can be that one, so drawing just the last dot of each
centre, in their order, gives exactly the picture of drawing every dot (`draw_every_dot` is the
reference; tests/test_landscape_view.py compares the two on a path of 1,000,000 steps). A path
wandering about a minimum has a few thousand distinct centres, not a million.

Short runs (SEGMENT_STEPS steps or fewer) also join each dot to the one before with a thin line,
so the zig-zag across a ravine reads at a glance; each point's line is drawn just before its dot,
so drawing a path in pieces gives the same pixels as drawing it whole.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pygame

from lrgame.look.theme import Color, Palette, px
from lrgame.view.height_map import is_light

RATE_BINS = 64
SEGMENT_STEPS = 3000
FAR = 1e6  # pixels: farther than any window reaches
MEDIAN_SAMPLE = 4096
# The rate ramps, low rate to high: Okabe–Ito hues that stand out on the map of each kind of theme.
DARK_RATES: tuple[Color, ...] = ((86, 180, 233), (204, 121, 167), (230, 159, 0), (240, 228, 66))
LIGHT_RATES: tuple[Color, ...] = ((0, 114, 178), (204, 121, 167), (213, 94, 0), (120, 40, 0))


class RateScale(NamedTuple):
    """How a rate becomes a colour bin: the run's lowest and highest rate, and whether the bins are
    spaced on a log scale (see the module's note)."""

    low: float
    high: float
    log: bool

    @classmethod
    def of(cls, rates: np.ndarray) -> RateScale:
        """The scale of a run's rates. The median is taken over at most MEDIAN_SAMPLE of them, evenly
        spaced: it only chooses between two scales, and a million-step run's would cost a frame."""
        r = np.asarray(rates, dtype=np.float64)
        if r.size and not (np.isfinite(r.min()) and np.isfinite(r.max())):
            r = r[np.isfinite(r)]
        if r.size == 0:
            return cls(0.0, 0.0, False)
        low, high = float(r.min()), float(r.max())
        if not (low > 0 and high >= 10 * low):
            return cls(low, high, False)
        median = float(np.median(r[:: max(1, r.size // MEDIAN_SAMPLE)]))
        linear = (median - low) / (high - low)
        log = math.log(median / low) / math.log(high / low)
        return cls(low, high, abs(log - 0.5) < abs(linear - 0.5))

    def bins(self, rates: np.ndarray) -> np.ndarray:
        """The colour bin (0 … RATE_BINS − 1) of each rate."""
        r = np.asarray(rates, dtype=np.float64)
        if not self.high > self.low:
            return np.full(r.shape, RATE_BINS - 1, dtype=np.int64)
        if self.log:
            share = np.log(np.clip(r, self.low, self.high) / self.low) / np.log(self.high / self.low)
        else:
            share = (np.clip(r, self.low, self.high) - self.low) / (self.high - self.low)
        return np.rint(np.nan_to_num(share, nan=1.0) * (RATE_BINS - 1)).astype(np.int64)

    def value(self, share: float) -> float:
        """The rate at a share 0 … 1 of the colour key."""
        if self.log:
            return self.low * (self.high / self.low) ** share
        return self.low + (self.high - self.low) * share


@lru_cache(maxsize=4)
def rate_colours(palette: Palette) -> list[Color]:
    """RATE_BINS colours along the theme's ramp (made once per palette: the view asks every frame)."""
    ramp = np.array(LIGHT_RATES if is_light(palette) else DARK_RATES, dtype=np.float64)
    at = np.linspace(0.0, len(ramp) - 1, RATE_BINS)
    i = np.minimum(at.astype(int), len(ramp) - 2)
    w = (at - i)[:, None]
    rows = np.rint(ramp[i] * (1 - w) + ramp[i + 1] * w).astype(int)
    return [tuple(int(c) for c in row) for row in rows]


class Dots:
    """A dot sprite per colour bin, at the UI scale of when they were made."""

    def __init__(self, palette: Palette) -> None:
        self.radius = px(3)
        self.colours = rate_colours(palette)
        side = 2 * self.radius + 1
        self.sprites = []
        for colour in self.colours:
            sprite = pygame.Surface((side, side))
            key = (255, 0, 255) if colour != (255, 0, 255) else (0, 255, 0)
            sprite.fill(key)
            sprite.set_colorkey(key)
            pygame.draw.circle(sprite, colour, (self.radius, self.radius), self.radius)
            self.sprites.append(sprite)
        self.line = px(1)


def centres(pixels: np.ndarray) -> np.ndarray:
    """Pixel positions rounded to the pixel whose centre they fall in, kept within ±FAR (a path
    that flew off stays drawable: pygame takes no coordinate past 2³¹)."""
    return np.floor(np.clip(np.nan_to_num(pixels, nan=-FAR), -FAR, FAR)).astype(np.int64)


def last_of_each_centre(where: np.ndarray, size: tuple[int, int], margin: int) -> np.ndarray:
    """Indices into `where` ((N, 2) integer centres on a picture of `size`) of the last dot of each
    centre that can touch the picture (within `margin` of it), in drawing order."""
    w, h = size[0] + 2 * margin, size[1] + 2 * margin
    x, y = where[:, 0] + margin, where[:, 1] + margin
    on = (x >= 0) & (x < w) & (y >= 0) & (y < h)
    keys = (y * w + x)[on]
    order = np.flatnonzero(on)
    if keys.size == 0:
        return order
    last = _blank(w * h)
    np.maximum.at(last, keys, np.arange(keys.size))
    found = last[keys]
    last[keys] = -1  # blank again for the next call
    return order[np.unique(found)]


_BLANK: list[np.ndarray] = []


def _blank(n: int) -> np.ndarray:
    """n entries of −1, kept between calls (a fresh picture-sized array each frame cost more than
    the dots): callers put back −1 where they wrote."""
    if not _BLANK or _BLANK[0].size < n:
        _BLANK[:] = [np.full(n, -1, dtype=np.int64)]
    return _BLANK[0][:n]


def draw_dots(picture: pygame.Surface, where: np.ndarray, bins: np.ndarray, dots: Dots) -> int:
    """The dots of a piece of the path, decimated (see the module's note); how many were drawn."""
    keep = last_of_each_centre(where, picture.get_size(), dots.radius)
    r = dots.radius
    sprites = dots.sprites
    picture.blits([(sprites[b], (x - r, y - r)) for (x, y), b in zip(where[keep].tolist(), bins[keep].tolist(),
                                                                        strict=True)], doreturn=False)
    return int(keep.size)


def draw_every_dot(picture: pygame.Surface, where: np.ndarray, bins: np.ndarray, dots: Dots) -> None:
    """Every dot, one blit each, in order: the reference `draw_dots` must match."""
    r = dots.radius
    for (x, y), b in zip(where.tolist(), bins.tolist(), strict=True):
        picture.blit(dots.sprites[b], (x - r, y - r))


def draw_joined(picture: pygame.Surface, where: np.ndarray, bins: np.ndarray, before: tuple[int, int, int] | None,
                dots: Dots) -> None:
    """A piece of a short path: each point's line from the point before (coloured by the rate of
    the step that made the move), then its dot. `before`: (x, y, bin) of the point before the
    piece, if any."""
    r, line = dots.radius, dots.line
    last = before
    for x, y, b in zip(where[:, 0].tolist(), where[:, 1].tolist(), bins.tolist(), strict=True):
        if last is not None:
            pygame.draw.line(picture, dots.colours[last[2]], last[:2], (x, y), line)
        picture.blit(dots.sprites[b], (x - r, y - r))
        last = (x, y, b)
