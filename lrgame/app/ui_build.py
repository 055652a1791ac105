"""The look of the window: themes, the UI scale and its steps, and the widgets and scene made
afresh from (theme, scale, window size) whenever one of them changes."""

from __future__ import annotations

import json
from typing import NamedTuple

import pygame_gui

from lrgame.look.layout import fit_scale, fits, needed_size
from lrgame.look.metrics import PanelMetrics
from lrgame.look.projector import PROJECTOR
from lrgame.look.theme import ASSETS, DARK, set_ui_scale
from lrgame.sim.settings import SCALE_RANGE
from lrgame.ui.panel import Panel, PanelState
from lrgame.ui.resources import InTurnLoader
from lrgame.ui.widget_pixels import WidgetPixels
from lrgame.view.scene import Scene

SCALE_STEPS = (0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5)  # Ctrl+= / Ctrl+− walk these
# Per theme: palette, widget theme file, smallest design text size, smallest UI scale. Projector
# text is at least 16 design px at scale 1.5 or more (where the window fits it): 24 px on a 1080p
# screen, which a back row can read.
THEMES = {"dark": (DARK, "theme.json", 0, 0.0), "projector": (PROJECTOR, "theme-projector.json", 16, 1.5)}


def theme_data(theme: str = "dark", scale: float = 1.0) -> dict:
    """A pygame_gui theme file with its font paths made absolute (so any working directory works)
    and its font sizes, borders and corners multiplied by the UI scale."""
    data = json.loads((ASSETS / THEMES[theme][1]).read_text(encoding="utf-8"))
    for block in data.values():
        font = block.get("font") if isinstance(block, dict) else None
        if font:
            for key, value in list(font.items()):
                if key.endswith("_path"):
                    font[key] = str(ASSETS / value)
            if "size" in font:
                font["size"] = str(max(6, round(int(font["size"]) * scale)))  # a string, or pygame_gui ignores it
        misc = block.get("misc") if isinstance(block, dict) else None
        for key in ("border_width", "shape_corner_radius"):
            if misc and key in misc:
                misc[key] = str(max(1, round(int(misc[key]) * scale)))
    return data


class UI(NamedTuple):
    """What `build_ui` makes: the scale that fits, the widgets and the scene drawer."""

    scale: float
    manager: pygame_gui.UIManager
    widgets: WidgetPixels
    scene: Scene
    panel: Panel


def build_ui(theme: str, wanted_scale: float, size: tuple[int, int], state: PanelState) -> UI:
    """Widgets and scene for a theme, a scale and a window size, the panel showing `state`. The
    scale is the theme's least or more, capped to the largest that fits."""
    palette, _, text_floor, least = THEMES[theme]
    scale = fit_scale(max(wanted_scale, least), size)
    set_ui_scale(scale, text_floor)
    loader = InTurnLoader()
    manager = pygame_gui.UIManager(size, theme_data(theme, scale), resource_loader=loader)
    loader.start()  # a manager given a loader leaves starting it to its owner
    loader.update()
    widgets = WidgetPixels(manager)
    scene = Scene(size, palette)
    panel = Panel(manager, (0, 0), size[1], PanelMetrics().scaled(scale))
    panel.build(state)
    return UI(scale, manager, widgets, scene, panel)


def next_scale(direction: int, scale: float, theme: str, size: tuple[int, int], screen: tuple[int, int], *,
               kiosk: bool = False) -> float | str:
    """The next scale step up or down from `scale` in a window of `size` on a display of `screen`,
    or, when that step cannot be shown, why not and what it would need (a kiosk is fullscreen
    already and has no F11)."""
    if direction > 0:
        steps = [s for s in SCALE_STEPS if s > scale + 1e-9]
    else:
        steps = [s for s in SCALE_STEPS if s < scale - 1e-9][::-1]
    least = THEMES[theme][3]
    if not steps:
        lo, hi = SCALE_RANGE
        return f"The scale goes from {lo:g} to {hi:g}."
    if direction > 0 and not fits(steps[0], size):
        w, h = needed_size(steps[0])
        room = (max(size[0], screen[0]), max(size[1], screen[1]))  # a screen holds at least the window on it
        if fits(steps[0], room) and tuple(size) != room and not kiosk:
            return (f"Scale {steps[0]:g} needs a window of at least {w}×{h} pixels; this one is {size[0]}×{size[1]}. "
                    "Make it bigger, or press F11 for fullscreen.")
        if kiosk:
            return f"Scale {steps[0]:g} does not fit this screen: it needs at least {w}×{h} pixels."
        return f"Scale {steps[0]:g} needs at least {w}×{h} pixels; this screen has {room[0]}×{room[1]}."
    if direction < 0 and steps[0] < least <= scale:
        return f"The projector theme keeps scale {least:g} or more (P switches it off)."
    return steps[0]
