"""Numbers that come in from outside (a flag, a text box, a slider, a file): one check per kind,
and the checks of η₀ and T, the two numbers every run has.

Each check returns the number in its canonical type or raises ConfigError naming the value, the bad
input and what is allowed. The default words are the common ones ("give a number in [lo, hi]");
a caller whose message has long been worded otherwise passes its own words, so no message changes.

>>> number_in("noise", 7.5, 0, 5)
Traceback (most recent call last):
...
lrgame.engine.params.ConfigError: noise=7.5 is not allowed: give a number in [0, 5]
>>> typed_number_in("scale", " 1.5 ", 0.75, 2.5), whole_in("seed", 3.0, 0, 9), typed_whole_in("seed", "1e3", 0, 9999)
(1.5, 3, 1000)
"""

from __future__ import annotations

from numbers import Real

from lrgame.engine.params import LR0_RANGE, MAX_EPOCHS, ConfigError, bound_text, cut, finite, quoted


def read_number(name: str, value: object, wanted: str = "") -> object:
    """A number given as a number or as its text (spaces around it ignored): text becomes a float,
    a number is returned as it is. Anything else is refused: "{name}={value!r} is not a number",
    followed by ": {wanted}" when given."""
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    elif isinstance(value, Real) and not isinstance(value, bool):
        return value
    raise ConfigError(f"{name}={quoted(value)} is not a number" + (f": {wanted}" if wanted else ""))


def _refuse(name: str, value: object, shown: str, refusal: str) -> ConfigError:
    return ConfigError(f"{name}={shown or quoted(value)} {refusal}")


def number_in(name: str, value: object, lo: float, hi: float, *, refusal: str = "", shown: str = "") -> float:
    """A finite number in [lo, hi] (not text, not a bool), as a float. Refused:
    "{name}={shown} {refusal}", by default "{name}={value!r} is not allowed: give a number in [lo, hi]"
    (the value cut short when long; an int too big for a float is simply out of range)."""
    if isinstance(value, bool) or not isinstance(value, Real) or not finite(value) or not lo <= value <= hi:
        raise _refuse(name, value, shown, refusal or f"is not allowed: give a number in {_range(lo, hi)}")
    return float(value)


def whole_in(name: str, value: object, lo: float, hi: float, *, refusal: str = "", shown: str = "") -> int:
    """A whole number in [lo, hi] (5 and 5.0 alike; not text, not a bool), as an int. Refused like
    `number_in`, by default with "give a whole number in [lo, hi]"."""
    ok = isinstance(value, Real) and not isinstance(value, bool) and finite(value) and value == int(value)
    if not ok or not lo <= value <= hi:  # type: ignore[operator]
        raise _refuse(name, value, shown, refusal or f"is not allowed: give a whole number in {_range(lo, hi)}")
    return int(value)  # type: ignore[arg-type]


def typed_number_in(name: str, value: object, lo: float, hi: float) -> float:
    """A number in [lo, hi] from a number or its text (a flag, a text box): refused as
    "… is not a number: give one in [lo, hi]" or "… is not allowed: give a number in [lo, hi]",
    the value shown as it was given."""
    number = read_number(name, value, f"give one in {_range(lo, hi)}")
    return number_in(name, number, lo, hi, shown=quoted(value))


def typed_whole_in(name: str, value: object, lo: float, hi: float, *, refusal: str = "") -> int:
    """A whole number in [lo, hi] from a number or its text (a flag): refused as "… is not a
    number: give a whole number in [lo, hi]" or "… is not allowed: give a whole number in [lo, hi]"
    (or `refusal`), the value shown as it was typed (a 400-digit seed is out of range, not an error
    of Python's)."""
    give = f"give a whole number in {_range(lo, hi)}"
    number = read_number(name, value, give)
    shown = cut(value.strip()) if isinstance(value, str) else quoted(value)
    return whole_in(name, number, lo, hi, refusal=refusal or f"is not allowed: {give}", shown=shown)


def _range(lo: float, hi: float) -> str:
    return f"[{bound_text(lo)}, {bound_text(hi)}]"


def check_lr0(value: object) -> float:
    """η₀ is a positive, finite rate inside LR0_RANGE, from a number or its text."""
    lo, hi = LR0_RANGE
    give = f"give a rate in {_range(lo, hi)}"
    return number_in("lr0", read_number("lr0", value, give), lo, hi, refusal=f"is not allowed: {give}")


def check_epochs(value: object) -> int:
    """T is a whole number of epochs in 1..MAX_EPOCHS, from a number or its text."""
    give = f"give a whole number in [1, {MAX_EPOCHS}]"
    given = cut(value.strip()) if isinstance(value, str) else quoted(value)
    epochs = read_number("epochs", value, give)
    return whole_in("epochs", epochs, 1, MAX_EPOCHS, refusal=f"is not allowed: {give}", shown=given)
