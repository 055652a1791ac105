"""The 2-D landscape (D, or a surface picked in the panel): the optimizer's path across a surface
under the run's schedule, optimizer, noise and seed, in place of the valley and its readout.

The run's settings stay the valley's (every control works here as there); this mode adds the
surface, its knobs and the start (`choice`, a `LandscapeRun` whose settings it fills in). Choosing
a surface applies its start, η₀, T and noise, which the user may then change. The path is computed again
whenever the run shown or the choice changes: at once for a short run, on a worker thread for a
long one (a million steps take a second or two), the last path staying on screen meanwhile.

F shows, in place of the path, cooldowns forked from one constant-rate run of the same η₀, T,
optimizer, noise and seed (`sim/cooldowns.py`), worked out the same way; it chooses the river, the
surface whose lesson they are, when another is shown. The forks and the comparison (C: the slots'
paths, their rates and cards) both take the map and the rate chart, so one shown puts the other
away, saying so: F closes C (its slots are kept), C turns the forks off.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Generic, NamedTuple, TypeVar

import numpy as np

from lrgame.app.mode import Mode
from lrgame.app.modes.race import RaceMode
from lrgame.app.modes.train import BELOW
from lrgame.engine.numbers import typed_number_in
from lrgame.sim import intents as it
from lrgame.sim.landscape_path import LandscapeRun, Path2D, compute_path, make_landscape_run, start_range
from lrgame.sim.settings import run_momentum, updated
from lrgame.sim.surfaces import DEFAULT_SURFACE, check_surface_params, get_surface
from lrgame.ui.surface_rows import KNOB_PREFIX, START_KEYS
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    from collections.abc import Callable
    from concurrent.futures import Future, ThreadPoolExecutor

    from lrgame.app.window import App
    from lrgame.sim.compared_paths import ComparedPath
    from lrgame.sim.cooldowns import Forked
    from lrgame.sim.race import Slot

RIVER = "river"  # the surface whose lesson the forked cooldowns are
ASYNC_STEPS = 20_000  # paths this long or longer are computed off the frame (about 20 ms and up)
_worker: ThreadPoolExecutor | None = None
T = TypeVar("T")
W = TypeVar("W")


class LandscapeShown(NamedTuple):
    """What the scene draws for the landscape this frame."""

    run: LandscapeRun  # the path's run (its settings are the ones the path was computed for)
    path: Path2D | None  # None until the first path of this choice is ready
    number: int  # which path this is: a new path, a new number (the frame's parts key on it)
    t: int  # the run's current step
    computing: bool  # a newer path is being worked out
    momenta: np.ndarray | None  # the momentum of every step when the schedule drives it
    forks: ForksShown | None = None  # F: the forked cooldowns shown in place of the path
    compared: ComparedShown | None = None  # C with slots: each slot's path over the surface


class ComparedShown(NamedTuple):
    paths: tuple[ComparedPath, ...] | None  # None until the slots' paths are ready
    number: int
    computing: bool


class ForksShown(NamedTuple):
    forked: Forked | None  # None until the first one of this surface is ready
    number: int  # a new set of paths, a new number
    computing: bool


class Computed(NamedTuple):
    path: Path2D
    momenta: np.ndarray | None


def compute(run: LandscapeRun) -> Computed:
    """The path of `run` and the momenta the schedule gives it (on either thread)."""
    return Computed(compute_path(run), run_momentum(run.settings))


def _submit(work: Callable[[W], T], wanted: W) -> Future[T]:
    global _worker
    if _worker is None:
        from concurrent.futures import ThreadPoolExecutor  # on first use: start-up counts

        _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lrgame-landscape")
    return _worker.submit(work, wanted)


class Latest(Generic[W, T]):
    """The result of `work` for what was last wanted (a run, or a run with the compared slots): at
    once for a short run, on the worker for a long one (the last result kept meanwhile, unless the
    surface changed); `number` counts the results taken."""

    def __init__(self, work: Callable[[W], T]) -> None:
        self.work = work
        self.value: T | None = None
        self.of: W | None = None  # what `value` is the result for
        self.number = 0
        self._surface = ""
        self._job: Future[T] | None = None
        self._job_of: W | None = None

    def want(self, wanted: W, surface: str, steps: int) -> None:
        """Take a finished job; start `wanted` (on `surface`, `steps` long) if it is neither the
        value's nor being worked out."""
        if self._job is not None and self._job.done():
            self._take(self._job.result(), self._job_of)
            self._job = None
        if wanted in (self.of, self._job_of if self._job is not None else None):
            return
        if self.of is not None and self._surface != surface:
            self.value, self.of = None, None  # another surface: the old value means nothing on it
            self.number += 1
        self._surface = surface
        if steps < ASYNC_STEPS:
            self._take(self.work(wanted), wanted)
        elif self._job is None:
            self._job, self._job_of = _submit(self.work, wanted), wanted

    def computing(self, wanted: W) -> bool:
        return self._job is not None or self.of != wanted

    def _take(self, value: T | None, of: W | None) -> None:
        self.value, self.of = value, of
        self.number += 1


def choose_surface(app: App, name: object) -> LandscapeRun:
    """A surface at its knobs' defaults and its start; its η₀, T and noise applied to the run (knobs
    set on the schedule are kept, clamped to the new T, as when T is typed)."""
    from lrgame.app.editing import refit  # the panel's rules for a new η₀ and T

    surface = get_surface(name)
    sim = app.sim
    result = refit(sim.requested, surface.lr0, surface.epochs)
    settings = updated(result.settings, noise=surface.noise)
    if settings != sim.requested:
        sim.apply(settings)
        app.valley.preset = ""
    for text in result.notes:
        app.messages.note("epochs", text, error=False)
    return make_landscape_run(surface.name)


