"""The landscape as a picture: each pixel shaded by the loss there, contour lines where the shade
crosses a level. numpy on the whole grid at once, no per-pixel Python: at 1920×1080 a map is made
well within the 50 ms a change of surface or knob may take (the cache in `landscape_picture` makes
it once per change).

The shade follows log(1 + (f − f_min)/s), s a thousandth of the loss's range on the map: a valley
floor a thousand times lower than the hills around it still shows its own contours (Rosenbrock's
curved valley, the ravine's floor), and the levels are evenly spaced in that shade.
"""

from __future__ import annotations

import numpy as np

from lrgame.look.projector import relative_luminance
from lrgame.look.theme import Color, Palette

LEVELS = 15  # contour lines across the shade's range
SOFTNESS = 1e-3  # s as a share of the loss's range on the map

# (low loss, high loss, contour line) per kind of theme: muted, so the path's colours stand out.
DARK_RAMP: tuple[Color, Color, Color] = ((14, 22, 36), (66, 82, 108), (112, 128, 156))
LIGHT_RAMP: tuple[Color, Color, Color] = ((252, 253, 255), (186, 199, 216), (122, 134, 152))


def is_light(palette: Palette) -> bool:
    return relative_luminance(palette.background) > 0.5


def ramp(palette: Palette) -> tuple[Color, Color, Color]:
    return LIGHT_RAMP if is_light(palette) else DARK_RAMP


CONTOUR = 255  # the palette entry of the contour lines; 0 … 254 are the shades


def shade_index(values: np.ndarray, floor: float) -> np.ndarray:
    """(rows, columns) losses → shade indices 0 (the lowest loss: `floor`, or the map's own lowest if
    that is lower) … 254 (the highest on the map), as uint8. A loss that is not a finite number
    counts as the highest: never a NaN in a pixel."""
    v = np.asarray(values, dtype=np.float32)
    finite = np.isfinite(v)
    whole = bool(finite.all())
    if not whole:
        if not finite.any():
            return np.full(v.shape, CONTOUR - 1, dtype=np.uint8)
        v = np.where(finite, v, np.nanmax(np.where(finite, v, np.nan)))
    top, low = float(v.max()), float(v.min())
    if np.isfinite(floor):
        low = min(low, float(floor))
    span = top - low
    if not span > 0:
        return np.zeros(v.shape, dtype=np.uint8)
    s = span * SOFTNESS
    d = v - np.float32(low)
    d *= np.float32(1 / s)
    np.log1p(d, out=d)
    d *= np.float32((CONTOUR - 1) / np.log1p(span / s))
    np.clip(d, 0, CONTOUR - 1, out=d)
    return d.astype(np.uint8)


def add_contours(index: np.ndarray) -> np.ndarray:
    """Mark, in place, where the shade crosses one of LEVELS evenly spaced levels between two
    neighbouring pixels (right or below): 1-pixel lines of the CONTOUR entry."""
    band = index // ((CONTOUR + LEVELS - 1) // LEVELS)
    edge = np.zeros(index.shape, dtype=bool)
    edge[:, :-1] |= band[:, :-1] != band[:, 1:]
    edge[:-1, :] |= band[:-1, :] != band[1:, :]
    index[edge] = CONTOUR
    return index


def map_palette(palette: Palette) -> list[Color]:
    """The 256 colours of a map: the shades from low to high loss, then the contour lines'."""
    low, high, line = ramp(palette)
    t = np.linspace(0.0, 1.0, CONTOUR)[:, None]
    shades = np.rint(np.array(low) + (np.array(high) - np.array(low)) * t).astype(int)
    return [tuple(int(c) for c in row) for row in shades] + [line]


def height_map_index(values: np.ndarray, floor: float) -> np.ndarray:
    """(rows, columns) losses → (columns, rows) palette indices with the contours drawn in, as
    `pygame.surfarray.make_surface` takes them (an 8-bit picture: `map_palette` colours it)."""
    return np.ascontiguousarray(add_contours(shade_index(values, floor)).T)
