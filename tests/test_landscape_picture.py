"""The one cache of the landscape's pixels (lrgame/view/landscape_picture.py) against its contract:
whatever was asked before, a picture equals the same picture drawn afresh; the map is made once per
change of surface, knob, plane, theme or scale, never for a new step or a new path."""

from __future__ import annotations

import random

import numpy as np
import pygame
import pytest

from lrgame.look.projector import PROJECTOR
from lrgame.look.theme import DARK
from lrgame.sim.landscape_path import compute_path, make_landscape_run
from lrgame.sim.settings import make_settings
from lrgame.sim.surfaces import SURFACES
from lrgame.view import landscape_picture
from lrgame.view.landscape_picture import MapKey, Pictures, fresh_picture, knob_items
from lrgame.view.plane import Plane

RAVINE = SURFACES["ravine"]


@pytest.fixture(autouse=True)
def display():
    pygame.display.init()
    pygame.display.set_mode((320, 240))
    yield
    pygame.display.quit()


def _key(kappa: float = 10.0, palette=DARK, size=(240, 160)) -> MapKey:
    params = {"kappa": kappa, "angle": 30.0}
    plane = Plane.fit((0, 0, *size), ((-5, 5), (-5, 5)))
    return MapKey(RAVINE, knob_items(params), plane, palette, 1.0)


def _path(schedule: str = "cosine", epochs: int = 60, lr0: float = 0.18, kappa: float = 10.0):
    run = make_landscape_run("ravine", {"kappa": kappa}, settings=make_settings(schedule, lr0=lr0, epochs=epochs))
    return compute_path(run)


def _same(a: pygame.Surface, b: pygame.Surface) -> bool:
    return a.get_size() == b.get_size() and pygame.image.tobytes(a, "RGB") == pygame.image.tobytes(b, "RGB")


def _session(pictures: Pictures, seed: int, steps: int = 40) -> int:
    """Random asks (knob, theme, path, step, a small budget), each checked against a fresh picture;
    returns how many did not match."""
    rng = random.Random(seed)
    paths = [_path(), _path("constant"), _path("step", epochs=4000)]
    key, path, t, wrong = _key(), paths[0], 0, 0
    for _ in range(steps):
        move = rng.choice(["knob", "theme", "path", "play", "seek", "seek", "play"])
        if move == "knob":
            key = _key(kappa=rng.choice([10.0, 30.0]), palette=key.palette)
        elif move == "theme":
            key = _key(kappa=dict(key.params)["kappa"], palette=rng.choice([DARK, PROJECTOR]))
        elif move == "path":
            path = rng.choice(paths)
        elif move == "play":
            t += rng.randint(1, 5)
        else:
            t = rng.randint(0, len(path.points) - 1)
        picture, drawn = pictures.picture(key, path, t, budget=rng.choice([3, 50, 10_000]))
        wrong += not _same(picture, fresh_picture(key, path, drawn))
    return wrong


def test_every_picture_equals_the_same_picture_drawn_afresh():
    assert _session(Pictures(), seed=1) == 0


class _Forgetful(Pictures):
    """A broken cache: it compares keys without the knobs, so a knob change keeps the old map."""

    def map(self, key: MapKey) -> pygame.Surface:
        if self._key is not None and key._replace(params=()) == self._key._replace(params=()):
            key = self._key
        return super().map(key)


def test_a_cache_that_misses_a_knob_change_is_caught():
    """The check above can fail: a cache that leaves the knobs out of its key shows a stale map."""
    assert _session(_Forgetful(), seed=1) > 0


def test_the_map_is_made_once_per_change_of_surface_knob_or_theme():
    pictures, path = Pictures(), _path()
    for t in range(0, 61, 3):  # playing: new steps, one map
        pictures.picture(_key(), path, t)
    pictures.picture(_key(), _path("constant"), 10)  # a new path (a new schedule): the same map
    assert pictures.map_builds == 1
    pictures.picture(_key(kappa=30.0), path, 10)
    pictures.picture(_key(kappa=30.0, palette=PROJECTOR), path, 10)
    pictures.picture(_key(kappa=30.0, palette=PROJECTOR, size=(200, 160)), path, 10)
    assert pictures.map_builds == 4


