"""A plain frame redraws only the parts that changed, over the last frame's pixels. Whatever the
run does (play, step, change schedule, diverge, rescale the loss axis, move the epoch handle), the
window must equal the same frame drawn whole by a fresh scene."""

import pygame
import pytest

from lrgame.sim.intents import SetValue
from tests.test_widget_pixels import plain_picture


def _same_as_whole(d, frames: int) -> int:
    """Run `frames` frames, comparing each; return how many were drawn in parts."""
    app = d.app
    parts = 0
    for _ in range(frames):
        before = app.scene._shown is not None
        d.frames(1)
        parts += before and app.scene._shown is not None
        assert pygame.image.tobytes(app.window, "RGB") == plain_picture(app)
    return parts


@pytest.mark.slow
def test_playing_draws_in_parts_and_matches_whole_frames(launch):
    d = launch(epochs=150)
    d.move((900, 600))  # over the valley: no tooltip
    d.app.sim.set_speed(40)
    d.key(pygame.K_SPACE)
    assert _same_as_whole(d, 240) > 200  # most frames really are drawn in parts
    assert d.app.sim.t > 100


@pytest.mark.parametrize("step", [
    pytest.param(lambda d: d.key(pygame.K_RIGHT), marks=pytest.mark.slow),
    pytest.param(lambda d: d.key(pygame.K_END), marks=pytest.mark.slow),
    pytest.param(lambda d: d.key(pygame.K_RIGHTBRACKET), marks=pytest.mark.slow),  # next schedule
    pytest.param(lambda d: d.key(pygame.K_l), marks=pytest.mark.slow),  # log scale
    lambda d: d.app.apply(SetValue("lr0", 0.5)),  # far past the limit: diverged
    pytest.param(lambda d: d.key(pygame.K_r), marks=pytest.mark.slow),  # rewind
    lambda d: (d.key(pygame.K_e), d.frames(3), d.key(pygame.K_ESCAPE)),  # the export menu over a frame, then gone
    pytest.param(  # the focus ring
        lambda d: (d.key(pygame.K_TAB), d.frames(3), d.key(pygame.K_TAB, pygame.KMOD_SHIFT)), marks=pytest.mark.slow
    ),
])
def test_each_change_matches_whole_frames(launch, step):
    d = launch(epochs=80, epoch=20)
    d.move((900, 600))
    d.frames(10)
    step(d)
    _same_as_whole(d, 30)


def test_an_exposed_window_is_drawn_whole(launch):
    d = launch(epochs=80)
    d.move((900, 600))
    d.frames(10)
    assert d.app.scene._shown is not None
    pygame.event.post(pygame.event.Event(pygame.WINDOWEXPOSED))
    d.app._process_events()
    assert d.app.scene._shown is None
