"""Saved lessons reopen as they were saved: every setting the window reaches (schedule and knobs,
valley, noise, seed, steps per epoch, the recipe and its unit, the optimizer, theme, scale, log
scale, speed, the compared slots, the landscape view) goes into a setup file and comes back the same, through the pure
functions (every case, fast) and through the window (setup file → --setup → --save-setup gives the
same file and the same --dump-state; the whole matrix is slow, a few cases are quick)."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pygame
import pytest

from lrgame import cli
from lrgame.app.modes.setup_list import SetupList
from lrgame.engine import schedules
from lrgame.sim.intents import SetValue
from lrgame.sim.landscape_path import make_landscape_run
from lrgame.sim.optimizer_choice import make_optimizer
from lrgame.sim.presets import PRESETS, on_valley
from lrgame.sim.saved_landscape import SavedLandscape
from lrgame.sim.settings import THEMES, make_settings, settings_json
from lrgame.sim.setups import SETTINGS_FIELDS, VERSION, WINDOW_FIELDS, Setup, load_setup, setup_to_json
from lrgame.sim.valley import VALLEYS

OLD_FILE = Path(__file__).parent / "data" / "setup-v1.json"  # written by the lrgame before version 2

RICH = Setup(
    make_settings("cosine", 0.05, 60, {"eta_min": 0.001}, valley_kind="bumpy", noise=0.3, seed=11,
                  steps_per_epoch=2, optimizer=make_optimizer("adamw", betas=(0.9, 0.95), weight_decay=0.1)),
    theme="projector", scale=1.25, log_scale=True, speed=25.0,
    comparison=(make_settings("step"), make_settings("cosine"),
                make_settings("step", optimizer=make_optimizer("sgd", momentum=0.9)),
                make_settings("cyclic", params={"step_size_up": 20})),
)


def _cases() -> dict[str, Setup]:
    """Every schedule, every recipe, each valley, each theme, several steps per epoch, and RICH."""
    out = {f"schedule-{name}": Setup(make_settings(name)) for name in schedules.ENTRIES}
    out |= {f"preset-{name}": Setup(on_valley(name, make_settings()), preset=name) for name in PRESETS}
    out |= {f"valley-{kind}": Setup(make_settings(valley_kind=kind, noise=0.3, seed=5)) for kind in VALLEYS}
    out |= {f"theme-{theme}": Setup(theme=theme, scale=1.5) for theme in THEMES}
    out |= {f"steps-{s}": Setup(make_settings("one_cycle", steps_per_epoch=s)) for s in (1, 3, 16, 250)}
    out["landscape"] = Setup(make_settings("constant", 0.085, 300), landscape=SavedLandscape(
        make_landscape_run("river", {"steep": 40}, (-4.0, 1.0)), forks=True))
    return out | {"rich": RICH}


CASES = _cases()
QUICK = ("schedule-reduce_on_plateau", "preset-gpt3", "rich", "landscape")


def test_the_cases_cover_what_the_issue_names():
    assert {s.settings.schedule for s in CASES.values()} == set(schedules.ENTRIES)
    assert {s.preset for s in CASES.values()} - {""} == set(PRESETS)
    assert {s.settings.valley for s in CASES.values()} == set(VALLEYS) and len(VALLEYS) == 2
    assert {s.theme for s in CASES.values()} == set(THEMES)
    assert {s.settings.steps_per_epoch for s in CASES.values()} >= {1, 3, 16, 250}


def test_one_table_lists_every_setting_a_file_saves():
    """A field a later issue adds to Settings (the network's η₀, a batch size) or to Setup fails
    here until setups.SETTINGS_FIELDS or WINDOW_FIELDS says how a file holds it."""
    assert list(SETTINGS_FIELDS) == list(settings_json(make_settings()))
    assert set(WINDOW_FIELDS) == {f.name for f in fields(Setup)} - {"settings"}
    assert list(json.loads(setup_to_json(RICH))) == ["format", "version", *SETTINGS_FIELDS, *WINDOW_FIELDS]


@pytest.mark.parametrize("name", CASES)
def test_every_case_saves_and_loads_back_the_same(tmp_path, name):
    setup = CASES[name]
    path = tmp_path / "lesson.json"
    path.write_text(setup_to_json(setup), encoding="utf-8")
    loaded, warnings = load_setup(path)
    assert loaded == setup and warnings == []
    assert setup_to_json(loaded) == path.read_text(encoding="utf-8")


def test_a_knob_that_follows_is_saved_as_following_and_a_pinned_one_stays_pinned(tmp_path):
    follows = Setup(make_settings("cyclic", params={"step_size_up": 16}))
    pinned = Setup(make_settings("cyclic", params={"step_size_up": 16, "step_size_down": 16}))
    assert json.loads(setup_to_json(follows))["params"]["step_size_down"] is None
    assert json.loads(setup_to_json(pinned))["params"]["step_size_down"] == 16
    for setup in (follows, pinned):
        (tmp_path / "a.json").write_text(setup_to_json(setup))
        assert load_setup(tmp_path / "a.json")[0] == setup


def test_a_recipe_is_saved_as_its_settings_plus_its_name_and_unit():
    data = json.loads(setup_to_json(CASES["preset-gpt3"]))
    recipe = PRESETS["gpt3"]
    assert (data["preset"], data["unit"], data["schedule"], data["lr0"], data["epochs"]) == (
        "gpt3", "steps", recipe.schedule, recipe.lr0, recipe.epochs)
    assert data["params"] == settings_json(recipe.settings())["params"]
    assert json.loads(setup_to_json(Setup()))["preset"] is None


def test_a_file_of_the_version_before_loads_with_defaults_for_what_it_lacks():
    """tests/data/setup-v1.json is what Ctrl+S wrote before version 2, byte for byte."""
    setup, warnings = load_setup(OLD_FILE)
    assert warnings == []
    s = setup.settings
    assert (s.schedule, s.lr0, s.epochs, dict(s.params), s.valley, s.sharpness, s.noise, s.seed,
            s.steps_per_epoch) == ("multistep", 0.05, 120, {"milestones": (30, 80), "gamma": 0.5}, "bumpy", 20.0,
                                   0.5, 7, 3)
    assert s.optimizer == make_optimizer("sgd", momentum=0.9, nesterov=True)
    assert (setup.theme, setup.scale) == ("projector", 1.25)
    assert (setup.preset, setup.unit, setup.log_scale, setup.speed, setup.comparison, setup.landscape) == (
        Setup().preset, "epochs", False, Setup().speed, (), None)


# ---- through the window ---------------------------------------------------------------------------------


def _window(tmp_path: Path, setup_file: Path, tag: str) -> tuple[str, dict]:
    """Open `setup_file` headless for a few frames; the --save-setup text and the --dump-state."""
    saved, state = tmp_path / f"saved-{tag}.json", tmp_path / f"state-{tag}.json"
    assert cli.main(["--setup", str(setup_file), "--headless", "--frames", "3", "--save-setup", str(saved),
                     "--dump-state", str(state)]) == 0
    return saved.read_text(encoding="utf-8"), json.loads(state.read_text(encoding="utf-8"))


def _round_trip(tmp_path: Path, setup: Setup) -> None:
    first = tmp_path / "lesson.json"
    first.write_text(setup_to_json(setup), encoding="utf-8")
    saved, state = _window(tmp_path, first, "a")
    assert saved == first.read_text(encoding="utf-8")
    again, state_again = _window(tmp_path, tmp_path / "saved-a.json", "b")
    assert again == saved and state_again == state
    s = setup.settings
    assert (state["schedule"], state["lr0"], state["epochs"], state["valley"], state["steps_per_epoch"],
            state["theme"], state["preset"], state["unit"]) == (
        s.schedule, s.lr0, s.epochs, s.valley, s.steps_per_epoch, setup.theme, setup.preset or None, setup.unit)
    assert [{k: v for k, v in slot.items() if k != "label"} for slot in state["comparison"]] == [
        settings_json(slot) for slot in setup.comparison]


@pytest.mark.parametrize("name", QUICK)
def test_the_window_saves_what_it_opened(tmp_path, name):
    _round_trip(tmp_path, CASES[name])


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in CASES if n not in QUICK])
def test_the_window_saves_what_it_opened_for_every_case(tmp_path, name):
    _round_trip(tmp_path, CASES[name])


# ---- with the keys: Ctrl+S, then Ctrl+O and 1 --------------------------------------------------------------


@pytest.fixture
def out(tmp_path, monkeypatch):
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path))
    return tmp_path


def _save_reset_and_reopen(d, before: dict) -> None:
    d.key(pygame.K_s, mod=pygame.KMOD_CTRL)
    d.key(pygame.K_r, mod=pygame.KMOD_SHIFT)  # every setting back to its default
    d.key(pygame.K_x)  # the compared slots go too, one X each
    d.key(pygame.K_x)
    if d.app.theme == "projector":
        d.key(pygame.K_p)
    d.frames(3)
    assert d.app.state() != before
    d.key(pygame.K_o, mod=pygame.KMOD_CTRL)
    d.key(pygame.K_1)
    d.frames(3)


def test_a_plateau_lesson_saved_with_ctrl_s_reopens_with_ctrl_o(launch, out):
    d = launch(schedule="reduce_on_plateau", params={"patience": 4, "factor": 0.5}, noise=0.4)
    before = d.app.state()
    _save_reset_and_reopen(d, before)
    assert d.app.find(SetupList) is None and not d.app.messages.toast.error, d.app.messages.toast.text
    assert d.app.state() == before


def test_a_recipe_its_unit_the_look_and_the_comparison_reopen(launch, out):
    d = launch()
    d.app.apply(SetValue("schedule", "cosine"))
    d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)  # add cosine to the comparison
    d.app.apply(SetValue("schedule", "step"))
    d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    d.app.apply(SetValue("preset", "gpt3"))
    d.key(pygame.K_l)  # log scale
    d.key(pygame.K_p)  # projector theme
    d.frames(3)
    before = d.app.state()
    assert (before["preset"], before["unit"], len(before["comparison"])) == ("gpt3", "steps", 2)
    _save_reset_and_reopen(d, before)
    assert not d.app.messages.toast.error, d.app.messages.toast.text
    assert d.app.state() == before


def test_the_window_opens_a_file_of_the_version_before_and_saves_it_in_todays(tmp_path):
    saved, state = _window(tmp_path, OLD_FILE, "old")
    old, new = json.loads(OLD_FILE.read_text(encoding="utf-8")), json.loads(saved)
    assert new["version"] == VERSION and {k: new[k] for k in old if k != "version"} == {k: v for k, v in old.items()
                                                                                   if k != "version"}
    assert (new["preset"], new["unit"], new["log_scale"], new["comparison"]) == (None, "epochs", False, [])
    assert (state["schedule"], state["theme"], state["optimizer"]["nesterov"]) == ("multistep", "projector", True)
