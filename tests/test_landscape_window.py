"""The landscape view in the real window, driven with posted events: D and the panel's 2-D tab open it,
choosing a surface applies its start, η₀ and T, every control of the run works there as in the
valley, the readout reads the pointer, divergence is shown, the explanation gives the formula, and
the command line opens it, takes a screenshot and dumps the state."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import numpy as np
import pygame
import pytest

from lrgame import cli
from lrgame.app.modes.landscape import ASYNC_STEPS, LandscapeMode
from lrgame.engine.numfmt import sig4
from lrgame.look.projector import PROJECTOR
from lrgame.look.theme import px
from lrgame.sim import intents as it
from lrgame.sim.landscape_path import compute_path, make_landscape_run, stability_limit
from lrgame.sim.optimizer_choice import make_optimizer
from lrgame.sim.surfaces import SURFACES
from lrgame.view.landscape_view import arrow_box, arrow_tip, plane_for
from tests.test_frame_parts import _same_as_whole

RAVINE = SURFACES["ravine"]


def _mode(d) -> LandscapeMode:
    mode = d.app.find(LandscapeMode)
    assert mode is not None
    return mode


def _path_of(d):
    """The path the run shown gives on the surface shown, computed here."""
    mode = _mode(d)
    return compute_path(replace(mode.choice, settings=d.app.sim.settings))


def _shown_path(d) -> np.ndarray:
    return np.array(d.app.state()["landscape"]["path"])


def _readout(d) -> tuple[str, list[tuple[str, str]]]:
    """The readout's title and rows as the frame's parts carry them."""
    app = d.app
    _, frame = app.scene.landscape_view.parts(app.scene.layout, app.shown().landscape, app.mouse, app.scene.palette,
                                              app.scene.texts)
    head, rows, *_ = next(p.key for p in frame if p.name == "landscape readout words")
    return head, list(rows)


def _open(launch, **settings):
    d = launch(**settings)
    d.key(pygame.K_d)
    d.frames(2)
    return d


def test_d_opens_the_landscape_with_the_surface_defaults_and_closes_it(launch):
    d = launch(schedule="cosine", lr0=0.5, epochs=40)
    d.key(pygame.K_d)
    state = d.app.state()
    assert state["view"] == "landscape"
    assert (state["lr0"], state["epochs"]) == (RAVINE.lr0, RAVINE.epochs)  # the surface's η₀ and T
    assert state["landscape"]["surface"] == "ravine" and state["landscape"]["start"] == list(RAVINE.start)
    assert np.array_equal(_shown_path(d), _path_of(d).points)
    d.key(pygame.K_d)
    assert d.app.state()["view"] == "valley" and d.app.state()["landscape"] is None


def test_the_2d_tab_picks_a_surface_and_none_goes_back(launch):
    d = launch(schedule="cosine", lr0=0.5, epochs=40)
    d.click(d.app.panel.row("page.surface").button.rect.center)
    assert {r.key for r in d.app.panel.rows} >= {"surface"}
    d.choose("surface", RAVINE.title)
    assert d.app.state()["view"] == "landscape"
    keys = {r.key for r in d.app.panel.rows}
    assert {"surface.kappa", "surface.angle", "start.x", "start.y"} <= keys
    assert d.app.sim.settings.lr0 == RAVINE.lr0
    d.type_into("lr0", "0.05")  # the user may change η₀ afterwards: the surface keeps it
    assert d.app.sim.settings.lr0 == 0.05 and np.array_equal(_shown_path(d), _path_of(d).points)
    d.choose("surface", "none: the 1-D valley")
    assert d.app.state()["view"] == "valley"


def test_knobs_and_start_typed_in_the_panel_move_the_path_and_bad_text_is_refused(launch):
    d = _open(launch)
    d.click(d.app.panel.row("page.surface").button.rect.center)
    before = _shown_path(d)
    d.type_into("surface.kappa", "40")
    assert _mode(d).choice.surface_params["kappa"] == 40.0
    assert not np.array_equal(_shown_path(d), before)
    assert np.array_equal(_shown_path(d), _path_of(d).points)
    d.type_into("surface.kappa", "5000")
    assert _mode(d).choice.surface_params["kappa"] == 40.0  # kept
    assert "steepness κ" in d.app.messages.notes["surface.kappa"].text
    d.type_into("start.x", "1.5")
    d.type_into("start.y", "-2")
    assert _shown_path(d)[0].tolist() == [1.5, -2.0]


@pytest.mark.parametrize(("change", "check"), [
    (lambda d: d.app.apply(it.SetValue("schedule", "constant")), lambda d, p: np.ptp(p.lr) == 0),
    (lambda d: d.app.apply(it.SetValue("steps_per_epoch", 3)), lambda d, p: len(p.points) == 3 * RAVINE.epochs + 1),
    (lambda d: d.app.apply(it.SetValue("optimizer", "adam")), lambda d, p: set(p.states) == {"m", "v"}),
    (lambda d: d.app.apply(it.SetValue("noise", 0)), lambda d, p: d.app.sim.settings.noise == 0),
    (lambda d: d.app.apply(it.SetValue("seed", 7)), lambda d, p: d.app.sim.settings.seed == 7),
    (lambda d: d.app.apply(it.SetValue("preset", "resnet")), lambda d, p: d.app.valley.preset == "resnet"),
    (lambda d: d.app.apply(it.SetValue("epochs", 30)), lambda d, p: len(p.points) == 31),
    (lambda d: d.app.apply(it.SetValue("param.T_max", 50)), lambda d, p: p.lr[50] == 0 and p.lr[51] > 0),
    (lambda d: d.app.apply(it.SetValue("lr0", 0.05)), lambda d, p: p.lr[0] == 0.05),
])
def test_the_run_controls_change_the_path(launch, change, check):
    d = _open(launch, schedule="cosine")
    before = _shown_path(d)
    change(d)
    d.frames(3)
    path = _path_of(d)
    assert np.array_equal(_shown_path(d), path.points)
    assert check(d, path)
    assert not np.array_equal(_shown_path(d), before) or d.app.sim.settings.noise == 0


def test_play_step_and_end_move_the_current_step_over_the_path(launch):
    d = _open(launch, schedule="cosine")
    d.key(pygame.K_RIGHT)
    assert d.app.sim.t == 1 and d.app.shown().landscape.t == 1
    d.key(pygame.K_END)
    assert d.app.shown().landscape.t == RAVINE.epochs
    d.key(pygame.K_HOME)
    d.key(pygame.K_SPACE)
    d.frames(30)
    assert 0 < d.app.shown().landscape.t < RAVINE.epochs


def test_projector_and_scale_keep_the_landscape(launch):
    d = _open(launch)
    d.key(pygame.K_p)
    assert d.app.state()["view"] == "landscape" and d.app.scene.palette is PROJECTOR
    d.key(pygame.K_EQUALS, mod=pygame.KMOD_CTRL)
    assert d.app.state()["view"] == "landscape"


def test_the_readout_reads_the_dot_under_the_pointer_and_the_plane_elsewhere(launch):
    d = _open(launch, schedule="cosine", noise=0.0)
    d.key(pygame.K_END)
    path = _path_of(d)
    plane = plane_for(d.app.scene.layout.valley, RAVINE.bounds)
    k = 3
    x, y = path.points[k]
    d.move(tuple(int(v) for v in plane.pixels(path.points[k : k + 1])[0]))
    rows = [text for text, _ in _readout(d)[1]]
    assert rows[0] == f"epoch t = {k} of {RAVINE.epochs}"
    assert rows[1] == f"at (x, y) = ({sig4(x)}, {sig4(y)})"
    gx, gy = RAVINE.gradient(float(x), float(y), _mode(d).choice.surface_params)
    assert f"gradient ∇f = ({sig4(gx)}, {sig4(gy)})" in rows
    dx, dy = path.points[k + 1] - path.points[k]
    assert f"step = ({sig4(dx)}, {sig4(dy)})" in rows
    limit = stability_limit(RAVINE, _mode(d).choice.surface_params, (x, y), make_optimizer("sgd"))
    assert f"limit 2/λ_max = {sig4(limit)}" in rows
    assert ("η over the limit" in rows[-1]) == (path.lr[k] > limit)
    corner = (plane.left + 3, plane.top + plane.height - 3)  # far from the path: the plane there
    d.move(corner)
    head, rows = _readout(d)
    px_, py_ = plane.world(corner)
    assert head == "AT THE POINTER" and rows[0][0] == f"at (x, y) = ({sig4(px_)}, {sig4(py_)})"


@pytest.mark.parametrize(("surface", "theme"), [("ravine", "dark"), ("saddle", "projector")])
def test_a_path_that_flies_off_shows_an_arrow_and_a_message_never_a_nan(launch, surface, theme, monkeypatch):
    """The arrow's tip sits where the path crossed the map's edge (or along that edge, clear of the
    caption and the colour key), in the danger colour, with the note somewhere else (the saddle's
    path leaves at the foot, where the note would go)."""
    from lrgame.view import landscape_view

    notes = []
    paint_note = landscape_view._paint_note
    monkeypatch.setattr(landscape_view, "_paint_note", lambda *a, **k: notes.append(paint_note(*a, **k)) or notes[-1])
    d = _open(launch, schedule="constant", theme=theme, size=(1024, 600))
    d.app.apply(it.SetValue("surface", surface))
    d.app.apply(it.SetValue("lr0", 5.0))
    d.key(pygame.K_END)
    d.frames(3)
    state = d.app.state()
    at = state["landscape"]["diverged_at"]
    assert at is not None and len(state["landscape"]["path"]) == at + 1
    json.dumps(state, allow_nan=False)
    path, rect = _path_of(d), d.app.scene.layout.valley
    plane = plane_for(rect, SURFACES[surface].bounds)
    where = plane.pixels(path.points)
    inside = np.flatnonzero(plane.inside(where))
    exit_at = plane.edge_point(where[inside[-1]], where[-1])
    view, shown = d.app.scene.landscape_view, d.app.shown().landscape
    clear = view._word_boxes(rect, shown, view.pictures.rate_scale(shown.path), d.app.scene.palette,
                             d.app.scene.texts)
    u = (where[-1] - where[inside[-1]]) / np.hypot(*(where[-1] - where[inside[-1]]))
    tip = arrow_tip(plane, exit_at, u, px(22), clear)
    box = pygame.Rect(int(tip[0]) - 8, int(tip[1]) - 8, 17, 17).clip(rect)
    pixels = pygame.surfarray.array3d(d.app.window.subsurface(box))
    assert np.all(pixels == np.array(d.app.scene.palette.danger), axis=2).sum() > 20  # the arrow's head
    assert any(text.startswith("The path flew off the map at step") for text in _texts_drawn(d))
    assert notes and not notes[-1].inflate(16, 16).collidepoint(tuple(tip))  # the note leaves the arrow be


def _texts_drawn(d) -> list[str]:
    """The texts the frame's marks part draws (the note among them)."""
    drawn: list[str] = []
    render = d.app.scene.texts.render

    def spy(text, *args, **kwargs):
        drawn.append(text)
        return render(text, *args, **kwargs)

    d.app.scene.texts.render = spy
    try:
        d.app.scene.forget_frame()
        d.frames(1)
    finally:
        del d.app.scene.texts.render
    return drawn


