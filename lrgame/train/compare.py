"""The grand comparison: every schedule trains the same network on the same data for the same T.

Fair by construction: same seed (same initial weights, same data), same number of epochs, and two
constant-rate baselines beside each schedule, one at the schedule's peak η₀ and one at its average
rate. Many published comparisons confound "a schedule" with "more total learning rate"; the
average-rate baseline tells the two apart.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass

import numpy as np

from lrgame import schedules
from lrgame.summary import summarize
from lrgame.train.run import train

THRESHOLD = 0.3
"""The loss every run is timed to: the first epoch whose loss is below it."""


@dataclass(frozen=True)
class Row:
    name: str
    rate: str  # how the rates were made, e.g. "cosine" or "constant at cosine's average 0.05"
    final_loss: float
    final_loss_spread: float
    best_loss: float
    accuracy: float
    epochs_to_threshold: float | None  # mean over the seeds that reached it
    reached: int  # how many seeds reached the threshold
    diverged: int  # how many seeds diverged


def _row(name: str, rate: str, rates: np.ndarray, seeds: list[int]) -> Row:
    runs = [train(rates, seed) for seed in seeds]
    finals = [r.losses[-1] if r.losses else float("nan") for r in runs]
    firsts = [next((t for t, loss in enumerate(r.losses) if loss < THRESHOLD), None) for r in runs]
    reached = [f for f in firsts if f is not None]
    return Row(
        name, rate,
        final_loss=statistics.fmean(finals),
        final_loss_spread=statistics.pstdev(finals) if len(finals) > 1 else 0.0,
        best_loss=statistics.fmean(min(r.losses) for r in runs),
        accuracy=statistics.fmean(r.accuracies[-1] for r in runs),
        epochs_to_threshold=statistics.fmean(reached) if reached else None,
        reached=len(reached),
        diverged=sum(r.diverged_at is not None for r in runs),
    )


def compare(epochs: int, lr0: float, seeds: list[int]) -> list[Row]:
    """Every closed-form schedule at registry defaults, the constant at η₀, and per schedule the
    constant at that schedule's average rate."""
    rows = [_row("constant at η₀", f"constant {lr0:g}", np.full(epochs + 1, lr0), seeds)]
    for name in schedules.SCHEDULES:
        if name == "constant":
            continue
        curve = schedules.curve(name, lr0=lr0, epochs=epochs)
        rows.append(_row(name, name, curve, seeds))
        average = summarize(curve, lr0, epochs).average
        rows.append(_row(f"  constant at its average", f"constant {average:.4g}", np.full(epochs + 1, average), seeds))
    return rows


def format_table(rows: list[Row], seeds: list[int]) -> str:
    """An aligned text table; with several seeds the final loss shows mean ± standard deviation."""
    head = (f"{'schedule':<26} {'final loss':>16} {'best loss':>10} {'accuracy':>9} "
            f"{'epochs to loss<' + format(THRESHOLD, 'g'):>16} {'diverged':>9}")
    lines = [f"seeds {','.join(map(str, seeds))}; mean over seeds, ± population standard deviation", head]
    for r in rows:
        to = "never" if r.epochs_to_threshold is None else f"{r.epochs_to_threshold:.0f} ({r.reached}/{len(seeds)})"
        final = f"{r.final_loss:.4f} ± {r.final_loss_spread:.4f}"
        lines.append(f"{r.name:<26} {final:>16} {r.best_loss:>10.4f} {r.accuracy:>9.3f} {to:>16} "
                     f"{r.diverged:>6}/{len(seeds)}")
    return "\n".join(lines)


def rows_to_json(rows: list[Row]) -> str:
    return json.dumps([asdict(r) for r in rows], indent=1)
