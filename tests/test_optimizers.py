"""lrgame.sim.optimizers against torch.optim's recorded paths (tests/data/optimizers_golden.json, written
by scripts/record_optimizers.py), its properties by name, and its stability limits on f = s·x²/2."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lrgame.engine.params import ConfigError
from lrgame.sim.optimizers import (
    SGD,
    Adam,
    AdamState,
    AdamW,
    SGDState,
    adam_step,
    heavy_ball_limit,
    max_stable_lr,
    nesterov_limit,
    scalar_stepper,
    sgd_step,
)

GOLDEN = json.loads((Path(__file__).parent / "data" / "optimizers_golden.json").read_text(encoding="utf-8"))
CLASSES = {"SGD": SGD, "Adam": Adam, "AdamW": AdamW}
# Worst relative error over every case: ~1e-13. The op order is torch's; what remains is that torch's CPU
# kernels fuse multiply-adds (one rounding where numpy rounds twice) and that its sqrt is off by an ulp
# now and then, a few ulps per step, compounded over 200 steps.
RTOL = 1e-12
# The final state's entries that have shrunk towards 0 carry the ulps of the O(1) gradients they came from.
STATE_ATOL = 1e-15


def _replay(case: dict) -> tuple[list[np.ndarray], SGDState | AdamState]:
    """Run a recorded case through lrgame: same start, same gradients, same rate and momentum per step."""
    kwargs = {k: tuple(v) if k == "betas" else v for k, v in case["kwargs"].items()}
    hp = CLASSES[case["optimizer"]](**kwargs)
    steps = len(case["params"])
    rates = np.broadcast_to(case["lr"], steps)
    momenta = case.get("momentum", [None] * steps)
    h, c, noise = np.array(GOLDEN["h"]), np.array(GOLDEN["c"]), np.array(GOLDEN["noise"])
    p = np.array(GOLDEN["x0"])
    state = SGDState() if isinstance(hp, SGD) else AdamState.zeros_like(p)
    path = []
    for t in range(steps):
        grad = noise[t] if case["gradient"] == "noise" else h * (p - c)
        step = sgd_step if isinstance(hp, SGD) else adam_step
        p, state = step(p, grad, state, hp, float(rates[t]), momenta[t])
        path.append(p)
    return path, state


@pytest.mark.parametrize("name", sorted(GOLDEN["cases"]))
def test_every_step_matches_torch(name: str) -> None:
    case = GOLDEN["cases"][name]
    path, state = _replay(case)
    np.testing.assert_allclose(np.array(path), np.array(case["params"]), rtol=RTOL, atol=0)
    want = case["state"]
    if isinstance(state, AdamState):
        assert state.step == want["step"]
        np.testing.assert_allclose(state.exp_avg, want["exp_avg"], rtol=RTOL, atol=STATE_ATOL)
        np.testing.assert_allclose(state.exp_avg_sq, want["exp_avg_sq"], rtol=RTOL, atol=STATE_ATOL)
    elif "momentum_buffer" in want:
        np.testing.assert_allclose(state.momentum_buffer, want["momentum_buffer"], rtol=RTOL, atol=STATE_ATOL)
    else:
        assert state.momentum_buffer is None


def test_golden_covers_a_changing_rate_and_a_scheduled_momentum_for_each_optimizer() -> None:
    cases = GOLDEN["cases"].values()
    for cls in CLASSES:
        assert any(c["optimizer"] == cls and isinstance(c["lr"], list) and len(set(c["lr"])) > 100 for c in cases)
        assert any(c["optimizer"] == cls and len(set(c.get("momentum", []))) > 100 for c in cases)
    assert all(len(c["params"]) >= 200 for c in cases)


@pytest.mark.parametrize("cls", CLASSES)
def test_defaults_are_torchs(cls: str) -> None:
    ours = CLASSES[cls]()
    for name, value in GOLDEN["defaults"][cls].items():
        if name == "lr":  # the rate is the schedule's (η₀ and its curve), not a hyperparameter here
            assert not hasattr(ours, "lr")
            continue
        assert getattr(ours, name) == (tuple(value) if name == "betas" else value), name
    assert getattr(ours, "decoupled_weight_decay", False) == (cls == "AdamW")


def _grads(n: int, shape: tuple[int, ...] = (3,)) -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    return [rng.standard_normal(shape) for _ in range(n)]


def test_sgd_with_momentum_zero_is_plain_gradient_descent() -> None:
    hp = SGD(momentum=0.0, dampening=0.7)
    p, state = np.array([1.0, -2.0, 3.0]), SGDState()
    for g in _grads(20):
        want = p - 0.1 * g
        p, state = sgd_step(p, g, state, hp, 0.1)
        np.testing.assert_array_equal(p, want)
    assert state.momentum_buffer is None


@pytest.mark.parametrize("hp", [SGD(momentum=0.9), SGD(momentum=0.9, dampening=0.5),
                                SGD(momentum=0.5, weight_decay=0.1)])
def test_first_momentum_step_equals_plain_sgd(hp: SGD) -> None:
    p, g = np.array([1.0, -2.0, 3.0]), np.array([0.3, 0.1, -0.7])
    moved, state = sgd_step(p, g, SGDState(), hp, 0.1)
    np.testing.assert_array_equal(moved, sgd_step(p, g, SGDState(), SGD(weight_decay=hp.weight_decay), 0.1)[0])
    np.testing.assert_array_equal(state.momentum_buffer, g + hp.weight_decay * p)  # the gradient, undamped


def test_adamw_with_weight_decay_zero_equals_adam() -> None:
    p = q = np.array([1.0, -2.0, 3.0])
    s = t = AdamState.zeros_like(p)
    for k, g in enumerate(_grads(50)):
        p, s = adam_step(p, g, s, Adam(), 0.01 * (1 + k % 7), 0.9 - 0.001 * k)
        q, t = adam_step(q, g, t, AdamW(weight_decay=0.0), 0.01 * (1 + k % 7), 0.9 - 0.001 * k)
    np.testing.assert_array_equal(p, q)


def test_adams_first_step_is_the_rate_per_coordinate() -> None:
    """Bias correction makes m/√v = g/|g| on step 1, whatever the gradient's size."""
    p, g = np.zeros(3), np.array([1e-3, -5.0, 200.0])
    moved, _ = adam_step(p, g, AdamState.zeros_like(p), Adam(eps=0.0), 0.01)
    np.testing.assert_allclose(moved, -0.01 * np.sign(g), rtol=1e-15)


