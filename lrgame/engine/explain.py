"""What each schedule does, in words a 16-year-old follows: its formula, its knobs, when people use
it, and the trap to avoid. The formula is a list of (text, style) runs for the formula renderer:
"sub" runs are drawn small and low, "sup" runs small and high.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from lrgame.engine.params import ConfigError

Segment = tuple[str, str]


class Explanation(NamedTuple):
    """The words for one schedule: formula runs, one sentence per knob, when it is used, its trap."""

    formula: tuple[Segment, ...]
    knobs: dict[str, str]
    when: str
    pitfall: str


def _f(*runs: str) -> tuple[Segment, ...]:
    """Formula runs from strings: a leading '_' makes a subscript run, '^' a superscript, else normal."""
    out = []
    for run in runs:
        if run.startswith("_"):
            out.append((run[1:], "sub"))
        elif run.startswith("^"):
            out.append((run[1:], "sup"))
        else:
            out.append((run, "normal"))
    return tuple(out)


_ETA_MIN = "The lowest the rate goes: the bottom of the cosine."
_WARMUP = "How many epochs the rate spends climbing before the main part starts."

EXPLANATIONS: dict[str, Explanation] = {
    "constant": Explanation(
        _f("η(t) = η", "_0", "   (× factor while t < total_iters)"),
        {"factor": "Shrinks the rate for the first few epochs; 1 means no change at all.",
         "total_iters": "The epoch at which the rate goes back to the full η₀."},
        "As a baseline: the simplest thing to compare every other schedule against.",
        "The ball never calms down: the noise keeps kicking it, and the steps never shrink to let it settle.",
    ),
    "step": Explanation(
        _f("η(t) = η", "_0", " · γ", "^⌊t / step_size⌋"),
        {"step_size": "How many epochs pass between two drops.",
         "gamma": "What each drop multiplies the rate by: 0.1 divides it by ten."},
        "Classic image models such as ResNet: train at a big rate, then drop it when progress stalls.",
        "Right after a drop the loss falls fast, so it is tempting to drop too early and stop learning.",
    ),
    "multistep": Explanation(
        _f("η(t) = η", "_0", " · γ", "^(number of milestones ≤ t)"),
        {"milestones": "The epochs where the rate drops, for example 30, 60, 90.",
         "gamma": "What each drop multiplies the rate by."},
        "Like step decay, but with drops placed by hand where the loss has flattened out before.",
        "Milestones picked for one run length do not move when you train longer: re-place them.",
    ),
    "exponential": Explanation(
        _f("η(t) = η", "_0", " · γ", "^t", "  = η", "_0", " · e", "^−k·t", ",  k = −ln γ"),
        {"gamma": "The rate is multiplied by γ every epoch; 0.95 loses 5 % each time."},
        "When you want a smooth, steady slide instead of sudden drops.",
        "γ is very touchy: 0.99 and 0.95 look alike but after 100 epochs one leaves 37 % and the other 0.6 %.",
    ),
    "cosine": Explanation(
        _f("η(t) = η", "_min", " + (η", "_0", " − η", "_min", ") · (1 + cos(π·t / T", "_max", ")) / 2"),
        {"T_max": "Epochs to glide from η₀ down to the floor.", "eta_min": _ETA_MIN},
        "A favourite default today: no knobs to tune besides the length, and it ends gently.",
        "If training runs past T_max, PyTorch's cosine climbs back up again.",
    ),
    "warmup_cosine": Explanation(
        _f("η(t) = η", "_0", "·(s + (1−s)·t/W) for t < W, then cosine to η", "_min"),
        {"warmup_epochs": "How many epochs the rate spends climbing to η₀ (W).",
         "start_factor": "Where the climb starts, as a share of η₀ (s); 0 starts from nothing.",
         "eta_min": _ETA_MIN,
         "decay_epochs": "How long the cosine lasts; after it the rate stays at the floor (0: the rest of the run)."},
        "Transformers and large language models: the short climb keeps the first wild steps from wrecking things.",
        "Too short a warmup with a big peak can still blow up in the first epochs.",
    ),
    "cosine_restarts": Explanation(
        _f("η(t) = η", "_min", " + (η", "_0", " − η", "_min", ") · (1 + cos(π·t", "_cur", " / T", "_i", ")) / 2"),
        {"T_0": "Length of the first cycle in epochs.",
         "T_mult": "Each cycle lasts this many times longer than the one before.",
         "eta_min": _ETA_MIN},
        "To shake the model out of a poor valley now and then, and to save good snapshots at each low point.",
        "Stop training just after a restart and you end at the highest rate, not the lowest.",
    ),
    "one_cycle": Explanation(
        _f("η climbs from η", "_0", "/d to η", "_0", ", then falls to η", "_0", "/(d·f)"),
        {"pct_start": "The share of the run spent climbing.",
         "anneal_strategy": "cos gives smooth S-shaped curves; linear gives straight lines.",
         "div_factor": "The start is η₀ divided by this (d).",
         "final_div_factor": "The end is the start divided by this (f): far below where it began.",
         "three_phase": "Come back down to the start first, then make the final fall."},
        "Fast training with a big peak rate: the climb explores, the long fall settles.",
        "η₀ here is the peak, not the start: pick it with a range test, or the middle of the run blows up.",
    ),
    "cyclic": Explanation(
        _f("η bounces in triangles between base_lr and η", "_0"),
        {"base_lr": "The bottom of each triangle.",
         "step_size_up": "Epochs climbing from base_lr to η₀.",
         "step_size_down": "Epochs falling back down to base_lr.",
         "mode": "triangular: always the same height; triangular2: half as high each cycle; exp_range: shrinking by γ.",
         "gamma": "In exp_range mode, how much the height shrinks every epoch."},
        "To avoid tuning one exact rate: the model keeps visiting a whole range of rates.",
        "With the same height forever the ball never settles; end at a low point or use triangular2.",
    ),
    "linear": Explanation(
        _f("η(t) = η", "_0", " · (s + (e − s) · min(t, N) / N)"),
        {"start_factor": "The rate at epoch 0, as a share of η₀ (s).",
         "end_factor": "The rate at the end of the line, as a share of η₀ (e).",
         "total_iters": "How many epochs the line takes (N); after that the rate stays put."},
        "Fine-tuning and BERT-style training often fall in a straight line to zero.",
        "If the line is shorter than the run, the rate then stays flat at e·η₀; with e = 0 those last epochs learn "
        "nothing at all.",
    ),
    "polynomial": Explanation(
        _f("η(t) = η", "_0", " · (1 − min(t, N) / N)", "^p"),
        {"total_iters": "Epochs until the rate reaches zero (N).",
         "power": "The curve's shape (p): 1 is a straight line, 2 drops fast early, 0.5 holds high longer."},
        "Segmentation and detection models often use power 0.9 over the whole run.",
        "Like any decay to zero, the last epochs barely learn; that is on purpose, but it costs time.",
    ),
    "inverse_sqrt": Explanation(
        _f("η(t) = η", "_0", "·t / W  for t < W,  then η", "_0", " · √(W / t)"),
        {"warmup_epochs": _WARMUP},
        "Training without a fixed end: the rate keeps shrinking but never hits zero.",
        "It falls slowly for ever: on a short run it ends still quite high.",
    ),
    "noam": Explanation(
        _f("η(t) = η", "_0", " · √W · min(n", "^−½", ", n · W", "^−3/2", "),  n = t + 1"),
        {"warmup_epochs": "The peak arrives at the end of this climb (W)."},
        "The original Transformer: a straight climb, then a 1/√step fall.",
        "In the paper η₀ comes from the model width (d_model^−½); change the width and the rate changes too.",
    ),
    "wsd": Explanation(
        _f("warm up → hold η", "_0", " → cool down to η", "_0", "·min_lr_ratio"),
        {"warmup_epochs": _WARMUP,
         "decay_epochs": "The length of the final cool-down.",
         "warmup_type": "Shape of the climb: linear, cosine or 1−√.",
         "decay_type": "Shape of the cool-down: 1−√ is the shape its authors found works best.",
         "min_lr_ratio": "Where the cool-down ends, as a share of η₀."},
        "Large language models trained for an unknown length: hold the peak, and cool down whenever you stop.",
        "Most of the gain comes in the cool-down: skip it and the model looks worse than it is.",
    ),
    "reduce_on_plateau": Explanation(
        _f("η ← max(η · factor, min_lr)  once the loss stalls"),
        {"factor": "What each cut multiplies the rate by: 0.1 divides it by ten.",
         "patience": "Epochs without a better loss allowed before a cut.",
         "threshold": "How much lower the loss must be to count as better.",
         "threshold_mode": "rel: a share of the best loss; abs: a fixed amount.",
         "cooldown": "Epochs after a cut when the loss is not judged.",
         "min_lr": "The floor: the rate is never cut below this."},
        "Runs you cannot plan ahead: the rate drops only when progress stalls.",
        "Noisy losses look like plateaus, so the rate can be cut too early.",
    ),
}


def explain(schedule: str) -> Explanation:
    """The words for `schedule`, or a ConfigError if it has none yet."""
    if schedule not in EXPLANATIONS:
        raise ConfigError(f"schedule={schedule!r} has no explanation yet")
    return EXPLANATIONS[schedule]


_ENDS_LOW_ON_PURPOSE = frozenset({"cosine", "warmup_cosine", "one_cycle", "linear", "polynomial", "wsd"})
_ENDS_AT_A_FEW_PERCENT = frozenset({"step", "multistep", "exponential"})
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

    It starts in lower case, to follow "This run" or a number and a colon.

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
    if schedule in _ENDS_AT_A_FEW_PERCENT:
        typical = 0.01 * (1 - _CLOSE) <= ratio <= 0.1 * (1 + _CLOSE)
        where = "; this one goes lower" if ratio < 0.01 else "; this one stays higher"
        if typical:
            where = ", as this one does"
        return f"{first} Step and exponential decays usually end at 1–10 % of η₀{where}."
    if schedule in _ENDS_LOW_ON_PURPOSE:
        if ratio < _NEAR_ZERO:
            return f"{first} Cosine, one-cycle and linear decays end near zero on purpose, so the ball can settle."
        return f"{first} Cosine, one-cycle and linear decays usually end near zero; this one stops higher."
    return first
