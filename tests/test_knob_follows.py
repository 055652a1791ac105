"""Cyclic's step_size_down left out follows step_size_up, as PyTorch's CyclicLR does
(`step_size_down = step_size_up` when it is None): on the command line, in the window until the
student moves it, in the export; setups, the state and the export's `params` keep it as null."""

from __future__ import annotations

import json

import numpy as np
import pytest

from lrgame import cli
from lrgame.engine import schedules
from lrgame.sim import intents as it
from lrgame.sim.settings import make_settings
from lrgame.sim.setups import Setup, load_setup, setup_to_json

RUN = ["--schedule", "cyclic", "--lr0", "0.1", "--epochs", "122", "--param", "step_size_up=16"]


def pytorch_cyclic(lr0: float, base: float, up: int, down: int | None, steps: int) -> np.ndarray:
    """CyclicLR's triangular rate for steps 0..steps, written out from torch/optim/lr_scheduler.py."""
    down = up if down is None else down
    total, ratio = up + down, up / (up + down)
    t = np.arange(steps + 1)
    cycle = np.floor(1 + t / total)
    x = 1.0 + t / total - cycle
    scale = np.where(x <= ratio, x / ratio, (x - 1) / (ratio - 1))
    return base + (lr0 - base) * scale


def test_the_issues_export_gives_pytorchs_curve_and_keeps_null(capsys):
    assert cli.main(["export", *RUN, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["params"]["step_size_down"] is None
    want = pytorch_cyclic(0.1, 0.01, 16, None, 122)
    np.testing.assert_allclose(doc["lr"], want, rtol=1e-12)
    assert doc["lr"][32] == pytest.approx(0.01, rel=1e-12)  # one whole triangle: 16 up, 16 down


def test_the_exported_code_leaves_it_to_pytorch(capsys):
    assert cli.main(["export", *RUN, "--format", "pytorch", "--steps-per-epoch", "3"]) == 0
    code = capsys.readouterr().out
    assert "step_size_up=48" in code and "step_size_down=None" in code


def test_help_says_what_a_left_out_one_does(capsys):
    with pytest.raises(SystemExit):
        cli.main(["export", "--help"])
    assert "left out, it is step_size_up" in capsys.readouterr().out


def test_a_set_value_is_kept_and_a_left_out_one_follows_when_t_changes():
    follows = make_settings("cyclic", 0.1, 122, {"step_size_up": 16})
    assert follows.params["step_size_down"] is None
    assert schedules.curve("cyclic", lr0=0.1, epochs=122, **follows.params)[24] == pytest.approx(0.055, rel=1e-12)
    pinned = make_settings("cyclic", 0.1, 122, {"step_size_up": 16, "step_size_down": 4})
    np.testing.assert_allclose(schedules.curve("cyclic", lr0=0.1, epochs=122, **pinned.params),
                               pytorch_cyclic(0.1, 0.01, 16, 4, 122), rtol=1e-12)


def test_setup_files_store_null_and_read_it_back(tmp_path):
    settings = make_settings("cyclic", 0.1, 122, {"step_size_up": 16})
    path = tmp_path / "setup.json"
    path.write_text(setup_to_json(Setup(settings)))
    assert json.loads(path.read_text())["params"]["step_size_down"] is None
    loaded, warnings = load_setup(path)
    assert loaded.settings == settings and warnings == []


def test_in_the_window_it_follows_until_the_student_moves_it(launch):
    d = launch(schedule="cyclic", epochs=122, params={"step_size_up": 16})
    row = d.app.panel.row("param.step_size_down")
    assert row.entry.get_text() == "16" and d.app.state()["params"]["step_size_down"] is None
    d.type_into("param.step_size_up", "20")
    d.frames(2)
    assert d.app.sim.settings.params["step_size_down"] is None
    assert row.entry.get_text() == "20"
    assert d.app.sim.curve[40] == pytest.approx(d.app.sim.settings.params["base_lr"], rel=1e-12)  # 20 up, 20 down
    d.type_into("param.step_size_down", "5")
    d.type_into("param.step_size_up", "30")
    assert d.app.sim.settings.params["step_size_down"] == 5
    assert row.entry.get_text() == "5"
    d.app.carry_out(it.ResetAll())
    d.app.carry_out(it.SetValue("schedule", "cyclic"))
    assert d.app.sim.requested.params["step_size_down"] is None
