"""Each surface's lesson, measured with its defaults (docs/landscape.md quotes these figures): the claim
the explain panel makes is what the path does."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrgame.engine import schedules
from lrgame.sim.landscape_path import Path2D, compute_path, make_landscape_run, stability_limit
from lrgame.sim.optimizer_choice import make_optimizer
from lrgame.sim.optimizers import SGD
from lrgame.sim.settings import make_settings
from lrgame.sim.surfaces import SURFACES, default_params, river_coordinates


def run(surface: str, schedule: str, *, lr0: float | None = None, epochs: int | None = None, seed: int = 0,
        noise: float | None = None, optimizer: str = "sgd", start: tuple[float, float] | None = None,
        **hyper: float) -> Path2D:
    """The path with the surface's defaults for what is not given."""
    s = SURFACES[surface]
    settings = make_settings(schedule, s.lr0 if lr0 is None else lr0, s.epochs if epochs is None else epochs,
                             noise=s.noise if noise is None else noise, seed=seed,
                             optimizer=make_optimizer(optimizer, **hyper))
    return compute_path(make_landscape_run(surface, {}, start, settings))


def median_final_loss(surface: str, schedule: str, seeds: range, **kw: object) -> float:
    return float(np.median([run(surface, schedule, seed=k, **kw).loss[-1] for k in seeds]))  # type: ignore[arg-type]


def test_ravine_with_noise_cosine_ends_far_lower_than_constant() -> None:
    """Measured over seeds 0–9: constant 0.26, cosine 0.0092 (median final loss)."""
    constant = median_final_loss("ravine", "constant", range(10))
    cosine = median_final_loss("ravine", "cosine", range(10))
    assert cosine * 10 < constant
    assert cosine < 0.02 < 0.1 < constant


def test_ravine_without_noise_the_constant_rate_is_not_worse() -> None:
    """The ravine's lesson is about the noise: with none, a rate under the limit just converges."""
    assert run("ravine", "constant", noise=0.0).loss[-1] < run("ravine", "cosine", noise=0.0).loss[-1] < 1e-6


def test_ravine_default_rate_sits_just_under_the_limit_across() -> None:
    ravine = SURFACES["ravine"]
    limit = stability_limit(ravine, default_params(ravine), (0.0, 0.0), SGD())
    assert limit == pytest.approx(0.2) and 0.8 * limit < ravine.lr0 < limit


def _distance_to_minimum(path: Path2D) -> float:
    a, b = SURFACES["rosenbrock"].minima(default_params(SURFACES["rosenbrock"]))[0]
    return math.hypot(path.points[-1, 0] - a, path.points[-1, 1] - b)


def test_rosenbrock_plain_sgd_crawls_and_momentum_arrives() -> None:
    """Noise 0, cosine from η₀ = 0.0018 over 2000 steps: SGD ends 0.61 short, momentum 0.9 within 1e-4."""
    plain = _distance_to_minimum(run("rosenbrock", "cosine", noise=0.0))
    heavy = _distance_to_minimum(run("rosenbrock", "cosine", noise=0.0, momentum=0.9))
    assert plain > 0.5 and heavy < 1e-3


def test_rosenbrock_walls_allow_only_a_tiny_rate() -> None:
    """Noise 0, constant rate, 2000 steps: at 0.9× the limit at the minimum the loss ends at 0.013; at
    1.5× the path bounces between the walls far from it (loss 0.30); at 6× it flies off."""
    rosenbrock = SURFACES["rosenbrock"]
    limit = stability_limit(rosenbrock, default_params(rosenbrock), (1.0, 1.0), SGD())
    assert limit == pytest.approx(2 / 1001.6, rel=1e-3) and rosenbrock.lr0 < limit
    at_start = stability_limit(rosenbrock, default_params(rosenbrock), rosenbrock.start, SGD())
    assert at_start == pytest.approx(0.0013, abs=5e-5)  # sharper at the start: η₀ is over it there
    assert run("rosenbrock", "constant", lr0=0.9 * limit, noise=0.0).loss[-1] < 0.02
    assert run("rosenbrock", "constant", lr0=1.5 * limit, noise=0.0).loss[-1] > 0.2
    assert run("rosenbrock", "constant", lr0=6 * limit, noise=0.0).diverged_at is not None


def _basin(path: Path2D) -> str:
    """Which basin the last point lies in: where plain descent without noise takes it."""
    basins = SURFACES["basins"]
    params = default_params(basins)
    settle = make_settings("constant", 0.1, 3000, noise=0.0)
    end = compute_path(make_landscape_run("basins", params, tuple(path.points[-1]), settle)).points[-1]
    deep, shallow = basins.minima(params)
    return "deep" if math.dist(end, deep) < math.dist(end, shallow) else "shallow"


def _basin_counts(schedule: str, seeds: range, **kw: object) -> dict[str, int]:
    ends = [_basin(run("basins", schedule, seed=k, **kw)) for k in seeds]  # type: ignore[arg-type]
    return {name: ends.count(name) for name in ("deep", "shallow")}


