"""The landscape view in a saved setup: Ctrl+S records whether it is open, its surface, the
surface's knobs, the start and F; opening the file (Ctrl+O, --setup) shows it as saved, and a file
without one closes it. Files of version 2 (before the landscape was saved) still load; a bad value
is refused in one line naming it."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from lrgame import cli
from lrgame.app.modes.landscape import LandscapeMode
from lrgame.sim import intents as it
from lrgame.sim.landscape_path import make_landscape_run
from lrgame.sim.saved_landscape import SavedLandscape
from lrgame.sim.settings import make_settings
from lrgame.sim.setups import VERSION, Setup, load_setup, setup_to_json
from lrgame.sim.surfaces import SURFACES, get_surface

V2_FILE = Path(__file__).parent / "data" / "setup-v2.json"  # written by the lrgame before version 3

CASES = {
    **{name: SavedLandscape(make_landscape_run(name)) for name in SURFACES},
    "ravine-turned": SavedLandscape(make_landscape_run("ravine", {"kappa": 250, "angle": -45}, (2.5, -1.0))),
    "river-forks": SavedLandscape(make_landscape_run("river", {"slope": 0.3}), forks=True),
}


@pytest.mark.parametrize("name", CASES)
def test_the_landscape_saves_and_loads_back_the_same(tmp_path, name):
    setup = Setup(make_settings("cosine", 0.05, 60), landscape=CASES[name])
    path = tmp_path / "lesson.json"
    path.write_text(setup_to_json(setup), encoding="utf-8")
    loaded, warnings = load_setup(path)
    assert loaded == setup and warnings == []
    assert setup_to_json(loaded) == path.read_text(encoding="utf-8")


def test_a_file_of_version_2_loads_with_no_landscape():
    setup, warnings = load_setup(V2_FILE)
    assert json.loads(V2_FILE.read_text(encoding="utf-8"))["version"] == 2 < VERSION
    assert warnings == [] and setup.landscape is None and setup.settings.schedule == "cosine"


def _file(tmp_path: Path, landscape: object) -> Path:
    data = json.loads(setup_to_json(Setup()))
    data["landscape"] = landscape
    path = tmp_path / "lesson.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(("landscape", "words"), [
    ({"surface": "ravine", "surface_params": {"kappa": 1e400}},
     "lesson.json: landscape: surface.kappa is too large: give a number in [1, 1000]"),
    ({"surface": "ravine", "surface_params": {"kappa": 0.5}},
     "lesson.json: landscape: surface.kappa=0.5 is not allowed: give a number in [1, 1000]"),
    ({"surface": "ravine", "surface_params": {"kappa": "10"}},
     "lesson.json: landscape: surface.kappa='10' is not allowed: give a number"),
    ({"surface": "ravine", "surface_params": {"depth": 2}},
     "lesson.json: landscape: 'depth' is not a knob of the ravine surface: its knobs are kappa, angle"),
    ({"surface": "lake"}, "lesson.json: landscape: surface='lake' is not allowed: give one of ravine"),
    ({"surface": "ravine", "start": [1e400, 0]},
     "lesson.json: landscape: start.x is too large: give a number in [-125, 125]"),
    ({"surface": "ravine", "start": [0, 900]}, "lesson.json: landscape: start.y=900 is not allowed: give a number in"),
    ({"surface": "ravine", "start": [0]}, "lesson.json: landscape: start=[0] is not allowed: give two numbers [x, y]"),
    ({"surface": "river", "forks": "yes"}, "lesson.json: landscape: forks='yes' is not allowed: give true or false"),
    ("river", "lesson.json: landscape='river' is not allowed: give null or an object with surface, surface_params"),
])
def test_a_bad_landscape_in_a_file_is_refused_in_one_line(tmp_path, capsys, landscape, words):
    path = _file(tmp_path, landscape)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--setup", str(path), "--headless", "--frames", "1"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.count("\n") == 1 and words in err, err


def test_unknown_keys_in_the_landscape_are_one_warning(tmp_path):
    _, warnings = load_setup(_file(tmp_path, {"surface": "saddle", "zoom": 2}))
    assert warnings == ["lesson.json: ignored 1 key lrgame does not know: landscape.zoom"]


# ---- through the window ------------------------------------------------------------------------------------


@pytest.fixture
def out(tmp_path, monkeypatch):
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path))
    return tmp_path


def _reopen(d) -> None:
    """Ctrl+O, then the newest file."""
    d.key(pygame.K_o, mod=pygame.KMOD_CTRL)
    d.key(pygame.K_1)
    d.frames(3)


def test_ctrl_s_records_the_landscape_and_ctrl_o_opens_it_as_saved(launch, out):
    d = launch()
    d.key(pygame.K_d)  # the ravine
    d.app.apply(it.SetValue("surface", "river"))
    d.app.apply(it.SetValue("surface.slope", "0.3"))
    d.app.apply(it.SetValue("start.y", "-1"))
    d.key(pygame.K_f)  # the forked cooldowns
    d.frames(3)
    while d.app.find(LandscapeMode).forks_computing:
        d.frames(1)
    before = d.app.state()
    assert before["view"] == "landscape" and d.app.find(LandscapeMode).forks
    d.key(pygame.K_s, mod=pygame.KMOD_CTRL)
    assert json.loads(next(out.glob("setup-*.json")).read_text())["landscape"] == {
        "surface": "river", "surface_params": {"slope": 0.3, "steep": 20.0}, "start": [-5.0, -1.0], "forks": True}
    d.key(pygame.K_d)  # closed
    d.app.apply(it.SetValue("lr0", "0.01"))
    d.frames(3)
    assert d.app.state()["view"] == "valley"
    _reopen(d)
    assert not d.app.messages.toast.error, d.app.messages.toast.text
    mode = d.app.find(LandscapeMode)
    assert mode is not None and mode.forks and mode.choice.start == (-5.0, -1.0)
    for _ in range(200):  # the forked cooldowns are worked out on a worker thread
        if mode.forked is not None and not mode.forks_computing:
            break
        d.frames(1)
    assert d.app.state() == before  # the trunk and its branches, as drawn


def test_a_setup_saved_without_the_landscape_closes_it(launch, out):
    d = launch()
    d.key(pygame.K_s, mod=pygame.KMOD_CTRL)
    d.key(pygame.K_d)
    d.frames(2)
    assert d.app.state()["view"] == "landscape"
    _reopen(d)
    assert d.app.state()["view"] == "valley" and d.app.find(LandscapeMode) is None


def test_a_bad_landscape_opened_in_the_window_is_one_line_in_the_screens_words(launch, out):
    _file(out, {"surface": "ravine", "surface_params": {"kappa": 1e400}})
    d = launch()
    _reopen(d)
    toast = d.app.messages.toast
    assert toast.error and "\n" not in toast.text
    assert toast.text.endswith("lesson.json: landscape: steepness κ is too large: give a number in [1, 1000]")
    assert d.app.find(LandscapeMode) is None  # nothing changed


# ---- --setup with --view landscape ---------------------------------------------------------------------------

RIVER = {"surface": "river", "surface_params": {"slope": 0.3}, "start": [-5.0, -1.0], "forks": False}


def _opened(tmp_path: Path, landscape: object, *flags: str) -> dict:
    """The state after one headless frame of `--setup FILE` with `flags`."""
    state = tmp_path / "state.json"
    assert cli.main(["--setup", str(_file(tmp_path, landscape)), "--headless", "--frames", "2",
                     "--dump-state", str(state), *flags]) == 0
    return json.loads(state.read_text(encoding="utf-8"))


def test_view_landscape_opens_the_files_landscape(tmp_path):
    landscape = _opened(tmp_path, RIVER, "--view", "landscape")["landscape"]
    assert landscape["surface"] == "river" and landscape["start"] == [-5.0, -1.0]
    assert landscape["surface_params"] == {"slope": 0.3, "steep": 20.0}


def test_a_surface_named_on_the_command_line_wins_over_the_files(tmp_path):
    state = _opened(tmp_path, RIVER, "--view", "landscape", "--surface", "ravine", "--surface-param", "kappa=100")
    assert state["landscape"]["surface"] == "ravine" and state["landscape"]["surface_params"]["kappa"] == 100
    assert state["lr0"] == Setup().settings.lr0 != get_surface("ravine").lr0  # the setup sets the run
    assert _opened(tmp_path, RIVER, "--surface", "saddle")["landscape"]["surface"] == "saddle"


def test_a_file_without_a_landscape_opens_the_default_surface_with_the_files_run(tmp_path):
    state = _opened(tmp_path, None, "--view", "landscape")
    assert state["landscape"]["surface"] == "ravine"
    assert state["lr0"] == Setup().settings.lr0 != get_surface("ravine").lr0


def test_surface_knobs_without_a_surface_cannot_change_the_files_landscape(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        _opened(tmp_path, RIVER, "--view", "landscape", "--surface-param", "slope=0.5")
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.count("\n") == 1
    assert "--surface-param goes with --surface here: the setup file's landscape sets its surface and knobs" in err


def test_the_help_says_which_landscape_wins(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    words = " ".join(capsys.readouterr().out.split())
    assert "with --setup: this surface in place of the file's landscape" in words
    assert "the compared schedules and the landscape (--surface opens another)" in words


def test_another_view_named_on_the_command_line_wins_over_the_files_landscape(tmp_path):
    state = _opened(tmp_path, RIVER, "--view", "valley")
    assert state["view"] == "valley" and state["landscape"] is None
    assert _opened(tmp_path, RIVER)["view"] == "landscape"  # no --view: the file's landscape
