"""F in the real window: the river's cooldowns forked from one constant run in place of the path,
the panel's table of each branch's final loss, the two charts, frames drawn in parts."""

from __future__ import annotations

import numpy as np
import pygame

from lrgame.app.modes.landscape import ASYNC_STEPS, LandscapeMode
from lrgame.engine.numfmt import sig4
from lrgame.sim import intents as it
from lrgame.sim.cooldowns import forked_cooldowns
from lrgame.view.forks_view import branch_colour, branch_rows, column_points, map_points
from lrgame.view.landscape_view import plane_for
from tests.test_frame_parts import _same_as_whole


def _mode(d) -> LandscapeMode:
    mode = d.app.find(LandscapeMode)
    assert mode is not None
    return mode


def test_f_opens_the_river_with_its_forks_and_f_again_goes_back_to_the_path(launch):
    d = launch(schedule="cosine")
    d.key(pygame.K_f)
    mode = _mode(d)
    assert mode.choice.surface == "river" and mode.forks
    assert d.app.sim.settings.lr0 == 0.085 and d.app.sim.settings.epochs == 300  # the river's η₀ and T
    forked = mode.forked
    assert forked is not None and [b.at for b in forked.branches] == [60, 120, 180, 240, 300]
    mine = forked_cooldowns(mode.wanted())
    assert np.array_equal(forked.trunk.points, mine.trunk.points)
    d.key(pygame.K_f)
    assert _mode(d).forks is False and _mode(d).path is not None


def test_f_on_another_surface_chooses_the_river(launch):
    d = launch()
    d.key(pygame.K_d)
    assert _mode(d).choice.surface == "ravine"
    d.key(pygame.K_f)
    assert _mode(d).choice.surface == "river" and _mode(d).forks


def test_the_panel_names_each_branch_with_its_final_loss_and_the_map_draws_them(launch):
    d = launch()
    d.key(pygame.K_f)
    app, forked = d.app, _mode(d).forked
    rows = branch_rows(forked)
    assert rows[0] == ("", "trunk", "none", sig4(float(forked.trunk.loss[-1])))
    assert rows[1:] == [(str(i + 1), f"{b.at} ({20 * (i + 1)} %)", str(b.cooldown), sig4(b.final_loss))
                        for i, b in enumerate(forked.branches)]
    under, over = app.scene.landscape_view.parts(app.scene.layout, app.shown().landscape, app.mouse,
                                                  app.scene.palette, app.scene.texts)
    assert [p.name for p in under] == ["landscape map", "landscape readout", "forks chart", "forks cards"]
    assert over == []
    # the teacher's guide's activity 7 quotes these (Shift+R, then F)
    assert [r[3] for r in rows] == ["0.9114", "0.7635", "0.5704", "0.4663", "0.3841", "0.3345"]
    plane = plane_for(app.scene.layout.valley, _mode(d).choice.shape.bounds)
    for i in (0, len(forked.branches) - 1):  # the first and last end markers: their rings (8 px out), in their colours
        x, y = map_points(plane, forked.branches[i].path.points[-1:])[0]
        assert tuple(app.window.get_at((x - 8, y)))[:3] == branch_colour(i, app.scene.palette)


def test_frames_with_the_forks_are_drawn_in_parts_as_whole(launch):
    d = launch()
    d.key(pygame.K_f)
    _same_as_whole(d, 10)
    d.key(pygame.K_p)  # the projector theme repaints the panel and the map
    _same_as_whole(d, 5)


def test_a_long_trunk_is_forked_off_the_frame(launch):
    d = launch()
    d.key(pygame.K_f)
    d.app.apply(it.SetValue("epochs", 2 * ASYNC_STEPS))
    mode = _mode(d)
    assert mode.forks_computing
    for _ in range(600):
        d.frames(1)
        if not mode.forks_computing:
            break
        pygame.time.wait(5)
    assert mode.forked is not None and mode.forked.branches[-1].at == 2 * ASYNC_STEPS


def test_a_chart_keeps_each_columns_lowest_and_highest_value() -> None:
    xs = np.array([0, 0, 0, 1, 1, 2])
    ys = np.array([5, 1, 3, 2, 9, 4])
    assert column_points(xs, ys) == [(0, 1), (0, 5), (1, 2), (1, 9), (2, 4), (2, 4)]


def test_the_state_under_f_is_the_trunk_and_its_branches_not_the_path_before_f(launch):
    d = launch()
    d.key(pygame.K_d)
    d.app.apply(it.SetValue("surface", "river"))
    d.frames(2)
    plain = d.app.state()["landscape"]
    assert plain["forks"] is None and len(plain["path"]) == 301  # the cosine path, T = 300 steps
    d.key(pygame.K_f)
    forked = _mode(d).forked
    state = d.app.state()["landscape"]
    assert state["path"] == forked.trunk.points.tolist() != plain["path"]  # the constant-rate trunk drawn
    assert state["loss"] == forked.trunk.loss.tolist() and state["diverged_at"] == forked.trunk.diverged_at
    assert state["forks"]["shape"] == forked.shape
    assert state["forks"]["branches"] == [{"at": b.at, "cooldown": b.cooldown, "path": b.path.points.tolist(),
                                           "loss": b.path.loss.tolist()} for b in forked.branches]
    d.key(pygame.K_f)
    assert d.app.state()["landscape"] == plain  # F off: the path again, no forks


def test_the_rate_chart_shows_what_the_forks_run_not_the_windows_schedule(launch):
    """Under F the trunk holds η₀ whatever the window's schedule (here a cosine): the rate chart
    shows the trunk and each branch's cooldown in its colour, painted once while the run plays,
    and pointing at it reads no rate of the cosine."""
    d = launch(schedule="cosine")
    d.key(pygame.K_f)
    app, forked = d.app, _mode(d).forked
    chart = app.scene.landscape_view.forks_chart
    plot, span = chart.plot, max(b.end for b in forked.branches)
    assert span == forked.branches[-1].end == 360  # T = 300 and a cooldown of 60 after the last fork

    def column(step: int) -> set:
        x = plot.left + step * plot.w // span
        return {tuple(app.window.get_at((x, y)))[:3] for y in range(plot.top, plot.bottom)}

    for i, b in enumerate(forked.branches):
        assert branch_colour(i, d.app.scene.palette) in column(b.at + b.cooldown // 2)
    half = column(150)  # where the cosine is at η₀/2: only the trunk at η₀
    assert app.scene.palette.text_dim in half and app.scene.palette.curve not in half
    builds = chart.builds
    d.key(pygame.K_SPACE)
    d.move((plot.left + plot.w // 2, plot.centery))
    d.frames(10)
    assert chart.builds == builds and app.sim.t > 0
    assert app.scene.compositor.whole is False  # no tooltip of the cosine's rate covers the frame
