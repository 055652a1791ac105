"""The fixed-timestep accumulator of Glenn Fiedler's "Fix Your Timestep!".

Frames arrive at whatever pace the machine manages; the simulation must tick at one fixed step so it
behaves the same on every machine. Real frame time is poured into an accumulator, whole steps are
drained from it, and the remainder (as a fraction of a step, `alpha`) tells the view how far to
blend from the previous state to the current one. The clock is given frame times rather than
reading a timer, so tests can drive it with any sequence they like.
"""

from __future__ import annotations

import math


class FixedClock:
    """Turn frame times into a number of fixed steps to run and an interpolation alpha.

    A frame longer than `max_frame` (a breakpoint, a dragged window) counts as `max_frame`, and at
    most `max_steps` run per frame: a slow machine drops time rather than falling further behind
    trying to catch up (the spiral of death).
    """

    def __init__(self, step: float = 1 / 120, max_frame: float = 0.25, max_steps: int = 8) -> None:
        if not (step > 0 and max_frame > 0 and max_steps >= 1):
            raise ValueError(
                f"need step > 0, max_frame > 0, max_steps >= 1: got {step=}, {max_frame=}, {max_steps=}"
            )
        self.step = step
        self.max_frame = max_frame
        self.max_steps = max_steps
        self._acc = 0.0

    def advance(self, frame_seconds: float) -> tuple[int, float]:
        """Add one frame's time; return (steps to run now, alpha in [0, 1)).

        Negative or non-finite frame times (a clock that went backwards, a bad reading) count as 0.
        """
        if not (math.isfinite(frame_seconds) and frame_seconds > 0):
            frame_seconds = 0.0
        whole, self._acc = divmod(self._acc + min(frame_seconds, self.max_frame), self.step)
        return min(int(whole), self.max_steps), self._acc / self.step

