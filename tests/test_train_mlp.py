"""The network's gradients are exact, each step uses the gradient at the weights before it, and it
learns the spiral under a sane schedule."""

import doctest

import numpy as np
import pytest

from lrgame.engine import schedules
from lrgame.engine.params import ConfigError
from lrgame.train import data, mlp
from lrgame.train.data import spiral
from lrgame.train.run import TrainingRun, train


def _numeric_gradient(params, X, y, h=1e-6):
    """Central differences, every entry of every array, at the weights as given (restored after)."""
    out = []
    for p in params:
        g = np.zeros_like(p)
        for idx in np.ndindex(p.shape):
            keep = p[idx]
            p[idx] = keep + h
            up, _ = mlp.loss_and_grads(params, X, y)
            p[idx] = keep - h
            down, _ = mlp.loss_and_grads(params, X, y)
            p[idx] = keep
            g[idx] = (up - down) / (2 * h)
        out.append(g)
    return out


@pytest.mark.slow
def test_backpropagation_matches_finite_differences_for_every_parameter_array():
    X, y = spiral(points_per_class=5, seed=1)  # a small batch: 15 points, float64
    params = mlp.init(seed=2)  # the real 2-64-64-3 network, biases moved off zero
    rng = np.random.default_rng(3)
    for b in params[1::2]:
        b += 0.1 * rng.standard_normal(b.shape)
    before = [p.copy() for p in params]
    _, grads = mlp.loss_and_grads(params, X, y)
    numeric = _numeric_gradient(params, X, y)
    assert all(np.array_equal(p, q) for p, q in zip(params, before, strict=True))  # nothing was updated
    assert [g.dtype for g in grads] == [np.float64] * 6
    for name, g, n in zip(["W1", "b1", "W2", "b2", "W3", "b3"], grads, numeric, strict=True):
        assert np.abs(g).max() > 1e-4, name  # a real gradient, not zeros agreeing with zeros
        relative = np.linalg.norm(g - n) / np.linalg.norm(g + n)
        assert relative < 1e-6, (name, relative)  # measured ~1e-9 to 1e-10


def test_each_step_uses_the_gradient_at_the_weights_before_it():
    rates = np.array([0.3, 0.7, 0.2])
    run = TrainingRun(rates, seed=4)
    w = [p.copy() for p in run.params]
    for t in range(2):
        loss, grads = mlp.loss_and_grads(w, run.X, run.y)
        w = [p - rates[t] * g for p, g in zip(w, grads, strict=True)]
        run.advance(1)
        assert run.losses[t] == loss
        assert all(np.array_equal(p, q) for p, q in zip(run.params, w, strict=True))


def test_a_sane_schedule_learns_the_spiral():
    result = train(schedules.curve("cosine", lr0=0.5, epochs=300), seed=0)
    assert result.diverged_at is None
    assert result.losses[0] > 1.0  # about ln 3 at He initialisation; measured 1.21
    assert result.final_loss < 0.15  # measured 0.069 (seeds 0-5: 0.068 to 0.075)
    assert result.final_accuracy > 0.95  # measured 0.993 (seeds 0-5: at least 0.99)
    assert np.all(np.diff(result.losses[200:]) < 0)  # the cosine's tail descends smoothly


def test_the_same_seed_gives_the_same_data_and_network_and_another_seed_does_not():
    X0, y0 = spiral(seed=5)
    X1, _ = spiral(seed=5)
    assert np.array_equal(X0, X1) and X0.shape == (300, 2) and np.bincount(y0).tolist() == [100] * 3
    assert np.abs(X0).max() <= 1.0 + 1e-12
    assert not np.array_equal(X0, spiral(seed=6)[0])
    a, b, c = mlp.init(5), mlp.init(5), mlp.init(6)
    assert all(np.array_equal(p, q) for p, q in zip(a, b, strict=True))
    assert not np.array_equal(a[0], c[0])
    assert [p.shape for p in a] == [(2, 64), (64,), (64, 64), (64,), (64, 3), (3,)]
    assert np.std(a[2]) == pytest.approx(np.sqrt(2 / 64), rel=0.05)  # He: variance 2/fan_in


def test_the_softmax_is_stable_for_huge_scores_and_blown_up_weights_raise_instead_of_returning_nan():
    X, y = spiral(points_per_class=4, seed=0)
    params = mlp.init(0)
    params[-1] = params[-1] + np.array([800.0, 0.0, -800.0])  # exp(800) overflows a naive softmax
    loss, grads = mlp.loss_and_grads(params, X, y)
    assert np.isfinite(loss) and all(np.isfinite(g).all() for g in grads)
    assert loss == pytest.approx(np.mean(np.where(y == 0, 0.0, np.where(y == 1, 800.0, 1600.0))), rel=1e-2)
    params[2], params[4] = params[2] * 1e200, params[4] * 1e200  # the scores overflow to inf
    with pytest.raises(mlp.Diverged):
        mlp.loss_and_grads(params, X, y)
    with pytest.raises(mlp.Diverged):
        mlp.evaluate(params, X, y)
    assert set(np.unique(mlp.predict(params, X))) <= {0, 1, 2}


@pytest.mark.parametrize("bad", [-1, 1.5, True, "0"])
def test_a_bad_seed_is_refused_by_name(bad):
    with pytest.raises(ConfigError, match="seed="):
        spiral(seed=bad)


def test_the_module_examples_print_what_they_say():
    for module in (data,):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0
