"""The optimizer's path across a surface (lrgame.sim.landscape_path): the float walk equals the optimizer
module's array steps, the noise is a function of seed and step, divergence stops the path with nothing
non-finite, and the local stability limit."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrgame.sim.landscape_path import (
    CHUNK,
    LandscapePath,
    compute_path,
    escape_box,
    kick,
    make_landscape_run,
    stability_limit,
)
from lrgame.sim.optimizer_choice import make_optimizer
from lrgame.sim.optimizers import SGD, AdamState, SGDState, adam_step, sgd_step
from lrgame.sim.settings import make_settings, run_controller, run_curve, run_momentum
from lrgame.sim.surfaces import SURFACES

OPTIMIZERS = {
    "sgd": make_optimizer("sgd"),
    "momentum": make_optimizer("sgd", momentum=0.9, dampening=0.2, weight_decay=0.01),
    "nesterov": make_optimizer("sgd", momentum=0.8, nesterov=True),
    "adam": make_optimizer("adam", weight_decay=0.05),
    "adamw": make_optimizer("adamw", betas=(0.8, 0.99)),
}


def _replay(run) -> np.ndarray:
    """The path through the array steps of lrgame.sim.optimizers, one numpy call per step."""
    s, surface = run.settings, run.shape
    curve, momenta = run_curve(s), run_momentum(s)
    hp = s.optimizer
    p = np.array(run.start)
    state = SGDState() if isinstance(hp, SGD) else AdamState.zeros_like(p)
    out = [p]
    for t in range(s.epochs * s.steps_per_epoch):
        grad = np.array(surface.gradient(float(p[0]), float(p[1]), run.surface_params)) + np.array(kick(run, t))
        beta = None if momenta is None else float(momenta[t])
        p, state = (sgd_step if isinstance(hp, SGD) else adam_step)(p, grad, state, hp, float(curve[t]), beta)
        out.append(p)
    return np.array(out)


@pytest.mark.parametrize("surface", list(SURFACES))
@pytest.mark.parametrize("opt", list(OPTIMIZERS))
def test_the_path_is_the_optimizer_modules_step_for_step(surface: str, opt: str) -> None:
    settings = make_settings("one_cycle" if opt == "momentum" else "cosine", SURFACES[surface].lr0 / 2, 60, noise=0.5,
                             seed=3, steps_per_epoch=2, optimizer=OPTIMIZERS[opt])
    run = make_landscape_run(surface, {}, None, settings)
    path = compute_path(run)
    assert path.diverged_at is None
    np.testing.assert_array_equal(path.points, _replay(run))
    np.testing.assert_array_equal(path.lr, run_curve(settings)[:-1])
    assert path.loss.shape == (121,) and path.loss[0] == run.shape.value(*run.start, run.surface_params)


def test_the_noise_is_a_function_of_seed_and_step() -> None:
    base = make_settings("constant", 0.05, 3 * CHUNK // 2, noise=1.0, seed=11)
    run = make_landscape_run("ravine", {}, None, base)
    other = make_landscape_run("ravine", {}, None, make_settings("cosine", 0.05, 3 * CHUNK // 2, noise=1.0, seed=11))
    assert kick(run, CHUNK + 5) == kick(other, CHUNK + 5) != kick(run, CHUNK + 6)
    a, b = compute_path(run), compute_path(run)
    np.testing.assert_array_equal(a.points, b.points)
    reseeded = compute_path(make_landscape_run("ravine", {}, None, make_settings("constant", 0.05, 3 * CHUNK // 2,
                                                                                 noise=1.0, seed=12)))
    assert not np.array_equal(a.points, reseeded.points)
    quiet = compute_path(make_landscape_run("ravine", {}, None, make_settings("constant", 0.05, 3 * CHUNK // 2,
                                                                              noise=0.0, seed=11)))
    assert quiet.loss[-1] < 1e-20 < a.loss[-1]


@pytest.mark.parametrize("opt", ["sgd", "momentum"])
def test_a_rate_past_the_limit_flies_off_and_stops_with_finite_numbers(opt: str) -> None:
    settings = make_settings("constant", 0.5, 200, noise=0.0, optimizer=OPTIMIZERS[opt])  # 2/κ = 0.2
    run = make_landscape_run("ravine", {}, None, settings)
    path = compute_path(run)
    k = path.diverged_at
    assert k is not None and 1 < k < 200
    assert path.points.shape == (k + 1, 2) and path.lr.shape == (k,) and path.loss.shape == (k + 1,)
    assert np.isfinite(path.points).all() and np.isfinite(path.loss).all()
    x0, x1, y0, y1 = escape_box(run.shape)
    last = path.points[-1]
    assert (math.isclose(abs(last[0]), x1) or math.isclose(abs(last[1]), y1)) and x0 <= last[0] <= x1
    np.testing.assert_array_equal(path.points[:k], _replay_until(run, k))
    for rows in path.states.values():
        assert rows.shape == (k + 1, 2) and np.isfinite(rows).all()


def _replay_until(run, k: int) -> np.ndarray:
    settings = make_settings(run.settings.schedule, run.settings.lr0, k - 1, noise=0.0,
                             optimizer=run.settings.optimizer)
    return _replay(make_landscape_run(run.surface, run.surface_params, run.start, settings))


def test_the_optimizer_state_is_kept_after_every_step() -> None:
    settings = make_settings("constant", 0.05, 30, noise=0.0, optimizer=OPTIMIZERS["adam"])
    path = compute_path(make_landscape_run("ravine", {}, None, settings))
    assert set(path.states) == {"m", "v"} and path.states["m"].shape == (31, 2)
    assert (path.states["v"][1:] > 0).all() and (path.states["m"][0] == 0).all()
    plain = compute_path(make_landscape_run("ravine", {}, None, make_settings("constant", 0.05, 30)))
    assert plain.states == {}


def test_the_stability_limit_is_two_over_the_top_curvature_momentum_adjusted() -> None:
    ravine = SURFACES["ravine"]
    params = {"kappa": 50.0, "angle": 10.0}
    assert stability_limit(ravine, params, (1.0, 1.0), SGD()) == pytest.approx(2 / 50)
    assert stability_limit(ravine, params, (1.0, 1.0), SGD(momentum=0.9)) == pytest.approx(3.8 / 50)
    assert stability_limit(ravine, params, (1.0, 1.0), SGD(momentum=0.9), momentum=0.5) == pytest.approx(3 / 50)
    assert stability_limit(ravine, params, (0.0, 0.0), make_optimizer("adam")) is None


def test_a_rate_just_under_the_limit_settles_and_just_over_it_flies_off() -> None:
    """The limit the readout quotes is the one the path obeys."""
    params = {"kappa": 40.0, "angle": 25.0}
    for hp in (SGD(), SGD(momentum=0.9), SGD(momentum=0.9, nesterov=True)):
        limit = stability_limit(SURFACES["ravine"], params, (0.0, 0.0), hp)
        for factor, flies in ((0.98, False), (1.02, True)):
            settings = make_settings("constant", limit * factor, 3000, noise=0.0, optimizer=hp)
            path = compute_path(make_landscape_run("ravine", params, None, settings))
            assert (path.diverged_at is not None) == flies, (hp, factor)


def test_a_loss_driven_rate_hears_the_loss_after_every_epoch() -> None:
    """Reduce on plateau: the rate of each epoch is the controller's answer to the loss where the
    path stood at the end of the one before, as PyTorch's loop steps it."""
    settings = make_settings("reduce_on_plateau", 0.15, 80, {"patience": 2, "factor": 0.5}, noise=1.0, seed=4,
                             steps_per_epoch=3, optimizer=OPTIMIZERS["nesterov"])
    run = make_landscape_run("ravine", {}, None, settings)
    path = compute_path(run)
    controller, p, state = run_controller(settings), np.array(run.start), SGDState()
    for t in range(240):
        if t and t % 3 == 0:
            controller.step(float(run.shape.value(float(p[0]), float(p[1]), run.surface_params)))
        assert path.lr[t] == controller.lr
        grad = np.array(run.shape.gradient(float(p[0]), float(p[1]), run.surface_params)) + np.array(kick(run, t))
        p, state = sgd_step(p, grad, state, settings.optimizer, controller.lr)
        np.testing.assert_array_equal(path.points[t + 1], p)
    assert len(set(path.lr.tolist())) >= 3  # the rate was cut, more than once


