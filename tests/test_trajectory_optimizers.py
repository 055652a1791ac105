"""The ball's path under each optimizer against an independent reference built from the array step
functions (`sgd_step`, `adam_step`), its state per step, the lesson it shows, and its cost."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from lrgame.engine.plateau import ReduceOnPlateau
from lrgame.sim.optimizer_choice import make_optimizer
from lrgame.sim.optimizers import SGD, Adam, AdamState, SGDState, adam_step, sgd_step
from lrgame.sim.trajectory import CHUNK, LossDrivenTrajectory, Trajectory
from lrgame.sim.valley import make_valley

OPTIMIZERS = [
    make_optimizer("sgd", momentum=0.9),
    make_optimizer("sgd", momentum=0.8, nesterov=True, weight_decay=0.05),
    make_optimizer("sgd", momentum=0.5, dampening=0.3),
    make_optimizer("sgd", weight_decay=0.5),
    make_optimizer("adam"),
    make_optimizer("adamw", weight_decay=0.1),
]


@cache
def _draws(seed: int, chunk: int) -> tuple[float, ...]:
    return tuple(np.random.default_rng([seed, chunk]).standard_normal(CHUNK).tolist())


def z(seed: int, t: int) -> float:
    """The documented rule for the standard normal of step t."""
    return _draws(seed, t // CHUNK)[t % CHUNK]


def reference(valley, hp, rates, momenta, noise, seed, upto):
    """Positions and states from the array steps, one by one, with the valley's own float slope."""
    slope = valley.scalar_slope()
    p = np.array([valley.start_x])
    state = SGDState() if isinstance(hp, SGD) else AdamState.zeros_like(p)
    step = sgd_step if isinstance(hp, SGD) else adam_step
    xs, states = [float(p[0])], [()]
    for t in range(upto):
        g = np.array([slope(float(p[0])) + noise * z(seed, t)])
        p, state = step(p, g, state, hp, float(rates[t]), None if momenta is None else float(momenta[t]))
        xs.append(float(p[0]))
        if isinstance(state, AdamState):
            states.append((float(state.exp_avg[0]), float(state.exp_avg_sq[0])))
        else:
            states.append(() if state.momentum_buffer is None else (float(state.momentum_buffer[0]),))
    return xs, states


@pytest.mark.parametrize("hp", OPTIMIZERS, ids=repr)
@pytest.mark.parametrize("cycled", [False, True])
def test_path_and_state_are_the_array_steps_across_chunks(hp: SGD | Adam, cycled: bool) -> None:
    valley = make_valley("bumpy", 15.0)
    n = CHUNK + 300  # across a chunk of noise, and several strides
    rates = 0.02 * (1 + np.sin(np.arange(n + 1) / 50))
    momenta = 0.9 - 0.05 * (1 + np.cos(np.arange(n + 1) / 40)) if cycled and (not isinstance(hp, SGD) or
                                                                              hp.momentum) else None
    path = Trajectory(valley, rates, 1.0, 3, hp, momenta)
    xs, states = reference(valley, hp, rates, momenta, 1.0, 3, n)
    assert path.xs(n).tolist() == xs
    for t in (1, 2, CHUNK, n):
        assert tuple(path.state(t).values()) == states[t]
    assert path.state(0) == dict.fromkeys(path.state_names, 0.0)


def test_plain_sgd_keeps_no_state_and_takes_the_plain_path() -> None:
    valley = make_valley("bowl", 15.0)
    rates = np.full(101, 0.1)
    plain = Trajectory(valley, rates, 1.0, 0)
    chosen = Trajectory(valley, rates, 1.0, 0, make_optimizer("sgd"))
    assert chosen.xs(100).tolist() == plain.xs(100).tolist()
    assert chosen.state(50) == {} and chosen.stride == plain.stride == CHUNK


def test_a_run_from_another_start() -> None:
    valley = make_valley("bowl", 4.0)
    path = Trajectory(valley, np.full(11, 0.1), 0.0, 0, make_optimizer("sgd", momentum=0.5), start=-1.5)
    assert path.x(0) == -1.5 and path.loss(0) == valley.f(-1.5)
    assert -1.5 < path.x(10) < 0.5


def test_momentum_overshoots_where_plain_sgd_settles() -> None:
    """The lesson: at η·f″ = 0.3 plain SGD slides down on its own side; momentum 0.9 swings past the
    floor again and again before it settles."""
    valley = make_valley("bowl", 15.0)
    rates = np.full(201, 0.02)
    plain = Trajectory(valley, rates, 0.0, 0).xs(200)
    heavy = Trajectory(valley, rates, 0.0, 0, make_optimizer("sgd", momentum=0.9)).xs(200)
    assert (plain > 0).all()
    crossings = np.count_nonzero(np.diff(np.sign(heavy)) != 0)
    assert crossings >= 6


def test_momentum_holds_below_its_limit_where_plain_sgd_flies_out() -> None:
    """η·f″ = 3: above plain SGD's 2, below heavy-ball momentum 0.9's 3.8."""
    valley = make_valley("bowl", 15.0)
    rates = np.full(2001, 3.0 / 15.0)
    assert Trajectory(valley, rates, 0.0, 0).diverged_at is None  # nothing computed yet
    plain = Trajectory(valley, rates, 0.0, 0)
    plain.ensure(2000)
    heavy = Trajectory(valley, rates, 0.0, 0, make_optimizer("sgd", momentum=0.9))
    assert plain.diverged_at is not None
    assert heavy.diverged_at is None and abs(heavy.x(2000)) < 1e-6


def test_after_a_flight_out_the_state_is_held() -> None:
    valley = make_valley("bowl", 15.0)
    path = Trajectory(valley, np.full(301, 0.5), 0.0, 0, make_optimizer("sgd", momentum=0.9))
    path.ensure(300)
    at = path.diverged_at
    assert at is not None
    assert path.state(300) == path.state(at - 1)
    assert np.isfinite(path.xs(300)).all()


@pytest.mark.parametrize("per", [1, 3])
@pytest.mark.parametrize("hp", [OPTIMIZERS[0], OPTIMIZERS[4]], ids=repr)
def test_loss_driven_rate_under_an_optimizer(per: int, hp: SGD | Adam) -> None:
    """Reduce on plateau with momentum or Adam: the rates and positions of an independent loop that
    feeds a fresh controller the loss after every epoch."""
    valley = make_valley("bumpy", 15.0)
    steps = 600 * per
    path = LossDrivenTrajectory(valley, ReduceOnPlateau(0.05, patience=3), steps, per, 1.0, 2, hp)
    control = ReduceOnPlateau(0.05, patience=3)
    slope, f = valley.scalar_slope(), valley.scalar_loss()
    p = np.array([valley.start_x])
    state = SGDState() if isinstance(hp, SGD) else AdamState.zeros_like(p)
    step = sgd_step if isinstance(hp, SGD) else adam_step
    eta, xs, rates = control.lr, [valley.start_x], [control.lr]
    for t in range(steps):
        p, state = step(p, np.array([slope(float(p[0])) + z(2, t)]), state, hp, eta)
        xs.append(float(p[0]))
        if (t + 1) % per == 0:
            eta = control.step(f(float(p[0])))
        rates.append(eta)
    assert path.xs(steps).tolist() == xs
    assert path.rates(steps).tolist() == rates
    assert len(control.cuts) >= 1  # the plateau did cut the rate
