"""Benchmarks of the landscape view (D), run by `python main.py bench --what window` after the
valley's: frames while the path plays against a bare fill + flip (the valley's goals), and a change
of surface or of a surface knob at 1920×1080 (goal: the height map and its contours made anew within
50 ms): the map alone, and the whole frame that carries the change (a knob: the map and the path; a
surface: also its η₀, T and noise, which rebuild the panel's sliders bound to T, as typing T does)."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from lrgame.bench.common import headless_app, verdict
from lrgame.bench.window import CHANGE_GOAL_MS, FrameTiming, frame_row, timed_frames
from lrgame.sim.intents import SetValue, ToggleLandscape
from lrgame.sim.surfaces import SURFACES
from lrgame.view.landscape_picture import make_map

PLAY_EPOCHS = 1000  # the path joined dot to dot, one new dot or more every frame, all through the frames


def _landscape_app(size: tuple[int, int]):
    """The app playing a 1000-epoch cosine in the landscape, on the ravine."""
    app = headless_app(size, schedule="cosine")
    app.apply(ToggleLandscape())
    app.apply(SetValue("epochs", PLAY_EPOCHS))
    if not app.sim.playing:
        app.sim.toggle_play()
    return app


def frames(size: tuple[int, int], n: int = 2000) -> FrameTiming:
    """Each frame of the landscape playing (at the default speed, as the valley's are timed: the
    run lasts longer than the frames), against a fill + flip of the same window, in turns."""
    return timed_frames(_landscape_app(size), size, n)


@dataclass(frozen=True)
class Changes:
    """Milliseconds of the frame that carries each change (the intent carried out, then the frame)."""

    size: tuple[int, int]
    maps_ms: tuple[float, ...]  # the map alone, made anew for each change
    surfaces_ms: tuple[float, ...]  # a new surface: its map, its path, its η₀, T and noise
    knobs_ms: tuple[float, ...]  # a knob of the surface shown: its map and its path


def changes(size: tuple[int, int] = (1920, 1080), rounds: int = 4) -> Changes:
    """Every surface chosen in turn, and each of its knobs moved, `rounds` times over."""
    import pygame

    app = _landscape_app(size)
    app.sim.playing = False
    for _ in range(10):
        app.frame(1 / 60)
    surfaces, knobs, maps = [], [], []
    for i in range(rounds):
        for surface in SURFACES.values():
            surfaces.append(_timed(app, SetValue("surface", surface.name)))
            maps.append(_map_ms(app))
            for knob in surface.knobs:
                value = knob.low + (knob.high - knob.low) * (0.3 + 0.1 * i)
                knobs.append(_timed(app, SetValue(f"surface.{knob.name}", value)))
                maps.append(_map_ms(app))
    pygame.quit()
    return Changes(size, tuple(maps), tuple(surfaces), tuple(knobs))


def _map_ms(app) -> float:
    """The map the view shows, made again from its key (as a change makes it)."""
    key = app.scene.landscape_view.pictures.key
    start = time.perf_counter()
    make_map(key)
    return 1e3 * (time.perf_counter() - start)


def _timed(app, intent: SetValue) -> float:
    start = time.perf_counter()
    app.apply(intent)
    app.frame(1 / 60)
    spent = 1e3 * (time.perf_counter() - start)
    for _ in range(3):  # the frames after it settle (messages, widgets)
        app.frame(1 / 60)
    return spent


def frame_rows(r: FrameTiming) -> str:
    return f"landscape (D), playing: {frame_row(r)}"


def _spread(times: tuple[float, ...]) -> str:
    return f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms"


def change_row(r: Changes) -> str:
    met = max(r.maps_ms + r.knobs_ms) <= CHANGE_GOAL_MS
    return (f"landscape (D) at {r.size[0]}x{r.size[1]}, {len(r.maps_ms)} changes: the height map and contours "
            f"made anew {_spread(r.maps_ms)}; the whole frame carrying a knob change {_spread(r.knobs_ms)} (goal: "
            f"both max ≤ {CHANGE_GOAL_MS:g} ms){verdict(met)}; carrying a change of surface (η₀, T and noise too) "
            f"{_spread(r.surfaces_ms)}")
