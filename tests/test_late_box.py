"""While a run plays untouched, the epoch box (its text and its slider's handle) may be shown a few
frames late (`Panel.settle`): setting a pygame_gui text box is the costliest widget change of a new
epoch, so it is never done on a new epoch's own frame, nor for each new epoch when they come every
few frames, and never more than LATE_FRAMES frames late. Input, a pause, the run's end and a
screenshot show it exact at once. Every frame still equals the same frame drawn whole (the late
value is the widgets' own state, which the plain picture shows too)."""

from __future__ import annotations

import dataclasses

import pygame

from lrgame.ui import panel as panel_module
from lrgame.ui.panel import LATE_FRAMES, box_text
from tests.test_widget_pixels import plain_picture


def _watch(d, frames: int, monkeypatch) -> tuple[list[int], list[bool], int]:
    """Per frame: how many frames the box has shown an epoch that is not the run's, and whether
    its text was set on a frame that brought a new epoch; and how many times it was set."""
    sets = []
    real = panel_module.set_entry_text
    monkeypatch.setattr(panel_module, "set_entry_text", lambda entry, text: sets.append(text) or real(entry, text))
    entry, behind, lags, on_new = d.app.panel.row("epoch").entry, 0, [], []
    for _ in range(frames):
        before, count = d.app.sim.epoch, len(sets)
        d.frames(1)
        on_new.append(len(sets) > count and d.app.sim.epoch != before)
        behind = 0 if entry.get_text() == box_text("epoch", d.app.sim.epoch) else behind + 1
        lags.append(behind)
    return lags, on_new, len(sets)


def test_playing_untouched_the_epoch_box_is_a_few_frames_late_at_most(launch, monkeypatch):
    d = launch(epochs=1000)  # as the bench plays it: a new epoch every three or four frames
    d.move((900, 600))  # over the valley: no tooltip
    d.key(pygame.K_SPACE)
    start = d.app.sim.epoch
    lags, on_new, sets = _watch(d, 120, monkeypatch)
    epochs = d.app.sim.epoch - start
    assert epochs > 25 and 0 < max(lags) <= LATE_FRAMES // 2 + 1  # it waited, for the first quiet frame past half
    assert not any(on_new) and sets <= 0.6 * epochs  # never on a new epoch's frame, and not for each one
    d.move((900, 610))  # input: the box shows the epoch at once
    assert d.app.panel.row("epoch").entry.get_text() == box_text("epoch", d.app.sim.epoch) and not d.app.panel.late
    assert pygame.image.tobytes(d.app.window, "RGB") == plain_picture(d.app)


def test_a_fast_run_waits_no_longer(launch, monkeypatch):
    d = launch(epochs=3000)
    d.move((900, 600))
    d.app.sim.set_speed(200)  # a new epoch every frame: no quiet frame to wait for
    d.key(pygame.K_SPACE)
    lags, _, _ = _watch(d, 60, monkeypatch)
    assert max(lags) == LATE_FRAMES


def test_a_pause_and_the_end_show_the_epoch_exact(launch):
    d = launch(epochs=40)
    d.move((900, 600))
    d.app.sim.set_speed(30)
    d.app.sim.toggle_play()  # no input: untouched
    for _ in range(20):
        d.frames(1)
        if d.app.panel.late:
            break
    assert d.app.panel.late  # a value waits
    d.app.sim.toggle_play()  # paused (as the space key does, without its input)
    d.frames(1)
    assert d.app.panel.row("epoch").entry.get_text() == box_text("epoch", d.app.sim.epoch)
    d.app.sim.toggle_play()
    d.frames(150)  # to the end: the run stops itself
    assert not d.app.sim.playing and d.app.panel.row("epoch").entry.get_text() == box_text("epoch", 40)


def test_a_screenshot_shows_the_epoch_exact(launch, tmp_path):
    d = launch(epochs=300)
    d.move((900, 600))
    d.app.sim.toggle_play()
    for _ in range(30):
        d.frames(1)
        if d.app.panel.late:
            break
    assert d.app.panel.late
    d.app.options = dataclasses.replace(d.app.options, screenshot=tmp_path / "shot.png")
    d.app._finish()
    assert d.app.panel.row("epoch").entry.get_text() == box_text("epoch", d.app.sim.epoch)
    shot = pygame.image.load(str(tmp_path / "shot.png"))
    assert pygame.image.tobytes(shot, "RGB") == plain_picture(d.app)
