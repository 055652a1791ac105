"""The ball's trail is drawn where the path went: its pixels, worked out a batch of steps ahead
(`ValleyView._pixels`), are the trail's own positions on the valley, through play, seeks back and
forth and a new run; and the ball's hop, worked out in plain floats (`Viewport.floats`), starts and
ends where numpy puts its two ends."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from lrgame.look.theme import DARK
from lrgame.sim.settings import make_settings
from lrgame.sim.simulation import Simulation
from lrgame.view.valley_view import ValleyView


def _trail_of(sim: Simulation, view: ValleyView) -> list[tuple[int, int]]:
    """The trail's dots as the view keeps them (drawn once first, as a frame does)."""
    view.draw(pygame.Surface((640, 360)), pygame.Rect(0, 0, 640, 360), sim, 1.0, DARK)
    return [point for _, point, _ in view._trail]


def _worked_out(sim: Simulation, view: ValleyView) -> list[tuple[int, int]]:
    trail = sim.trail()[:-1]
    sx, sy = view.viewport.to_px(trail, sim.valley.f(trail))
    return list(zip(sx.astype(int).tolist(), sy.astype(int).tolist(), strict=True))


def test_the_trail_is_where_the_path_went() -> None:
    sim, view = Simulation(make_settings("cosine", 0.1, 400)), ValleyView()
    seen = 0
    sim.toggle_play()
    sim.set_speed(60)
    for _ in range(120):  # a step or more a frame: past the batch's end more than once
        sim.update(1 / 30)
        assert _trail_of(sim, view) == _worked_out(sim, view), sim.ball_t
        seen = max(seen, sim.ball_t)
    assert seen > 130  # two batches and more
    for epoch in (3, 0, 1, 250, 240, 400):  # back, to the start, far ahead, back a little, the end
        sim.seek(epoch)
        sim.update(1.0)
        assert _trail_of(sim, view) == _worked_out(sim, view), epoch
    sim.apply(make_settings("cosine", 0.12, 400))  # another run: another path
    sim.update(1.0)
    assert _trail_of(sim, view) == _worked_out(sim, view)
    assert len(_worked_out(sim, view)) > 0 and np.isfinite(view.viewport.loss_top)


def test_the_ball_hops_between_the_pixels_numpy_gives() -> None:
    sim, view = Simulation(make_settings("cosine", 0.2, 100)), ValleyView()  # above the limit: far hops
    sim.toggle_play()
    hops = set()
    for _ in range(80):
        sim.update(1 / 60)
        _trail_of(sim, view)
        ends = np.array([sim.hop.from_x, sim.trajectory.x(sim.hop.to_t)])
        (px0, px1), (py0, py1) = view.viewport.to_px(ends, sim.valley.f(ends))
        assert view._hop_ends[:4] == pytest.approx((px0, px1, py0, py1), rel=1e-12, abs=1e-9)
        hops.add(sim.hop)
    assert len(hops) > 10
