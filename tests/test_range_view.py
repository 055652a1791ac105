"""G in the window runs the range test a few steps a frame, plots it, and Enter or the button sets η₀."""

import numpy as np
import pygame
import pytest

from lrgame.app.keys import KEY_HELP
from lrgame.app.launch import LaunchOptions
from lrgame.app.modes.range_test import RANGE_STEPS_PER_FRAME, RangeTestMode
from lrgame.app.modes.train import TrainMode
from lrgame.app.window import App
from lrgame.sim import intents as it
from lrgame.sim.settings import make_settings
from lrgame.train.range_rules import RECOMMENDED
from lrgame.train.range_test import STEPS, range_test
from lrgame.view.range_view import button_words, range_areas, rate_axis, suggested_text
from lrgame.view.train_view import train_areas
from tests.text_boxes import TextBoxes, frame_texts, problems, regions


def _body(d):
    return _body_of(d.app)


def _body_of(app):
    return app.scene.layout.valley.union(app.scene.layout.readout)


def _columns_in(d, rect, colour):
    """Pixel columns inside `rect` that show `colour` somewhere."""
    pixels = pygame.surfarray.pixels3d(d.app.window)[rect.left:rect.right, rect.top:rect.bottom]
    hit = (pixels == np.array(colour, dtype=np.uint8)).all(axis=2).any(axis=1)
    del pixels
    return set((rect.left + np.flatnonzero(hit)).tolist())


def test_g_runs_the_test_a_few_steps_a_frame_and_plots_the_suggestion(launch):
    d = launch(schedule="cosine", lr0=1.0)
    d.key(pygame.K_g)  # two frames
    test = d.app.find(RangeTestMode).test
    assert len(test.losses) == 2 * RANGE_STEPS_PER_FRAME and not test.done  # never all at once
    d.frames(STEPS // RANGE_STEPS_PER_FRAME)
    assert test.done
    result, expected = test.result(), range_test(seed=0, batch_size=32)  # the window's batches
    assert result.suggestion == expected.suggestion and np.array_equal(result.smoothed, expected.smoothed)
    plot, palette = range_areas(_body(d)).plot, d.app.scene.palette
    x = rate_axis(plot).pixel(result.suggestion)
    lower = plot.clip(plot.x, plot.centery, plot.w, plot.h // 2)  # below the labels: only lines and the curve
    assert x in _columns_in(d, lower, palette.ok)  # the dashed line at the suggested rate
    others = {rate_axis(plot).pixel(v) for name, v in result.rules.items() if name != RECOMMENDED}
    assert others <= _columns_in(d, lower, palette.text_dim)  # and one at each other rule's rate
    assert len(others | {x}) >= 3  # on the spiral the four rules land on at least three columns
    curve = _columns_in(d, plot, palette.loss_trace)
    assert len(curve) > plot.w // 2  # the smoothed loss across the rates tried
    assert max(curve) <= rate_axis(plot).pixel(result.rates[-1]) + 1  # and no further
    assert "range test" in dict(KEY_HELP)["G"]  # the help overlay lists KEY_HELP's rows


def test_enter_sets_the_networks_lr0_to_the_suggestion_and_esc_closes(launch):
    d = launch(schedule="cosine", net_lr0=1.0)
    d.key(pygame.K_g)
    d.key(pygame.K_RETURN)  # not done yet: nothing happens
    assert d.app.sim.settings.net_lr0 == 1.0
    d.frames(STEPS // RANGE_STEPS_PER_FRAME)
    d.key(pygame.K_RETURN)
    text = suggested_text(d.app.find(RangeTestMode).test.result())
    assert d.app.sim.settings.net_lr0 == float(text) != 1.0 and d.app.sim.settings.lr0 == 0.1  # the valley's stays
    assert text in d.app.messages.toast.text
    d.key(pygame.K_ESCAPE)
    assert d.app.find(RangeTestMode) is None


def test_the_train_views_button_starts_it_and_its_button_sets_the_networks_lr0(launch):
    d = launch(schedule="step", net_lr0=2.0)
    d.key(pygame.K_t)
    d.click(dict(train_areas(_body(d)).buttons)["range"].center, settle=2)
    assert d.app.find(RangeTestMode) is not None and d.app.find(TrainMode) is None  # one view at a time
    button = range_areas(_body(d)).button
    d.click(button.center, settle=1)  # no button until the test is done: the click does nothing
    assert d.app.sim.settings.net_lr0 == 2.0
    d.frames(STEPS // RANGE_STEPS_PER_FRAME)
    d.click(button.center, settle=2)
    assert d.app.sim.settings.net_lr0 == float(suggested_text(d.app.find(RangeTestMode).test.result()))
    d.key(pygame.K_t)
    assert d.app.find(RangeTestMode) is None and d.app.find(TrainMode) is not None


@pytest.mark.parametrize(("theme", "size", "scale"), [("dark", (1024, 600), 1.0), ("projector", (1024, 600), 1.0),
                                                      ("projector", (1920, 1080), 1.0), ("dark", (1280, 720), 1.25)])
def test_the_button_says_it_sets_the_networks_lr0_and_its_words_fit(monkeypatch, theme, size, scale):
    """Enter and the button set the network's η₀ (the ball's stays): the button once said "Set η₀ to …"."""
    boxes = TextBoxes(monkeypatch)
    app = App(LaunchOptions(settings=make_settings(), size=size, headless=True, theme=theme, scale=scale))
    try:
        app.apply(it.ToggleRangeTest())
        mode = app.find(RangeTestMode)
        mode.test.advance(10_000)
        app.frame(1 / 60)
        value = suggested_text(mode.test.result())
        frame, texts, drawn = frame_texts(app, boxes)
        button = next(t for t in texts if "(network)" in t.issued.text)
        assert button.issued.text.startswith(f"Set η₀ (network) to {value}"), button.issued.text
        assert button.state == "intact" and range_areas(_body_of(app)).button.contains(button.rect)
        assert not problems(texts, drawn, regions(app), frame.get_rect())
    finally:
        pygame.quit()


def test_the_button_keeps_its_verb_and_drops_the_key_where_it_has_no_room():
    result = range_test(seed=0, batch_size=32)
    wide, narrow = pygame.Rect(0, 0, 600, 36), pygame.Rect(0, 0, 230, 36)
    assert button_words(result, wide) == f"Set η₀ (network) to {suggested_text(result)}  (Enter)"
    assert button_words(result, narrow) == f"Set η₀ (network) to {suggested_text(result)}"
