"""Properties every schedule must have, checked by name on whole arrays, for every registry entry."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from lrgame.engine import schedules
from lrgame.engine.params import ConfigError

RUNS = [(0.1, 10), (0.1, 100), (2.5, 997), (1e-4, 5000)]  # (η₀, T) at the registry's defaults
VARIANTS = {  # non-default settings at η₀ = 0.1, T = 100
    "constant": [{"factor": 0.5, "total_iters": 10}],
    "step": [{"step_size": 7, "gamma": 0.5}],
    "multistep": [{"milestones": (10, 10, 60), "gamma": 0.3}],
    "exponential": [{"gamma": 0.9}],
    "cosine": [{"T_max": 40, "eta_min": 0.01}],
    "warmup_cosine": [
        {"warmup_epochs": 20, "start_factor": 0.1, "eta_min": 0.001},
        {"warmup_epochs": 5, "eta_min": 0.01, "decay_epochs": 60},
    ],
    "cosine_restarts": [{"T_0": 10, "T_mult": 2, "eta_min": 0.001}],
    "one_cycle": [{"pct_start": 0.25, "anneal_strategy": "linear", "three_phase": True}],
    "cyclic": [
        {"base_lr": 0.02, "step_size_up": 7, "step_size_down": 13, "mode": "exp_range", "gamma": 0.99},
        {"step_size_up": 5, "mode": "triangular2"},
    ],
    "linear": [{"start_factor": 0.25, "end_factor": 1.0, "total_iters": 30}],
    "polynomial": [{"total_iters": 60, "power": 2.0}, {"power": 0.5}],
    "inverse_sqrt": [{"warmup_epochs": 0}, {"warmup_epochs": 25}],
    "noam": [{"warmup_epochs": 25}],
    "wsd": [{"warmup_epochs": 10, "decay_epochs": 30, "warmup_type": "cosine", "decay_type": "1-sqrt",
             "min_lr_ratio": 0.1}],
}
CASES = [(name, lr0, epochs, {}) for name in schedules.SCHEDULES for lr0, epochs in RUNS] + [
    (name, 0.1, 100, params) for name, variants in VARIANTS.items() for params in variants
]
ULP_SLACK = 4 * np.finfo(np.float64).eps


def _id(case: tuple) -> str:
    name, lr0, epochs, params = case
    return f"{name}-{lr0:g}-{epochs}" + "".join(f"-{k}={v}" for k, v in params.items())


def test_every_schedule_has_variants() -> None:
    assert set(VARIANTS) == set(schedules.SCHEDULES)


@pytest.mark.parametrize("case", CASES, ids=map(_id, CASES))
def test_curve_is_finite_non_negative_float64_of_length_t_plus_1(case: tuple) -> None:
    name, lr0, epochs, params = case
    c = schedules.curve(name, lr0=lr0, epochs=epochs, **params)
    assert c.shape == (epochs + 1,)
    assert c.dtype == np.float64
    assert np.isfinite(c).all()
    assert (c >= 0).all()


@pytest.mark.parametrize("case", CASES, ids=map(_id, CASES))
def test_vectorised_order_does_not_matter(case: tuple) -> None:
    name, lr0, epochs, params = case
    fn = schedules.build(name, lr0=lr0, epochs=epochs, **params)
    t = np.arange(epochs + 1)
    order = np.random.default_rng(epochs).permutation(t)
    np.testing.assert_array_equal(fn(order), fn(t)[order])


@pytest.mark.parametrize(
    ("name", "params", "peak"),
    [
        ("warmup_cosine", {"warmup_epochs": 20}, 20),
        ("warmup_cosine", {"warmup_epochs": 20, "start_factor": 0.3}, 20),
        ("inverse_sqrt", {"warmup_epochs": 25}, 25),
        ("noam", {"warmup_epochs": 25}, 24),  # Noam's (t+1) puts the peak one epoch early
        ("wsd", {"warmup_epochs": 10, "warmup_type": "linear"}, 10),
        ("wsd", {"warmup_epochs": 10, "warmup_type": "cosine"}, 10),
        ("wsd", {"warmup_epochs": 10, "warmup_type": "1-sqrt", "min_lr_ratio": 0.2}, 10),
    ],
)
def test_warmup_rises_to_lr0(name: str, params: dict, peak: int) -> None:
    c = schedules.curve(name, lr0=0.1, epochs=100, **params)
    assert (np.diff(c[: peak + 1]) > 0).all()
    assert np.argmax(c) == peak
    assert c[peak] == pytest.approx(0.1, rel=1e-12)


@pytest.mark.parametrize(
    ("name", "params", "until"),
    [
        ("step", {}, 100),
        ("step", {"step_size": 7, "gamma": 0.5}, 100),
        ("multistep", {"milestones": (10, 10, 60)}, 100),
        ("exponential", {"gamma": 0.9}, 100),
        ("cosine", {}, 100),
        ("cosine", {"T_max": 40, "eta_min": 0.01}, 40),  # past T_max PyTorch's cosine climbs again
        ("polynomial", {"total_iters": 60, "power": 2.0}, 100),
        ("polynomial", {"power": 0.5}, 100),
        ("linear", {}, 100),
        ("linear", {"start_factor": 0.8, "end_factor": 0.1, "total_iters": 30}, 100),
    ],
)
def test_decay_never_increases(name: str, params: dict, until: int) -> None:
    c = schedules.curve(name, lr0=0.1, epochs=100, **params)
    assert (np.diff(c[: until + 1]) <= 0).all()


@pytest.mark.parametrize(
    ("epochs", "params"),
    [
        (100, {}),
        (200, {"pct_start": 0.25, "anneal_strategy": "linear"}),
        (50, {"pct_start": 0.5, "three_phase": True, "div_factor": 10.0}),
    ],
)
def test_one_cycle_peaks_at_lr0_at_end_of_rise(epochs: int, params: dict) -> None:
    c = schedules.curve("one_cycle", lr0=0.1, epochs=epochs, **params)
    spec = schedules.get("one_cycle")
    pct = params.get("pct_start", spec.spec("pct_start").default)
    peak = round(pct * epochs) - 1
    assert (np.diff(c[: peak + 1]) > 0).all()
    assert np.argmax(c) == peak
    assert c[peak] == pytest.approx(0.1, rel=1e-12)
    assert c[0] == pytest.approx(0.1 / params.get("div_factor", 25.0), rel=1e-12)


@pytest.mark.parametrize("anneal_strategy", ["cos", "linear"])
def test_one_cycle_holds_its_last_rate_at_t_equals_T(anneal_strategy: str) -> None:
    # PyTorch's T−1 is the last valid step; it would extrapolate at T (a linear anneal goes below 0).
    c = schedules.curve("one_cycle", lr0=0.1, epochs=100, anneal_strategy=anneal_strategy, three_phase=True)
    assert c[100] == c[99]


@pytest.mark.parametrize("mode", ["triangular", "triangular2", "exp_range"])
@pytest.mark.parametrize(("lr0", "base_lr"), [(0.1, 0.01), (0.2018441801233046, 0.06713227088273575), (1.0, 0.0)])
def test_cyclic_stays_between_base_lr_and_lr0(mode: str, lr0: float, base_lr: float) -> None:
    c = schedules.curve(
        "cyclic", lr0=lr0, epochs=300, base_lr=base_lr, step_size_up=27, step_size_down=12, mode=mode, gamma=0.99
    )
    # PyTorch's base + height·scale can land one ulp past η₀; the engine keeps its arithmetic for parity.
    assert c.min() >= base_lr
    assert c.max() <= lr0 * (1 + ULP_SLACK)


def test_docstring_example() -> None:
    result = doctest.testmod(schedules)
    assert result.attempted >= 1
    assert result.failed == 0


@pytest.mark.parametrize(("warmup", "decay", "eta_min"),
                         [(5, 60, 0.01), (0, 1, 0.0), (10, 90, 0.001), (117, 800, 6e-6)])
def test_warmup_cosine_holds_eta_min_after_warmup_plus_decay(warmup: int, decay: int, eta_min: float) -> None:
    epochs = max(100, warmup + decay + 50)
    c = schedules.curve("warmup_cosine", lr0=0.1, epochs=epochs, warmup_epochs=warmup, decay_epochs=decay,
                        eta_min=eta_min)
    end = warmup + decay
    assert c[warmup] == pytest.approx(0.1, rel=1e-12)  # the peak, right after the warmup
    assert (np.diff(c[warmup : end + 1]) < 0).all()  # the cosine falls all the way to the end of its decay
    assert (c[end:] == eta_min).all()  # then holds the floor, bit for bit, to the end of the run and past it
    assert schedules.build("warmup_cosine", lr0=0.1, epochs=epochs, warmup_epochs=warmup, decay_epochs=decay,
                           eta_min=eta_min)(np.array([2.0 * epochs]))[0] == eta_min


def test_warmup_cosine_decay_to_the_end_equals_the_default_inside_the_run() -> None:
    default = schedules.curve("warmup_cosine", lr0=0.1, epochs=100, warmup_epochs=10, eta_min=0.001)
    explicit = schedules.curve("warmup_cosine", lr0=0.1, epochs=100, warmup_epochs=10, eta_min=0.001, decay_epochs=90)
    np.testing.assert_array_equal(explicit, default)
    # Only past T do they part: the default keeps PyTorch's cosine going (back up), the explicit one holds the floor.
    past = np.array([150.0])
    assert schedules.build("warmup_cosine", lr0=0.1, epochs=100, warmup_epochs=10, eta_min=0.001)(past)[0] > 0.001
    assert schedules.build("warmup_cosine", lr0=0.1, epochs=100, warmup_epochs=10, eta_min=0.001,
                           decay_epochs=90)(past)[0] == 0.001


@pytest.mark.parametrize(("warmup", "decay"), [(10, 91), (1, 100), (50, 51)])
def test_warmup_cosine_rejects_warmup_plus_decay_beyond_the_run(warmup: int, decay: int) -> None:
    with pytest.raises(ConfigError, match=f"warmup_epochs={warmup} plus decay_epochs={decay}"):
        schedules.curve("warmup_cosine", lr0=0.1, epochs=100, warmup_epochs=warmup, decay_epochs=decay)