class LandscapeMode(Mode):
    area = BELOW

    def __init__(self, app: App, choice: LandscapeRun | None = None, forks: bool = False) -> None:
        super().__init__(app)
        self.choice = choose_surface(app, RIVER if forks else DEFAULT_SURFACE) if choice is None else choice
        self.forks = forks  # F: the forked cooldowns shown in place of the path
        if forks:
            self._close_comparison()
        from lrgame.sim.compared_paths import compare_paths  # when the landscape first opens: start-up counts
        from lrgame.sim.cooldowns import forked_cooldowns

        self._wanted: tuple[LandscapeRun, LandscapeRun] | None = None  # (the choice, the run wanted of it)
        self._paths: Latest[LandscapeRun, Computed] = Latest(compute)
        self._forked: Latest[LandscapeRun, Forked] = Latest(forked_cooldowns)
        self._compared: Latest[tuple[LandscapeRun, tuple[Slot, ...]], tuple[ComparedPath, ...]] = Latest(
            lambda wanted: compare_paths(*wanted))
        self.refresh()

    @property
    def path(self) -> Path2D | None:
        """The path shown: None until the first path of this choice is ready."""
        computed = self._paths.value
        return None if computed is None else computed.path

    @property
    def forked(self) -> Forked | None:
        return self._forked.value

    def wanted(self) -> LandscapeRun:
        """The run the path should be of now: the choice under the run shown (made again only when
        either is another object: a frame asks several times)."""
        settings = self.app.sim.settings
        made = self._wanted
        if made is None or made[0] is not self.choice or made[1].settings is not settings:
            self._wanted = made = (self.choice, replace(self.choice, settings=settings))
        return made[1]

    def slots(self) -> tuple[Slot, ...]:
        """The comparison's slots while it is shown (C), else none."""
        race = self.app.race
        return race.slots if race is not None and self.app.find(RaceMode) is not None else ()

    def refresh(self) -> None:
        """Start the path (or, under F, the forked cooldowns; with the comparison shown, each slot's
        path) of the wanted run if it is not the one shown or being computed; take a finished one."""
        wanted = self.wanted()
        steps = wanted.settings.epochs * wanted.settings.steps_per_epoch
        (self._forked if self.forks else self._paths).want(wanted, wanted.surface, steps)
        slots = self.slots()
        if slots:
            self._compared.want((self.choice, slots), wanted.surface,
                                slots[0].settings.epochs * slots[0].settings.steps_per_epoch)

    @property
    def compared(self) -> tuple[ComparedPath, ...] | None:
        """The slots' paths while the comparison is shown and they are of its slots on this choice."""
        slots = self.slots()
        return self._compared.value if slots and self._compared.of == (self.choice, slots) else None

    @property
    def computing(self) -> bool:
        return self._paths.computing(self.wanted())

    @property
    def forks_computing(self) -> bool:
        return self._forked.computing(self.wanted())

    def _close_comparison(self) -> None:
        """F's forks take the map and the rate chart: C, if open, is closed."""
        race = self.app.find(RaceMode)
        if race is not None:
            self.app.close(race)
            self.app.messages.say("F shows the forks in place of the compared schedules: C shows those again.")

    def advance(self, frame_s: float) -> None:
        if self.forks and self.app.find(RaceMode) is not None:  # C opened over the forks: it takes their place
            self.forks = False
            self.app.messages.say("C compares schedules in place of F's forks: F shows the forks again.")
        self.refresh()

    def handle(self, intent: it.Intent) -> bool:
        match intent:
            case it.SetValue(key="surface", value=value):
                if not value:
                    self.app.close(self)
                else:
                    self.choice = choose_surface(self.app, value)
            case it.SetValue(key=key, value=value) if key.startswith(KNOB_PREFIX):
                surface = get_surface(self.choice.surface)
                params = check_surface_params(surface, {**self.choice.surface_params,
                                                        key.removeprefix(KNOB_PREFIX): value})
                self.choice = replace(self.choice, surface_params=params)
            case it.ToggleForks():
                self.forks = not self.forks
                if self.forks:
                    self._close_comparison()
                if self.forks and self.choice.surface != RIVER:
                    self.choice = choose_surface(self.app, RIVER)
            case it.SetValue(key=key, value=value) if key in START_KEYS:
                axis = START_KEYS.index(key)
                limits = start_range(get_surface(self.choice.surface))[2 * axis : 2 * axis + 2]
                number = typed_number_in(key, value, *limits)
                start = list(self.choice.start)
                start[axis] = number
                self.choice = replace(self.choice, start=(start[0], start[1]))
            case _:
                return False
        self.refresh()
        return True

    def draw(self, shown: Shown) -> None:
        paths, wanted = self._paths, self.wanted()
        run = paths.of if paths.of is not None and not self.forks else wanted
        computed = paths.value
        momenta = None if computed is None else computed.momenta
        forks = (ForksShown(self.forked, self._forked.number, self.forks_computing)
                 if self.forks else None)
        slots = self.slots()
        compared = (ComparedShown(self.compared, self._compared.number,
                                  self._compared.computing((self.choice, slots))) if slots and not self.forks
                    else None)
        shown.landscape = LandscapeShown(run, self.path, paths.number, self.app.sim.t, self.computing, momenta,
                                         forks, compared)