def test_the_explanation_gives_the_surface_formula(launch):
    d = _open(launch)
    d.key(pygame.K_i)
    assert d.app.state()["overlay"] == "explain"
    rect = d.app.scene.layout.readout
    shot = pygame.surfarray.array3d(d.app.window.subsurface(rect))
    assert np.all(shot == np.array(d.app.scene.palette.focus), axis=2).sum() > 100  # the formula's colour
    from lrgame.view.surface_explain import surface_paragraphs

    words = [text for text, *_ in surface_paragraphs(_mode(d).choice, d.app.scene.palette, 15)]
    assert "f = ½(u² + κ·v²)," in words and any(w.startswith("steepness κ = 10.00") for w in words)


def test_playing_in_the_landscape_draws_in_parts_that_match_whole_frames(launch):
    d = _open(launch, schedule="cosine")
    d.move((5, 5))
    d.app.sim.set_speed(30)
    d.key(pygame.K_SPACE)
    assert _same_as_whole(d, 20) > 15
    assert "landscape marks" in d.app.scene.compositor.repainted


def test_a_long_path_is_computed_off_the_frame(launch):
    d = _open(launch, schedule="cosine")
    d.app.apply(it.SetValue("epochs", 4 * ASYNC_STEPS))
    mode = _mode(d)
    assert mode.computing and mode.path is not None  # the last path stays on screen meanwhile
    for _ in range(600):
        d.frames(1)
        if not mode.computing:
            break
        pygame.time.wait(5)
    assert not mode.computing and len(mode.path.points) == 4 * ASYNC_STEPS + 1


