"""Reduce on plateau on the valley and in the window: the ball's loss sets the rate, step by step.

The path is checked against a recurrence written here from the trajectory's documented formula,
with a fresh ReduceOnPlateau fed f(x); the window is driven with posted events.
"""

import math

import numpy as np
import pygame
import pytest

from lrgame.app.modes.train import TrainMode
from lrgame.engine import schedules
from lrgame.engine.plateau import ReduceOnPlateau
from lrgame.engine.summary import summarize, summarize_so_far
from lrgame.sim import intents as it
from lrgame.sim.attract import Attract
from lrgame.sim.trajectory import CHUNK, LossDrivenTrajectory
from lrgame.sim.valley import make_valley
from lrgame.view.cards import cards_for
from lrgame.view.chart import LineChart

PLATEAU = "reduce_on_plateau"
LABEL = "Reduce on plateau (loss-driven)"


def recurrence(valley, lr0, params, steps, per, noise, seed):
    """x ← x − η·(f′(x) + noise·z(seed, t)); after every `per` steps a fresh controller hears f(x)."""
    plateau = ReduceOnPlateau(lr0, **params)
    x, xs, rates = valley.start_x, [valley.start_x], [plateau.lr]
    for t in range(steps):
        z = np.random.default_rng([seed, t // CHUNK]).standard_normal(CHUNK)[t % CHUNK]
        x = x - plateau.lr * (valley.df(x) + noise * z)
        xs.append(x)
        if (t + 1) % per == 0:
            plateau.step(valley.f(x))
        rates.append(plateau.lr)
    return np.array(xs), np.array(rates), plateau


@pytest.mark.parametrize(
    ("kind", "lr0", "params", "steps", "per", "noise", "seed"),
    [
        ("bowl", 0.1, {"patience": 3}, 120, 1, 1.0, 0),
        ("bumpy", 0.05, {"patience": 2, "factor": 0.5, "cooldown": 2, "threshold_mode": "abs", "threshold": 1e-3},
         300, 3, 0.5, 7),
        ("bowl", 0.02, {"patience": 50, "min_lr": 0.001}, CHUNK + 500, 1, 2.0, 3),  # crosses a chunk boundary
    ],
)
def test_the_balls_path_is_the_recurrence_with_a_controller_fed_its_loss(kind, lr0, params, steps, per, noise, seed):
    valley = make_valley(kind)
    want_x, want_rates, plateau = recurrence(valley, lr0, params, steps, per, noise, seed)
    traj = LossDrivenTrajectory(valley, ReduceOnPlateau(lr0, **params), steps, per, noise, seed)
    assert traj.computed == 0  # lazy: nothing is worked out until asked
    traj.advance(steps // 2, 1)
    traj.ensure(steps)
    np.testing.assert_array_equal(traj.xs(steps), want_x)
    np.testing.assert_array_equal(traj.rates(steps), want_rates)
    assert plateau.cuts, "the case should cut the rate at least once"
    np.testing.assert_array_equal(traj.losses(steps), valley.f(want_x))


def test_scalar_loss_equals_the_vectorised_loss():
    for kind in ("bowl", "bumpy"):
        v = make_valley(kind, 23.0)
        xs = np.linspace(-4.5, 4.5, 301)
        np.testing.assert_allclose([v.scalar_loss()(float(x)) for x in xs], v.f(xs), rtol=1e-13, atol=1e-12)


def test_rates_are_known_only_as_far_as_the_path():
    traj = LossDrivenTrajectory(make_valley(), ReduceOnPlateau(0.1), 3 * CHUNK, 1, 1.0, 0)
    assert traj.rates_known == 0
    assert traj.rate(10) == 0.1 and traj.computed == traj.stride  # asking for a rate works the path out first
    assert traj.rates_known == traj.stride and len(traj.rates(traj.stride)) == traj.stride + 1


def test_a_ball_that_flies_out_keeps_its_last_rate_and_nothing_is_nan():
    valley = make_valley("bowl", 15.0)
    traj = LossDrivenTrajectory(valley, ReduceOnPlateau(1.0, patience=1), 200, 1, 1.0, 0)
    traj.ensure(200)
    assert traj.diverged_at is not None
    rates = traj.rates(200)
    assert np.isfinite(traj.xs(200)).all() and np.isfinite(rates).all()
    assert (rates[traj.diverged_at :] == rates[traj.diverged_at - 1]).all()


def test_the_numbers_so_far_cover_the_epochs_trained_so_far():
    rates = np.array([0.1, 0.1, 0.01, 0.01, 0.001])
    first = summarize_so_far(rates[:1], 0.1)  # nothing trained yet: the rate about to be used
    assert (first.step, first.current, first.final, first.average, first.min) == (0, 0.1, 0.1, 0.1, 0.1)
    mid = summarize_so_far(rates[:4], 0.1)  # epochs 0, 1, 2 trained; epoch 3 is next
    assert (mid.current, mid.final, mid.min) == (0.01, 0.01, 0.01) and mid.average == pytest.approx(0.07)
    assert summarize_so_far(rates, 0.1) == summarize(rates, 0.1, 4)


def test_every_schedule_still_means_the_closed_form_ones():
    assert PLATEAU not in schedules.SCHEDULES and list(schedules.ENTRIES)[-1] == PLATEAU
    assert PLATEAU not in {Attract().scene(i).settings.schedule for i in range(len(Attract()._names))}
    with pytest.raises(schedules.ConfigError, match="follows the loss"):
        schedules.curve(PLATEAU, lr0=0.1, epochs=10)
    with pytest.raises(schedules.ConfigError, match="follows the loss"):
        schedules.get(PLATEAU)


def test_a_growing_chart_draws_the_known_part_over_the_whole_axis():
    pygame.font.init()
    chart = LineChart((0, 0, 600, 200), title="t", y_label="η", values=[1.0, 1.0, 0.5], span=100)
    assert (chart.n, chart.known) == (100, 3)
    assert max(x for x, _ in chart._curve.points) == chart.x_of(3)  # the curve stops where epoch 3 starts
    assert chart.value_at(50) == 0.5  # clamped to the known values
    chart.configure(values=np.linspace(1.0, 0.1, 5000), span=100_000)  # more epochs than pixels
    xs = [x for x, _ in chart._curve.points]
    assert chart.n == 100_000 and max(xs) <= chart.x_of(5000) and max(xs) < chart.plot_rect.left + 40


# ---- the window ------------------------------------------------------------------------------------


def finite_cards(app):
    """Every card's number is finite; at the end of the run the first card has none (it says so)."""
    for card in cards_for(app.sim):
        if card.title != "schedule" and not (app.sim.over and card.value == "see final η"):
            assert math.isfinite(float(card.value)) and math.isfinite(float(card.exact.split(":")[0])), card
    return cards_for(app.sim)


def test_the_dropdown_selects_it_and_shows_its_knobs(launch):
    d = launch()
    d.choose("schedule", LABEL)
    s = d.app.sim.settings
    assert s.schedule == PLATEAU and d.app.sim.curve is None
    keys = {r.key for r in d.app.panel.rows if r.key.startswith("param.")}
    assert keys == {f"param.{n}" for n in ("factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr")}
    assert max(e.rect.bottom for r in d.app.panel.rows for e in r.elements) <= 720  # the panel still fits
    assert d.app.sim.trajectory.controller.mode == "min"


def test_its_knobs_are_validated_like_any_other(launch):
    d = launch(schedule=PLATEAU)
    d.type_into("param.factor", "2")
    assert d.app.sim.settings.params["factor"] == 0.1 and "factor" in d.app.messages.notes["param.factor"].text
    d.type_into("param.patience", "3")
    assert d.app.sim.settings.params["patience"] == 3 and d.app.sim.trajectory.controller.patience == 3
    d.choose("param.threshold_mode", "abs")
    assert d.app.sim.settings.params["threshold_mode"] == "abs"


def test_the_curve_grows_as_the_run_proceeds_and_the_cards_say_so_far(launch):
    d = launch(schedule=PLATEAU, params={"patience": 3}, sharpness=15.0)  # where it was measured
    chart = d.app.scene.lr_chart
    assert (chart.n, chart.known) == (100, 1)
    assert "so far" in finite_cards(d.app)[3].title
    for epochs in (1, 10, 10):
        d.key(pygame.K_RIGHT, mod=pygame.KMOD_SHIFT if epochs == 10 else 0)
    assert d.app.sim.epoch == 21 and (chart.n, chart.known) == (100, 22)
    np.testing.assert_array_equal([chart.value_at(t) for t in range(22)], d.app.sim.trajectory.rates(21))
    assert chart.value_at(21) < 0.1  # measured: the noisy loss stalls, cuts by epoch 21
    assert finite_cards(d.app)[2].title.startswith("latest η =")
    d.key(pygame.K_END)
    assert chart.known == 100
    cards = finite_cards(d.app)
    assert cards[2].title.startswith("final η =") and "so far" not in cards[3].title
    assert d.app.state()["average"] == pytest.approx(np.mean(d.app.sim.trajectory.rates(100)[:-1]), rel=1e-12)


def test_replay_rewind_and_a_settings_round_trip_give_the_same_path(launch):
    d = launch(schedule=PLATEAU, noise=0.8, seed=5)
    d.key(pygame.K_END)
    xs, rates = d.app.sim.trajectory.xs(100).copy(), d.app.sim.trajectory.rates(100).copy()
    d.key(pygame.K_r)
    assert d.app.scene.lr_chart.known == 1
    d.app.sim.set_speed(2000)
    d.key(pygame.K_SPACE)
    d.frames(20)
    assert d.app.sim.epoch == 100 and not d.app.sim.playing
    np.testing.assert_array_equal(d.app.sim.trajectory.rates(100), rates)
    d.type_into("param.patience", "3")
    assert not np.array_equal(d.app.sim.trajectory.rates(100), rates)
    d.choose("schedule", "Cosine annealing")
    d.choose("schedule", LABEL)  # back to its defaults: a fresh controller, the same path
    np.testing.assert_array_equal(d.app.sim.trajectory.xs(100), xs)
    np.testing.assert_array_equal(d.app.sim.trajectory.rates(100), rates)


def test_the_keys_cycle_reaches_it_and_wraps(launch):
    d = launch(schedule="wsd")
    d.key(pygame.K_RIGHTBRACKET)
    assert d.app.sim.settings.schedule == PLATEAU
    d.key(pygame.K_RIGHTBRACKET)
    assert d.app.sim.settings.schedule == list(schedules.SCHEDULES)[0]


def test_a_ball_that_flies_out_under_it_shows_no_nan(launch):
    d = launch(schedule=PLATEAU, lr0=1.0, params={"patience": 1})
    d.key(pygame.K_RIGHT, mod=pygame.KMOD_SHIFT)
    assert d.app.sim.diverged
    finite_cards(d.app)
    d.key(pygame.K_END)
    finite_cards(d.app)


def test_the_train_view_is_driven_by_the_networks_loss(launch):
    d = launch(schedule=PLATEAU, lr0=1.0, epochs=120, params={"patience": 5, "factor": 0.5}, epoch=120)
    d.key(pygame.K_t)
    d.frames(45)
    run = d.app.find(TrainMode).run
    assert run.controller is not None and run.controller is not d.app.sim.trajectory.controller
    assert run.epoch > 60 and run.controller.cuts  # measured: the loss stalls and the rate is cut at epoch 42
    replay = ReduceOnPlateau(1.0, patience=5, factor=0.5)
    for loss in run.losses[1:]:
        replay.step(loss)
    assert replay.rates == run.controller.rates[: len(replay.rates)]
    chart = d.app.scene.train_view.rate_chart
    assert chart is not None and chart.n == 120 and chart.value_at(run.epoch - 1) == run.controller.rates[run.epoch - 1]


def test_export_gives_pytorch_code_and_refuses_csv_with_a_reason(launch, tmp_path, monkeypatch):
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path))
    d = launch(schedule=PLATEAU, params={"patience": 4})
    d.key(pygame.K_e)
    d.key(pygame.K_2, unicode="2")
    assert d.app.messages.toast.error and "No CSV" in d.app.messages.toast.text and not list(tmp_path.glob("*.csv"))
    d.key(pygame.K_e)
    d.key(pygame.K_1, unicode="1")
    (code,) = tmp_path.glob("*.py")
    assert "ReduceLROnPlateau(" in code.read_text() and "patience=4" in code.read_text()


def test_it_cannot_join_a_comparison_and_says_why(launch):
    d = launch(schedule=PLATEAU)
    d.app.apply(it.AddToRace())
    assert not d.app.race.slots and d.app.messages.toast.error and "follows the loss" in d.app.messages.toast.text
