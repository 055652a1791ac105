"""The command line: a few real `python main.py` processes, the rest through `main(argv)` in-process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pytest

import lrgame.app
from lrgame import cli
from lrgame.app.launch import LaunchOptions
from lrgame.engine import schedules
from lrgame.engine.summary import summarize
from lrgame.sim import settings as config

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ["export", "--schedule", "step", "--lr0", "0.1", "--epochs", "10"]


def export_with(*args: str) -> list[str]:
    """EXPORT with a flag of it given another value (a flag given twice is refused)."""
    base = list(EXPORT)
    if args and args[0] in base:
        del base[base.index(args[0]):base.index(args[0]) + 2]
    return [*base, *args]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def assert_one_line_error(code: object, out: str, err: str, fragment: str) -> None:
    assert code == 2
    assert out == ""
    assert err.startswith("lrgame: error: ")
    assert err.count("\n") == 1
    assert err.endswith("\n")
    assert fragment in err


# ---- real processes ---------------------------------------------------------------------------------


def test_csv_reads_back_bit_exactly() -> None:
    done = run("export", "--schedule", "cosine", "--lr0", "0.1", "--epochs", "1000", "--param", "T_max=400",
               "--param", "eta_min=1e-3")
    assert (done.returncode, done.stderr) == (0, "")
    header, *rows = done.stdout.splitlines()
    assert header == "epoch,lr"
    epochs, rates = zip(*(row.split(",") for row in rows), strict=True)
    assert list(map(int, epochs)) == list(range(1001))
    want = schedules.curve("cosine", lr0=0.1, epochs=1000, T_max=400, eta_min=1e-3)
    np.testing.assert_array_equal(np.array([float(r) for r in rates]), want)


def test_json_to_output_file(tmp_path: Path) -> None:
    path = tmp_path / "run.json"
    done = run("export", "--schedule", "multistep", "--lr0", "0.1", "--epochs", "120", "--param", "milestones=30,60,90",
               "--epoch", "50", "--format", "json", "--output", str(path))
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    doc = json.loads(path.read_text())
    want = schedules.curve("multistep", lr0=0.1, epochs=120, milestones=(30, 60, 90))
    assert (doc["schedule"], doc["lr0"], doc["epochs"]) == ("multistep", 0.1, 120)
    assert doc["params"] == {"milestones": [30, 60, 90], "gamma": 0.1}
    assert doc["lr"] == want.tolist()
    assert doc["summary"] == summarize(want, 0.1, 50).exported()
    assert (doc["unit"], doc["steps_per_epoch"]) == ("epochs", 1)
    assert set(doc) == {"schedule", "lr0", "epochs", "unit", "steps_per_epoch", "params", "lr", "summary"}


def test_boolean_and_choice_parameters_parse() -> None:
    done = run("export", "--schedule", "one_cycle", "--lr0", "0.1", "--epochs", "50", "--param", "three_phase=TRUE",
               "--param", "anneal_strategy=linear", "--format", "json")
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["params"] == {**schedules.resolve("one_cycle", 0.1, 50, {}), "three_phase": True,
                             "anneal_strategy": "linear"}
    assert doc["lr"] == schedules.curve("one_cycle", lr0=0.1, epochs=50, three_phase=True,
                                        anneal_strategy="linear").tolist()[:50]  # PyTorch's steps 0..T−1
    assert doc["summary"]["epoch"] == 49


@pytest.mark.parametrize(("args", "fragment"), [(["--lr0", "abc"], "--lr0 (η₀) = 'abc'"), (["--format", "xml"], "xml")])
def test_bad_input_in_a_real_process(tmp_path: Path, args: list[str], fragment: str) -> None:
    path = tmp_path / "out.csv"
    done = run(*export_with(*args), "--output", str(path))
    assert_one_line_error(done.returncode, done.stdout, done.stderr, fragment)
    assert not path.exists()


# ---- in-process ----------------------------------------------------------------------------------------


def exit_code(argv: list[str]) -> object:
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    return stop.value.code


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--lr0", "abc"], "--lr0 (η₀) = 'abc'"),
        (["--lr0", "nan"], "--lr0 (η₀) = nan"),
        (["--lr0", "inf"], "--lr0 (η₀) is too large"),
        (["--lr0", "-1"], "--lr0 (η₀) = -1"),
        (["--epochs", "0"], "--epochs (T) = 0 "),
        (["--epochs", "2000000"], "--epochs (T) = 2000000"),
        (["--schedule", "nope"], "--schedule = 'nope'"),
        (["--param", "T_max=5"], "'T_max'"),
        (["--param", "gamma"], "--param = 'gamma' is not KEY=VALUE"),
        (["--param", "gamma=0"], "--param gamma (γ) = 0"),
        (["--param", "step_size=x"], "--param step_size (step size) = 'x'"),
        (["--epoch", "11"], "--epoch (epoch t) = 11"),
        (["--epoch", "x"], "--epoch (epoch t) = 'x' is not a number"),
        (["--bogus"], "--bogus"),
    ],
)
def test_bad_export_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], fragment: str
) -> None:
    path = tmp_path / "out.csv"
    code = exit_code([*export_with(*args), "--output", str(path)])
    assert_one_line_error(code, *capsys.readouterr(), fragment)
    assert not path.exists()


def test_export_requires_schedule_lr0_and_epochs(capsys: pytest.CaptureFixture[str]) -> None:
    assert_one_line_error(exit_code(["export", "--lr0", "0.1"]), *capsys.readouterr(), "--schedule, --epochs")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--frames", "3"], "--frames only makes sense with --headless"),
        (["--screenshot", "x.png"], "--screenshot only makes sense with --headless"),
        (["--dump-state", "/proc/no/such/x.json"], "--dump-state = '/proc/no/such/x.json' cannot be written"),
        (["--dump-state", "/"], "--dump-state = '/' is a folder: give a file name"),
        (["--headless", "--frames", "0"], "--frames = 0 is not allowed"),
        (["--epoch", "101"], "--epoch (epoch t) = 101"),
        (["--size", "10x10"], "--size = '10x10' is not allowed"),
        (["--noise", "nan"], "--noise (gradient noise) = nan"),
        (["--save-setup", "/proc/no/such/x.json"], "--save-setup = '/proc/no/such/x.json' cannot be written"),
        (["--save-setup", "/"], "--save-setup = '/' is a folder: give a file name"),
        (["--schedule", "step", "--param", "T_0=3"], "'T_0'"),
    ],
)
def test_bad_window_input(capsys: pytest.CaptureFixture[str], args: list[str], fragment: str) -> None:
    assert_one_line_error(exit_code(args), *capsys.readouterr(), fragment)


@pytest.fixture
def window_options(monkeypatch: pytest.MonkeyPatch) -> list[LaunchOptions]:
    """The LaunchOptions the window would open with (a stand-in window that returns 7)."""
    seen: list[LaunchOptions] = []
    fake = types.ModuleType("lrgame.app.window")
    fake.run = lambda options: seen.append(options) or 7  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lrgame.app.window", fake)
    monkeypatch.setattr(lrgame.app, "window", fake, raising=False)
    return seen


def test_window_gets_checked_launch_options(window_options: list[LaunchOptions]) -> None:
    argv = ["--schedule", "cosine", "--lr0", "0.05", "--param", "T_max=50", "--epoch", "20", "--seed", "3",
            "--size", "800x600", "--headless", "--frames", "10", "--play", "--dump-state", "s.json"]
    assert cli.main(argv) == 7
    settings = config.make_settings("cosine", 0.05, config.DEFAULT_EPOCHS, {"T_max": 50}, seed=3)
    assert window_options == [LaunchOptions(settings=settings, epoch=20, size=(800, 600), headless=True, frames=10,
                                            play=True, dump_state=Path("s.json"))]


def test_a_real_window_takes_dump_state(window_options: list[LaunchOptions], tmp_path: Path) -> None:
    """Not only --headless: a window writes its state when it closes (docs/state.md)."""
    assert cli.main(["--dump-state", str(tmp_path / "new" / "s.json")]) == 7
    assert window_options[0].dump_state == tmp_path / "new" / "s.json"
    assert not window_options[0].headless


def test_a_real_window_takes_save_setup(window_options: list[LaunchOptions], tmp_path: Path) -> None:
    """Not only --headless: a window writes its setup when it closes, into folders made for it."""
    assert cli.main(["--save-setup", str(tmp_path / "new" / "lesson.json")]) == 7
    assert window_options[0].save_setup == tmp_path / "new" / "lesson.json"
    assert not window_options[0].headless


def test_help_lists_every_schedule_and_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    assert exit_code(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "export" in out and cli.RULE in out  # the one rule for flags that clash
    assert exit_code(["export", "--help"]) == 0
    out = capsys.readouterr().out
    for schedule in schedules.SCHEDULES.values():
        assert f"  {schedule.name}  " in out
        for p in schedule.params:
            assert f"{p.name}=" in out
            assert p.help in out


def test_bench_prints_the_floor_and_every_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["bench", "--what", "engine", "--epochs", "1000", "--repeats", "1"]) == 0
    heading, *lines = capsys.readouterr().out.splitlines()
    assert heading.startswith("engine: ")
    assert [line.split()[0] for line in lines] == ["numpy.cos", *schedules.SCHEDULES]


def test_export_pytorch_prints_a_snippet_counted_in_batches(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["export", "--schedule", "step", "--lr0", "0.1", "--epochs", "90", "--param", "step_size=30"]
    assert cli.main([*args, "--format", "pytorch", "--steps-per-epoch", "2"]) == 0
    out = capsys.readouterr().out
    assert "StepLR(optimizer, step_size=60, gamma=0.1)" in out


def test_export_reduce_on_plateau_only_as_pytorch(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["export", "--schedule", "reduce_on_plateau", "--lr0", "0.1", "--param", "patience=3"]
    assert cli.main([*args, "--format", "pytorch"]) == 0
    assert "ReduceLROnPlateau(optimizer, mode='min', factor=0.1, patience=3" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_:
        cli.main(args)
    assert exit_.value.code == 2 and "no curve" in capsys.readouterr().err


@pytest.mark.slow
def test_train_bench_times_frames_that_really_train_or_compare_and_prints_every_figure() -> None:
    import statistics

    from lrgame.bench import train as train_bench

    frames = [train_bench.window_frames(view, (640, 480), n=20) for view in ("train", "grand")]
    for f in frames:
        assert len(f.times_ms) == 20 and min(f.times_ms) > 0 and f.epochs_per_s > 0
        assert statistics.median(f.times_ms) <= f.percentile_ms(0.9) <= f.percentile_ms(0.99) <= max(f.times_ms)
    speed = train_bench.network_speed(32, epochs=10, repeats=1)
    assert speed.epochs_per_s > 0 and speed.ratio > 1  # an epoch is more than its matrix products
    text = "\n".join([*train_bench.speed_rows(speed), *(row for f in frames for row in train_bench.frames_rows(f)),
                      train_bench.compare_row(1.5)])
    for word in ("epochs/s", "batch 32 (10 steps an epoch)", "matrix products alone", "median", "p90", "p99", "max",
                 "training", "comparing", "fill+flip floor", "idle time between frames", "flip to flip", "1.5 s"):
        assert word in text, word


def test_unknown_setup_keys_are_one_warning_on_stderr_and_the_file_loads(tmp_path: Path) -> None:
    setup, state = tmp_path / "lesson.json", tmp_path / "state.json"
    junk = {f"k{i}": 0 for i in range(5_000)}
    setup.write_text(json.dumps({"format": "lrgame-setup", "version": 1, "schedule": "cosine", **junk}))
    done = run("--headless", "--frames", "2", "--setup", str(setup), "--dump-state", str(state))
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr == "lrgame: warning: lesson.json: ignored 5,000 keys lrgame does not know: k0, k1, k2 and " \
                          "4,997 more\n"
    assert json.loads(state.read_text())["schedule"] == "cosine"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="elsewhere there is always a display")
def test_with_no_display_the_window_says_so_unless_headless() -> None:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SDL_") and k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert_one_line_error(done.returncode, done.stdout, done.stderr, "there is no display to open the window on")
    done = subprocess.run([sys.executable, "main.py", "--headless", "--frames", "1"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize("args", [["presets"], EXPORT])
def test_a_reader_that_has_gone_ends_the_output_quietly(args: list[str]) -> None:
    """As after `lrgame presets | head -1`; the pipe's reading end is closed before the child writes,
    so the timing cannot hide it."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, stdout=write, stderr=subprocess.PIPE,
                              timeout=60, check=False)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (141, b"")  # 141: what a shell reports for a tool stopped by SIGPIPE
