"""The train view shows the cursor's epoch exactly (marker, figures, decision regions), replaying a
past epoch's weights from a snapshot, and says when training is ahead of or behind the cursor; K
shows the sharpness under the loss."""

import numpy as np
import pygame
import pytest

from lrgame.app.modes.train import GRID, TrainMode
from lrgame.app.state import window_state
from lrgame.engine.numfmt import sig4
from lrgame.sim.optimizers import Adam
from lrgame.train.recipe import window_run
from lrgame.train.run import TrainingRun, decision_grid
from lrgame.train.sharpness import SharpnessLog
from lrgame.view.sharpness_chart import SharpnessChart, chart_axes, legend, plot_area
from lrgame.view.train_view import shown_line, status


def _truth(settings, epoch):
    """The weights after `epoch` epochs of the same run, trained afresh."""
    run = window_run(settings)
    run.advance(epoch)
    return run.params


def _marker_column(d):
    chart, colour = d.app.scene.train_view.loss_chart, d.app.scene.palette.marker
    plot = chart.plot_rect
    pixels = pygame.surfarray.pixels3d(d.app.window)[plot.left:plot.right, plot.top:plot.bottom]
    full = (pixels == np.array(colour, dtype=np.uint8)).all(axis=2).sum(axis=1)
    del pixels
    return plot.left + int(np.argmax(full))  # the marker's line runs the plot's height


def test_home_and_the_arrows_show_that_epoch_exactly_while_training_has_run_ahead(launch):
    d = launch(schedule="cosine", net_lr0=1.0, batch_size=32, epochs=40)
    d.key(pygame.K_t)
    d.frames(60)
    mode = d.app.find(TrainMode)
    assert mode.run.done
    d.key(pygame.K_HOME)
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RIGHT)  # the cursor at epoch 2, training at 40
    state = window_state(d.app)["train"]
    assert state["epoch"] == mode.shown_epoch == 2 and state["trained_to"] == 40
    assert state["test_loss"] == mode.run.test_losses[2]
    assert np.array_equal(mode.regions, decision_grid(_truth(d.app.sim.settings, 2), GRID))
    assert not np.array_equal(mode.regions, decision_grid(mode.run.params, GRID))  # not the last epoch's
    assert _marker_column(d) == d.app.scene.train_view.loss_chart.x_of(2)
    shown = d.app.shown().training
    assert shown_line(shown) == ("Training is done (epoch 40), ahead of the cursor; shown: epoch 2, replayed from a "
                                 "snapshot")
    assert status(shown)[0].startswith(f"epoch 2 of 40: training loss {sig4(mode.run.losses[2])}")
    d.key(pygame.K_END)
    assert window_state(d.app)["train"]["epoch"] == 40 and shown_line(d.app.shown().training) == ""
    assert status(d.app.shown().training)[0].startswith(f"epoch 40 of 40 (the run is over): training loss "
                                                        f"{sig4(mode.run.final_loss)}")
    assert np.array_equal(mode.regions, decision_grid(mode.run.params, GRID))


@pytest.mark.slow
def test_shift_arrows_go_back_across_snapshots_and_play_follows_the_cursor(launch):
    d = launch(schedule="step", net_lr0=0.5, batch_size=100, epochs=250)  # a snapshot every 3 epochs
    d.key(pygame.K_t)
    d.frames(130)  # two epochs a frame
    mode = d.app.find(TrainMode)
    assert mode.snapshots.every == 3 and mode.run.done
    d.key(pygame.K_HOME)
    for _ in range(4):
        d.key(pygame.K_RIGHT, pygame.KMOD_SHIFT)  # 40
    d.key(pygame.K_LEFT)  # 39: a snapshot's epoch
    d.key(pygame.K_LEFT)  # 38: replayed two epochs from the one at 36
    assert mode.shown_epoch == 38
    assert np.array_equal(mode.regions, decision_grid(_truth(d.app.sim.settings, 38), GRID))
    d.key(pygame.K_SPACE)
    d.frames(30)  # half a second at 10 epochs a second
    d.key(pygame.K_SPACE)
    cursor = d.app.sim.epoch
    assert cursor > 38 and mode.shown_epoch == cursor == window_state(d.app)["train"]["epoch"]
    assert np.array_equal(mode.regions, decision_grid(_truth(d.app.sim.settings, cursor), GRID))