@pytest.mark.parametrize("hp", [SGD(momentum=0.9, nesterov=True, weight_decay=0.1), AdamW()])
def test_any_shape_steps_each_entry_alone_and_inputs_stay_unchanged(hp: SGD | Adam) -> None:
    step = sgd_step if isinstance(hp, SGD) else adam_step
    p2 = np.arange(6.0).reshape(2, 3) - 2.5
    p1 = p2.ravel().copy()
    s2 = SGDState() if isinstance(hp, SGD) else AdamState.zeros_like(p2)
    s1 = SGDState() if isinstance(hp, SGD) else AdamState.zeros_like(p1)
    for g in _grads(10, (2, 3)):
        g_before, p_before = g.copy(), p2.copy()
        new2, s2 = step(p2, g, s2, hp, 0.05)
        np.testing.assert_array_equal(g, g_before)
        np.testing.assert_array_equal(p2, p_before)
        p1, s1 = step(p1, g.ravel(), s1, hp, 0.05)
        p2 = new2
        np.testing.assert_array_equal(p2.ravel(), p1)


SCALAR_CASES = [SGD(), SGD(momentum=0.9), SGD(momentum=0.9, dampening=0.3, weight_decay=0.2),
                SGD(momentum=0.8, nesterov=True, weight_decay=0.05), SGD(dampening=0.5, weight_decay=1.0),
                Adam(), Adam(betas=(0.3, 0.9), eps=1e-3, weight_decay=0.1), AdamW(), AdamW(weight_decay=0.3)]


@pytest.mark.parametrize("hp", SCALAR_CASES, ids=repr)
@pytest.mark.parametrize("scheduled", [False, True])
def test_the_scalar_walk_is_the_array_step_to_the_last_bit(hp: SGD | Adam, scheduled: bool) -> None:
    """The ball's fast path (Python floats) takes the very steps the array functions take: 300 steps of
    a bowl's gradient plus noise, the rate changing every step and (scheduled) the momentum or β₁ too,
    walked in three pieces (the state carries over)."""
    rng = np.random.default_rng(5)
    kicks, rates = rng.standard_normal(300).tolist(), (0.05 * (1 + np.sin(np.arange(300)))).tolist()
    default = hp.momentum if isinstance(hp, SGD) else hp.betas[0]
    momenta = (0.9 - 0.1 * np.cos(np.arange(300) / 7)).tolist() if scheduled else [default] * 300
    fast, x, xs, states = scalar_stepper(hp), 2.5, [], []
    for piece in (slice(0, 100), slice(100, 250), slice(250, 300)):
        walk = fast.walk(x, lambda y: 3.0 * y, kicks[piece], rates[piece], momenta[piece], 0.0, 1e9)
        x = walk.last
        xs += walk.xs
        states.append(walk.states)
    p = np.array([2.5])
    state = SGDState() if isinstance(hp, SGD) else AdamState.zeros_like(p)
    step = sgd_step if isinstance(hp, SGD) else adam_step
    want = []
    for t in range(300):
        p, state = step(p, 3.0 * p + kicks[t], state, hp, rates[t], momenta[t] if scheduled else None)
        want.append(float(p[0]))
    assert xs == want
    last = [column[-1] for column in states[-1]]
    if isinstance(state, AdamState):
        assert last == [state.exp_avg[0], state.exp_avg_sq[0]]
    elif hp.momentum != 0:
        assert last == [state.momentum_buffer[0]]
    else:  # plain SGD keeps no state (a scheduled momentum only comes with an optimizer that has one)
        assert last == []


