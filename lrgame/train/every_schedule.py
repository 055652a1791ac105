"""The grand comparison: every schedule trains the same network on the same data for the same T.

Fair by construction. For each seed every run starts from the same initial weights on the same
spiral; every run has the same T. Beside the closed-form schedules of `schedules.SCHEDULES` (each
at its registry defaults for η₀ and T) stand constant-rate baselines:

- one at the peak η₀, and
- for each schedule, one at that schedule's average rate over the epochs trained (0..T−1, as
  `summary.summarize` computes it), so both take the same total step size Σ η_t.

Many published comparisons confound "a schedule" with "more total learning rate"; the average-rate
baseline tells the two apart.

Each distinct run is trained once and shown once: a row lists every role its rates play (`roles`);
rates that agree to 1e-12 relative (`SAME_RATES`) are one run.
At the defaults the `constant` schedule, the η₀ baseline and constant's own average are one run,
and so are the average baselines of schedules with the same average (cosine, linear, polynomial).

Columns (each seed's run first, then mean ± spread over seeds):

- final loss, final accuracy: at the weights after the last epoch, over the seeds that did not
  diverge (a diverged run has no final weights worth measuring);
- best loss: the lowest loss measured during the run (w_0 … w_T, up to a divergence), every seed;
- epochs to loss < THRESHOLD: how many epochs had been trained when the loss first fell below
  THRESHOLD, the same threshold for every run, over the seeds that got there ("k/n" says how many);
- diverged: how many seeds diverged.

The spread is the sample standard deviation over seeds (n − 1 in the denominator); with one seed
there is none. Everything is deterministic: the same arguments give the identical table.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

from lrgame.engine import schedules
from lrgame.engine.params import ConfigError
from lrgame.engine.summary import summarize
from lrgame.train.data import check_seed
from lrgame.train.run import Result, TrainingRun

THRESHOLD = 0.1
"""The loss every run is timed to. Mean cross-entropy 0.1 means the right class gets e^−0.1 ≈ 0.90
of the probability on (geometric) average: a network that has learned the spiral, not one on its way."""

SAME_RATES = 1e-12
"""Rates this close (relative) are one run: linear and polynomial of power 1 differ by an ulp or two."""

SPREAD = "sample standard deviation over seeds"
PEAK, SCHEDULE, AVERAGE = "constant at η₀", "schedule", "constant at the schedule's average"


@dataclass(frozen=True)
class Stat:
    """Mean over `n` seeds and the sample standard deviation (None when n = 1)."""

    mean: float
    spread: float | None
    n: int


def _stat(values: Sequence[float]) -> Stat | None:
    if not values:
        return None
    return Stat(statistics.fmean(values), statistics.stdev(values) if len(values) > 1 else None, len(values))


@dataclass(frozen=True)
class Role:
    """One thing a run stands for: the η₀ baseline (PEAK), a schedule, or a schedule's average baseline."""

    kind: str  # PEAK, SCHEDULE or AVERAGE
    schedule: str | None  # the schedule this role is or belongs to (None for PEAK)


@dataclass(frozen=True)
class TableRow:
    name: str  # what the run is, every role named, e.g. "constant 0.5025 (average of cosine, linear)"
    roles: tuple[Role, ...]  # in table order; the first decides where the row sits
    rate: float | None  # a baseline's constant rate; None for a schedule
    seeds: tuple[int, ...]
    final_loss: Stat | None  # over the seeds that did not diverge; None if all did
    best_loss: Stat | None
    final_accuracy: Stat | None
    epochs_to_threshold: Stat | None  # over the seeds that reached THRESHOLD; None if none did
    reached: int
    diverged: int


@dataclass(frozen=True)
class _Plan:
    """One distinct run: its rates and every role they play."""

    roles: tuple[Role, ...]
    rate: float | None
    rates: np.ndarray


