"""Any epoch's weights of a run, exactly, without keeping them all: snapshots every K epochs and a
replay from the nearest one.

The train view lets the cursor go back to any epoch while training runs ahead, and shows the
decision regions there. Keeping the weights of every epoch would take 36 KB an epoch for plain SGD
(4,547 numbers) and three times that for Adam's two moments: 110 MB for T = 1,000. A snapshot every
K = ⌈T/MAX_SNAPSHOTS⌉ epochs keeps at most MAX_SNAPSHOTS + 1 of them (about 11 MB for Adam at any T),
and the weights of epoch t are those of the snapshot at or before t trained on for at most K − 1
epochs, with the same batches, rates and optimizer state: the same numbers to the last bit.
The last replay is kept, so stepping the cursor forward one epoch trains one epoch.
"""

from __future__ import annotations

import math

from lrgame.train import mlp
from lrgame.train.run import Snapshot, TrainingRun

MAX_SNAPSHOTS = 100


class Snapshots:
    """Snapshots of one run, taken as it trains (a `Watcher`: pass it to `TrainingRun.advance`)."""

    def __init__(self, run: TrainingRun) -> None:
        self.run = run
        self.every = max(1, math.ceil(run.epochs / MAX_SNAPSHOTS))
        self._taken: dict[int, Snapshot] = {}
        self._replay: TrainingRun | None = None  # the last replay, at some epoch past a snapshot

    def observe(self, run: TrainingRun) -> None:
        if run is self.run and run.epoch % self.every == 0 and run.epoch not in self._taken \
                and run.diverged_at is None:
            self._taken[run.epoch] = run.snapshot()

    @property
    def nbytes(self) -> int:
        """The memory the snapshots' arrays take."""
        return sum(s.nbytes for s in self._taken.values())

    def weights_at(self, epoch: int) -> mlp.Params:
        """The weights w_epoch, for 0 ≤ epoch ≤ the epoch the run has reached (read them, never write)."""
        replay = self.replay_to(epoch)
        if replay is None:
            return self.run.params
        replay.advance(epoch - replay.epoch)
        return replay.params

    def replay_to(self, epoch: int) -> TrainingRun | None:
        """The replay that reaches w_epoch once trained on to that epoch (`weights_at` trains it at
        once, a window a piece at a time), or None when the run itself is there."""
        run = self.run
        if not 0 <= epoch <= run.epoch:
            raise IndexError(f"epoch {epoch} has not been trained: 0 … {run.epoch} have")
        if epoch == run.epoch:
            return None
        base = epoch - epoch % self.every
        replay = self._replay
        if replay is None or not base <= replay.epoch <= epoch:
            replay = run.resumed(self._taken[base])
        self._replay = replay
        return replay
