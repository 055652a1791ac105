"""The default screen shows the lesson: the ball bounces across the floor while the rate is high,
settles as the rate decays, and a constant rate at η₀ keeps it bouncing.

Measured on the ball's positions x_0..x_T at the default settings, the path the window shows,
for seeds 0..9 (the default is 0; the lesson must not hang on one lucky draw of the noise). The
distance from the floor is |x_t − x*|, the start distance |x_0 − x*|.
"""

import numpy as np
import pytest

from lrgame.sim.settings import DEFAULT_LR0, Settings, make_settings
from lrgame.sim.simulation import build_run
from lrgame.sim.valley import make_valley

SEEDS = range(10)


def _path(settings: Settings) -> tuple[np.ndarray, np.ndarray, float]:
    """x_0..x_T, their losses and the floor x*, as the window computes them."""
    run = build_run(settings)
    steps = settings.epochs * settings.steps_per_epoch
    return run.trajectory.xs(steps).copy(), run.trajectory.losses(steps).copy(), run.valley.floor_x


def _plain_sgd(settings: Settings) -> np.ndarray:
    """x_{t+1} = x_t − η(t)·(f′(x_t) + noise·z(seed, t)), written out here on its own."""
    valley = make_valley(settings.valley, settings.sharpness)
    rates = build_run(settings).curve
    x = [valley.start_x]
    for t in range(settings.epochs):
        z = np.random.default_rng([settings.seed, t // 4096]).standard_normal(4096)[t % 4096]
        x.append(x[-1] - rates[t] * (valley.df(x[-1]) + settings.noise * z))
    return np.array(x)


def lesson_numbers(seed: int) -> dict[str, float]:
    """The lesson's figures at the default settings with this seed."""
    default = make_settings(seed=seed)
    t = default.epochs
    x, loss, floor = _path(default)
    _, constant_loss, _ = _path(make_settings("constant", DEFAULT_LR0, seed=seed))
    distance = np.abs(x - floor) / abs(x[0] - floor)
    early, last = slice(t // 10, t // 3 + 1), slice(t - t // 3, t + 1)
    crossed = np.sign(x[1:] - floor) != np.sign(x[:-1] - floor)
    return {
        "early_distance": float(distance[early].mean()),  # share of the start distance, epochs T/10..T/3
        "early_crossings": float(crossed[: t // 3].mean()),  # share of the hops in the first third that cross the floor
        "last_distance": float(distance[last].mean()),
        "constant_over_default": float(constant_loss[last].mean() / loss[last].mean()),  # mean loss, last third
    }


def test_the_default_run_is_plain_gradient_descent_on_the_default_valley():
    default = make_settings()
    np.testing.assert_allclose(_path(default)[0], _plain_sgd(default), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_ball_bounces_across_the_floor_early_and_settles_as_the_rate_decays(seed):
    n = lesson_numbers(seed)
    assert n["early_distance"] >= 0.10  # it has not settled by T/10..T/3: it is still bouncing
    assert n["early_crossings"] >= 0.5  # across the floor, not creeping down one side
    assert n["last_distance"] <= 0.1 * n["early_distance"]  # and in the last third it is ten times closer


@pytest.mark.parametrize("seed", SEEDS)
def test_a_constant_rate_at_eta0_keeps_bouncing(seed):
    assert lesson_numbers(seed)["constant_over_default"] >= 10.0


