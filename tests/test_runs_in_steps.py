"""Runs counted in steps: GPT-3's 93,750 steps showed under "T (epochs)" and played for 2.6 hours at
10 a second. A run counted in steps says "step" everywhere in the window, and the default speed
plays any run in about a minute, still steppable one by one with the arrows.

The tests drive the real window with posted events and read what it drew, its state document and
the record of the frame."""

import json
import re
from pathlib import Path

import pygame
import pytest

from lrgame.app.editing import apply_edit
from lrgame.app.modes.help import HelpOverlay
from lrgame.engine.params import MAX_EPOCHS, ConfigError
from lrgame.sim.presets import PRESETS, get_preset
from lrgame.sim.settings import make_settings
from lrgame.sim.setups import Setup, load_setup, save_setup, setup_to_json
from lrgame.sim.simulation import SPEED_RANGE
from lrgame.view.shown import Shown
from tests.test_end_of_run import drawn

EPOCH = re.compile(r"\bepochs?\b", re.IGNORECASE)


def test_gpt3_says_steps_in_the_panel_charts_readout_and_cards(launch):
    d = launch()
    d.choose("preset", "GPT-3 175B")
    captions = [c.text for c in d.app.panel.captions()]
    assert {"T (steps)", "step t", "steps / second", "warmup steps"} <= set(captions)
    assert [c for c in captions if EPOCH.search(c)] == ["steps / epoch"]  # its own row: 1 step a step
    state = d.app.state()
    assert (state["unit"], state["epochs"], state["schedule"]) == ("steps", 93_750, "warmup_cosine")
    chart = d.app.scene.lr_chart  # its title and axis are painted once, into its layer
    assert (chart.title, chart.x_label, d.app.scene.loss_chart.x_label) == (
        "Learning rate η(t), one value per step", "step", "step")
    texts = drawn(d)
    assert "step t = " in texts and "0 of 93750" in texts  # the readout
    d.key(pygame.K_END)
    d.frames(10)  # the path to step 93,750 is worked out over a few frames
    texts = drawn(d)
    assert "RUN OVER: all 93750 steps done" in texts
    assert not [t for t in texts if EPOCH.search(t) and t not in ("steps / epoch",)], texts
    d.key(pygame.K_h)
    help_rows = d.app.find(HelpOverlay)
    shown = Shown()
    help_rows.draw(shown)
    rows = dict(shown.help_rows)
    assert rows["← / →"].startswith("one step back") and not any(EPOCH.search(w) for w in rows.values())


def test_a_knob_change_keeps_the_run_counted_in_steps(launch):
    """The recipe's name goes with the first change, its unit does not: T is still 93,750 steps."""
    d = launch()
    d.choose("preset", "GPT-3 175B")
    d.type_into("lr0", "0.0001")
    assert d.app.valley.preset == "" and d.app.state()["unit"] == "steps"
    assert "T (steps)" in [c.text for c in d.app.panel.captions()]
    d.key(pygame.K_r, mod=pygame.KMOD_SHIFT)  # reset all: epochs again
    assert d.app.state()["unit"] == "epochs" and "T (epochs)" in [c.text for c in d.app.panel.captions()]


def test_more_steps_an_epoch_counts_the_run_in_epochs_again_and_says_so():
    settings = get_preset("gpt3").settings()
    result = apply_edit(settings, "steps_per_epoch", "4")
    assert (result.settings.unit, result.settings.steps_per_epoch) == ("epochs", 4)
    assert result.notes == ("counted in epochs again: T = 93750 epochs of 4 steps each",)
    with pytest.raises(ConfigError, match="not allowed in a run counted in steps"):
        make_settings(epochs=10, steps_per_epoch=2, unit="steps")
    with pytest.raises(ConfigError, match="unit='weeks' is not allowed"):
        make_settings(unit="weeks")


