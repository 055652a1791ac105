"""Momentum co-schedules: the knobs one-cycle and cyclic share with PyTorch's OneCycleLR and CyclicLR.

Both schedulers take `cycle_momentum=True` by default and then write the optimizer's momentum (SGD's
`momentum`, Adam's β₁) at every step, between `base_momentum` and `max_momentum`, opposite to the
rate: the momentum is lowest where the rate peaks. A family module that does this adds
`momentum_params(base, top)` to its knobs and a `momentum` factory to its `Schedule`; the registry
keeps these knobs away from the rate's factory (`rate_knobs`) and gives the momentum curve beside the
rate curve (`schedules.momentum_curve`). Whether the momentum is driven in a run also depends on the
optimizer (plain SGD has none to drive): the layers above decide that.
"""

from __future__ import annotations

from collections.abc import Mapping

from lrgame.engine.params import ParamSpec, Value

KNOBS = ("cycle_momentum", "base_momentum", "max_momentum")
RANGE = ("base_momentum", "max_momentum")
"""Shown where the optimizer's momentum is set, not among the schedule's knobs: they replace it."""
MOMENTUM_RANGE = (0.0, 0.999)  # β₁ must stay below 1, and a momentum of 1 or more never settles

_LOWEST = "The momentum at the rate's peak: its lowest."
_HIGHEST = "The momentum where the rate is lowest: its highest."
WORDS: dict[str, str | dict[Value, str]] = {
    "cycle_momentum": {True: "Move the momentum (Adam's β₁) opposite to the rate.",
                       False: "Leave the momentum (Adam's β₁) where the optimizer sets it: only the rate moves."},
    "base_momentum": _LOWEST,
    "max_momentum": _HIGHEST,
}


def momentum_params(base: float, top: float) -> tuple[ParamSpec, ...]:
    """The three knobs with the defaults of the PyTorch scheduler in question."""
    lo, hi = MOMENTUM_RANGE
    return (
        ParamSpec("cycle_momentum", "cycle β", "bool", True,
                  "Drive the optimizer's momentum (or Adam's β₁) opposite to the rate; plain SGD has none to drive.",
                  choices=("false", "true")),
        ParamSpec("base_momentum", "base_momentum", "real", base, _LOWEST, lo=lo, hi=hi),
        ParamSpec("max_momentum", "max_momentum", "real", top, _HIGHEST, lo=lo, hi=hi),
    )


def rate_knobs(params: Mapping[str, Value]) -> dict[str, Value]:
    """The knobs that shape the rate: all but the momentum's."""
    return {k: v for k, v in params.items() if k not in KNOBS}


def momentum_args(p: Mapping[str, Value]) -> dict[str, Value]:
    """The scheduler's keyword arguments for the momentum, as the run uses it: `cycle_momentum` is
    whether the momentum is driven (the export sets it False for an optimizer without momentum),
    and the range only then."""
    if not p["cycle_momentum"]:
        return {"cycle_momentum": False}
    return {"cycle_momentum": True, "base_momentum": p["base_momentum"], "max_momentum": p["max_momentum"]}
