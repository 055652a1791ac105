"""The real window, driven headless with posted pygame events: widgets, keys, cards and the ball."""

import math

import numpy as np
import pygame
import pytest

from lrgame.app.modes.explain import ExplainOverlay
from lrgame.app.modes.help import HelpOverlay
from lrgame.app.modes.race import RaceMode
from lrgame.app.modes.range_test import RangeTestMode
from lrgame.app.modes.train import TrainMode
from lrgame.engine import schedules
from lrgame.engine.summary import summarize
from lrgame.sim.valley import DEFAULT_SHARPNESS, make_valley
from lrgame.view.cards import cards_for


def engine_summary(app):
    s = app.sim.settings
    return summarize(schedules.curve(s.schedule, lr0=s.lr0, epochs=s.epochs, **s.params), s.lr0, app.sim.epoch)


def assert_cards_match_engine(app):
    state, expected = app.state(), engine_summary(app)
    for key in ("current", "initial", "final", "average", "ratio"):
        over = key == "current" and state["epoch"] == state["epochs"]  # no rate is used at t = T
        assert state[key] == (None if over else getattr(expected, key)), key


def test_dropdown_changes_the_curve(launch):
    d = launch()
    before = d.app.sim.curve.copy()
    d.choose("schedule", "Cosine annealing")
    assert d.app.sim.settings.schedule == "cosine"
    assert not np.array_equal(before, d.app.sim.curve)
    np.testing.assert_array_equal(d.app.sim.curve, schedules.curve("cosine", lr0=0.1, epochs=100))
    assert d.app.panel.row("param.T_max") is not None  # the knobs were rebuilt for the new schedule


def _track_point(slider, share: float) -> tuple[int, int]:
    """The pixel where the handle's centre stands at `share` (0..1) of the slider's range."""
    handle = slider.sliding_button_width
    left = slider.rect.x + (slider.rect.w - slider.scrollable_width - handle) // 2
    return round(left + handle / 2 + share * slider.scrollable_width), slider.rect.centery


def test_a_click_on_a_slider_track_moves_the_handle_there_and_the_cards_follow(launch):
    d = launch(epoch=10)
    row = d.app.panel.row("lr0")
    x, y = _track_point(row.slider, 0.8)
    d.click((x, y))
    slider, handle = row.slider, row.slider.sliding_button_width
    left = slider.rect.x + (slider.rect.w - slider.scrollable_width - handle) // 2 + handle / 2
    share = (x - left) / slider.scrollable_width
    assert d.app.sim.settings.lr0 == row.scale.value(round(share * row.scale.steps)) == pytest.approx(1.0, rel=0.1)
    assert_cards_match_engine(d.app)
    assert cards_for(d.app.sim)[1].exact == repr(d.app.sim.settings.lr0)
    d.frames(4)
    assert abs(row.slider.sliding_button.rect.centerx - _track_point(row.slider, 0.8)[0]) <= 1


def test_a_click_on_the_handle_or_on_an_open_list_does_not_jump(launch):
    d = launch()
    row = d.app.panel.row("lr0")
    d.click(row.slider.sliding_button.rect.center)
    assert d.app.sim.settings.lr0 == 0.1
    d.click(d.app.panel.row("valley").dropdown.rect.center, settle=3)  # its list opens over the sliders below
    sharpness = d.app.panel.row("sharpness").slider
    d.click(_track_point(sharpness, 0.95))
    assert d.app.sim.settings.sharpness == DEFAULT_SHARPNESS  # the click chose from the list, not on the track


def test_text_box_sets_a_knob_and_the_cards_equal_the_engine(launch):
    d = launch(epoch=50)
    d.type_into("param.step_size", "20")
    assert d.app.sim.settings.params["step_size"] == 20
    assert d.app.state()["current"] == pytest.approx(0.1 * 0.1**2, rel=1e-15)
    assert_cards_match_engine(d.app)