def _plans(epochs: int, lr0: float) -> list[_Plan]:
    """What to train, in table order: the η₀ baseline, then each schedule and its average baseline.
    A run whose rates agree with an earlier one's (`same_rates`) joins that one's roles instead of
    making a new row, and is trained with that one's rates."""
    wanted = [(Role(PEAK, None), lr0, np.full(epochs + 1, lr0))]
    for name in schedules.SCHEDULES:
        try:
            curve = schedules.curve(name, lr0=lr0, epochs=epochs)
        except ConfigError as error:
            raise ConfigError(f"epochs={epochs} is too short to run every schedule at its defaults: {name}: "
                              f"{error}") from None
        average = summarize(curve, lr0, epochs).average
        wanted.append((Role(SCHEDULE, name), None, curve))
        wanted.append((Role(AVERAGE, name), average, np.full(epochs + 1, average)))
    plans: list[_Plan] = []
    for role, rate, rates in wanted:
        i = next((i for i, p in enumerate(plans) if same_rates(p.rates, rates)), None)
        if i is None:
            plans.append(_Plan((role,), rate, rates))
        else:
            plans[i] = _Plan((*plans[i].roles, role), plans[i].rate, plans[i].rates)
    return plans


def same_rates(a: np.ndarray, b: np.ndarray) -> bool:
    """Do two runs' rates agree to SAME_RATES relative at every epoch (so they are one run)?"""
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= SAME_RATES * np.maximum(np.abs(a), np.abs(b))))


def _name(plan: _Plan) -> str:
    """The row's label: the schedule's name, or the constant rate, then every other role it plays."""
    head = plan.roles[0]
    said = []
    for role in plan.roles:
        if role.kind == PEAK:
            said.append("η₀")
        elif role.kind == SCHEDULE and role is not head:
            said.append(f"the {role.schedule} schedule")
    averages = [r.schedule for r in plan.roles if r.kind == AVERAGE]
    if len(averages) == 1 and (head.kind == AVERAGE or Role(SCHEDULE, averages[0]) in plan.roles):
        said.append("its average")
    elif averages:
        said.append(f"average of {', '.join(averages)}")
    name = head.schedule if head.kind == SCHEDULE else f"constant {plan.rate:.4g}"
    return name + (f" ({'; '.join(said)})" if said else "")


def _check_seeds(seeds: object) -> tuple[int, ...]:
    refused = ConfigError(f"seeds={seeds!r} is not allowed: give one or more different whole numbers >= 0")
    if isinstance(seeds, str | bytes) or not isinstance(seeds, Sequence) or not seeds:
        raise refused
    try:
        out = tuple(check_seed(s) for s in seeds)
    except ConfigError:
        raise refused from None
    if len(set(out)) != len(out):
        raise refused
    return out


class EverySchedule:
    """The comparison, trained a slice at a time so a window can run it between frames.

    `advance(budget_s)` trains for about that long and returns; `rows()` is ready once `done`.
    """

    def __init__(self, epochs: int, lr0: float, seeds: Sequence[int]) -> None:
        ctx = schedules.context(lr0, epochs)
        self.epochs, self.lr0, self.seeds = ctx.epochs, ctx.lr0, _check_seeds(seeds)
        self.plans = _plans(self.epochs, self.lr0)
        self._todo = [(i, seed) for i in range(len(self.plans)) for seed in self.seeds]
        self._results: dict[tuple[int, int], Result] = {}
        self._current: TrainingRun | None = None
        self._epochs_done = 0

    @property
    def total_epochs(self) -> int:
        return len(self._todo) * self.epochs

    @property
    def done(self) -> bool:
        return len(self._results) == len(self._todo)

    @property
    def runs_done(self) -> int:
        """Runs finished so far (one per distinct run and seed)."""
        return len(self._results)

    @property
    def progress(self) -> float:
        """Share of the work done, 0..1."""
        running = self._current.epoch if self._current is not None else 0
        return 1.0 if self.done else (self._epochs_done + running) / max(1, self.total_epochs)

    def advance(self, budget_s: float | None = None, max_epochs: int | None = None) -> None:
        """Train until `budget_s` seconds have gone by or `max_epochs` epochs are trained (None: no
        limit; both None: to the end). A window passes epochs, so the same frames give the same table."""
        start = time.perf_counter()
        trained = 0
        while not self.done:
            left = None if budget_s is None else budget_s - (time.perf_counter() - start)
            if (left is not None and left <= 0) or (max_epochs is not None and trained >= max_epochs):
                return
            plan, seed = self._todo[len(self._results)]
            if self._current is None:
                self._current = TrainingRun(self.plans[plan].rates, seed)
            n = self.epochs if max_epochs is None else max_epochs - trained
            trained += self._current.advance(n, budget_s=left)
            if self._current.done:
                self._results[(plan, seed)] = self._current.result()
                self._epochs_done += self.epochs
                self._current = None

    def rows(self) -> list[TableRow]:
        if not self.done:
            raise RuntimeError("the comparison is not finished: call advance() until done")
        return self.rows_so_far()

    def rows_so_far(self) -> list[TableRow]:
        """The rows whose runs have all finished, in table order (runs finish in that order)."""
        return [self._row(i) for i in range(len(self.plans)) if all((i, s) in self._results for s in self.seeds)]

    def _row(self, i: int) -> TableRow:
        plan = self.plans[i]
        runs = [self._results[(i, seed)] for seed in self.seeds]
        finished = [r for r in runs if r.diverged_at is None]
        firsts = [r.first_below(THRESHOLD) for r in runs]
        reached = [float(t) for t in firsts if t is not None]
        return TableRow(
            name=_name(plan), roles=plan.roles, rate=plan.rate, seeds=self.seeds,
            final_loss=_stat([r.final_loss for r in finished if r.final_loss is not None]),
            best_loss=_stat([r.best_loss for r in runs if r.best_loss is not None]),
            final_accuracy=_stat([r.final_accuracy for r in finished if r.final_accuracy is not None]),
            epochs_to_threshold=_stat(reached),
            reached=len(reached),
            diverged=len(runs) - len(finished),
        )


