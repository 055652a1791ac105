"""Every bad input of the command line, in one table: each ends with one line on stderr naming what
is wrong, exit status 2, nothing on stdout, no traceback, no hang (a timeout) and bounded memory
(an address-space limit). Each case is a real `python main.py` process, so the quick run takes
one case of each kind (QUICK) and the whole table is marked slow.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT_S = 60
MEMORY_BYTES = 1_500_000_000  # a headless window peaks near 0.5 GB of address space
D400, D5000 = "9" * 400, "9" * 5000
# Each child starts through this: the memory limit, and for root (who writes anywhere) the
# capabilities that ignore file modes dropped, so a read-only folder is read-only to it too.
LAUNCH = f"""
import ctypes, os, resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_BYTES}, {MEMORY_BYTES}))
if os.geteuid() == 0:
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        ctypes.CDLL(None, use_errno=True).prctl(24, cap, 0, 0, 0)  # PR_CAPBSET_DROP: gone after exec
os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
"""

SETUP = {"format": "lrgame-setup", "version": 1}
EXPORT = ["export", "--schedule", "step", "--lr0", "0.1", "--epochs", "10"]
SHOT = ["--headless", "--frames", "1", "--screenshot"]
STATE = ["--headless", "--frames", "1", "--dump-state"]
SAVE = ["--headless", "--frames", "1", "--save-setup"]


def _setup_text(**fields: object) -> str:
    return json.dumps({**SETUP, **fields})


# The files some cases name, made in the fixture's folder: {name: text}, or None for a FIFO.
FILES: dict[str, str | None] = {
    "fifo": None,
    "lr0-400-zeros.json": _setup_text()[:-1] + ', "lr0": 1' + "0" * 400 + "}",
    "epochs-5000-digits.json": _setup_text()[:-1] + ', "epochs": ' + "1" * 5000 + "}",
    "seed-400-digits.json": _setup_text()[:-1] + ', "seed": ' + D400 + "}",
    "scale-400-digits.json": _setup_text()[:-1] + ', "scale": ' + D400 + "}",
    "milestones-400-digits.json": _setup_text(schedule="multistep")[:-1] + ', "params": {"milestones": [' + D400
                                  + "]}}",
    "nul-key.json": _setup_text(**{"a\u0000b": 1}),
    "surrogate-key.json": _setup_text()[:-1] + ', "\\ud800": 1}',
    "bell-key.json": _setup_text(**{"\u0007": 1}),
    "nul-knob.json": _setup_text(params={"gamma\u0000": 1}),
    "good.json": _setup_text(),
    "a-file": "not a folder",
}

# (argv with {dir} for the fixture's folder, words the one line must hold)
CASES: list[tuple[list[str], str]] = [
    # a setup file: regular files only, read with a limit; huge numbers; keys that are no text
    (["--setup", "/dev/zero"], "/dev/zero: not a setup file (not a regular file)"),
    (["--setup", "{dir}/fifo"], "fifo: not a setup file (not a regular file)"),
    (["--setup", "{dir}/lr0-400-zeros.json"], "lr0-400-zeros.json: lr0 is too large: give a rate in [1e-09, 100]"),
    (["--setup", "{dir}/epochs-5000-digits.json"], "epochs-5000-digits.json: epochs is too large"),
    (["--setup", "{dir}/seed-400-digits.json"], "seed-400-digits.json: seed is too large"),
    (["--setup", "{dir}/scale-400-digits.json"], "scale-400-digits.json: scale is too large"),
    (["--setup", "{dir}/milestones-400-digits.json"], "milestones-400-digits.json: milestones has a number too large"),
    (["--setup", "{dir}/nul-key.json"], "the key 'a\\x00b' is not printable text"),
    (["--setup", "{dir}/surrogate-key.json"], "the key '\\ud800' is not printable text"),
    (["--setup", "{dir}/bell-key.json"], "the key '\\x07' is not printable text"),
    (["--setup", "{dir}/nul-knob.json"], "the key 'gamma\\x00' is not printable text"),
    # huge numbers for every numeric flag
    (["--seed", D400], "--seed = 999999999999999999…999999999999999999 (400 digits) is not allowed: give a "
                       "whole number in [0, 2147483647]"),
    (["--seed", D5000], "--seed = 999999999999999999…999999999999999999 (5000 digits) is not allowed"),
    (["--seed", "-1"], "--seed = -1 is not allowed: give a whole number in [0, 2147483647]"),
    (["--lr0", D5000], "--lr0 (η₀) is too large: give a rate in [1e-09, 100]"),
    (["--epochs", D5000], "--epochs (T) = 999999999999999999…999999999999999999 (5000 digits) is not allowed"),
    (["--steps-per-epoch", D400],
     "--steps-per-epoch (steps / epoch) = 999999999999999999…999999999999999999 (400 digits) is not allowed"),
    (["--noise", "1e400"], "--noise (gradient noise) is too large: give a number in [0, 5]"),
    (["--sharpness", D400], "--sharpness (sharpness f″) is too large: give a number in [1, 1000000]"),
    (["--schedule", "multistep", "--param", f"milestones=10,{D400}"],
     "--param milestones has a number too large: whole numbers, each in [1, 100]"),
    (["--schedule", "step", "--param", f"step_size={D5000}"], "--param step_size (step size) is too large"),
    (["--headless", "--frames", D400], "--frames = 999999999999999999…999999999999999999 (400 digits) is not allowed"),
    (["--epoch", D5000], "--epoch (epoch t) = 999999999999999999…999999999999999999 (5000 digits) is not allowed"),
    (["--kiosk", "--idle-seconds", "1e400"], "--idle-seconds = 1e400 is too large: give a number in [1, 86400]"),
    (["--headless", "--frames", "1", "--random-input", D400], "--random-input = 999999999999999999…"),
    (["--scale", D400], "--scale = '99999999999999999…99999999999999999' (400 digits) is not allowed"),
    (["--size", f"{D400}x720"], "--size = '99999999999999999…9999999999999x720' (404 characters) is not allowed"),
    ([*EXPORT[:-1], D5000], "--epochs (T) = 999999999999999999…999999999999999999 (5000 digits) is not allowed"),
    (["compare", "--seeds", D400], "--seeds = '99999999999999999…99999999999999999' (400 digits) is not allowed"),
    (["range-test", "--seed", D400], "--seed = 999999999999999999…999999999999999999 (400 digits) is not allowed"),
    (["bench", "--repeats", D400], "--repeats = 999999999999999999…999999999999999999 (400 digits) is not allowed"),
    # output paths, checked before the run: a folder, read-only, under a file, under /proc, a bad image type
    ([*SHOT, "{dir}"], "is a folder: give a file name"),
    ([*SHOT, "{dir}/read-only/shot.png"], "shot.png' cannot be written: Permission denied"),
    ([*SHOT, "{dir}/a-file/shot.png"], "a-file/shot.png' cannot be written: {dir}/a-file is a file, not a folder"),
    ([*SHOT, "/proc/lrgame/shot.png"], "--screenshot = '/proc/lrgame/shot.png' cannot be written"),
    ([*SHOT, "{dir}/shot.bogusext"], "give a name ending in .png, .jpg, .jpeg, .bmp, .tga"),
    ([*STATE, "{dir}"], "--dump-state = '{dir}' is a folder: give a file name"),
    ([*STATE, "{dir}/read-only/state.json"], "state.json' cannot be written: Permission denied"),
    ([*STATE, "/proc/state.json"], "--dump-state = '/proc/state.json' cannot be written"),
    ([*SAVE, "{dir}"], "--save-setup = '{dir}' is a folder: give a file name"),
    ([*SAVE, "{dir}/read-only/lesson.json"], "lesson.json' cannot be written: Permission denied"),
    ([*SAVE, "{dir}/a-file/lesson.json"], "lesson.json' cannot be written: {dir}/a-file is a file, not a folder"),
    ([*SAVE, "/proc/lesson.json"], "--save-setup = '/proc/lesson.json' cannot be written"),
    ([*EXPORT, "--output", "{dir}"], "is a folder: give a file name"),
    ([*EXPORT, "--output", "{dir}/read-only/out.csv"], "out.csv' cannot be written: Permission denied"),
    ([*EXPORT, "--output", "{dir}/a-file/out.csv"], "cannot be written: {dir}/a-file is a file, not a folder"),
    ([*EXPORT, "--output", "/proc/out.csv"], "--output = '/proc/out.csv' cannot be written"),
    # the bench
    (["bench", "--what", "window", "--memory-frames", "-5"], "--memory-frames = -5 is not allowed: give a whole number "
                                                             "in [0, 10000000]"),
    (["bench", "--what", "engine", "--memory-frames", "5"], "--memory-frames does not go with --what engine"),
    (["bench", "--what", "window", "--epochs", "5"], "--epochs does not go with --what window"),
    # flags that would drop one side: the one rule refuses the pair
    (["--preset", "resnet", "--schedule", "cosine"], "--preset and --schedule do not go together: the preset sets"),
    (["--preset", "resnet", "--lr0", "0.5", "--epochs", "10"], "--preset and --lr0 do not go together"),
    (["--preset", "resnet", "--param", "gamma=0.5"], "--preset and --param do not go together"),
    (["--setup", "{dir}/good.json", "--schedule", "step"],
     "--setup and --schedule do not go together: the setup file sets every simulation setting, the optimizer and "
     "the look"),
    (["--setup", "{dir}/good.json", "--projector"], "--setup and --projector do not go together"),
    (["export", "--preset", "resnet", "--schedule", "reduce_on_plateau"], "--preset and --schedule do not go"),
    (["export", "--schedule", "reduce_on_plateau", "--epochs", "50", "--format", "pytorch"],
     "--epochs does not go with reduce_on_plateau"),
    (["--idle-seconds", "5"], "--idle-seconds only makes sense with --kiosk"),
    (["--headless", "--random-input", "3"], "--random-input only makes sense with --frames"),
    (["range-test", "--seed", "1,2"], "--seed = '1,2' is not a number: give a whole number in [0, 2147483647]"),
    (["range-test", "--seed", "abc"], "--seed = 'abc' is not a number"),
    (["--schedule", "exponential", "--param", "gamma=0.5", "--param", "gamma=0.2"], "--param gamma is given twice"),
    (["--lr0", "0.1", "--lr0", "0.2"], "argument --lr0: is given twice: give it once"),
    (["--kiosk", *EXPORT], "--kiosk is the window's: it does not go with the export command"),
    (["--schedule", "cosine", "presets"], "--schedule is the window's: it does not go with the presets command"),
]


def _child_env(folder: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SDL_", "LRGAME_"))}
    return {**keep, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "LRGAME_OUTPUT": str(folder / "out"),
            "PYTHONPATH": str(ROOT)}


def run_bounded(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`python ARGV` under the memory limit (and, for root, without overriding file modes)."""
    return subprocess.run([sys.executable, "-c", LAUNCH, *argv], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT_S, check=False)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad-input")
    for name, text in FILES.items():
        if text is None:
            os.mkfifo(folder / name)
        else:
            (folder / name).write_text(text, encoding="utf-8")
    (folder / "read-only").mkdir(mode=0o555)
    return folder


