"""The network's mini-batch training equals torch's: recorded by scripts/record_training.py (torch's
network, loss, optimizers and LambdaLR on lrgame's data, initial weights and batch order)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lrgame.engine import schedules
from lrgame.engine.steps import in_steps
from lrgame.sim.optimizer_choice import make_optimizer
from lrgame.train.run import TrainingRun, batches_per_epoch

DOC = json.loads((Path(__file__).parent / "data" / "torch_training.json").read_text(encoding="utf-8"))
RTOL = 1e-10


def _run(case: dict) -> TrainingRun:
    kwargs = dict(case["kwargs"])
    optimizer = make_optimizer(case["optimizer"].lower(), **kwargs)
    s = batches_per_epoch(case["batch_size"]) if case["per_batch"] else 1
    name, lr0, epochs = case["schedule"], case["lr0"], case["epochs"]
    params = schedules.resolve(name, lr0, epochs, case["params"])
    rates = schedules.curve(name, lr0=lr0, epochs=epochs * s, **in_steps(name, params, s))
    momenta = schedules.momentum_curve(name, lr0=lr0, epochs=epochs * s, **in_steps(name, params, s))
    run = TrainingRun(rates, DOC["seed"], batch_size=case["batch_size"], optimizer=optimizer, momenta=momenta,
                      per_batch=case["per_batch"])
    run.advance(epochs)
    return run


@pytest.mark.parametrize("name", sorted(DOC["cases"]))
def test_losses_accuracies_and_weights_equal_torchs(name):
    case = DOC["cases"][name]
    run = _run(case)
    assert run.done and run.diverged_at is None
    np.testing.assert_allclose([*run.losses, run.final_loss], case["train_loss"], rtol=RTOL, atol=0)
    np.testing.assert_allclose([*run.test_losses, run.final_test_loss], case["test_loss"], rtol=RTOL, atol=0)
    assert [*run.accuracies, run.final_accuracy] == case["train_accuracy"]
    assert [*run.test_accuracies, run.final_test_accuracy] == case["test_accuracy"]
    W, b = case["output_layer"]
    np.testing.assert_allclose(run.params[-2], W, rtol=RTOL, atol=1e-14)
    np.testing.assert_allclose(run.params[-1], b, rtol=RTOL, atol=1e-14)


def test_the_recordings_cover_every_optimizer_batch_sizes_and_both_scheduler_habits():
    cases = DOC["cases"].values()
    assert {c["optimizer"] for c in cases} == {"SGD", "Adam", "AdamW"}
    assert {c["per_batch"] for c in cases} == {True, False}
    sizes = {c["batch_size"] for c in cases}
    assert 300 in sizes and any(300 % b for b in sizes)  # full batch, and a last batch shorter than the rest
