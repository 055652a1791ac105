"""The grand comparison: every schedule trains the same network on the same data for the same T.

Fair by construction. For each seed every run starts from the same initial weights on the same
spiral, with the same mini-batches in the same order, the same optimizer and the same T (the
`Recipe`: the network's η₀, batch size, optimizer and scheduler step). Beside the closed-form
schedules of `schedules.SCHEDULES` (each at its registry defaults for η₀ and T) stand constant-rate
baselines:

- one at the peak η₀, and
- for each schedule, one at that schedule's average rate over the steps trained (with the
  scheduler stepped per epoch, epochs 0..T−1, as `summary.summarize` computes it), so both take the
  same total step size Σ η_t. A constant keeps the optimizer's own momentum.

Many published comparisons confound "a schedule" with "more total learning rate"; the average-rate
baseline tells the two apart.

Each distinct run is trained once and shown once: a row lists every role its rates play (`roles`);
rates (and momenta) that agree to 1e-12 relative (`SAME_RATES`) are one run.
At the defaults the `constant` schedule, the η₀ baseline and constant's own average are one run,
and so are the average baselines of schedules with the same average (cosine, linear, polynomial).

Columns (each seed's run first, then mean ± spread over seeds):

- final loss, test loss, test accuracy: at the weights after the last epoch, on the training set
  and on the held-out test set, over the seeds that did not diverge (a diverged run has no final
  weights worth measuring);
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
from lrgame.train.batched import Stack
from lrgame.train.data import check_seed
from lrgame.train.recipe import Recipe, average_rate, network_curves, run_on
from lrgame.train.run import Result, TrainingRun

THRESHOLD = 0.1
"""The loss every run is timed to. Mean cross-entropy 0.1 means the right class gets e^−0.1 ≈ 0.90
of the probability on (geometric) average: a network that has learned the spiral, not one on its way."""

SAME_RATES = 1e-12
"""Rates this close (relative) are one run: linear and polynomial of power 1 differ by an ulp or two."""

SPREAD = "sample standard deviation over seeds"
PEAK, SCHEDULE, AVERAGE = "constant at η₀", "schedule", "constant at the schedule's average"
NEW_STACK = "new stack"  # the piece that makes the next rows' runs (`EverySchedule.piece`)
STACK_MEASURE, STACK_STEP = "stack: measure and step", "stack: step"  # a step of every run in the stack,
# the first of an epoch measuring the epoch's figures before it (the dearer kind)


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
    test_loss: Stat | None  # on the held-out test set, after the last epoch
    test_accuracy: Stat | None
    epochs_to_threshold: Stat | None  # over the seeds that reached THRESHOLD; None if none did
    reached: int
    diverged: int


@dataclass(frozen=True)
class _Plan:
    """One distinct run: its rates (and momenta, where a schedule drives them) and every role they play."""

    roles: tuple[Role, ...]
    rate: float | None
    rates: np.ndarray
    momenta: np.ndarray | None = None


def _plans(epochs: int, recipe: Recipe) -> list[_Plan]:
    """What to train, in table order: the η₀ baseline, then each schedule and its average baseline.
    A run whose rates and momenta agree with an earlier one's (`same_rates`) joins that one's roles
    instead of making a new row, and is trained with that one's."""
    lr0, steps = recipe.lr0, epochs * recipe.steps_per_epoch
    wanted = [(Role(PEAK, None), lr0, np.full(steps + 1, lr0), None)]
    for name in schedules.SCHEDULES:
        try:
            curve, momenta = network_curves(name, epochs, {}, recipe)
        except ConfigError as error:
            raise ConfigError(f"epochs={epochs} is too short to run every schedule at its defaults: {name}: "
                              f"{error}") from None
        average = average_rate(curve)
        wanted.append((Role(SCHEDULE, name), None, curve, momenta))
        wanted.append((Role(AVERAGE, name), average, np.full(steps + 1, average), None))
    plans: list[_Plan] = []
    for role, rate, rates, momenta in wanted:
        i = next((i for i, p in enumerate(plans) if same_rates(p.rates, rates) and _same_momenta(p.momenta, momenta)),
                 None)
        if i is None:
            plans.append(_Plan((role,), rate, rates, momenta))
        else:
            plans[i] = _Plan((*plans[i].roles, role), plans[i].rate, plans[i].rates, plans[i].momenta)
    return plans


def _same_momenta(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and same_rates(a, b))


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


STACK = 12
"""Runs trained together (`batched.Stack`): whole rows, all their seeds, so rows still arrive in
table order. Measured: at batch 32 a stack of 12 trains a run's epoch about twice as fast as one
run alone, at batch 8 three times; wider stacks gain little more, and one step of 12 runs stays a
fraction of a frame."""


