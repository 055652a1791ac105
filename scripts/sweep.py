"""The measured sweep behind the network's defaults (docs/training-sweep.md).

    PYTHONPATH=. nice python scripts/sweep.py [--jobs 2] [--seeds 0,1,2] [--runs PATH]
    PYTHONPATH=. nice python scripts/sweep.py --only sgd,8,1 --seeds 0,1,2,3,4

Trains the network (T = 200, scheduler stepped per epoch) over optimizer {SGD, SGD + momentum 0.9,
Adam} × batch size {8, 32, full} × 5 η₀ per optimizer × schedule {constant, step, cosine,
one-cycle, WSD} (each at the registry's defaults for T) × seeds, and beside each schedule but the
constant a constant at that schedule's own average rate (the same total Σ η). For each setting it
prints the mean final test loss over the seeds (± the sample standard deviation), and whether the
lesson holds there: cosine, step and one-cycle each end with a lower mean test loss than the
constant at their own average rate (a seed that diverged fails it). Markdown on stdout.

Each finished (setting, seed) is appended to `--runs` (JSON lines) as soon as it is trained, and a
run started again with the same file skips what is there: a sweep cut short loses nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from itertools import product

from lrgame.engine import schedules
from lrgame.sim.network_choice import TRAIN_SIZE
from lrgame.sim.optimizers import SGD, Adam
from lrgame.train.recipe import Recipe, average_rate, network_curves, run_on

EPOCHS = 200
OPTIMIZERS = {"sgd": SGD(), "sgd-momentum": SGD(momentum=0.9), "adam": Adam()}
RATES = {"sgd": (0.03, 0.1, 0.3, 1.0, 3.0), "sgd-momentum": (0.003, 0.01, 0.03, 0.1, 0.3),
         "adam": (0.0003, 0.001, 0.003, 0.01, 0.03)}
BATCHES = (8, 32, TRAIN_SIZE)
SCHEDULES = ("constant", "step", "cosine", "one_cycle", "wsd")
LESSON = ("step", "cosine", "one_cycle")  # each must beat the constant at its own average


def train_setting(task: tuple[str, int, float, int]) -> dict[str, float | None]:
    """One seed of one setting: the final test loss of every schedule and of each average's constant
    (None: diverged)."""
    name, batch, lr0, seed = task
    recipe = Recipe(lr0, batch, OPTIMIZERS[name], "epoch")
    out: dict[str, float | None] = {}
    for schedule in SCHEDULES:
        rates, momenta = network_curves(schedule, EPOCHS, {}, recipe)
        runs = {schedule: (rates, momenta)}
        if schedule != "constant":
            runs[f"avg {schedule}"] = (rates * 0 + average_rate(rates), None)
        for key, (r, m) in runs.items():
            run = run_on(r, m, recipe, seed)
            run.advance(EPOCHS)
            out[key] = run.final_test_loss
    return out


def _stat(values: list[float | None]) -> tuple[float | None, float | None, int]:
    finite = [v for v in values if v is not None]
    if len(finite) < len(values):
        return None, None, len(values) - len(finite)
    return statistics.fmean(finite), statistics.stdev(finite) if len(finite) > 1 else None, 0


def _cell(values: list[float | None]) -> str:
    mean, sd, diverged = _stat(values)
    if mean is None:
        return f"diverged {diverged}/{len(values)}"
    return f"{mean:.3f}" + ("" if sd is None else f" ± {sd:.3f}")


def holds(results: dict[str, list[float | None]]) -> bool:
    """The lesson: each of LESSON ends with a lower mean test loss than its average's constant."""
    for schedule in LESSON:
        mine, flat = _stat(results[schedule])[0], _stat(results[f"avg {schedule}"])[0]
        if mine is None or (flat is not None and mine >= flat):
            return False
    return True


def seed_wins(results: dict[str, list[float | None]], schedule: str) -> int:
    """On how many seeds the schedule ended below the constant at its own average."""
    pairs = zip(results[schedule], results[f"avg {schedule}"], strict=True)
    return sum(mine is not None and (flat is None or mine < flat) for mine, flat in pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seeds", default="0,1,2")
    parser.add_argument("--only", help="one setting, OPTIMIZER,B,LR0 (B a number or full)")
    parser.add_argument("--runs", default="sweep-runs.jsonl", help="every finished seed, one JSON line each")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    if args.only:
        name, batch, lr0 = args.only.split(",")
        settings = [(name, TRAIN_SIZE if batch == "full" else int(batch), float(lr0))]
    else:
        settings = [(n, b, lr) for n in OPTIMIZERS for b in BATCHES for lr in RATES[n]]
    tasks = [(n, b, lr, s) for (n, b, lr), s in product(settings, seeds)]
    done = _finished(args.runs)
    start = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool, open(args.runs, "a", encoding="utf-8") as log:
        todo = [t for t in tasks if t not in done]
        futures = {pool.submit(train_setting, t): t for t in todo}
        for future in as_completed(futures):
            task, result = futures[future], future.result()
            done[task] = result
            log.write(json.dumps({"task": task, "result": result}) + "\n")
            log.flush()
    took = time.perf_counter() - start
    table: dict[tuple[str, int, float], dict[str, list[float | None]]] = {}
    for task in tasks:
        cell = table.setdefault(task[:3], {})
        for key, value in done[task].items():
            cell.setdefault(key, []).append(value)
    labels = {s: schedules.get(s).label for s in SCHEDULES}
    print(f"T = {EPOCHS}, seeds {args.seeds}, final test loss: mean ± sample standard deviation over the seeds; "
          f"each schedule / the constant at its own average rate. {len(todo)} of {len(tasks)} (setting, seed) "
          f"pairs trained in this call, in {took:.0f} s with {args.jobs} jobs.\n")
    head = ["optimizer", "B", "η₀", labels["constant"], *(f"{labels[s]} / its average" for s in SCHEDULES[1:]),
            "seeds won: step, cosine, one-cycle", "lesson holds"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for (n, b, lr), results in table.items():
        cells = [n, "full" if b == TRAIN_SIZE else str(b), f"{lr:g}", _cell(results["constant"])]
        cells += [f"{_cell(results[s])} / {_cell(results[f'avg {s}'])}" for s in SCHEDULES[1:]]
        cells.append(", ".join(f"{seed_wins(results, s)}/{len(seeds)}" for s in LESSON))
        cells.append("**yes**" if holds(results) else "no")
        print("| " + " | ".join(cells) + " |")


def _finished(path: str) -> dict[tuple, dict[str, float | None]]:
    """The (setting, seed) pairs a earlier call finished, from the runs file (none if it is not there)."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return {}
    return {tuple(line["task"]): line["result"] for line in lines}


if __name__ == "__main__":
    main()
