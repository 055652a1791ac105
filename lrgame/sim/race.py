"""Schedules side by side, and a race of their balls (numpy and the standard library only).

A `Race` holds two to four `Slot`s. Each slot is one schedule with its own η₀, parameters and
optimizer (so momentum can race plain SGD under the same schedule), frozen from the settings it was
added with. Everything else is shared, so the race is honest:

* **The first slot sets the race.** T (epochs), steps per epoch S, the valley, its sharpness, the
  noise and the seed are taken from the first slot added. A later slot keeps only its schedule,
  its η₀, its parameters and its optimizer, re-checked for the race's T; whatever it had differently is listed in
  `Slot.adjusted` ("T 200 → 100", "valley bumpy → bowl") so the screen can say so. A parameter
  that was at its default for the slot's own T (cosine's T_max = T, say) takes the default for the
  race's T instead; any other value is kept as it was, and if it does not fit the race's T the
  slot is refused with a ConfigError saying why.
* **Every ball meets the same noise.** Each slot gets a `Trajectory` on the same valley with the same
  noise and seed; the noise is a function of (seed, step) alone, so only the rates (and the
  optimizers) differ.

Time is counted in scheduler steps t = 0..T·S, as in `Simulation` (with S = 1 a step is an epoch).

The scoreboard ranks the balls by their loss at the step shown, lowest first: after the last step
that is the final loss, the race's result (`RANK_RULE`). A ball that flew out comes last. When
each ball settled is shown beside its loss, not used to rank: settling early at a higher loss is
not winning (Step decay settling before Cosine at a loss 400 times higher used to rank first).

The settle rule (`SETTLE_LOSS`, `SETTLE_STAY`, `SETTLE_RULE`): looking at the race up
to step u, a ball has settled at step s when its loss is at most SETTLE_LOSS at every step s, s+1,
…, u, s is the first such step, and it has stayed there at least SETTLE_STAY steps (u − s + 1 ≥
SETTLE_STAY; a big rate can drop the ball near the floor for a step or two by luck, which is not
settling). The floor's loss is 0 in every valley, so the band is "within 0.01 of the best loss
there is"; it sits far below the bumpy valley's dip (loss ≈ 74 at sharpness 15), so a ball stuck in
the dip never counts as settled. A ball that leaves the band later is "not yet" settled again: the
rule looks only at the race so far, never at steps still to come.

>>> from lrgame.sim.settings import make_settings
>>> race = Race()
>>> race.add(make_settings("step")).label
'Step decay'
>>> race.add(make_settings("cosine", epochs=50)).adjusted
('T 50 → 100', 'T_max 50 → 100 (its default for T = 100)')
>>> [(s.label, s.settled_at, s.diverged_at) for s in race.scoreboard(100).standings]
[('Step decay', 52, None), ('Cosine annealing', 70, None)]
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from lrgame.engine import schedules
from lrgame.engine.numfmt import knob_text
from lrgame.engine.params import ConfigError, RunContext, Value
from lrgame.engine.units import in_unit
from lrgame.sim.optimizer_choice import DEFAULT as DEFAULT_OPTIMIZER
from lrgame.sim.optimizer_choice import describe
from lrgame.sim.settings import Settings, make_settings, run_curve, run_momentum
from lrgame.sim.trajectory import Trajectory
from lrgame.sim.valley import Valley, make_valley

MAX_SLOTS = 4
MIN_SLOTS = 2
SETTLE_LOSS = 0.01
"""The settle band: a ball is inside it while its loss (height above the floor, whose loss is 0) is at most this."""
SETTLE_STAY = 5
"""A ball counts as settled only once it has been inside the band this many steps in a row."""
SETTLE_RULE = (
    f"settled = loss ≤ {SETTLE_LOSS:g} (the floor's is 0) at every step from then on, "
    f"for {SETTLE_STAY} steps at least"
)
"""The rule in words, for the scoreboard to print."""
RANK_RULE = "place = lowest loss now; after the last epoch, the final loss. A ball that flew out comes last."
"""How the scoreboard ranks, in words, for it to print."""
CATCH_UP_CHUNKS = 1
"""Chunks of each ball's path computed per `catch_up` call: a far jump catches up over a few frames."""