def test_basins_a_small_rate_stays_in_the_shallow_basin() -> None:
    lr0 = SURFACES["basins"].lr0
    assert _basin_counts("constant", range(20), lr0=lr0 / 10) == {"deep": 0, "shallow": 20}


@pytest.mark.slow
def test_basins_a_large_decaying_rate_hops_out_and_settles_in_the_deep_one() -> None:
    """Seeds 0–19: cosine from η₀ = 0.4 ends in the deep basin 18 times; from η₀/2, 5 times."""
    assert _basin_counts("cosine", range(20))["deep"] >= 16
    assert _basin_counts("cosine", range(20), lr0=SURFACES["basins"].lr0 / 2)["deep"] <= 8


def test_basins_a_quick_case_and_without_noise_nothing_hops() -> None:
    assert _basin(run("basins", "cosine", seed=0)) == "deep"
    assert _basin(run("basins", "cosine", noise=0.0)) == "shallow"


@pytest.mark.slow
def test_basins_warm_restarts_kick_a_settled_path_out() -> None:
    """Starting at the shallow basin's bottom: constant η₀/10 never leaves it; under SGDR (restarts to
    η₀ every 250 steps) 18 of seeds 0–19 hop to the deep basin, every hop while the rate is high, and 9
    of them in the first 75 steps after a restart, having sat out the previous cycle."""
    basins = SURFACES["basins"]
    shallow = basins.minima(default_params(basins))[1]
    assert _basin_counts("constant", range(20), lr0=basins.lr0 / 10, start=shallow)["deep"] == 0
    cycle = schedules.resolve("cosine_restarts", basins.lr0, basins.epochs, {})["T_0"]
    deep = np.array(basins.minima(default_params(basins))[0])
    hops = []
    for seed in range(20):
        path = run("basins", "cosine_restarts", seed=seed, start=shallow)
        if _basin(path) == "deep":
            first = int(np.argmax(np.hypot(*(path.points - deep).T) < 1.0))
            assert path.lr[first - 1] > basins.lr0 / 4  # the hop came while the rate was high
            hops.append(first)
    assert len(hops) >= 14
    assert sum(t >= cycle and t % cycle < 0.3 * cycle for t in hops) >= 5


def test_river_default_rate_is_just_under_the_banks_limit() -> None:
    river = SURFACES["river"]
    at_start = stability_limit(river, default_params(river), river.start, SGD())
    assert at_start == pytest.approx(0.095, abs=5e-4) and 0.85 * at_start < river.lr0 < at_start


def test_river_warmup_stable_decay_ends_lowest() -> None:
    """Seeds 0–9, median final loss: wsd 0.588, cosine 0.638, constant 0.659."""
    seeds = range(10)
    wsd = median_final_loss("river", "wsd", seeds)
    assert wsd < median_final_loss("river", "cosine", seeds) and wsd < median_final_loss("river", "constant", seeds)


def test_river_the_loss_drops_when_the_rate_does() -> None:
    """WSD keeps the rate up for 80 % of the run; in the last 20 % its loss falls by far more than a
    constant rate's does over the same steps, while the bounce across the river dies down."""
    drops, calm = [], []
    for seed in range(10):
        wsd, constant = run("river", "wsd", seed=seed), run("river", "constant", seed=seed)
        at = int(0.8 * (len(wsd.loss) - 1))
        drops.append((wsd.loss[at] - wsd.loss[-1]) - (constant.loss[at] - constant.loss[-1]))
        across = np.abs(river_coordinates(wsd.points[:, 0], wsd.points[:, 1])[1])
        calm.append(across[-10:].mean() < across[at - 10 : at].mean() / 3)
    assert np.median(drops) > 0.05 and sum(calm) >= 9


def _lingering(path: Path2D) -> int:
    """Steps spent at the pass: |x| < 0.1 and |y| < 0.5."""
    x, y = path.points.T
    return int(((np.abs(x) < 0.1) & (np.abs(y) < 0.5)).sum())


def test_saddle_a_smaller_rate_lingers_longer() -> None:
    """Noise 0, constant rate: 67 steps at the pass at η = 0.05, 35 at 0.1, 19 at 0.2."""
    steps = [_lingering(run("saddle", "constant", lr0=lr, noise=0.0)) for lr in (0.05, 0.1, 0.2)]
    assert steps[0] > steps[1] > steps[2] > 10


def test_saddle_noise_gets_the_path_off_the_pass_sooner() -> None:
    quiet = _lingering(run("saddle", "constant", noise=0.0))
    noisy = np.median([_lingering(run("saddle", "constant", noise=0.05, seed=k)) for k in range(10)])
    assert noisy < quiet / 2


def test_saddle_a_rate_cut_at_the_pass_leaves_the_path_there() -> None:
    """Noise 0: the step schedule cuts η₀ = 0.1 tenfold while the path still waits at the pass, and it
    ends there (loss near ¼, the pass's height); a constant rate reaches a hollow (loss 0)."""
    assert run("saddle", "step", noise=0.0).loss[-1] > 0.2
    assert run("saddle", "constant", noise=0.0).loss[-1] < 1e-9
