"""The fixed-timestep clock, driven by stub frame times (binary fractions, so the sums are exact)."""

import math
import random

import pytest

from lrgame.sim.clock import FixedClock


def test_steps_and_alpha_follow_the_accumulated_time():
    clock = FixedClock(step=0.25, max_frame=1.0, max_steps=8)
    frames = [0.125, 0.25, 0.375, 0.0625, 0.5]
    got = [clock.advance(f) for f in frames]
    # accumulated: 0.125, 0.375, 0.5, 0.0625, 0.5625
    assert got == [(0, 0.5), (1, 0.5), (2, 0.0), (0, 0.25), (2, 0.25)]


def test_default_clock_runs_120_steps_for_a_second_of_60_hz_frames():
    clock = FixedClock()
    results = [clock.advance(1 / 60) for _ in range(60)]
    assert sum(steps for steps, _ in results) in (119, 120)
    assert all(0.0 <= alpha < 1.0 for _, alpha in results)


def test_steps_add_up_to_the_time_given_when_nothing_is_clamped():
    rng = random.Random(0)
    clock = FixedClock(step=0.01, max_frame=0.25, max_steps=100)
    total, steps = 0.0, 0
    for _ in range(500):
        frame = rng.uniform(0.0, 0.05)
        n, alpha = clock.advance(frame)
        total += frame
        steps += n
        assert 0.0 <= alpha < 1.0
        assert (steps + alpha) * 0.01 == pytest.approx(total, abs=1e-9)


def test_a_long_frame_counts_as_max_frame():
    clock = FixedClock(step=0.25, max_frame=1.0, max_steps=100)
    assert clock.advance(5.0) == (4, 0.0)


def test_steps_per_call_are_capped_and_the_excess_is_dropped():
    clock = FixedClock(step=0.25, max_frame=10.0, max_steps=3)
    assert clock.advance(2.125) == (3, 0.5)  # 8 whole steps were owed: 3 run, 5 dropped
    assert clock.advance(0.0) == (0, 0.5)


@pytest.mark.parametrize("bad", [-0.5, math.nan, math.inf, -math.inf])
def test_negative_or_non_finite_frames_count_as_zero(bad):
    clock = FixedClock(step=0.25, max_frame=1.0, max_steps=8)
    clock.advance(0.125)
    assert clock.advance(bad) == (0, 0.5)
    assert clock.advance(0.125) == (1, 0.0)


@pytest.mark.parametrize(
    "kwargs", [{"step": 0.0}, {"step": -0.1}, {"max_frame": 0.0}, {"max_steps": 0}, {"step": math.nan}]
)
def test_bad_settings_are_rejected(kwargs):
    with pytest.raises(ValueError, match="step"):
        FixedClock(**kwargs)
