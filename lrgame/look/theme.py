"""Colours and fonts, chosen once so the screen looks the same on every machine.

Fonts come from `assets/fonts` (DejaVu, which has η, γ, π, subscripts, arrows and ∞), never from
the system. Curve colours are from the Okabe–Ito palette, which colour-blind viewers can tell apart.

Every drawer gives sizes in design pixels (the look at scale 1). One UI scale, set by the app,
turns them into screen pixels: `font` applies it to every text size and `px` to strokes and gaps,
so a projector or a 4K screen enlarges everything alike without each drawer knowing about it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pygame

from lrgame.sim.settings import SCALE_RANGE


def _assets() -> Path:
    """The assets folder: `lrgame/assets` in an installed wheel (setup.py maps it there), else
    `assets/` at the top of the checkout lrgame runs from (the design card keeps it there). The
    package's own folder, from this file: `importlib.resources` cost 2 ms of start-up for the same
    answer (lrgame is never run from a zip)."""
    package = Path(__file__).resolve().parents[1]
    for folder in (package / "assets", package.parent / "assets"):
        if (folder / "theme.json").is_file():
            return folder
    raise FileNotFoundError(f"lrgame's assets (theme.json, fonts) are neither in {package} nor beside it")


ASSETS = _assets()
FONT_DIR = ASSETS / "fonts"

Color = tuple[int, int, int]

# Okabe–Ito: distinguishable with every common colour-vision deficiency.
OKABE_ITO: dict[str, Color] = {
    "orange": (230, 159, 0),
    "sky": (86, 180, 233),
    "green": (0, 158, 115),
    "yellow": (240, 228, 66),
    "blue": (0, 114, 178),
    "vermillion": (213, 94, 0),
    "purple": (204, 121, 167),
}


class Palette(NamedTuple):
    """Every colour a drawer uses, by role."""

    background: Color = (18, 22, 30)
    panel: Color = (28, 33, 44)
    text: Color = (232, 236, 242)
    text_dim: Color = (176, 185, 200)  # ≥ 7:1 on background, panel and card
    grid: Color = (48, 55, 70)
    axis: Color = (120, 130, 148)
    curve: Color = OKABE_ITO["sky"]
    marker: Color = OKABE_ITO["orange"]
    marker_text: Color = OKABE_ITO["orange"]  # words in the marker's colour ("bouncing", the epoch): ≥ 7:1 already
    limit: Color = OKABE_ITO["vermillion"]
    limit_text: Color = (255, 175, 145)  # the limit's label: vermillion lightened until it reads (≥ 7:1), as danger
    valley_fill: Color = (30, 52, 70)
    valley_line: Color = OKABE_ITO["green"]
    ball: Color = OKABE_ITO["orange"]
    trail: Color = OKABE_ITO["yellow"]
    loss_trace: Color = OKABE_ITO["purple"]
    danger: Color = (255, 175, 145)  # vermillion, lightened until it reads as text (≥ 7:1) on every surface
    ok: Color = (80, 215, 165)  # bluish green, lightened likewise
    card: Color = (36, 42, 56)
    card_border: Color = (64, 74, 94)
    focus: Color = OKABE_ITO["yellow"]
    # F's five forked cooldowns, each a hue of its own (its number on the map says which it is too)
    branches: tuple[Color, ...] = (OKABE_ITO["vermillion"], OKABE_ITO["orange"], OKABE_ITO["green"],
                                   OKABE_ITO["sky"], OKABE_ITO["purple"])


DARK = Palette()

FIT_FLOOR = 0.5  # a window too small even for the smallest scale still gets everything, smaller
_scale = 1.0
_text_floor = 0  # design px: no text is drawn smaller than this (projector mode raises it)


def set_ui_scale(scale: float, text_floor: int = 0) -> None:
    """Set the one factor from design pixels to screen pixels, and the smallest design text size
    (the app calls this before building a scene or a panel)."""
    global _scale, _text_floor
    _scale = min(max(float(scale), FIT_FLOOR), SCALE_RANGE[1])
    _text_floor = text_floor


def ui_scale() -> float:
    return _scale


def text_key() -> tuple[float, int]:
    """What, besides the design size, decides a text's pixel size (for caches of rendered text)."""
    return _scale, _text_floor


def px(design: float) -> int:
    """A stroke width, gap or box size in screen pixels: never below 1."""
    return max(1, round(design * _scale))


_FONTS: dict[tuple[int, bool, bool], pygame.font.Font] = {}


def font(size: int, *, bold: bool = False, mono: bool = False) -> pygame.font.Font:
    """A project font at a design size, opened at the UI scale (cached: fonts are costly to open)."""
    key = (max(6, round(max(size, _text_floor) * _scale)), bold, mono)
    if key not in _FONTS:
        if not _FONTS:
            # A Font dies with pygame.quit(), which also forgets its quit hooks: register each time.
            pygame.register_quit(_FONTS.clear)
        if not pygame.font.get_init():
            pygame.font.init()
        name = "DejaVuSansMono.ttf" if mono else ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
        _FONTS[key] = pygame.font.Font(FONT_DIR / name, key[0])
    return _FONTS[key]
