"""The stacked trainer's contract (lrgame/train/batched.py): runs trained together end exactly as each
trained alone, to the last bit: figures, divergence, weights, optimizer state, shuffle stream."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lrgame.engine import schedules
from lrgame.engine.plateau import ReduceOnPlateau
from lrgame.engine.steps import in_steps
from lrgame.sim.optimizer_choice import has_momentum, make_optimizer
from lrgame.sim.optimizers import SGD, Adam, AdamW
from lrgame.train.batched import Stack, train_together
from lrgame.train.run import TrainingRun, batches_per_epoch

FIGURES = ("epoch", "losses", "accuracies", "test_losses", "test_accuracies", "diverged_at", "final_loss",
           "final_accuracy", "final_test_loss", "final_test_accuracy", "_bound")


def _runs(specs: list[tuple], batch_size: int, optimizer, per_batch: bool) -> list[TrainingRun]:
    return [TrainingRun(rates, seed, batch_size=batch_size, optimizer=optimizer, momenta=momenta,
                        per_batch=per_batch) for rates, momenta, seed in specs]


def _curves(name: str, lr0: float, epochs: int, batch_size: int, optimizer, per_batch: bool):
    s = batches_per_epoch(batch_size) if per_batch else 1
    knobs = in_steps(name, schedules.resolve(name, lr0, epochs, {}), s)
    rates = schedules.curve(name, lr0=lr0, epochs=epochs * s, **knobs)
    momenta = schedules.momentum_curve(name, lr0=lr0, epochs=epochs * s, **knobs) if has_momentum(optimizer) else None
    return rates, momenta


def assert_same(alone: TrainingRun, together: TrainingRun) -> None:
    for name in FIGURES:
        assert getattr(together, name) == getattr(alone, name), name
    for a, b in zip(alone.params, together.params, strict=True):
        assert a.shape == b.shape and np.array_equal(a, b)
    for a, b in zip(alone.optimizer_state, together.optimizer_state, strict=True):
        assert type(a) is type(b)
        for x, y in zip(a, b, strict=True):
            assert (x is None and y is None) or np.array_equal(x, y)
    assert alone._order.bit_generator.state == together._order.bit_generator.state


def check(specs: list[tuple], batch_size: int, optimizer, per_batch: bool = False) -> list[TrainingRun]:
    """Train the specs alone and stacked; every run the same to the bit. Returns the single runs."""
    alone = _runs(specs, batch_size, optimizer, per_batch)
    for run in alone:
        run.advance(run.epochs)
    together = _runs(specs, batch_size, optimizer, per_batch)
    train_together(together)
    for a, b in zip(alone, together, strict=True):
        assert_same(a, b)
    return alone


OPTIMIZERS = {
    "sgd": SGD(), "momentum": SGD(momentum=0.9), "nesterov": SGD(momentum=0.9, nesterov=True, weight_decay=1e-3),
    "dampened": SGD(momentum=0.5, dampening=0.3), "adam": Adam(), "adamw": AdamW(),
}
LR0 = {"sgd": 0.1, "momentum": 0.05, "nesterov": 0.05, "dampened": 0.1, "adam": 0.005, "adamw": 0.005}


def _quick(name: str, batch_size: int, per_batch: bool) -> bool:
    """The cases the quick run keeps: every optimizer with a shorter last batch, full batch, and
    scheduled momenta stepped per batch."""
    return ((batch_size == 7 and not per_batch) or (batch_size == 300 and name in ("sgd", "adam"))
            or (batch_size == 7 and name == "momentum"))


@pytest.mark.parametrize(("name", "batch_size", "per_batch"), [
    pytest.param(name, b, per, marks=() if _quick(name, b, per) else pytest.mark.slow)
    for name in sorted(OPTIMIZERS) for b in (8, 32, 300, 7) for per in (False, True)
])  # 7: the last batch of an epoch is 6 points
def test_stacked_runs_equal_single_runs_to_the_bit(name, batch_size, per_batch):
    optimizer, lr0, epochs = OPTIMIZERS[name], LR0[name], 4
    specs = [(*_curves(schedule, lr0, epochs, batch_size, optimizer, per_batch), seed)
             for schedule, seed in (("one_cycle", 0), ("cosine", 1), ("one_cycle", 2), ("constant", 0))]
    alone = check(specs, batch_size, optimizer, per_batch)
    assert all(r.final_loss < r.losses[0] for r in alone)  # they trained


def test_torchs_recordings_hold_for_the_runs_in_a_stack():
    """The recorded torch runs (tests/data/torch_training.json), each in a stack with a run of
    another seed: the stacked run's figures and output layer are torch's."""
    doc = json.loads((Path(__file__).parent / "data" / "torch_training.json").read_text(encoding="utf-8"))
    for case in doc["cases"].values():
        optimizer = make_optimizer(case["optimizer"].lower(), **case["kwargs"])
        s = batches_per_epoch(case["batch_size"]) if case["per_batch"] else 1
        name, lr0, epochs = case["schedule"], case["lr0"], case["epochs"]
        knobs = in_steps(name, schedules.resolve(name, lr0, epochs, case["params"]), s)
        rates = schedules.curve(name, lr0=lr0, epochs=epochs * s, **knobs)
        momenta = schedules.momentum_curve(name, lr0=lr0, epochs=epochs * s, **knobs)
        runs = _runs([(rates, momenta, doc["seed"]), (rates, momenta, doc["seed"] + 1)], case["batch_size"],
                     optimizer, case["per_batch"])
        train_together(runs)
        run = runs[0]
        np.testing.assert_allclose([*run.losses, run.final_loss], case["train_loss"], rtol=1e-10, atol=0)
        np.testing.assert_allclose([*run.test_losses, run.final_test_loss], case["test_loss"], rtol=1e-10, atol=0)
        assert [*run.test_accuracies, run.final_test_accuracy] == case["test_accuracy"]
        np.testing.assert_allclose(run.params[-2], case["output_layer"][0], rtol=1e-10, atol=1e-14)


def _jump(epochs: int, at: int, low: float, high: float) -> np.ndarray:
    rates = np.full(epochs + 1, low)
    rates[at:] = high
    return rates


@pytest.mark.parametrize("batch_size", [8, 300])
def test_runs_that_diverge_leave_the_stack_where_they_would_alone(batch_size):
    """Rates that jump to a huge value at different epochs: each run stops at its own epoch, the
    rest go on. (Measured alone: at batch 8 the jump to 1e200 makes a mini-batch's loss non-finite
    mid-epoch; the others pass the bound, 50 × the first loss, when an epoch's figures are taken.)"""
    specs = [(_jump(8, 0, 200.0, 200.0), None, 0), (_jump(8, 2, 0.5, 1e3), None, 1), (_jump(8, 3, 0.5, 1e200), None, 2),
             (_jump(8, 5, 0.5, 1e6), None, 0), (_jump(8, 8, 0.5, 0.5), None, 1)]
    alone = check(specs, batch_size, SGD())
    stops = [r.diverged_at for r in alone]
    assert stops == ([2, 3, 4, 6, None] if batch_size == 8 else [1, 3, 4, 6, None])


def test_momentum_switched_off_and_on_per_run_keeps_each_runs_buffer():
    """SGD's velocity starts at the first step with momentum and is untouched while β = 0 (torch);
    runs whose β is 0 at different steps share a stack."""
    epochs, batch_size = 4, 32
    s = batches_per_epoch(batch_size)
    steady = np.full(epochs * s + 1, 0.9)
    late = steady.copy()
    late[: 2 * s] = 0.0  # no momentum in the first two epochs: the buffer starts in the third
    gaps = steady.copy()
    gaps[s: 2 * s] = 0.0  # off for one epoch, then on again with the old buffer
    rates = np.full(epochs * s + 1, 0.05)
    check([(rates, steady, 0), (rates, late, 1), (rates, gaps, 2)], batch_size, SGD(momentum=0.9), per_batch=True)


def test_adams_beta1_on_both_sides_of_a_half_takes_lerps_two_ways():
    epochs = 3
    rates = np.full(epochs + 1, 0.01)
    check([(rates, np.full(epochs + 1, 0.9), 0), (rates, np.full(epochs + 1, 0.3), 1),
           (rates, np.array([0.9, 0.2, 0.6, 0.4]), 2)], 32, Adam())
    check([(rates, np.full(epochs + 1, 0.3), 1), (rates, np.full(epochs + 1, 0.4), 2)], 32, Adam())


def test_trained_in_pieces_it_is_the_same_as_at_once():
    specs = [(*_curves("cosine", 0.5, 4, 32, SGD(), False), seed) for seed in (0, 1)]
    whole, pieces = _runs(specs, 32, SGD(), False), _runs(specs, 32, SGD(), False)
    train_together(whole)
    stack = Stack(pieces)
    taken = []
    while not stack.done:
        taken.append(stack.advance(max_steps=7))
    assert taken == [7] * 5 + [5] and sum(taken) == 4 * batches_per_epoch(32)
    for a, b in zip(whole, pieces, strict=True):
        assert_same(a, b)


def test_only_fresh_runs_on_curves_with_one_setting_stack():
    rates = np.full(4, 0.5)
    with pytest.raises(ValueError, match="batch size"):
        Stack([TrainingRun(rates, 0, batch_size=8), TrainingRun(rates, 1, batch_size=32)])
    with pytest.raises(ValueError, match="optimizer"):
        Stack([TrainingRun(rates, 0), TrainingRun(rates, 0, optimizer=Adam())])
    with pytest.raises(ValueError, match="not started"):
        Stack([TrainingRun(ReduceOnPlateau(0.5), 0, epochs=3)])
    started = TrainingRun(rates, 0)
    started.advance(1)
    with pytest.raises(ValueError, match="not started"):
        Stack([started])
