"""Fullscreen covers the display from its corner and leaving it gives the window back its size and
place. Headless (SDL's dummy display keeps a window's size and place as asked); the same with a
real X server and no window manager is in test_real_x.py."""

import pygame

from lrgame.app.window import TITLE


def _place() -> tuple[tuple[int, int], tuple[int, int]]:
    return pygame.display.get_window_size(), pygame.display.get_window_position()


def test_leaving_fullscreen_restores_the_window_as_it_was_not_as_it_started(launch):
    d = launch(size=(1000, 700))
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=900, h=650, size=(900, 650)))
    d.frames(2)
    pygame.display.set_window_position((40, 30))  # where the person moved it
    before = _place()
    assert before == ((900, 650), (40, 30))
    d.key(pygame.K_F11)
    assert d.app.fullscreen
    assert _place() == (pygame.display.get_desktop_sizes()[0], (0, 0))
    assert d.app.window.get_size() == pygame.display.get_desktop_sizes()[0]
    d.key(pygame.K_ESCAPE)
    assert not d.app.fullscreen
    assert _place() == before
    assert d.app.window.get_size() == (900, 650)
    assert pygame.display.get_caption()[0] == TITLE


def test_a_kiosk_starts_fullscreen_from_the_corner_and_f11_keeps_it(launch):
    d = launch(kiosk=True)
    assert _place() == (pygame.display.get_desktop_sizes()[0], (0, 0))
    d.key(pygame.K_F11)  # a kiosk refuses to leave fullscreen
    assert d.app.fullscreen
    assert _place() == (pygame.display.get_desktop_sizes()[0], (0, 0))
