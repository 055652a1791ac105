"""The sharpness is exact: Hessian-vector products agree with finite differences of the exact
gradient, Lanczos finds the largest algebraic eigenvalue of the full Hessian, warm starts are
cheaper and agree, and Adam's preconditioner is the one its step divides by."""

import numpy as np
import pytest

from lrgame.engine import schedules
from lrgame.engine.params import ConfigError
from lrgame.sim.optimizers import SGD, Adam, AdamState, adam_step
from lrgame.train import mlp
from lrgame.train import sharpness as S
from lrgame.train.data import spiral
from lrgame.train.run import TrainingRun

SMALL = (2, 8, 8, 3)


def _small_problem(seed=0, points=20):
    """A 2-8-8-3 network on 60 spiral points, biases moved off zero so that no unit sits on its kink."""
    X, y = spiral(points, seed)
    params = mlp.init(seed, SMALL)
    rng = np.random.default_rng(5)
    for b in params[1::2]:
        b += 0.1 * rng.standard_normal(b.shape)
    return params, X, y


def _gradient(vector, like, X, y):
    return S.flatten(mlp.loss_and_grads(S.unflatten(vector, like), X, y)[1])


def _full_hessian(curvature):
    return np.column_stack([curvature.hvp(e) for e in np.eye(curvature.size)])


@pytest.mark.parametrize("sizes", [SMALL, mlp.SIZES])
def test_hessian_vector_product_matches_finite_differences_of_the_exact_gradient(sizes):
    X, y = spiral(20, 1)
    params = mlp.init(1, sizes)
    for b in params[1::2]:
        b += 0.05
    curvature = S.Curvature(params, X, y)
    w = S.flatten(params)
    v = np.random.default_rng(2).standard_normal(w.size)
    hv = curvature.hvp(v)
    errors = []
    for h in (1e-4, 1e-5):
        numeric = (_gradient(w + h * v, params, X, y) - _gradient(w - h * v, params, X, y)) / (2 * h)
        errors.append(np.linalg.norm(hv - numeric) / np.linalg.norm(numeric))
    assert np.linalg.norm(hv) > 1e-3  # a real product, not zeros agreeing with zeros
    assert errors[1] < 1e-7, errors  # measured ~1e-9 (small) to ~1e-10
    assert errors[1] < errors[0] / 10  # central differences' error falls as h²: the gap is theirs, not ours


def test_the_product_is_linear_and_the_hessian_it_builds_is_symmetric():
    params, X, y = _small_problem()
    curvature = S.Curvature(params, X, y)
    rng = np.random.default_rng(0)
    u, v = rng.standard_normal((2, curvature.size))
    np.testing.assert_allclose(curvature.hvp(2 * u - v), 2 * curvature.hvp(u) - curvature.hvp(v), atol=1e-12)
    H = _full_hessian(curvature)
    assert np.abs(H - H.T).max() < 1e-12 * np.abs(H).max()
    assert curvature.loss == pytest.approx(mlp.loss_and_grads(params, X, y)[0], rel=1e-14)


def test_lanczos_gives_the_largest_algebraic_eigenvalue_of_the_full_hessian():
    params, X, y = _small_problem()
    curvature = S.Curvature(params, X, y)
    exact = np.linalg.eigvalsh(_full_hessian(curvature))
    eigen = S.top_eigen(curvature.hvp, curvature.size, tolerance=1e-8)
    assert exact[-1] > 0 > exact[0]  # an indefinite Hessian, as a network's is
    assert abs(eigen.value - exact[-1]) <= 1e-5 * exact[-1]
    np.testing.assert_allclose(curvature.hvp(eigen.vector), eigen.value * eigen.vector, atol=1e-6 * eigen.value)
    assert eigen.products < curvature.size  # Lanczos, not the whole matrix


