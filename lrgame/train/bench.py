"""Measurements of the network's speed (not tests): `python -m lrgame.train.bench`.

- network: epochs per second of a `TrainingRun` (forward, loss, backward, accuracy, divergence
  checks and the SGD update: everything an epoch does);
- floor: epochs per second if an epoch cost no more than a single `X @ W` of the hidden layer's
  shapes (300×64 @ 64×64), and if it cost only the eight matrix products of the forward and
  backward passes; the ratios say how far the network is from each;
- compare: wall time of the grand comparison.

Each speed is the best of a few repeats (as `timeit` advises: slower repeats measure other programs
competing for the CPU), on one BLAS thread (lrgame sets OPENBLAS_NUM_THREADS=1 before numpy loads).
The comparison's time is one wall-clock run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lrgame.train import mlp
from lrgame.train.compare import compare
from lrgame.train.data import spiral
from lrgame.train.run import TrainingRun


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


def _rate(fn: Callable[[], object], n: int, repeats: int) -> float:
    """Calls per second: the best of `repeats` timings of n calls."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        times.append(time.perf_counter() - start)
    return n / min(times)


def network_speed(epochs: int = 500, repeats: int = 5) -> Speed:
    X, y = spiral()
    params = mlp.init(0)
    acts, scores = mlp._forward(params, X)
    n, h = acts[1].shape
    d3, dh = np.ones((n, scores.shape[1])), np.ones((n, h))

    def eight() -> None:
        X @ params[0], acts[1] @ params[2], acts[2] @ params[4]  # forward
        acts[2].T @ d3, d3 @ params[4].T, acts[1].T @ dh, dh @ params[2].T, X.T @ dh  # backward

    def run_epochs() -> None:
        TrainingRun(np.full(epochs + 1, 0.01)).advance(epochs)

    epochs_per_s = _rate(run_epochs, 1, repeats) * epochs
    one = _rate(lambda: acts[1] @ params[2], epochs, repeats)
    return Speed(epochs_per_s, one, _rate(eight, epochs, repeats))


def compare_seconds(epochs: int = 200, lr0: float = 1.0, seeds: tuple[int, ...] = (0, 1, 2)) -> float:
    start = time.perf_counter()
    compare(epochs, lr0, list(seeds))
    return time.perf_counter() - start


def main() -> None:
    speed = network_speed()
    print(f"network: {speed.epochs_per_s:,.0f} epochs/s ({1e6 / speed.epochs_per_s:,.0f} µs an epoch)")
    print(f"floor, one 300×64 @ 64×64 matmul: {speed.one_matmul_per_s:,.0f}/s; network is "
          f"{speed.ratio_to_one_matmul:.1f}× slower")
    print(f"floor, the 8 matmuls of forward + backward: {speed.eight_matmuls_per_s:,.0f}/s; network is "
          f"{speed.ratio_to_eight_matmuls:.1f}× slower")
    print(f"compare, T=200, η₀=1, seeds 0,1,2: {compare_seconds():.1f} s")


if __name__ == "__main__":
    main()
