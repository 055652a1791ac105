"""Parameter specs: the one table that the panel, the CLI, validation and the export all read.

A spec knows how to turn text into a value (`parse`) and how to check a value against the run it
belongs to (`check`), so every way a number can enter the program goes through the same rules and
the same messages.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Literal, NamedTuple

from lrgame.engine.record import record

MAX_EPOCHS = 1_000_000
LR0_RANGE = (1e-9, 100.0)

Kind = Literal["int", "real", "int_list", "choice", "bool"]
Value = int | float | str | bool | tuple[int, ...] | None
"""A knob's value; None only for a knob that `follows` another and was left out."""


class ConfigError(ValueError):
    """Bad input. The message names the parameter, the bad value and what is allowed."""


class RunContext(NamedTuple):
    """What a parameter's default and range may depend on: the peak rate and the run length."""

    lr0: float
    epochs: int


def bound_text(x: float) -> str:
    """A range's end as a message shows it: whole numbers in full (2147483647, not 2.14748e+09)."""
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e16 else f"{x:g}"


def finite(x: float) -> bool:
    """`math.isfinite`, but False (not OverflowError) for an int too big for a float, such as a
    400-digit number typed or read from a file: no range here reaches that far."""
    try:
        return math.isfinite(x)
    except OverflowError:
        return False


SHOWN_CHARS = 40
PATH_CHARS = 160  # a path is worth more of the line


def cut(text: str, limit: int = SHOWN_CHARS, counted: str | None = None) -> str:
    """Text as a message quotes it, cut in the middle when longer than `limit`, so a 5000-digit
    number or a 60 kB name still makes a short one-line message. The length said is `counted`'s
    (what was typed, when `text` is its quoted form), else `text`'s."""
    if len(text) <= limit:
        return text
    counted = text if counted is None else counted
    half = limit // 2 - 2
    unit = "digits" if counted.lstrip("-+").isdigit() else "characters"
    return f"{text[:half]}…{text[-half:]} ({len(counted)} {unit})"


def quoted(value: object, limit: int = SHOWN_CHARS) -> str:
    """A value as a message quotes it: its repr, `cut` when longer than `limit`; the length said
    is the typed text's, not counting the quotes the repr adds."""
    return cut(repr(value), limit, value if isinstance(value, str) else None)


@record
class ParamSpec:
    """One knob of a schedule, under PyTorch's name.

    `bound` ties a range to the run: "epochs" caps the value at T (knobs counted in epochs must
    fit in the run), "lr0" caps a rate at η₀ (a floor above the peak makes no sense).
    `lo_open` excludes `lo` itself (γ must be > 0, not ≥ 0).
    `follows` names the knob whose value this one takes while it is left out (None), as PyTorch's
    CyclicLR takes step_size_down = step_size_up: its default is None, and None stays None until
    someone sets it, so it keeps following when the other knob moves.
    `per_epoch` marks a factor applied once an epoch (exponential's γ): with S steps an epoch the
    scheduler applies its S-th root every step, so the curve in epochs stays the same.
    """

    name: str
    label: str
    kind: Kind
    default: Value | Callable[[RunContext], Value]
    help: str
    lo: float | None = None
    hi: float | None = None
    lo_open: bool = False
    log: bool = False
    unit: str = ""
    choices: tuple[str, ...] = ()
    bound: Literal["epochs", "lr0"] | None = None
    follows: str = ""
    per_epoch: bool = False

    def default_for(self, ctx: RunContext) -> Value:
        if self.follows:
            return None
        return self.default(ctx) if callable(self.default) else self.default

    def limits(self, ctx: RunContext) -> tuple[float | None, float | None]:
        """The allowed range for this run (numeric kinds)."""
        hi = self.hi
        if self.bound == "epochs":
            hi = ctx.epochs if hi is None else min(hi, ctx.epochs)
        elif self.bound == "lr0":
            hi = ctx.lr0 if hi is None else min(hi, ctx.lr0)
        return self.lo, hi

    def describe_range(self, ctx: RunContext) -> str:
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "bool":
            return "true or false"
        lo, hi = self.limits(ctx)
        left = "(" if self.lo_open else "["
        low = bound_text(lo) if lo is not None else "-inf"
        high = bound_text(hi) if hi is not None else "inf"
        what = "whole numbers" if self.kind in ("int", "int_list") else "numbers"
        suffix = {"epochs": " (at most T)", "lr0": " (at most η₀)"}.get(self.bound or "", "")
        each = ", each" if self.kind == "int_list" else ""
        follows = f"; left out, it is {self.follows}" if self.follows else ""
        return f"{what}{each} in {left}{low}, {high}]{suffix}{follows}"

    def _error(self, value: object, ctx: RunContext) -> ConfigError:
        return ConfigError(f"{self.name}={quoted(value)} is not allowed: {self.describe_range(ctx)}")

    def parse(self, text: str, ctx: RunContext) -> Value:
        """Turn typed text (CLI, text box, preset file) into a checked value."""
        raw = text.strip()
        if self.kind == "bool":
            low = raw.lower()
            if low in ("true", "false"):
                return low == "true"
            raise self._error(text, ctx)
        if self.kind == "choice":
            return self.check(raw, ctx)
        if self.kind == "int_list":
            parts = [p.strip() for p in raw.split(",")]
            return self.check([_parse_number(p, self, ctx) for p in parts], ctx)
        return self.check(_parse_number(raw, self, ctx), ctx)

    def check(self, value: object, ctx: RunContext) -> Value:
        """Check a value of any origin and return it in canonical type, or raise ConfigError."""
        if value is None and self.follows:
            return None
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            raise self._error(value, ctx)
        if self.kind == "choice":
            if isinstance(value, str) and value in self.choices:
                return value
            raise self._error(value, ctx)
        if self.kind == "int_list":
            if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not value:
                raise ConfigError(
                    f"{self.name}={quoted(value)} is not allowed: give a list of one or more "
                    f"{self.describe_range(ctx)}"
                )
            return tuple(sorted(self._check_scalar(v, value, ctx) for v in value))
        return self._check_scalar(value, value, ctx)

    def _check_scalar(self, v: object, given: object, ctx: RunContext) -> int | float:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise self._error(given, ctx)
        if not finite(v):
            raise self._error(given, ctx)
        if self.kind in ("int", "int_list"):
            if v != int(v):
                raise self._error(given, ctx)
            v = int(v)
        else:
            v = float(v)
        lo, hi = self.limits(ctx)
        if lo is not None and (v < lo or (self.lo_open and v == lo)):
            raise self._error(given, ctx)
        if hi is not None and v > hi:
            raise self._error(given, ctx)
        return v


def _parse_number(text: str, spec: ParamSpec, ctx: RunContext) -> float:
    try:
        return float(text)
    except ValueError:
        raise spec._error(text, ctx) from None
