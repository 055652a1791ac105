"""Shift+T trains every schedule in the window a few epochs a frame; rows fill in as runs end."""

import numpy as np
import pygame
import pytest

from lrgame.app.modes.every_schedule import EveryScheduleMode
from lrgame.app.modes.train import TrainMode
from lrgame.engine import schedules
from lrgame.sim.optimizers import SGD
from lrgame.train import every_schedule as grand
from lrgame.train.recipe import Recipe
from lrgame.view.every_schedule_view import grand_areas, row_rects
from lrgame.view.train_view import train_areas


def _body(d):
    return d.app.scene.layout.valley.union(d.app.scene.layout.readout)


def _rows_with_bars(d):
    """Indices of the schedule rows that show a bar in the schedule's colour."""
    colour, out = np.array(d.app.scene.palette.curve, dtype=np.uint8), []
    pixels = pygame.surfarray.pixels3d(d.app.window)
    for i, box in enumerate(row_rects(grand_areas(_body(d)).rows)):
        if (pixels[box.left:box.right, box.top:box.bottom] == colour).all(axis=2).any():
            out.append(i)
    del pixels
    return out


@pytest.mark.slow
def test_shift_t_trains_a_few_epochs_a_frame_and_rows_arrive_in_order(launch):
    d = launch(schedule="cosine", net_lr0=1.0, batch_size=300, epochs=20)  # full batch: 6 epochs a frame
    d.key(pygame.K_t, mod=pygame.KMOD_SHIFT)  # two frames
    run = d.app.find(EveryScheduleMode).run
    per_frame = -(-6 // grand.STACK) * grand.STACK  # 6 runs' epochs a frame, taken as whole steps of a stack
    assert run.progress * run.total_epochs == 2 * per_frame < run.total_epochs  # never all at once
    assert _rows_with_bars(d) == []
    d.frames(20)
    shown = d.app.scene.every_schedule_view.rows
    assert 0 < len(shown) < len(run.plans) and shown == run.rows_so_far()
    roles = {o for r in shown for o in r.roles}
    trained = [i for i, name in enumerate(schedules.SCHEDULES)
               if {grand.Role(grand.SCHEDULE, name), grand.Role(grand.AVERAGE, name)} <= roles]
    assert _rows_with_bars(d) == trained and trained == list(range(len(trained)))  # in order, as they end
    d.frames(-(-run.total_epochs // 6))
    rows = grand.compare(20, Recipe(1.0, 300, SGD(), "epoch"), [0, 1, 2])  # the command's numbers, three seeds
    assert run.done and d.app.scene.every_schedule_view.rows == rows
    assert _rows_with_bars(d) == list(range(len(schedules.SCHEDULES)))


def test_the_train_views_button_opens_it_esc_closes_and_a_long_t_is_refused(launch):
    d = launch(schedule="step", lr0=0.5, epochs=50)
    d.key(pygame.K_t)
    d.click(dict(train_areas(_body(d)).buttons)["grand"].center, settle=2)
    assert d.app.find(EveryScheduleMode) is not None and d.app.find(TrainMode) is None
    d.key(pygame.K_ESCAPE)
    assert d.app.find(EveryScheduleMode) is None
    d.type_into("epochs", "3000")
    assert d.app.sim.settings.epochs == 3000
    d.key(pygame.K_t, mod=pygame.KMOD_SHIFT)
    toast = d.app.messages.toast
    assert d.app.find(EveryScheduleMode) is None and toast.error and "T=3000" in toast.text
