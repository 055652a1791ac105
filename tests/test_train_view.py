"""T in the window trains the network, ahead of the run's cursor, at its own η₀, batch size and
optimizer; a huge rate shows DIVERGED, never a NaN. (Most cases train full batch at η₀ 1, three epochs a frame.)"""

import numpy as np
import pygame

from lrgame.app.modes.train import TrainMode
from lrgame.engine import schedules
from lrgame.engine.numfmt import sig4
from lrgame.train.run import train
from lrgame.view.text import SMALLEST, wrap
from lrgame.view.train_view import status, train_areas


def test_t_trains_a_few_epochs_a_frame_toward_the_runs_epoch(launch):
    d = launch(schedule="cosine", net_lr0=1.0, batch_size=300, epochs=60, epoch=60)
    d.key(pygame.K_t)
    d.frames(10)
    run = d.app.find(TrainMode).run
    assert run is not None and run.epoch == 3 * 12  # three epochs a frame, from the key's frame on
    d.frames(20)
    assert run.done and run.epoch == 60
    assert run.losses == train(schedules.curve("cosine", lr0=1.0, epochs=60), seed=0).losses[: run.epoch]
    rect = d.app.scene.layout.valley
    assert tuple(d.app.window.get_at(rect.center))[:3] != d.app.scene.palette.valley_fill
    d.key(pygame.K_t)
    assert d.app.find(TrainMode) is None


def test_a_huge_rate_shows_diverged_and_nothing_non_finite(launch):
    d = launch(schedule="constant", net_lr0=90.0, batch_size=300, epoch=100)
    d.key(pygame.K_t)
    d.frames(40)
    run = d.app.find(TrainMode).run
    assert run.diverged_at is not None
    assert np.isfinite(run.losses).all()


def test_changing_the_schedule_restarts_training(launch):
    d = launch(batch_size=300, epoch=100)
    d.key(pygame.K_t)
    d.frames(10)
    first = d.app.find(TrainMode).run
    d.key(pygame.K_5)
    d.frames(2)
    assert d.app.find(TrainMode).run is not first and d.app.find(TrainMode).run.epoch <= 12 < first.epoch


def test_the_header_shows_the_final_loss_once_done(launch):
    d = launch(schedule="cosine", net_lr0=1.0, batch_size=300, epochs=30, epoch=30)
    d.key(pygame.K_t)
    d.frames(20)
    run = d.app.find(TrainMode).run
    assert run.done and run.final_loss is not None and sig4(run.final_loss) != sig4(run.losses[-1])
    text, role = status(d.app.shown().training)
    assert f"training loss {sig4(run.final_loss)}" in text and sig4(run.losses[-1]) not in text
    assert f"test loss {sig4(run.final_test_loss)}" in text
    assert f"test accuracy {100 * run.final_test_accuracy:.1f} %" in text
    assert text.startswith("epoch 30 of 30 (the run is over): training loss") and role == "text"
    palette, layout = d.app.scene.palette, d.app.scene.layout
    area = train_areas(layout.valley.union(layout.readout)).text
    found = []
    for size in range(15, SMALLEST - 1, -1):  # the text may be drawn a size or two smaller to fit
        line = d.app.scene.texts.render(wrap(text, size, area.w)[0], size, palette.text)  # its first line
        expected = pygame.Surface(line.get_size())
        expected.fill(palette.background)
        expected.blit(line, (0, 0))
        want = pygame.surfarray.array3d(expected)
        found += [y for y in range(area.y, area.bottom - line.get_height())
                  if (pygame.surfarray.array3d(d.app.window.subsurface((area.x, y, *line.get_size()))) == want).all()]
    assert len(found) == 1  # that very text, once, beside the plane


def _loss_columns(d):
    """The window's pixel columns inside the loss chart's plot that show the loss curve's colour."""
    plot, colour = d.app.scene.train_view.loss_chart.plot_rect, d.app.scene.palette.loss_trace
    pixels = pygame.surfarray.pixels3d(d.app.window)[plot.left:plot.right, plot.top:plot.bottom]
    hit = (pixels == np.array(colour, dtype=np.uint8)).all(axis=2).any(axis=1)
    del pixels
    return plot.left + np.flatnonzero(hit)


