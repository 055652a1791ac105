"""Projector colours: a light, high-contrast palette for a classroom projector.

Projectors wash out dark themes and thin, pale lines, so this palette is dark ink on near-white:
every colour that carries text is at least 7:1 against every surface it is drawn on (WCAG 2
"AAA"), and every curve colour at least 3:1 (WCAG's rule for graphics). Curves keep the
Okabe–Ito hues that stay apart for colour-blind viewers, but only those that are dark enough on
white: blue, vermillion, bluish green and reddish purple. Orange, sky blue and yellow are under
2.5:1 on white and are not used (F's five branches need five hues: there orange and sky blue
are darkened too, `branches`). Colours that also serve as text (focus, danger, ok, and the words
in the marker's and the limit's colours) are darker shades of the same hues; so is the valley's
line, which must stand out on the valley's fill too. The matching pygame_gui theme is
`assets/theme-projector.json`.
"""

from __future__ import annotations

from lrgame.look.theme import ASSETS, OKABE_ITO, Color, Palette

THEME_FILE = ASSETS / "theme-projector.json"

TEXT_CONTRAST = 7.0  # text against its background
GRAPHIC_CONTRAST = 3.0  # lines, markers and the ball against what they are drawn on


def relative_luminance(colour: Color) -> float:
    """WCAG 2 relative luminance of an sRGB colour: 0 for black, 1 for white."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(c1: Color, c2: Color) -> float:
    """WCAG 2 contrast ratio, from 1 (same colour) to 21 (black on white); order does not matter."""
    hi, lo = sorted((relative_luminance(c1), relative_luminance(c2)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


PROJECTOR = Palette(
    background=(248, 249, 251),
    panel=(255, 255, 255),  # charts are drawn on white: the reddish purple needs every bit of it
    text=(17, 24, 33),
    text_dim=(62, 70, 84),
    grid=(205, 211, 219),
    axis=(84, 92, 106),
    curve=OKABE_ITO["blue"],
    marker=OKABE_ITO["vermillion"],
    marker_text=(128, 56, 0),  # vermillion, darkened likewise
    limit=OKABE_ITO["purple"],
    limit_text=(106, 63, 87),  # reddish purple, darkened until it reads as text
    valley_fill=(224, 236, 245),
    valley_line=(0, 140, 102),  # bluish green, darkened until it stands out (≥ 3:1) on the valley's fill
    ball=OKABE_ITO["vermillion"],
    trail=OKABE_ITO["blue"],
    loss_trace=OKABE_ITO["purple"],
    danger=(140, 45, 0),  # vermillion, darkened until it reads as text
    ok=(0, 90, 64),  # bluish green, darkened likewise
    card=(255, 255, 255),
    card_border=(118, 126, 140),
    focus=(0, 74, 130),  # blue, darkened: the focus ring and the key names in the help
    # F's branches: the dark theme's five hues, darkened until each is ≥ 3:1 on the background and
    # the charts' white (4.2:1 and more), at two lightnesses (L* 36: vermillion, bluish green,
    # reddish purple; L* 50: orange, and sky blue turned blue), so that every pair stays as far
    # apart under protan, deutan and tritan vision as Okabe–Ito's own (tests/test_contrast.py)
    branches=((145, 58, 0), (167, 106, 0), (0, 98, 67), (0, 128, 178), (144, 53, 108)),
)