class EverySchedule:
    """The comparison, trained a slice at a time so a window can run it between frames.

    `advance(budget_s)` trains for about that long and returns; `rows()` is ready once `done`.
    The runs train in stacks of whole rows (`STACK`), row after row in table order.
    """

    def __init__(self, epochs: int, recipe: Recipe, seeds: Sequence[int]) -> None:
        ctx = schedules.context(recipe.lr0, epochs)
        self.epochs, self.lr0, self.seeds, self.recipe = ctx.epochs, ctx.lr0, _check_seeds(seeds), recipe
        self.plans = _plans(self.epochs, recipe)
        self._todo = [(i, seed) for i in range(len(self.plans)) for seed in self.seeds]
        self._results: dict[tuple[int, int], Result] = {}
        self._stack: Stack | None = None
        self._training: list[tuple[tuple[int, int], TrainingRun]] = []
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
    def training_now(self) -> tuple[int, int]:
        """The runs training together now, or next (first, last, counted from 1): a stack of whole rows."""
        first = len(self._results)
        width = len(self._training) or max(1, STACK // len(self.seeds)) * len(self.seeds)
        return first + 1, min(first + width, len(self._todo))

    @property
    def progress(self) -> float:
        """Share of the work done, 0..1."""
        running = sum(self.epochs if run.done else run.epoch for _, run in self._training)
        return 1.0 if self.done else (self._epochs_done + running) / max(1, self.total_epochs)

    def advance(self, budget_s: float | None = None, max_epochs: int | None = None) -> None:
        """Train until `budget_s` seconds have gone by or about `max_epochs` epochs of runs are
        trained (None: no limit; both None: to the end): a step of a stack of K runs counts as K
        runs' steps. A window passes epochs, so the same frames give the same table."""
        start = time.perf_counter()
        steps = None if max_epochs is None else max_epochs * self.recipe.batches  # runs' optimizer steps
        while not self.done:
            left = None if budget_s is None else budget_s - (time.perf_counter() - start)
            if (left is not None and left <= 0) or (steps is not None and steps <= 0):
                return
            if self._stack is None:
                self._start_stack()
            stack = self._stack
            width = stack.width
            taken = stack.advance(None if steps is None else -(-steps // max(1, width)), budget_s=left)
            if steps is not None:
                steps -= taken * width
            if stack.done:
                self._collect()

    def _collect(self) -> None:
        """The finished stack's results, its rows now in the table."""
        for key, run in self._training:
            self._results[key] = run.result()
        self._epochs_done += len(self._training) * self.epochs
        self._stack, self._training = None, []

    def _start_stack(self) -> None:
        """The next rows' runs, every seed of each, as one stack."""
        first = len(self._results)
        rows = max(1, STACK // len(self.seeds))
        keys = self._todo[first:first + rows * len(self.seeds)]
        self._training = [((plan, seed), run_on(self.plans[plan].rates, self.plans[plan].momenta, self.recipe, seed))
                          for plan, seed in keys]
        self._stack = Stack([run for _, run in self._training])

    def next_piece(self) -> str | None:
        """What the next `piece` does: NEW_STACK (make the next rows' runs) or a step of the stack
        (STACK_MEASURE at an epoch's start, else STACK_STEP); None once every run is done."""
        if self.done:
            return None
        if self._stack is None:
            return NEW_STACK
        return STACK_MEASURE if self._stack.batch == 0 else STACK_STEP

    def piece(self) -> None:
        """One piece of the comparison (see `next_piece`): the same table as `advance`, piece for piece."""
        if self.done:
            return
        if self._stack is None:
            self._start_stack()
        else:
            self._stack.advance(1)
        if self._stack.done:  # (a stack of runs of T = 0 is done when made)
            self._collect()

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
            test_loss=_stat([r.final_test_loss for r in finished if r.final_test_loss is not None]),
            test_accuracy=_stat([r.final_test_accuracy for r in finished if r.final_test_accuracy is not None]),
            epochs_to_threshold=_stat(reached),
            reached=len(reached),
            diverged=len(runs) - len(finished),
        )


def compare(epochs: int, recipe: Recipe, seeds: Sequence[int]) -> list[TableRow]:
    """Every closed-form schedule at registry defaults, the constant at η₀, and per schedule the
    constant at that schedule's average rate: each distinct run trained once per seed, shown once."""
    run = EverySchedule(epochs, recipe, seeds)
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


def format_table(rows: Sequence[TableRow], setting: str) -> str:
    """A plain-text table, columns aligned, under a line naming the `setting` (`heading`)."""
    if not rows:
        return "(no rows)"
    n = len(rows[0].seeds)
    how = f"mean ± {SPREAD}" if n > 1 else "one seed"
    lines = [
        setting,
        f"seeds {','.join(map(str, rows[0].seeds))}: {how}.",
        "train loss, test loss, test accuracy: after the last epoch, on the training set and on the held-out test "
        "set, over the seeds that did not diverge.",
        f"epochs to loss<{THRESHOLD:g}: epochs trained when the training loss first fell below {THRESHOLD:g} (the "
        "same for every run); k/n seeds got there.",
        "",
    ]
    head = ["schedule", "train loss", "test loss", "test accuracy", "best train loss", f"epochs to loss<{THRESHOLD:g}",
            "diverged"]
    body = []
    for r in rows:
        to = "never" if r.epochs_to_threshold is None else f"{_cell(r.epochs_to_threshold, 0)} ({r.reached}/{n})"
        body.append([_label(r), _cell(r.final_loss, 4, "diverged"), _cell(r.test_loss, 4, "diverged"),
                     _cell(r.test_accuracy, 3, "diverged"), _cell(r.best_loss, 4), to, f"{r.diverged}/{n}"])
    widths = [max(len(line[i]) for line in [head, *body]) for i in range(len(head))]

    def fmt(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))]).rstrip()

    return "\n".join([*lines, fmt(head), *(fmt(cells) for cells in body)])


def heading(epochs: int, recipe: Recipe) -> str:
    """The setting every row shares, in words: "The network: SGD, batch 32, η₀ 1; T = 200."."""
    return f"The network: {recipe.describe()}; T = {epochs}."


def rows_to_json(rows: Sequence[TableRow], settings: dict[str, object]) -> str:
    """The rows as JSON text (NaN-free: a missing number is null), with the setting, the threshold
    and the spread."""
    doc = {"settings": settings, "threshold": THRESHOLD, "spread": SPREAD, "rows": [asdict(r) for r in rows]}
    return json.dumps(doc, indent=1, ensure_ascii=False, allow_nan=False)  # a NaN would raise, not print
