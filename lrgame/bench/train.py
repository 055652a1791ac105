"""Measurements of training's speed (not tests), run by `python main.py bench --what train`.

- network: epochs per second of a `TrainingRun` (forward, loss, backward, accuracy, divergence
  checks and the SGD update: everything an epoch does), beside two floors of the same shapes: a
  single `X @ W` of the hidden layer (300×64 @ 64×64), and the eight matrix products of one forward
  and backward pass. The jobs take turns and each figure is the median of the repeats, so a slow
  spell of the machine hits them all; the ratios say how far the network is from each floor.
- frames: the real app's frame times (median, p90, p99, max) while the epochs play and the train
  view trains (T), or every schedule trains (Shift+T). Goal: p99 under 50 ms, so training never
  makes the window stutter.
- compare: wall time of the grand comparison (`python main.py compare`), one run.

All on one BLAS thread (lrgame sets OPENBLAS_NUM_THREADS=1 before numpy loads).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import numpy as np

from lrgame.app.modes.train import TRAIN_EPOCHS_PER_FRAME
from lrgame.bench.common import headless_app, medians, percentile, verdict
from lrgame.sim.intents import SeekEnd, ToggleEverySchedule, ToggleTrain
from lrgame.train import mlp
from lrgame.train.data import spiral
from lrgame.train.every_schedule import compare
from lrgame.train.run import TrainingRun

FRAME_GOAL_MS = 50.0


@dataclass(frozen=True)
class Speed:
    epochs_per_s: float
    one_matmul_per_s: float  # a single X @ W of the hidden layer's shapes, per second
    eight_matmuls_per_s: float  # the matrix products of one forward and backward pass, per second

    @property
    def ratio_to_one_matmul(self) -> float:
        return self.one_matmul_per_s / self.epochs_per_s

    @property
    def ratio_to_eight_matmuls(self) -> float:
        return self.eight_matmuls_per_s / self.epochs_per_s


@dataclass(frozen=True)
class Frames:
    """Frame times of the real app in milliseconds, with the view that trains and (taken turn about,
    so a busy spell of the machine hits both) without it."""

    what: str
    size: tuple[int, int]
    times_ms: tuple[float, ...]
    baseline_ms: tuple[float, ...]

    def percentile_ms(self, q: float) -> float:
        return percentile(list(self.times_ms), q)


def network_speed(epochs: int = 500, repeats: int = 7) -> Speed:
    """Epochs per second of the network and of its two matmul floors, measured turn about (medians)."""
    X, _ = spiral()
    params = mlp.init(0)
    acts, scores = mlp._forward(params, X)
    n, h = acts[1].shape
    d3, dh = np.ones((n, scores.shape[1])), np.ones((n, h))
    runs = [TrainingRun(np.full(epochs + 1, 0.01)) for _ in range(repeats)]

    def network() -> None:
        runs.pop().advance(epochs)

    def one() -> None:
        for _ in range(epochs):
            acts[1] @ params[2]

    def eight() -> None:
        for _ in range(epochs):
            X @ params[0], acts[1] @ params[2], acts[2] @ params[4]  # forward
            acts[2].T @ d3, d3 @ params[4].T, acts[1].T @ dh, dh @ params[2].T, X.T @ dh  # backward

    seconds = medians({"network": network, "one": one, "eight": eight}, repeats)
    return Speed(epochs / seconds["network"], epochs / seconds["one"], epochs / seconds["eight"])


def window_frames(view: str, size: tuple[int, int] = (1280, 720), n: int = 600) -> Frames:
    """The app playing with a view that trains, for n frames: "train" (T: the network under the
    schedule) or "grand" (Shift+T: every schedule), each a few epochs a frame. Each run is
    long enough that training goes on in every frame measured. Between two such frames the app
    draws one with the view put aside (its run kept, not trained): the baseline."""
    import pygame

    if view == "train":
        app = headless_app(size, schedule="cosine", lr0=1.0, epochs=TRAIN_EPOCHS_PER_FRAME * (n + 100))
        app.apply(SeekEnd(first=False))  # the network trains toward the run's epoch: the last, a few a frame
        app.apply(ToggleTrain())
        what = "training (T: train view on, playing)"
    else:
        app = headless_app(size, schedule="cosine", lr0=1.0, epochs=300)
        app.apply(ToggleEverySchedule())
        what = "comparing (Shift+T: every schedule, playing)"
    (mode,) = app.modes
    run = mode.run
    times: dict[bool, list[float]] = {True: [], False: []}
    for i in range(n + 30):
        for on in (True, False):
            app.modes = [mode] if on else []
            start = time.perf_counter()
            app.frame(1 / 60)
            if i >= 30:  # after the warm-up: fonts, layers and the first pictures are made
                times[on].append(1e3 * (time.perf_counter() - start))
    assert not run.done, "the training ended before the frames did"
    pygame.quit()
    return Frames(what, size, tuple(times[True]), tuple(times[False]))


def compare_seconds(epochs: int = 200, lr0: float = 1.0, seeds: tuple[int, ...] = (0, 1, 2)) -> float:
    start = time.perf_counter()
    compare(epochs, lr0, list(seeds))
    return time.perf_counter() - start


def _spread(times_ms: tuple[float, ...]) -> str:
    ordered = list(times_ms)
    return (f"median {statistics.median(ordered):.2f} ms, p90 {percentile(ordered, 0.90):.2f} ms, "
            f"p99 {percentile(ordered, 0.99):.2f} ms, max {max(ordered):.2f} ms")


def speed_rows(speed: Speed) -> list[str]:
    """The network beside its two floors (figures to compare, with no goal of their own)."""
    return [
        f"network: {speed.epochs_per_s:,.0f} epochs/s ({1e6 / speed.epochs_per_s:,.0f} µs an epoch), median",
        f"  floor, one 300×64 @ 64×64 matmul: {speed.one_matmul_per_s:,.0f}/s; the network is "
        f"{speed.ratio_to_one_matmul:.1f}× slower",
        f"  floor, the 8 matmuls of forward + backward: {speed.eight_matmuls_per_s:,.0f}/s; the network is "
        f"{speed.ratio_to_eight_matmuls:.1f}× slower",
    ]


def frames_rows(f: Frames) -> list[str]:
    """The frame times with the view, against the goal, and the same app without it."""
    p99 = f.percentile_ms(0.99)
    return [
        f"frames {f.size[0]}x{f.size[1]}, {f.what}, {len(f.times_ms)} frames: {_spread(f.times_ms)} "
        f"(goal: p99 ≤ {FRAME_GOAL_MS:g} ms){verdict(p99 <= FRAME_GOAL_MS)}",
        f"  the same app without the view, frames taken turn about: {_spread(f.baseline_ms)}",
    ]


def compare_row(seconds: float) -> str:
    return f"compare, T=200, η₀=1, seeds 0,1,2: {seconds:.1f} s (no goal: how long `python main.py compare` waits)"