def test_the_unit_goes_into_a_setup_file_and_back(tmp_path):
    """A recipe counted in steps, and the same run after a knob change, which leaves the recipe but
    not its unit; a file's unit that its recipe does not count is refused."""
    recipe = get_preset("gpt3").settings()
    changed = apply_edit(recipe, "lr0", "0.0001").settings
    for setup in (Setup(recipe, preset="gpt3"), Setup(changed)):
        loaded, warnings = load_setup(save_setup(setup, tmp_path))
        assert loaded == setup and loaded.unit == "steps" and warnings == []
    text = json.loads(setup_to_json(Setup(recipe, preset="gpt3")))
    (tmp_path / "odd.json").write_text(json.dumps(text | {"unit": "epochs"}), encoding="utf-8")
    with pytest.raises(ConfigError, match="preset='gpt3' does not go with unit='epochs': the recipe sets 'steps'"):
        load_setup(tmp_path / "odd.json")


@pytest.mark.parametrize("epochs", [1, 100, 600, 1000, 93_750, MAX_EPOCHS])
def test_the_default_speed_plays_any_run_in_about_a_minute(epochs):
    from lrgame.sim.simulation import PLAY_SECONDS, default_speed  # here: a test of its own where it is missing

    speed = default_speed(epochs)
    assert SPEED_RANGE[0] <= speed <= SPEED_RANGE[1]
    assert epochs / speed <= PLAY_SECONDS and (speed == 10 or epochs / speed >= 0.9 * PLAY_SECONDS)
    assert float(f"{speed:.2g}") == speed  # a round number in the speed box


def test_playing_gpt3_goes_at_the_speed_its_box_shows_and_arrows_step_one(launch):
    d = launch()
    d.choose("preset", "GPT-3 175B")
    box = d.app.state()["controls"]["speed"]["text"]
    assert float(box) == d.app.sim.speed == 1600  # 93,750 steps in 59 s
    d.key(pygame.K_SPACE)
    start = d.app.sim.t
    d.frames(60)  # one second
    assert abs(d.app.sim.t - start - 1600) <= 1600 / 60 + 1  # a second's worth, give or take a frame
    d.key(pygame.K_SPACE)
    here = d.app.sim.t
    d.key(pygame.K_RIGHT)
    assert d.app.sim.t == here + 1  # one step, not a frame's worth
    d.key(pygame.K_LEFT)
    assert d.app.sim.t == here


def test_a_speed_set_holds_and_a_recipe_brings_the_default_back(launch):
    d = launch(epochs=100)
    assert d.app.sim.speed == 10
    d.type_into("epochs", "1200")
    assert d.app.sim.speed == 20 and d.app.state()["controls"]["speed"]["text"] == "20"  # T follows: 60 s
    d.type_into("speed", "3")
    d.type_into("epochs", "6000")
    assert d.app.sim.speed == 3  # the teacher's speed holds
    d.choose("preset", "LLaMA 7B")
    assert d.app.sim.speed == 4200 and PRESETS["llama"].epochs / 4200 <= 60


def test_a_race_counted_in_steps_says_steps(launch):
    d = launch(schedule="step", epochs=200, unit="steps")
    d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    d.key(pygame.K_5)
    d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    d.key(pygame.K_c)
    d.key(pygame.K_END)
    d.frames(20)
    texts = drawn(d)
    assert "│ step 200, run over" in texts and "at step 200 of 200" in texts
    assert not [t for t in texts if EPOCH.search(t) and t != "steps / epoch"], texts


def test_readme_and_the_guide_quote_the_speeds_they_measure():
    from lrgame.sim.simulation import default_speed  # here: a test of its own where it is missing

    gpt3, llama = PRESETS["gpt3"].epochs, PRESETS["llama"].epochs
    root = Path(__file__).resolve().parent.parent
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    guide = " ".join((root / "docs" / "teacher-guide.md").read_text(encoding="utf-8").split())
    assert f"GPT-3's {gpt3:,} steps, LLaMA's {llama:,}" in readme
    assert f"GPT-3's at {default_speed(gpt3):,.0f} steps a second" in readme
    assert f"GPT-3's {gpt3:,} steps at {default_speed(gpt3):,.0f} a second" in guide
    counted_in_steps = [p.title.split(" (")[0] for p in PRESETS.values() if p.unit == "steps"]
    assert counted_in_steps == ["Transformer", "BERT", "GPT-3 175B", "LLaMA 7B", "Warmup-stable-decay"]
    assert "Five recipes (the Transformer, BERT, GPT-3, LLaMA, warmup-stable-decay) are counted in optimizer steps" \
        in guide


