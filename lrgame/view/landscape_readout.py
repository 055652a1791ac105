"""The landscape's readout: the numbers at the pointer, as (text, colour role) rows.

Over a dot of the path (within PICK pixels), or off the map (the current step), it reads that step:
where the path stood, the loss and the gradient there, the noise added, the rate, the step the
optimizer took from there and its state after that step, and the local stability limit 2/λ_max
of ∇²f (momentum-adjusted for SGD with momentum) against the rate. The rows are short (a pair of
numbers is wide): they fit the readout on a projector. Elsewhere on the map it reads the
surface at the pointer, against the current rate. Every number is computed here from the path and
the surface, never a NaN (`sig4` prints a dash for what is not a number).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from lrgame.engine.numfmt import sig4
from lrgame.engine.units import unit_words
from lrgame.sim.landscape_path import CHUNK, LandscapeRun, Path2D, noise_draws, stability_limit
from lrgame.sim.optimizer_choice import is_plain, momentum_of
from lrgame.sim.optimizers import SGD

STATE_WORDS = {"velocity": "velocity", "m": "moment m", "v": "moment v"}  # each after the step shown


class Probe(NamedTuple):
    """What the readout reads: a step of the path, or (`step` None) a point of the plane."""

    step: int | None
    point: tuple[float, float] | None


def pair(x: float, y: float) -> str:
    return f"({sig4(x)}, {sig4(y)})"


def when(run: LandscapeRun, t: int) -> str:
    """Epoch (and step, when an epoch has several) of step t, as the valley's readout says it; in a
    run counted in steps, the step."""
    s = run.settings
    if s.steps_per_epoch == 1:
        return f"{unit_words(s.unit, 1).one} t = {t} of {s.epochs}"
    return f"epoch {t // s.steps_per_epoch} of {s.epochs}, step {t} of {s.epochs * s.steps_per_epoch}"


def rate_at(path: Path2D, t: int) -> float:
    """The rate of step t (the last step's for the last point, which takes none)."""
    return float(path.lr[min(t, len(path.lr) - 1)]) if len(path.lr) else math.nan


def limit_lines(run: LandscapeRun, point: tuple[float, float], rate: float, momentum: float | None
                ) -> list[tuple[str, str]]:
    """The local stability limit at `point` and whether `rate` is over it."""
    hp = run.settings.optimizer
    limit = stability_limit(run.shape, run.surface_params, point, hp, momentum)
    if limit is None:
        return [("Adam: no fixed rate limit applies", "ok")]
    name = "2/λ_max" if is_plain(hp) else "(momentum)"
    if math.isinf(limit):
        return [(f"limit {name}: none here", "text"), ("the surface curves down or is flat here", "ok")]
    rows = [(f"limit {name} = {sig4(limit)}", "text")]
    if rate > limit:
        rows.append(("η over the limit: steps overshoot here", "danger"))
    else:
        rows.append(("η under the limit: steps settle here", "ok"))
    return rows


def step_lines(run: LandscapeRun, path: Path2D, t: int, momenta: np.ndarray | None) -> list[tuple[str, str]]:
    """The rows for step t of the path."""
    surface, params = run.shape, run.surface_params
    x, y = path.points[t].tolist()  # Python floats: each number below costs a fraction of numpy's on a 2-vector
    gx, gy = surface.gradient(x, y, params)
    rate = rate_at(path, t)
    rows = [(when(run, t), "text"), (f"at (x, y) = {pair(x, y)}", "text"),
            (f"loss f = {sig4(float(path.loss[t]))}", "text"), (f"gradient ∇f = {pair(gx, gy)}", "text")]
    last = len(path.points) - 1
    if run.settings.noise > 0 and t < last:  # the last point takes no step, so draws no noise
        kx, ky = (run.settings.noise * z for z in _draws(run.settings.seed, t // CHUNK)[t % CHUNK].tolist())
        rows.append((f"noise = {pair(kx, ky)}", "text"))
    # the last point takes no step: its rate is the last one used (as the cards say at t = T)
    rows.append((f"rate η(t) = {sig4(rate)}" if t < last else f"last rate used η = {sig4(rate)}", "text"))
    if t < last:
        nx, ny = path.points[t + 1].tolist()
        dx, dy = nx - x, ny - y
        if path.diverged_at is not None and t + 1 == path.diverged_at:
            rows.append(("step: flew off the map", "danger"))
        else:
            rows.append((f"step = {pair(dx, dy)}", "text"))
        rows += state_lines(run, path, t + 1)
    elif path.diverged_at is not None:
        rows.append((f"flew off the map at step {path.diverged_at}", "danger"))
    else:
        rows.append(("step: none, the run is over", "text"))
    momentum = None if momenta is None else float(momenta[min(t, len(momenta) - 1)])
    return rows + limit_lines(run, (x, y), rate, momentum)


def state_lines(run: LandscapeRun, path: Path2D, after: int) -> list[tuple[str, str]]:
    """The optimizer's state after the step that ends at point `after`."""
    if not path.states:
        return [("state: none kept (plain SGD)", "text")]
    return [(f"{STATE_WORDS.get(name, name)} = {pair(*rows[after].tolist())}", "text")
            for name, rows in path.states.items()]


@lru_cache(maxsize=4)
def _draws(seed: int, chunk: int) -> np.ndarray:
    """The noise draws of a chunk of steps (`landscape_path.noise_draws`), kept: playing reads the
    same chunk for thousands of frames, and drawing it costs half a millisecond."""
    return noise_draws(seed, chunk)


def point_lines(run: LandscapeRun, point: tuple[float, float], rate: float) -> list[tuple[str, str]]:
    """The rows for a point of the plane that the path has not stood on, against the current rate
    (the readout's title says it reads the pointer)."""
    surface, params = run.shape, run.surface_params
    x, y = point
    gx, gy = surface.gradient(x, y, params)
    hp = run.settings.optimizer
    momentum = momentum_of(hp) if isinstance(hp, SGD) else None
    return [(f"at (x, y) = {pair(x, y)}", "text"),
            (f"loss f = {sig4(float(surface.value(x, y, params)))}", "text"),
            (f"gradient ∇f = {pair(gx, gy)}", "text"), (f"rate now η = {sig4(rate)}", "text"),
            *limit_lines(run, point, rate, momentum)]


def readout_rows(run: LandscapeRun, path: Path2D | None, probe: Probe, current: int,
                 momenta: np.ndarray | None = None) -> list[tuple[str, str]]:
    """The readout for `probe`; the current step's rate is the one a point of the plane is read against."""
    if path is None:
        return [("working out the path", "focus")]
    if probe.step is not None:
        return step_lines(run, path, probe.step, momenta)
    return point_lines(run, probe.point, rate_at(path, current))
