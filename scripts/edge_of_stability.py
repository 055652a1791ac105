"""The edge of stability on the spiral network, measured (docs/edge-of-stability.md).

    PYTHONPATH=. nice python scripts/edge_of_stability.py

Trains the network (seed 0) with its sharpness every 10 epochs (`train.sharpness.SharpnessLog`):

1. full batch, plain SGD, a constant rate η for T = 1,000 epochs, for several η: the sharpness at
   the start, its largest, and over the second half of the run the ratio sharpness ÷ (2/η) (1 is
   the edge of stability), with the final training loss;
2. full batch under cosine and step decay from η₀ = 2: sharpness and 2/η(t) along the run;
3. the window's mini-batches (B = 32) at constant rates, and Adam at full batch (its
   preconditioned sharpness against its own edge), for contrast.

Markdown on stdout.
"""

from __future__ import annotations

import numpy as np

from lrgame.engine import schedules
from lrgame.sim.optimizers import Adam
from lrgame.train.run import TrainingRun
from lrgame.train.sharpness import SharpnessLog

T, EVERY = 1000, 10


def follow(rates: np.ndarray, **options: object) -> tuple[TrainingRun, SharpnessLog]:
    run = TrainingRun(rates, 0, **options)
    log = SharpnessLog(run, EVERY)
    run.advance(run.epochs, watch=[log])
    return run, log


def constant_rows(etas: tuple[float, ...], **options: object) -> None:
    print("| η | 2/η (Adam: its edge) | sharpness first measured (Adam: epoch 10) | largest | second half: "
          "sharpness ÷ edge, median (min … max) | final training loss |")
    print("|---|---|---|---|---|---|")
    for eta in etas:
        run, log = follow(np.full(T + 1, eta), **options)
        points = [p for p in log.points if p.sharpness is not None]
        s = np.array([p.sharpness for p in points])
        ratio = np.array([p.sharpness / p.limit for p in points if p.epoch >= T // 2])
        final = "diverged" if run.final_loss is None else f"{run.final_loss:.4f}"
        print(f"| {eta:g} | {points[-1].limit:.4g} | {s[0]:.3g} | {s.max():.3g} | {np.median(ratio):.2f} "
              f"({ratio.min():.2f} … {ratio.max():.2f}) | {final} |")


def schedule_rows(name: str, lr0: float, **params: object) -> None:
    run, log = follow(schedules.curve(name, lr0=lr0, epochs=T, **params))
    print(f"\n{name} from η₀ = {lr0:g}, full batch, T = {T} (final training loss {run.final_loss:.4f}):\n")
    print("| epoch | η | 2/η | sharpness | sharpness ÷ 2/η |\n|---|---|---|---|---|")
    for p in log.points[::10]:
        eta = run.epoch_rate(min(p.epoch, T - 1))
        ratio = p.sharpness / p.plain_limit
        print(f"| {p.epoch} | {eta:.3g} | {p.plain_limit:.3g} | {p.sharpness:.3g} | {ratio:.2f} |")


def main() -> None:
    print("## Full batch, constant rate (plain SGD)\n")
    constant_rows((0.1, 0.3, 0.5, 1.0, 1.5, 2.0))
    print("\n## Decaying schedules, full batch\n")
    schedule_rows("cosine", 2.0)
    schedule_rows("multistep", 2.0, milestones=(300, 600), gamma=0.1)
    print("\n## Mini-batches (B = 32), constant rate\n")
    constant_rows((0.3, 1.0), batch_size=32)
    print("\n## Adam, full batch, constant rate: the preconditioned sharpness against (2 + 2β₁)/((1 − β₁)·η)\n")
    constant_rows((0.001, 0.01), optimizer=Adam())


if __name__ == "__main__":
    main()
