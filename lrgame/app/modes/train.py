"""Training (T): a real network trained under the current schedule, below the cards, at the
network's own η₀, batch size and optimizer. A change to any of those trains afresh; the view's
buttons open the range test and every schedule's comparison.

Training runs ahead in the window's idle time between frames (`app/idle.py`; a headless frame
trains TRAIN_STEPS_PER_FRAME batch steps' worth), but the view shows the epoch under the cursor
(←/→, Home/End, play): its loss, figures and decision regions, the weights of a past epoch
replayed exactly from the nearest snapshot (`train.replay`). The picture is made in the idle time
too, and shown with its epoch once made. While training has not reached the cursor, it shows the
last epoch trained, refreshed every REGIONS_EVERY epochs (a picture of the regions costs about two
epochs of training). K measures and shows the sharpness (it trains afresh
with the measurement on: every SHARPNESS_EVERY epochs, warm-started). When the idle time changes
what the view shows, the slice that changed it also prepares the view's next frame
(`TrainView.prepare`), so that frame only blits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lrgame.app.mode import Mode
from lrgame.engine.units import unit_words
from lrgame.sim import intents as it
from lrgame.view.shown import Shown, TrainShown

if TYPE_CHECKING:
    import numpy as np

    from lrgame.app.window import App
    from lrgame.sim.settings import Settings
    from lrgame.train.replay import Snapshots
    from lrgame.train.run import TrainingRun
    from lrgame.train.sharpness import SharpnessLog

BELOW = "below the cards"  # the area T, G and Shift+T share: showing one closes the others
REGIONS_EVERY = 30  # epochs between two pictures while training has not reached the cursor
SHARPNESS_EVERY = 10  # epochs between two measurements of the sharpness (K)
GRID = 64  # the decision regions' resolution
TRAIN_STEPS_PER_FRAME = 24  # a headless frame's training (the window trains in its idle time instead)
REGIONS = "regions"  # a GRID_CHUNK-point piece of the decision regions
PICTURE = "picture"  # the slice that begins the picture the cursor asks for (a replay or the regions to make)
WATCH = "watch"  # the slice in which the snapshots (and K's sharpness) look at an epoch boundary
EVAL_COST = 6  # measuring an epoch's figures (training and test set) costs about this many batch steps
_BUTTONS: dict[str, it.Intent] = {"range": it.ToggleRangeTest(), "grand": it.ToggleEverySchedule()}


def epochs_per_frame(batches_per_epoch: int, budget: int = TRAIN_STEPS_PER_FRAME) -> int:
    """How many epochs fit a frame's budget of batch steps (at least one): 3 at full batch, 1 at B = 32."""
    return max(1, budget // (batches_per_epoch + EVAL_COST))


def new_training(settings: Settings) -> TrainingRun:
    """The network under the window's schedule (a loss-driven one gets its own fresh controller,
    which listens to the network's test loss)."""
    from lrgame.train.recipe import network_key, window_run  # imported when first shown: start-up counts

    run = window_run(settings)
    run.source = network_key(settings)
    return run


def train_state(run: TrainingRun, shown: int) -> dict[str, object]:
    """The state document's "train" section: the epoch the view shows (None before any is
    measured), its figures, and how far training has run."""
    train_loss, test_loss, test_accuracy = run.figures(shown) if shown >= 0 else (None, None, None)
    return {"epoch": shown if shown >= 0 else None, "train_loss": train_loss, "test_loss": test_loss,
            "test_accuracy": test_accuracy, "trained_to": run.trained_to}


class TrainMode(Mode):
    area = BELOW

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.show_sharpness = False
        self._keyed: Settings | None = None  # the settings the run was last checked against
        self._start()

    def _start(self) -> None:
        """A fresh run (same settings, same numbers), its snapshots and, when shown, its sharpness log."""
        from lrgame.train.replay import Snapshots  # imported when first shown: start-up counts
        from lrgame.train.sharpness import SharpnessLog

        self.run = new_training(self.app.sim.settings)
        self.snapshots: Snapshots = Snapshots(self.run)
        self.sharpness: SharpnessLog | None = SharpnessLog(self.run, SHARPNESS_EVERY) if self.show_sharpness else None
        self.shown_epoch = -1  # nothing shown yet
        self.regions: np.ndarray | None = None
        self._picture: _Picture | None = None  # the regions being made in the idle time
        self._watched: tuple[int, bool] | None = None  # the boundary (epoch, done) the watchers last saw
        self._prepared: tuple | None = None  # what the view was last prepared for (`_news`)

    def handle(self, intent: it.Intent) -> bool:
        if isinstance(intent, it.ToggleSharpness):
            self.show_sharpness = not self.show_sharpness
            self._start()
            return True
        return False

    def advance(self, frame_s: float) -> None:
        from lrgame.train.recipe import network_key

        settings = self.app.sim.settings
        if settings is not self._keyed:  # new settings (a frozen record, replaced on a change): the run's still?
            if self.run.source != network_key(settings):  # the network's settings changed: train afresh
                self._start()
            self._keyed = settings

    def work(self) -> TrainMode:
        return self

    def quantum(self) -> None:
        """A headless frame: epochs_per_frame epochs, then the picture the cursor asks for, at once."""
        from lrgame.train.run import decision_grid

        self.run.advance(epochs_per_frame(self.run.batches), watch=self._watchers())
        target = self._wanted()
        if target is not None:
            self.shown_epoch = target
            self.regions = decision_grid(self.snapshots.weights_at(target), GRID)

    def next_slice(self) -> str | None:
        """The picture the cursor asks for first (begun in a slice of its own: a frame did it before),
        then the watchers' look at an epoch boundary, then training."""
        if self._picture is not None:
            return self._picture.next_slice()
        if self._wanted() is not None:
            return PICTURE
        if self._unwatched():
            return WATCH
        return self.run.next_piece()

    def slice(self) -> None:
        picture, target = self._picture, None if self._picture is not None else self._wanted()
        if picture is not None:
            picture.slice()
            if picture.done:
                self.shown_epoch, self.regions, self._picture = picture.epoch, picture.grid, None
        elif target is not None:  # one at a time: the cursor may move on meanwhile, and none might ever be done
            self._picture = _Picture(target, self.snapshots)
        elif self._unwatched():
            for watcher in self._watchers():
                watcher.observe(self.run)
            self._watched = (self.run.epoch, self.run.done)
        else:
            self.run.piece()
        if self._prepared != self._news():  # what the view shows changed: its next frame is prepared in this slice
            self.app.scene.train_view.prepare(self._shown())  # (a slice of its own could miss the deadline, and
            self._prepared = self._news()  # then the frame did it: its cost counts in this slice's kind)

    def _watchers(self) -> tuple:
        return (self.snapshots,) if self.sharpness is None else (self.snapshots, self.sharpness)

    def _news(self) -> tuple:
        """What the idle time changes of what the view shows: the figures measured (the loss chart
        and the words; mid-epoch), the end, the sharpness measured, the picture shown, and under a
        loss-driven schedule the epochs trained (its rate chart). Not the epoch count otherwise:
        nothing shown moves at an epoch's end, and preparing twice an epoch cost training ~3 %."""
        run, log = self.run, self.sharpness
        return (len(run.losses), run.final_loss, run.done, self.shown_epoch, id(self.regions),
                None if log is None else len(log.points), None if run.controller is None else run.epoch)

    def _unwatched(self) -> bool:
        """At an epoch boundary the watchers have not seen yet (the snapshots, the sharpness)?"""
        return self.run.at_boundary and self._watched != (self.run.epoch, self.run.done)

    def _wanted(self) -> int | None:
        """The epoch to show next, or None to keep the one shown: the cursor's once training has
        measured it, else the last epoch measured, refreshed every REGIONS_EVERY epochs (or when
        training ends)."""
        run, cursor = self.run, self.app.sim.epoch
        target = min(cursor, run.trained_to)
        current = self.shown_epoch
        if target < 0 or target == current:
            return None
        waiting = cursor > run.trained_to and not run.done
        if waiting and 0 <= current < target < current + REGIONS_EVERY:
            return None
        return target

    def hit(self, pos: tuple[int, int]) -> it.Intent | None:
        name = self.app.scene.view_button_at(pos, self.alone())
        return None if name is None else _BUTTONS[name]

    def draw(self, shown: Shown) -> None:
        shown.training = self._shown()

    def _shown(self) -> TrainShown:
        sim = self.app.sim
        return TrainShown(self.run, self.shown_epoch, sim.epoch, self.regions, self.sharpness,
                          unit_words(sim.settings.unit, 1).one)


class _Picture:
    """The decision regions at one epoch, made in the idle time: the replay from the nearest
    snapshot trained on to that epoch a piece at a time, then the regions a chunk at a time."""

    def __init__(self, epoch: int, snapshots: Snapshots) -> None:
        from lrgame.train.run import Regions

        self.epoch = epoch
        self._replay = snapshots.replay_to(epoch)
        at = snapshots.run if self._replay is None else self._replay
        self._regions = Regions(at.params, GRID) if at.epoch == epoch else None

    @property
    def done(self) -> bool:
        return self._regions is not None and self._regions.done

    @property
    def grid(self) -> np.ndarray:
        assert self._regions is not None
        return self._regions.grid

    def next_slice(self) -> str | None:
        if self._regions is None:
            return self._replay.next_piece()
        return None if self._regions.done else REGIONS

    def slice(self) -> None:
        if self._regions is None:
            self._replay.piece()
            if self._replay.epoch == self.epoch:
                from lrgame.train.run import Regions

                self._regions = Regions(self._replay.params, GRID)
        else:
            self._regions.piece()
