"""A step off the map is said in words, not only shown by the arrow at the map's edge: the note at
the map's foot (or under the key, when the arrow points down) names the step and where it is, and
goes when the path comes back onto the map; whole, in both themes."""

from __future__ import annotations

import pygame
import pytest

from lrgame.app.launch import LaunchOptions
from lrgame.app.window import App
from lrgame.sim import intents as it
from lrgame.sim.settings import make_settings
from tests.text_boxes import TextBoxes, frame_texts, problems, regions


@pytest.mark.parametrize(("theme", "size", "start"), [("dark", (1280, 720), ("start.x", 100)),
                                                      ("projector", (1024, 600), ("start.y", -100))])
def test_a_start_off_the_map_is_said_in_words(theme, size, start, monkeypatch):
    boxes = TextBoxes(monkeypatch)
    app = App(LaunchOptions(settings=make_settings("cosine"), epoch=0, size=size, headless=True, theme=theme,
                            view="landscape"))
    app.apply(it.SetValue(*start))
    app.frame(1 / 60)
    frame, texts, drawn = frame_texts(app, boxes)
    where = "(100.0, 2.500)" if start[0] == "start.x" else "(-4.000, -100.0)"  # the ravine's start, moved
    said = " ".join(t.issued.text for t in texts if t.rect is not None and app.scene.layout.valley.contains(t.rect))
    assert f"Step 0 is off the map, at (x, y) = {where}: the arrow at the edge points the way." in said, said
    assert problems(texts, drawn, regions(app), frame.get_rect()) == []
    app.apply(it.SetValue("epoch", 30))  # back on the map by then
    app.frame(1 / 60)
    _, texts, _ = frame_texts(app, boxes)
    assert not any("off the map" in t.issued.text for t in texts)


@pytest.fixture(autouse=True)
def _quit():
    yield
    pygame.quit()
