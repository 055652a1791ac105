"""Contrast as promised, measured on the rendered pixels: every text against what it sits on at
least 7:1 in the projector theme and 4.5:1 in the dark one, and the lines and markers (curves, the
marker, the limit, the valley, the ball, the trail, the race's slots) at least 3:1 against the
surfaces they are drawn on. Each text is found in the frame (tests/text_boxes.py), the frame is drawn again with
its real letters, and the letters' fully inked pixels are compared with the uninked ones around
them (`text_boxes.contrasts`)."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from lrgame.app.launch import LaunchOptions
from lrgame.app.window import App
from lrgame.look.projector import GRAPHIC_CONTRAST, contrast_ratio
from lrgame.look.theme import ui_scale
from lrgame.sim import intents as it
from lrgame.sim.settings import make_settings
from lrgame.view.slot_look import SLOT_COLOURS
from lrgame.view.valley_view import _trail_looks
from tests.test_text_layout import QUICK, _saved_setups, every_view
from tests.text_boxes import TextBoxes, contrasts, draw_whole, frame_texts, unpacked

TEXT = {"dark": 4.5, "projector": 7.0}
SIZE = {"dark": (1280, 720), "projector": (1920, 1080)}


def _check_texts(theme: str, choices, monkeypatch, tmp_path) -> None:
    _saved_setups(theme, monkeypatch, tmp_path)
    boxes = TextBoxes(monkeypatch)
    app = App(LaunchOptions(settings=make_settings(), epoch=0, size=SIZE[theme], headless=True, theme=theme))
    found = set()
    for _, view in every_view(app, choices):
        _, texts, _ = frame_texts(app, boxes)
        found |= {f"{view}: {c.text!r} {c.colour} on {c.under}: {c.ratio:.2f}"
                  for c in contrasts(app, boxes, texts) if c.ratio < TEXT[theme]}
    assert not found, f"{len(found)} texts under {TEXT[theme]}:1\n" + "\n".join(sorted(found)[:40])


@pytest.mark.parametrize("theme", ["dark", "projector"])
def test_every_text_in_every_view_reads_at_its_theme_contrast(theme, monkeypatch, tmp_path):
    """Every view and overlay, over schedules and a recipe that draw every kind of text (a curve
    drawn in advance, a loss-driven one, a recipe counted in steps), and the landscape's."""
    _check_texts(theme, [c for c in QUICK if c != ("schedule", "one_cycle")], monkeypatch, tmp_path)


def _grounds(frame: np.ndarray, colour: tuple[int, int, int], area: pygame.Rect) -> list[tuple[int, int, int]]:
    """What a line of `colour` is drawn on inside `area`: the colours that take a fifth of the
    area's pixels or more (the chart's panel; the sky and the valley's fill), measured. The line
    must be there."""
    rgb = frame[area.x:area.right, area.y:area.bottom].astype(np.int32)
    part = (rgb[..., 0] << 16 | rgb[..., 1] << 8 | rgb[..., 2]).ravel()
    assert (part == (colour[0] << 16 | colour[1] << 8 | colour[2])).sum() >= 20, f"{colour} is hardly drawn in {area}"
    colours, counts = np.unique(part, return_counts=True)
    return [unpacked(int(c)) for c, n in zip(colours, counts, strict=True) if 5 * n >= len(part)]


@pytest.mark.parametrize("theme", ["dark", "projector"])
def test_lines_and_markers_stand_out_from_what_is_around_them(theme):
    app = App(LaunchOptions(settings=make_settings("cosine", lr0=0.08), epoch=30, size=SIZE[theme], headless=True,
                            theme=theme))
    app.frame(1 / 60)
    pal, lay = app.scene.palette, app.scene.layout
    frame = pygame.surfarray.array3d(draw_whole(app))
    newest_dot = _trail_looks(len(app.sim.trail()) - 1, pal, ui_scale())[-1][0]  # older ones fade on purpose
    seen = {"curve": (pal.curve, lay.chart), "marker": (pal.marker, lay.chart), "limit": (pal.limit, lay.chart),
            "loss_trace": (pal.loss_trace, lay.loss_chart), "valley_line": (pal.valley_line, lay.valley),
            "ball": (pal.ball, lay.valley), "trail": (newest_dot, lay.valley)}
    low = [(role, under, round(contrast_ratio(colour, under), 2))
           for role, (colour, area) in seen.items() for under in _grounds(frame, colour, area)
           if contrast_ratio(colour, under) < GRAPHIC_CONTRAST]
    app.apply(it.AddToRace())
    app.apply(it.SelectSchedule(4))
    app.apply(it.AddToRace())
    app.apply(it.ToggleRace())
    app.frame(1 / 60)
    frame = pygame.surfarray.array3d(draw_whole(app))
    low += [(f"slot {i + 1}", under, round(contrast_ratio(colour, under), 2))
            for i, colour in enumerate(SLOT_COLOURS[:2]) for under in _grounds(frame, colour, lay.chart)
            if contrast_ratio(colour, under) < GRAPHIC_CONTRAST]
    assert not low


@pytest.fixture(autouse=True)
def _quit():
    yield
    pygame.quit()
