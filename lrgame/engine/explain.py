"""What a schedule does, in words a 16-year-old follows: the registry's explanation of each one
(its formula, its knobs, when people use it, the trap to avoid; see `family.Explanation`), and a
reading of where a run's rate ends.
"""

from __future__ import annotations

import math

from lrgame.engine import schedules
from lrgame.engine.params import ConfigError, Value
from lrgame.engine.schedules.family import Explanation


def explain(schedule: str) -> Explanation:
    """The words for `schedule`, or a ConfigError if it has none yet."""
    if schedule not in schedules.ENTRIES:
        raise ConfigError(f"schedule={schedule!r} has no explanation yet")
    return schedules.ENTRIES[schedule].explanation


def knob_sentence(words: Explanation, knob: str, value: Value) -> str:
    """What the knob does at `value`: its one sentence, or, for a knob with choices, the choice's."""
    sentence = words.knobs[knob]
    return sentence if isinstance(sentence, str) else sentence[value]


_NEAR_ZERO = 0.05  # a linear decay to 0 over T epochs still uses η₀/T in its last one: 1 % at T = 100
_CLOSE = 1e-9  # relative slack, so 0.1 % computed as 1e-4/0.1 still counts as 0.1 %


def _percent(ratio: float) -> str:
    """A share as a plain percentage with three significant digits at most: "37 %", "0.1 %", "0.0004 %"."""
    pct = 100.0 * ratio
    if pct < 1e-4:
        return "less than 0.0001 %"
    text = f"{float(f'{pct:.3g}'):f}".rstrip("0").rstrip(".")
    return f"{text} %"


def final_rate_reading(final: float, lr0: float, schedule: str) -> str:
    """The final rate as a share of η₀, in one or two short sentences.

    It starts in lower case, to follow "This run" or a number and a colon. For a schedule whose
    registry entry says where such schedules usually end (`Schedule.ends`), a second sentence
    compares this run with that.

    >>> final_rate_reading(1e-4, 0.1, "step").split(". ")[0]
    'ends at 0.1 % of η₀: the last epochs barely move the weights'
    >>> final_rate_reading(3e-5, 3e-4, "warmup_cosine").split(":")[0]
    'ends at 10 % of η₀'
    """
    if not (math.isfinite(final) and math.isfinite(lr0) and lr0 > 0):
        return "has no final rate that can be read as a share of η₀."
    ratio = final / lr0
    if ratio <= 0.0:
        first = "ends at exactly 0: the last epoch does not move the weights at all."
    elif ratio <= 0.001 * (1 + _CLOSE):
        first = f"ends at {_percent(ratio)} of η₀: the last epochs barely move the weights."
    elif ratio <= 0.1 * (1 + _CLOSE):
        first = f"ends at {_percent(ratio)} of η₀: small, careful last steps that let the ball settle."
    elif ratio < 0.999:
        first = f"ends at {_percent(ratio)} of η₀: the last steps are still big, so the ball may not settle."
    elif ratio <= 1.001:
        first = "ends at η₀ itself (100 %): the last steps are full size, so the noise keeps the ball moving."
    else:
        first = f"ends above η₀, at {_percent(ratio)}: the last steps are bigger than η₀'s."
    known = schedules.ENTRIES.get(schedule)
    ends = known.ends if known else ""
    if ends == "a few percent":
        typical = 0.01 * (1 - _CLOSE) <= ratio <= 0.1 * (1 + _CLOSE)
        where = "; this one goes lower" if ratio < 0.01 else "; this one stays higher"
        if typical:
            where = ", as this one does"
        return f"{first} Step and exponential decays usually end at 1–10 % of η₀{where}."
    if ends == "near zero":
        if ratio < _NEAR_ZERO:
            return f"{first} Cosine, one-cycle and linear decays end near zero on purpose, so the ball can settle."
        return f"{first} Cosine, one-cycle and linear decays usually end near zero; this one stops higher."
    return first
