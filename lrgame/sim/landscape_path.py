"""An optimizer's path across a 2-D surface, under the schedule, the optimizer and the noise
(numpy and the standard library only).

    p_{t+1} = step(p_t, ∇f(p_t) + ξ_t, η(t), β(t)),    p_0 = the start,    ξ_t = noise · (z_x, z_y)(seed, t)

`step` is the optimizer's update (`lrgame.sim.optimizers`, exact to torch.optim), η(t) the engine's
curve for the run (entry t of `run_curve`) and β(t) the momentum when the schedule drives it. As on
the valley, the noise is a function of (seed, t) alone, drawn a chunk at a time:
``numpy.random.default_rng([seed, t // CHUNK]).standard_normal((CHUNK, 2))[t % CHUNK]``, so another
schedule or optimizer meets the same gusts at step t. A loss-driven schedule (reduce on plateau)
hears the loss where the path stands after every epoch, as on the valley.

The steps run on Python floats (`PairSGD`, `PairAdam`): about 1 µs each for plain SGD, 2–6 µs for
Adam, so a path of a million steps takes seconds. `LandscapePath` therefore computes it lazily, a
stride of a few milliseconds at a time as far as someone asks, as the valley's `Trajectory` does;
`compute_path` is the whole of it at once.

Divergence: the path stops at the first point that is not finite or leaves a box ESCAPE times the
plot window's half-size around its centre; that step is `diverged_at`, and the last point stored is
where it left, pulled back onto the box along the way it was going. Nothing non-finite is returned.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import field

import numpy as np

from lrgame.engine import schedules
from lrgame.engine.numbers import typed_number_in
from lrgame.engine.params import ConfigError, quoted
from lrgame.engine.record import record
from lrgame.sim.optimizer_choice import Optimizer, momentum_of, to_json
from lrgame.sim.optimizers import SGD, max_stable_lr, pair_stepper
from lrgame.sim.settings import Settings, run_controller, run_curve, run_momentum
from lrgame.sim.surfaces import SCREEN_NAMES as KNOB_NAMES
from lrgame.sim.surfaces import Point, Surface, check_surface_params, get_surface

CHUNK = 4096  # steps of noise drawn at a time
ESCAPE = 50.0  # the path has flown off this many half-widths of the plot window from its centre
START_KEYS = ("start.x", "start.y")  # the start's x and y in the panel and in refusals
SCREEN_NAMES = {**KNOB_NAMES, START_KEYS[0]: "start x", START_KEYS[1]: "start y"}
"""The landscape's settings by key, and the words the screen shows for them (`engine.wording.worded`)."""


@record
class LandscapeRun:
    """Everything a path depends on: the surface and its knobs, the start, and the run's settings
    (schedule and knobs, η₀, T, steps per epoch, optimizer, noise, seed; the valley's fields unused).
    Make one with `make_landscape_run`, which checks the surface's part."""

    surface: str
    surface_params: Mapping[str, float] = field(default_factory=dict)
    start: Point = (0.0, 0.0)
    settings: Settings = field(default_factory=Settings)

    @property
    def shape(self) -> Surface:
        return get_surface(self.surface)


def make_landscape_run(surface: object, surface_params: Mapping[str, object] | None = None,
                       start: Point | None = None, settings: Settings | None = None) -> LandscapeRun:
    """A checked run: the knobs filled from their defaults, the start the surface's unless given.
    (The settings are checked when made: `make_settings`.)"""
    shape = get_surface(surface)
    params = check_surface_params(shape, surface_params or {})
    point = shape.start if start is None else (float(start[0]), float(start[1]))
    if not all(map(math.isfinite, point)):
        raise ValueError(f"start={point!r} must be finite")
    return LandscapeRun(shape.name, params, point, Settings() if settings is None else settings)


