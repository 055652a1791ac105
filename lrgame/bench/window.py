"""Benchmarks of the engine and the window, one function per thing measured and one per row
printed, run by `python main.py bench --what engine|window`.

The engine is timed against a floor, a bare `numpy.cos` over as many points as the curve has: no
schedule with a cosine in it can beat that, so the ratio says how much the engine adds on top.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

import lrgame
from lrgame.bench.common import headless_app, medians, percentile, verdict
from lrgame.engine import schedules
from lrgame.sim.attract import SCENE_SECONDS
from lrgame.sim.intents import SetValue

FLOOR = "numpy.cos"
GOAL = 3.0  # floors: the engine's goal per schedule
FRAME_GOALS = (6.0, 12.0)  # median and p99 frame time, in fill + flip floors
CHANGE_GOAL_MS = 50.0
STARTUP_GOAL = 2.5  # start-up to the first frame, in `import pygame, pygame_gui`
MEMORY_GOAL_MB = 2.0


@dataclass(frozen=True)
class Timing:
    """The median of several runs of one job, and how many floors that is."""

    name: str
    median_ms: float
    ratio: float


def engine(epochs: int = 1_000_000, repeats: int = 7) -> list[Timing]:
    """The floor first, then `curve(name, lr0=0.1, epochs=epochs)` at registry defaults per schedule."""
    t = np.arange(epochs + 1, dtype=np.float64)
    jobs: dict[str, Callable[[], object]] = {FLOOR: partial(np.cos, t)}
    jobs |= {name: partial(schedules.curve, name, lr0=0.1, epochs=epochs) for name in schedules.SCHEDULES}
    seconds = medians(jobs, repeats)
    floor = seconds[FLOOR]
    return [Timing(name, 1e3 * m, m / floor) for name, m in seconds.items()]


def engine_rows(rows: list[Timing]) -> list[str]:
    """One line per schedule, with its ratio to the floor; MISSED above GOAL floors."""
    width = max(len(r.name) for r in rows)
    out = []
    for r in rows:
        goal = f"  {r.ratio:5.2f}× floor (goal ≤ {GOAL:g}×){verdict(r.ratio <= GOAL)}"
        out.append(f"{r.name:<{width}}  {r.median_ms:8.2f} ms{'  (floor)' if r.name == FLOOR else goal}")
    return out


# ---- the window ---------------------------------------------------------------------------------------
# pygame is imported inside these functions: the CLI imports this module for `bench --what engine` too.


@dataclass(frozen=True)
class FrameTiming:
    """Frame times of the app against a bare fill + flip of the same window, measured turn about."""

    size: tuple[int, int]
    frames: int
    app_median_ms: float
    app_p99_ms: float
    app_max_ms: float
    floor_median_ms: float

    @property
    def median_ratio(self) -> float:
        return self.app_median_ms / self.floor_median_ms

    @property
    def p99_ratio(self) -> float:
        return self.app_p99_ms / self.floor_median_ms


def frames(size: tuple[int, int], n: int = 2000) -> FrameTiming:
    """Play a 1000-epoch run at the default speed and time each frame against fill + flip."""
    return timed_frames(headless_app(size, epochs=1000), size, n)


def timed_frames(app, size: tuple[int, int], n: int) -> FrameTiming:
    """`n` frames of `app` after 60 of warm-up, each timed against a fill + flip, in turns; pygame
    quits after them."""
    import pygame

    for _ in range(60):
        app.frame(1 / 60)
    app_s, floor_s = [], []
    for _ in range(n):
        start = time.perf_counter()
        app.frame(1 / 60)
        app_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        app.window.fill((0, 0, 0))
        pygame.display.flip()
        floor_s.append(time.perf_counter() - start)
    pygame.quit()
    return FrameTiming(size, n, 1e3 * statistics.median(app_s), 1e3 * percentile(app_s, 0.99), 1e3 * max(app_s),
                       1e3 * statistics.median(floor_s))


def change_at_million(changes: int = 20) -> tuple[list[float], list[float]]:
    """Milliseconds of each frame from a knob change at T = 1,000,000 until the new run is on
    screen (goal: all ≤ 50 ms; the first frame carries the change), and the seconds each change
    took to show. The frames are paced at 60 per second, as in a window: run flat out, the loop
    would keep the worker thread that computes the run from the interpreter lock."""
    import pygame

    app = headless_app((1280, 720), schedule="cyclic", epochs=1_000_000)
    app.sim.seek(500_000)
    for _ in range(10):
        app.frame(1 / 60)
    out, lags = [], []
    for i in range(changes):
        asked = time.perf_counter()
        app.apply(SetValue("param.step_size_up", 20_000 + 1_000 * i))
        while True:
            start = time.perf_counter()
            app.frame(1 / 60)
            out.append(1e3 * (time.perf_counter() - start))
            if not app.sim.computing:
                break
            time.sleep(max(0.0, 1 / 60 - (time.perf_counter() - start)))
        lags.append(time.perf_counter() - asked)
    pygame.quit()
    return out, lags


def package_root() -> str:
    """The folder holding the lrgame package being measured (the checkout, or site-packages): the
    start-up children run there, so `import lrgame` in them finds this copy and no other."""
    return str(Path(lrgame.__file__).resolve().parents[1])


def startup(repeats: int = 7) -> tuple[float, float, float]:
    """Median seconds from starting a fresh process to the first frame on screen (what
    `main.py --headless --frames 1` does, through the same entry) and to `import pygame, pygame_gui` done, taking
    2·repeats + 1 turns, and the median of the two's ratio turn by turn (this machine's speed
    drifts by a third within a minute: a ratio of neighbours drifts less than one of medians).
    Each child prints the clock when it gets there (the app: at its first flip), so what comes
    after (a collection, the interpreter shutting down: ~60 ms) is not counted as start-up. The children may write
    bytecode caches and one untimed run of each comes first, as on any machine after the first
    launch (with PYTHONDONTWRITEBYTECODE set, every start would compile the project again)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    first_frame = (  # the clock read when the first frame is flipped onto the screen
        "import sys, time; import pygame; flip, shown = pygame.display.flip, []\n"
        "def flipped(): flip(); shown.append(time.time())\n"
        "pygame.display.flip = flipped; sys.argv = ['main.py', '--headless', '--frames', '1']\n"
        "from lrgame.__main__ import main; status = main(); print(shown[0]); sys.exit(status)")
    jobs = {"app": first_frame, "import": "import pygame, pygame_gui, time; print(time.time())"}
    samples: dict[str, list[float]] = {name: [] for name in jobs}
    for turn in range(2 * repeats + 2):
        for name, code in jobs.items():
            start = time.time()  # wall clock: the child reads the same one
            out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                                 cwd=package_root(), env=env)
            if turn > 0:
                samples[name].append(float(out.stdout.split()[-1]) - start)
    ratio = statistics.median(a / b for a, b in zip(samples["app"], samples["import"], strict=True))
    return statistics.median(samples["app"]), statistics.median(samples["import"]), ratio


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as f:
        pages = int(f.read().split()[1])
    import os

    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def memory(n: int = 100_000, warmup: int = 2_000) -> tuple[float, float]:
    """Resident MB after `warmup` frames and after `n` more frames of play (replaying at the end)."""
    import pygame

    app = headless_app((1280, 720), epochs=100)
    app.sim.set_speed(60)
    for i in range(warmup + n):
        if not app.sim.playing:
            app.sim.toggle_play()
        app.frame(1 / 60)
        if i == warmup - 1:
            before = _rss_mb()
    after = _rss_mb()
    pygame.quit()
    return before, after


