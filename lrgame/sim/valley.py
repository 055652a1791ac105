"""The loss landscapes the ball rolls on (numpy and the standard library only).

Every valley is written in d = x − x*, the distance from its deep floor x*:

    f(x) = s · d² · P(d) / (2·P(0)),    P(d) = ½ + b · exp(−(d − μ)² / (2w²))

With b = 0 this is the bowl, s/2 · d². With b > 0 the parabola is steeper on a band of the start
side, which raises a hill with a narrow dip just past it. Because P > 0, f > 0 everywhere except
d = 0: the floor is the one deepest point and its loss is 0, so "loss" reads as the distance above
the best. Dividing by 2·P(0) makes f″(x*) = s exactly, so sharpness means the same in every valley
and the stability limit is always 2/s.

The dip is narrower than the floor (f″ ≈ 4.5·s there, against s at the floor), and that is what
makes the rate matter: with η·s below about 0.45 the dip holds the ball, while from η·s ≈ 0.8 up to
the floor's limit of 2 a step cannot settle in the dip and the ball bounces out to the floor.
"""

from __future__ import annotations

import math
from functools import cached_property
from typing import NamedTuple

import numpy as np

from lrgame.engine.numbers import number_in
from lrgame.engine.params import ConfigError, quoted
from lrgame.engine.record import record

DEFAULT_VALLEY = "bowl"
DEFAULT_SHARPNESS = 19.5
DEFAULT_NOISE = 1.0
SHARPNESS_RANGE = (1.0, 1e6)  # wide, so even an LLM's tiny peak rate can bounce (η₀·f″ near 1.5)
NOISE_RANGE = (0.0, 5.0)

VALLEYS: dict[str, tuple[str, str]] = {
    "bowl": ("Bowl", "A smooth round bowl: one lowest point and nowhere else to get stuck."),
    "bumpy": (
        "Bumpy",
        "A valley with a small pothole on the way down: tiny steps get stuck in it, "
        "bigger steps bounce out and reach the real bottom.",
    ),
}

# The bump of P, in the same units as x: its centre μ past the floor, its width w.
_BUMP_AT = 1.6
_BUMP_WIDTH = 0.8


class _Shape(NamedTuple):
    floor_x: float
    bump: float  # b in P(d); 0 makes the plain bowl


_SHAPES = {"bowl": _Shape(floor_x=0.0, bump=0.0), "bumpy": _Shape(floor_x=-2.0, bump=2.0)}


@record
class Valley:
    """One loss landscape: a kind from VALLEYS and its sharpness s = f″ at the deep floor.

    Make one with `make_valley`, which checks both. f, df and d2f take a float (and then return a
    float) or a numpy array (and then return an array).
    """

    kind: str
    sharpness: float

    def f(self, x):
        """The loss."""
        d, p, _, _ = self._terms(x)
        return self._scale * d * d * p

    def df(self, x):
        """The slope f′: what gradient descent follows."""
        d, p, p1, _ = self._terms(x)
        return self._scale * (2.0 * d * p + d * d * p1)

    def d2f(self, x):
        """The curvature f″: a step of rate η overshoots a point where η·f″ > 1 and is pushed away
        from a minimum where η·f″ > 2."""
        d, p, p1, p2 = self._terms(x)
        return self._scale * (2.0 * p + 4.0 * d * p1 + d * d * p2)

    def scalar_slope(self):
        """f′ for one Python float, as a closure with its constants bound: the trajectory calls it
        once per epoch, so it skips the array-or-float dispatch of `df`."""
        floor, scale, b = self.floor_x, self._scale, _SHAPES[self.kind].bump
        if b == 0.0:
            k = 2.0 * scale * 0.5
            return lambda x: k * (x - floor)
        exp, mu, w = math.exp, _BUMP_AT, _BUMP_WIDTH

        def slope(x: float) -> float:
            d = x - floor
            z = (d - mu) / w
            g = b * exp(-0.5 * z * z)
            return scale * (2.0 * d * (0.5 + g) + d * d * (-z / w * g))

        return slope

    def scalar_loss(self):
        """f for one Python float, as a closure like `scalar_slope`: a loss-driven rate needs the
        loss after every epoch, in the same tight loop."""
        floor, scale, b = self.floor_x, self._scale, _SHAPES[self.kind].bump
        if b == 0.0:
            return lambda x: scale * (x - floor) * (x - floor) * 0.5
        exp, mu, w = math.exp, _BUMP_AT, _BUMP_WIDTH

        def loss(x: float) -> float:
            d = x - floor
            z = (d - mu) / w
            return scale * d * d * (0.5 + b * exp(-0.5 * z * z))

        return loss

    @property
    def floor_x(self) -> float:
        return _SHAPES[self.kind].floor_x

    @property
    def floor_loss(self) -> float:
        return float(self.f(self.floor_x))

    @property
    def stability_limit(self) -> float:
        """2 / f″(floor_x): the largest constant rate at which the floor still holds the ball.

        Equal to 2/s because s is f″ at the floor by construction.
        """
        return 2.0 / self.sharpness

    @property
    def domain(self) -> tuple[float, float]:
        """The x range to draw."""
        return (-4.0, 4.0)

    @property
    def start_x(self) -> float:
        """Where the ball starts: high on the wall, beyond the bumpy valley's dip."""
        return 3.0

    @cached_property
    def _scale(self) -> float:
        """s / (2·P(0)), the factor that makes f″(floor) = s."""
        return self.sharpness / (2.0 * self._p_terms(0.0)[0])

    def _terms(self, x):
        d = x - self.floor_x
        return (d, *self._p_terms(d))

    def _p_terms(self, d):
        """P(d), P′(d), P″(d). A Python float goes through math.exp, not numpy: the trajectory
        calls this once per epoch in a tight loop."""
        b = _SHAPES[self.kind].bump
        z = (d - _BUMP_AT) / _BUMP_WIDTH
        g = b * (math.exp if isinstance(z, float) else np.exp)(-0.5 * z * z)
        return 0.5 + g, -z / _BUMP_WIDTH * g, (z * z - 1.0) / _BUMP_WIDTH**2 * g


def make_valley(kind: str = DEFAULT_VALLEY, sharpness: object = DEFAULT_SHARPNESS) -> Valley:
    """A checked Valley; raise ConfigError naming the bad parameter, its value and what is allowed."""
    if not isinstance(kind, str) or kind not in VALLEYS:
        raise ConfigError(f"valley={quoted(kind)} is not allowed: give one of {', '.join(VALLEYS)}")
    return Valley(kind, number_in("sharpness", sharpness, *SHARPNESS_RANGE))
