"""Snapshots and replay give any epoch's weights exactly, in little memory."""

import numpy as np
import pytest

from lrgame.engine import schedules
from lrgame.engine.plateau import ReduceOnPlateau
from lrgame.sim.optimizers import SGD, Adam
from lrgame.train.replay import MAX_SNAPSHOTS, Snapshots
from lrgame.train.run import TrainingRun, decision_grid


def _weights_every_epoch(make):
    """Each epoch's weights of a fresh run, copied as it trains (the slow, sure way)."""
    run = make()
    out = [[p.copy() for p in run.params]]
    while not run.done:
        run.advance(1)
        out.append([p.copy() for p in run.params])
    return out


@pytest.mark.parametrize("make", [
    lambda: TrainingRun(schedules.curve("cosine", lr0=0.3, epochs=25), 0, batch_size=32),
    lambda: TrainingRun([0.01] * 26, 1, batch_size=64, optimizer=Adam()),
    lambda: TrainingRun([0.05] * 26, 2, batch_size=50, optimizer=SGD(momentum=0.9, nesterov=True)),
    lambda: TrainingRun(ReduceOnPlateau(0.5, patience=1, factor=0.5), 0, epochs=25, batch_size=32),
], ids=["cosine-sgd", "adam", "nesterov", "plateau"])
def test_replayed_weights_are_the_runs_to_the_last_bit_at_every_epoch_in_any_order(make, monkeypatch):
    monkeypatch.setattr("lrgame.train.replay.MAX_SNAPSHOTS", 5)  # a snapshot every 5 epochs of 25
    truth = _weights_every_epoch(make)
    run = make()
    snaps = Snapshots(run)
    assert snaps.every == 5
    run.advance(25, watch=[snaps])
    before = [p.copy() for p in run.params]
    order = [24, 3, 4, 5, 0, 17, 18, 12, 25, 9, 7, 21]  # back, forward, across snapshots, the ends
    for t in order:
        assert all(np.array_equal(a, b) for a, b in zip(snaps.weights_at(t), truth[t], strict=True)), t
    assert all(np.array_equal(a, b) for a, b in zip(run.params, before, strict=True))  # the run is untouched
    assert np.array_equal(decision_grid(snaps.weights_at(12), 16), decision_grid(truth[12], 16))


def test_snapshots_for_t_1000_stay_under_20_mb_even_for_adam():
    run = TrainingRun([0.001] * 1001, 0, optimizer=Adam(), points_per_class=5)  # the full network, few points
    snaps = Snapshots(run)
    run.advance(1000, watch=[snaps])
    assert snaps.every == 10 and len(snaps._taken) == MAX_SNAPSHOTS + 1
    assert snaps.nbytes < 20e6  # measured 11.0 MB: 101 × 3 × 4,547 floats
    assert snaps.nbytes == 101 * 3 * 4547 * 8
    assert all(np.array_equal(a, b) for a, b in zip(snaps.weights_at(1000), run.params, strict=True))


def test_epochs_not_trained_yet_are_refused():
    run = TrainingRun([0.1] * 11, 0)
    snaps = Snapshots(run)
    run.advance(3, watch=[snaps])
    with pytest.raises(IndexError, match="epoch 4 has not been trained"):
        snaps.weights_at(4)
    assert snaps.weights_at(3) is run.params