@record
class Path2D:
    """p_0 … p_N (N = T·S steps, fewer if the path flew off), the loss at each, the rate of each
    step taken, where it flew off, and the optimizer's state after each step by name ({} for plain
    SGD; SGD with momentum: "velocity"; Adam: "m" and "v"), one (x, y) row per point, zeros at p_0."""

    points: np.ndarray
    loss: np.ndarray
    lr: np.ndarray
    diverged_at: int | None
    states: dict[str, np.ndarray]


def escape_box(surface: Surface) -> tuple[float, float, float, float]:
    """The box a path must stay in: ESCAPE half-widths of the plot window around its centre."""
    x0, x1, y0, y1 = surface.bounds
    cx, cy, half = (x0 + x1) / 2, (y0 + y1) / 2, ESCAPE * max(x1 - x0, y1 - y0) / 2
    return cx - half, cx + half, cy - half, cy + half


def noise_draws(seed: int, chunk: int) -> np.ndarray:
    """z for the steps of one chunk, shape (CHUNK, 2): a fixed function of (seed, chunk)."""
    return np.random.default_rng([seed, chunk]).standard_normal((CHUNK, 2))


def kick(run: LandscapeRun, t: int) -> tuple[float, float]:
    """ξ_t, what the noise adds to the gradient at step t: the draw the path took."""
    z = noise_draws(run.settings.seed, t // CHUNK)[t % CHUNK]
    return run.settings.noise * float(z[0]), run.settings.noise * float(z[1])


class LandscapePath:
    """The path of a run, computed lazily a stride of steps at a time as far as someone asks (as the
    valley's `Trajectory` is), so a window can catch up with a far step over several frames, or a
    worker thread can compute a long run while the frame loop goes on. Storage for every step is set
    aside at once (untouched pages cost no memory until written)."""

    stride = CHUNK // 4  # steps per `advance` chunk: a few milliseconds

    def __init__(self, run: LandscapeRun) -> None:
        settings, shape = run.settings, run.shape
        self.run = run
        self.steps = settings.epochs * settings.steps_per_epoch
        self._controller = run_controller(settings) if settings.schedule in schedules.LOSS_DRIVEN else None
        self._curve = None if self._controller is not None else run_curve(settings)
        self._momenta = None if self._controller is not None else run_momentum(settings)
        self._momentum = momentum_of(settings.optimizer)
        self._eta = 0.0 if self._controller is None else self._controller.lr
        self._stepper = pair_stepper(settings.optimizer)
        self._gradient = shape.scalar_gradient(run.surface_params)
        self._box = escape_box(shape)
        self._points = np.empty((self.steps + 1, 2))
        self._points[0] = run.start
        self._loss = np.empty(self.steps + 1)
        self._loss[0] = shape.value(*map(float, run.start), run.surface_params)
        self._lr = np.empty(self.steps)
        self._states = {name: np.zeros((self.steps + 1, 2)) for name in self._stepper.names}
        self._done = 0  # p_0 .. p_done are computed
        self.diverged_at: int | None = None
        self._draws = (-1, np.empty((0, 2)))  # the last chunk of noise draws: a chunk spans several strides

    @property
    def last(self) -> int:
        """The last point the path will have: T·S, or the step at which it flew off."""
        return self.steps if self.diverged_at is None else self.diverged_at

    @property
    def computed(self) -> int:
        """The last point known without further work."""
        return self._done

    def advance(self, t: int, chunks: int) -> int:
        """Compute toward p_t, at most `chunks` strides now; return how far the path is known (≤ t)."""
        for _ in range(chunks):
            if self._done >= min(t, self.last):
                break
            self._extend(t)
        return min(self._done, t)

    def ensure(self, t: int) -> None:
        """Compute the path up to p_t (or to where it flew off, if earlier), stopping there exactly
        when it was not that far yet (so a `fork` can start there)."""
        while self._done < min(t, self.last):
            self._extend(t)

    def fork(self, run: LandscapeRun, at: int) -> LandscapePath:
        """The path of `run` taking this path's first `at` steps as its own, optimizer state included,
        and going on from p_at by itself: what computing `run` whole gives, bit for bit, when `run`
        differs from this path's run only in rates from step `at` on (a cooldown forked from a
        constant run). This path must be computed exactly to p_at (`ensure(at)` from below)."""
        if self._done != at or at > run.settings.epochs * run.settings.steps_per_epoch:
            raise ValueError(f"fork at={at}: this path is computed to step {self._done}")
        if self._controller is not None:
            raise ValueError("a path under a loss-driven rate cannot be forked")
        branch = LandscapePath(run)
        branch._points[: at + 1] = self._points[: at + 1]
        branch._loss[: at + 1] = self._loss[: at + 1]
        branch._lr[:at] = self._lr[:at]
        for name, rows in self._states.items():
            branch._states[name][: at + 1] = rows[: at + 1]
        branch._stepper = copy.copy(self._stepper)
        branch._done, branch.diverged_at = at, self.diverged_at
        return branch

    def path(self, upto: int | None = None) -> Path2D:
        """The path up to p_upto (default: all that is computed), as read-only views."""
        end = self._done if upto is None else min(upto, self._done)

        def view(a: np.ndarray) -> np.ndarray:
            a = a[: end + 1] if a is not self._lr else a[:end]
            a.flags.writeable = False
            return a

        diverged = self.diverged_at if self.diverged_at is not None and self.diverged_at <= end else None
        return Path2D(view(self._points), view(self._loss), view(self._lr), diverged,
                      {name: view(rows) for name, rows in self._states.items()})

    def _extend(self, until: int) -> None:
        """Steps done..end−1 (end ≤ until), never across a chunk of noise draws or, under a
        loss-driven rate, an epoch."""
        t, settings = self._done, self.run.settings
        per = settings.steps_per_epoch
        end = min(self.steps, until, t + self.stride, (t // CHUNK + 1) * CHUNK,
                  (t // per + 1) * per if self._controller is not None else self.steps)
        n = end - t
        if self._draws[0] != t // CHUNK:
            self._draws = (t // CHUNK, noise_draws(settings.seed, t // CHUNK))
        z = self._draws[1][t % CHUNK : t % CHUNK + n] * settings.noise
        lr = [self._eta] * n if self._curve is None else self._curve[t:end].tolist()
        beta = [self._momentum] * n if self._momenta is None else self._momenta[t:end].tolist()
        x, y = self._points[t]
        walk = self._stepper.walk(float(x), float(y), self._gradient, z[:, 0].tolist(), z[:, 1].tolist(), lr, beta,
                                  self._box)
        k = len(walk.xs)
        self._points[t + 1 : t + 1 + k, 0] = walk.xs
        self._points[t + 1 : t + 1 + k, 1] = walk.ys
        for rows, (sx, sy) in zip(self._states.values(), walk.states, strict=True):
            rows[t + 1 : t + 1 + k, 0] = sx
            rows[t + 1 : t + 1 + k, 1] = sy
        if k < n:  # flew off at step t + k: the last point is where it left the box
            k += 1
            self.diverged_at = t + k
            self._points[t + k] = _onto_box(walk.last, tuple(self._points[t + k - 1]), self._box)
            for rows in self._states.values():
                rows[t + k] = rows[t + k - 1]
        self._lr[t : t + k] = lr[:k]
        block = self._points[t + 1 : t + k + 1]
        self._loss[t + 1 : t + k + 1] = self.run.shape.value(block[:, 0], block[:, 1], self.run.surface_params)
        self._done = t + k
        if self._controller is not None and self._done % per == 0 and self.diverged_at is None:
            self._eta = self._controller.step(float(self._loss[self._done]))


def compute_path(run: LandscapeRun) -> Path2D:
    """The path of `run`, every step (see the module's docstring)."""
    path = LandscapePath(run)
    path.ensure(path.steps)
    return path.path()


def _onto_box(point: tuple[float, float], last: tuple[float, float], box: tuple[float, float, float, float]) -> Point:
    """Where the segment from `last` (inside) towards `point` (outside or not finite) crosses the box."""
    x0, x1, y0, y1 = box
    dx, dy = point[0] - last[0], point[1] - last[1]
    if not (math.isfinite(dx) and math.isfinite(dy)):  # flew off to infinity: keep the sign of the way out
        dx, dy = (math.copysign(1.0, d) if d == d else 0.0 for d in (dx, dy))
        if dx == dy == 0.0:
            dx = 1.0
    scale = min(((x1 if dx > 0 else x0) - last[0]) / dx if dx else math.inf,
                ((y1 if dy > 0 else y0) - last[1]) / dy if dy else math.inf)
    return (min(max(last[0] + scale * dx, x0), x1), min(max(last[1] + scale * dy, y0), y1))


def stability_limit(surface: Surface, params: Mapping[str, float], point: Point, optimizer: Optimizer,
                    momentum: float | None = None) -> float | None:
    """The largest rate at which the optimizer's step is still stable near `point`: 2/λ_max of ∇²f
    there for plain SGD, momentum-adjusted as `max_stable_lr` (λ_max + λ for coupled weight decay).
    math.inf where the surface curves down or is flat in every direction (no rate is too big there,
    locally); None for Adam, whose step has no limit of that form."""
    if not isinstance(optimizer, SGD):
        return None
    (a, b), (_, c) = surface.hessian(float(point[0]), float(point[1]), params).tolist()
    top = top_curvature(a, b, c)
    if top + optimizer.weight_decay <= 0:
        return math.inf
    return max_stable_lr(optimizer, top, momentum)


def top_curvature(a: float, b: float, c: float) -> float:
    """The larger eigenvalue of the symmetric [[a, b], [b, c]], in closed form as LAPACK's dlaev2
    works it out (the readout asks every step, and `np.linalg.eigvalsh` costs ten times more):
    mean + radius, or, when the mean is negative, the determinant over the smaller one, which then
    loses no digits to cancellation."""
    mean, radius = (a + c) / 2, math.hypot((a - c) / 2, b)
    if mean >= 0:
        return mean + radius
    low = mean - radius
    return (max(a, c) / low) * min(a, c) - (b / low) * b


def start_range(surface: Surface) -> tuple[float, float, float, float]:
    """Where a path may start: half-way out to the escape box, so the start itself never counts as flown off."""
    x0, x1, y0, y1 = escape_box(surface)
    cx, cy, hx, hy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 4, (y1 - y0) / 4
    return cx - hx, cx + hx, cy - hy, cy + hy


def check_start(surface: Surface, value: object) -> Point:
    """A start point from "X,Y" text (a flag) or a pair of numbers, inside `start_range`."""
    x0, x1, y0, y1 = start_range(surface)
    pair = value.split(",") if isinstance(value, str) else value
    if isinstance(pair, bytes) or not isinstance(pair, (list, tuple)) or len(pair) != 2:
        raise ConfigError(f"x0={quoted(value)} is not allowed: give two numbers X,Y, e.g. "
                          f"{surface.start[0]:g},{surface.start[1]:g}")
    return typed_number_in("x0 (x)", pair[0], x0, x1), typed_number_in("x0 (y)", pair[1], y0, y1)


def landscape_document(run: LandscapeRun, path: Path2D) -> dict[str, object]:
    """The path as `python main.py path --surface` prints it and the window's state records it: the
    surface and its knobs, every point, the loss there and the rate of each step taken, with the
    run's start, η₀, T, steps per epoch, noise, seed and optimizer, and where it flew off if it did."""
    s = run.settings
    return {
        "surface": run.surface, "surface_params": dict(run.surface_params), "path": path.points.tolist(),
        "loss": path.loss.tolist(), "lr": path.lr.tolist(), "start": list(run.start), "schedule": s.schedule,
        "lr0": s.lr0, "epochs": s.epochs, "steps_per_epoch": s.steps_per_epoch, "noise": s.noise, "seed": s.seed,
        "optimizer": to_json(s.optimizer), "diverged_at": path.diverged_at,
    }