def test_a_long_jump_is_drawn_over_several_calls_and_ends_where_it_should():
    pictures, path = Pictures(), _path("step", epochs=4000)
    _, drawn = pictures.picture(_key(), path, 4000, budget=1000)
    assert drawn == 999
    while drawn < 4000:
        picture, drawn = pictures.picture(_key(), path, 4000, budget=1000)
    assert _same(picture, fresh_picture(_key(), path, 4000))


def test_the_minimum_is_marked_where_the_plane_puts_it():
    """The ravine's minimum (0, 0) sits at the centre of a plane fitted around it: its ring is
    drawn in the text colour there, on a map otherwise in the map's muted shades."""
    key = _key(size=(241, 161))
    picture = fresh_picture(key, None, -1)
    x, y = (round(v) for v in key.plane.pixels(np.array([[0.0, 0.0]]))[0])
    ring = [picture.get_at((x + dx, y)) [:3] for dx in range(-8, 9)]
    assert tuple(DARK.text) in ring


def test_the_step_near_a_pixel_is_the_last_dot_centred_within_reach():
    """The picture's record of its dots answers the pointer as a search of the whole path would."""
    pictures, path = Pictures(), _path("step", epochs=4000)
    key = _key()
    rng = np.random.default_rng(5)
    centres = landscape_picture.path_pixels(key.plane, path.points)
    for t in (40, 4000, 900):  # growing, then back (drawn afresh)
        drawn = -1
        while drawn < t:
            _, drawn = pictures.picture(key, path, t, budget=700)
        hits = 0
        for i in range(60):
            if i % 2:
                at = (int(rng.integers(0, 240)), int(rng.integers(0, 160)))
            else:  # by a dot of the path
                x, y = centres[int(rng.integers(0, t + 1))] + rng.integers(-4, 5, size=2)
                at = (int(min(max(x, 0), 239)), int(min(max(y, 0), 159)))
            near = np.flatnonzero(np.max(np.abs(centres[: t + 1] - np.array(at)), axis=1) <= 6)
            assert pictures.step_near(at, 6) == (int(near[-1]) if near.size else None)
            hits += bool(near.size)
        assert hits >= 25


def test_the_trace_gives_the_dots_as_worked_out_directly_across_its_chunks(monkeypatch):
    """`Trace.dots` (chunks worked out once and a few kept) equals the centres and bins of the
    steps asked, worked out directly, whatever was asked before: forward a step or two at a time,
    across chunk boundaries, and back to chunks it let go."""
    monkeypatch.setattr(landscape_picture, "TRACE_CHUNK", 7)
    monkeypatch.setattr(landscape_picture, "TRACE_KEPT", 2)
    path, plane = _path(epochs=60), _key().plane
    scale = landscape_picture.RateScale.of(path.lr)
    trace = landscape_picture.Trace(plane, path, scale)
    rng = random.Random(3)
    asks = [(t, t + rng.randint(0, 2)) for t in range(0, 58, 2)] + [(0, 60), (13, 13), (50, 55), (2, 30)]
    for first, last in asks:
        where, bins = trace.dots(first, last)
        assert where.tolist() == landscape_picture.path_pixels(plane, path.points[first : last + 1]).tolist()
        assert bins.tolist() == scale.bins(landscape_picture.point_rates(path, first, last)).tolist()


def test_pictures_drawn_from_small_chunks_equal_pictures_drawn_afresh(monkeypatch):
    monkeypatch.setattr(landscape_picture, "TRACE_CHUNK", 5)
    monkeypatch.setattr(landscape_picture, "TRACE_KEPT", 1)
    assert _session(Pictures(), seed=2) == 0