def test_the_command_line_opens_it_takes_the_screenshot_and_dumps_the_state(tmp_path):
    shot, dump = tmp_path / "shot.png", tmp_path / "state.json"
    status = cli.main(["--surface", "ravine", "--surface-param", "kappa=20", "--schedule", "cosine", "--headless",
                       "--frames", "3", "--screenshot", str(shot), "--dump-state", str(dump)])
    pygame.quit()
    assert status == 0 and shot.stat().st_size > 10_000
    state = json.loads(dump.read_text())
    assert state["view"] == "landscape" and state["landscape"]["surface_params"] == {"kappa": 20.0, "angle": 30.0}
    settings_from_dump = (state["lr0"], state["epochs"])
    assert settings_from_dump == (RAVINE.lr0, RAVINE.epochs)
    from lrgame.sim.settings import make_settings

    run = make_landscape_run("ravine", {"kappa": 20}, settings=make_settings("cosine", RAVINE.lr0, RAVINE.epochs))
    path = compute_path(run)
    assert state["landscape"]["path"] == path.points.tolist() and state["landscape"]["loss"] == path.loss.tolist()
    assert all(math.isfinite(v) for v in state["landscape"]["loss"])


@pytest.mark.parametrize(("argv", "words"), [
    (["--view", "valley", "--surface", "ravine"], "--surface goes with the landscape view"),
    (["--surface", "moon"], "--surface = 'moon' is not allowed"),
    (["--view", "landscape", "--surface-param", "kappa=0"], "is not allowed: give a number in [1, 1000]"),
    (["--view", "mars"], "--view = 'mars' is not allowed"),
    (["--surface", "ravine", "--surface-param", "kappa"], "--surface-param = 'kappa' is not KEY=VALUE"),
])
def test_bad_landscape_flags_are_one_line_and_status_2(argv, words, capsys):
    with pytest.raises(SystemExit) as end:
        cli.main([*argv, "--headless", "--frames", "1"])
    err = capsys.readouterr().err
    assert end.value.code == 2 and words in err and len(err.strip().splitlines()) == 1


