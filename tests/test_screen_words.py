"""What the screen's words say: messages name each control as the screen does (η₀, T, γ, "step
size"), or on the command line the flag with that name; whole numbers without ".0"; 1e400 is too
large, not "inf"; the boxes show the epoch while playing and a rounded speed; the every-schedule view
says why reduce-on-plateau is not in it; the chart's marker label stays off the title and the ticks;
messages sit in a line of their own and hide nothing."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from lrgame.engine import schedules, wording
from lrgame.engine.wording import SCREEN_NAMES, screen_name, worded
from lrgame.sim import intents as it
from lrgame.ui.panel import LATE_FRAMES
from lrgame.view.every_schedule_view import left_out

ROOT = Path(__file__).resolve().parents[1]


def test_the_wording_examples_hold():
    assert doctest.testmod(wording).failed == 0


@pytest.mark.parametrize(
    ("key", "typed", "words"),
    [
        ("lr0", "abc", "η₀ = 'abc' is not a number"),
        ("lr0", "1e400", "η₀ = 1e400 is too large"),
        ("epochs", "0", "T = 0 is not allowed"),
        ("param.step_size", "500.0", "step size = 500 is not allowed"),
        ("param.step_size", "1e400", "step size = 1e400 is too large"),
        ("param.gamma", "7", "γ = 7 is not allowed"),
        ("sharpness", "-1", "sharpness f″ = -1 is not allowed"),
        ("speed", "1e400", "epochs / second = 1e400 is too large"),
    ],
)
def test_a_refused_box_is_named_as_the_screen_names_it(launch, key, typed, words):
    d = launch()
    d.app.apply(it.SetValue(key, typed))
    note = d.app.messages.notes[key].text
    assert note.startswith(words) and note.endswith("Kept the last good value."), note
    internal = key.removeprefix("param.")
    assert f"{internal}=" not in note and "inf" not in note and ".0 " not in note, note


def test_a_note_after_a_new_t_names_the_knob_it_clamped(launch):
    d = launch(schedule="step", params={"step_size": 80})
    d.app.apply(it.SetValue("epochs", "50"))
    assert d.app.messages.notes["epochs"].text == "step size clamped to 50 to fit T"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--lr0", "abc"], "--lr0 (η₀) = 'abc' is not a number"),
        (["--lr0", "1e400"], "--lr0 (η₀) is too large"),
        (["--epochs", "0"], "--epochs (T) = 0 is not allowed"),
        (["--schedule", "step", "--param", "gamma=7"], "--param gamma (γ) = 7 is not allowed"),
        (["--sharpness", "-1"], "--sharpness (sharpness f″) = -1 is not allowed"),
    ],
)
def test_the_command_line_names_the_flag_as_typed_and_the_screen_name(args, words):
    done = subprocess.run([sys.executable, "main.py", "--headless", "--frames", "1", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and words in done.stderr and "inf" not in done.stderr, done.stderr


def test_an_example_in_a_message_stays_as_it_is_typed():
    message = "param='gamma' is not KEY=VALUE, e.g. gamma=0.5"
    assert worded(message, "cli") == message and worded(message, "window") == message


def test_a_key_in_a_setup_file_keeps_its_name_on_the_command_line():
    message = "/home/t/setup.json: lr0='lots' is not allowed: give a number"
    assert worded(message, "cli") == message  # the file says lr0: that is what to fix
    assert worded(message, "window") == "/home/t/setup.json: η₀ = 'lots' is not allowed: give a number"


def test_every_panel_label_starts_with_its_screen_name(launch):
    d = launch()
    labels = {row.key: row.label.text for row in d.app.panel.rows if row.label is not None}
    for key, label in labels.items():
        assert label.startswith(screen_name(key, d.app.sim.settings.schedule)), (key, label)
    assert {"lr0", "epochs", "sharpness", "noise", "epoch", "speed"} <= set(labels) & set(SCREEN_NAMES)


def test_the_epoch_box_shows_the_epoch_while_playing(launch):
    d = launch()
    d.key(pygame.K_SPACE)
    epochs = []
    for _ in range(40):
        d.frames(1)
        epochs.append(str(d.app.sim.epoch))
    assert d.app.sim.playing and d.app.sim.epoch > 2
    assert d.app.panel.row("epoch").entry.get_text() in epochs[-1 - LATE_FRAMES:]  # playing, it may be a little late
    d.move((900, 600))  # input: exact at once
    assert d.app.panel.row("epoch").entry.get_text() == str(d.app.sim.epoch)


def test_the_speed_box_shows_a_rounded_speed(launch):
    d = launch()
    d.app.apply(it.SetValue("speed", 100 / 12))  # what a kiosk's scene or a slider gives: 8.333…
    d.frames(2)
    assert d.app.panel.row("speed").entry.get_text() == "8.33"


def test_the_every_schedule_view_says_why_reduce_on_plateau_is_not_in_it():
    assert set(schedules.LOSS_DRIVEN) == {"reduce_on_plateau"}
    words = left_out()
    assert words.startswith("Reduce on plateau is left out:") and "loss" in words


def test_the_marker_label_stays_inside_the_plot_at_epoch_0(launch):
    # It printed over the chart's title and the axis ticks: it now keeps inside the plot area.
    d = launch(size=(1024, 600))
    for schedule in schedules.ENTRIES:
        d.app.apply(it.SetValue("schedule", schedule))
        d.frames(1)
        chart = d.app.scene.lr_chart
        _, _, label = chart._marker_at(0, d.app.scene.palette, d.app.scene.texts)
        assert label is not None, schedule
        text, at = label
        assert chart.plot_rect.contains(pygame.Rect(at, text.get_size())), schedule


def test_messages_stack_in_their_own_line_over_the_chart(launch):
    d = launch()
    for key, typed in (("lr0", "abc"), ("epochs", "0"), ("noise", "x")):
        d.app.apply(it.SetValue(key, typed))
    lay = d.app.scene.layout
    assert not lay.message.colliderect(lay.chart) and all(not lay.message.colliderect(c) for c in lay.cards)
    shown = d.app.messages.shown(d.app.panel)
    assert [n.text.split(" =")[0] for n in shown] == ["gradient noise", "T", "η₀"]  # the newest first


def test_a_huge_number_typed_into_a_box_is_quoted_cut_short(launch):
    # The worded note quoted all 5000 digits the person typed (main cuts every quoted value).
    d = launch()
    d.app.apply(it.SetValue("lr0", "9" * 5000))
    note = d.app.messages.notes["lr0"].text
    assert note == "η₀ = 999999999999999999…999999999999999999 (5000 digits) is too large: give a rate in " \
                   "[1e-09, 100]. Kept the last good value.", note


@pytest.mark.parametrize(
    ("message", "window", "cli"),
    [
        ("/t/a.json: lr0=inf is not allowed: give a rate in [1e-09, 100]",
         "/t/a.json: η₀ is too large: give a rate in [1e-09, 100]",
         "/t/a.json: lr0 is too large: give a rate in [1e-09, 100]"),
        ("/t/a.json: milestones=[inf] is not allowed: whole numbers, each in [1, 100] (at most T)",
         "/t/a.json: milestones has a number too large: whole numbers, each in [1, 100] (at most T)",
         "/t/a.json: milestones has a number too large: whole numbers, each in [1, 100] (at most T)"),
        ("milestones=[10.0, 200.0] is not allowed: whole numbers, each in [1, 100] (at most T)",
         "milestones = [10, 200] is not allowed: whole numbers, each in [1, 100] (at most T)",
         "--param milestones = [10, 200] is not allowed: whole numbers, each in [1, 100] (at most T)"),
    ],
)
def test_a_huge_number_in_a_file_or_a_list_is_too_large_not_inf(message, window, cli):
    assert worded(message, "window", schedule="multistep") == window
    assert worded(message, "cli", schedule="multistep") == cli


def test_a_setup_file_with_a_huge_number_opened_in_the_window_says_too_large(launch, monkeypatch, tmp_path):
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path))
    (tmp_path / "huge.json").write_text('{"format": "lrgame-setup", "version": 1, "lr0": 1' + "0" * 400 + "}")
    d = launch()
    d.app.apply(it.OpenSetups())
    d.app.apply(it.LoadSetup(0))
    toast = d.app.messages.toast
    assert toast is not None and toast.error
    assert toast.text.endswith("huge.json: η₀ is too large: give a rate in [1e-09, 100]"), toast.text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--headless", "--frames", "0"], "--frames = 0 is not allowed"),
        (["--kiosk", "--idle-seconds", "1e400"], "--idle-seconds = 1e400 is too large"),
        (["--setup", "{dir}/huge.json", "--kiosk"], "huge.json: lr0 is too large"),
    ],
)
def test_the_command_lines_other_flags_and_files_are_named_as_typed(tmp_path, args, words):
    # frames=0, idle_seconds='1e400', lr0=inf in a file: the program's names and Python's inf.
    (tmp_path / "huge.json").write_text('{"format": "lrgame-setup", "version": 1, "lr0": 1' + "0" * 400 + "}")
    done = subprocess.run([sys.executable, "main.py", *(a.replace("{dir}", str(tmp_path)) for a in args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and words in done.stderr and "inf" not in done.stderr, done.stderr


def test_the_marker_label_at_epoch_0_leaves_a_rising_curve_in_sight(launch):
    # Beside the dot was the only place tried: at epoch 0 one-cycle's rising curve ran under it, hidden.
    d = launch(schedule="one_cycle", size=(1920, 1080))
    chart = d.app.scene.lr_chart
    _, _, (text, (x, y)) = chart._marker_at(0, d.app.scene.palette, d.app.scene.texts)
    a, b = x - chart.plot_rect.left, x + text.get_width() - chart.plot_rect.left
    top, bottom = chart._curve.col_top[a:b], chart._curve.col_bottom[a:b]
    assert not ((top <= y + text.get_height()) & (bottom >= y)).any()


def test_diverged_says_the_epoch_not_the_step_with_several_steps_an_epoch(launch):
    # With 10 steps an epoch it said "DIVERGED at epoch 25" for step 25, in epoch 2.
    from lrgame.view.readout import diverged_words, readout_lines

    d = launch(schedule="constant", lr0=0.11, steps_per_epoch=10)
    d.app.sim.seek(100)
    d.frames(1)
    t = d.app.sim.trajectory.diverged_at
    assert d.app.sim.diverged and t is not None and t >= 10
    words = f"DIVERGED at epoch {t // 10} (step {t})"
    assert diverged_words(d.app.sim) == words and (words, "danger") in readout_lines(d.app.sim)


def test_the_explanation_names_each_knob_and_value_as_the_panel_shows_them(launch):
    # "three_phase = False", "anneal_strategy = cos" beside a panel saying "three phases: no", "anneal shape".
    from lrgame.view.explain_view import explanation_paragraphs

    d = launch(schedule="one_cycle")
    paragraphs = [text for text, *_ in explanation_paragraphs(d.app.sim, d.app.scene.palette)]
    for spec in schedules.entry("one_cycle").params:
        row = d.app.panel.row(f"param.{spec.name}")
        if row is None:  # base/max momentum: set where the optimizer's momentum is
            continue
        name = screen_name(spec.name, "one_cycle")
        assert row.label.text.startswith(name)
        shown = row.dropdown.selected_option[0] if row.dropdown is not None else row.entry.get_text()
        assert any(p.startswith(f"{name} = {shown}") for p in paragraphs), (name, shown, paragraphs)


@pytest.mark.parametrize(
    ("key", "typed", "words"),
    [("opt.beta2", "x", "β₂ = 'x' is not a number"), ("opt.eps", "1e400", "ε = 1e400 is too large"),
     ("opt.weight_decay", "-1", "weight decay λ = -1 is not allowed")],
)
def test_an_optimizer_box_is_named_as_its_row(launch, key, typed, words):
    # "beta2='x'", "eps=inf", "weight_decay=-1.0": the optimizer's names inside the program.
    d = launch()
    d.app.apply(it.ShowPage("optimizer"))
    d.app.apply(it.SetValue("optimizer", "adam"))
    d.frames(1)
    d.app.apply(it.SetValue(key, typed))
    note = d.app.messages.notes[key].text
    assert note.startswith(words), note
    assert d.app.panel.row(key).label.text.startswith(words.split(" = ")[0])


def test_the_command_line_names_an_optimizer_flag_with_its_row():
    done = subprocess.run([sys.executable, "main.py", "--headless", "--frames", "1", "--optimizer", "adamw",
                           "--weight-decay", "1e400"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "--weight-decay (weight decay λ) = 1e400 is too large" in done.stderr, done.stderr


def test_a_curve_running_through_the_limit_label_stays_in_sight(launch):
    # Reduce on plateau at 0.1, just under the limit: its curve ran across the label's letters, and
    # then (hidden behind the label's box) vanished for ten epochs. The label now goes where the
    # curve is not, and the curve's drop at epoch 60 shows whole.
    d = launch(schedule="reduce_on_plateau", size=(1920, 1080), theme="projector", epoch=100)
    d.frames(1)
    chart, pal = d.app.scene.lr_chart, d.app.scene.palette
    (label,) = chart._frame.keep_clear
    plot, curve = chart.plot_rect, chart._curve
    a, b = label.left - plot.left, label.right - plot.left
    assert not ((curve.col_top[a:b] <= label.bottom) & (curve.col_bottom[a:b] >= label.top)).any()
    x = chart.x_of(60)
    top, bottom = int(curve.col_top[x - plot.left]), int(curve.col_bottom[x - plot.left])
    pixels = pygame.surfarray.pixels3d(d.app.window)[x - 1:x + 2, top:bottom + 1]
    shown = (pixels == pal.curve).all(axis=-1).any(axis=0).sum()
    del pixels
    assert bottom - top > 5 and shown == bottom - top + 1  # every row of the drop in sight
