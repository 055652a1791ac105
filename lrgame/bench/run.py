"""`python main.py bench`: each part in turn, each figure printed as soon as it is measured, beside
its goal (MISSED when it is not met). Roughly how long each part takes on the 2-core reference
machine is in the README; each long step says how many frames it plays before it starts."""

from __future__ import annotations

from lrgame.bench import window
from lrgame.bench.common import say

SIZES = ((1920, 1080), (1280, 720))


def run(what: str, epochs: int, repeats: int, memory_frames: int) -> None:
    """The parts `what` names: engine, window, train, or all."""
    if what in ("engine", "all"):
        say(f"engine: each schedule's whole curve at T={epochs:,} against {window.FLOOR} over as many points, "
            f"median of {repeats} turns …")
        for row in window.engine_rows(window.engine(epochs, repeats)):
            say(row)
    if what in ("window", "all"):
        _window(repeats, memory_frames)
    if what in ("train", "all"):
        _train(repeats)


def _window(repeats: int, memory_frames: int) -> None:
    say("window: 2,000 frames of play at each size against fill + flip …")
    for size in SIZES:
        say(window.frame_row(window.frames(size)))
    _landscape()
    say("window: 20 knob changes at T=1,000,000 …")
    say(window.change_row(window.change_at_million()))
    say(f"window: {2 * repeats + 2} fresh processes to the first frame, and as many importing pygame …")
    say(window.startup_row(window.startup(repeats)))
    if memory_frames:
        say(f"window: memory over {memory_frames:,} frames of play, then the kiosk's first attract cycle and "
            f"{memory_frames:,} frames more …")
        say(window.memory_row(window.memory(memory_frames)))
        say(window.kiosk_memory_row(window.attract_memory(memory_frames)))


def _landscape() -> None:
    from lrgame.bench import landscape

    say("window: the landscape (D), 2,000 frames of its path playing at each size against fill + flip …")
    for size in SIZES:
        say(landscape.frame_rows(landscape.frames(size)))
    say("window: the landscape (D), each surface chosen and each of its knobs moved, 4 times over …")
    say(landscape.change_row(landscape.changes()))
    from lrgame.bench import paths

    say("window: the river's five forked cooldowns (F) and four compared paths (C), 2,000 frames each at "
        "1920x1080 against fill + flip …")
    say(paths.row("forked cooldowns (F)", paths.forks((1920, 1080))))
    say(paths.row("four compared paths (C)", paths.compared((1920, 1080))))


def _train(repeats: int) -> None:
    from lrgame.bench import train

    say(f"train: the network against its matmul floor, mini-batch and full batch, median of {repeats} turns …")
    for batch in train.BATCHES:
        for row in train.speed_rows(train.network_speed(batch, repeats=repeats)):
            say(row)
    say("train: 600 frames paced at 120/s while the train view (T) and every schedule (Shift+T) train in the idle "
        "time, at each size …")
    for view in ("train", "grand"):
        for size in SIZES:
            for row in train.frames_rows(train.window_frames(view, size)):
                say(row)
    say(f"train: the sharpness every {train.SHARPNESS_EVERY} epochs against none, 200 epochs at the window's "
        f"defaults, median of {repeats} turns …")
    for batch in train.BATCHES:
        say(train.overhead_row(train.sharpness_overhead(batch, repeats=repeats)))
    say("train: the grand comparison at compare's defaults …")
    say(train.compare_row(train.compare_seconds()))
