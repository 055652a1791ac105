"""The network's side of the window and the command line: `train`, compare's and range-test's
flags, --view train and the state's train section, the Network tab, setups that keep it all."""

from __future__ import annotations

import json

import numpy as np
import pygame
import pytest

from lrgame import cli
from lrgame.app.modes.train import TrainMode
from lrgame.engine import schedules
from lrgame.sim import intents as it
from lrgame.sim.optimizers import SGD
from lrgame.sim.settings import make_settings
from lrgame.sim.setups import Setup, load_setup, save_setup
from lrgame.train.range_test import range_test
from lrgame.train.recipe import Recipe, network_run, window_run
from lrgame.train.run import TrainingRun


def _json(capsys, *argv: str) -> dict:
    assert cli.main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_train_prints_one_row_per_epoch_the_last_after_the_last_epoch(capsys):
    doc = _json(capsys, "train", "--epochs", "6", "--format", "json")
    rows, settings = doc["epochs"], doc["settings"]
    assert [r["epoch"] for r in rows] == list(range(6)) and set(rows[0]) == {
        "epoch", "lr", "momentum", "train_loss", "test_loss", "test_accuracy"}
    defaults = make_settings()  # every flag takes the window's default
    assert (settings["schedule"], settings["epochs"], settings["lr0"], settings["batch_size"]) == (
        defaults.schedule, 6, defaults.net_lr0, defaults.batch_size)
    run = network_run(defaults.schedule, 6, schedules.resolve(defaults.schedule, defaults.net_lr0, 6, {}),
                      Recipe(defaults.net_lr0, defaults.batch_size, defaults.optimizer, "epoch"), 0)
    run.advance(6)
    assert rows[-1]["train_loss"] == run.final_loss and rows[-1]["test_loss"] == run.final_test_loss
    assert rows[0]["train_loss"] == run.losses[1] and rows[0]["lr"] == run.rates[0]
    assert rows[-1]["test_accuracy"] == run.final_test_accuracy


def test_train_takes_the_optimizer_batch_and_per_batch_stepping(capsys):
    doc = _json(capsys, "train", "--schedule", "one_cycle", "--epochs", "4", "--param", "pct_start=0.5",
                "--optimizer", "sgd", "--momentum", "0.9", "--batch-size", "100", "--scheduler-step", "batch",
                "--lr0", "0.1", "--seed", "2", "--format", "json")
    rows = doc["epochs"]
    assert doc["settings"]["optimizer"]["momentum"] == 0.9 and doc["settings"]["batches_per_epoch"] == 3
    curve = schedules.curve("one_cycle", lr0=0.1, epochs=12, pct_start=0.5)  # 3 scheduler steps an epoch
    assert [r["lr"] for r in rows] == [curve[3 * t] for t in range(4)]
    assert rows[0]["momentum"] == 0.95 and rows[2]["momentum"] < 0.95  # the schedule drives it


