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

import functools
import math
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

import numpy as np

from lrgame.engine.numbers import typed_number_in
from lrgame.engine.params import ConfigError, quoted
from lrgame.engine.record import record

Point = tuple[float, float]
Params = Mapping[str, float]


@record
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


@record
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
    noise: float = 1.0  # the gradient noise applied with η₀ and T when the surface is chosen
    where: str = ""  # the formula's fixed numbers, for the explain panel
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
        if isinstance(x, float) and isinstance(y, float):  # one point (the readout's, every step): no broadcasting
            return np.array([[fxx, fxy], [fxy, fyy]], dtype=np.float64)
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


class Rosenbrock(Surface):
    """f = (a − x)² + b·(y − x²)²: a curved, flat-floored valley (the "banana") with steep walls; the
    minimum (a, a²) sits at its far end. The walls' curvature (about 2b·(1 + 4x²)) sets the rate
    limit; the floor's, far smaller, sets how slowly a safe rate crawls along it."""

    def _constants(self, p):
        return p["a"], p["b"]

    def _value(self, m, x, y, k):
        a, b = k
        r = y - x * x
        return (a - x) * (a - x) + b * r * r

    def _gradient(self, m, x, y, k):
        a, b = k
        r = y - x * x
        return -2.0 * (a - x) - 4.0 * b * x * r, 2.0 * b * r

    def _hessian(self, m, x, y, k):
        a, b = k
        return 2.0 - 4.0 * b * (y - x * x) + 8.0 * b * x * x, -4.0 * b * x, 2.0 * b

    def minima(self, params: Params) -> list[Point]:
        a = params["a"]
        return [(a, a * a)]


class Saddle(Surface):
    """f = x⁴/4 − x²/2 + c·y²/2 + ¼: a saddle at the origin (a pass between two hollows), minima at
    (±1, 0) with loss 0. Near the saddle the slope sideways is about −x, so a path that arrives close
    to x = 0 creeps away by a factor (1 + η) a step: a small rate, or no noise, lingers there."""

    def _constants(self, p):
        return (p["c"],)

    def _value(self, m, x, y, k):
        x2 = x * x
        return 0.25 * x2 * x2 - 0.5 * x2 + 0.5 * k[0] * y * y + 0.25

    def _gradient(self, m, x, y, k):
        return x * x * x - x, k[0] * y

    def _hessian(self, m, x, y, k):
        return 3.0 * x * x - 1.0, 0.0, k[0]

    def minima(self, params: Params) -> list[Point]:
        return [(1.0, 0.0), (-1.0, 0.0)]


# The basins' fixed parts: the bowl's curvature, and the wide shallow well's centre, depth and width;
# the narrow deep well's centre (its depth and width are knobs).
_BOWL = 0.1
_WIDE_AT, _WIDE_DEPTH, _WIDE_WIDTH = (-2.0, 1.2), 0.8, 1.5
_NARROW_AT = (2.0, -1.2)