@pytest.mark.parametrize(
    "text", ["abc", "nan", *[pytest.param(text, marks=pytest.mark.slow) for text in ("-3", "0", "500", "1e9", "")]]
)
def test_bad_text_keeps_the_last_good_value_and_says_why(launch, text):
    d = launch()
    d.type_into("param.step_size", text)
    assert d.app.sim.settings.params["step_size"] == 33
    note = d.app.messages.notes["param.step_size"]
    assert note.error and note.text.startswith("step size = ")  # as the panel names it
    d.frames(2)
    assert d.app.panel.row("param.step_size").entry.get_text() == "33"


def test_bad_lr0_text_is_refused(launch):
    d = launch()
    d.type_into("lr0", "fast")
    assert d.app.sim.settings.lr0 == 0.1
    assert d.app.messages.notes["lr0"].text.startswith("η₀ = ")


def test_arrow_keys_home_and_end_move_the_epoch(launch):
    d = launch()
    d.key(pygame.K_RIGHT)
    assert d.app.sim.epoch == 1
    d.key(pygame.K_RIGHT, mod=pygame.KMOD_SHIFT)
    assert d.app.sim.epoch == 11
    d.key(pygame.K_LEFT)
    assert d.app.sim.epoch == 10
    d.key(pygame.K_END)
    assert d.app.sim.epoch == 100
    d.key(pygame.K_RIGHT)
    assert d.app.sim.epoch == 100
    d.key(pygame.K_HOME)
    assert d.app.sim.epoch == 0
    assert_cards_match_engine(d.app)


def test_tab_focus_and_plus_minus_change_the_focused_control(launch):
    d = launch()
    stops = d.app.panel.focusable()
    keys = [r.key for r in stops]
    d.key(pygame.K_TAB)
    assert d.app.panel.focused().key == keys[0] == "schedule"
    d.key(pygame.K_EQUALS, unicode="=")
    assert d.app.sim.settings.schedule == list(schedules.SCHEDULES)[2]  # step → multistep
    d.key(pygame.K_MINUS, unicode="-")
    assert d.app.sim.settings.schedule == "step"
    d.key(pygame.K_TAB)  # recipe
    d.key(pygame.K_TAB)  # η₀
    d.key(pygame.K_TAB)  # T
    assert d.app.panel.focused().key == "epochs"
    d.key(pygame.K_PAGEUP)
    assert d.app.sim.settings.epochs > 100
    d.key(pygame.K_TAB, mod=pygame.KMOD_SHIFT)
    assert d.app.panel.focused().key == "lr0"
    d.key(pygame.K_MINUS, unicode="-")
    assert d.app.sim.settings.lr0 < 0.1


def test_enter_on_a_focused_box_edits_it_and_keeps_its_keys(launch):
    d = launch()
    while d.app.panel.focused() is None or d.app.panel.focused().key != "epoch":
        d.key(pygame.K_TAB)
    d.key(pygame.K_RETURN, unicode="\r")
    assert d.app.panel.editing()
    d.key(pygame.K_a, mod=pygame.KMOD_CTRL)
    for ch in "42":
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    d.frames(2)
    d.key(pygame.K_LEFT)  # the box keeps the arrow: the epoch does not move
    assert d.app.sim.epoch == 0
    d.key(pygame.K_RETURN, unicode="\r")
    assert d.app.sim.epoch == 42
    assert not d.app.panel.editing()


def test_leaving_a_box_checks_its_text(launch):
    d = launch()
    d.type_into("noise", "0.25", finish=False)
    d.click(d.app.scene.layout.valley.center)
    assert d.app.sim.settings.noise == 0.25