def test_every_view_the_command_line_opens_is_a_view_of_the_state():
    from lrgame.app.launch import LAUNCH_VIEWS, VALLEY
    from lrgame.app.state import VIEWS

    assert LAUNCH_VIEWS[0] == VALLEY and set(LAUNCH_VIEWS[1:]) <= set(VIEWS.values())
    assert "landscape" in LAUNCH_VIEWS


def test_the_race_shows_over_the_landscape_and_the_state_says_so(launch):
    d = _open(launch, schedule="cosine")
    d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    d.key(pygame.K_c)
    assert d.app.state()["view"] == "race" and d.app.find(LandscapeMode) is not None
    d.key(pygame.K_c)
    assert d.app.state()["view"] == "landscape"


def test_the_readout_gives_the_optimizers_state_and_its_momentum_adjusted_limit(launch):
    d = _open(launch, schedule="cosine", noise=0.0)
    d.app.apply(it.SetValue("optimizer", "momentum"))
    d.key(pygame.K_END)
    path, mode = _path_of(d), _mode(d)
    hp = d.app.sim.settings.optimizer
    plane = plane_for(d.app.scene.layout.valley, RAVINE.bounds)
    k = 5
    d.move(tuple(int(v) for v in plane.pixels(path.points[k : k + 1])[0]))
    rows = [text for text, _ in _readout(d)[1]]
    vx, vy = path.states["velocity"][k + 1]
    assert f"velocity = ({sig4(vx)}, {sig4(vy)})" in rows  # the buffer after the step taken from p_k
    limit = stability_limit(RAVINE, mode.choice.surface_params, tuple(path.points[k]), hp, hp.momentum)
    assert f"limit (momentum) = {sig4(limit)}" in rows, " | ".join(rows)
    d.app.apply(it.SetValue("optimizer", "adam"))
    d.frames(2)
    path = _path_of(d)
    d.move(tuple(int(v) for v in plane.pixels(path.points[k : k + 1])[0]))
    rows = [text for text, _ in _readout(d)[1]]
    m, v = path.states["m"][k + 1], path.states["v"][k + 1]
    assert f"moment m = ({sig4(m[0])}, {sig4(m[1])})" in rows and f"moment v = ({sig4(v[0])}, {sig4(v[1])})" in rows
    assert "Adam: no fixed rate limit applies" in rows