class Basins(Surface):
    """f = q·(x² + y²)/2 − D₁·G₁ − D₂·G₂ + f₀,  Gᵢ = exp(−|p − cᵢ|² / 2wᵢ²): a gentle bowl with two
    round wells, a wide shallow one near the start and a narrow deep one, f₀ making the deepest
    point 0. With noise, a step of rate η is kicked about like a ball at temperature ~η·noise²/2:
    a large rate hops over the shallow well's low rim but not out of the deep well, a small one
    stays where it is."""

    def _constants(self, p):
        """Per well its centre, depth D, spread 1/2w² and pull 2D/2w² (the path's loop multiplies
        rather than divides), then f₀."""
        return _basin_constants(p["depth"], p["width"])

    def _value(self, m, x, y, k):
        ax, ay, ad, a_spread, _, bx, by, bd, b_spread, _, f0 = k
        wide = ad * m.exp(-((x - ax) * (x - ax) + (y - ay) * (y - ay)) * a_spread)
        narrow = bd * m.exp(-((x - bx) * (x - bx) + (y - by) * (y - by)) * b_spread)
        return 0.5 * _BOWL * (x * x + y * y) - wide - narrow + f0

    def _gradient(self, m, x, y, k):
        ax, ay, _, a_spread, a_pull, bx, by, _, b_spread, b_pull, _ = k
        dx, dy, ex, ey = x - ax, y - ay, x - bx, y - by
        a = a_pull * m.exp(-(dx * dx + dy * dy) * a_spread)
        b = b_pull * m.exp(-(ex * ex + ey * ey) * b_spread)
        return _BOWL * x + a * dx + b * ex, _BOWL * y + a * dy + b * ey

    def _hessian(self, m, x, y, k):
        fxx, fxy, fyy = _BOWL, 0.0, _BOWL
        for cx, cy, _, spread, pull in (k[0:5], k[5:10]):
            dx, dy = x - cx, y - cy
            g = pull * m.exp(-(dx * dx + dy * dy) * spread)
            fxx = fxx + g * (1.0 - 2.0 * spread * dx * dx)
            fxy = fxy - g * 2.0 * spread * dx * dy
            fyy = fyy + g * (1.0 - 2.0 * spread * dy * dy)
        return fxx, fxy, fyy

    def minima(self, params: Params) -> list[Point]:
        k = self._constants(params)
        return sorted(_bottoms(k[:10]), key=lambda p: self._value(math, p[0], p[1], k))


@functools.lru_cache(maxsize=64)
def _basin_constants(depth: float, width: float) -> tuple[float, ...]:
    """`Basins._constants`: f₀ lifts the deepest bottom to 0."""
    wells: tuple[float, ...] = ()
    for (cx, cy), d, w in ((_WIDE_AT, _WIDE_DEPTH, _WIDE_WIDTH), (_NARROW_AT, depth, width)):
        wells += (cx, cy, d, 1.0 / (2.0 * w * w), d / (w * w))
    return (*wells, -min(_BASINS._value(math, x, y, (*wells, 0.0)) for x, y in _bottoms(wells)))


@functools.lru_cache(maxsize=64)
def _bottoms(wells: tuple[float, ...]) -> tuple[Point, ...]:
    """The bottom of each well: downhill from its centre, a Newton step where the surface curves up
    and that step goes down (or the bottom is near), else a gradient step halved until it does; one entry per bottom."""
    k = (*wells, 0.0)
    out: list[Point] = []
    f = functools.partial(_BASINS._value, math, k=k)
    for x, y in (wells[0:2], wells[5:7]):
        for _ in range(500):
            gx, gy = _BASINS._gradient(math, x, y, k)
            if math.hypot(gx, gy) < 1e-13:
                break
            a, b, d = _BASINS._hessian(math, x, y, k)
            det = a * d - b * b
            here = f(x, y)
            if a > 0 and det > 0:
                nx, ny = x - (d * gx - b * gy) / det, y - (a * gy - b * gx) / det
                if f(nx, ny) <= here or math.hypot(gx, gy) < 1e-6:  # near the bottom f is flat to rounding
                    x, y = nx, ny
                    continue
            step = 1.0
            while f(x - step * gx, y - step * gy) >= here and step > 1e-12:
                step /= 2
            x, y = x - step * gx, y - step * gy
        if all(math.hypot(x - u, y - v) > 1e-6 for u, v in out):
            out.append((x, y))
    return tuple(out)


# The river's bed: y = A·sin(ω·x), ending in a lake at x = L.
_BED_AMPLITUDE, _BED_FREQUENCY, _LAKE_X = 0.6, 0.5, 4.0


