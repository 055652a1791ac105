"""A change to a long run is computed off the frame loop: the old run stays shown until the new one
is ready, the newest request wins, and the result equals the one computed in place."""

import time

import numpy as np

from lrgame.engine.summary import summarize
from lrgame.sim.settings import make_settings, run_curve, updated
from lrgame.sim.simulation import ASYNC_STEPS, Simulation

LONG = make_settings(schedule="cyclic", epochs=ASYNC_STEPS)


def settle(sim: Simulation) -> None:
    """Ticks until the worker's run is shown (waiting for it, not timing it)."""
    for _ in range(2000):
        if not sim.computing:
            return
        time.sleep(0.005)
        sim.update(1 / 120)
    raise AssertionError("the worker never finished")


def test_long_change_shows_when_ready_and_equals_the_direct_result():
    sim = Simulation(LONG, epoch=1000)
    new = updated(LONG, params={**LONG.params, "step_size_up": 5000})
    sim.apply(new)
    assert sim.requested == new
    settle(sim)
    assert sim.settings == new and sim.epoch == 1000
    assert np.array_equal(sim.curve, run_curve(new))
    assert sim.summary == summarize(run_curve(new), new.lr0, sim.t)


def test_the_newest_request_wins():
    sim = Simulation(LONG)
    a = updated(LONG, params={**LONG.params, "step_size_up": 3000})
    b = updated(LONG, params={**LONG.params, "step_size_up": 4000})
    sim.apply(a)
    sim.apply(b)
    settle(sim)
    assert sim.settings == b == sim.requested
    short = make_settings(epochs=100)
    sim.apply(a)
    sim.apply(short)  # a short run shows at once; the long one still computing must not replace it
    assert sim.settings == short
    settle(sim)
    assert sim.settings == short == sim.requested


def test_short_runs_change_at_once():
    sim = Simulation(make_settings(epochs=100))
    new = make_settings(epochs=200)
    sim.apply(new)
    assert sim.settings == new and not sim.computing
