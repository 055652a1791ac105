"""Benchmarks, one function per thing measured, run by `python main.py bench --what ...`.

The engine is timed against a floor, a bare `numpy.cos` over as many points as the curve has: no
schedule with a cosine in it can beat that, so the ratio says how much the engine adds on top.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TextIO

import numpy as np

from lrgame.app.launch import LaunchOptions
from lrgame.engine import schedules
from lrgame.sim.attract import SCENE_SECONDS
from lrgame.sim.intents import SetValue
from lrgame.sim.settings import make_settings

FLOOR = "numpy.cos"
GOAL = 3.0


@dataclass(frozen=True)
class Timing:
    """The median of several runs of one job, and how many floors that is."""

    name: str
    median_ms: float
    ratio: float


def _medians(jobs: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median seconds per job. The jobs take turns, so a slow spell of the machine hits them all."""
    samples: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(repeats):
        for name, job in jobs.items():
            start = time.perf_counter()
            job()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(s) for name, s in samples.items()}


def engine(epochs: int = 1_000_000, repeats: int = 7) -> list[Timing]:
    """The floor first, then `curve(name, lr0=0.1, epochs=epochs)` at registry defaults per schedule."""
    t = np.arange(epochs + 1, dtype=np.float64)
    jobs: dict[str, Callable[[], object]] = {FLOOR: partial(np.cos, t)}
    jobs |= {name: partial(schedules.curve, name, lr0=0.1, epochs=epochs) for name in schedules.SCHEDULES}
    medians = _medians(jobs, repeats)
    floor = medians[FLOOR]
    return [Timing(name, 1e3 * m, m / floor) for name, m in medians.items()]


def print_engine(rows: list[Timing], out: TextIO | None = None) -> None:
    """One line per schedule, flagging any above GOAL floors (to `out`, or stdout)."""
    width = max(len(r.name) for r in rows)
    for r in rows:
        note = "  (floor)" if r.name == FLOOR else f"  {r.ratio:5.2f}× floor" + ("  SLOW" if r.ratio > GOAL else "")
        print(f"{r.name:<{width}}  {r.median_ms:8.2f} ms{note}", file=out)


# ---- the window ---------------------------------------------------------------------------------------
# pygame is imported inside these functions: the CLI imports this module for `bench --what engine` too.


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


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


def _headless_app(size: tuple[int, int], kiosk: bool = False, **settings: object):
    """The real app on the dummy video driver, playing (or a kiosk, idle after one second)."""
    import os

    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ["SDL_AUDIODRIVER"] = "dummy"
    from lrgame.app.window import App

    return App(LaunchOptions(settings=make_settings(**settings), size=size, headless=True, play=not kiosk,
                             kiosk=kiosk, idle_seconds=1.0))


def frames(size: tuple[int, int], n: int = 2000) -> FrameTiming:
    """Play a 1000-epoch run at the default speed and time each frame against fill + flip."""
    import pygame

    app = _headless_app(size, epochs=1000)
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
    return FrameTiming(size, n, 1e3 * statistics.median(app_s), 1e3 * _percentile(app_s, 0.99), 1e3 * max(app_s),
                       1e3 * statistics.median(floor_s))


def change_at_million(changes: int = 20) -> tuple[list[float], list[float]]:
    """Milliseconds of each frame from a knob change at T = 1,000,000 until the new run is on
    screen (goal: all ≤ 50 ms; the first frame carries the change), and the seconds each change
    took to show. The frames are paced at 60 per second, as in a window: run flat out, the loop
    would keep the worker thread that computes the run from the interpreter lock."""
    import pygame

    app = _headless_app((1280, 720), schedule="cyclic", epochs=1_000_000)
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


def startup(repeats: int = 7) -> tuple[float, float, float]:
    """Median seconds from starting a fresh process to the first frame on screen (what
    `main.py --headless --frames 1` does) and to `import pygame, pygame_gui` done, taking
    2·repeats + 1 turns, and the median of the two's ratio turn by turn (this machine's speed
    drifts by a third within a minute: a ratio of neighbours drifts less than one of medians).
    Each child prints the clock when it gets there (the app: at its first flip), so what comes
    after (a collection, the interpreter shutting down: ~60 ms) is not counted as start-up. The children may write
    bytecode caches and one untimed run of each comes first, as on any machine after the first
    launch (with PYTHONDONTWRITEBYTECODE set, every start would compile the project again)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[1])
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    first_frame = (  # the clock read when the first frame is flipped onto the screen
        "import sys, time; import pygame; flip, shown = pygame.display.flip, []\n"
        "def flipped(): flip(); shown.append(time.time())\n"
        "pygame.display.flip = flipped; sys.argv = ['main.py', '--headless', '--frames', '1']\n"
        "from lrgame.cli import main; status = main(); print(shown[0]); sys.exit(status)")
    jobs = {"app": first_frame, "import": "import pygame, pygame_gui, time; print(time.time())"}
    samples: dict[str, list[float]] = {name: [] for name in jobs}
    for turn in range(2 * repeats + 2):
        for name, code in jobs.items():
            start = time.time()  # wall clock: the child reads the same one
            out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=root,
                                 env=env)
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

    app = _headless_app((1280, 720), epochs=100)
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

    app = _headless_app((1280, 720), kiosk=True)
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


def print_window(frame_rows: list[FrameTiming], change: tuple[list[float], list[float]],
                 start: tuple[float, float, float],
                 rss: tuple[float, float] | None, kiosk_rss: tuple[float, float, float, int] | None = None,
                 out: TextIO | None = None) -> None:
    """The window's figures against their goals."""
    for r in frame_rows:
        print(f"frame {r.size[0]}x{r.size[1]}: median {r.app_median_ms:.2f} ms, p99 {r.app_p99_ms:.2f} ms, "
              f"max {r.app_max_ms:.2f} ms; fill+flip floor {r.floor_median_ms:.3f} ms; "
              f"median {r.median_ratio:.1f}× (goal ≤ 6×), p99 {r.p99_ratio:.1f}× (goal ≤ 12×)", file=out)
    change_ms, lags = change
    print(f"change at T=1,000,000, frames paced at 60/s: frame max {max(change_ms):.1f} ms, median "
          f"{statistics.median(change_ms):.1f} ms (goal ≤ 50 ms) over the {len(change_ms)} frames until each of "
          f"{len(lags)} changes showed, {1e3 * min(lags):.0f}–{1e3 * max(lags):.0f} ms after it was asked for",
          file=out)
    app_s, import_s, ratio = start
    print(f"start-up to first frame: median {app_s:.3f} s vs import pygame, pygame_gui {import_s:.3f} s "
          f"({app_s / import_s:.2f}×); turn by turn, median {ratio:.2f}× (goal ≤ 2.5×)", file=out)
    if rss is not None:
        print(f"resident memory, playing: {rss[0]:.1f} MB after warm-up, {rss[1]:.1f} MB after the frames: "
              f"{rss[1] - rss[0]:+.2f} MB (goal ≤ 2 MB)", file=out)
    if kiosk_rss is not None:
        at_early, cycled, after, cycle_end = kiosk_rss
        print(f"resident memory, kiosk attract mode: {cycled:.1f} MB after the first whole attract cycle "
              f"(frame {cycle_end:,}), {after:.1f} MB after the frames: {after - cycled:+.2f} MB (goal ≤ 2 MB); "
              f"from frame 2,000, first cycle included: {after - at_early:+.2f} MB", file=out)
