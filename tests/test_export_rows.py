"""What an export lists, row by row: one rate per scheduler step with several steps an epoch,
one-cycle's rows only where PyTorch defines them (and saying so), and recipes counted in optimizer
steps exported as steps, from the command line and from the window (E)."""

from __future__ import annotations

import json

import numpy as np
import pygame
import pytest

from lrgame import cli
from lrgame.engine import schedules
from lrgame.sim import intents as it
from lrgame.sim.settings import make_settings, run_curve


def export(capsys, *args: str) -> str:
    assert cli.main(["export", *args]) == 0
    return capsys.readouterr().out


def rows_of(csv: str) -> tuple[list[str], list[str], list[list[str]]]:
    """(# notes, header, rows) of a CSV text."""
    lines = csv.splitlines()
    notes = [line for line in lines if line.startswith("#")]
    header, *rows = [line for line in lines if not line.startswith("#")]
    return notes, header.split(","), [row.split(",") for row in rows]


# ---- several steps an epoch ------------------------------------------------------------------------

RUN = ["--schedule", "exponential", "--lr0", "0.1", "--epochs", "30", "--param", "gamma=0.9", "--steps-per-epoch", "4"]


def test_csv_lists_one_rate_per_step_with_its_epoch(capsys):
    notes, header, rows = rows_of(export(capsys, *RUN, "--format", "csv"))
    want = run_curve(make_settings("exponential", 0.1, 30, {"gamma": 0.9}, steps_per_epoch=4))
    assert notes == [] and header == ["epoch", "step", "lr"] and len(rows) == 121
    assert [int(r[1]) for r in rows] == list(range(121))
    assert [int(r[0]) for r in rows] == [t // 4 for t in range(121)]
    np.testing.assert_array_equal([float(r[2]) for r in rows], want)
    assert float(rows[4][2]) == pytest.approx(0.09, rel=1e-14)  # γ per epoch: one epoch is 4 steps


def test_json_has_the_arrays_lr_epoch_and_step_and_the_summary_at_an_epoch(capsys):
    doc = json.loads(export(capsys, *RUN, "--format", "json", "--epoch", "10"))
    want = run_curve(make_settings("exponential", 0.1, 30, {"gamma": 0.9}, steps_per_epoch=4))
    assert doc["lr"] == want.tolist() and doc["step"] == list(range(121))
    assert doc["epoch"] == [t // 4 for t in range(121)] and doc["steps_per_epoch"] == 4
    assert (doc["summary"]["epoch"], doc["summary"]["step"]) == (10, 40)
    assert doc["summary"]["current"] == want[40] == pytest.approx(0.1 * 0.9**10, rel=1e-13)


def test_a_recipe_in_steps_refuses_steps_per_epoch(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["export", "--preset", "gpt3", "--steps-per-epoch", "2"])
    assert stop.value.code == 2
    assert "--steps-per-epoch does not go with --preset gpt3" in capsys.readouterr().err


# ---- one-cycle: PyTorch's rate after the T-th call is not lrgame's ----------------------------------


def torch_one_cycle(calls: int, **kwargs) -> list[float]:
    """OneCycleLR's rate after 0..calls calls of scheduler.step()."""
    torch = pytest.importorskip("torch")
    optimizer = torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, cycle_momentum=False, **kwargs)
    rates = [scheduler.get_last_lr()[0]]
    for _ in range(calls):
        optimizer.step()
        scheduler.step()
        rates.append(scheduler.get_last_lr()[0])
    return rates


@pytest.mark.parametrize("per", [1, 3])
def test_one_cycle_lists_the_steps_pytorch_defines_and_says_so(capsys, per):
    args = ["--schedule", "one_cycle", "--lr0", "0.1", "--epochs", "40", "--steps-per-epoch", str(per)]
    total = 40 * per
    pytorch = torch_one_cycle(total, max_lr=0.1, total_steps=total)
    ours = run_curve(make_settings("one_cycle", 0.1, 40, steps_per_epoch=per))
    assert abs(pytorch[total] - ours[total]) > 10 * ours[total]  # at T·S they differ: so no row there
    notes, _, rows = rows_of(export(capsys, *args, "--format", "csv"))
    assert len(rows) == total and f"rows 0..{total - 1}" in notes[0] and "PyTorch" in notes[0]
    np.testing.assert_allclose([float(r[-1]) for r in rows], pytorch[:total], rtol=1e-12)
    doc = json.loads(export(capsys, *args, "--format", "json"))
    assert len(doc["lr"]) == total and doc["note"] == notes[0].removeprefix("# ")
    assert doc["summary"]["epoch"] == 39 and doc["summary"]["current"] == doc["lr"][39 * per]
    code = export(capsys, *args, "--format", "pytorch")
    assert f"After t calls of scheduler.step(), t = 0..{total - 1}, the rate is lrgame's rate" in code


def test_one_cycle_refuses_a_summary_at_t(capsys):
    with pytest.raises(SystemExit):
        cli.main(["export", "--schedule", "one_cycle", "--lr0", "0.1", "--epochs", "40", "--epoch", "40"])
    assert "--epoch (epoch t) = 40 is not allowed: give a whole number in [0, 39]" in capsys.readouterr().err


def test_every_other_schedule_lists_t_too():
    for name, entry in schedules.SCHEDULES.items():
        assert entry.exact_at_end == (name != "one_cycle")


# ---- recipes counted in optimizer steps -------------------------------------------------------------


@pytest.mark.parametrize("preset", ["gpt3", pytest.param("bert", marks=pytest.mark.slow)])  # bert: a million rows
def test_a_step_recipe_exports_a_step_loop_and_a_step_header(capsys, preset):
    code = export(capsys, "--preset", preset, "--format", "pytorch")
    assert "# for epoch in" not in code and "once per epoch" not in code
    assert "# for step, (inputs, targets) in zip(range(" in code
    assert "#     scheduler.step()  # once per optimizer step" in code
    assert "the rate is lrgame's rate at step t." in code
    _, header, rows = rows_of(export(capsys, "--preset", preset))
    assert header == ["step", "lr"] and rows[1][0] == "1"
    assert json.loads(export(capsys, "--preset", preset, "--format", "json"))["unit"] == "steps"


def test_an_epoch_recipe_keeps_its_epoch_loop(capsys):
    code = export(capsys, "--preset", "resnet", "--format", "pytorch")
    assert "# for epoch in range(90):" in code and "once per epoch" in code
    assert rows_of(export(capsys, "--preset", "resnet"))[1] == ["epoch", "lr"]


# ---- the window's E -----------------------------------------------------------------------------------


def test_the_window_writes_the_same_rows(launch, tmp_path, monkeypatch):
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path))
    out = tmp_path
    d = launch(schedule="one_cycle", epochs=30, steps_per_epoch=2)
    d.app.valley.load_preset("llama")  # a recipe in steps
    d.key(pygame.K_e)
    d.key(pygame.K_a, unicode="a")  # all three
    code = next(out.glob("*.py")).read_text()
    assert "# for step, (inputs, targets) in zip(range(250000), batches):" in code
    assert rows_of(next(out.glob("*.csv")).read_text())[1] == ["step", "lr"]
    for path in out.iterdir():
        path.unlink()
    d.app.carry_out(it.SetValue("schedule", "one_cycle"))
    d.app.carry_out(it.SetValue("epochs", 30))
    d.app.carry_out(it.SetValue("steps_per_epoch", 2))
    d.key(pygame.K_e)
    d.key(pygame.K_2, unicode="2")
    notes, header, rows = rows_of(next(out.glob("*.csv")).read_text())
    assert header == ["epoch", "step", "lr"] and len(rows) == 60 and "rows 0..59" in notes[0]
