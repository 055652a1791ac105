"""The schedule engine: a registry of learning-rate schedules as pure, vectorised functions.

Each factory checks nothing itself (the registry's specs have already done that) and returns a
small function of an epoch array. The numbers and parameter names are PyTorch's
(`torch.optim.lr_scheduler`) or, for warmup-cosine, inverse-sqrt and WSD, Hugging Face
transformers'. Where PyTorch computes a rate by repeated multiplication (step, multistep,
exponential) the engine multiplies in the same order, so it lands on the same floats.

>>> curve("step", lr0=0.1, epochs=6, step_size=2, gamma=0.5).tolist()
[0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from lrgame.engine.params import ConfigError, ParamSpec, RunContext, Value, check_epochs, check_lr0
from lrgame.engine.plateau import PLATEAU_PARAMS

Curve = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Schedule:
    """A registry entry: everything the panel, CLI, export and docs need to know."""

    name: str
    label: str
    description: str
    params: tuple[ParamSpec, ...]
    factory: Callable[..., Curve]
    cross_check: Callable[[dict[str, Value], RunContext], None] = field(default=lambda p, c: None)

    def spec(self, name: str) -> ParamSpec:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise ConfigError(f"{self.name} has no parameter {name!r}: its parameters are {known}")


# ---- shared specs ------------------------------------------------------------------------------


def _gamma(default: float, help_: str) -> ParamSpec:
    return ParamSpec("gamma", "γ (decay factor)", "real", default, help_, lo=0.0, hi=1.0, lo_open=True)


def _eta_min() -> ParamSpec:
    return ParamSpec(
        "eta_min", "η_min (floor)", "real", 0.0, "The lowest rate the cosine reaches.",
        lo=0.0, bound="lr0",
    )


def _epochs_param(name: str, label: str, default: Callable[[RunContext], int], help_: str, lo: int = 1) -> ParamSpec:
    return ParamSpec(name, label, "int", default, help_, lo=lo, bound="epochs", unit="epochs")


def _frac(ctx: RunContext, f: float, lo: int = 1) -> int:
    """A default that is a fraction of the run, at least `lo` and at most T."""
    return min(ctx.epochs, max(lo, round(ctx.epochs * f)))


# ---- closed-form curves -------------------------------------------------------------------------


def _cosine_between(lr0: float, eta_min: float, frac: np.ndarray) -> np.ndarray:
    """η_min + (η₀ − η_min)·(1 + cos πf)/2: the half-cosine every cosine schedule uses."""
    return eta_min + (lr0 - eta_min) * (1.0 + np.cos(np.pi * frac)) / 2.0


def _levels(lr0: float, factors: np.ndarray) -> np.ndarray:
    """η₀, η₀·f₁, η₀·f₁·f₂, …: multiplied one after another, exactly as PyTorch does."""
    return np.cumprod(np.concatenate(([lr0], factors)))


def _constant(lr0: float, epochs: int, factor: float, total_iters: int) -> Curve:
    return lambda t: lr0 * np.where(t < total_iters, factor, 1.0)


def _step(lr0: float, epochs: int, step_size: int, gamma: float) -> Curve:
    def f(t: np.ndarray) -> np.ndarray:
        k = t.astype(np.int64) // step_size
        return _levels(lr0, np.full(int(k.max(initial=0)), gamma))[k]

    return f


def _multistep(lr0: float, epochs: int, milestones: tuple[int, ...], gamma: float) -> Curve:
    marks, counts = np.unique(np.asarray(milestones, dtype=np.int64), return_counts=True)
    table = _levels(lr0, gamma ** counts.astype(np.float64))
    return lambda t: table[np.searchsorted(marks, t, side="right")]


def _exponential(lr0: float, epochs: int, gamma: float) -> Curve:
    def f(t: np.ndarray) -> np.ndarray:
        k = t.astype(np.int64)
        return _levels(lr0, np.full(int(k.max(initial=0)), gamma))[k]

    return f


def _cosine(lr0: float, epochs: int, T_max: int, eta_min: float) -> Curve:
    return lambda t: _cosine_between(lr0, eta_min, t / T_max)


def _cosine_restarts(lr0: float, epochs: int, T_0: int, T_mult: int, eta_min: float) -> Curve:
    if T_mult == 1:
        return lambda t: _cosine_between(lr0, eta_min, (t % T_0) / T_0)
    lengths = [T_0]
    while sum(lengths) <= epochs:
        lengths.append(lengths[-1] * T_mult)
    period = np.asarray(lengths, dtype=np.float64)
    starts = np.concatenate(([0.0], np.cumsum(period)[:-1]))

    def f(t: np.ndarray) -> np.ndarray:
        k = np.searchsorted(starts, t, side="right") - 1
        return _cosine_between(lr0, eta_min, (t - starts[k]) / period[k])

    return f


def _linear(lr0: float, epochs: int, start_factor: float, end_factor: float, total_iters: int) -> Curve:
    slope = (end_factor - start_factor) / total_iters
    return lambda t: lr0 * (start_factor + slope * np.minimum(t, total_iters))


def _polynomial(lr0: float, epochs: int, total_iters: int, power: float) -> Curve:
    return lambda t: lr0 * (1.0 - np.minimum(t, total_iters) / total_iters) ** power


def _one_cycle_phases(epochs: int, pct_start: float, three_phase: bool) -> list[float]:
    up_end = float(pct_start * epochs) - 1
    if three_phase:
        return [up_end, float(2 * pct_start * epochs) - 2, epochs - 1]
    return [up_end, epochs - 1]


def _one_cycle(
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
    ends = _one_cycle_phases(epochs, pct_start, three_phase)
    begins = np.asarray([0.0, *ends[:-1]])
    spans = np.asarray(ends) - begins
    rates = [initial, lr0, initial, floor] if three_phase else [initial, lr0, floor]
    start_lr, end_lr = np.asarray(rates[:-1]), np.asarray(rates[1:])
    # Per-phase constants, so the array work is one gather each (PyTorch computes them as scalars).
    half_drop, rise = (start_lr - end_lr) / 2.0, end_lr - start_lr

    def f(t: np.ndarray) -> np.ndarray:
        # PyTorch's last valid step is T−1; at t = T it would extrapolate (below 0 when linear), so hold.
        x = np.minimum(t, ends[-1])
        i = np.zeros(t.shape, dtype=np.intp)  # phase of t: the number of phase ends it is past
        for end in ends[:-1]:
            i += x > end
        # PyTorch's formulas, evaluated in place: fresh temporaries cost more than the arithmetic.
        x -= begins[i]
        x /= spans[i]  # pct
        if anneal_strategy == "cos":  # end + (start − end)/2 · (cos(π·pct) + 1)
            x *= np.pi
            np.cos(x, out=x)
            x += 1
            x *= half_drop[i]
            x += end_lr[i]
        else:  # (end − start) · pct + start
            x *= rise[i]
            x += start_lr[i]
        return x

    return f


def _cyclic(
    lr0: float,
    epochs: int,
    base_lr: float,
    step_size_up: int,
    step_size_down: int,
    mode: str,
    gamma: float,
) -> Curve:
    total = float(step_size_up + step_size_down)
    ratio = step_size_up / total

    def f(t: np.ndarray) -> np.ndarray:
        cycle = np.floor(1 + t / total)
        x = 1.0 + t / total - cycle
        scale = np.where(x <= ratio, x / ratio, (x - 1) / (ratio - 1))
        height = (lr0 - base_lr) * scale
        if mode == "triangular2":
            return base_lr + height * (1 / (2.0 ** (cycle - 1)))
        if mode == "exp_range":
            return base_lr + height * gamma**t
        return base_lr + height * 1.0

    return f


def _warmup_cosine(
    lr0: float, epochs: int, warmup_epochs: int, start_factor: float, eta_min: float, decay_epochs: int
) -> Curve:
    w = warmup_epochs
    length = decay_epochs or epochs - w

    def f(t: np.ndarray) -> np.ndarray:
        warm = lr0 * (start_factor + (1.0 - start_factor) * t / max(w, 1))
        cosine = _cosine_between(lr0, eta_min, (t - w) / length)
        if decay_epochs:  # a cosine that ends early, then holds the floor (GPT-3's recipe)
            cosine = np.where(t >= w + length, eta_min, cosine)
        return np.where(t < w, warm, cosine)

    return f


def _inverse_sqrt(lr0: float, epochs: int, warmup_epochs: int) -> Curve:
    w = warmup_epochs
    timescale = w or 10_000
    shift = timescale - w

    def f(t: np.ndarray) -> np.ndarray:
        decay = 1.0 / np.sqrt(np.maximum(t + shift, 1) / timescale)
        return lr0 * np.where(t < w, t / max(1, w), decay)

    return f


def _noam(lr0: float, epochs: int, warmup_epochs: int) -> Curve:
    w = float(warmup_epochs)
    return lambda t: lr0 * np.sqrt(w) * np.minimum((t + 1) ** -0.5, (t + 1) * w**-1.5)


_SHAPES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "linear": lambda p: p,
    "cosine": lambda p: 0.5 * (1.0 - np.cos(np.pi * p)),
    "1-sqrt": lambda p: 1.0 - np.sqrt(1.0 - p),
}


def _wsd(
    lr0: float,
    epochs: int,
    warmup_epochs: int,
    decay_epochs: int,
    warmup_type: str,
    decay_type: str,
    min_lr_ratio: float,
) -> Curve:
    w, d = warmup_epochs, decay_epochs
    stable_end = epochs - d
    decay_shapes = {
        "linear": lambda p: 1.0 - p,
        "cosine": lambda p: 0.5 * (1.0 + np.cos(np.pi * 0.5 * 2.0 * p)),
        "1-sqrt": lambda p: 1.0 - np.sqrt(p),
    }

    def f(t: np.ndarray) -> np.ndarray:
        up = _SHAPES[warmup_type](np.clip(t / max(1, w), 0.0, 1.0))
        down = decay_shapes[decay_type](np.clip((t - stable_end) / max(1, d), 0.0, 1.0))
        ramp = np.where(t < w, up, down)
        factor = np.maximum(0.0, ramp * (1.0 - min_lr_ratio) + min_lr_ratio)
        factor = np.where((t >= w) & (t < stable_end), 1.0, factor)
        return lr0 * np.where(t >= epochs, min_lr_ratio, factor)

    return f


# ---- cross-parameter rules -----------------------------------------------------------------------


def _check_one_cycle(p: dict[str, Value], ctx: RunContext) -> None:
    ends = _one_cycle_phases(ctx.epochs, float(p["pct_start"]), bool(p["three_phase"]))
    begins = [0.0, *ends[:-1]]
    if any(e <= b for b, e in zip(begins, ends, strict=True)):
        raise ConfigError(
            f"pct_start={p['pct_start']!r} leaves a phase of the cycle with no epochs at T={ctx.epochs}: "
            "raise pct_start or T (each phase needs at least one epoch)"
        )


def _check_warmup_below_run(p: dict[str, Value], ctx: RunContext) -> None:
    if int(p["warmup_epochs"]) >= ctx.epochs:
        raise ConfigError(
            f"warmup_epochs={p['warmup_epochs']!r} is not allowed: the warmup must end before the run does "
            f"(at most T−1 = {ctx.epochs - 1})"
        )
    if int(p.get("decay_epochs", 0)) + int(p["warmup_epochs"]) > ctx.epochs:
        raise ConfigError(
            f"warmup_epochs={p['warmup_epochs']!r} plus decay_epochs={p['decay_epochs']!r} is more than the run: "
            f"together they must be at most T = {ctx.epochs}"
        )


def _check_wsd(p: dict[str, Value], ctx: RunContext) -> None:
    if int(p["warmup_epochs"]) + int(p["decay_epochs"]) > ctx.epochs:
        raise ConfigError(
            f"warmup_epochs={p['warmup_epochs']!r} plus decay_epochs={p['decay_epochs']!r} is more than the run: "
            f"together they must be at most T = {ctx.epochs}"
        )


def _check_cyclic_base(p: dict[str, Value], ctx: RunContext) -> None:
    if float(p["base_lr"]) > ctx.lr0:
        raise ConfigError(f"base_lr={p['base_lr']!r} is not allowed: it must be at most max_lr = η₀ = {ctx.lr0:g}")


# ---- the registry --------------------------------------------------------------------------------

_REGISTRY: tuple[Schedule, ...] = (
    Schedule(
        "constant", "Constant", "The same rate every epoch (optionally lowered by a factor for the first epochs).",
        (
            ParamSpec("factor", "factor (early)", "real", 1.0, "Multiplies the rate until total_iters; 1 keeps it flat.",
                      lo=0.0, hi=1.0, lo_open=True),
            _epochs_param("total_iters", "until epoch", lambda c: 0, "Epoch where the factor stops applying.", lo=0),
        ),
        _constant,
    ),
    Schedule(
        "step", "Step decay", "Multiply the rate by γ every step_size epochs: a staircase.",
        (
            _epochs_param("step_size", "step size", lambda c: _frac(c, 1 / 3), "Epochs between two drops."),
            _gamma(0.1, "Each drop multiplies the rate by γ (0.1 = divide by ten)."),
        ),
        _step,
    ),
    Schedule(
        "multistep", "Multi-step decay", "Multiply the rate by γ at chosen epochs (milestones).",
        (
            ParamSpec("milestones", "milestones", "int_list",
                      lambda c: (_frac(c, 0.5), _frac(c, 0.75)), "Epochs where the rate drops, comma-separated.",
                      lo=1, bound="epochs", unit="epochs"),
            _gamma(0.1, "Each milestone multiplies the rate by γ."),
        ),
        _multistep,
    ),
    Schedule(
        "exponential", "Exponential decay", "Multiply the rate by γ every epoch: a smooth, steady slide.",
        (_gamma(0.95, "Every epoch multiplies the rate by γ; the decay rate is k = −ln γ."),),
        _exponential,
    ),
    Schedule(
        "cosine", "Cosine annealing", "Glide from η₀ down to η_min along half a cosine wave.",
        (
            _epochs_param("T_max", "T_max", lambda c: c.epochs, "Epochs to reach the floor."),
            _eta_min(),
        ),
        _cosine,
    ),
    Schedule(
        "warmup_cosine", "Warmup + cosine", "Ramp up linearly for a few epochs, then cosine down to η_min.",
        (
            _epochs_param("warmup_epochs", "warmup epochs", lambda c: min(c.epochs - 1, _frac(c, 0.05, lo=0)),
                          "Epochs spent ramping up to η₀.", lo=0),
            ParamSpec("start_factor", "start factor", "real", 0.0, "The ramp starts at this fraction of η₀.",
                      lo=0.0, hi=1.0),
            _eta_min(),
            _epochs_param("decay_epochs", "cosine length", lambda c: 0,
                          "Epochs of cosine after the warmup, then hold η_min; 0 = the rest of the run.", lo=0),
        ),
        _warmup_cosine,
        _check_warmup_below_run,
    ),
    Schedule(
        "cosine_restarts", "Cosine with warm restarts", "Cosine down, then jump back to η₀ and do it again (SGDR).",
        (
            _epochs_param("T_0", "T_0 (first cycle)", lambda c: _frac(c, 0.25), "Length of the first cycle."),
            ParamSpec("T_mult", "T_mult (growth)", "int", 1, "Each cycle is T_mult times longer than the last.",
                      lo=1, hi=10),
            _eta_min(),
        ),
        _cosine_restarts,
    ),
    Schedule(
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
        ),
        _one_cycle,
        _check_one_cycle,
    ),
    Schedule(
        "cyclic", "Cyclic (triangle)", "Bounce between base_lr and η₀ in triangles, again and again.",
        (
            ParamSpec("base_lr", "base_lr (low)", "real", lambda c: c.lr0 / 10, "The bottom of each triangle.",
                      lo=0.0, bound="lr0"),
            _epochs_param("step_size_up", "epochs up", lambda c: _frac(c, 0.1), "Epochs climbing from base_lr to η₀."),
            _epochs_param("step_size_down", "epochs down", lambda c: _frac(c, 0.1), "Epochs falling back to base_lr."),
            ParamSpec("mode", "mode", "choice", "triangular",
                      "triangular: same height; triangular2: half each cycle; exp_range: shrink by γ each epoch.",
                      choices=("triangular", "triangular2", "exp_range")),
            _gamma(1.0, "In exp_range mode the height shrinks by γ every epoch."),
        ),
        _cyclic,
        _check_cyclic_base,
    ),
    Schedule(
        "linear", "Linear", "A straight line from start_factor·η₀ to end_factor·η₀, then flat.",
        (
            ParamSpec("start_factor", "start factor", "real", 1.0, "Fraction of η₀ at epoch 0.",
                      lo=0.0, hi=1.0, lo_open=True),
            ParamSpec("end_factor", "end factor", "real", 0.0, "Fraction of η₀ at the end of the line.",
                      lo=0.0, hi=1.0),
            _epochs_param("total_iters", "line length", lambda c: c.epochs, "Epochs the line takes."),
        ),
        _linear,
    ),
    Schedule(
        "polynomial", "Polynomial decay", "Fall to zero along (1 − t/total)^power: power 1 is a straight line.",
        (
            _epochs_param("total_iters", "decay length", lambda c: c.epochs, "Epochs to reach zero."),
            ParamSpec("power", "power", "real", 1.0, "Above 1 drops fast early; below 1 holds high longer.",
                      lo=0.0, hi=10.0, lo_open=True),
        ),
        _polynomial,
    ),
    Schedule(
        "inverse_sqrt", "Inverse square root", "Warm up linearly, then shrink like 1/√t (transformers).",
        (_epochs_param("warmup_epochs", "warmup epochs", lambda c: _frac(c, 0.1, lo=0),
                       "Epochs ramping up from 0.", lo=0),),
        _inverse_sqrt,
    ),
    Schedule(
        "noam", "Noam (Transformer)", "Attention Is All You Need: rise linearly, peak at η₀, then fall like 1/√t.",
        (_epochs_param("warmup_epochs", "warmup epochs", lambda c: _frac(c, 0.1), "The peak comes at the end of the warmup."),),
        _noam,
    ),
    Schedule(
        "wsd", "Warmup-stable-decay", "Ramp up, hold η₀ for most of the run, then cool down fast at the end.",
        (
            _epochs_param("warmup_epochs", "warmup epochs", lambda c: _frac(c, 0.05, lo=0), "Epochs ramping up.", lo=0),
            _epochs_param("decay_epochs", "cooldown", lambda c: _frac(c, 0.2, lo=0), "Epochs of the final cooldown.",
                          lo=0),
            ParamSpec("warmup_type", "warmup form", "choice", "linear", "Shape of the ramp up.",
                      choices=("linear", "cosine", "1-sqrt")),
            ParamSpec("decay_type", "cooldown form", "choice", "1-sqrt", "Shape of the cooldown.",
                      choices=("linear", "cosine", "1-sqrt")),
            ParamSpec("min_lr_ratio", "min_lr_ratio", "real", 0.0, "Where the cooldown ends, as a fraction of η₀.",
                      lo=0.0, hi=1.0),
        ),
        _wsd,
        _check_wsd,
    ),
)

SCHEDULES: dict[str, Schedule] = {s.name: s for s in _REGISTRY}
"""The closed-form schedules: what "every schedule" means for curves, the export, the benchmark,
the comparisons and attract mode."""

# ---- loss-driven: beside the registry, not in it ---------------------------------------------------

PLATEAU = "reduce_on_plateau"


def _follows_the_loss(lr0: float, epochs: int, **params: Value) -> Curve:
    raise ConfigError(f"{PLATEAU} follows the loss, so it has no curve drawn in advance")


LOSS_DRIVEN: dict[str, Schedule] = {
    PLATEAU: Schedule(
        PLATEAU, "Reduce on plateau (loss-driven)",
        "Watch the loss; when it stops falling for `patience` epochs, multiply the rate by `factor`.",
        # mode stays "min" (the window always watches a loss) and eps at PyTorch's 1e-8.
        tuple(p for p in PLATEAU_PARAMS if p.name not in ("mode", "eps")),
        _follows_the_loss,
    ),
}
"""Schedules that set each epoch's rate from the loss (`lrgame.engine.plateau`): the window offers
them too, but they have no curve, so they are kept out of SCHEDULES."""

ENTRIES: dict[str, Schedule] = {**SCHEDULES, **LOSS_DRIVEN}
"""Everything the window's schedule dropdown and keys offer: the closed-form ones, then the rest."""