_VERSIONS = itertools.count()

_SHARED = (
    ("epochs", "T"),
    ("steps_per_epoch", "steps per epoch"),
    ("valley", "valley"),
    ("sharpness", "sharpness"),
    ("noise", "noise"),
    ("seed", "seed"),
    ("unit", "counted in"),
)




@dataclass(frozen=True)
class Slot:
    """One compared schedule: its settings (own schedule, η₀ and parameters; the race's T, S, valley,
    noise and seed), a label for the legend, and what was changed to fit the race, in words."""

    label: str
    settings: Settings
    adjusted: tuple[str, ...] = ()

    @property
    def schedule(self) -> str:
        return self.settings.schedule

    @property
    def lr0(self) -> float:
        return self.settings.lr0

    @property
    def params(self) -> dict[str, Value]:
        return dict(self.settings.params)


@dataclass(frozen=True)
class Standing:
    """One ball's line on the scoreboard, looking at the race up to step `Scoreboard.upto`.

    `settled_at` is the first step from which the loss stayed ≤ SETTLE_LOSS up to now (None: not
    yet); `diverged_at` the step at which the ball flew out (None: it has not, so far). `place` is
    1 for the lowest loss now (RANK_RULE), the diverged last (the later one flew out, the better);
    equal results share a place.
    """

    index: int
    label: str
    lr0: float
    rate: float
    loss: float
    settled_at: int | None
    diverged_at: int | None
    place: int

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None


@dataclass(frozen=True)
class Scoreboard:
    """The race at step `upto`: one standing per slot, in slot order."""

    upto: int
    standings: tuple[Standing, ...]
    lr0_note: str = ""
    """The η₀-differs sentence, or "" when every slot has the same η₀."""
    rule: str = SETTLE_RULE
    ranking: str = RANK_RULE


@dataclass
class _Lane:
    """A slot's curve and ball, and where the settle scan has got to (a cache, not state)."""

    slot: Slot
    curve: np.ndarray
    trajectory: Trajectory
    scanned: int = -1
    last_out: int = -1  # the last step ≤ scanned whose loss was outside the band (−1: none)

    def settled_at(self, upto: int) -> int | None:
        losses = self.trajectory.losses(upto)
        if upto >= self.scanned:
            fresh = np.flatnonzero(losses[self.scanned + 1 :] > SETTLE_LOSS)
            if fresh.size:
                self.last_out = self.scanned + 1 + int(fresh[-1])
        else:  # looking back in time: scan again from the start
            out = np.flatnonzero(losses > SETTLE_LOSS)
            self.last_out = int(out[-1]) if out.size else -1
        self.scanned = upto
        start = self.last_out + 1
        return start if upto - start + 1 >= SETTLE_STAY else None