class River(Surface):
    """f = s·(√(1 + (x − L)²) − 1) + ½·c·(y − r(x))²,  r(x) = A·sin(ω·x): a river bed winding down a
    gentle slope s to a lake at x = L, between banks of steepness c. A rate near the banks' limit
    (about 2/c) bounces from bank to bank, which keeps the loss high, yet runs down the river fast;
    decaying it lets the path sink onto the bed, and the loss drops at once (Wen et al., 2024)."""

    def _constants(self, p):
        return p["slope"], p["steep"]

    def _value(self, m, x, y, k):
        s, c = k
        d, across = x - _LAKE_X, y - _BED_AMPLITUDE * m.sin(_BED_FREQUENCY * x)
        return s * (m.sqrt(1.0 + d * d) - 1.0) + 0.5 * c * across * across

    def _gradient(self, m, x, y, k):
        s, c = k
        d, w = x - _LAKE_X, _BED_FREQUENCY * x
        pull = c * (y - _BED_AMPLITUDE * m.sin(w))
        return s * d / m.sqrt(1.0 + d * d) - pull * _BED_AMPLITUDE * _BED_FREQUENCY * m.cos(w), pull

    def _hessian(self, m, x, y, k):
        s, c = k
        d, w = x - _LAKE_X, _BED_FREQUENCY * x
        across = y - _BED_AMPLITUDE * m.sin(w)
        bend = _BED_AMPLITUDE * _BED_FREQUENCY * m.cos(w)  # r′(x)
        curl = -_BED_AMPLITUDE * _BED_FREQUENCY**2 * m.sin(w)  # r″(x)
        q = 1.0 + d * d
        return s / (q * m.sqrt(q)) + c * (bend * bend - across * curl), -c * bend, c

    def minima(self, params: Params) -> list[Point]:
        return [(_LAKE_X, river_bed(_LAKE_X))]


def river_bed(x: Any) -> Any:
    """r(x): the height of the river's bed at x."""
    return _BED_AMPLITUDE * _maths(x).sin(_BED_FREQUENCY * x)


def river_coordinates(x: Any, y: Any) -> tuple[Any, Any]:
    """A point as (along, across): how far down the river it is (x − L, so 0 at the lake and negative
    upstream) and how far above the bed (y − r(x), 0 on the bed). The loss is s·(√(1 + along²) − 1)
    + ½·c·across², the sum of a part along and a part across."""
    return x - _LAKE_X, y - river_bed(x)


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

