"""The landscape's frame while it plays, against the compositor's contract (`lrgame.view.compositor`):
each of its parts paints nothing outside its rectangle (the compositor clips a part there and wipes
only there, so a rectangle too tight would cut the ring or the trail), and a new step repaints the
ring, its trail and the readout's rows, not the caption or the colour key (a part whose rectangle
spans the map would make every step repaint them).
tests/test_frame_parts.py and tests/test_landscape_window.py check the frames against frames drawn
whole."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from lrgame.look.theme import px
from lrgame.sim.intents import SetValue


def _playing(launch, epochs: int = 300, **settings):
    d = launch(schedule="cosine", **settings)
    d.key(pygame.K_d)
    d.app.apply(SetValue("epochs", epochs))
    d.app.sim.set_speed(60 * 2)  # a new step every frame or two
    d.move((5, 700))  # off the map: the readout reads the current step
    d.key(pygame.K_SPACE)
    d.frames(3)
    return d


def _frame_parts(app):
    _, frame = app.scene.landscape_view.parts(app.scene.layout, app.shown().landscape, app.mouse,
                                              app.scene.palette, app.scene.texts)
    return frame


def _painted(window: pygame.Surface, part, clip: pygame.Rect | None) -> bytes:
    surface = window.copy()
    surface.set_clip(clip)
    part.paint(surface, part.rect, part.key)
    return pygame.image.tobytes(surface, "RGB")


def _parts_stay_in_their_rects(d, frames: int) -> set[str]:
    """For `frames` frames, each landscape part painted clipped to its rectangle equals it painted
    clipped to the map, or the readout, that it is in (a path that flew off draws towards far
    away); the names of the parts checked."""
    names = set()
    lay = d.app.scene.layout
    for _ in range(frames):
        d.frames(1)
        for part in _frame_parts(d.app):
            home = lay.valley if lay.valley.contains(part.rect) else lay.readout
            assert home.contains(part.rect), part.name
            assert _painted(d.app.window, part, part.rect) == _painted(d.app.window, part, home), (
                part.name, d.app.sim.t)
            names.add(part.name)
    return names


@pytest.mark.parametrize("theme", ["dark", pytest.param("projector", marks=pytest.mark.slow)])
def test_each_part_of_a_playing_landscape_paints_only_inside_its_rect(launch, theme):
    d = _playing(launch, theme=theme)
    names = _parts_stay_in_their_rects(d, 30)
    assert {"landscape marks", "landscape caption", "landscape colour key", "landscape readout words"} <= names


def test_the_marks_of_a_path_that_flies_off_paint_only_inside_their_rect(launch):
    """The arrow and the note where the path left the map, and the last steps before it."""
    d = _playing(launch, epochs=60)
    d.app.apply(SetValue("lr0", 5.0))
    d.key(pygame.K_SPACE)
    d.key(pygame.K_END)
    d.frames(2)
    assert d.app.shown().landscape.path.diverged_at is not None
    _parts_stay_in_their_rects(d, 1)
    for _ in range(4):  # the steps before it flew off: the trail reaches the edge
        d.key(pygame.K_LEFT)
        _parts_stay_in_their_rects(d, 1)


def test_a_new_step_repaints_the_ring_and_the_readout_not_the_words_on_the_map(launch):
    d = _playing(launch)
    repainted: list[str] = []
    steps = 0
    for _ in range(40):
        t = d.app.sim.t
        d.frames(1)
        if d.app.sim.t != t:
            steps += 1
            repainted += d.app.scene.compositor.repainted
    assert steps >= 15 and repainted.count("landscape marks") == steps
    assert {name for name in repainted if name.startswith("landscape")} == {"landscape marks",
                                                                            "landscape readout words"}


def test_a_readout_row_is_measured_as_it_is_drawn_its_words_apart_from_its_number(monkeypatch):
    """`fitted` measures the words (with "= ") and the number apart, as `draw_readout_line` renders
    them: a new step's rows measure only new numbers (measuring whole rows, with their η and ∇,
    evicted the digits' glyphs from SDL_ttf's cache and cost more than drawing), and a row goes
    on two exactly when words and number together are wider than the room."""
    from lrgame.view import landscape_rows
    from lrgame.view.text import text_width

    pygame.font.init()
    measured: list[str] = []
    monkeypatch.setattr(landscape_rows, "text_width", lambda text, *a, **k: measured.append(text) or text_width(
        text, *a, **k))
    row = ("gradient ∇f = (-0.6822, 1.629)", "text")
    words, number = text_width("gradient ∇f = ", 15), text_width("(-0.6822, 1.629)", 15)
    assert landscape_rows.fitted(row, words + number)[0] == [row]
    split = [("gradient ∇f =", "text"), ("   (-0.6822, 1.629)", "text")]
    assert landscape_rows.fitted(row, words + number - 1)[0] == split
    assert measured and all(text.rstrip().endswith("=") or "=" not in text for text in measured)
    measured.clear()
    assert landscape_rows.fitted(("loss f = 0.3021", "text"), 10_000)[0] == [("loss f = 0.3021", "text")]
    assert measured == ["loss f = "]  # room to spare: the number's width is bounded, not measured


@pytest.mark.parametrize("scale", [1.0, 1.6])
def test_a_number_is_never_wider_than_its_characters_times_the_widest(scale):
    """The bound `fitted` relies on, on the numbers the readout prints, at both of its text sizes."""
    from lrgame.engine.numfmt import sig4
    from lrgame.look.theme import set_ui_scale
    from lrgame.view.landscape_readout import pair
    from lrgame.view.landscape_rows import NUMBER_CHARS, widest_number_char
    from lrgame.view.text import text_width

    pygame.font.init()
    set_ui_scale(scale, 0)
    rng = np.random.default_rng(7)
    values = rng.normal(size=(300, 2)) * 10.0 ** rng.integers(-8, 9, size=(300, 2))
    numbers = [pair(x, y) for x, y in values] + [sig4(x) for x in values[:, 0]] + ["8" * 12, "(-0.0000, -0.0000)"]
    for size, bold in ((15, False), (13, True)):
        widest = widest_number_char(size, bold)
        for number in numbers:
            assert not number.strip(NUMBER_CHARS)
            assert text_width(number, size, bold=bold) <= len(number) * widest, (number, size)


@pytest.mark.parametrize("theme", ["dark", pytest.param("projector", marks=pytest.mark.slow)])
def test_a_step_after_frames_without_one_blits_its_readout_worked_out_ahead(launch, monkeypatch, theme):
    """`Rows.ahead`: playing a step every few frames with the pointer off the map, the frame that
    brings a step works out no rows and draws none (frames before worked them out and drew their
    picture) nor the ring's trail, and every frame equals the same frame drawn whole (drawn without
    any picture)."""
    from lrgame.view import landscape_rows
    from tests.test_widget_pixels import plain_picture

    d = _playing(launch, theme=theme)
    d.app.sim.set_speed(20)  # a step every third frame
    made, drawn = [], []
    view_rows = d.app.scene.landscape_view.rows
    make, draw = view_rows._make, landscape_rows.draw_readout_line
    monkeypatch.setattr(view_rows, "_make", lambda key, *a: made.append((d.app.sim.t, key[2])) or make(key, *a))
    monkeypatch.setattr(landscape_rows, "draw_readout_line", lambda *a: drawn.append(a[2]) or draw(*a))
    checked = 0
    view = d.app.scene.landscape_view
    for _ in range(30):
        t, rows_before, drawn_before = d.app.sim.t, len(made), len(drawn)
        trails = dict(view._trails)
        d.frames(1)
        if d.app.sim.t == t + 1:
            assert made[rows_before:] == [] and drawn[drawn_before:] == []  # none: not even the next step's
            (key, trail), = ((key, trail) for key, trail in view._trails.items() if key[2] == t + 1)
            assert trails.get(key) is trail  # the ring's trail too
            checked += 1
        assert pygame.image.tobytes(d.app.window, "RGB") == plain_picture(d.app), d.app.sim.t
    assert checked >= 6 and made and all(ahead == shown + 1 for shown, ahead in made)  # each the step after


@pytest.mark.parametrize("theme", ["dark", pytest.param("projector", marks=pytest.mark.slow)])
def test_no_readout_row_is_drawn_past_its_reach(launch, theme):
    """`reach` bounds how far right a row is drawn (the readout part's rectangle ends there): each
    row of a playing run drawn alone on the readout's colour, in a small window in both themes."""
    from lrgame.view.landscape_rows import reach
    from lrgame.view.readout import draw_readout_line, line_rects

    d = _playing(launch, theme=theme, size=(1024, 600))
    app, checked = d.app, 0
    lay, palette = app.scene.layout, app.scene.palette
    line = line_rects(lay.readout, 1)[0]
    for _ in range(12):
        d.frames(1)
        _, rows, *_ = next(p.key for p in _frame_parts(app) if p.name == "landscape readout words")
        for row in rows:
            surface = pygame.Surface(app.window.get_size())
            surface.fill(palette.panel)
            draw_readout_line(surface, line, *row, palette, app.scene.texts)
            drawn = pygame.mask.from_threshold(surface, palette.panel, (1, 1, 1, 255))
            drawn.invert()
            right = max((r.right for r in drawn.get_bounding_rects()), default=line.x)
            assert right <= line.x + px(10) + reach(row), row
            checked += 1
    assert checked > 100


def test_the_note_is_worked_out_once_a_step(launch, monkeypatch):
    """`LandscapeView._note` asks numpy whether the step is on the map: frames that bring no new step
    keep the note of the frame before (the note itself is checked against frames drawn whole in
    tests/test_landscape_off_map.py)."""
    from lrgame.view import landscape_view

    d = _playing(launch)
    d.app.sim.set_speed(20)  # a step every third frame
    asked, note = [], landscape_view._note
    monkeypatch.setattr(landscape_view, "_note", lambda shown, t, *a: asked.append(t) or note(shown, t, *a))
    d.frames(30)
    assert asked and len(asked) == len(set(asked)), asked


def test_the_rows_and_the_trail_ahead_are_worked_out_in_different_frames(launch, monkeypatch):
    """The first frame after a step works out the next step's rows, a later one its ring's trail
    (each is a tenth of a millisecond or so: together they made that frame the heaviest of the
    frames without a step)."""
    d = _playing(launch)
    d.app.sim.set_speed(20)  # a step every third frame
    view = d.app.scene.landscape_view
    made, trailed, frame = [], [], [0]
    make, trail = view.rows._make, view._trail
    monkeypatch.setattr(view.rows, "_make", lambda key, *a: made.append(frame[0]) or make(key, *a))
    monkeypatch.setattr(view, "_trail", lambda plane, number, t: (
        (plane, number, t) not in view._trails and trailed.append(frame[0])) or trail(plane, number, t))
    for frame[0] in range(30):
        d.frames(1)
    assert made and trailed and not set(made) & set(trailed), (made, trailed)


@pytest.mark.parametrize("role", ["text", "danger"])
def test_fitted_says_the_reach_of_the_rows_it_makes(role):
    """`fitted` measures a row once for both: the reach it returns is `reach`'s of the rows it makes,
    whole or split, a number's width bounded or measured, with or without "= "."""
    from lrgame.view.landscape_rows import fitted, reach

    pygame.font.init()
    rows = [("gradient ∇f = (-0.6822, 1.629)", role), ("epoch t = 5 of 1000", role), ("loss f = 8.583", role),
            ("state: none kept (plain SGD)", role), ("moment v = (3.529e+09, —)", role), ("x = ", role)]
    for row in rows:
        for width in range(0, 400, 7):
            made, far = fitted((row[0], row[1]), width)
            assert far == max(map(reach, made)), (row, width)