def test_the_largest_algebraic_eigenvalue_not_the_largest_in_magnitude():
    """Power iteration would return −10 here; the sharpness is the top of the spectrum, +3."""
    rng = np.random.default_rng(1)
    Q, _ = np.linalg.qr(rng.standard_normal((40, 40)))
    values = np.concatenate(([-10.0, -9.0], np.linspace(-1, 2, 37), [3.0]))
    A = (Q * values) @ Q.T
    eigen = S.top_eigen(lambda v: A @ v, 40, tolerance=1e-10)
    assert eigen.value == pytest.approx(3.0, rel=1e-9)


def test_a_warm_start_agrees_with_a_cold_one_and_takes_fewer_products():
    X, y = spiral(seed=0)
    params = mlp.init(0)
    follow = S.Sharpness(X, y)
    first = follow.measure(params)
    cold_products = follow.products
    loss, grads = mlp.loss_and_grads(params, X, y)
    nearby = [p - 0.05 * g for p, g in zip(params, grads, strict=True)]
    warm = follow.measure(nearby)
    cold = S.top_eigen(S.Curvature(nearby, X, y).hvp, sum(p.size for p in params), tolerance=1e-10)
    assert first > 1  # the network's initial sharpness is about 5.6
    assert warm == pytest.approx(cold.value, rel=1e-5)  # the default tolerance: measured within 4e-6
    assert follow.products - cold_products < cold.products


def test_adams_preconditioner_is_what_its_step_divides_by():
    """Adam's step is η·m/P with P = (1 − β₁ᵗ)(√(v/(1 − β₂ᵗ)) + ε): the P of the preconditioned sharpness."""
    rng = np.random.default_rng(3)
    hp = Adam(betas=(0.9, 0.99), eps=1e-6)
    state = AdamState.zeros_like(np.zeros(50))
    params = rng.standard_normal(50)
    for _ in range(3):
        new, state = adam_step(params, rng.standard_normal(50), state, hp, 0.01)
        P = S.preconditioner(state.exp_avg_sq, state.step, *hp.betas, hp.eps)
        np.testing.assert_allclose(params - new, 0.01 * state.exp_avg / P, rtol=1e-12)
        params = new
    assert S.adam_limit(0.001, 0.9) == pytest.approx(38_000)  # (2 + 1.8)/(0.1 · 0.001)


def test_the_preconditioned_sharpness_is_the_top_eigenvalue_of_p_inverse_h():
    params, X, y = _small_problem()
    curvature = S.Curvature(params, X, y)
    diagonal = np.random.default_rng(4).uniform(0.01, 1.0, curvature.size)
    exact = np.linalg.eigvals(_full_hessian(curvature) / diagonal[:, None])
    follow = S.Sharpness(X, y, tolerance=1e-8)
    assert follow.measure_preconditioned(params, diagonal) == pytest.approx(exact.real.max(), rel=1e-5)


# ---- along a run ---------------------------------------------------------------------------------------


def _cold(params, X, y):
    curvature = S.Curvature(params, X, y)
    return S.top_eigen(curvature.hvp, curvature.size, tolerance=1e-10).value


def test_a_log_measures_every_n_epochs_what_a_cold_start_finds_at_those_weights():
    rates = schedules.curve("cosine", lr0=1.0, epochs=30)
    run = TrainingRun(rates, 0, batch_size=None)
    log = S.SharpnessLog(run, 10)
    twin = TrainingRun(rates, 0, batch_size=None)  # the same run, stopped at each epoch measured
    while not run.done:
        run.advance(4, watch=[log])
    assert [p.epoch for p in log.points] == [0, 10, 20, 30]
    for point in log.points:
        twin.advance(point.epoch - twin.epoch)
        assert point.sharpness == pytest.approx(_cold(twin.params, twin.X, twin.y), rel=1e-5)
        assert point.plain_limit == pytest.approx(2 / rates[min(point.epoch, 29)], rel=1e-15)
        assert point.limit == point.plain_limit  # plain SGD: its own limit is 2/η
    assert log.points[0].sharpness > 5  # the network starts sharp (5.6)...
    assert log.points[1].sharpness < 3  # ...and η = 1 > 2/5.6 throws it somewhere flatter at once