_ROSENBROCK = Rosenbrock(
    name="rosenbrock",
    title="Banana valley (Rosenbrock)",
    formula="f = (a − x)² + b·(y − x²)²",
    knobs=(
        Knob("a", "end of the valley a", 1.0, 0.25, 2.0, "The lowest point is at x = a, y = a²."),
        Knob("b", "steepness of the walls b", 100.0, 1.0, 1000.0, "How steep the valley's sides are.", log=True),
    ),
    start=(-1.2, 1.0),
    lr0=0.0018,
    epochs=2000,
    bounds=(-2.0, 2.0, -1.0, 3.0),
    lesson="The walls allow only a tiny rate, and at that rate the path crawls along the curved floor; "
    "momentum carries it much further.",
)
_BASINS = Basins(
    name="basins",
    title="Two basins",
    formula="f = q·(x² + y²)/2 − D₁·G₁ − D₂·G₂ + f₀,   Gᵢ = exp(−|p − cᵢ|² / 2wᵢ²)",
    knobs=(
        Knob("depth", "depth of the narrow basin D₂", 3.0, 1.0, 5.0, "How deep the narrow basin is."),
        Knob("width", "width of the narrow basin w₂", 0.9, 0.5, 1.2, "How wide the narrow basin is."),
    ),
    start=(-4.0, 3.0),
    lr0=0.4,
    epochs=1000,
    bounds=(-5.0, 5.0, -4.0, 4.0),
    where=f"q = {_BOWL:g};  the wide basin: c₁ = ({_WIDE_AT[0]:g}, {_WIDE_AT[1]:g}), D₁ = {_WIDE_DEPTH:g}, "
    f"w₁ = {_WIDE_WIDTH:g};  the narrow one: c₂ = ({_NARROW_AT[0]:g}, {_NARROW_AT[1]:g})",
    lesson="A small rate stays in the first, shallow basin; a large rate lets the noise kick the path over "
    "its rim into the deep one, and once the rate falls the path settles there.",
)
_RIVER = River(
    name="river",
    title="River valley",
    formula="f = s·(√(1 + (x − L)²) − 1) + ½·c·(y − A·sin ωx)²",
    knobs=(
        Knob("slope", "slope along the river s", 0.1, 0.02, 1.0, "How fast the river bed falls towards the lake."),
        Knob("steep", "steepness across c", 20.0, 1.0, 100.0, "How steep the river's banks are.", log=True),
    ),
    start=(-5.0, 0.6),  # about 1 above the bed
    lr0=0.085,
    epochs=300,
    bounds=(-6.0, 6.0, -3.0, 3.0),
    where=f"A = {_BED_AMPLITUDE:g}, ω = {_BED_FREQUENCY:g}, L = {_LAKE_X:g}",
    lesson="A big rate bounces between the banks, so the loss stays high, but it runs down the river fast; "
    "when the rate drops at the end the path sinks onto the bed and the loss falls at once.",
)
_SADDLE = Saddle(
    name="saddle",
    title="Saddle",
    formula="f = x⁴/4 − x²/2 + c·y²/2 + ¼",
    knobs=(Knob("c", "steepness across c", 1.0, 0.1, 10.0, "How steeply the pass rises in y.", log=True),),
    start=(0.001, 2.0),
    lr0=0.1,
    epochs=150,
    bounds=(-2.0, 2.0, -2.5, 2.5),
    noise=0.01,  # the valley's 1.0 would throw the path off the pass before it got there
    lesson="The path slides down to the pass and waits there: the slope sideways is almost flat. "
    "Noise, or a bigger rate, gets it off sooner.",
)

SURFACES: dict[str, Surface] = {s.name: s for s in (_RAVINE, _ROSENBROCK, _BASINS, _RIVER, _SADDLE)}
"""Every surface by name, in the order the panel lists them."""
DEFAULT_SURFACE = "ravine"

KNOB_KEY = "surface."
"""A knob's key in the panel and in refusals: surface.<knob name> (on the command line,
--surface-param <knob name>), apart from the schedule's knobs of the same name."""

SCREEN_NAMES: dict[str, str] = {KNOB_KEY + k.name: k.screen_name for s in SURFACES.values() for k in s.knobs}
"""Each knob's key and the words the screen shows for it (a knob of one name has the same words on
every surface it belongs to: a test checks), for `engine.wording.worded`."""


def get_surface(name: object) -> Surface:
    """The surface called `name`; ConfigError naming the choices otherwise."""
    if not isinstance(name, str) or name not in SURFACES:
        raise ConfigError(f"surface={quoted(name)} is not allowed: give one of {', '.join(SURFACES)}")
    return SURFACES[name]


def default_params(surface: Surface) -> dict[str, float]:
    return {k.name: k.default for k in surface.knobs}


def check_surface_params(surface: Surface, given: Mapping[str, object]) -> dict[str, float]:
    """Every knob of `surface`: the given ones checked (numbers or their text), the rest at their
    defaults (−0 as 0). ConfigError names the first bad knob by its key (surface.kappa), for
    `engine.wording.worded` to name it as the screen or the command line does."""
    knobs = {k.name: k for k in surface.knobs}
    out = default_params(surface)
    for name, value in given.items():
        knob = knobs.get(name)
        if knob is None:
            raise ConfigError(f"{quoted(name)} is not a knob of the {surface.name} surface: its knobs are "
                              f"{', '.join(knobs) or 'none'}")
        out[name] = typed_number_in(KNOB_KEY + name, value, knob.low, knob.high) + 0.0
    return out
