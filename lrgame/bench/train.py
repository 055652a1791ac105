"""Measurements of training's speed (not tests), run by `python main.py bench --what train`.

- network: epochs per second of a `TrainingRun` at the window's batch size and at full batch
  (everything an epoch does: ⌈N/B⌉ forward and backward passes and optimizer steps, the figures on
  the training and test sets, the divergence checks), beside its floor: the matrix products of
  the same epoch alone (eight per batch, of the batch's shapes). The jobs take turns and each
  figure is the median of the repeats, so a slow spell of the machine hits them all.
- frames: the real app's frame times (median, p90, p99, max) while the epochs play and the train
  view trains (T), or every schedule trains (Shift+T), each at the window's defaults, against a
  bare fill + flip of the same window timed turn about (the window's goals: median ≤ 6×, p99 ≤
  12× that floor), and the same app with the view put aside.
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

from lrgame.app.modes.train import epochs_per_frame
from lrgame.bench.common import headless_app, medians, percentile, verdict
from lrgame.bench.window import FRAME_GOALS
from lrgame.sim.intents import SeekEnd, ToggleEverySchedule, ToggleTrain
from lrgame.sim.network_choice import TRAIN_SIZE
from lrgame.sim.settings import Settings
from lrgame.train import mlp
from lrgame.train.data import spiral
from lrgame.train.every_schedule import compare
from lrgame.train.recipe import Recipe, make_recipe, network_run
from lrgame.train.run import TrainingRun, batches_per_epoch
from lrgame.train.sharpness import SharpnessLog

COMPARE_EPOCHS, COMPARE_SEEDS = 200, (0, 1, 2)  # `python main.py compare`'s defaults
SHARPNESS_EVERY, SHARPNESS_GOAL = 10, 2.0  # train --sharpness-every 10 at most doubles the time
BATCHES = (Settings().batch_size, TRAIN_SIZE)  # the window's mini-batch, and full batch


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
    """Frame times of the real app in milliseconds, with the view that trains and (taken turn about,
    so a busy spell of the machine hits both) without it, and a bare fill + flip of the window."""

    what: str
    size: tuple[int, int]
    times_ms: tuple[float, ...]
    baseline_ms: tuple[float, ...]
    floor_ms: float = 1.0  # the median fill + flip

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


def window_frames(view: str, size: tuple[int, int] = (1280, 720), n: int = 600) -> Frames:
    """The app playing with a view that trains, for n frames: "train" (T: the network under the
    schedule) or "grand" (Shift+T: every schedule), each a few epochs a frame, at the window's
    network defaults. Each run is long enough that training goes on in every frame measured.
    Between two such frames the app draws one with the view put aside (its run kept, not trained),
    and the window is filled and flipped bare."""
    import pygame

    if view == "train":
        app = headless_app(size, schedule="cosine", epochs=(n + 100) * epochs_per_frame(Recipe().batches))
        app.apply(SeekEnd(first=False))  # the network trains toward the run's epoch: the last, a few a frame
        app.apply(ToggleTrain())
        what = "training (T: train view on, playing)"
    else:
        app = headless_app(size, schedule="cosine", epochs=300)
        app.apply(ToggleEverySchedule())
        what = "comparing (Shift+T: every schedule, playing)"
    (mode,) = app.modes
    run = mode.run
    times: dict[bool, list[float]] = {True: [], False: []}
    floor: list[float] = []
    for i in range(n + 30):
        for on in (True, False):
            app.modes = [mode] if on else []
            start = time.perf_counter()
            app.frame(1 / 60)
            if i >= 30:  # after the warm-up: fonts, layers and the first pictures are made
                times[on].append(1e3 * (time.perf_counter() - start))
        start = time.perf_counter()
        app.window.fill((0, 0, 0))
        pygame.display.flip()
        floor.append(1e3 * (time.perf_counter() - start))
    assert not run.done, "the training ended before the frames did"
    pygame.quit()
    return Frames(what, size, tuple(times[True]), tuple(times[False]), statistics.median(floor))


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
    """The frame times with the view, against the goals in fill + flip floors, and the same app without it."""
    median_goal, p99_goal = FRAME_GOALS
    median, p99 = statistics.median(f.times_ms) / f.floor_ms, f.percentile_ms(0.99) / f.floor_ms
    return [
        f"frames {f.size[0]}x{f.size[1]}, {f.what}, {len(f.times_ms)} frames: {_spread(f.times_ms)}; fill+flip "
        f"floor {f.floor_ms:.3f} ms; median {median:.1f}× (goal ≤ {median_goal:g}×), p99 {p99:.1f}× "
        f"(goal ≤ {p99_goal:g}×){verdict(median <= median_goal and p99 <= p99_goal)}",
        f"  the same app without the view, frames taken turn about: {_spread(f.baseline_ms)}",
    ]


def compare_row(seconds: float) -> str:
    seeds = ",".join(map(str, COMPARE_SEEDS))
    return (f"compare at its defaults ({make_recipe().describe()}, T={COMPARE_EPOCHS}, seeds {seeds}): "
            f"{seconds:.1f} s (no goal: how long `python main.py compare` waits)")
