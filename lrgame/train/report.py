"""A finished training run as `python main.py train` prints it: one row per epoch.

Row t (t = 0 … T−1) is epoch t as a PyTorch loop logs it: the rate and momentum it trained at (its
first batch's, when the scheduler steps per batch), then the losses and test accuracy measured
after it, at w_t+1; so the last row holds the figures after the last epoch. From the epoch where a
run diverged on, the losses are null (and, under reduce-on-plateau, the rates it never set).

With a `SharpnessLog`, every row also has "sharpness": measured at the weights the epoch starts
from, w_t, beside the rate it trains at (so η·sharpness < 2 reads along a row); null in the epochs
not measured. For Adam it is the preconditioned sharpness (see `train.sharpness`).
"""

from __future__ import annotations

import json

from lrgame.engine.numfmt import sig4
from lrgame.train.run import TrainingRun
from lrgame.train.sharpness import SharpnessLog

FIELDS = ("epoch", "lr", "momentum", "train_loss", "test_loss", "test_accuracy")


def rows(run: TrainingRun, log: SharpnessLog | None = None) -> list[dict[str, float | int | None]]:
    """Every epoch's row (see the module's docstring)."""
    losses = [*run.losses[1:], run.final_loss]
    tests = [*run.test_losses[1:], run.final_test_loss]
    accuracies = [*run.test_accuracies[1:], run.final_test_accuracy]
    out = []
    for t in range(run.epochs):
        known = t < len(losses) and losses[t] is not None
        rate_known = run.controller is None or t < len(run.controller.rates)
        out.append({
            "epoch": t,
            "lr": run.epoch_rate(t) if rate_known else None,
            "momentum": run.epoch_momentum(t),
            "train_loss": losses[t] if known else None,
            "test_loss": tests[t] if known else None,
            "test_accuracy": accuracies[t] if known else None,
        } | ({} if log is None else {"sharpness": _sharpness(log, t)}))
    return out


def _sharpness(log: SharpnessLog, epoch: int) -> float | None:
    point = log.at(epoch)
    return None if point is None else point.sharpness


def to_json(run: TrainingRun, settings: dict[str, object], log: SharpnessLog | None = None) -> str:
    """{"settings": …, "epochs": [row, …]}, NaN-free."""
    doc = {"settings": {**settings, "diverged_at": run.diverged_at}, "epochs": rows(run, log)}
    return json.dumps(doc, ensure_ascii=False, allow_nan=False)


def to_table(run: TrainingRun, heading: str, log: SharpnessLog | None = None) -> str:
    """The rows as aligned text under a heading line; a diverged run says where."""
    def cell(value: float | None, percent: bool = False) -> str:
        if value is None:
            return "—"
        return f"{100 * value:.1f} %" if percent else sig4(value)

    head = ["epoch", "lr", "momentum", "train loss", "test loss", "test accuracy"] + ([] if log is None else
                                                                                      ["sharpness"])
    body = [[str(r["epoch"]), cell(r["lr"]), cell(r["momentum"]), cell(r["train_loss"]), cell(r["test_loss"]),
             cell(r["test_accuracy"], percent=True)] + ([] if log is None else [cell(r["sharpness"])])
            for r in rows(run, log)]
    widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]
    about = "Each row: the epoch's rate and momentum, then the figures measured after it."
    if log is not None:
        about += (" The sharpness is measured at the weights the epoch starts from"
                  + (" (Adam's, preconditioned)." if log.adam else "; plain SGD is stable while lr × sharpness < 2."))
    lines = [heading, about, ""]
    lines += ["  ".join(c.rjust(w) for c, w in zip(line, widths, strict=True)) for line in [head, *body]]
    if run.diverged_at is not None:
        lines.append(f"diverged: the loss blew up during epoch {run.diverged_at - 1}; lower η₀.")
    return "\n".join(lines)
