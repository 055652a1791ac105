"""`train --sharpness-every N` adds the sharpness to the rows, measured where the log measures it."""

from __future__ import annotations

import json

import pytest

from lrgame import cli
from lrgame.engine import schedules
from lrgame.sim.optimizers import Adam
from lrgame.train.run import TrainingRun
from lrgame.train.sharpness import SharpnessLog


def _json(capsys, *argv: str) -> dict:
    assert cli.main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_every_nth_row_has_the_sharpness_at_the_weights_its_epoch_starts_from(capsys):
    doc = _json(capsys, "train", "--schedule", "cosine", "--lr0", "1", "--batch-size", "full", "--epochs", "25",
                "--sharpness-every", "10", "--format", "json")
    run = TrainingRun(schedules.curve("cosine", lr0=1.0, epochs=25), 0)
    log = SharpnessLog(run, 10)
    run.advance(25, watch=[log])
    got = [row["sharpness"] for row in doc["epochs"]]
    assert [t for t, s in enumerate(got) if s is not None] == [0, 10, 20]
    assert [got[0], got[10], got[20]] == [p.sharpness for p in log.points]
    assert doc["settings"]["sharpness_every"] == 10
    assert doc["epochs"][0]["lr"] * got[0] > 2  # fresh weights are too sharp for η = 1 (5.6 > 2/η)


def test_without_the_flag_the_rows_have_no_sharpness_and_with_adam_it_is_the_preconditioned_one(capsys):
    doc = _json(capsys, "train", "--epochs", "4", "--format", "json")
    assert "sharpness" not in doc["epochs"][0] and "sharpness_every" not in doc["settings"]
    doc = _json(capsys, "train", "--schedule", "constant", "--epochs", "4", "--optimizer", "adam", "--lr0", "0.01",
                "--batch-size", "32",
                "--sharpness-every", "2", "--format", "json")
    run = TrainingRun([0.01] * 5, 0, batch_size=32, optimizer=Adam())
    log = SharpnessLog(run, 2)
    run.advance(4, watch=[log])
    got = [row["sharpness"] for row in doc["epochs"]]
    assert got == [None, None, log.at(2).sharpness, None]  # none at epoch 0: Adam has no preconditioner yet
    assert cli.main(["train", "--epochs", "4", "--sharpness-every", "2"]) == 0
    table = capsys.readouterr().out
    assert "sharpness" in table.splitlines()[3] and "lr × sharpness < 2" in table


@pytest.mark.parametrize("bad", ["0", "-3", "2.5", "x", "31"])
def test_a_bad_n_is_one_line_and_exit_2(capsys, bad):
    with pytest.raises(SystemExit) as stop:
        cli.main(["train", "--epochs", "30", "--sharpness-every", bad])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("lrgame: error: --sharpness-every = ") and bad in err
    assert "give a whole number in [1, 30]" in err
