"""The readout's hop is the step the ball really takes: η·(f′ + noise), with the noise shown beside
f′, not η·f′ alone (which for a constant 0.1 is off by more than half in a typical epoch)."""

from __future__ import annotations

import numpy as np
import pytest

from lrgame.engine.numfmt import sig4
from lrgame.sim.settings import make_settings
from lrgame.sim.simulation import Simulation
from lrgame.view.readout import readout_lines


def line(sim: Simulation, start: str) -> str:
    return next(text for text, _ in readout_lines(sim) if text.startswith(start))


def value(text: str) -> float:
    return float(text.rpartition("= ")[2])


def at(sim: Simulation, epoch: int) -> Simulation:
    """The simulation at an epoch: the readout then shows the step the ball hops to."""
    sim.seek(epoch)
    return sim


@pytest.mark.parametrize("s", [1, 3])
def test_the_hop_shown_is_the_balls_move_and_its_parts_are_shown(s):
    sim = Simulation(make_settings("constant", 0.1, 90, steps_per_epoch=s))
    traj = sim.trajectory
    xs = traj.xs(traj.steps)
    wrong_sign = 0
    for epoch in range(90):
        t = at(sim, epoch).ball_t
        assert t == epoch * s
        move = xs[t] - xs[t + 1]
        hop = line(sim, "hop")
        assert hop.startswith("hop η·(f′ + noise) = ") and value(hop) == pytest.approx(move, rel=5e-4, abs=1e-12)
        parts = line(sim, "f′(x) + noise = ").removeprefix("f′(x) + noise = ")
        slope, sign, kick = parts.split(" ")
        assert slope == sig4(traj.slope(t)) and kick == sig4(abs(traj.kick(t)))
        noise = -float(kick) if sign == "−" else float(kick)
        shown = 1e-3 * (abs(float(slope)) + abs(noise))  # what 4 significant digits of each can be off by
        assert 0.1 * (float(slope) + noise) == pytest.approx(move, abs=0.1 * shown)
        wrong_sign += np.sign(move) != np.sign(traj.slope(t))
    assert wrong_sign > 0  # the noise really does turn some hops around, so η·f′ alone would mislead


def test_no_hop_after_the_last_step():
    sim = at(Simulation(make_settings("constant", 0.1, 20)), 20)
    assert line(sim, "hop") == "hop: none, the run is over"


def test_the_kick_is_the_noise_the_path_used():
    sim = Simulation(make_settings("step", 0.05, 5000, noise=0.7, seed=4))
    traj = sim.trajectory
    xs = traj.xs(5000)
    t = np.arange(5000)
    kicks = np.array([traj.kick(int(i)) for i in t])
    rates = traj.rates(5000)[:-1]
    np.testing.assert_allclose(xs[1:], xs[:-1] - rates * (traj.valley.df(xs[:-1]) + kicks), rtol=1e-12, atol=1e-15)
