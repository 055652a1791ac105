"""The measured sweep behind the network's defaults (docs/training-sweep.md).

    PYTHONPATH=. nice python scripts/sweep.py [--jobs 2] [--epochs 200] [--seeds 0,1,2] [--runs PATH]
    PYTHONPATH=. nice python scripts/sweep.py --optimizers sgd --batches 32 --rates 1 --seeds 0,1,2,3,4

Trains the network (scheduler stepped per epoch) over optimizer {SGD, SGD + momentum 0.9, Adam} ×
batch size {8, 32, full} × 5 η₀ per optimizer × schedule {constant, step, cosine, one-cycle, WSD}
(each at the registry's defaults for T) × seeds, and beside each schedule but the constant a
constant at that schedule's own average rate (the same total Σ η); --optimizers, --batches and
--rates narrow the grid or try other values. For each setting it prints the mean final test loss
over the seeds (± the sample standard deviation), and whether the lesson holds there: cosine,
step and one-cycle each end with a lower mean test loss than the constant at their own average
rate (a seed that diverged fails it). Markdown on stdout.

It imports no numpy before lrgame, which sets one BLAS thread before numpy loads (two threads on
these tiny products are several times slower). The runs of one setting, every schedule and seed,
train as one stack (`lrgame.train.batched`),
each to the bit the run trained alone. Each finished (setting, T, seed) is appended to `--runs`
(JSON lines) as soon as its setting is trained, and a call started again with the same file
skips what is there: a sweep cut short loses nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed

from lrgame.engine import schedules
from lrgame.engine.numbers import check_epochs, check_lr0, typed_whole_in
from lrgame.engine.params import ConfigError
from lrgame.sim.network_choice import TRAIN_SIZE, check_batch_size
from lrgame.sim.optimizers import SGD, Adam
from lrgame.sim.settings import SEED_RANGE
from lrgame.train.batched import train_together
from lrgame.train.recipe import Recipe, average_rate, network_curves, run_on
from lrgame.train.run import batches_per_epoch

EPOCHS = 200
OPTIMIZERS = {"sgd": SGD(), "sgd-momentum": SGD(momentum=0.9), "adam": Adam()}
RATES = {"sgd": (0.03, 0.1, 0.3, 1.0, 3.0), "sgd-momentum": (0.003, 0.01, 0.03, 0.1, 0.3),
         "adam": (0.0003, 0.001, 0.003, 0.01, 0.03)}
BATCHES = (8, 32, TRAIN_SIZE)
SCHEDULES = ("constant", "step", "cosine", "one_cycle", "wsd")
LESSON = ("step", "cosine", "one_cycle")  # each must beat the constant at its own average

Setting = tuple[str, int, float, int]  # optimizer, B, η₀, T


def train_setting(setting: Setting, seeds: tuple[int, ...]) -> dict[int, dict[str, float | None]]:
    """Every seed of one setting, as one stack: per seed, the final test loss of every schedule and
    of each average's constant (None: diverged)."""
    name, batch, lr0, epochs = setting
    recipe = Recipe(lr0, batch, OPTIMIZERS[name], "epoch")
    curves = {}
    for schedule in SCHEDULES:
        rates, momenta = network_curves(schedule, epochs, {}, recipe)
        curves[schedule] = (rates, momenta)
        if schedule != "constant":
            curves[f"avg {schedule}"] = (rates * 0 + average_rate(rates), None)
    runs = {(key, seed): run_on(rates, momenta, recipe, seed) for key, (rates, momenta) in curves.items()
            for seed in seeds}
    train_together(list(runs.values()))
    return {seed: {key: runs[(key, seed)].final_test_loss for key in curves} for seed in seeds}


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


def _checked(check: Callable[[str], object]) -> Callable[[str], object]:
    """An argparse type from a checking function: its ConfigError becomes argparse's one-line
    message and exit status 2."""

    def parse(text: str) -> object:
        try:
            return check(text)
        except ConfigError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parse