def test_while_training_is_behind_the_cursor_it_shows_the_last_epochs_trained_and_says_so(launch):
    d = launch(schedule="cosine", net_lr0=0.5, batch_size=32, epochs=1000, epoch=1000)
    d.key(pygame.K_t)
    d.frames(40)
    mode = d.app.find(TrainMode)
    run = mode.run
    assert not run.done and 0 <= mode.shown_epoch <= run.trained_to < 1000
    assert run.trained_to - mode.shown_epoch < 30  # refreshed every 30 epochs at most
    assert window_state(d.app)["train"]["epoch"] == mode.shown_epoch
    assert shown_line(d.app.shown().training).startswith("Training is behind the cursor (epoch 1000)")
    assert np.array_equal(mode.regions, decision_grid(_truth(d.app.sim.settings, mode.shown_epoch), GRID))
    assert mode.snapshots.every == 10


def test_k_measures_the_sharpness_under_the_loss_and_k_again_hides_it(launch):
    d = launch(schedule="constant", net_lr0=1.0, batch_size=300, epochs=40)
    d.key(pygame.K_k)  # not in the train view: a hint
    assert "press T first" in d.app.messages.toast.text
    d.key(pygame.K_t)
    d.key(pygame.K_k)
    d.frames(30)
    mode = d.app.find(TrainMode)
    log = mode.sharpness
    assert mode.run.done and [p.epoch for p in log.points] == [0, 10, 20, 30, 40]
    assert log.points[0].sharpness > 5 and log.points[0].plain_limit == 2.0
    chart = d.app.scene.train_view.loss_chart
    assert d.app.shown().training.sharpness is log
    palette = d.app.scene.palette
    bottom = d.app.scene.layout.valley.bottom
    below = pygame.Rect(chart.rect.x, chart.rect.bottom, chart.rect.w, bottom - chart.rect.bottom)
    pixels = pygame.surfarray.pixels3d(d.app.window)[below.left:below.right, below.top:below.bottom]
    assert (pixels == np.array(palette.curve, dtype=np.uint8)).all(axis=2).sum() > 50  # the dots and their line
    assert (pixels == np.array(palette.limit, dtype=np.uint8)).all(axis=2).sum() > 50  # the 2/η line
    del pixels
    d.key(pygame.K_k)
    assert d.app.find(TrainMode).sharpness is None


def test_adams_sharpness_legend_says_why_epoch_0_has_none_then_gives_the_value_and_its_edge():
    run = TrainingRun([0.01] * 3, 0, optimizer=Adam())
    log = SharpnessLog(run, 2)
    run.advance(1, watch=[log])
    assert [p.sharpness for p in log.points] == [None]
    assert "none at epoch 0: Adam's scaling comes from its first steps" in legend(log, 0)
    run.advance(1, watch=[log])
    point = log.at(2)
    assert f"epoch 2: {point.sharpness:.4g}, edge 3800" in legend(log, 2)


def test_the_sharpness_chart_puts_each_dot_and_the_edge_where_its_axes_say(launch):
    d = launch()  # a display and a palette
    run = TrainingRun([0.5] * 31, 0)
    log = SharpnessLog(run, 10)
    run.advance(30, watch=[log])
    surface = pygame.Surface((800, 240))
    rect, plot_x = pygame.Rect(0, 0, 800, 240), (60, 780)
    palette = d.app.scene.palette
    SharpnessChart().draw(surface, rect, log, plot_x, None, palette, d.app.scene.texts)
    x, y = chart_axes(log, plot_area(rect, plot_x), plot_x)
    for point in log.points:
        assert tuple(surface.get_at((x.x(point.epoch), y.pixel(point.sharpness))))[:3] == palette.curve
    edge = y.pixel(2 / 0.5)
    assert tuple(surface.get_at((plot_x[0] + 1, edge)))[:3] == palette.limit  # the first dash of 2/η = 4
