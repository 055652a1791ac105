"""The bench's reporting: every figure that misses its goal is marked, each part says what it is
about to measure before it starts, and the start-up children import the lrgame being measured.
(The measurements themselves run in test_cli.py.)"""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

import pytest

import lrgame
from lrgame.bench import landscape, paths, run, train, window
from lrgame.bench.common import MISSED


def _frames(median_ms: float, p99_ms: float) -> window.FrameTiming:
    return window.FrameTiming((1280, 720), 2000, median_ms, p99_ms, p99_ms, 1.0)


# (row made from a figure that meets its goal, the same row from one that misses it)
ROWS = {
    "engine": (lambda: window.engine_rows([window.Timing("numpy.cos", 2, 1), window.Timing("step", 4, 2.0)])[1],
               lambda: window.engine_rows([window.Timing("numpy.cos", 2, 1), window.Timing("step", 8, 4.0)])[1]),
    "frame median": (lambda: window.frame_row(_frames(5, 11)), lambda: window.frame_row(_frames(7, 11))),
    "frame p99": (lambda: window.frame_row(_frames(5, 11)), lambda: window.frame_row(_frames(5, 13))),
    "change": (lambda: window.change_row(([10, 49], [0.1, 0.2])), lambda: window.change_row(([10, 51], [0.1, 0.2]))),
    "start-up": (lambda: window.startup_row((0.5, 0.25, 2.4)), lambda: window.startup_row((0.5, 0.25, 2.6))),
    "memory": (lambda: window.memory_row((100.0, 101.5)), lambda: window.memory_row((100.0, 102.5))),
    "kiosk memory": (lambda: window.kiosk_memory_row((90.0, 100.0, 101.0, 12_000)),
                     lambda: window.kiosk_memory_row((90.0, 100.0, 103.0, 12_000))),
    "landscape frames": (lambda: landscape.frame_rows(_frames(5, 11)), lambda: landscape.frame_rows(_frames(5, 13))),
    "landscape map": (lambda: landscape.change_row(landscape.Changes((1920, 1080), (49.0,), (80.0,), (49.0,))),
                      lambda: landscape.change_row(landscape.Changes((1920, 1080), (51.0,), (80.0,), (49.0,)))),
    "landscape knob": (lambda: landscape.change_row(landscape.Changes((1920, 1080), (49.0,), (80.0,), (49.0,))),
                       lambda: landscape.change_row(landscape.Changes((1920, 1080), (49.0,), (80.0,), (51.0,)))),
    "train frames median": (lambda: train.frames_rows(train.Frames("training", (1280, 720), (6.0,) * 99))[0],
                            lambda: train.frames_rows(train.Frames("training", (1280, 720), (6.5,) * 99))[0]),
    "train frames p99": (lambda: train.frames_rows(train.Frames("training", (1280, 720), (5.0,) * 98 + (12.0,) * 2))[0],
                         lambda: train.frames_rows(train.Frames("training", (1280, 720),
                                                                (5.0,) * 98 + (13.0,) * 2))[0]),
    "sharpness overhead": (lambda: train.overhead_row(train.Overhead(32, 1.0, 2.0, 100)),
                           lambda: train.overhead_row(train.Overhead(32, 1.0, 2.01, 100))),
}


@pytest.mark.parametrize("row", ROWS)
def test_a_figure_that_misses_its_goal_is_marked(row: str) -> None:
    met, missed = (make() for make in ROWS[row])
    assert "goal" in met and MISSED not in met
    assert missed.endswith(MISSED) or f"{MISSED};" in missed


def test_each_part_says_what_it_measures_before_it_starts(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    before: dict[str, str] = {}

    def measured(name: str, result: object):
        def measure(*args: object, **kwargs: object) -> object:
            before.setdefault(name, capsys.readouterr().out)  # what was printed since the last measurement
            return result
        return measure

    monkeypatch.setattr(window, "engine", measured("engine", [window.Timing("numpy.cos", 2, 1)]))
    monkeypatch.setattr(window, "frames", measured("frames", _frames(5, 11)))
    monkeypatch.setattr(window, "change_at_million", measured("change", ([10], [0.1])))
    monkeypatch.setattr(landscape, "frames", measured("landscape", _frames(5, 11)))
    monkeypatch.setattr(landscape, "changes", measured("landscape changes", landscape.Changes((1920, 1080), (1.0,),
                                                                                               (1.0,), (1.0,))))
    monkeypatch.setattr(paths, "forks", measured("forks", (_frames(5, 11), 1.5)))
    monkeypatch.setattr(paths, "compared", measured("compared", (_frames(7, 13), 2.5)))
    monkeypatch.setattr(window, "startup", measured("startup", (0.5, 0.25, 2.0)))
    monkeypatch.setattr(window, "memory", measured("memory", (100.0, 100.5)))
    monkeypatch.setattr(window, "attract_memory", measured("kiosk", (90.0, 100.0, 100.5, 12_000)))
    run.run("engine", 1000, 1, 0)
    run.run("window", 1000, 1, 5)
    assert before["engine"].startswith("engine: ")
    assert before["frames"].splitlines()[-1].startswith("window: ") and "frame " in before["landscape"]  # row by row
    assert before["landscape"].splitlines()[-1].startswith("window: the landscape (D), 2,000 frames")
    assert before["landscape changes"].splitlines()[-1].startswith("window: the landscape (D), each surface")
    assert before["forks"].startswith("landscape (D) at 1920x1080")
    assert before["forks"].splitlines()[-1].startswith("window: the river's five forked cooldowns (F)")
    assert before["compared"].startswith("forked cooldowns (F) at T=100,000 (worked out in 1.5 s): frame ")
    assert before["change"].startswith("four compared paths (C) at T=100,000") and MISSED in before["change"]
    assert "start-up" in before["memory"] and "memory over 5 frames" in before["memory"]


def test_start_up_is_timed_on_the_lrgame_being_measured(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[dict] = []

    def stop(*args: object, **kwargs: object) -> None:
        seen.append(kwargs)
        raise RuntimeError("enough")

    monkeypatch.setattr(subprocess, "run", stop)
    with pytest.raises(RuntimeError):
        window.startup(1)
    monkeypatch.undo()
    child = subprocess.run([sys.executable, "-c", "import lrgame; print(lrgame.__file__)"], cwd=seen[0]["cwd"],
                           env=seen[0]["env"], capture_output=True, text=True, timeout=60, check=True)
    assert Path(child.stdout.strip()).resolve() == Path(lrgame.__file__).resolve()


def test_the_sharpness_overhead_compares_the_same_run_with_and_without_the_measure() -> None:
    o = train.sharpness_overhead(300, epochs=20, repeats=1)
    assert o.plain_s > 0 and o.measured_s > 0 and o.products >= 3 * 3  # three measures (0, 10, 20), a few products each
    assert "sharpness every 10 epochs, full batch" in train.overhead_row(o)


@pytest.mark.parametrize("view", ["train", "grand"])
def test_the_train_frames_are_a_paced_run_that_trains_between_frames(view: str) -> None:
    f = train.window_frames(view, (800, 600), n=20, block=10, floor_turns=2)
    assert len(f.times_ms) == 20 and f.floor_ms > 0 and f.epochs_per_s > 0
    assert len(f.intervals_ms) == 20 - 2  # none across the two pauses for the floor
    assert statistics.median(f.intervals_ms) >= 0.9 * train.PERIOD_MS  # paced (the pacer rounds to milliseconds)
    rows = train.frames_rows(f)
    assert "the frame's own work (events → update → draw → flip)" in rows[0]
    assert "epochs/s" in rows[1] and "flip to flip" in rows[1]
