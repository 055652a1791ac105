"""A refusal or a note as the person reads it, in the words of where they typed.

The engine's checks word a refusal with PyTorch's names and Python's values ("lr0='abc' is not a
number…", "step_size=inf is not allowed…", "gamma=7.0 …"): exact, and what the tests and the
export speak. A person reads it in the window or on the command line, so `worded` rewrites it
for one of the two:

- "window": each setting by the name the screen gives its control ("η₀", "T", "γ", "step size");
- "cli": the flag as typed with that name beside it ("--lr0 (η₀)", "--param gamma (γ)"); a key
  named after a file's name ("setup.json: lr0=…") is the file's, and stays.

In both, a whole number is written without ".0" and a number too large to hold (typed as 1e400,
read as inf) is "too large", not "inf"; in the window, a knob or a schedule named in the words gets
its screen name or label too (on the command line such a name is one to type, so it stays).

>>> worded("lr0='abc' is not a number: give a rate in [1e-09, 100]", "window")
"η₀ = 'abc' is not a number: give a rate in [1e-09, 100]"
>>> worded("gamma=7.0 is not allowed: numbers in (0, 1]", "cli", schedule="step")
'--param gamma (γ) = 7 is not allowed: numbers in (0, 1]'
>>> worded("step_size=inf is not allowed: whole numbers in [1, 100] (at most T)", "window", schedule="step",
...        given=("param.step_size", "1e400"))
'step size = 1e400 is too large: whole numbers in [1, 100] (at most T)'
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping
from typing import Literal

from lrgame.engine import schedules
from lrgame.engine.params import cut

Where = Literal["window", "cli"]

SCREEN_NAMES: dict[str, str] = {
    "lr0": "η₀", "epochs": "T", "schedule": "schedule", "valley": "valley", "sharpness": "sharpness f″",
    "noise": "gradient noise", "seed": "seed", "steps_per_epoch": "steps / epoch", "epoch": "epoch t",
    "speed": "epochs / second", "scale": "scale", "preset": "recipe",
}
"""The settings' names on the screen (the panel's labels start with them; a test checks)."""

_TOKEN = re.compile(r"(?<![\w.])(?P<key>[A-Za-z_][\w.]*)=(?P<value>'[^']*'|\"[^\"]*\"|\[[^\]]*\]|[^\s,;:)]+)")
_BARE = re.compile(r"(?<![\w'\"=.-])(?P<key>[A-Za-z]\w*_\w+)(?![\w'\"=(])")  # step_size, warmup_cosine: never words


def _bare(key: str) -> str:
    """A setting's name without the panel's prefix: "param.gamma" and "opt.eps" are gamma and eps."""
    return key.removeprefix("param.").removeprefix("opt.")


def screen_name(key: str, schedule: str | None = None, names: Mapping[str, str] | None = None) -> str | None:
    """The name the screen gives the setting `key` ("lr0", "param.gamma" or "gamma"): a setting's
    from SCREEN_NAMES or `names` (the optimizer's, which the layers above know), a knob's its label
    without the words in brackets (the current schedule's, else the one every schedule with that
    knob gives it); None if it is no setting or knob."""
    key = _bare(key)
    if key in SCREEN_NAMES:
        return SCREEN_NAMES[key]
    if names and key in names:
        return names[key]
    entries = [schedules.ENTRIES[schedule]] if schedule in schedules.ENTRIES else schedules.ENTRIES.values()
    labels = {p.label.split(" (")[0] for entry in entries for p in entry.params if p.name == key}
    return labels.pop() if len(labels) == 1 else None


def _flag(key: str, flags: Collection[str]) -> str:
    """How the command line names a setting: its flag, --param for a knob, --P-param K for a key
    P.K whose flag that is (surface.kappa: --surface-param kappa), else its own name (β₂ comes in
    --betas, as beta2)."""
    key = _bare(key)
    if key in SCREEN_NAMES or key in flags:
        return f"--{key.replace('_', '-')}"
    group, dot, knob = key.partition(".")
    if dot and f"{group}_param" in flags:
        return f"--{group}-param {knob}"
    return f"--param {key}" if _known(key) else key


def _known(key: str, flags: Collection[str] = (), names: Mapping[str, str] | None = None) -> bool:
    key = _bare(key)
    knobs = (p.name for entry in schedules.ENTRIES.values() for p in entry.params)
    return key in SCREEN_NAMES or key in flags or key in (names or {}) or key in knobs


def _number(text: str) -> tuple[str, str]:
    """One number as shown, and how big it is: "" or "too large" / "too small" (held as ±inf)."""
    try:
        number = float(text)
    except ValueError:
        return text, ""
    if math.isinf(number):
        return "", "too large" if number > 0 else "too small"
    if number.is_integer() and "e" not in text.lower() and text.endswith(".0"):
        return text[:-2], ""  # 7.0 → 7
    return text, ""


def _value(text: str, given: object) -> tuple[str, str]:
    """The value as shown, and the words for how big it is: "" when it is not ±inf, else "is too
    large" / "is too small", or for a list "has a number too large"."""
    if text.startswith("[") and text.endswith("]"):  # a list of numbers: milestones=[10.0, inf]
        items = [_number(item.strip()) for item in text[1:-1].split(",")] if text != "[]" else []
        size = next((size for _, size in items if size), "")
        return ("", f"has a number {size}") if size else ("[" + ", ".join(v for v, _ in items) + "]", "")
    bare = text.strip("'\"")
    shown, size = _number(bare)
    if size:  # what was typed, if it is known (cut: it may be 5000 digits): Python reads 1e400 as inf
        return (bare if text != bare else cut(str(given).strip()) if given is not None else ""), f"is {size}"
    try:  # a number typed as text ('1.5') is a number all the same; other text keeps its quotes
        float(bare)
    except ValueError:
        return text, ""
    return shown, ""


def worded(message: str, where: Where, *, schedule: str | None = None,
           given: tuple[str, object] | None = None, flags: Collection[str] = (),
           names: Mapping[str, str] | None = None) -> str:
    """`message` (an engine refusal or note) for the window or the command line. `schedule`: the
    one whose knobs are meant; `given`: (the setting's key, the value as the person typed it),
    when they are known; `flags`: the command line's other settings (dest names: "frames",
    "dump_state"), written as their flags too; `names`: more settings' screen names."""
    flags = flags if where == "cli" else ()

    def name(key: str) -> str:
        shown = screen_name(key, schedule, names)
        if where == "cli":
            return _flag(key, flags) + (f" ({shown})" if shown and shown != _bare(key) else "")
        return shown or key

    head = message.find(": ")  # on the command line, only the words before it name what was typed:
    head = len(message) if where == "window" or head < 0 else head  # "FILE: lr0=…" names a key in a file

    def token(m: re.Match) -> str:
        key, first = m["key"], not seen
        seen.append(key)
        if not _known(key, flags, names) or m.string[max(0, m.start() - 5):m.start()] == "e.g. ":
            return m[0]  # not a setting, or an example, which stays as it is typed
        typed = given[1] if given is not None and _bare(given[0]) == _bare(key) else None
        value, size = _value(m["value"], typed if first else None)
        too[0] = too[0] or (size if first else "")
        if m.start() >= head:  # a key in a file keeps the file's name and value, unless ±inf
            return key if size and first else m[0]
        return f"{name(key)} = {value}" if value else name(key)

    seen: list[str] = []
    too = [""]
    out = _TOKEN.sub(token, message)
    if too[0]:
        out = re.sub(r"\s*is not allowed", f" {too[0]}", out, count=1)
    if where == "cli":  # a name in the words is one to type on the command line: it stays
        return out
    labels = {n: e.label for n, e in schedules.ENTRIES.items()}
    return _BARE.sub(lambda m: labels.get(m["key"]) or (name(m["key"]) if _known(m["key"], (), names) else m[0]), out)
