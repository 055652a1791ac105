"""`python main.py path`: the ball's path as JSON, its optimizer flags, and with --noise 0 on the bowl the very
path torch.optim takes (tests/data/torch_paths.json, written by scripts/record_paths.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lrgame import cli
from lrgame.sim.settings import make_settings, run_curve
from lrgame.sim.trajectory import Trajectory
from lrgame.sim.valley import make_valley

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = json.loads((ROOT / "tests" / "data" / "torch_paths.json").read_text(encoding="utf-8"))["cases"]
EXACT = 1e-10


def path(capsys: pytest.CaptureFixture[str], *flags: str) -> dict:
    assert cli.main(["path", *flags]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_the_path_is_torchs_on_the_bowl_without_noise(capsys: pytest.CaptureFixture[str], name: str) -> None:
    case = GOLDEN[name]
    got = np.array(path(capsys, *case["flags"])["x"])
    want = np.array(case["x"])
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=EXACT, atol=EXACT * abs(want[0]))


def test_the_golden_paths_cover_every_optimizer_and_both_ways_of_driving_the_momentum() -> None:
    flags = [" ".join(c["flags"]) for c in GOLDEN.values()]
    assert any("--optimizer adam " in f for f in flags) and any("--optimizer adamw" in f for f in flags)
    assert any("--nesterov" in f for f in flags) and any("--dampening" in f for f in flags)
    assert any("--momentum" not in f and "--optimizer" not in f for f in flags)  # plain SGD
    assert {c["scheduler"] for c in GOLDEN.values()} == {"lambda", "native"}
    assert any("--steps-per-epoch" in f for f in flags) and any("--x0" in f for f in flags)
    for c in GOLDEN.values():  # each path goes somewhere: none sits still or flies off
        x = np.array(c["x"])
        assert np.isfinite(x).all() and abs(x[-1]) < abs(x[0]) and np.ptp(x) > 0.1


def test_every_flag_is_optional_and_the_defaults_are_the_windows(capsys: pytest.CaptureFixture[str]) -> None:
    doc = path(capsys)
    settings = make_settings()
    valley = make_valley(settings.valley, settings.sharpness)
    want = Trajectory(valley, run_curve(settings), settings.noise, settings.seed)
    assert doc["x"] == want.xs(settings.epochs).tolist()
    assert doc["loss"] == want.losses(settings.epochs).tolist()
    assert doc["lr"] == run_curve(settings).tolist()
    assert (doc["floor"], doc["lr0"], doc["epochs"]) == (valley.floor_x, settings.lr0, settings.epochs)
    assert doc["optimizer"] == {"name": "sgd", "momentum": 0.0, "dampening": 0.0, "weight_decay": 0.0,
                                "nesterov": False}
    assert "epoch" not in doc and "momentum" not in doc


def test_optimizer_alone_takes_torchs_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    assert path(capsys, "--optimizer", "sgd", "--epochs", "3")["optimizer"]["momentum"] == 0.0
    adamw = path(capsys, "--optimizer", "adamw", "--epochs", "3")["optimizer"]
    assert adamw == {"name": "adamw", "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01}


def test_steps_per_epoch_gives_each_step_its_epoch_and_a_driven_momentum_comes_along(
        capsys: pytest.CaptureFixture[str]) -> None:
    doc = path(capsys, "--schedule", "one_cycle", "--epochs", "10", "--steps-per-epoch", "3", "--momentum", "0.9")
    assert len(doc["x"]) == len(doc["loss"]) == len(doc["lr"]) == len(doc["epoch"]) == len(doc["momentum"]) == 31
    assert doc["epoch"][:7] == [0, 0, 0, 1, 1, 1, 2] and doc["epoch"][-1] == 10
    assert doc["momentum"][0] == pytest.approx(0.95) and min(doc["momentum"]) == pytest.approx(0.85)


def test_x0_moves_the_start(capsys: pytest.CaptureFixture[str]) -> None:
    doc = path(capsys, "--x0", "-1.5", "--epochs", "2")
    sharpness = make_settings().sharpness
    assert doc["x"][0] == -1.5 and doc["loss"][0] == pytest.approx(sharpness * 1.5**2 / 2)


@pytest.mark.parametrize(("flags", "fragment"), [
    (["--optimizer", "rmsprop"], "--optimizer = 'rmsprop' is not allowed: give one of sgd, adam, adamw"),
    (["--momentum", "1.5"], "--momentum (momentum β) = 1.5 is not allowed"),
    (["--momentum", "fast"], "--momentum (momentum β) = 'fast' is not a number"),
    (["--optimizer", "adam", "--dampening", "0.1"], "dampening is not a setting of adam"),
    (["--nesterov"], "Nesterov needs momentum > 0"),
    (["--optimizer", "adamw", "--betas", "0.9"], "--betas = 0.9 is not allowed: give two numbers"),
    (["--optimizer", "adam", "--betas", "0.9,1.0"], "beta2 (β₂) = 1 is not allowed"),
    (["--x0", "1e9"], "--x0 = 1e9 is not allowed"),
    (["--epoch", "4"], "--epoch is not used by path"),
    (["--schedule", "nope"], "--schedule = 'nope' is unknown"),
    (["--format", "csv"], "invalid choice: 'csv'"),
])
def test_bad_input_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], flags: list[str],
                                          fragment: str) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["path", *flags])
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == "" and fragment in captured.err and captured.err.count("\n") == 1


def test_a_real_process_prints_json_and_nothing_else() -> None:
    done = subprocess.run([sys.executable, "main.py", "path", "--epochs", "4", "--optimizer", "adam"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0 and done.stderr == ""
    assert len(json.loads(done.stdout)["x"]) == 5
