"""The optimizer as people name it (lrgame.sim.optimizer_choice): names, torch's defaults, the panel's
picks, files, the code line, and the swing and limit rules the readout uses, checked numerically."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

from lrgame.engine.params import ConfigError
from lrgame.sim import optimizer_choice
from lrgame.sim.optimizer_choice import (
    PICKS,
    checked,
    from_json,
    make_optimizer,
    pick_of,
    picked,
    run_limit,
    swings,
    to_json,
    torch_line,
    with_value,
)
from lrgame.sim.optimizers import SGD, Adam, AdamW, SGDState, max_stable_lr, sgd_step


def test_the_docstring_examples() -> None:
    assert doctest.testmod(optimizer_choice).failed == 0


def test_a_name_alone_is_torchs_defaults() -> None:
    assert make_optimizer("sgd") == SGD() and make_optimizer("adam") == Adam() and make_optimizer("adamw") == AdamW()
    assert make_optimizer("adamw").weight_decay == 0.01
    assert make_optimizer("adam", betas="0.8, 0.99").betas == (0.8, 0.99)
    assert make_optimizer("adam", beta1="0.5").betas == (0.5, 0.999)


@pytest.mark.parametrize("hp", [SGD(momentum=0.9, dampening=0.2, weight_decay=0.1), SGD(momentum=0.5, nesterov=True),
                                Adam(betas=(0.8, 0.99), eps=1e-6), AdamW(weight_decay=0.3)], ids=repr)
def test_files_and_records_round_trip(hp) -> None:
    assert from_json(to_json(hp)) == hp and checked(hp) == hp


def test_a_record_out_of_the_simulators_range_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"momentum=1\.5"):
        checked(SGD(momentum=1.5))  # torch would take it; no momentum ≥ 1 ever settles
    with pytest.raises(ConfigError, match="optimizer="):
        checked("sgd")


def test_the_panels_picks() -> None:
    sgd = SGD(dampening=0.3, weight_decay=0.01)
    assert picked(sgd, "momentum") == SGD(0.9, 0.3, 0.01)
    assert picked(SGD(momentum=0.5, dampening=0.3), "nesterov") == SGD(0.5, 0.0, 0.0, True)  # Nesterov: no dampening
    assert picked(SGD(momentum=0.5, nesterov=True), "sgd") == SGD()
    assert picked(Adam(betas=(0.8, 0.99), eps=1e-6), "adamw") == AdamW(betas=(0.8, 0.99), eps=1e-6)
    assert picked(AdamW(), "momentum") == SGD(momentum=0.9)
    assert [pick_of(picked(SGD(), p)) for p in PICKS] == list(PICKS)
    with pytest.raises(ConfigError, match="optimizer='rmsprop'"):
        picked(SGD(), "rmsprop")


def test_one_value_from_a_box() -> None:
    assert with_value(SGD(momentum=0.9), "momentum", " 0.5 ") == SGD(momentum=0.5)
    assert with_value(Adam(), "beta2", 0.99).betas == (0.9, 0.99)
    with pytest.raises(ConfigError, match="dampening=2.0"):
        with_value(SGD(), "dampening", 2.0)


def test_the_code_line_names_only_what_differs_from_torchs_defaults() -> None:
    assert torch_line(SGD(), 0.1) == "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)"
    assert torch_line(SGD(0.9, 0.0, 1e-4, True), 0.1) == (
        "optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=0.0001, nesterov=True)")
    assert torch_line(AdamW(weight_decay=0.1), 3e-4) == (
        "optimizer = torch.optim.AdamW(model.parameters(), lr=0.0003, weight_decay=0.1)")


def _sign_changes(hp: SGD, product: float, momentum: float, steps: int = 400) -> int:
    """Times the noise-free ball crosses the floor (a position that underflowed to 0 crosses nothing)."""
    x, state, xs = np.array([1.0]), SGDState(), []
    for _ in range(steps):
        x, state = sgd_step(x, x, state, hp, product, momentum)  # f″ = 1, so η = η·f″
        xs.append(x[0])
    xs = np.array(xs)
    return int(np.count_nonzero(xs[1:] * xs[:-1] < 0))


@pytest.mark.parametrize("hp", [SGD(), SGD(momentum=0.9), SGD(momentum=0.5, dampening=0.4),
                                SGD(momentum=0.9, nesterov=True), SGD(momentum=0.3, nesterov=True)], ids=repr)
def test_swings_is_where_the_noise_free_ball_starts_to_cross_the_floor(hp: SGD) -> None:
    """Find where the ball starts crossing the floor, by bisection on η·f″, and compare with the rule."""
    lo, hi = 1e-4, max_stable_lr(hp, 1.0) * 0.999
    assert not swings(hp, lo, hp.momentum) and swings(hp, hi, hp.momentum)
    for _ in range(40):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if _sign_changes(hp, mid, hp.momentum) == 0 else (lo, mid)
    edge = (lo + hi) / 2
    assert not swings(hp, edge * 0.98, hp.momentum) and swings(hp, edge * 1.02, hp.momentum)


def test_the_limit_over_a_driven_run_is_the_worst_end_of_the_range() -> None:
    heavy, nesterov = SGD(momentum=0.9), SGD(momentum=0.9, nesterov=True)
    assert run_limit(heavy, 15.0, [0.95, 0.85, 0.9]) == (max_stable_lr(heavy, 15.0, 0.85), 0.85)
    assert run_limit(nesterov, 15.0, [0.95, 0.85]) == (max_stable_lr(nesterov, 15.0, 0.95), 0.95)
    assert run_limit(heavy, 15.0, None) == (max_stable_lr(heavy, 15.0), 0.9)
    assert run_limit(Adam(), 15.0, None) is None
