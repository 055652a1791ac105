"""Reduce on plateau: the loss-driven schedule. It has no curve drawn in advance: each epoch's rate
comes from the loss (`lrgame.engine.plateau.ReduceOnPlateau`, PyTorch's ReduceLROnPlateau), so the
registry keeps it beside the closed-form schedules, not among them."""

from __future__ import annotations

from lrgame.engine.params import ConfigError, Value
from lrgame.engine.plateau import PLATEAU_PARAMS
from lrgame.engine.schedules.family import Args, Curve, Explanation, Schedule, formula
from lrgame.engine.schedules.torch_code import arguments

NAME = "reduce_on_plateau"


def _follows_the_loss(lr0: float, epochs: int, **params: Value) -> Curve:
    raise ConfigError(f"{NAME} follows the loss, so it has no curve drawn in advance")


def _pytorch(lr0: float, total: int, p: Args) -> str:
    """One line however long: every one of ReduceLROnPlateau's settings, `p` holding all of them."""
    return f"scheduler = ReduceLROnPlateau({', '.join(arguments(**p))})"


SCHEDULE = Schedule(
    NAME, "Reduce on plateau (loss-driven)",
    "Watch the loss; when it stops falling for `patience` epochs, multiply the rate by `factor`.",
    # mode stays "min" (the window always watches a loss) and eps at PyTorch's 1e-8.
    tuple(p for p in PLATEAU_PARAMS if p.name not in ("mode", "eps")),
    _follows_the_loss,
    Explanation(
        formula("η ← max(η · factor, min_lr)  once the loss stalls"),
        {"factor": "What each cut multiplies the rate by: 0.1 divides it by ten.",
         "patience": "Epochs without a better loss allowed before a cut.",
         "threshold": "How much lower the loss must be to count as better.",
         "threshold_mode": {
             "rel": "The threshold is a share of the best loss: better means below best·(1 − threshold).",
             "abs": "The threshold is a fixed amount: better means below best − threshold."},
         "cooldown": "Epochs after a cut when bad epochs are not counted; a better loss still becomes the new best.",
         "min_lr": "The floor: the rate is never cut below this."},
        "Runs you cannot plan ahead: the rate drops only when progress stalls.",
        "Noisy losses look like plateaus, so the rate can be cut too early.",
    ),
    _pytorch,
)
