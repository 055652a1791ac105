"""The 2-D loss landscapes an optimizer's path crosses (numpy and the standard library only).

Five surfaces, each teaching what one dimension cannot show: the zig-zag across a narrow ravine,
the curved Rosenbrock valley, two basins a rate can hop between, a river a path runs down while
bouncing between its banks, and a saddle a path lingers at. Each has its knobs (kept apart from
the schedule's), a default start, and the η₀ and T that show its lesson (docs/landscape.md gives
the measured figures).

A surface's `value`, `gradient` and `hessian` take x and y as floats or numpy arrays of one shape
(a grid for the height map), and a dict of knob values as `check_surface_params` returns it. The
formulas are written once, over a maths module: numpy for arrays, `math` for floats, so that the
path's step-by-step loop (`scalar_gradient`) runs at Python-float speed on the same arithmetic.

>>> ravine = SURFACES["ravine"]
>>> ravine.value(3.0, 0.0, check_surface_params(ravine, {"kappa": 10, "angle": 0}))
4.5
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np

from lrgame.engine.numbers import typed_number_in
from lrgame.engine.params import ConfigError, quoted

Point = tuple[float, float]
Params = Mapping[str, float]


@dataclass(frozen=True)
class Knob:
    """One knob of a surface: its name in flags and files, the words the screen shows, its range."""

    name: str
    screen_name: str
    default: float
    low: float
    high: float
    help: str = ""
    log: bool = False  # a slider spreads it evenly in log(value)


def _maths(x: Any) -> ModuleType:
    """`math` for Python floats (the path's loop), numpy for anything else (a grid, a numpy scalar)."""
    return math if isinstance(x, (float, int)) and not isinstance(x, np.generic) else np


@dataclass(frozen=True)
class Surface:
    """One landscape. Subclasses write `_value`, `_gradient` and `_hessian` over a maths module `m`
    (math or numpy) and the constants `k` that `_constants` works out once from the knob values."""

    name: str
    title: str
    formula: str
    knobs: tuple[Knob, ...]
    start: Point
    lr0: float
    epochs: int
    bounds: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax: the default plot window
    lesson: str = ""  # one plain sentence for the explain panel

    def value(self, x: Any, y: Any, params: Params) -> Any:
        """The loss f(x, y)."""
        return self._value(_maths(x), x, y, self._constants(params))

    def gradient(self, x: Any, y: Any, params: Params) -> tuple[Any, Any]:
        """(∂f/∂x, ∂f/∂y)."""
        return self._gradient(_maths(x), x, y, self._constants(params))

    def hessian(self, x: Any, y: Any, params: Params) -> np.ndarray:
        """∇²f: a 2×2 array at a point, or shape (…, 2, 2) over a grid."""
        fxx, fxy, fyy = self._hessian(_maths(x), x, y, self._constants(params))
        shape = np.broadcast(np.asarray(x), np.asarray(y)).shape  # a constant entry still fills the grid
        fxx, fxy, fyy = (np.broadcast_to(np.asarray(v, dtype=np.float64), shape) for v in (fxx, fxy, fyy))
        return np.stack([np.stack([fxx, fxy], -1), np.stack([fxy, fyy], -1)], -2)

    def minima(self, params: Params) -> list[Point]:
        """The local minima, the deepest first."""
        raise NotImplementedError

    def scalar_gradient(self, params: Params) -> Callable[[float, float], tuple[float, float]]:
        """The gradient on Python floats with the knobs bound: what the path calls every step."""
        grad, k = self._gradient, self._constants(params)
        return lambda x, y: grad(math, x, y, k)

    def _constants(self, p: Params) -> tuple[float, ...]:
        raise NotImplementedError

    def _value(self, m: ModuleType, x: Any, y: Any, k: tuple[float, ...]) -> Any:
        raise NotImplementedError

    def _gradient(self, m: ModuleType, x: Any, y: Any, k: tuple[float, ...]) -> tuple[Any, Any]:
        raise NotImplementedError

    def _hessian(self, m: ModuleType, x: Any, y: Any, k: tuple[float, ...]) -> tuple[Any, Any, Any]:
        """f_xx, f_xy, f_yy."""
        raise NotImplementedError


class Ravine(Surface):
    """f = ½(u² + κ·v²) in coordinates (u, v) turned by θ from (x, y): a quadratic whose curvature is
    1 along the ravine and κ across it, so a rate near the stability limit 2/κ zig-zags across while
    creeping along."""

    def _constants(self, p):
        theta = math.radians(p["angle"])
        return math.cos(theta), math.sin(theta), p["kappa"]

    def _value(self, m, x, y, k):
        c, s, kappa = k
        u, v = c * x + s * y, c * y - s * x
        return 0.5 * (u * u + kappa * v * v)

    def _gradient(self, m, x, y, k):
        c, s, kappa = k
        u, kv = c * x + s * y, kappa * (c * y - s * x)
        return c * u - s * kv, s * u + c * kv

    def _hessian(self, m, x, y, k):
        c, s, kappa = k
        return c * c + kappa * s * s, c * s * (1 - kappa), s * s + kappa * c * c

    def minima(self, params: Params) -> list[Point]:
        return [(0.0, 0.0)]


_RAVINE = Ravine(
    name="ravine",
    title="Ravine",
    formula="f = ½(u² + κ·v²),   u = x·cos θ + y·sin θ,   v = y·cos θ − x·sin θ",
    knobs=(
        Knob("kappa", "steepness κ", 10.0, 1.0, 1000.0, "How many times steeper the walls are than the floor.",
             log=True),
        Knob("angle", "angle θ (degrees)", 30.0, -90.0, 90.0, "Which way the ravine runs."),
    ),
    start=(-4.0, 2.5),
    lr0=0.18,
    epochs=100,
    bounds=(-5.0, 5.0, -5.0, 5.0),
    lesson="A big rate bounces from wall to wall while the noise keeps kicking; letting the rate fall lets "
    "the path sink to the bottom.",
)

SURFACES: dict[str, Surface] = {s.name: s for s in (_RAVINE,)}
"""Every surface by name, in the order the panel lists them."""
DEFAULT_SURFACE = "ravine"


def get_surface(name: object) -> Surface:
    """The surface called `name`; ConfigError naming the choices otherwise."""
    if not isinstance(name, str) or name not in SURFACES:
        raise ConfigError(f"surface={quoted(name)} is not allowed: give one of {', '.join(SURFACES)}")
    return SURFACES[name]


def default_params(surface: Surface) -> dict[str, float]:
    return {k.name: k.default for k in surface.knobs}


def check_surface_params(surface: Surface, given: Mapping[str, object]) -> dict[str, float]:
    """Every knob of `surface`: the given ones checked (numbers or their text), the rest at their
    defaults. ConfigError names the first bad knob as the screen names it."""
    knobs = {k.name: k for k in surface.knobs}
    out = default_params(surface)
    for name, value in given.items():
        knob = knobs.get(name)
        if knob is None:
            raise ConfigError(f"{quoted(name)} is not a knob of the {surface.name} surface: its knobs are "
                              f"{', '.join(knobs) or 'none'}")
        out[name] = typed_number_in(knob.screen_name, value, knob.low, knob.high)
    return out