def test_the_command_line_opens_a_recipe_counted_in_steps(tmp_path, capsys):
    from lrgame import cli

    state = tmp_path / "state.json"
    assert cli.main(["--preset", "gpt3", "--headless", "--frames", "2", "--dump-state", str(state)]) == 0
    dumped = json.loads(state.read_text(encoding="utf-8"))
    assert (dumped["unit"], dumped["controls"]["speed"]["text"]) == ("steps", "1600")
    with pytest.raises(SystemExit) as refused:
        cli.main(["--preset", "gpt3", "--steps-per-epoch", "4", "--headless", "--frames", "2"])
    assert refused.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "counted in steps" in err


def test_the_train_view_counts_the_networks_steps_in_a_run_counted_in_steps(launch):
    d = launch(schedule="cosine", lr0=1.0, epochs=300, unit="steps", epoch=30)
    d.key(pygame.K_t)
    d.frames(45)  # a step a frame at batch 32: training has run ahead of the cursor
    texts = drawn(d)
    assert any(t.startswith("step 30 of 300: training loss") for t in texts), texts  # the status
    assert any(t.startswith("Training has run ahead to step 4") for t in texts), texts
    assert "← → Home End Space: the step shown. K: the sharpness." in texts
    assert d.app.scene.train_view.loss_chart.x_label == "step"
    assert not [t for t in texts if EPOCH.search(t) and t != "steps / epoch"], texts


def test_with_several_steps_an_epoch_the_speed_box_counts_epochs(launch):
    d = launch(epochs=100, steps_per_epoch=4)
    assert d.app.state()["controls"]["speed"]["text"] == "10"
    assert "epochs / second" in [c.text for c in d.app.panel.captions()]
    d.key(pygame.K_SPACE)
    d.frames(60)  # one second: ten epochs, forty steps
    assert abs(d.app.sim.t - 40) <= 40 / 60 * 2 + 1  # give or take the key's two frames


def test_exports_stay_in_steps_after_a_knob_change(launch, tmp_path, monkeypatch):
    """The code and the table followed the recipe's name, which the first change drops: GPT-3 with
    another η₀ was exported as 93,750 epochs."""
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path))
    d = launch()
    d.choose("preset", "GPT-3 175B")
    d.type_into("lr0", "0.0001")
    d.key(pygame.K_e)
    d.key(pygame.K_2, unicode="2")
    (table,) = tmp_path.glob("*.csv")
    assert table.read_text().splitlines()[0] == "step,lr"
    d.key(pygame.K_e)
    d.key(pygame.K_1, unicode="1")
    (code,) = tmp_path.glob("*.py")
    assert "scheduler.step()  # once per optimizer step: 93750 steps in all" in code.read_text()


def test_every_schedule_says_steps_in_a_run_counted_in_steps(launch):
    d = launch(schedule="cosine", lr0=1.0, epochs=300, unit="steps")
    d.key(pygame.K_t, mod=pygame.KMOD_SHIFT)
    d.frames(3)
    texts = drawn(d)
    assert "of all their steps done." in " ".join(texts), texts  # the progress paragraph, its lines joined again
    assert not [t for t in texts if EPOCH.search(t) and t != "steps / epoch"], texts
    d.key(pygame.K_t, mod=pygame.KMOD_SHIFT)
    d.choose("preset", "GPT-3 175B")
    d.key(pygame.K_t, mod=pygame.KMOD_SHIFT)
    assert "at most 2000 steps" in d.app.messages.shown(d.app.panel)[0].text
