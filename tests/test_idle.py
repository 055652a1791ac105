"""Background work in the idle time between frames (`lrgame.app.idle`): the slicer's contract on a
stub clock, and training in slices giving the very numbers of training in a headless frame's
quantum, with nothing trained inside a paced frame."""

import statistics

import numpy as np
import pygame
import pytest

from lrgame.app.idle import MEMORY, Slicer
from lrgame.app.modes.every_schedule import EveryScheduleMode
from lrgame.app.modes.range_test import RangeTestMode
from lrgame.app.modes.train import GRID, TrainMode
from lrgame.train.every_schedule import compare
from lrgame.train.range_test import RangeTest
from lrgame.train.recipe import recipe_of, window_run
from lrgame.train.run import BATCH, FINISH, GRID_CHUNK, MEASURE, Regions, TrainingRun, decision_grid


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class Steps:
    """Work of `n` slices whose kinds cycle through `costs` (kind -> seconds), on a stub clock."""

    def __init__(self, clock: Clock, costs: dict[str, float], n: int = 10_000) -> None:
        self.clock, self.kinds, self.costs, self.left, self.done = clock, list(costs), costs, n, []

    def next_slice(self):
        return self.kinds[len(self.done) % len(self.kinds)] if self.left else None

    def slice(self) -> None:
        kind = self.next_slice()
        self.clock.now += self.costs[kind]
        self.done.append(kind)
        self.left -= 1

    def quantum(self) -> None:
        raise AssertionError("the window never runs a quantum")


def test_slices_run_until_the_next_would_not_end_by_the_deadline():
    clock = Clock()
    work = Steps(clock, {"batch": 0.0002, "measure": 0.0009})
    slicer = Slicer(clock)
    slicer.run([work], 0.005)  # learns each kind's cost
    for frame in range(1, 50):
        start = frame * 0.01
        clock.now, deadline = start, start + 0.006
        ran = slicer.run([work], deadline)
        assert ran > 1 and clock.now <= deadline  # never past the deadline once the costs are known
        left = deadline - clock.now
        assert left < slicer.expected(work.next_slice())  # and it stopped only when the next did not fit


def test_a_slice_longer_than_its_kind_takes_is_the_only_overrun_and_soon_expected():
    clock = Clock()
    work = Steps(clock, {"batch": 0.0002})
    slicer = Slicer(clock)
    slicer.run([work], 0.004)
    clock.now = 1.0
    slow = work.slice

    def slower() -> None:  # the machine gets slower from the third slice on
        slow()
        if len(work.done) > work_done + 2:
            clock.now += 0.0009

    work_done, work.slice = len(work.done), slower
    slicer.run([work], 1.001)
    assert 0 < slicer.overrun_s <= 0.0011  # one slice's worth at most
    for second in range(2, 2 + MEMORY):
        clock.now = second
        slicer.run([work], second + 0.004)
    assert slicer.overrun_s == 0 and slicer.expected("batch") == pytest.approx(0.0011)  # the new cost is expected


def test_a_preempted_slice_does_not_stop_the_work():
    clock = Clock()
    work = Steps(clock, {"batch": 0.0002})
    slicer = Slicer(clock)
    slicer.run([work], 0.004)
    work.costs["batch"] = 0.01  # the machine took the core away for 10 ms
    clock.now = 1.0
    slicer.run([work], 1.0)
    work.costs["batch"] = 0.0002
    clock.now = 2.0
    assert slicer.run([work], 2.004) == 20  # the next frame's idle time is used whole


def test_the_first_slice_runs_even_with_no_time_left_and_a_long_one_is_forgotten_after_memory_slices():
    clock = Clock()
    work = Steps(clock, {"batch": 0.003})
    slicer = Slicer(clock)
    clock.now = 5.0
    assert slicer.run([work], 4.0) == 1  # a frame that left no idle time still trains a slice
    work.costs["batch"] = 0.0002
    for _ in range(MEMORY):
        slicer.run([work], clock.now)
    assert slicer.expected("batch") == pytest.approx(0.0002)  # the long one is forgotten


def test_a_runs_pieces_are_a_measurement_or_one_batch_step_and_give_the_numbers_of_advance():
    whole, pieces = TrainingRun([0.5] * 21, 0, batch_size=32), TrainingRun([0.5] * 21, 0, batch_size=32)
    whole.advance(20)
    kinds = []
    while (kind := pieces.next_piece()) is not None:
        before = (pieces.epoch, len(pieces.losses), [p.copy() for p in pieces.params])
        pieces.piece()
        kinds.append(kind)
        if pieces.epoch == before[0]:  # inside an epoch the weights shown are the epoch's first
            assert all(np.array_equal(a, b) for a, b in zip(pieces.params, before[2], strict=True))
        else:  # its last step shows the new ones
            assert kind == BATCH and pieces.epoch == before[0] + 1 and len(pieces.losses) == before[1]
    assert kinds[:12] == [MEASURE, MEASURE] + [BATCH] * 10 and kinds[-1] == FINISH  # B = 32: 10 steps an epoch
    assert len(kinds) == 20 * 12 + 1
    assert pieces.losses == whole.losses and pieces.test_losses == whole.test_losses
    assert pieces.final_test_loss == whole.final_test_loss
    assert all(np.array_equal(a, b) for a, b in zip(pieces.params, whole.params, strict=True))


