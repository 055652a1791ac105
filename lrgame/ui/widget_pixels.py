"""pygame_gui's picture as a key: the scene keeps the widgets painted into its backdrop until it changes.

`draw_ui` blits every widget every frame (~0.3 ms), though most frames show the same panel. pygame_gui
gives a widget a new image surface whenever its look changes (hover, focus, text, cursor blink) and
moves its rect when it moves, so the list of (image, position) it would blit names the picture exactly.
"""

from __future__ import annotations

import pygame
import pygame_gui


class WidgetPixels:
    """What `manager.draw_ui` would draw, and whether it stays inside an area (only then can it be kept)."""

    def __init__(self, manager: pygame_gui.UIManager) -> None:
        self.manager = manager

    def key(self, area: pygame.Rect) -> list | None:
        """The blits `draw_ui` would make, holding their images (so an id is never reused while
        compared); None when a widget reaches outside `area`, e.g. an open dropdown below it."""
        out = []
        for image, rect, _, flags in self.manager.get_sprite_group().visible:
            w, h = image.get_size()
            if w and h and not area.contains((rect.x, rect.y, w, h)):  # the root container is 0×0
                return None
            out.append((image, rect.x, rect.y, flags))
        return out

    def draw(self, surface: pygame.Surface) -> None:
        self.manager.draw_ui(surface)
