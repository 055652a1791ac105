"""Steps per epoch: knobs stay in epochs, the engine runs in steps, the drop lands at step 30·S."""

import numpy as np
import pygame
import pytest

from lrgame.engine import schedules
from lrgame.engine.params import ConfigError
from lrgame.sim.settings import make_settings, params_in_steps, run_curve
from lrgame.sim.valley import DEFAULT_SHARPNESS


@pytest.mark.parametrize("s", [1, 4, 100])
def test_a_step_decay_drops_at_epoch_times_s(s):
    settings = make_settings("step", 0.1, 90, {"step_size": 30}, steps_per_epoch=s)
    rates = run_curve(settings)
    assert len(rates) == 90 * s + 1
    assert rates[30 * s - 1] == 0.1
    assert rates[30 * s] == pytest.approx(0.01, rel=1e-15)
    assert rates[60 * s] == pytest.approx(0.001, rel=1e-15)


def test_epoch_counted_knobs_and_lists_are_scaled_the_rest_kept():
    settings = make_settings("multistep", 0.1, 100, {"milestones": (30, 60), "gamma": 0.5}, steps_per_epoch=8)
    assert params_in_steps(settings) == {"milestones": (240, 480), "gamma": 0.5}
    onecycle = make_settings("one_cycle", 0.1, 50, steps_per_epoch=10)
    np.testing.assert_array_equal(run_curve(onecycle), schedules.curve("one_cycle", lr0=0.1, epochs=500))


def test_the_run_must_fit_the_engine():
    with pytest.raises(ConfigError, match="steps_per_epoch"):
        make_settings(epochs=1000, steps_per_epoch=2000)


def test_in_the_window_an_arrow_moves_one_epoch_of_s_steps_and_the_ball_steps_each_step(launch):
    d = launch(schedule="step", params={"step_size": 30}, noise=0.0)
    d.type_into("steps_per_epoch", "5")
    assert d.app.sim.settings.steps_per_epoch == 5
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RIGHT)
    state = d.app.state()
    assert (state["epoch"], state["step"]) == (2, 10)
    x = 3.0
    for _ in range(10):
        x -= 0.1 * DEFAULT_SHARPNESS * x  # bowl, η = 0.1 for the first 30 epochs, no noise: ten steps
    assert state["ball"]["x"] == pytest.approx(x, rel=1e-12)
    d.key(pygame.K_END)
    assert d.app.state()["step"] == 500
    assert d.app.scene.lr_chart.n == 500