def attract_memory(n: int = 100_000, early: int = 2_000) -> tuple[float, float, float, int]:
    """Resident MB of a kiosk left alone: at frame `early`, after its first whole attract cycle,
    and `n` frames after that cycle; and the frame the cycle ended at. The first cycle shows every
    scene once and brings the heap to its working size; what grows after it is what a screen left
    on for days would keep growing by, so that is the figure held to the goal."""
    import pygame

    app = headless_app((1280, 720), kiosk=True)
    cycle_end = round((app.kiosk.attract.idle_seconds + app.kiosk.attract.scene_count * SCENE_SECONDS) * 60)
    for i in range(max(cycle_end, early) + n):
        app.frame(1 / 60)
        if i == early - 1:
            at_early = _rss_mb()
        if i == cycle_end - 1:
            cycled = _rss_mb()
    after = _rss_mb()
    app._finish()
    pygame.quit()
    return at_early, cycled, after, cycle_end


def frame_row(r: FrameTiming) -> str:
    median_goal, p99_goal = FRAME_GOALS
    met = r.median_ratio <= median_goal and r.p99_ratio <= p99_goal
    return (f"frame {r.size[0]}x{r.size[1]}: median {r.app_median_ms:.2f} ms, p99 {r.app_p99_ms:.2f} ms, "
            f"max {r.app_max_ms:.2f} ms; fill+flip floor {r.floor_median_ms:.3f} ms; "
            f"median {r.median_ratio:.1f}× (goal ≤ {median_goal:g}×), p99 {r.p99_ratio:.1f}× "
            f"(goal ≤ {p99_goal:g}×){verdict(met)}")


def change_row(change: tuple[list[float], list[float]]) -> str:
    change_ms, lags = change
    return (f"change at T=1,000,000, frames paced at 60/s: frame max {max(change_ms):.1f} ms, median "
            f"{statistics.median(change_ms):.1f} ms (goal: max ≤ {CHANGE_GOAL_MS:g} ms) over the {len(change_ms)} "
            f"frames until each of {len(lags)} changes showed, {1e3 * min(lags):.0f}–{1e3 * max(lags):.0f} ms "
            f"after it was asked for{verdict(max(change_ms) <= CHANGE_GOAL_MS)}")


def startup_row(start: tuple[float, float, float]) -> str:
    app_s, import_s, ratio = start
    return (f"start-up to first frame: median {app_s:.3f} s vs import pygame, pygame_gui {import_s:.3f} s "
            f"({app_s / import_s:.2f}×); turn by turn, median {ratio:.2f}× (goal ≤ {STARTUP_GOAL:g}×)"
            f"{verdict(ratio <= STARTUP_GOAL)}")


def memory_row(rss: tuple[float, float]) -> str:
    grown = rss[1] - rss[0]
    return (f"resident memory, playing: {rss[0]:.1f} MB after warm-up, {rss[1]:.1f} MB after the frames: "
            f"{grown:+.2f} MB (goal ≤ {MEMORY_GOAL_MB:g} MB){verdict(grown <= MEMORY_GOAL_MB)}")


def kiosk_memory_row(kiosk_rss: tuple[float, float, float, int]) -> str:
    at_early, cycled, after, cycle_end = kiosk_rss
    grown = after - cycled
    return (f"resident memory, kiosk attract mode: {cycled:.1f} MB after the first whole attract cycle "
            f"(frame {cycle_end:,}), {after:.1f} MB after the frames: {grown:+.2f} MB (goal ≤ {MEMORY_GOAL_MB:g} MB)"
            f"{verdict(grown <= MEMORY_GOAL_MB)}; from frame 2,000, first cycle included: {after - at_early:+.2f} MB")