def test_the_loss_chart_spans_the_run_under_the_lr_chart_pixel_for_pixel(launch):
    d = launch(schedule="step", net_lr0=1.0, batch_size=300, epochs=100, epoch=100)
    d.key(pygame.K_t)
    d.frames(8)
    run, lr, loss = d.app.find(TrainMode).run, d.app.scene.lr_chart, d.app.scene.train_view.loss_chart
    assert 0 < run.epoch < 100  # still training: the axis is already the whole run
    assert (loss.plot_rect.left, loss.plot_rect.right) == (lr.plot_rect.left, lr.plot_rect.right)
    assert loss.plot_rect.top > lr.plot_rect.bottom
    assert [loss.x_of(t) for t in range(loss.n)] == [lr.x_of(t) for t in range(loss.n)]
    columns = _loss_columns(d)
    last = lr.x_of(len(run.losses) - 1)
    radius = loss.style.marker_radius  # the marker sits at the valley's epoch, 0 here: its dot covers the start
    assert columns.min() <= lr.plot_rect.left + 2 * radius and columns.max() <= last + 1  # up to the last epoch only
    assert columns.max() < lr.plot_rect.centerx
    d.frames(40)
    assert run.done and loss.n == 101  # w_0 … w_100, the final loss included
    assert loss.x_of(100) == lr.plot_rect.right - 1  # the state after the last epoch at the axis' end
    columns = _loss_columns(d)
    assert lr.plot_rect.right - 1 - 2 * loss.style.marker_radius <= columns.max() <= lr.plot_rect.right - 1
    drop = 33  # step decay's first drop: the loss chart's epoch 33 is the LR chart's
    assert loss.x_of(drop) == lr.x_of(drop) and run.rates[drop] < run.rates[drop - 1]


def test_the_loss_chart_follows_the_lr_plot_through_log_scale_and_steps_per_epoch(launch):
    d = launch(schedule="cosine", lr0=1.0, net_lr0=1.0, batch_size=300, epochs=40, steps_per_epoch=4, epoch=40)
    d.key(pygame.K_t)
    d.frames(20)
    lr, loss = d.app.scene.lr_chart, d.app.scene.train_view.loss_chart
    assert lr.n == 160 and loss.n == 41
    assert [loss.x_of(t) for t in range(40)] == [lr.x_of(4 * t) for t in range(40)]
    before = lr.plot_rect.left
    d.key(pygame.K_l)
    assert lr.plot_rect.left != before  # log tick labels are wider: the LR plot moved
    assert (loss.plot_rect.left, loss.plot_rect.right) == (lr.plot_rect.left, lr.plot_rect.right)
    assert [loss.x_of(t) for t in range(40)] == [lr.x_of(4 * t) for t in range(40)]


def test_the_dashed_test_loss_is_placed_point_for_point_as_x_of_and_y_of_place_it(launch):
    """`dashes` maps thousands of points at once (`LineChart.points_of`): the same pixels as one at a time."""
    from lrgame.view.chart import LineChart

    launch()  # a display
    rng = np.random.default_rng(1)
    values = np.concatenate([np.exp(-np.arange(3000) / 900) + 0.05 * rng.random(3000), [np.nan, np.inf, 0.0, -1.0]])
    steps = np.arange(len(values))
    for log in (True, False):
        chart = LineChart(pygame.Rect(350, 333, 920, 150), title="loss", y_label="loss", steps=False)
        chart.configure(values=values[:2000], timeline=20_000, log_scale=log, plot_x=(390, 1210))
        xs, ys = chart.points_of(steps, values)
        assert xs.tolist() == [chart.x_of(int(t)) for t in steps]
        assert ys.tolist() == [chart.y_of(float(v)) for v in values]