def get(name: str) -> Schedule:
    """The closed-form schedule `name`, or a ConfigError listing the names there are."""
    if name in LOSS_DRIVEN:
        raise ConfigError(f"{LOSS_DRIVEN[name].label} follows the loss, so it has no curve drawn in advance")
    if name not in SCHEDULES:
        raise ConfigError(f"schedule={name!r} is unknown: choose one of {', '.join(SCHEDULES)}")
    return SCHEDULES[name]


def entry(name: str) -> Schedule:
    """Any schedule the window offers (closed-form or loss-driven): its label and knobs."""
    if name not in ENTRIES:
        raise ConfigError(f"schedule={name!r} is unknown: choose one of {', '.join(ENTRIES)}")
    return ENTRIES[name]


def resolve(name: str, lr0: object, epochs: object, params: Mapping[str, object]) -> dict[str, Value]:
    """Every parameter of `name`, checked for this run, with the registry's default where left out."""
    schedule = entry(name)
    ctx = context(lr0, epochs)
    for key in params:
        schedule.spec(key)
    out = {
        p.name: p.check(params[p.name] if p.name in params else p.default_for(ctx), ctx) for p in schedule.params
    }
    schedule.cross_check(out, ctx)
    return out


def context(lr0: object, epochs: object) -> RunContext:
    """η₀ and T, checked."""
    return RunContext(check_lr0(lr0), check_epochs(epochs))


def build(name: str, *, lr0: object, epochs: object, **params: object) -> Curve:
    """The schedule as a function of an epoch array (floats or ints, any shape)."""
    resolved = resolve(name, lr0, epochs, params)
    ctx = context(lr0, epochs)
    fn = entry(name).factory(ctx.lr0, ctx.epochs, **resolved)  # type: ignore[arg-type]

    def rates(t: np.ndarray) -> np.ndarray:
        return np.asarray(fn(np.asarray(t, dtype=np.float64)), dtype=np.float64)

    return rates


def curve(name: str, *, lr0: object, epochs: object, **params: object) -> np.ndarray:
    """Rates for t = 0..T (length T+1): entry t is the rate used during epoch t."""
    fn = build(name, lr0=lr0, epochs=epochs, **params)
    return fn(np.arange(context(lr0, epochs).epochs + 1, dtype=np.float64))