def compare(epochs: int, lr0: float, seeds: Sequence[int]) -> list[TableRow]:
    """Every closed-form schedule at registry defaults, the constant at η₀, and per schedule the
    constant at that schedule's average rate: each distinct run trained once per seed, shown once."""
    run = EverySchedule(epochs, lr0, seeds)
    run.advance()
    return run.rows()


# ---- output ---------------------------------------------------------------------------------------


def _cell(stat: Stat | None, digits: int, missing: str = "—") -> str:
    if stat is None:
        return missing
    if stat.spread is None:
        return f"{stat.mean:.{digits}f}"
    return f"{stat.mean:.{digits}f} ± {stat.spread:.{digits}f}"


def _label(row: TableRow) -> str:
    """The name, indented under its schedule when the row is only average baselines."""
    return ("  " if all(r.kind == AVERAGE for r in row.roles) else "") + row.name


def format_table(rows: Sequence[TableRow], seeds: object = None) -> str:
    """A plain-text table, columns aligned. (`seeds` is accepted for old callers; rows carry them.)"""
    if not rows:
        return "(no rows)"
    n = len(rows[0].seeds)
    how = f"mean ± {SPREAD}" if n > 1 else "one seed"
    lines = [
        f"seeds {','.join(map(str, rows[0].seeds))}: {how}.",
        "final loss, accuracy: after the last epoch, over the seeds that did not diverge.",
        f"epochs to loss<{THRESHOLD:g}: epochs trained when the loss first fell below {THRESHOLD:g} (the same for "
        "every run); k/n seeds got there.",
        "",
    ]
    head = ["schedule", "final loss", "best loss", "accuracy", f"epochs to loss<{THRESHOLD:g}", "diverged"]
    body = []
    for r in rows:
        to = "never" if r.epochs_to_threshold is None else f"{_cell(r.epochs_to_threshold, 0)} ({r.reached}/{n})"
        final = _cell(r.final_loss, 4, "diverged")
        accuracy = _cell(r.final_accuracy, 3, "diverged")
        body.append([_label(r), final, _cell(r.best_loss, 4), accuracy, to, f"{r.diverged}/{n}"])
    widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]

    def fmt(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))]).rstrip()

    return "\n".join([*lines, fmt(head), *(fmt(cells) for cells in body)])


def rows_to_json(rows: Sequence[TableRow]) -> str:
    """The rows as JSON text (NaN-free: a missing number is null), with the threshold and the spread."""
    doc = {"threshold": THRESHOLD, "spread": SPREAD, "rows": [asdict(r) for r in rows]}
    return json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False)  # a NaN would raise, not print