def test_under_a_loss_driven_schedule_the_rate_chart_shows_the_paths_rates(launch):
    """Reduce on plateau hears the loss where the path stands: the chart shows those rates, not the
    valley ball's."""
    d = _open(launch, schedule="reduce_on_plateau")
    d.key(pygame.K_END)
    path, chart = _path_of(d), d.app.scene.lr_chart
    end = min(d.app.sim.t, len(path.lr) - 1)
    assert chart.known == end + 1 and [chart.value_at(i) for i in range(end + 1)] == path.lr[: end + 1].tolist()
    assert not np.array_equal(path.lr[: end + 1], d.app.sim.trajectory.rates(end))  # the valley's differ
    assert chart.title.endswith("the path's loss sets it")


def test_a_start_outside_the_surfaces_range_is_refused_by_its_box(launch):
    from lrgame.sim.landscape_path import start_range

    d = _open(launch)
    d.click(d.app.panel.row("page.surface").button.rect.center)
    x0, x1, _, _ = start_range(RAVINE)
    d.type_into("start.x", f"{x1 * 2:g}")
    assert _mode(d).choice.start == RAVINE.start
    note = d.app.messages.notes["start.x"]
    assert note.error
    assert note.text.startswith(f"start x = {x1 * 2:g} is not allowed: give a number in [{x0:g}, {x1:g}]")


@pytest.mark.parametrize(("theme", "size"), [("dark", (1024, 600)), ("projector", (1024, 600)),
                                             ("projector", (1920, 1080))])
def test_every_surfaces_explanation_fits_whole(launch, theme, size):
    from lrgame.view.surface_explain import draw_surface_explanation, explanation_areas

    d = launch(size=size, theme=theme)
    lay = d.app.scene.layout
    body = lay.valley.union(lay.readout)
    for name in SURFACES:
        run = make_landscape_run(name)
        fitted = [draw_surface_explanation(d.app.window, explanation_areas(body, lay.cards[0].y, up)[1], run,
                                           d.app.scene.palette, d.app.scene.texts) for up in (False, True)]
        assert fitted[0] or fitted[1], name  # the scene reaches up over the cards when it must
        assert fitted[0] or (theme, size) == ("projector", (1024, 600)), name


@pytest.mark.parametrize(("theme", "size", "scale"), [("dark", (1024, 600), 1.0), ("projector", (1920, 1080), 1.5),
                                                      ("dark", (1920, 1080), 2.0)])
