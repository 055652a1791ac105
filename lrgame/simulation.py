"""The state a frame shows, advanced at a fixed timestep. It never draws and never imports pygame.

Two clocks meet here. Epoch time: playing moves the current epoch forward at `speed` epochs per
second, and the arrow keys jump it. Frame time: the ball's hop from its old position to the
position of the new epoch is animated in fixed physics ticks. The path itself (x_0..x_T) is the
trajectory's honest gradient descent; the hop only animates the move between two of its points.

A jump to a far epoch of a long run (or a change of settings there) needs the path up to that
epoch. It is worked out a few chunks per tick, so no frame stalls; until it is ready the ball
waits where it is (`catching_up`), then hops to its place.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lrgame import schedules
from lrgame.config import Settings
from lrgame.summary import Summary, summarize
from lrgame.trajectory import Trajectory
from lrgame.valley import Valley, make_valley

SPEED_RANGE = (0.5, 2000.0)
DEFAULT_SPEED = 10.0
STEP_HOP_SECONDS = 0.28
TRAIL_EPOCHS = 14
CATCH_UP_CHUNKS = 1  # chunks of the path computed per tick: a far jump catches up over a few frames


@dataclass(frozen=True)
class Hop:
    """The ball's move under way: from a position to the position of epoch `to_epoch`."""

    from_x: float
    to_epoch: int
    duration: float


class Simulation:
    """Settings in, arrays out: the curve, its summary and the ball's path, recomputed on change."""

    def __init__(self, settings: Settings, epoch: int = 0, speed: float = DEFAULT_SPEED) -> None:
        self.speed = speed
        self.playing = False
        self._epoch_credit = 0.0
        self._load(settings)
        self.epoch = min(max(int(epoch), 0), settings.epochs)
        self.hop = Hop(self.trajectory.x(self.epoch), self.epoch, STEP_HOP_SECONDS)
        self.hop_phase = self.prev_hop_phase = 1.0
        self.summary = summarize(self.curve, settings.lr0, self.epoch)

    # ---- intents --------------------------------------------------------------------------------

    def apply(self, settings: Settings) -> None:
        """New settings: recompute the run from epoch 0, keep the current epoch (clamped to T),
        and hop the ball from where it is drawn to its place on the new path."""
        here = self.ball_x(1.0)
        self._load(settings)
        self._move_to(min(self.epoch, settings.epochs), STEP_HOP_SECONDS, here)

    def seek(self, epoch: int) -> None:
        """Jump to an epoch (clamped to 0..T); the ball hops there."""
        target = min(max(int(epoch), 0), self.settings.epochs)
        if target != self.epoch:
            self._epoch_credit = 0.0
            self._move_to(target, STEP_HOP_SECONDS, self.ball_x(1.0))

    def step(self, n: int) -> None:
        self.seek(self.epoch + n)

    def toggle_play(self) -> None:
        """Play or pause; at the last epoch, play again from epoch 0."""
        if self.playing:
            self.playing = False
            return
        if self.epoch >= self.settings.epochs:
            self.seek(0)
        self._epoch_credit = 0.0
        self.playing = True

    def rewind(self) -> None:
        self.playing = False
        self.seek(0)

    def set_speed(self, epochs_per_second: float) -> None:
        lo, hi = SPEED_RANGE
        self.speed = min(max(float(epochs_per_second), lo), hi)

    # ---- time -----------------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        """One fixed tick: advance the epoch when playing, then the hop animation."""
        self.prev_hop_phase = self.hop_phase
        if self.playing:
            self._epoch_credit += self.speed * dt
            n = int(self._epoch_credit)
            if n:
                self._epoch_credit -= n
                target = min(self.epoch + n, self.settings.epochs)
                self._move_to(target, min(STEP_HOP_SECONDS, 1.0 / self.speed), self.ball_x(1.0))
            if self.epoch >= self.settings.epochs:
                self.playing = False
        if self.catching_up and self.trajectory.advance(self.epoch, CATCH_UP_CHUNKS) == self.epoch:
            self._hop(self.epoch, STEP_HOP_SECONDS, self.ball_x(1.0))
        if self.hop_phase < 1.0:
            self.hop_phase = min(1.0, self.hop_phase + dt / self.hop.duration)

    # ---- what the view reads ------------------------------------------------------------------------

    @property
    def ball_epoch(self) -> int:
        """The epoch whose position the ball is moving to (the current epoch once caught up)."""
        return self.hop.to_epoch

    @property
    def catching_up(self) -> bool:
        return self.trajectory.computed < self.epoch

    @property
    def diverged(self) -> bool:
        at = self.trajectory.diverged_at
        return at is not None and self.ball_epoch >= at

    def hop_fraction(self, alpha: float) -> float:
        """The hop's progress blended between the last two ticks (alpha from the fixed clock)."""
        return self.prev_hop_phase + (self.hop_phase - self.prev_hop_phase) * alpha

    def ball_x(self, alpha: float) -> float:
        """Where the ball is drawn along x: part-way through its hop."""
        p = self.hop_fraction(alpha)
        return self.hop.from_x + (self.trajectory.x(self.hop.to_epoch) - self.hop.from_x) * p

    def trail(self) -> np.ndarray:
        """Positions of the last few epochs before the ball's, oldest first, for the fading trail."""
        end = self.ball_epoch
        return self.trajectory.xs(end)[max(0, end - TRAIL_EPOCHS) : end + 1]

    # ---- internals ------------------------------------------------------------------------------------

    def _load(self, settings: Settings) -> None:
        self.settings = settings
        self.valley: Valley = make_valley(settings.valley, settings.sharpness)
        self.curve: np.ndarray = schedules.curve(
            settings.schedule, lr0=settings.lr0, epochs=settings.epochs, **settings.params
        )
        self.trajectory = Trajectory(self.valley, self.curve, settings.noise, settings.seed)

    def _move_to(self, target: int, duration: float, from_x: float) -> None:
        """Make `target` the current epoch; hop there now if its position is (or is soon) known."""
        self.epoch = target
        self.summary = summarize(self.curve, self.settings.lr0, target)
        if self.trajectory.advance(target, CATCH_UP_CHUNKS) == target:
            self._hop(target, duration, from_x)
        elif self.hop.to_epoch > self.trajectory.computed:  # settings changed under a far epoch
            self._hop(self.trajectory.computed, duration, from_x)

    def _hop(self, target: int, duration: float, from_x: float) -> None:
        self.hop = Hop(float(from_x), target, max(duration, 1e-3))
        self.hop_phase = self.prev_hop_phase = 0.0
