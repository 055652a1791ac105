"""One-cycle: climb from η₀/div_factor up to the peak η₀, then fall far below the start
(PyTorch's OneCycleLR, Smith & Topin's super-convergence)."""

from __future__ import annotations

import numpy as np

from lrgame.engine.params import ConfigError, ParamSpec, RunContext, Value
from lrgame.engine.schedules.family import Args, Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.momentum import WORDS, momentum_args, momentum_params
from lrgame.engine.schedules.torch_code import call


def _phases(epochs: int, pct_start: float, three_phase: bool) -> list[float]:
    up_end = float(pct_start * epochs) - 1
    if three_phase:
        return [up_end, float(2 * pct_start * epochs) - 2, epochs - 1]
    return [up_end, epochs - 1]


def _anneal(epochs: int, pct_start: float, anneal_strategy: str, three_phase: bool, points: list[float]) -> Curve:
    """From points[i] to points[i + 1] over phase i, as PyTorch anneals both the rate and the momentum."""
    ends = _phases(epochs, pct_start, three_phase)
    begins = np.asarray([0.0, *ends[:-1]])
    spans = np.asarray(ends) - begins
    start, end = np.asarray(points[:-1]), np.asarray(points[1:])
    # Per-phase constants, so the array work is one gather each (PyTorch computes them as scalars).
    half_drop, rise = (start - end) / 2.0, end - start

    def f(t: np.ndarray) -> np.ndarray:
        # PyTorch's last valid step is T−1; at t = T it would extrapolate (below 0 when linear), so hold.
        x = np.minimum(t, ends[-1])
        i = np.zeros(t.shape, dtype=np.intp)  # phase of t: the number of phase ends it is past
        for phase_end in ends[:-1]:
            i += x > phase_end
        # PyTorch's formulas, evaluated in place: fresh temporaries cost more than the arithmetic.
        x -= begins[i]
        x /= spans[i]  # pct
        if anneal_strategy == "cos":  # end + (start − end)/2 · (cos(π·pct) + 1)
            x *= np.pi
            np.cos(x, out=x)
            x += 1
            x *= half_drop[i]
            x += end[i]
        else:  # (end − start) · pct + start
            x *= rise[i]
            x += start[i]
        return x

    return f


def one_cycle(
    lr0: float,
    epochs: int,
    pct_start: float,
    anneal_strategy: str,
    div_factor: float,
    final_div_factor: float,
    three_phase: bool,
) -> Curve:
    initial = lr0 / div_factor
    floor = initial / final_div_factor
    rates = [initial, lr0, initial, floor] if three_phase else [initial, lr0, floor]
    return _anneal(epochs, pct_start, anneal_strategy, three_phase, rates)


def one_cycle_momentum(lr0: float, epochs: int, *, pct_start: float, anneal_strategy: str, three_phase: bool,
                       base_momentum: float, max_momentum: float, **_rate_only: Value) -> Curve:
    """Down from max_momentum to base_momentum while the rate climbs, back up while it falls (and
    held at the top through a third phase), as OneCycleLR(cycle_momentum=True) writes it."""
    top, base = max_momentum, base_momentum
    return _anneal(epochs, pct_start, anneal_strategy, three_phase, [top, base, top, top] if three_phase
                   else [top, base, top])


def _check_phases(p: dict[str, Value], ctx: RunContext) -> None:
    ends = _phases(ctx.epochs, float(p["pct_start"]), bool(p["three_phase"]))
    begins = [0.0, *ends[:-1]]
    if any(e <= b for b, e in zip(begins, ends, strict=True)):
        raise ConfigError(
            f"pct_start={p['pct_start']!r} leaves a phase of the cycle with no epochs at T={ctx.epochs}: "
            "raise pct_start or T (each phase needs at least one epoch)"
        )


def _pytorch(lr0: float, total: int, p: Args) -> str:
    names = ("pct_start", "anneal_strategy", "div_factor", "final_div_factor", "three_phase")
    return call("scheduler", "OneCycleLR", max_lr=lr0, total_steps=total, **{n: p[n] for n in names},
                **momentum_args(p))


SCHEDULE = Schedule(
    "one_cycle", "One-cycle", "Climb from η₀/div_factor up to η₀, then fall far below the start.",
    (
        ParamSpec("pct_start", "pct_start (rise)", "real", 0.3, "Share of the run spent climbing.",
                  lo=0.0, hi=1.0, lo_open=True),
        ParamSpec("anneal_strategy", "anneal shape", "choice", "cos", "cos: smooth S-curves; linear: straight lines.",
                  choices=("cos", "linear")),
        ParamSpec("div_factor", "div_factor", "real", 25.0, "The cycle starts at η₀ / div_factor.",
                  lo=1.0, hi=1e4, log=True),
        ParamSpec("final_div_factor", "final_div_factor", "real", 1e4,
                  "The cycle ends at η₀ / div_factor / final_div_factor.", lo=1.0, hi=1e6, log=True),
        ParamSpec("three_phase", "three phases", "bool", False,
                  "Come back down to the start before the final fall.", choices=("false", "true")),
        *momentum_params(0.85, 0.95),
    ),
    one_cycle,
    Explanation(
        formula("η climbs from η", "_0", "/d to η", "_0", ", then falls to η", "_0", "/(d·f)"),
        {"pct_start": "The share of the run spent climbing.",
         "anneal_strategy": {"cos": "The climb and the fall are smooth S-shaped cosine curves.",
                             "linear": "The climb and the fall are straight lines."},
         "div_factor": "The start is η₀ divided by this (d).",
         "final_div_factor": "The end is the start divided by this (f): far below where it began.",
         "three_phase": {False: "Two phases: climb to η₀, then fall all the way to the end.",
                         True: "Three phases: climb to η₀, come back down to the start, then make the final fall."},
         **WORDS},
        "Fast training with a big peak rate: the climb explores, the long fall settles.",
        "η₀ here is the peak, not the start: pick it with a range test, or the middle of the run blows up.",
    ),
    _pytorch,
    caption="One-cycle: climb to a big rate, then fall far below where it started.",
    cross_check=_check_phases,
    pytorch_lr_note="# OneCycleLR replaces this lr at once with max_lr / div_factor.",
    ends="near zero",
    exact_at_end=False,
    momentum=one_cycle_momentum,
)