# One case of each kind runs in the quick run: a device, a FIFO, a huge number, a key that is no
# text, an output path, the bench, a clash, a repeated --param and the window's flag before a command.
QUICK = {"/dev/zero", "{dir}/fifo", "--seed " + D400, "{dir}/nul-key.json", "/proc/lrgame/shot.png", "-5",
         "--preset resnet --schedule cosine", "--param gamma=0.2", "1,2", "--kiosk export"}


def _quick(args: list[str]) -> bool:
    text = " ".join(args)
    return any(q in text for q in QUICK)


@pytest.mark.parametrize(
    ("args", "words"),
    [pytest.param(args, words, marks=() if _quick(args) else pytest.mark.slow, id=" ".join(args)[:60])
     for args, words in CASES],
)
def test_each_bad_input_is_one_line_and_exit_status_2(folder: Path, args: list[str], words: str) -> None:
    done = run_bounded(["main.py", *(a.replace("{dir}", str(folder)) for a in args)], _child_env(folder))
    assert (done.returncode, done.stdout) == (2, ""), done.stderr[-2000:]
    assert done.stderr.startswith("lrgame: error: ") and done.stderr.count("\n") == 1, done.stderr[-2000:]
    assert words.replace("{dir}", str(folder)) in done.stderr
    assert len(done.stderr) < 400


def test_the_read_only_folder_really_is_read_only_to_the_children(folder: Path) -> None:
    """The read-only cases above mean something only if the child cannot write there."""
    probe = run_bounded(["-c", f"open({str(folder / 'read-only' / 'x')!r}, 'w')"], _child_env(folder))
    assert probe.returncode == 1
    assert "PermissionError" in probe.stderr


# ---- the window's boxes: the same numbers typed in get a short note, and the last good value stays ----------

BOXES = ("lr0", "epochs", "param.step_size", "sharpness", "noise", "seed", "steps_per_epoch", "epoch", "speed")


@pytest.mark.parametrize("text", [D400, D5000, "1e400", "x" * 300])
def test_a_huge_number_in_any_box_is_a_short_note(launch, text: str) -> None:
    from lrgame.sim.intents import SetValue

    d = launch()
    before = d.app.sim.settings
    for key in BOXES:
        d.app.apply(SetValue(key, text))
        note = d.app.messages.notes[key]
        assert note.error and "\n" not in note.text and len(note.text) < 200, (key, note.text[:300])
    d.frames(2)
    assert d.app.sim.settings == before