def test_a_diverging_run_exits_0_with_null_losses_from_there(capsys):
    doc = _json(capsys, "train", "--schedule", "constant", "--lr0", "90", "--batch-size", "full", "--epochs", "5",
                "--format", "json")
    assert doc["settings"]["diverged_at"] == 1
    assert all(r["train_loss"] is None and r["test_loss"] is None for r in doc["epochs"])
    assert all(r["lr"] == 90 for r in doc["epochs"])
    assert cli.main(["train", "--schedule", "constant", "--lr0", "90", "--batch-size", "full", "--epochs", "5"]) == 0
    assert "diverged" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "message"), [
    (["train", "--batch-size", "0"], "--batch-size = 0 is not allowed: give a whole number in [1, 300] or full"),
    (["train", "--scheduler-step", "step"], "invalid choice: 'step'"),
    (["train", "--batch-size", "1", "--epochs", "1000"],
     "--batch-size = 1 is 300,000 optimizer steps a run: at most 200,000"),
    (["train", "--schedule", "reduce_on_plateau", "--scheduler-step", "batch"], "cannot step per batch"),
    (["train", "--lr0", "0"], "--lr0 (η₀) = 0 is not allowed"),
    (["compare", "--batch-size", "x"], "--batch-size = 'x' is not a number"),
    (["range-test", "--optimizer", "rmsprop"], "--optimizer = 'rmsprop' is not allowed"),
    (["--net-lr0", "-1", "--headless", "--frames", "1"], "--net-lr0 = -1 is not allowed"),
    (["--view", "race"], "--view = 'race' is not allowed: give one of valley, landscape, train"),
])
def test_bad_flags_are_one_line_and_exit_2(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and message in err and err.count("\n") == 1


def test_range_test_takes_the_batch_size_and_optimizer(capsys):
    doc = _json(capsys, "range-test", "--batch-size", "50", "--optimizer", "adam", "--format", "json")
    from lrgame.sim.optimizers import Adam

    assert doc["suggestion"] == range_test(seed=0, batch_size=50, optimizer=Adam()).suggestion
    assert doc["suggestion"] != range_test(seed=0).suggestion


def test_view_train_opens_it_and_the_state_says_where_training_is(launch, tmp_path):
    out = tmp_path / "state.json"
    assert cli.main(["--headless", "--frames", "12", "--view", "train", "--batch-size", "full", "--net-lr0", "1",
                     "--epoch", "50", "--dump-state", str(out)]) == 0
    state = json.loads(out.read_text(encoding="utf-8"))
    assert state["view"] == "train" and state["net_lr0"] == 1.0 and state["batch_size"] == 300
    train = state["train"]
    assert train["trained_to"] == 3 * 12 - 1  # three epochs a frame at full batch, w_0 … measured so far
    run = TrainingRun(schedules.curve("step", lr0=1.0, epochs=100, step_size=33), seed=0)
    run.advance(36)
    assert train["epoch"] == 35 and train["train_loss"] == run.losses[35]  # catching up with the run's epoch 50
    assert train["test_loss"] == run.test_losses[35]
    d = launch(batch_size=300, net_lr0=1.0, epoch=20)
    d.key(pygame.K_t)
    d.frames(10)
    here = d.app.state()["train"]
    run = d.app.find(TrainMode).run
    assert here["epoch"] == 20 and here["train_loss"] == run.losses[20]
    assert here["test_accuracy"] == run.test_accuracies[20]
    d.key(pygame.K_t)
    assert "train" not in d.app.state()  # only while the train view is open


def test_the_network_tab_sets_the_networks_rate_and_batch_and_refuses_bad_ones(launch):
    d = launch()
    d.app.apply(it.ShowPage("network"))
    d.frames(2)
    d.type_into("net_lr0", "0.7")
    d.type_into("batch_size", "full")
    s = d.app.sim.settings
    assert (s.net_lr0, s.batch_size, s.lr0) == (0.7, 300, 0.1)  # the valley's η₀ stays
    d.type_into("batch_size", "0")
    assert d.app.sim.settings.batch_size == 300 and "batch_size=0" in d.app.messages.notes["batch_size"].text
    d.key(pygame.K_t)
    d.frames(2)
    run = d.app.find(TrainMode).run
    assert run.batch_size == 300 and run.setting == "SGD, full batch, η₀ 0.7"
    d.app.apply(it.SetValue("sharpness", 30))  # the valley's alone: the network keeps training
    d.frames(1)
    assert d.app.find(TrainMode).run is run
    d.app.apply(it.SetValue("scheduler_step", "batch"))
    d.frames(1)
    assert d.app.find(TrainMode).run is not run


def test_a_setup_keeps_the_networks_settings(tmp_path):
    settings = make_settings("cosine", net_lr0=0.05, batch_size=8, scheduler_step="batch", optimizer=SGD(momentum=0.9))
    loaded, warnings = load_setup(save_setup(Setup(settings), tmp_path))
    assert loaded.settings == settings and warnings == []


def test_the_window_trains_at_the_networks_own_rate_with_the_shape_shared():
    settings = make_settings("cosine", lr0=0.1, params={"eta_min": 0.01}, net_lr0=1.0, batch_size=300)
    run = window_run(settings)
    valley = schedules.curve("cosine", lr0=0.1, epochs=100, eta_min=0.01)
    assert np.allclose(run.rates, valley * 10, rtol=1e-12)  # η_min scales with η₀: the same shape


def test_reduce_on_plateau_in_the_window_steps_once_an_epoch_whatever_is_chosen(launch):
    d = launch(schedule="reduce_on_plateau", scheduler_step="batch", net_lr0=1.0)
    d.key(pygame.K_t)
    d.frames(3)
    run = d.app.find(TrainMode).run
    assert run.controller is not None and not run.per_batch and run.epoch > 0
