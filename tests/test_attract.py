"""Attract mode as a pure model, driven by a fake clock (plain numbers): it starts only after the idle
time, any touch stops it and restarts the idle clock, and its scenes advance on time and wrap round.
Every schedule has a one-line caption and a scene in which the ball visibly hops and then settles."""

import numpy as np
import pytest

from lrgame.engine import schedules
from lrgame.sim.attract import SCENE_SECONDS, Attract
from lrgame.sim.presets import PRESETS
from lrgame.sim.settings import make_settings
from lrgame.sim.simulation import SPEED_RANGE, Simulation

PRESET_CAPTIONS = {p.name: p.caption for p in PRESETS.values() if p.caption}  # the recipes that fit a scene
N = len(schedules.SCHEDULES) + len(PRESET_CAPTIONS)  # every schedule, then those recipes


def test_every_schedule_has_a_one_line_caption_and_nothing_else_does():
    assert {n for n, s in schedules.ENTRIES.items() if s.caption} == set(schedules.SCHEDULES)
    assert list(PRESET_CAPTIONS) == ["resnet", "sgdr", "one_cycle", "wsd"]  # the million-step ones would crawl
    for caption in (s.caption for s in schedules.SCHEDULES.values()):
        assert "\n" not in caption and 20 <= len(caption) <= 90 and caption.endswith(".")


def test_off_until_the_idle_time_has_passed():
    a = Attract(idle_seconds=60.0)
    assert not a.update(0.0) and not a.update(59.9)
    assert a.update(60.0) and a.update(61.0)


def test_a_touch_stops_it_and_restarts_the_idle_clock():
    a = Attract(idle_seconds=10.0)
    assert not a.touch(5.0)  # while interactive: nothing to stop
    assert not a.update(14.9) and a.update(15.0)
    assert a.touch(20.0)  # it was on, and now it is off
    assert not a.update(20.0) and not a.update(29.9)
    assert a.update(30.0)


def test_scenes_advance_on_time_and_wrap_round():
    a = Attract(idle_seconds=10.0)
    a.update(10.0)
    assert a.index(10.0) == 0 and a.index(10.0 + SCENE_SECONDS - 0.01) == 0
    assert [a.index(10.0 + k * SCENE_SECONDS + 0.5) for k in range(N + 2)] == [*range(N), 0, 1]


def test_after_a_touch_the_script_starts_again_from_the_first_scene():
    a = Attract(idle_seconds=10.0)
    a.update(10.0)
    assert a.index(10.0 + 3.5 * SCENE_SECONDS) == 3
    a.touch(100.0)
    a.update(110.0)
    assert a.index(110.0) == 0


def test_the_script_is_the_same_every_time():
    first, second = Attract(), Attract()
    assert [first.scene(i) for i in range(N)] == [second.scene(i) for i in range(N)]


def test_each_recipe_caption_is_one_line_and_its_scene_is_that_recipe():
    from lrgame.sim.presets import get_preset

    first = len(schedules.SCHEDULES)
    for i, name in enumerate(PRESET_CAPTIONS):
        scene, caption = Attract().scene(first + i), PRESET_CAPTIONS[name]
        assert "\n" not in caption and 20 <= len(caption) <= 90 and caption.endswith(".")
        assert scene.preset == name and scene.caption == caption and scene.settings == get_preset(name).settings()


@pytest.mark.parametrize("index", range(N))
def test_each_scene_plays_its_whole_run_inside_its_time(index):
    scene = Attract().scene(index)
    if not scene.preset:
        name = list(schedules.SCHEDULES)[index]
        assert scene.settings.schedule == name and scene.caption == schedules.SCHEDULES[name].caption
        assert scene.settings == make_settings(name, valley_kind=scene.settings.valley)  # the defaults
        assert scene.settings.valley == ("bumpy" if schedules.SCHEDULES[name].jumps else "bowl")
    lo, hi = SPEED_RANGE
    assert lo <= scene.speed <= hi
    assert scene.settings.epochs / scene.speed < SCENE_SECONDS  # it ends, and rests a moment, before the next


@pytest.mark.parametrize("index", range(N))
def test_in_each_scene_the_ball_hops_over_the_floor_and_settles_near_it(index):
    """A rate that decays lets the ball settle; one that stays at its peak (a constant rate, whose
    caption says the ball "never stops jiggling") keeps it hopping across the floor to the end."""
    scene = Attract().scene(index)
    sim = Simulation(scene.settings, 0, scene.speed)
    steps = scene.settings.epochs * scene.settings.steps_per_epoch
    d = sim.trajectory.xs(steps) - sim.valley.floor_x
    assert sim.trajectory.diverged_at is None
    assert np.any(np.sign(d[1:]) != np.sign(d[:-1]))  # at least one hop across the floor
    rates = sim.trajectory.rates(steps)
    if rates[steps - 1] < 0.5 * rates.max():
        assert abs(d[-1]) < 0.05 * abs(d[0])  # and it ends close to the bottom
    else:
        last = d[steps - steps // 3 :]
        assert np.mean(np.sign(last[1:]) != np.sign(last[:-1])) > 0.5  # still hopping across the floor
        assert 0.02 * abs(d[0]) < np.abs(last).mean() < 0.25 * abs(d[0])  # near the bottom, never resting there