def test_the_2d_tab_of_every_surface_has_nothing_clipped_or_overlapping(launch, theme, size, scale):
    from tests.test_classroom import _assert_nothing_clipped_or_overlapping

    d = launch(size=size, theme=theme, scale=scale)
    d.app.apply(it.ShowPage("surface"))
    for name in SURFACES:
        d.app.apply(it.SetValue("surface", name))
        d.frames(1)
        assert {f"surface.{k.name}" for k in SURFACES[name].knobs} <= {r.key for r in d.app.panel.rows}
        _assert_nothing_clipped_or_overlapping(d.app)


@pytest.mark.parametrize(("theme", "size", "schedule", "both"), [("dark", (1280, 720), "cosine", True),
                                                                   ("projector", (1280, 720), "one_cycle", False)])
def test_the_explanation_shows_both_when_both_fit_else_the_surfaces_saying_where_the_other_is(
        launch, theme, size, schedule, both):
    from lrgame.engine import schedules
    from lrgame.view.surface_explain import ALONE

    d = _open(launch, schedule=schedule, theme=theme, size=size)
    d.key(pygame.K_i)
    drawn = " ".join(_texts_drawn(d))
    assert f"{SURFACES['ravine'].title}: the loss f(x, y)" in drawn
    assert (f"{schedules.entry(schedule).label}: how it works" in drawn) == both
    assert (ALONE.split(":")[0] in drawn) == (not both)


def test_at_the_end_the_readout_names_the_last_rate_used_not_a_rate_of_step_t(launch):
    """At t = T no step is left (the cards say "run over: no current η"): the readout's rate row
    says which rate it is, the last one used, as it does where a path flew off."""
    d = _open(launch, schedule="cosine")
    d.key(pygame.K_END)
    path = _path_of(d)
    rows = [text for text, _ in _readout(d)[1]]
    assert not any(row.startswith("rate η(t) = ") for row in rows), rows
    assert f"last rate used η = {sig4(float(path.lr[-1]))}" in rows and "step: none, the run is over" in rows
    assert not any(row.startswith("noise = ") for row in rows)  # no step, no noise drawn for one
    d.key(pygame.K_LEFT)
    rows = [text for text, _ in _readout(d)[1]]
    assert f"rate η(t) = {sig4(float(path.lr[-1]))}" in rows  # step T − 1 takes the last rate
    assert any(row.startswith("noise = ") for row in rows)


def test_the_divergence_arrow_keeps_out_from_under_the_caption_and_the_colour_key(launch):
    """A path leaving by the top-left corner had its arrow drawn under the caption ("Ravine · 2-D
    landscape"), hidden: the arrow slides along the same edge until it clears the words."""
    d = _open(launch, schedule="cosine", size=(1024, 600))
    d.app.apply(it.SetValue("lr0", "5"))  # flies off at step 2 through the top edge, under the caption
    d.key(pygame.K_END)
    view, lay, shown = d.app.scene.landscape_view, d.app.scene.layout, d.app.shown().landscape
    plane = plane_for(lay.valley, RAVINE.bounds)
    path = shown.path
    assert path.diverged_at == 2
    clear = view._word_boxes(lay.valley, shown, view.pictures.rate_scale(path), d.app.scene.palette,
                             d.app.scene.texts)
    where = plane.pixels(path.points)
    inside = where[np.flatnonzero(plane.inside(where))[-1]]
    u = (where[-1] - inside) / np.hypot(*(where[-1] - inside))
    exit_at = plane.edge_point(inside, where[-1])
    assert arrow_box(exit_at, u, px(22)).collidelist(clear) >= 0  # where it left: under the words
    tip = arrow_tip(plane, exit_at, u, px(22), clear)
    assert arrow_box(tip, u, px(22)).collidelist(clear) < 0 and tip[1] == exit_at[1] == plane.top  # the same edge
    assert np.array_equal(arrow_tip(plane, exit_at, u, px(22), []), exit_at)  # nothing in the way: where it left
