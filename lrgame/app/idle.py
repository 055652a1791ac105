"""Background work in the window loop's idle time: training moves out of the frame.

The loop paces itself at 120 frames a second, so most of each 8.3 ms is slept. After a frame is on
screen, each open mode with background work (training, every schedule, the range test) hands the
window a `Work`, and `Slicer.run` does it in slices until the deadline, the next frame's start
minus IDLE_MARGIN_S; the pacer sleeps the rest. A frame then costs only its own drawing.

The contract (tests/test_idle.py):

- A slice is small: one optimizer step on a batch, one measurement of the figures on a data set,
  a GRID_CHUNK-point piece of the decision regions, making a run (each ≈ 0.1–0.5 ms on the 2-core
  reference machine, never more than about 1 ms).
- A slice is started only while the time left covers what a slice of its kind is expected to
  take: the TYPICAL quantile (three quarters) of the last MEMORY slices of that kind, so a slice
  the machine happened to preempt does not stop the work for the next MEMORY slices. A call
  overruns the deadline only by what its last slice takes beyond that.
- The first slice of a call runs whatever the time left, so training moves on even on a machine
  whose frames leave no idle time: then that one slice is the overrun.

Headless runs (--headless --frames N, the tests) have no idle time: each frame runs every work's
fixed `quantum` instead (what a frame trained before idle time was used), inside the frame, so
the same flags give the same state every time. A slice's numbers are a quantum's, piece for piece.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Protocol

FRAME_RATE = 120  # the pacer's frames a second
IDLE_MARGIN_S = 0.001  # left to the pacer before the next frame (it rounds to whole milliseconds)
MEMORY = 16  # slices of a kind whose TYPICAL quantile is the expected cost of the next
TYPICAL = 0.75


class Work(Protocol):
    """A mode's background work, a slice at a time."""

    def next_slice(self) -> str | None:
        """The kind of the next slice (its cost is expected per kind), or None when there is
        nothing to do now. Asking does no work."""

    def slice(self) -> None:
        """Do the slice `next_slice` named."""

    def quantum(self) -> None:
        """A headless frame's fixed share of the work, all at once."""


class Slicer:
    """Runs works' slices until a deadline, expecting each kind's cost from its recent slices."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self.clock = clock
        self._took: dict[str, deque[float]] = {}
        self.overrun_s = 0.0  # how far the last call ended past its deadline (0 when it did not)

    def expected(self, kind: str) -> float:
        """Seconds a slice of `kind` is expected to take: the TYPICAL quantile of its last MEMORY
        (0 before any)."""
        took = self._took.get(kind)
        return sorted(took)[int(TYPICAL * (len(took) - 1))] if took else 0.0

    def run(self, works: Sequence[Work], deadline: float) -> int:
        """Slices of each work in turn until the next would not end by `deadline` (the first
        always runs); return how many ran."""
        done = 0
        for work in works:
            while (kind := work.next_slice()) is not None:
                start = self.clock()
                if done and start + self.expected(kind) > deadline:
                    break
                work.slice()
                self._took.setdefault(kind, deque(maxlen=MEMORY)).append(self.clock() - start)
                done += 1
        self.overrun_s = max(0.0, self.clock() - deadline)
        return done