class Race:
    """Two to four schedules on one valley with one noise: their curves, their balls, the scoreboard.

    `version` changes on every change, to a number no other state of any Race has had, so a
    view can cache what it drew for a version.
    """

    def __init__(self) -> None:
        self._lanes: list[_Lane] = []
        self._race: Settings | None = None
        self.version = next(_VERSIONS)

    # ---- slots ----------------------------------------------------------------------------------

    def add(self, settings: Settings, label: str | None = None) -> Slot:
        """Add the schedule of `settings` as a new slot and return it.

        The first slot sets the race (T, S, valley, sharpness, noise, seed); a later one keeps only
        its schedule, η₀, parameters and optimizer (see the module docstring). Raises ConfigError when there
        are already MAX_SLOTS slots, or when the slot's parameters do not fit the race's T.
        """
        if len(self._lanes) >= MAX_SLOTS:
            raise ConfigError(
                f"at most {MAX_SLOTS} schedules can be compared: remove one before adding "
                f"{schedules.get(settings.schedule).label}"
            )
        race = self._race or settings
        joined, adjusted = self.join(settings, race)
        slot = Slot(label or self._label(joined), joined, adjusted)
        curve = run_curve(joined)
        trajectory = Trajectory(self.valley_of(race), curve, race.noise, race.seed, joined.optimizer,
                                run_momentum(joined))
        trajectory.advance(trajectory.steps, CATCH_UP_CHUNKS)  # a short race is known at once
        self._lanes.append(_Lane(slot, curve, trajectory))
        self._race = race
        self.version = next(_VERSIONS)
        return slot

    def remove(self, index: int) -> Slot:
        """Remove slot `index` and return it. The race keeps its T, valley, noise and seed until
        the last slot is gone."""
        if not 0 <= index < len(self._lanes):
            raise IndexError(f"slot {index} does not exist: there are {len(self._lanes)}")
        lane = self._lanes.pop(index)
        if not self._lanes:
            self._race = None
        self.version = next(_VERSIONS)
        return lane.slot

    def clear(self) -> None:
        self._lanes.clear()
        self._race = None
        self.version = next(_VERSIONS)

    # ---- what a view reads ----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._lanes)

    @property
    def slots(self) -> tuple[Slot, ...]:
        return tuple(lane.slot for lane in self._lanes)

    @property
    def curves(self) -> tuple[np.ndarray, ...]:
        """Each slot's rates for steps 0..T·S (entry T·S is held after the last trained step)."""
        return tuple(lane.curve for lane in self._lanes)

    @property
    def trajectories(self) -> tuple[Trajectory, ...]:
        return tuple(lane.trajectory for lane in self._lanes)

    @property
    def ready(self) -> bool:
        """Whether there is something to compare: at least MIN_SLOTS slots."""
        return len(self._lanes) >= MIN_SLOTS

    @property
    def race(self) -> Settings | None:
        """The first slot's settings, whose T, S, valley, sharpness, noise and seed every ball shares."""
        return self._race

    @property
    def valley(self) -> Valley | None:
        return self.valley_of(self._race) if self._race is not None else None

    @property
    def epochs(self) -> int:
        return self._race.epochs if self._race is not None else 0

    @property
    def steps_per_epoch(self) -> int:
        return self._race.steps_per_epoch if self._race is not None else 1

    @property
    def unit(self) -> str:
        """What the race's T counts: the first slot's unit (`lrgame.engine.units`)."""
        return self._race.unit if self._race is not None else "epochs"

    @property
    def steps(self) -> int:
        """T·S: the scheduler steps of the race (0 when empty)."""
        return self.epochs * self.steps_per_epoch

    @property
    def computed(self) -> int:
        """The last step whose position is known for every ball."""
        return min((lane.trajectory.computed for lane in self._lanes), default=0)

    def known(self, t: int) -> int:
        """`t` clamped to the race, and to what is computed: what a view may draw without a stall."""
        return min(max(int(t), 0), self.steps, self.computed)

    def catch_up(self, t: int, chunks: int = CATCH_UP_CHUNKS) -> bool:
        """Compute every ball's path toward step `t` (clamped), at most `chunks` chunks each now;
        return whether all are known up to it. Call once per tick: it does bounded work."""
        t = min(max(int(t), 0), self.steps)
        return all(lane.trajectory.advance(t, chunks) >= t for lane in self._lanes)

    def x(self, index: int, t: int) -> float:
        """Ball `index`'s position after step t (clamped to 0..T·S); always finite."""
        traj = self._lanes[index].trajectory
        return traj.x(min(max(int(t), 0), traj.steps))

    def lr0_note(self) -> str:
        """"η₀ differs between slots: 0.1 vs 0.05 — …" when they differ, else ""."""
        peaks = list(dict.fromkeys(lane.slot.lr0 for lane in self._lanes))
        if len(peaks) < 2:
            return ""
        shown = " vs ".join(f"{p:g}" for p in peaks)
        return f"η₀ differs between slots: {shown} — a fair race compares shapes at the same peak"

    def scoreboard(self, upto: int) -> Scoreboard:
        """The race at step `upto` (clamped to 0..T·S). Computes the paths up to `upto` if they
        are not yet (pass `known(t)` to never wait). Deterministic; every number finite."""
        upto = min(max(int(upto), 0), self.steps)
        rows = []
        for i, lane in enumerate(self._lanes):
            traj = lane.trajectory
            settled = lane.settled_at(upto)
            at = traj.diverged_at
            diverged = at if at is not None and at <= upto else None
            rows.append((i, lane, float(traj.losses(upto)[upto]), settled, diverged))
        keys = [self._rank_key(loss, diverged) for _, _, loss, _, diverged in rows]
        standings = tuple(
            Standing(
                index=i,
                label=lane.slot.label,
                lr0=lane.slot.lr0,
                rate=float(lane.curve[upto]),
                loss=loss,
                settled_at=settled,
                diverged_at=diverged,
                place=1 + sum(other < key for other in keys),
            )
            for (i, lane, loss, settled, diverged), key in zip(rows, keys, strict=True)
        )
        return Scoreboard(upto, standings, self.lr0_note(), ranking=in_unit(RANK_RULE, self.unit))

    # ---- internals ----------------------------------------------------------------------------------

    @staticmethod
    def valley_of(settings: Settings) -> Valley:
        return make_valley(settings.valley, settings.sharpness)

    @staticmethod
    def _rank_key(loss: float, diverged: int | None) -> tuple[int, float]:
        if diverged is not None:
            return (1, -diverged)  # the later a ball flew out, the longer it lasted
        return (0, loss if math.isfinite(loss) else math.inf)

    @staticmethod
    def join(settings: Settings, race: Settings) -> tuple[Settings, tuple[str, ...]]:
        """`settings`'s schedule, η₀, parameters and optimizer in the race's T, S, valley, noise and seed."""
        adjusted = [
            f"{name} {knob_text(getattr(settings, key))} → {knob_text(getattr(race, key))}"
            for key, name in _SHARED
            if getattr(settings, key) != getattr(race, key)
        ]
        spec = schedules.get(settings.schedule)
        own = RunContext(settings.lr0, settings.epochs)
        new = RunContext(settings.lr0, race.epochs)
        params: dict[str, Value] = {}
        for p in spec.params:
            value = settings.params[p.name]
            default = p.default_for(new)
            if value == p.default_for(own) and value != default:
                adjusted.append(
                    f"{p.name} {knob_text(value)} → {knob_text(default)} (its default for T = {race.epochs})")
                continue
            params[p.name] = value
        try:
            joined = make_settings(
                settings.schedule, settings.lr0, race.epochs, params, race.valley, race.sharpness, race.noise,
                race.seed, race.steps_per_epoch, settings.optimizer, race.unit,
            )
        except ConfigError as err:
            raise ConfigError(
                f"{spec.label} does not fit the race, which takes T = {race.epochs} from the first slot: {err}"
            ) from None
        return joined, tuple(adjusted)

    def _label(self, settings: Settings) -> str:
        """The registry's name, plus the parameters set away from their defaults (at most two), the
        optimizer unless it is plain SGD, and a number if that still matches a slot already there."""
        spec = schedules.get(settings.schedule)
        ctx = RunContext(settings.lr0, settings.epochs)
        changed = [
            f"{p.name}={knob_text(settings.params[p.name])}" for p in spec.params
            if settings.params[p.name] != p.default_for(ctx)
        ]
        label = spec.label + (f" ({', '.join(changed[:2])})" if changed else "")
        if settings.optimizer != DEFAULT_OPTIMIZER:
            label += f" · {describe(settings.optimizer)}"
        taken = {lane.slot.label for lane in self._lanes}
        if label not in taken:
            return label
        n = 2
        while f"{label} #{n}" in taken:
            n += 1
        return f"{label} #{n}"
