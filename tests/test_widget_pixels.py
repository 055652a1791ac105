"""Widgets kept painted in the backdrop look exactly like widgets drawn live: after each step of a
session (hover, a dropdown opened, typing, the focus ring, a tooltip, the help) the window equals a
picture made the plain way, by a second scene with `draw_ui` on top."""

import pygame
import pytest

from lrgame.ui.panel import LATE_FRAMES
from lrgame.view.scene import Scene


def plain_picture(app) -> bytes:
    """The frame drawn without keeping anything: scene, draw_ui, overlays, messages, from what
    the open modes ask the scene to draw."""
    surface = app.window.copy()
    scene = Scene(app.window.get_size(), app.scene.palette)
    shown = app.shown()
    scene.draw(surface, shown, captions=app.panel.captions())
    app.manager.draw_ui(surface)
    scene.draw_over(surface, shown)
    return pygame.image.tobytes(surface, "RGB")


@pytest.mark.slow
def test_kept_widgets_look_like_live_ones(launch):
    d = launch(epochs=200)
    app = d.app
    lr0 = app.panel.row("lr0")
    steps = [
        lambda: d.key(pygame.K_SPACE),  # play: the epoch handle moves
        lambda: d.move(lr0.slider.rect.center),  # hover a slider
        lambda: d.move(app.scene.layout.cards[0].center),  # a card's tooltip
        lambda: d.click(app.panel.row("schedule").dropdown.rect.center, settle=3),  # open the dropdown
        lambda: d.key(pygame.K_ESCAPE),
        lambda: d.type_into("lr0", "0.05", finish=False),  # a focused box with its cursor
        lambda: d.key(pygame.K_RETURN, unicode="\r"),
        lambda: d.key(pygame.K_TAB),  # the focus ring
        lambda: d.key(pygame.K_h),  # the help over everything
        lambda: d.key(pygame.K_h),
        lambda: d.move((5, 5)),
    ]
    for step in steps:
        step()
        for _ in range(20):
            d.frames(1)
            assert pygame.image.tobytes(app.window, "RGB") == plain_picture(app)


def test_the_epoch_box_set_every_frame_leaves_pygame_guis_update_idle(launch, monkeypatch):
    """A long run plays a new epoch every frame: the app sets the epoch box's text (every
    LATE_FRAMES + 1 frames: `Panel.settle`), whose redraw the text boxes' own updates finish;
    pygame_gui's whole update (~0.4 ms) stays idle, and the panel still looks as drawn the plain way."""
    d = launch(epochs=20_000)
    app = d.app
    app.sim.set_speed(60 * 7)
    d.move((900, 700))
    d.key(pygame.K_SPACE)
    d.frames(10)
    calls = []
    update = app.manager.update
    monkeypatch.setattr(app.manager, "update", lambda dt: (calls.append(dt), update(dt)))
    epochs = set()
    for _ in range(4 * (LATE_FRAMES + 1)):
        d.frames(1)
        epochs.add(app.panel.row("epoch").entry.get_text())
    assert len(epochs) >= 4 and calls == []
    assert pygame.image.tobytes(app.window, "RGB") == plain_picture(app)