def test_the_path_is_computed_lazily_and_equals_the_whole() -> None:
    settings = make_settings("cosine", 0.1, 10_000, noise=1.0, seed=2, optimizer=OPTIMIZERS["adam"])
    run = make_landscape_run("river", {}, None, settings)
    lazy = LandscapePath(run)
    assert lazy.computed == 0 and lazy.advance(9_000, 2) == 2 * LandscapePath.stride
    assert lazy.path().points.shape == (2 * LandscapePath.stride + 1, 2)
    lazy.ensure(9_000)
    assert lazy.computed >= 9_000 and lazy.path(9_000).lr.shape == (9_000,)
    whole = compute_path(run)
    done = lazy.path(9_000)
    np.testing.assert_array_equal(done.points, whole.points[:9_001])
    np.testing.assert_array_equal(done.states["v"], whole.states["v"][:9_001])
    assert not done.points.flags.writeable


def test_the_top_curvature_is_the_larger_eigenvalue_of_the_hessian() -> None:
    """`top_curvature`'s closed form against LAPACK's, on random symmetric matrices of every sign
    and scale, nearly equal eigenvalues, and a larger one near zero under a large negative one."""
    from lrgame.sim.landscape_path import top_curvature

    rng = np.random.default_rng(4)
    cases = [tuple(v) for v in rng.normal(size=(400, 3)) * 10.0 ** rng.integers(-6, 7, size=(400, 1))]
    cases += [(1.0, 0.0, 1.0), (2.0, 1e-9, 2.0), (-1.0, 0.0, -1.0), (0.0, 0.0, 0.0), (-1e6, 1.0, 1e-6),
              (-1e6, 1e-3, -1e-9), (5.0, -3.0, -2.0)]
    for a, b, c in cases:
        exact = float(np.linalg.eigvalsh(np.array([[a, b], [b, c]]))[-1])
        assert top_curvature(a, b, c) == pytest.approx(exact, rel=1e-12, abs=0), (
            a, b, c)
