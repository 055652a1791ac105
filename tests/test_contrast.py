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
from lrgame.app.modes.landscape import LandscapeMode
from lrgame.app.window import App
from lrgame.look.projector import GRAPHIC_CONTRAST, PROJECTOR, contrast_ratio
from lrgame.look.theme import DARK, ui_scale
from lrgame.sim import intents as it
from lrgame.sim.settings import make_settings
from lrgame.view.slot_look import SLOT_COLOURS
from lrgame.view.valley_view import _trail_looks
from tests.colour_vision import closest_pair
from tests.test_compared_paths import compare_four
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


def _around(frame: np.ndarray, colour: tuple[int, int, int], area: pygame.Rect,
            lines: set[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """What a line of `colour` is drawn on inside `area`, where it is drawn over a band of the
    ground or over a picture: the colours of a fifth or more of the pixels within 2 px of its own,
    leaving out `lines` (its own colour, and the lines it runs beside or crosses). The line must be there."""
    rgb = frame[area.x:area.right, area.y:area.bottom].astype(np.int32)
    part = rgb[..., 0] << 16 | rgb[..., 1] << 8 | rgb[..., 2]
    mine = part == (colour[0] << 16 | colour[1] << 8 | colour[2])
    assert mine.sum() >= 20, f"{colour} is hardly drawn in {area}"
    near = mine.copy()
    for dx in range(-2, 3):
        for dy in range(-2, 3):
            near |= np.roll(np.roll(mine, dx, axis=0), dy, axis=1)
    ground = part[near & ~mine]
    colours, counts = np.unique(ground[~np.isin(ground, [r << 16 | g << 8 | b for r, g, b in lines])],
                                return_counts=True)
    return [unpacked(int(c)) for c, n in zip(colours, counts, strict=True) if 5 * n >= counts.sum()]


def _low(frame: np.ndarray, lines: dict[str, tuple[tuple[int, int, int], tuple[pygame.Rect, ...]]],
         others: set[tuple[int, int, int]]) -> list:
    """The lines (role: colour, areas) under 3:1 against what they are drawn on, beside `others`."""
    return [(role, tuple(area), under, round(contrast_ratio(colour, under), 2))
            for role, (colour, areas) in lines.items() for area in areas
            for under in _around(frame, colour, area, others | {c for c, _ in lines.values()})
            if contrast_ratio(colour, under) < GRAPHIC_CONTRAST]


@pytest.mark.parametrize("theme", ["dark", "projector"])
def test_the_forks_and_the_compared_paths_stand_out_from_what_they_are_drawn_on(theme):
    """F: each branch on the map, in the rate chart and in the panel (its swatch, and its line in
    the small charts where they fit). C over the landscape: each of four slots' paths and markers on
    the map, its curve in the rate chart."""
    app = App(LaunchOptions(settings=make_settings("constant"), size=SIZE[theme], headless=True, theme=theme))
    app.apply(it.ToggleForks())
    for _ in range(20):
        app.frame(1 / 60)
    assert app.find(LandscapeMode).forked is not None
    pal, lay = app.scene.palette, app.scene.layout
    frame = pygame.surfarray.array3d(draw_whole(app))
    low = _low(frame, {f"branch {i + 1}": (colour, (lay.valley, lay.chart, lay.readout))
                       for i, colour in enumerate(pal.branches)}, {pal.text_dim})  # the trunk's colour
    app.apply(it.ToggleForks())
    app.apply(it.SetValue("surface", "ravine"))
    compare_four(app)
    frame = pygame.surfarray.array3d(draw_whole(app))
    low += _low(frame, {f"slot {i + 1}": (colour, (lay.valley, lay.chart)) for i, colour in enumerate(SLOT_COLOURS)},
                set())
    assert not low


@pytest.mark.parametrize("palette", [DARK, PROJECTOR], ids=["dark", "projector"])
def test_the_branches_and_the_slots_stay_apart_to_colour_blind_eyes(palette):
    """Darker shades for the projector must not bring two hues together: under protan, deutan and
    tritan vision as to normal eyes, every two branches (and every two slots) stay at least as far
    apart as Okabe–Ito's own hues do (ΔE ≥ 15)."""
    for colours in (palette.branches, SLOT_COLOURS):
        distance, vision, i, j = closest_pair(colours)
        assert distance >= 15, f"{colours[i]} and {colours[j]} look alike to {vision} vision (ΔE {distance:.1f})"


@pytest.fixture(autouse=True)
def _quit():
    yield
    pygame.quit()
