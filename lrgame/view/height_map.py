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


def shade_levels(values: np.ndarray, floor: float) -> np.ndarray:
    """(rows, columns) losses → shades as float32, 0 (the lowest loss: `floor`, or the grid's own
    lowest if that is lower) … CONTOUR − 1 (the highest on the grid). A loss that is not a finite
    number counts as the highest: never a NaN in a pixel."""
    v = np.asarray(values, dtype=np.float32)
    if not np.isfinite(v).all():
        finite = np.isfinite(v)
        if not finite.any():
            return np.full(v.shape, CONTOUR - 1, dtype=np.float32)
        v = np.where(finite, v, v[finite].max())
    top, low = float(v.max()), float(v.min())
    if np.isfinite(floor):
        low = min(low, float(floor))
    span = top - low
    if not span > 0:
        return np.zeros(v.shape, dtype=np.float32)
    s = span * SOFTNESS
    d = v - np.float32(low)
    d *= np.float32(1 / s)
    np.log1p(d, out=d)
    d *= np.float32((CONTOUR - 1) / np.log1p(span / s))
    return np.clip(d, 0, CONTOUR - 1, out=d)


def upsample(levels: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Shades computed on every second pixel, spread over `shape` (rows, columns): each pixel takes
    its nearest computed one's shade, or the mean of the two or four it lies between, so the
    contour lines drawn at full size stay smooth (the surface is evaluated on a quarter of the
    pixels: the map is made in a few milliseconds)."""
    rows, cols = shape
    out = np.empty((levels.shape[0], 2 * levels.shape[1]), dtype=np.float32)
    out[:, 0::2] = levels
    out[:, 1:-1:2] = (levels[:, :-1] + levels[:, 1:]) * np.float32(0.5)
    out[:, -1] = levels[:, -1]
    full = np.empty((2 * out.shape[0], out.shape[1]), dtype=np.float32)
    full[0::2] = out
    full[1:-1:2] = (out[:-1] + out[1:]) * np.float32(0.5)
    full[-1] = out[-1]
    return full[:rows, :cols]


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


def height_map_index(values: np.ndarray, floor: float, shape: tuple[int, int] | None = None) -> np.ndarray:
    """(rows, columns) losses → (columns, rows) palette indices with the contours drawn in, as
    `pygame.surfarray.make_surface` takes them (an 8-bit picture: `map_palette` colours it).
    `shape`: the picture's (rows, columns) when the losses were taken on every second pixel."""
    levels = shade_levels(values, floor)
    if shape is not None:
        levels = upsample(levels, shape)
    return np.ascontiguousarray(add_contours(levels.astype(np.uint8)).T)
