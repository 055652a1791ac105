"""Steps per epoch: knobs stay in epochs, the engine runs in steps, the drop lands at step 30·S."""

from pathlib import Path

import numpy as np
import pygame
import pytest

from lrgame.engine import schedules
from lrgame.engine.params import ConfigError
from lrgame.engine.steps import SCALE_EXCEPTIONS, knob_readings
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


# ---- knobs in epochs: the same curve in epoch terms whatever S is --------------------------------

SCALED = {  # one run per schedule with its knobs away from their defaults (T = 60)
    "constant": {"factor": 0.5, "total_iters": 7},
    "step": {"step_size": 7, "gamma": 0.5},
    "multistep": {"milestones": (10, 10, 45), "gamma": 0.3},
    "exponential": {"gamma": 0.9},
    "cosine": {"T_max": 40, "eta_min": 0.01},
    "warmup_cosine": {"warmup_epochs": 5, "start_factor": 0.1, "eta_min": 0.01, "decay_epochs": 40},
    "cosine_restarts": {"T_0": 5, "T_mult": 2, "eta_min": 0.001},
    "one_cycle": {"pct_start": 0.25, "anneal_strategy": "linear", "three_phase": True},
    "cyclic": {"base_lr": 0.02, "step_size_up": 7, "step_size_down": 4, "mode": "exp_range", "gamma": 0.97},
    "linear": {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 30},
    "polynomial": {"total_iters": 50, "power": 2.0},
    "inverse_sqrt": {"warmup_epochs": 6},
    "noam": {"warmup_epochs": 6},
    "wsd": {"warmup_epochs": 5, "decay_epochs": 20, "warmup_type": "cosine", "decay_type": "1-sqrt",
            "min_lr_ratio": 0.1},
}
EXTRA = [("cyclic", {"mode": "triangular2"}), ("exponential", {}), ("inverse_sqrt", {"warmup_epochs": 0})]
# Where PyTorch's own definition makes the curve depend on S: the engine's SCALE_EXCEPTIONS, which
# README.md lists too. inverse_sqrt is one only without a warmup.
EXCEPTIONS = {"one_cycle", "noam", "reduce_on_plateau"}


def is_exception(name, params):
    return name in EXCEPTIONS or (name == "inverse_sqrt" and params.get("warmup_epochs") == 0)


def test_the_exceptions_are_the_engines_and_every_schedule_has_a_run():
    assert set(SCALE_EXCEPTIONS) == EXCEPTIONS | {"inverse_sqrt"}
    assert set(SCALED) == set(schedules.SCHEDULES)
    assert set(schedules.ENTRIES) - set(schedules.SCHEDULES) <= EXCEPTIONS  # the loss-driven ones follow the loss


@pytest.mark.parametrize("s", [2, 4, 7])
@pytest.mark.parametrize(("name", "params"), [*SCALED.items(), *EXTRA], ids=lambda v: v if isinstance(v, str) else "")
def test_the_rate_at_step_k_times_s_is_the_rate_at_epoch_k_unless_pytorch_says_otherwise(name, params, s):
    one = run_curve(make_settings(name, 0.1, 60, params))
    many = run_curve(make_settings(name, 0.1, 60, params, steps_per_epoch=s))
    assert len(many) == 60 * s + 1
    if is_exception(name, params):  # the listed exception is real, not a stale entry
        assert not np.allclose(many[::s], one, rtol=1e-6, atol=0)
    else:
        np.testing.assert_allclose(many[::s], one, rtol=1e-12, atol=1e-15 * 0.1)


def test_a_gamma_per_epoch_is_its_s_th_root_per_step():
    """The issue's example: γ = 0.9 with 4 steps an epoch leaves 0.09 after one epoch, not 0.9⁴·0.1."""
    settings = make_settings("exponential", 0.1, 10, {"gamma": 0.9}, steps_per_epoch=4)
    assert params_in_steps(settings)["gamma"] == 0.9**0.25
    rates = run_curve(settings)
    assert rates[4] == pytest.approx(0.09, rel=1e-14) and rates[1] == pytest.approx(0.1 * 0.9**0.25, rel=1e-15)


def test_the_explanation_shows_gamma_per_epoch_and_per_step():
    readings = knob_readings("exponential", {"gamma": 0.9}, 4)
    assert readings["gamma"] == f"0.9 per epoch = {0.9**0.25:.4f} per step"
    assert "γ^(1/S)" in schedules.get("exponential").explanation.knobs["gamma"]
    assert "γ^(1/S)" in schedules.get("cyclic").explanation.knobs["gamma"]


def test_readme_lists_every_exception():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Steps per epoch"):]
    section = section[: section.index("\n## ")]
    for name, why in SCALE_EXCEPTIONS.items():
        assert f"- `{name}`: {why}." in section
