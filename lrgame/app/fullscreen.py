"""Fullscreen that covers the display from its top-left corner, with or without a window manager,
and the way back to the window as it was.

SDL makes a window fullscreen by asking the window manager. Kiosk images often run X with none:
nobody moved the window, so a 1280×720 window centred at (320, 180) grew to 1920×1080 where it
stood, a third of it off the screen, and leaving fullscreen kept that size (SDL: "Requested window
was forcibly resized"). A borderless window the size of the display at (0, 0) needs nobody's help,
so fullscreen goes through one: first that window, then SDL's fullscreen (which a window manager,
where there is one, honours for its panels and focus). Leaving goes back through the borderless
window, which takes SDL out of fullscreen, and then gives the window its old size and place.
"""

from __future__ import annotations

import pygame

ORIGIN = (0, 0)


class Placement:
    """Switches the display between the window and fullscreen, remembering the window's size and
    place while fullscreen."""

    def __init__(self) -> None:
        self.windowed: tuple[tuple[int, int], tuple[int, int]] | None = None  # (size, place) to come back to

    def enter(self) -> pygame.Surface:
        """Fullscreen on the first display, its top-left corner at the display's."""
        self.windowed = (pygame.display.get_window_size(), pygame.display.get_window_position())
        self._borderless()
        return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)

    def leave(self, default_size: tuple[int, int]) -> pygame.Surface:
        """The window again, at the size and place it had (`default_size` if it never had one)."""
        size, place = self.windowed or (default_size, None)
        self._borderless()
        surface = pygame.display.set_mode(size, pygame.RESIZABLE)
        if place is not None:
            pygame.display.set_window_position(place)
        self.windowed = None
        return surface

    @staticmethod
    def _borderless() -> None:
        pygame.display.set_mode(pygame.display.get_desktop_sizes()[0], pygame.NOFRAME)
        pygame.display.set_window_position(ORIGIN)