def test_a_walk_stops_where_the_ball_leaves_the_bound() -> None:
    walk = scalar_stepper(SGD(momentum=0.9)).walk(1.0, lambda y: 100.0 * y, [0.0] * 50, [0.1] * 50, [0.9] * 50,
                                                  0.0, 1e3)
    assert len(walk.xs) < 50 and abs(walk.last) > 1e3 and all(abs(x) <= 1e3 for x in walk.xs)
    assert len(walk.states[0]) == len(walk.xs)


@pytest.mark.parametrize(("make", "named"), [
    (lambda: SGD(momentum=float("nan")), "momentum=nan"),
    (lambda: SGD(momentum=-0.5), "momentum=-0.5"),
    (lambda: SGD(weight_decay=-1e-4), "weight_decay=-0.0001"),
    (lambda: SGD(nesterov=True), "momentum=0.0"),
    (lambda: SGD(momentum=0.9, dampening=0.1, nesterov=True), "dampening=0.1"),
    (lambda: Adam(eps=float("nan")), "eps=nan"),
    (lambda: Adam(betas=(1.0, 0.999)), "beta1=1.0"),
    (lambda: Adam(betas=(0.9, -0.1)), "beta2=-0.1"),
    (lambda: Adam(eps=-1e-8), "eps=-1e-08"),
    (lambda: Adam(weight_decay=-0.1), "weight_decay=-0.1"),
    (lambda: AdamW(betas=(0.9, 1.5)), "beta2=1.5"),
])
def test_bad_hyperparameters_give_a_one_line_config_error_naming_the_value(make, named: str) -> None:
    with pytest.raises(ConfigError) as err:
        make()
    assert named in str(err.value)
    assert "\n" not in str(err.value)


# Stability on f = s·x²/2: just below the limit the ball settles, just above it flies off.
SHARPNESS = 7.0
LIMITED = [
    SGD(),
    SGD(dampening=0.5),  # no momentum: torch ignores dampening
    SGD(momentum=0.5),
    SGD(momentum=0.9),
    SGD(momentum=0.9, dampening=0.5),
    SGD(momentum=0.5, nesterov=True),
    SGD(momentum=0.9, nesterov=True),
    SGD(weight_decay=2.0),
    SGD(momentum=0.9, dampening=0.3, weight_decay=1.0),
    SGD(momentum=0.9, nesterov=True, weight_decay=3.0),
]


def _final_distance(hp: SGD, lr: float, steps: int = 1000) -> float:
    x, state = np.array([1.0]), SGDState()
    for _ in range(steps):
        x, state = sgd_step(x, SHARPNESS * x, state, hp, lr)
    return float(abs(x[0]))


@pytest.mark.parametrize("hp", LIMITED, ids=repr)
def test_sgd_converges_just_below_its_limit_and_diverges_just_above(hp: SGD) -> None:
    limit = max_stable_lr(hp, SHARPNESS)
    assert _final_distance(hp, 0.99 * limit) < 1e-3
    assert _final_distance(hp, 1.01 * limit) > 1e3


def test_limits_in_closed_form() -> None:
    assert heavy_ball_limit() == 2.0
    assert heavy_ball_limit(0.9) == pytest.approx(3.8)
    assert heavy_ball_limit(0.9, 0.5) == pytest.approx(7.6)
    assert heavy_ball_limit(0.0, 0.5) == 2.0
    assert heavy_ball_limit(0.9, 1.0) == float("inf")
    assert nesterov_limit(0.0) == 2.0
    assert nesterov_limit(0.9) == pytest.approx(3.8 / 2.8)
    assert max_stable_lr(SGD(momentum=0.9, weight_decay=1.0), 9.0) == pytest.approx(0.38)
    assert max_stable_lr(SGD(momentum=0.9), 1.0, momentum=0.5) == pytest.approx(3.0)


def test_adam_has_no_such_limit_it_stays_put_where_sgd_would_blow_up() -> None:
    """η·s = 100, fifty times plain SGD's limit: Adam's steps stay about η long and it never leaves the bowl."""
    sharpness, lr = 100.0, 1.0
    x, state = np.array([1.0]), AdamState.zeros_like(np.array([1.0]))
    far = 0.0
    for _ in range(2000):
        x, state = adam_step(x, sharpness * x, state, Adam(), lr)
        far = max(far, abs(x[0]))
    assert lr > 25 * max_stable_lr(SGD(momentum=0.9), sharpness)
    assert far < 1.0 + lr