def test_the_regions_in_pieces_are_the_regions_at_once():
    run = TrainingRun([0.5] * 11, 0)
    run.advance(10)
    regions = Regions(run.params, GRID)
    pieces = 0
    while not regions.done:
        regions.piece()
        pieces += 1
    assert pieces == GRID * GRID // GRID_CHUNK
    assert np.array_equal(regions.grid, decision_grid(run.params, GRID))


def _paced(d):
    """The app as the window runs it: background work only in the idle time after a frame."""
    d.app.paced = True
    return d


def _frame_then_idle(d, idle_s=0.004):
    import time

    d.frames(1)
    d.app.idle(time.perf_counter() + idle_s)


def test_a_paced_frame_trains_nothing_and_the_idle_time_trains_the_headless_numbers(launch):
    d = _paced(launch(schedule="cosine", net_lr0=1.0, batch_size=32, epochs=40, epoch=20))
    d.key(pygame.K_t)
    mode = d.app.find(TrainMode)
    run = mode.run
    before = (run.epoch, len(run.losses))
    d.frames(5)
    assert (run.epoch, len(run.losses)) == before  # a frame alone trains nothing
    for _ in range(400):
        _frame_then_idle(d)
        if run.done and mode.shown_epoch == 20:
            break
    truth = window_run(d.app.sim.settings)
    truth.advance(40)
    assert run.done and run.losses == truth.losses and run.final_test_loss == truth.final_test_loss
    replayed = window_run(d.app.sim.settings)
    replayed.advance(20)
    assert mode.shown_epoch == 20 and np.array_equal(mode.regions, decision_grid(replayed.params, GRID))
    d.key(pygame.K_HOME)
    for _ in range(5):
        _frame_then_idle(d)
    first = window_run(d.app.sim.settings)
    assert mode.shown_epoch == 0 and np.array_equal(mode.regions, decision_grid(first.params, GRID))


def test_while_the_cursor_plays_fast_the_pictures_keep_coming(launch):
    """The cursor moves two epochs a frame, faster than a picture (a replay and the regions) is
    made in a short idle time: each picture is finished before the next is begun, so the view
    keeps up as well as it can instead of starting afresh every frame and showing nothing new."""
    d = _paced(launch(schedule="cosine", batch_size=32, epochs=400))
    d.key(pygame.K_t)
    mode = d.app.find(TrainMode)
    while not mode.run.done:
        d.app.idle(10.0**9)
    d.key(pygame.K_HOME)
    d.app.sim.set_speed(120)
    d.key(pygame.K_SPACE)
    shown = set()
    for _ in range(40):
        _frame_then_idle(d, 0.002)
        shown.add(mode.shown_epoch)
    assert len(shown) >= 6 and d.app.sim.epoch > max(shown) > 20
    settings = d.app.sim.settings
    replayed = window_run(settings)
    replayed.advance(mode.shown_epoch)
    assert np.array_equal(mode.regions, decision_grid(replayed.params, GRID))


def test_every_schedule_and_the_range_test_train_in_the_idle_time_to_the_same_results(launch):
    d = _paced(launch(epochs=20, batch_size=100))
    d.key(pygame.K_t, pygame.KMOD_SHIFT)
    grand = d.app.find(EveryScheduleMode).run
    d.frames(3)
    assert grand.progress == 0
    while not grand.done:
        _frame_then_idle(d, 0.05)
    assert grand.rows() == compare(20, recipe_of(d.app.sim.settings), list(grand.seeds))
    d.key(pygame.K_g)
    test = d.app.find(RangeTestMode).test
    while not test.done:
        _frame_then_idle(d, 0.05)
    s = d.app.sim.settings
    alone = RangeTest(seed=s.seed, batch_size=s.batch_size, optimizer=s.optimizer)
    alone.advance(10_000)
    assert test.losses == alone.losses


@pytest.mark.slow
def test_real_training_slices_take_well_under_a_millisecond(launch):
    """The granularity the contract leans on, on this machine (medians: the machine is shared)."""
    d = _paced(launch(schedule="cosine", batch_size=32, epochs=2000))
    d.key(pygame.K_t)
    took: dict[str, list[float]] = {}
    slicer = d.app.slicer
    for _ in range(100):
        _frame_then_idle(d)
        for kind in ("measure", "batch", "watch", "regions"):
            if kind in slicer._took:
                took.setdefault(kind, []).append(statistics.median(slicer._took[kind]))
    assert {"measure", "batch", "watch"} <= took.keys()
    assert all(statistics.median(values) < 0.001 for values in took.values()), took
