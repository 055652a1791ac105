"""Measurements of training's speed (not tests), run by `python main.py bench --what train`.

- network: epochs per second of a `TrainingRun` at the window's batch size and at full batch
  (everything an epoch does: ⌈N/B⌉ forward and backward passes and optimizer steps, the figures on
  the training and test sets, the divergence checks), beside its floor: the matrix products of
  the same epoch alone (eight per batch, of the batch's shapes). The jobs take turns and each
  figure is the median of the repeats, so a slow spell of the machine hits them all.
- frames: the real app run as its window loop runs it, paced at 120 frames a second, while the
  epochs play and the train view trains (T), or every schedule trains (Shift+T), each at the
  window's defaults. Three figures: the frame's own work (events → update → draw → flip; median,
  p90, p99, max) against a bare fill + flip of the same window, timed in turns between blocks of
  frames (the window's goals: median ≤ 6×, p99 ≤ 12× that floor); the training done in the idle
  time after each frame, in epochs a second of the run (so it cannot be said that training was
  just hidden); and the interval from one flip to the next (median, p99), which says whether the
  idle-time work kept to the pacer's 8.3 ms.
- sharpness: the time `train --sharpness-every 10` adds, at the window's defaults (mini-batch and
  full batch, where an epoch is cheapest and the measure costs most beside it): a run with and
  without the measurement, turn about (goal: at most twice the time).
- compare: wall time of the grand comparison (`python main.py compare` at its defaults), one run.

All on one BLAS thread (lrgame sets OPENBLAS_NUM_THREADS=1 before numpy loads).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import numpy as np

from lrgame.app.idle import FRAME_RATE, IDLE_MARGIN_S
from lrgame.bench.common import headless_app, medians, percentile, verdict
from lrgame.bench.window import FRAME_GOALS
from lrgame.sim.intents import SeekEnd, ToggleEverySchedule, ToggleTrain
from lrgame.sim.network_choice import TRAIN_SIZE
from lrgame.sim.settings import Settings
from lrgame.train import mlp
from lrgame.train.data import spiral
from lrgame.train.every_schedule import compare
from lrgame.train.recipe import make_recipe, network_run
from lrgame.train.run import TrainingRun, batches_per_epoch
from lrgame.train.sharpness import SharpnessLog

COMPARE_EPOCHS, COMPARE_SEEDS = 200, (0, 1, 2)  # `python main.py compare`'s defaults
SHARPNESS_EVERY, SHARPNESS_GOAL = 10, 2.0  # train --sharpness-every 10 at most doubles the time
BATCHES = (Settings().batch_size, TRAIN_SIZE)  # the window's mini-batch, and full batch
PERIOD_MS = 1e3 / FRAME_RATE  # the pacer's frame period
TRAIN_EPOCHS = 20_000  # T for the train view's frames: training goes on through all of them
WARM_UP = 30  # frames before the measured ones: fonts, layers and the first pictures are made


@dataclass(frozen=True)
class Speed:
    batch_size: int
    epochs_per_s: float
    floor_per_s: float  # the matrix products of one epoch alone, epochs' worth per second

    @property
    def ratio(self) -> float:
        return self.floor_per_s / self.epochs_per_s


@dataclass(frozen=True)
class Frames:
    """A paced run of the real app with a view that trains: the frame's own work in milliseconds,
    the median bare fill + flip of the window, the training's throughput in the idle time between
    frames, and the flip-to-flip intervals."""

    what: str
    size: tuple[int, int]
    times_ms: tuple[float, ...]  # events → update → draw → flip, per frame
    floor_ms: float = 1.0  # the median fill + flip
    epochs_per_s: float = 0.0  # epochs trained in the idle time, per second of the run
    intervals_ms: tuple[float, ...] = (PERIOD_MS,)  # from one flip to the next

    def percentile_ms(self, q: float) -> float:
        return percentile(list(self.times_ms), q)


def network_speed(batch_size: int, epochs: int = 100, repeats: int = 7) -> Speed:
    """Epochs per second of the network at `batch_size` and of its matmul floor, turn about (medians)."""
    X, y = spiral()
    params = mlp.init(0)
    sizes = [min(batch_size, len(y) - first) for first in range(0, len(y), batch_size)]
    shapes = []
    for n in sizes:
        acts, scores = mlp._forward(params, X[:n])
        shapes.append((X[:n], acts[1], acts[2], np.ones((n, scores.shape[1])), np.ones((n, acts[1].shape[1]))))
    runs = [TrainingRun(np.full(epochs + 1, 0.01), batch_size=batch_size) for _ in range(repeats)]

    def network() -> None:
        runs.pop().advance(epochs)

    def floor() -> None:
        for _ in range(epochs):
            for x, a1, a2, d3, dh in shapes:
                x @ params[0], a1 @ params[2], a2 @ params[4]  # forward
                a2.T @ d3, d3 @ params[4].T, a1.T @ dh, dh @ params[2].T, x.T @ dh  # backward

    seconds = medians({"network": network, "floor": floor}, repeats)
    return Speed(batch_size, epochs / seconds["network"], epochs / seconds["floor"])


def window_frames(view: str, size: tuple[int, int] = (1280, 720), n: int = 600, block: int = 50,
                  floor_turns: int = 10) -> Frames:
    """The app playing with a view that trains, for n frames, as `App.run` runs it: each frame,
    then the background work until shortly before the next (`App.idle`), then the pacer's sleep.
    "train" (T: the network under the schedule, the cursor at the run's end) or "grand" (Shift+T:
    every schedule), at the window's network defaults; each run long enough that training goes on
    in every frame measured. After every `block` frames the window is filled and flipped bare
    `floor_turns` times (its pixels put back after, outside every figure; that pause is neither
    an interval nor time of the run)."""
    import pygame

    if view == "train":
        app = headless_app(size, schedule="cosine", epochs=TRAIN_EPOCHS)
        app.apply(SeekEnd(first=False))  # the network trains toward the run's epoch: the last
        app.apply(ToggleTrain())
        what = "training (T: train view on, playing)"
    else:
        app = headless_app(size, schedule="cosine", epochs=300)
        app.apply(ToggleEverySchedule())
        what = "comparing (Shift+T: every schedule, playing)"
    app.paced = True  # as the window runs: training in the idle time, none inside the frame
    (mode,) = app.modes
    run = mode.run

    def trained() -> float:
        return run.epoch if view == "train" else run.progress * run.total_epochs

    window, pacer = app.window, pygame.time.Clock()
    kept = pygame.Surface(window.get_size(), 0, window)
    times, intervals, floor = [], [], []
    epochs = seconds = 0.0
    last_flip = None
    pacer.tick(FRAME_RATE)
    for i in range(WARM_UP + n):
        start, before = time.perf_counter(), trained()
        app.frame(1 / 60)
        flipped = time.perf_counter()
        app.idle(start + 1 / FRAME_RATE - IDLE_MARGIN_S)
        pacer.tick(FRAME_RATE)
        if i >= WARM_UP:  # after the warm-up: fonts, layers and the first pictures are made
            times.append(1e3 * (flipped - start))
            if last_flip is not None:
                intervals.append(1e3 * (flipped - last_flip))
            epochs += trained() - before
            seconds += time.perf_counter() - start
        last_flip = flipped
        if i % block == block - 1:  # the floor, between blocks of frames
            kept.blit(window, (0, 0))
            for _ in range(floor_turns):
                started = time.perf_counter()
                window.fill((0, 0, 0))
                pygame.display.flip()
                floor.append(1e3 * (time.perf_counter() - started))
            window.blit(kept, (0, 0))
            last_flip = None
            pacer.tick(FRAME_RATE)
    assert not run.done, "the training ended before the frames did"
    pygame.quit()
    return Frames(what, size, tuple(times), statistics.median(floor), epochs / seconds, tuple(intervals))


@dataclass(frozen=True)
class Overhead:
    batch_size: int
    plain_s: float  # a whole run without the measurement, median
    measured_s: float  # the same run measuring the sharpness every SHARPNESS_EVERY epochs
    products: int  # Hessian-vector products one measured run took

    @property
    def ratio(self) -> float:
        return self.measured_s / self.plain_s


def sharpness_overhead(batch_size: int, epochs: int = 200, repeats: int = 5) -> Overhead:
    """A run of the window's default schedule and η₀ at `batch_size`, with and without its sharpness
    every SHARPNESS_EVERY epochs (warm-started), turn about (medians)."""
    settings = Settings()
    recipe = make_recipe(settings.net_lr0, batch_size, settings.optimizer, settings.scheduler_step)
    products = []

    def run(measure: bool) -> None:
        training = network_run(settings.schedule, epochs, {}, recipe, settings.seed)
        log = SharpnessLog(training, SHARPNESS_EVERY) if measure else None
        training.advance(epochs, watch=() if log is None else (log,))
        if log is not None:
            products.append(log.products)

    seconds = medians({"plain": lambda: run(False), "measured": lambda: run(True)}, repeats)
    return Overhead(batch_size, seconds["plain"], seconds["measured"], products[0])


def overhead_row(o: Overhead) -> str:
    batch = "full batch" if o.batch_size >= TRAIN_SIZE else f"batch {o.batch_size}"
    return (f"sharpness every {SHARPNESS_EVERY} epochs, {batch}: {o.measured_s:.2f} s against {o.plain_s:.2f} s "
            f"without, {o.ratio:.2f}× (goal ≤ {SHARPNESS_GOAL:g}×); {o.products} Hessian-vector products in "
            f"all{verdict(o.ratio <= SHARPNESS_GOAL)}")


def compare_seconds() -> float:
    start = time.perf_counter()
    compare(COMPARE_EPOCHS, make_recipe(), list(COMPARE_SEEDS))
    return time.perf_counter() - start


def _spread(times_ms: tuple[float, ...]) -> str:
    ordered = list(times_ms)
    return (f"median {statistics.median(ordered):.2f} ms, p90 {percentile(ordered, 0.90):.2f} ms, "
            f"p99 {percentile(ordered, 0.99):.2f} ms, max {max(ordered):.2f} ms")


def speed_rows(speed: Speed) -> list[str]:
    """The network beside its floor (figures to compare, with no goal of their own)."""
    batch = "full batch" if speed.batch_size >= TRAIN_SIZE else f"batch {speed.batch_size}"
    return [
        f"network, {batch} ({batches_per_epoch(speed.batch_size)} steps an epoch): {speed.epochs_per_s:,.0f} epochs/s "
        f"({1e6 / speed.epochs_per_s:,.0f} µs an epoch), median",
        f"  floor, the epoch's matrix products alone: {speed.floor_per_s:,.0f}/s; the network is "
        f"{speed.ratio:.1f}× slower",
    ]


def frames_rows(f: Frames) -> list[str]:
    """The frame's own work against the goals in fill + flip floors; beside it the training's
    throughput in the idle time and the flip-to-flip intervals (figures with no goal of their own)."""
    median_goal, p99_goal = FRAME_GOALS
    median, p99 = statistics.median(f.times_ms) / f.floor_ms, f.percentile_ms(0.99) / f.floor_ms
    gaps = list(f.intervals_ms)
    return [
        f"frames {f.size[0]}x{f.size[1]}, {f.what}, {len(f.times_ms)} frames paced at {FRAME_RATE}/s; the frame's "
        f"own work (events → update → draw → flip): {_spread(f.times_ms)}; fill+flip floor {f.floor_ms:.3f} ms; "
        f"median {median:.1f}× (goal ≤ {median_goal:g}×), p99 {p99:.1f}× (goal ≤ {p99_goal:g}×)"
        f"{verdict(median <= median_goal and p99 <= p99_goal)}",
        f"  training in the idle time between frames: {f.epochs_per_s:,.0f} epochs/s; flip to flip: median "
        f"{statistics.median(gaps):.2f} ms, p99 {percentile(gaps, 0.99):.2f} ms (the pacer's period "
        f"{PERIOD_MS:.2f} ms)",
    ]


def compare_row(seconds: float) -> str:
    seeds = ",".join(map(str, COMPARE_SEEDS))
    return (f"compare at its defaults ({make_recipe().describe()}, T={COMPARE_EPOCHS}, seeds {seeds}): "
            f"{seconds:.1f} s (no goal: how long `python main.py compare` waits)")