def test_in_pieces_equals_at_once_and_the_run_is_the_plain_runs():
    a = TrainingRun([0.5] * 21, 1, batch_size=32)
    b = TrainingRun([0.5] * 21, 1, batch_size=32)
    plain = TrainingRun([0.5] * 21, 1, batch_size=32)
    la, lb = S.SharpnessLog(a, 3), S.SharpnessLog(b, 3)
    a.advance(20, watch=[la])
    while not b.done:
        b.advance(2, watch=[lb])
    plain.advance(20)
    assert la.points == lb.points and [p.epoch for p in la.points] == [0, 3, 6, 9, 12, 15, 18]
    assert a.final_test_loss == plain.final_test_loss  # measuring never changes the training


def test_with_momentum_the_limit_is_the_heavy_balls_and_2_over_eta_is_kept_beside_it():
    run = TrainingRun([0.1] * 6, 0, batch_size=32, optimizer=SGD(momentum=0.9))
    log = S.SharpnessLog(run, 5)
    run.advance(5, watch=[log])
    assert [p.epoch for p in log.points] == [0, 5]
    assert log.points[0].plain_limit == pytest.approx(20.0) and log.points[0].limit == pytest.approx(38.0)


def test_adams_preconditioned_sharpness_is_p_inverse_hs_top_eigenvalue_and_absent_before_its_first_step():
    hp = Adam(betas=(0.8, 0.99))
    run = TrainingRun([0.01] * 4, 0, optimizer=hp, points_per_class=10, sizes=SMALL)
    log = S.SharpnessLog(run, 3)
    run.advance(3, watch=[log])
    first, point = log.points
    assert first.epoch == 0 and first.sharpness is None  # no preconditioner yet
    assert first.limit == pytest.approx((2 + 1.6) / (0.2 * 0.01))
    states = run.optimizer_state
    P = S.preconditioner(S.flatten([s.exp_avg_sq for s in states]), states[0].step, 0.8, 0.99, hp.eps)
    H = _full_hessian(S.Curvature(run.params, run.X, run.y))
    exact = np.linalg.eigvals(H / P[:, None]).real.max()
    assert point.epoch == 3 and point.sharpness == pytest.approx(exact, rel=1e-4)


def test_a_run_that_diverges_stops_being_measured():
    run = TrainingRun([50.0] * 41, 0)
    log = S.SharpnessLog(run, 1)
    run.advance(40, watch=[log])
    assert run.diverged_at is not None
    assert [p.epoch for p in log.points] == list(range(run.diverged_at))
    assert all(np.isfinite(p.sharpness) for p in log.points)


def test_every_must_be_a_whole_number_of_at_least_one():
    for bad in (0, -1, 2.5, "3", True):
        with pytest.raises(ConfigError, match="sharpness_every"):
            S.SharpnessLog(TrainingRun([0.1] * 3, 0), bad)



def test_under_reduce_on_plateau_each_measure_takes_the_limit_of_the_rate_in_force():
    """The controller sets epoch t's rate only once w_t is measured: the measure at w_t takes the
    last rate set, the one w_t was trained at (it once asked for the unset one: K and
    train --sharpness-every crashed)."""
    from lrgame.engine.plateau import ReduceOnPlateau

    controller = ReduceOnPlateau(1.0, patience=0, factor=0.5)
    run = TrainingRun(controller, 0, epochs=30, batch_size=300)
    log = S.SharpnessLog(run, 10)
    run.advance(30, watch=[log])
    assert [p.epoch for p in log.points] == [0, 10, 20, 30]
    assert [p.plain_limit for p in log.points] == [2 / controller.rates[t] for t in (0, 9, 19, 29)]
    assert len(set(controller.rates)) > 1  # the rate was cut: the limits differ
