"""One edit at a time to the settings, with the rules a classroom expects.

- Text from a box is parsed by the same spec that checks a slider's number, so both get the same
  message. A bad edit raises ConfigError and the caller keeps the last good settings.
- Changing T (or η₀) keeps the knobs someone set, clamped into the new run with a note saying so;
  knobs still at their default follow the default (a step size of T/3 stays T/3).
- Changing the schedule starts its knobs from the registry's defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

from lrgame.engine import schedules
from lrgame.engine.numbers import check_epochs, check_lr0, read_number
from lrgame.engine.params import ConfigError, ParamSpec, RunContext, Value
from lrgame.sim import valley
from lrgame.sim.optimizer_choice import momentum_of, picked, with_value
from lrgame.sim.settings import Settings, drives_momentum, updated

SETTING_KEYS = ("schedule", "lr0", "epochs", "valley", "sharpness", "noise", "seed", "steps_per_epoch", "optimizer")
WHOLE_KEYS = ("seed", "steps_per_epoch")


@dataclass(frozen=True)
class EditResult:
    settings: Settings
    notes: tuple[str, ...] = ()


def _fit(spec: ParamSpec, value: Value, ctx: RunContext) -> Value:
    """Clamp a number (or each number of a list) into the spec's range for this run."""
    lo, hi = spec.limits(ctx)

    def clamp(v: float) -> float:
        if hi is not None:
            v = min(v, hi)
        if lo is not None:
            v = max(v, lo)
        return v

    if spec.kind == "int_list":
        return tuple(sorted({int(clamp(v)) for v in value}))  # type: ignore[union-attr]
    if spec.kind in ("int", "real"):
        out = clamp(float(value))  # type: ignore[arg-type]
        return int(out) if spec.kind == "int" else out
    return value


def refit(settings: Settings, lr0: float, epochs: int) -> EditResult:
    """Settings for a new η₀ or T: set knobs kept and clamped (with notes), default knobs follow."""
    schedule = schedules.entry(settings.schedule)
    old = RunContext(settings.lr0, settings.epochs)
    new = RunContext(lr0, epochs)
    params: dict[str, Value] = {}
    notes = []
    for spec in schedule.params:
        value = settings.params[spec.name]
        if value == spec.check(spec.default_for(old), old):
            continue
        fitted = _fit(spec, value, new)
        if fitted != value:
            notes.append(f"{spec.name} clamped to {fitted} to fit {'T' if spec.bound == 'epochs' else 'η₀'}")
        params[spec.name] = fitted
    try:
        fresh = updated(settings, lr0=lr0, epochs=epochs, params=params)
    except ConfigError:
        # A rule between knobs (e.g. warmup + cooldown ≤ T) still fails: start the knobs afresh.
        fresh = updated(settings, lr0=lr0, epochs=epochs, params={})
        notes = [f"{settings.schedule} knobs reset to their defaults to fit T = {epochs}"]
    return EditResult(fresh, tuple(notes))


def apply_edit(settings: Settings, key: str, value: object) -> EditResult:
    """`settings` with one field or knob changed; ConfigError (with a message) if it cannot be."""
    if key.startswith("param."):
        name = key.removeprefix("param.")
        spec = schedules.entry(settings.schedule).spec(name)
        ctx = RunContext(settings.lr0, settings.epochs)
        checked = spec.parse(value, ctx) if isinstance(value, str) else spec.check(value, ctx)
        return EditResult(updated(settings, params={**settings.params, name: checked}))
    if key == "schedule":
        return EditResult(updated(settings, schedule=str(value), params={}))
    if key == "lr0":
        return refit(settings, check_lr0(value), settings.epochs)
    if key == "epochs":
        return refit(settings, settings.lr0, check_epochs(value))
    if key == "valley":
        return EditResult(updated(settings, valley=valley.make_valley(str(value), settings.sharpness).kind))
    if key in ("sharpness", "noise", *WHOLE_KEYS):
        number = float(read_number(key, value))  # type: ignore[arg-type]
        whole = key in WHOLE_KEYS and number.is_integer()
        if key == "steps_per_epoch" and settings.unit == "steps" and number != 1:
            return split_steps(settings, int(number) if whole else number)
        return EditResult(updated(settings, **{key: int(number) if whole else number}))
    if key == "optimizer" or key.startswith("opt."):
        return optimizer_edit(settings, key, value)
    raise ConfigError(
        f"{key!r} is not a setting: settings are {', '.join(SETTING_KEYS)}, param.<name> and opt.<name>")


def split_steps(settings: Settings, per: object) -> EditResult:
    """Several steps an epoch in a run counted in steps: a run of steps has no epochs to split, so it
    is counted in epochs again, T epochs of S steps, and a note says so."""
    fresh = updated(settings, steps_per_epoch=per, unit="epochs")
    return EditResult(fresh, (f"counted in epochs again: T = {fresh.epochs} epochs of {fresh.steps_per_epoch} "
                              "steps each",))


def optimizer_edit(settings: Settings, key: str, value: object) -> EditResult:
    """The panel's optimizer pick ("optimizer") or one of its numbers ("opt.momentum", …); when that
    hands the momentum to the schedule, a note says so (PyTorch's schedulers take it over too)."""
    hp = settings.optimizer
    hp = picked(hp, value) if key == "optimizer" else with_value(hp, key.removeprefix("opt."), value)
    fresh = updated(settings, optimizer=hp)
    if drives_momentum(fresh) and not drives_momentum(settings):
        p = fresh.params
        label = schedules.entry(fresh.schedule).label.split(" (")[0]
        return EditResult(fresh, (f"{label} now moves the momentum between {p['base_momentum']:g} and "
                                  f"{p['max_momentum']:g}, opposite to the rate, instead of "
                                  f"{momentum_of(hp):g}; set the knob 'cycle β' to no to keep your own.",))
    return EditResult(fresh)
