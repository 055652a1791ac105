"""The network's own settings as people give them: its η₀, the batch size and when the scheduler
steps (a flag, a box, a setup file), checked here so the window's settings never hold a bad one.

The network trains on TRAIN_SIZE points (`lrgame.train.data`: 3 arms × 100); a batch of that many
is full batch. The defaults are the ones the measured sweep chose (docs/training-sweep.md,
scripts/sweep.py): plain SGD (the optimizer the ball starts with too), batch 32, η₀ 1, the
scheduler stepped once an epoch. There, over 5 seeds at T = 200, step decay, cosine and one-cycle
each end with a lower mean test loss than a constant rate at their own average.
"""

from __future__ import annotations

from lrgame.engine.numbers import typed_whole_in
from lrgame.engine.params import ConfigError

TRAIN_SIZE = 300
"""N, the points the network trains on (and tests on): lrgame.train.data's 3 arms × 100."""
SCHEDULER_STEPS = ("epoch", "batch")
"""scheduler.step() once an epoch (PyTorch's habit for most schedulers) or once a batch (one-cycle's)."""
DEFAULT_NET_LR0 = 1.0
DEFAULT_BATCH_SIZE = 32
DEFAULT_SCHEDULER_STEP = "epoch"


def check_batch_size(value: object, n: int = TRAIN_SIZE) -> int:
    """B, a whole number from 1 to N (N is full batch), from a number or its text; "full" is N."""
    if isinstance(value, str) and value.strip().lower() == "full":
        return n
    return typed_whole_in("batch_size", value, 1, n, refusal=f"is not allowed: give a whole number in [1, {n}] or full")


def check_scheduler_step(value: object) -> str:
    if value not in SCHEDULER_STEPS:
        raise ConfigError(f"scheduler_step={value!r} is not allowed: give epoch or batch")
    return str(value)


def batch_text(batch_size: int) -> str:
    """"full batch" or "batch 32", for a heading."""
    return "full batch" if batch_size >= TRAIN_SIZE else f"batch {batch_size}"
