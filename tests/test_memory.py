"""Memory that a kiosk left alone for days must not pile up, checked by counting what is kept
(resident memory itself is measured by `python main.py bench`, never by a test)."""

import gc

import pygame
import pytest
from pygame_gui.elements import UIDropDownMenu, UIHorizontalSlider

from lrgame.app.launch import LaunchOptions
from lrgame.app.window import App
from lrgame.engine import schedules
from lrgame.look.metrics import KNOB_SLOTS
from lrgame.sim.attract import SCENE_SECONDS
from lrgame.sim.settings import make_settings
from lrgame.view.text import TextCache

WHITE = (255, 255, 255)


def test_text_cache_keeps_the_strings_in_use_and_drops_the_oldest():
    pygame.font.init()
    texts = TextCache(limit=8)
    title = texts.render("THIS STEP", 13, WHITE, bold=True)
    for i in range(100):  # a frame: the title again, and a number never seen before
        assert texts.render("THIS STEP", 13, WHITE, bold=True) is title
        texts.render(f"x = {i}", 15, WHITE)
    assert len(texts) == 8


def _alive(kind: type, app: App) -> int:
    """Widgets of this kind made by the app's manager that Python still holds, garbage included
    (the app freezes what it keeps alive; unfrozen, the collector lists it again)."""
    gc.unfreeze()
    return sum(type(o) is kind and o.ui_manager is app.manager for o in gc.get_objects())


@pytest.mark.slow
def test_a_kiosk_frees_the_widgets_each_scene_throws_away(tmp_path, monkeypatch):
    """pygame_gui widgets sit in reference cycles: a killed one is freed only by a collection, and
    Python's own full collections come too rarely for a kiosk that changes scene all day."""
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path))
    app = App(LaunchOptions(settings=make_settings(), headless=True, kiosk=True, idle_seconds=0.0))
    gc.disable()  # only the kiosk's own collections run, so the count cannot depend on timing
    try:
        for _ in range(2 * len(schedules.SCHEDULES)):  # every scene twice
            app.frame(0.0)
            app.now += SCENE_SECONDS
        app.frame(0.0)
        rows = app.panel.rows
        # what the last scene change threw away waits for the next: two dropdowns and one schedule's knobs
        assert _alive(UIDropDownMenu, app) <= sum(r.dropdown is not None for r in rows) + 3
        assert _alive(UIHorizontalSlider, app) <= sum(r.slider is not None for r in rows) + KNOB_SLOTS
    finally:
        gc.enable()
        app._finish()
        pygame.quit()
