"""The state a frame shows, advanced at a fixed timestep. It never draws and never imports pygame.

Two clocks meet here. Run time: playing moves the current step forward at `speed` epochs per
second (S steps each), and the arrow keys jump it by epochs. Frame time: the ball's hop from its old position to the
position of the new step is animated in fixed physics ticks. The path itself (x_0..x_T) is the
trajectory's honest gradient descent; the hop only animates the move between two of its points.

A jump to a far epoch of a long run (or a change of settings there) needs the path up to that
epoch. It is worked out a few chunks per tick, so no frame stalls; until it is ready the ball
waits where it is (`catching_up`), then hops to its place.

New settings for a long run (ASYNC_STEPS steps or more) are computed on a worker thread: the
curve of a million steps takes 20–50 ms, a frame must not. Until it is ready the old run stays on
screen (`settings` is always the run shown, `requested` the latest asked for), then a tick swaps
it in. A knob dragged at T = 1,000,000 thus shows each curve a frame or two later, never stalling.

Under a loss-driven schedule (reduce on plateau) the ball's loss sets the rate, so there is no
curve (`curve` is None): the rates come with the path, and what is shown of them stops at the
current step, so the curve grows as the run proceeds. Such a run has nothing to compute up front
(its path is lazy), so it is always built at once.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from lrgame.engine import schedules
from lrgame.engine.summary import RunStats, Summary, run_stats, summarize, summarize_so_far
from lrgame.sim.settings import Settings, run_controller, run_curve, run_momentum
from lrgame.sim.trajectory import LossDrivenTrajectory, Trajectory
from lrgame.sim.valley import Valley, make_valley

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

SPEED_RANGE = (0.5, 20000.0)  # epochs per second: up to a run of a million steps in a minute
DEFAULT_SPEED = 10.0
PLAY_SECONDS = 60.0  # the default speed plays a whole run in about this long (a short run faster)
STEP_HOP_SECONDS = 0.28
TRAIL_STEPS = 14
CATCH_UP_CHUNKS = 1  # chunks of the path computed per tick: a far jump catches up over a few frames
ASYNC_STEPS = 1 << 18  # runs of this many steps or more are computed off the frame loop
_worker: ThreadPoolExecutor | None = None


class Run(NamedTuple):
    """Everything that follows from the settings alone: built in one go, on either thread."""

    settings: Settings
    valley: Valley
    curve: np.ndarray | None  # None: a loss-driven run, whose rates come with its path
    trajectory: Trajectory
    stats: RunStats | None
    momenta: np.ndarray | None = None  # the momentum of every step when the schedule drives it


def build_run(settings: Settings, start: float | None = None) -> Run:
    """The run of `settings`, its ball starting at `start` (default: the valley's start)."""
    valley = make_valley(settings.valley, settings.sharpness)
    if settings.schedule in schedules.LOSS_DRIVEN:
        steps = settings.epochs * settings.steps_per_epoch
        path = LossDrivenTrajectory(valley, run_controller(settings), steps, settings.steps_per_epoch,
                                    settings.noise, settings.seed, settings.optimizer, start)
        return Run(settings, valley, None, path, None)
    curve, momenta = run_curve(settings), run_momentum(settings)
    path = Trajectory(valley, curve, settings.noise, settings.seed, settings.optimizer, momenta, start)
    return Run(settings, valley, curve, path, run_stats(curve), momenta)


def default_speed(epochs: int) -> float:
    """Epochs per second that play a run of T epochs in about PLAY_SECONDS, DEFAULT_SPEED at least:
    GPT-3's 93,750 steps at 10 a second would take 2.6 hours. Rounded up to two significant
    digits, so the speed box shows a round number (1600, not 1562.5).

    >>> default_speed(100), default_speed(1000), default_speed(93_750), default_speed(1_000_000)
    (10.0, 17.0, 1600.0, 17000.0)
    """
    wanted = epochs / PLAY_SECONDS
    if wanted <= DEFAULT_SPEED:
        return DEFAULT_SPEED
    digit = 10.0 ** (math.floor(math.log10(wanted)) - 1)
    return min(math.ceil(wanted / digit) * digit, SPEED_RANGE[1])


def _submit(settings: Settings) -> Future[Run]:
    global _worker
    if _worker is None:
        from concurrent.futures import ThreadPoolExecutor  # on first use: start-up counts

        _worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lrgame-run")
    return _worker.submit(build_run, settings)


class Hop(NamedTuple):
    """The ball's move under way: from a position to the position after step `to_t`."""

    from_x: float
    to_t: int
    duration: float


class Simulation:
    """Settings in, arrays out: the curve, its summary and the ball's path, recomputed on change.

    Time is counted in scheduler steps `t` (0..T·S, S = steps per epoch); the ball makes one
    gradient-descent step per scheduler step. `epoch` is t // S. Intents speak in epochs.
    """

    def __init__(self, settings: Settings, epoch: int = 0, speed: float | None = None) -> None:
        """`speed` in epochs per second; None: the default for the run's T (`default_speed`), which
        follows T until a speed is set."""
        self.auto_speed = speed is None
        self.speed = default_speed(settings.epochs) if speed is None else speed
        self.playing = False
        self._step_credit = 0.0
        self._job: Future[Run] | None = None
        self._asked = self._job_no = self._shown_no = 0  # numbered requests: an older run never replaces a newer
        self._load(build_run(settings))
        self.requested = settings
        self.t = min(max(int(epoch), 0), settings.epochs) * settings.steps_per_epoch
        self.hop = Hop(self.trajectory.x(self.t), self.t, STEP_HOP_SECONDS)
        self.hop_phase = self.prev_hop_phase = 1.0
        self.summary = self._summarize()

    @property
    def steps(self) -> int:
        """T·S: the scheduler steps in the run."""
        return self.settings.epochs * self.settings.steps_per_epoch

    @property
    def epoch(self) -> int:
        return self.t // self.settings.steps_per_epoch

    # ---- intents --------------------------------------------------------------------------------

    def apply(self, settings: Settings) -> None:
        """New settings: recompute the run from step 0, keep the current epoch (clamped to T),
        and hop the ball from where it is drawn to its place on the new path. A long run is
        computed on the worker and swapped in by a later tick (the latest request wins)."""
        self.requested = settings
        self._asked += 1
        if settings.epochs * settings.steps_per_epoch < ASYNC_STEPS or settings.schedule in schedules.LOSS_DRIVEN:
            self._show(build_run(settings), self._asked)
        elif self._job is None:
            self._start()

    @property
    def computing(self) -> bool:
        """Is a requested run still being computed (the screen shows the previous one)?"""
        return self._job is not None

    def seek(self, epoch: int) -> None:
        """Jump to the start of an epoch (clamped to 0..T); the ball hops there."""
        target = min(max(int(epoch), 0), self.settings.epochs) * self.settings.steps_per_epoch
        if target != self.t:
            self._step_credit = 0.0
            self._move_to(target, STEP_HOP_SECONDS, self.ball_x(1.0))

    def step_epochs(self, n: int) -> None:
        self.seek(self.epoch + n)

    def toggle_play(self) -> None:
        """Play or pause; at the end of the run, play again from epoch 0."""
        if self.playing:
            self.playing = False
            return
        if self.t >= self.steps:
            self.seek(0)
        self._step_credit = 0.0
        self.playing = True

    def rewind(self) -> None:
        self.playing = False
        self.seek(0)

    def set_speed(self, epochs_per_second: float | None) -> None:
        """A speed in epochs per second (clamped to SPEED_RANGE), or None: the default for T, from
        now on following T."""
        self.auto_speed = epochs_per_second is None
        if epochs_per_second is None:
            self.speed = default_speed(self.settings.epochs)
            return
        lo, hi = SPEED_RANGE
        self.speed = min(max(float(epochs_per_second), lo), hi)

    # ---- time -----------------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        """One fixed tick: take a run the worker finished, advance the steps when playing, then
        the hop animation. The path is not walked toward the current step while its replacement
        is being computed: that work would be thrown away, and it slows the worker down."""
        if self._job is not None and self._job.done():
            self._take(self._job.result())
        self.prev_hop_phase = self.hop_phase
        if self.playing:
            rate = self.speed * self.settings.steps_per_epoch
            self._step_credit += rate * dt
            n = int(self._step_credit)
            if n:
                self._step_credit -= n
                self._move_to(min(self.t + n, self.steps), min(STEP_HOP_SECONDS, 1.0 / rate), self.ball_x(1.0))
            if self.t >= self.steps:
                self.playing = False
        if self.catching_up and not self.computing:
            caught_up = self.trajectory.advance(self.t, CATCH_UP_CHUNKS) == self.t
            if self.curve is None:  # the rates known so far grew with the path
                self.summary = self._summarize()
            if caught_up:
                self._hop(self.t, STEP_HOP_SECONDS, self.ball_x(1.0))
        if self.hop_phase < 1.0:
            self.hop_phase = min(1.0, self.hop_phase + dt / self.hop.duration)

    # ---- what the view reads ------------------------------------------------------------------------

    @property
    def ball_t(self) -> int:
        """The step whose position the ball is moving to (the current step once caught up)."""
        return self.hop.to_t

    @property
    def over(self) -> bool:
        """Is the run over, at t = T·S (epoch T)? Every step has been taken there, so no rate is in
        use: η(T) is only what the scheduler holds afterwards, and the views say the run is over
        instead of showing it."""
        return self.t >= self.steps

    @property
    def catching_up(self) -> bool:
        return self.trajectory.computed < self.t

    @property
    def diverged(self) -> bool:
        at = self.trajectory.diverged_at
        return at is not None and self.ball_t >= at

    @property
    def so_far(self) -> bool:
        """Does the summary cover only part of the run (a loss-driven run not yet at its end, or
        still working out the path there)?"""
        return self.curve is None and self.summary.step < self.steps

    def shown_to(self) -> int:
        """The last step whose rate the chart draws: all T·S of a curve; of a loss-driven run, the
        current step (the rates the run has reached), or as far as the path is worked out."""
        if self.curve is not None:
            return self.steps - 1
        return min(self.t, self.trajectory.computed, self.steps - 1)

    def hop_fraction(self, alpha: float) -> float:
        """The hop's progress blended between the last two ticks (alpha from the fixed clock)."""
        return self.prev_hop_phase + (self.hop_phase - self.prev_hop_phase) * alpha

    def ball_x(self, alpha: float) -> float:
        """Where the ball is drawn along x: part-way through its hop."""
        p = self.hop_fraction(alpha)
        return self.hop.from_x + (self.trajectory.x(self.hop.to_t) - self.hop.from_x) * p

    def trail(self) -> np.ndarray:
        """Positions of the last few steps before the ball's, oldest first, for the fading trail."""
        end = self.ball_t
        return self.trajectory.xs(end)[max(0, end - TRAIL_STEPS) : end + 1]

    # ---- internals ------------------------------------------------------------------------------------

    def _start(self) -> None:
        self._job, self._job_no = _submit(self.requested), self._asked

    def _take(self, run: Run) -> None:
        """A worker's run: shown unless a newer one is on screen; a newer long request starts
        next, so a dragged knob shows its curves as they come."""
        self._job = None
        self._show(run, self._job_no)
        if self._asked > self._shown_no:  # a newer request, so a long one (a short one shows at once)
            self._start()

    def _show(self, run: Run, number: int) -> None:
        if number <= self._shown_no:
            return
        self._shown_no = number
        here = self.ball_x(1.0)
        epoch = min(self.epoch, run.settings.epochs)
        self._load(run)
        self._move_to(epoch * run.settings.steps_per_epoch, STEP_HOP_SECONDS, here)

    def _load(self, run: Run) -> None:
        if self.auto_speed:
            self.speed = default_speed(run.settings.epochs)
        self.settings = run.settings
        self.valley: Valley = run.valley
        self.curve: np.ndarray | None = run.curve
        self.trajectory: Trajectory = run.trajectory
        self.stats = run.stats
        self.momenta: np.ndarray | None = run.momenta

    def _summarize(self) -> Summary:
        """The cards' numbers at the current step; of a loss-driven run, over the rates so far."""
        if self.curve is not None:
            return summarize(self.curve, self.settings.lr0, self.t, self.stats)
        return summarize_so_far(self.trajectory.rates(min(self.t, self.trajectory.computed)), self.settings.lr0)

    def _move_to(self, target: int, duration: float, from_x: float) -> None:
        """Make `target` the current step; hop there now if its position is (or is soon) known."""
        self.t = target
        if self.trajectory.advance(target, CATCH_UP_CHUNKS) == target:
            self._hop(target, duration, from_x)
        elif self.hop.to_t > self.trajectory.computed:  # settings changed under a far epoch
            self._hop(self.trajectory.computed, duration, from_x)
        self.summary = self._summarize()

    def _hop(self, target: int, duration: float, from_x: float) -> None:
        self.hop = Hop(float(from_x), target, max(duration, 1e-3))
        self.hop_phase = self.prev_hop_phase = 0.0
