"""The comparison's slots as paths on one surface (lrgame/sim/compared_paths.py) and in the window
(C in the landscape): the same start and noise, each slot's own schedule and optimizer, the
scoreboard ranked by final loss, what the map draws, and the state's "paths"."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pygame

from lrgame.app.launch import LaunchOptions
from lrgame.app.modes.landscape import LandscapeMode
from lrgame.app.modes.race import race_of
from lrgame.app.window import App
from lrgame.sim import intents as it
from lrgame.sim.compared_paths import compare_paths, paths_document, ranked
from lrgame.sim.landscape_path import compute_path, make_landscape_run
from lrgame.sim.optimizer_choice import make_optimizer
from lrgame.sim.race import Race
from lrgame.sim.settings import make_settings
from lrgame.sim.surfaces import SURFACES
from lrgame.view.compared_view import MAX_DRAWN, drawn_points, joined, mark_steps, score_rows
from lrgame.view.forks_view import map_points
from lrgame.view.landscape_view import plane_for
from lrgame.view.slot_look import draw_ball, numbers_shown, slot_colour
from lrgame.view.text import TextCache, text_width
from tests.test_frame_parts import _same_as_whole
from tests.text_boxes import TextBoxes, frame_texts, problems, regions

RAVINE = SURFACES["ravine"]


def _race() -> Race:
    race = Race()
    race.add(make_settings("constant", RAVINE.lr0, RAVINE.epochs, noise=1.0, seed=3))
    race.add(make_settings("cosine", RAVINE.lr0, RAVINE.epochs))
    race.add(make_settings("cosine", 0.05, RAVINE.epochs, optimizer=make_optimizer("sgd", momentum=0.5)))
    return race


def test_each_slot_runs_its_own_schedule_and_optimizer_with_the_shared_noise_and_start() -> None:
    race = _race()
    choice = make_landscape_run("ravine")
    compared = compare_paths(choice, race.slots)
    assert [c.schedule for c in compared] == ["constant", "cosine", "cosine"]
    assert [c.optimizer for c in compared] == ["SGD", "SGD", "Momentum 0.5"]
    for c, slot in zip(compared, race.slots, strict=True):
        alone = compute_path(replace(choice, settings=slot.settings))
        assert np.array_equal(c.path.points, alone.points)
        assert slot.settings.seed == 3 and slot.settings.noise == 1.0  # the first slot's noise for all
    # the same gusts: constant and cosine take the same first step (η(0) = η₀ for both)
    assert np.array_equal(compared[0].path.points[:2], compared[1].path.points[:2])


def test_ranked_by_final_loss_with_the_distance_to_the_nearest_minimum() -> None:
    compared = compare_paths(make_landscape_run("ravine"), _race().slots)
    order = ranked(compared)
    assert [c.final_loss for c in order] == sorted(c.final_loss for c in compared)
    assert [c.place for c in order] == [1, 2, 3]
    assert order[-1].schedule == "constant"  # with noise, the constant rate ends highest
    for c in compared:
        x, y = c.path.points[-1]
        assert c.distance == math.hypot(x, y)  # the ravine's one minimum is the origin
    rows = score_rows(compared)
    assert rows[0][1].startswith("1st  Cosine annealing · ") and "loss " in rows[0][2]


def test_a_path_that_flew_off_comes_last() -> None:
    race = Race()
    race.add(make_settings("constant", 0.3, RAVINE.epochs))  # over the limit 2/κ = 0.2
    race.add(make_settings("cosine", RAVINE.lr0, RAVINE.epochs))
    compared = compare_paths(make_landscape_run("ravine"), race.slots)
    assert compared[0].path.diverged_at is not None and compared[0].place == 2 and compared[1].place == 1
    assert "flew off" in score_rows(compared)[1][2]


def test_the_state_document_names_slot_schedule_optimizer_path_and_loss() -> None:
    race = _race()
    compared = compare_paths(make_landscape_run("ravine"), race.slots)
    doc = paths_document(compared, race.slots)
    assert [d["slot"] for d in doc] == [1, 2, 3]
    assert doc[2]["optimizer"]["name"] == "sgd" and doc[2]["optimizer"]["momentum"] == 0.5
    assert doc[1]["path"] == compared[1].path.points.tolist() and doc[1]["loss"] == compared[1].path.loss.tolist()


def test_markers_every_tenth_of_the_way_and_a_long_path_thinned() -> None:
    assert mark_steps(100).tolist() == list(range(10, 101, 10))
    assert mark_steps(5).tolist() == [1, 2, 3, 4, 5]
    plane = plane_for(pygame.Rect(0, 0, 600, 400), RAVINE.bounds)
    points = np.column_stack([np.linspace(-4, 4, 100_001), np.zeros(100_001)])
    drawn = drawn_points(plane, points)
    assert len(drawn) <= MAX_DRAWN + 1 and drawn[-1] == map_points(plane, points[-1:])[0]


def _landscape_with_slots(launch):
    d = launch()
    d.key(pygame.K_d)  # the ravine
    for key in (pygame.K_1, pygame.K_5):  # constant, cosine
        d.key(key)
        d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    d.key(pygame.K_c)
    d.frames(2)
    return d


def test_c_in_the_landscape_draws_each_slots_path_and_the_state_has_them(launch):
    d = _landscape_with_slots(launch)
    mode = d.app.find(LandscapeMode)
    compared = mode.compared
    assert compared is not None and [c.schedule for c in compared] == ["constant", "cosine"]
    state = d.app.state()["landscape"]
    assert [p["schedule"] for p in state["paths"]] == ["constant", "cosine"]
    assert state["paths"][0]["path"] == compared[0].path.points.tolist()
    plane = plane_for(d.app.scene.layout.valley, RAVINE.bounds)
    for c in compared:  # each path's end marker, in its slot's colour, is on the screen: its ring, 8 px out
        x, y = map_points(plane, c.path.points[-1:])[0]  # (its number sits on a disc of the ground)
        colours = {tuple(d.app.window.get_at((x + dx, y + dy)))[:3] for dx, dy in ((8, 0), (-8, 0), (0, 8), (0, -8))}
        assert slot_colour(c.slot) in colours
    d.key(pygame.K_SPACE)  # playing: the slots' markers, the compared curves' marker and the cards move
    assert d.app.messages.toast is not None  # "added to the comparison": the message line is a part
    assert _same_as_whole(d, 40) > 30  # frames drawn in parts, each the same as drawn whole
    assert d.app.sim.t > 0
    d.key(pygame.K_c)  # the comparison hidden: the run's own path again, no paths in the state
    assert d.app.state()["landscape"]["paths"] == []


def test_a_new_slot_or_surface_computes_the_paths_again(launch):
    d = _landscape_with_slots(launch)
    mode = d.app.find(LandscapeMode)
    d.key(pygame.K_2)
    d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    assert len(mode.compared) == 3
    d.app.apply(it.SetValue("surface", "basins"))
    d.frames(2)
    assert mode.compared is not None and mode.compared[0].path.points[0].tolist() == list(SURFACES["basins"].start)


def _draw_balls(surface, balls, edge, texts) -> None:
    for ball in numbers_shown(balls, edge, texts):
        draw_ball(surface, ball, edge, texts)


def test_a_ball_drawn_over_anothers_number_leaves_that_number_out(launch):
    launch()  # a display for the fonts
    texts, edge = TextCache(), (0, 0, 0)
    surface = pygame.Surface((80, 40))
    surface.fill(edge)
    first, second = (20, 20), (34, 20)  # the second's square reaches over the first's number
    _draw_balls(surface, [(0, first), (1, second)], edge, texts)

    def near(s: pygame.Surface, at: tuple[int, int], right: int = 80) -> set:
        """The colours up to 4 px either side of `at`, short of x = right."""
        return {tuple(s.get_at((x, y)))[:3] for x in range(at[0] - 4, min(at[0] + 5, right))
                for y in range(at[1] - 4, at[1] + 5)}

    assert near(surface, first, 23) == {slot_colour(0)}  # no number, no disc of the ground under it (the
    # second square's edge starts at x = 23)
    assert edge in near(surface, second)  # the one on top keeps its number on its disc
    apart = pygame.Surface((80, 40))
    _draw_balls(apart, [(0, (15, 20)), (1, (60, 20))], edge, texts)
    assert edge in near(apart, (15, 20))  # apart, both numbers show


def test_the_scoreboards_numbers_break_between_their_parts(launch):
    launch()
    parts = ["loss 0.06143", "distance 0.3280", "η₀ 0.1800"]
    wide = text_width(" · ".join(parts), 13)
    assert joined(parts, " · ", 13, wide) == [" · ".join(parts)]
    assert joined(parts, " · ", 13, wide - 1) == ["loss 0.06143 · distance 0.3280", "η₀ 0.1800"]


def test_the_scoreboard_says_how_long_every_path_runs_and_that_the_panels_t_is_not_used(launch, monkeypatch):
    """A comparison shares the first slot's T (a race is fair at one length): the scoreboard says
    how long every path runs, and when the run in the panel is longer or shorter, that its T is
    not used here."""
    d = _landscape_with_slots(launch)
    mode, texts = d.app.find(LandscapeMode), d.app.scene.texts
    steps = RAVINE.epochs
    assert [c.steps for c in mode.compared] == [steps, steps]
    said: list[str] = []
    render = texts.render
    monkeypatch.setattr(texts, "render", lambda text, *a, **k: (said.append(text), render(text, *a, **k))[1])
    d.app.apply(it.SetValue("epochs", 2 * steps))
    d.frames(2)
    words = " ".join(said)
    assert f"Every path runs {steps} steps, the length of slot 1's run." in words
    assert f"The {2 * steps} steps of the run in the panel are not used here." in words
    assert [len(c.path.points) - 1 for c in mode.compared] == [steps, steps]  # the paths did not change
    said.clear()
    d.app.apply(it.SetValue("epochs", steps))
    d.frames(2)
    assert "run in the panel" not in " ".join(said) and "Every path runs" in " ".join(said)


def compare_four(app: App) -> None:
    """Step decay, cosine, one-cycle and the first schedule added to the comparison, shown (C), and
    their paths worked out."""
    for index in (1, 4, 7, 0):
        app.apply(it.SelectSchedule(index))
        app.apply(it.AddToRace())
    app.apply(it.ToggleRace())
    for _ in range(5):
        app.frame(1 / 60)
    assert len(app.find(LandscapeMode).compared) == 4


def test_four_slots_on_a_1080p_projector_each_keep_their_row(monkeypatch):
    """Big projector text and four slots: the scoreboard gives up its long heading before a row
    (the fourth slot's row was left out)."""
    boxes = TextBoxes(monkeypatch)
    app = App(LaunchOptions(settings=make_settings("cosine"), size=(1920, 1080), headless=True, theme="projector",
                            view="landscape"))
    compare_four(app)
    frame, texts, drawn = frame_texts(app, boxes)
    board = [t.issued.text for t in texts if t.rect is not None and app.scene.layout.readout.contains(t.rect)]
    assert [w.split()[0] for w in board if w.split()[0] in ("1st", "2nd", "3rd", "4th")] == ["1st", "2nd", "3rd", "4th"]
    assert problems(texts, drawn, regions(app), frame.get_rect()) == []
    pygame.quit()


def test_a_triangle_ranked_first_keeps_clear_of_the_short_heading(monkeypatch):
    """The markers' edges reach a little past their boxes: under the one-line heading, a triangle's
    tip (Adam's one-cycle, first on the river) covered the heading's last pixels."""
    boxes = TextBoxes(monkeypatch)
    app = App(LaunchOptions(settings=make_settings(), size=(1024, 600), headless=True, theme="projector",
                            view="landscape"))
    s = app.sim.settings
    race = race_of(app)
    for settings in (s, make_settings("cosine", s.lr0, s.epochs, optimizer=make_optimizer("sgd", momentum=0.9)),
                     make_settings("one_cycle", s.lr0, s.epochs, optimizer=make_optimizer("adam")),
                     make_settings("constant", 50 * s.lr0, s.epochs)):
        race.add(settings)
    app.apply(it.ToggleRace())
    app.apply(it.SetValue("surface", "river"))
    for _ in range(5):
        app.frame(1 / 60)
    assert ranked(app.find(LandscapeMode).compared)[0].slot == 2  # the triangle
    frame, texts, drawn = frame_texts(app, boxes)
    assert "Ranked by final loss." in [t.issued.text for t in texts]
    assert problems(texts, drawn, regions(app), frame.get_rect()) == []
    pygame.quit()
