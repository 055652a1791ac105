"""An optimizer's path across a 2-D surface, under the schedule, the optimizer and the noise
(numpy and the standard library only).

    p_{t+1} = step(p_t, ∇f(p_t) + ξ_t, η(t), β(t)),    p_0 = the start,    ξ_t = noise · (z_x, z_y)(seed, t)

`step` is the optimizer's update (`lrgame.sim.optimizers`, exact to torch.optim), η(t) the engine's
curve for the run (entry t of `run_curve`) and β(t) the momentum when the schedule drives it. As on
the valley, the noise is a function of (seed, t) alone, drawn a chunk at a time:
``numpy.random.default_rng([seed, t // CHUNK]).standard_normal((CHUNK, 2))[t % CHUNK]``, so another
schedule or optimizer meets the same gusts at step t. A loss-driven schedule (reduce on plateau)
hears the loss where the path stands after every epoch, as on the valley.

The steps run on Python floats (`PairSGD`, `PairAdam`): about 1 µs each for plain SGD on the ravine,
so a path of a million steps takes a second or two and belongs on a worker thread, as the valley's
long runs do.

Divergence: the path stops at the first point that is not finite or leaves a box ESCAPE times the
plot window's half-size around its centre; that step is `diverged_at`, and the last point stored is
where it left, pulled back onto the box along the way it was going. Nothing non-finite is returned.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from lrgame.engine import schedules
from lrgame.engine.numbers import typed_number_in
from lrgame.engine.params import ConfigError, quoted
from lrgame.sim.optimizer_choice import Optimizer, momentum_of, to_json
from lrgame.sim.optimizers import SGD, PairWalk, max_stable_lr, pair_stepper
from lrgame.sim.settings import Settings, run_controller, run_curve, run_momentum
from lrgame.sim.surfaces import Point, Surface, check_surface_params, get_surface

CHUNK = 4096  # steps of noise drawn at a time
ESCAPE = 50.0  # the path has flown off this many half-widths of the plot window from its centre


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


def compute_path(run: LandscapeRun) -> Path2D:
    """The path of `run`, every step (see the module's docstring)."""
    settings, shape = run.settings, run.shape
    total = settings.epochs * settings.steps_per_epoch
    loss_driven = settings.schedule in schedules.LOSS_DRIVEN
    controller = run_controller(settings) if loss_driven else None
    curve = None if loss_driven else run_curve(settings)
    momenta = None if loss_driven else run_momentum(settings)
    stepper = pair_stepper(settings.optimizer)
    gradient = shape.scalar_gradient(run.surface_params)
    box = escape_box(shape)
    x, y = run.start
    xs, ys, rates = [x], [y], []
    states: list[tuple[list[float], list[float]]] = [([0.0], [0.0]) for _ in stepper.names]
    eta = controller.lr if controller is not None else 0.0
    per, t, diverged_at = settings.steps_per_epoch, 0, None
    while t < total:
        end = min(total, (t // CHUNK + 1) * CHUNK, (t // per + 1) * per if loss_driven else total)
        z = noise_draws(settings.seed, t // CHUNK)[t % CHUNK : t % CHUNK + end - t] * settings.noise
        n = end - t
        lr = [eta] * n if curve is None else curve[t:end].tolist()
        beta = [momentum_of(settings.optimizer)] * n if momenta is None else momenta[t:end].tolist()
        walk = stepper.walk(x, y, gradient, z[:, 0].tolist(), z[:, 1].tolist(), lr, beta, box)
        _keep(walk, xs, ys, states)
        rates += lr[: len(walk.xs) + (len(walk.xs) < n)]
        if len(walk.xs) < n:
            diverged_at = t + len(walk.xs) + 1
            ex, ey = _onto_box(walk.last, (xs[-1], ys[-1]), box)
            xs.append(ex)
            ys.append(ey)
            for sx, sy in states:
                sx.append(sx[-1])
                sy.append(sy[-1])
            break
        t, x, y = end, xs[-1], ys[-1]
        if controller is not None and t % per == 0:
            eta = controller.step(float(shape.value(x, y, run.surface_params)))
    points = np.column_stack([xs, ys])
    return Path2D(points, np.asarray(shape.value(points[:, 0], points[:, 1], run.surface_params), dtype=np.float64),
                  np.array(rates, dtype=np.float64), diverged_at,
                  {name: np.column_stack(s) for name, s in zip(stepper.names, states, strict=True)})


def _keep(walk: PairWalk, xs: list[float], ys: list[float], states: list[tuple[list[float], list[float]]]) -> None:
    xs += walk.xs
    ys += walk.ys
    for (sx, sy), (wx, wy) in zip(states, walk.states, strict=True):
        sx += wx
        sy += wy


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
    top = float(np.linalg.eigvalsh(surface.hessian(float(point[0]), float(point[1]), params))[-1])
    if top + optimizer.weight_decay <= 0:
        return math.inf
    return max_stable_lr(optimizer, top, momentum)


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
