"""The range test's four rules measured (docs/range-test.md).

    PYTHONPATH=. nice python scripts/range_rules.py [--seeds 0,1,2]

For each seed: the range test's four suggestions; the final test loss of a 200-epoch cosine run at
each rule's η₀; and the best final test loss over a 12-point log grid of η₀ from 1e-3 to 10 (a run
that diverges counts as infinitely bad). A rule's score on a seed is its loss divided by that best
(1 is as good as the grid's best); the table gives each rule's worst over the seeds. The runs use
the window's default network recipe (optimizer and batch size: `recipe.DEFAULT`), and so does the range
test. Markdown on stdout.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import replace

import numpy as np

from lrgame.train.range_rules import LABELS, RECOMMENDED, RULES
from lrgame.train.range_test import range_test
from lrgame.train.recipe import DEFAULT, Recipe, network_run

EPOCHS = 200
SCHEDULE = "cosine"
GRID = np.logspace(-3, 1, 12)


def final_test_loss(lr0: float, seed: int, recipe: Recipe = DEFAULT) -> float:
    """The final test loss of a 200-epoch cosine run at η₀ = `lr0` (inf when it diverges)."""
    run = network_run(SCHEDULE, EPOCHS, {}, replace(recipe, lr0=float(lr0)), seed)
    run.advance(EPOCHS)
    return math.inf if run.final_test_loss is None else run.final_test_loss


def measure(seed: int) -> tuple[dict[str, float], dict[str, float], float, float]:
    """The rules' η₀, their final test losses, the grid's best loss and the η₀ that gave it."""
    rules = range_test(seed=seed, batch_size=DEFAULT.batch_size, optimizer=DEFAULT.optimizer).rules
    losses = {name: final_test_loss(rules[name], seed) for name in RULES}
    grid = [final_test_loss(lr0, seed) for lr0 in GRID]
    best = int(np.argmin(grid))
    return rules, losses, grid[best], float(GRID[best])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="0,1,2")
    seeds = [int(s) for s in parser.parse_args().seeds.split(",")]
    print(f"Cosine, T = {EPOCHS}, {DEFAULT.describe().rsplit(', η₀', 1)[0]}; seeds {seeds}.\n")
    print("| seed | grid's best η₀ | its test loss | " + " | ".join(f"{LABELS[n]} η₀ → loss" for n in RULES) + " |")
    print("|---" * (3 + len(RULES)) + "|")
    worst = dict.fromkeys(RULES, 0.0)
    for seed in seeds:
        rules, losses, best, best_lr0 = measure(seed)
        cells = [f"{rules[n]:.3g} → {losses[n]:.4f}" for n in RULES]
        print(f"| {seed} | {best_lr0:.3g} | {best:.4f} | " + " | ".join(cells) + " |")
        for n in RULES:
            worst[n] = max(worst[n], losses[n] / best)
    print("\n| rule | worst over the seeds of (final test loss ÷ the grid's best) |\n|---|---|")
    for n in RULES:
        print(f"| {LABELS[n]}{' (recommended)' if n == RECOMMENDED else ''} | {worst[n]:.3g} |")


if __name__ == "__main__":
    main()