def _listed(check: Callable[[str], object]) -> Callable[[str], object]:
    """Comma-separated values, each checked, none twice."""

    def parse(text: str) -> list:
        values = [check(part.strip()) for part in text.split(",")]
        if len(set(values)) != len(values):
            raise ConfigError(f"{text!r} is not allowed: give each value once")
        return values

    return _checked(parse)


def _optimizer(text: str) -> str:
    if text not in OPTIMIZERS:
        raise ConfigError(f"optimizer={text!r} is not allowed: give {', '.join(OPTIMIZERS)}")
    return text


def _jobs(text: str) -> int:
    return typed_whole_in("jobs", text, 1, 64)


def _seed(text: str) -> int:
    return typed_whole_in("seed", text, *SEED_RANGE)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=_checked(_jobs), default=2, help="processes training at once")
    parser.add_argument("--epochs", type=_checked(check_epochs), default=EPOCHS, help="T")
    parser.add_argument("--seeds", type=_listed(_seed), default=[0, 1, 2])
    parser.add_argument("--optimizers", type=_listed(_optimizer), default=list(OPTIMIZERS))
    parser.add_argument("--batches", type=_listed(check_batch_size), default=list(BATCHES), help="B: numbers or full")
    parser.add_argument("--rates", type=_listed(check_lr0), help="the network's η₀ (default: five per optimizer)")
    parser.add_argument("--runs", default="sweep-runs.jsonl", help="every finished seed, one JSON line each")
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    jobs, epochs, seeds = args.jobs, args.epochs, tuple(args.seeds)
    settings = [(n, b, lr, epochs) for n in args.optimizers for b in args.batches
                for lr in (args.rates or RATES[n])]
    done = _finished(args.runs)
    todo = {s: tuple(seed for seed in seeds if (*s, seed) not in done) for s in settings}
    todo = {s: left for s, left in todo.items() if left}
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool, open(args.runs, "a", encoding="utf-8") as log:
        # the slowest settings (most steps an epoch) first, so the two jobs end together
        order = sorted(todo, key=lambda s: -batches_per_epoch(s[1]))
        futures = {pool.submit(train_setting, s, todo[s]): s for s in order}
        for future in as_completed(futures):
            setting = futures[future]
            for seed, result in future.result().items():
                done[(*setting, seed)] = result
                log.write(json.dumps({"task": [*setting, seed], "result": result}) + "\n")
            log.flush()
    took = time.perf_counter() - start
    trained = sum(len(left) for left in todo.values())
    print(f"T = {epochs}, seeds {','.join(map(str, seeds))}, final test loss: mean ± sample standard deviation over "
          f"the seeds; each schedule / the constant at its own average rate. {trained} of "
          f"{len(settings) * len(seeds)} (setting, seed) pairs trained in this call, in {took:.0f} s with {jobs} "
          "jobs.\n")
    _table(settings, seeds, done)


def _table(settings: list[Setting], seeds: tuple[int, ...], done: dict[tuple, dict[str, float | None]]) -> None:
    labels = {s: schedules.get(s).label for s in SCHEDULES}
    head = ["optimizer", "B", "η₀", labels["constant"], *(f"{labels[s]} / its average" for s in SCHEDULES[1:]),
            "seeds won: step, cosine, one-cycle", "lesson holds"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for setting in settings:
        name, b, lr, _ = setting
        results: dict[str, list[float | None]] = {}
        for seed in seeds:
            for key, value in done[(*setting, seed)].items():
                results.setdefault(key, []).append(value)
        cells = [name, "full" if b == TRAIN_SIZE else str(b), f"{lr:g}", _cell(results["constant"])]
        cells += [f"{_cell(results[s])} / {_cell(results[f'avg {s}'])}" for s in SCHEDULES[1:]]
        cells.append(", ".join(f"{seed_wins(results, s)}/{len(seeds)}" for s in LESSON))
        cells.append("**yes**" if holds(results) else "no")
        print("| " + " | ".join(cells) + " |")


def _finished(path: str) -> dict[tuple, dict[str, float | None]]:
    """The (optimizer, B, η₀, T, seed) an earlier call finished, from the runs file (none if it is not there)."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return {}
    return {tuple(line["task"]): line["result"] for line in lines if len(line["task"]) == 5}


if __name__ == "__main__":
    main()
