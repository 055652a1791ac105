"""docs/teacher-guide.md's fifth activity (the landscape), key by key in the real window (headless):
every number its "What students see" quotes is measured on the run the keys make, then looked for
in the guide's text (as tests/test_teacher_guide.py does for the others)."""

from __future__ import annotations

import numpy as np
import pygame

from lrgame.app.modes.landscape import LandscapeMode
from lrgame.engine.numfmt import sig4
from lrgame.sim.landscape_path import stability_limit
from lrgame.sim.surfaces import SURFACES
from tests.test_teacher_guide import about, digit, press, says


def _lesson(launch):
    d = launch()
    press(d, pygame.K_r, shift=True)
    digit(d, 1)
    press(d, pygame.K_d)
    return d, d.app.find(LandscapeMode)


def _end_loss(d, mode) -> float:
    press(d, pygame.K_END)
    assert d.app.sim.t == d.app.sim.steps
    return float(mode.path.loss[-1])


def test_activity_5_the_ravine(launch):
    d, mode = _lesson(launch)
    s, ravine = d.app.sim.settings, SURFACES["ravine"]
    assert mode is not None and mode.choice.surface == "ravine" and s.schedule == "constant"
    says(f"Choosing it set η₀ = {s.lr0:g} and T = {s.epochs}.")
    kappa = mode.choice.surface_params["kappa"]
    says(f"The ravine's walls are {'ten' if kappa == 10 else kappa} times steeper than its floor.")
    limits = {stability_limit(ravine, mode.choice.surface_params, tuple(p), s.optimizer) for p in mode.path.points}
    assert len({round(v, 12) for v in limits}) == 1 and s.lr0 < min(limits)  # the same limit everywhere, above η₀
    says(f"stability limit the readout gives for every point: 2/λ_max = {sig4(min(limits))}")
    constant = _end_loss(d, mode)
    digit(d, 5)
    cosine = _end_loss(d, mode)
    assert cosine < constant / 10
    says(f"at loss {about(constant)}.")
    says(f"loss {about(cosine)}.")
    digit(d, 1)
    press(d, pygame.K_UP)
    lr0 = d.app.sim.settings.lr0
    assert lr0 > min(limits)
    says(f"Press **1** again and **↑** once (η₀ = {lr0:g}).")
    at = mode.path.diverged_at
    assert at is not None
    hops = np.linalg.norm(np.diff(mode.path.points[:at], axis=0), axis=1)
    assert hops[-1] > 10 * hops[:3].max()  # the jumps grow
    says(f"the path flies off the map at step {at}")


def test_activity_5_the_two_basins(launch):
    d, mode = _lesson(launch)
    press(d, pygame.K_DOWN)
    d.click(d.app.panel.row("page.surface").button.rect.center)
    d.choose("surface", "Two basins")
    s, basins = d.app.sim.settings, SURFACES["basins"]
    says(f"pick *Two basins* in its list (η₀ = {s.lr0:g}, T = {s.epochs}).")
    deep, shallow = (np.array(p) for p in basins.minima(mode.choice.surface_params))

    def deep_side(points: np.ndarray) -> np.ndarray:
        return np.linalg.norm(points - deep, axis=1) < np.linalg.norm(points - shallow, axis=1)

    press(d, pygame.K_DOWN, 10)
    small = d.app.sim.settings.lr0
    says(f"Press **↓** ten times (η₀ = {small:g}) and **End**.")
    loss = _end_loss(d, mode)
    assert not deep_side(mode.path.points).any()
    says(f"a small rate ({small:g}) stays in the wide, shallow basin near the start, at loss {about(loss)}.")
    press(d, pygame.K_UP, 10)
    big = d.app.sim.settings.lr0
    says(f"Press **↑** ten times (η₀ = {big:g}) and **End**")
    constant = _end_loss(d, mode)
    into = int(np.argmax(deep_side(mode.path.points)))
    assert deep_side(mode.path.points[into:]).mean() > 0.95
    digit(d, 5)
    cosine = _end_loss(d, mode)
    assert int(np.argmax(deep_side(mode.path.points))) == into and deep_side(mode.path.points[into:]).all()
    says(f"A big rate ({big:g}) hops over its rim into the narrow, deep basin by step {into}; under a "
         f"constant rate it is still bouncing there at the end (loss {about(constant)}), under cosine it settles "
         f"(loss {about(cosine)}).")
    digit(d, 7)
    restarts = _end_loss(d, mode)
    cycle = d.app.sim.settings.params["T_0"]
    says(f"Warm restarts raise the rate back to η₀ every {cycle} steps")
    path, ends = mode.path, range(cycle, d.app.sim.steps + 1, cycle)
    assert deep_side(path.points[[e - 1 for e in ends]]).all()  # each cycle ends in the deep basin
    hops = np.linalg.norm(np.diff(path.points, axis=0), axis=1)
    for e in ends[:-1]:  # each restart shakes the path up again
        assert hops[e : e + 20].mean() > 5 * hops[e - 20 : e].mean()
    says(f"each cycle's decay lets it settle in the deep basin (loss {about(restarts)} at the end)")


def test_the_readme_basins_shot_shows_a_restart_kicking_the_path_out():
    """lrgame/shots.py's basins picture (SGDR with a restart every 250 steps, seed 1): the path sits
    out the first cycle in the shallow basin and reaches the deep one just after the restart."""
    from lrgame.sim.landscape_path import compute_path, make_landscape_run
    from lrgame.sim.settings import make_settings

    basins = SURFACES["basins"]
    settings = make_settings("cosine_restarts", lr0=basins.lr0, epochs=basins.epochs, params={"T_0": 250},
                             noise=basins.noise, seed=1)
    path = compute_path(make_landscape_run("basins", settings=settings))
    deep, shallow = (np.array(p) for p in basins.minima({k.name: k.default for k in basins.knobs}))
    nearer = np.linalg.norm(path.points - deep, axis=1) < np.linalg.norm(path.points - shallow, axis=1)
    assert 250 < int(np.argmax(nearer)) < 300 and nearer[-1]
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "the restart at step 250 kicks the path out of the shallow basin into the deep one" in readme