def test_the_ball_follows_the_gradient_descent_recurrence(launch):
    d = launch(schedule="exponential", params={"gamma": 0.97}, noise=0.5, seed=7)
    for _ in range(25):
        d.key(pygame.K_RIGHT)
    valley = make_valley("bowl", DEFAULT_SHARPNESS)
    rates = schedules.curve("exponential", lr0=0.1, epochs=100, gamma=0.97)
    x = valley.start_x
    for t in range(25):
        z = np.random.default_rng([7, t // 4096]).standard_normal(4096)[t % 4096]
        x = x - rates[t] * (valley.df(x) + 0.5 * z)
    assert d.app.state()["ball"]["x"] == pytest.approx(x, rel=1e-12, abs=1e-15)


def test_far_too_big_a_rate_diverges_without_an_exception(launch):
    d = launch(schedule="constant", lr0=5.0)
    d.key(pygame.K_END)
    d.frames(30)
    state = d.app.state()
    assert state["diverged"] is True
    assert math.isfinite(state["ball"]["x"]) and math.isfinite(state["ball"]["loss"])
    readout = __import__("lrgame.view.readout", fromlist=["x"])
    assert "DIVERGED" in " ".join(t for t, _ in readout.readout_lines(d.app.sim))


def test_shrinking_t_clamps_the_epoch_knobs_and_says_so(launch):
    d = launch(schedule="step", params={"step_size": 40}, epoch=80)
    d.type_into("epochs", "25")
    assert d.app.sim.settings.epochs == 25
    assert d.app.sim.settings.params["step_size"] == 25
    assert d.app.sim.epoch == 25
    assert "clamped" in d.app.messages.notes["epochs"].text
    assert_cards_match_engine(d.app)


def test_knobs_left_at_default_follow_t(launch):
    d = launch(schedule="cosine")
    d.type_into("epochs", "300")
    assert d.app.sim.settings.params["T_max"] == 300


def test_rate_floor_stays_below_lr0(launch):
    d = launch(schedule="cosine", params={"eta_min": 0.05})
    d.type_into("lr0", "0.01")
    assert d.app.sim.settings.params["eta_min"] == 0.01
    assert d.app.messages.notes["lr0"].text.startswith("η_min clamped")


def test_space_plays_to_the_end_and_replays(launch):
    d = launch(epochs=10)
    d.key(pygame.K_SPACE)
    assert d.app.sim.playing
    d.frames(200)  # 10 epochs/s for 3.3 s of nominal time
    assert d.app.sim.epoch == 10 and not d.app.sim.playing
    d.key(pygame.K_SPACE)
    assert d.app.sim.playing and d.app.sim.epoch <= 1


def test_r_rewinds_and_shift_r_resets(launch):
    d = launch(schedule="cosine", lr0=0.05, epoch=30)
    d.key(pygame.K_r)
    assert d.app.sim.epoch == 0 and d.app.sim.settings.schedule == "cosine"
    d.key(pygame.K_r, mod=pygame.KMOD_SHIFT)
    assert d.app.sim.settings.schedule == "step" and d.app.sim.settings.lr0 == 0.1


def test_schedule_keys_and_lr0_keys(launch):
    d = launch()
    names = list(schedules.SCHEDULES)
    d.key(pygame.K_RIGHTBRACKET)
    assert d.app.sim.settings.schedule == names[2]
    d.key(pygame.K_LEFTBRACKET)
    d.key(pygame.K_LEFTBRACKET)
    assert d.app.sim.settings.schedule == names[0]
    d.key(pygame.K_5, unicode="5")
    assert d.app.sim.settings.schedule == names[4]
    d.key(pygame.K_UP)
    assert d.app.sim.settings.lr0 > 0.1
    d.key(pygame.K_DOWN)
    d.key(pygame.K_DOWN)
    assert d.app.sim.settings.lr0 < 0.1


def test_overlay_log_scale_fullscreen_and_quit_keys(launch):
    d = launch()
    d.key(pygame.K_h)
    assert d.app.find(HelpOverlay)
    d.key(pygame.K_ESCAPE)
    assert not d.app.find(HelpOverlay)
    d.key(pygame.K_SLASH, mod=pygame.KMOD_SHIFT, unicode="?")
    assert d.app.find(HelpOverlay)
    d.key(pygame.K_l)
    assert d.app.valley.log_scale and d.app.scene.lr_chart.log_scale
    d.key(pygame.K_F11)
    assert d.app.fullscreen
    d.key(pygame.K_ESCAPE)  # closes the help first
    d.key(pygame.K_ESCAPE)
    assert not d.app.fullscreen
    d.key(pygame.K_q, mod=pygame.KMOD_CTRL)
    assert not d.app.running


def test_esc_closes_the_overlays_together_then_the_range_test_and_never_the_race(launch):
    d = launch()
    for key in (pygame.K_c, pygame.K_g, pygame.K_i, pygame.K_h):
        d.key(key)
    assert all(d.app.find(kind) for kind in (RaceMode, RangeTestMode, ExplainOverlay, HelpOverlay))
    d.key(pygame.K_ESCAPE)  # the help and the explanation at once
    assert [type(m) for m in d.app.modes] == [RangeTestMode, RaceMode]
    d.key(pygame.K_t)  # the training takes the range test's place below the cards
    assert [type(m) for m in d.app.modes] == [TrainMode, RaceMode]
    d.key(pygame.K_ESCAPE)  # Esc leaves the training and the race: it drops the focus ring
    d.key(pygame.K_g)
    d.key(pygame.K_ESCAPE)
    assert [type(m) for m in d.app.modes] == [RaceMode]


def test_close_button_quits(launch):
    d = launch()
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    d.frames(1)
    assert not d.app.running


def test_the_marker_and_the_ball_are_drawn_where_the_state_says(launch):
    d = launch(epoch=40)
    d.frames(30)
    surface = d.app.window
    chart = d.app.scene.lr_chart
    x = chart.x_of(40)
    marker = d.app.scene.palette.marker
    column = [tuple(surface.get_at((x, y)))[:3] for y in range(chart.plot_rect.top, chart.plot_rect.bottom)]
    assert column.count(marker) > chart.plot_rect.h // 2
    vp = d.app.scene.valley_view.viewport
    bx, by = vp.point(d.app.sim.trajectory.x(40), d.app.sim.trajectory.loss(40))
    assert tuple(surface.get_at((bx, by - 11)))[:3] == d.app.scene.palette.ball


def test_every_schedule_builds_its_panel_without_a_warning(launch):
    d = launch()
    for name in schedules.SCHEDULES:
        d.app.apply(__import__("lrgame.sim.intents", fromlist=["SetValue"]).SetValue("schedule", name))
        d.frames(2)
        assert d.app.sim.settings.schedule == name
        labels = [r.label.text for r in d.app.panel.rows if r.label is not None and r.key.startswith("param.")]
        # The momentum's range, where a schedule drives it, sits on the optimizer's page instead.
        assert len(labels) == sum(p.name not in ("base_momentum", "max_momentum") for p in schedules.get(name).params)


def test_a_recipe_from_the_panel_sets_everything_and_shows_its_source(launch):
    from lrgame.sim.presets import get_preset

    d = launch(noise=0.5, seed=3)
    d.choose("preset", "SGDR: warm restarts")
    s = d.app.sim.settings
    want = get_preset("sgdr").settings()
    assert (s.schedule, s.lr0, s.epochs, dict(s.params), s.sharpness) == (
        want.schedule, want.lr0, want.epochs, dict(want.params), want.sharpness)
    assert (s.noise, s.seed) == (0.5, 3)
    assert d.app.valley.preset == "sgdr"
    d.type_into("lr0", "0.04")  # any change leaves the recipe
    assert d.app.valley.preset == ""


def test_a_tap_on_a_touch_screen_works_like_a_click(launch):
    d = launch()
    w, h = d.app.window.get_size()
    x, y = _track_point(d.app.panel.row("lr0").slider, 0.8)
    for kind in (pygame.FINGERDOWN, pygame.FINGERUP):
        pygame.event.post(pygame.event.Event(kind, x=x / w, y=y / h, dx=0.0, dy=0.0, touch_id=1, finger_id=0,
                                             pressure=1.0))
        d.frames(2)
    d.frames(4)
    assert d.app.sim.settings.lr0 > 0.1
