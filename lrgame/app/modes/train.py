"""Training (T): a real network trained under the current schedule, below the cards, at the
network's own η₀, batch size and optimizer. A change to any of those trains afresh; the view's
buttons open the range test and every schedule's comparison.

Training runs ahead as fast as the frame allows, but the view shows the epoch under the cursor
(←/→, Home/End, play): its loss, figures and decision regions, the weights of a past epoch
replayed exactly from the nearest snapshot (`train.replay`). While training has not reached the
cursor, it shows the last epoch trained, refreshed every REGIONS_EVERY epochs (a picture of the
regions costs about four epochs of training). K measures and shows the sharpness (it trains afresh
with the measurement on: every SHARPNESS_EVERY epochs, warm-started)."""

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
TRAIN_STEPS_PER_FRAME = 24  # about 5 ms of training a frame: the window keeps its frame rate
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

    def handle(self, intent: it.Intent) -> bool:
        if isinstance(intent, it.ToggleSharpness):
            self.show_sharpness = not self.show_sharpness
            self._start()
            return True
        return False

    def advance(self, frame_s: float) -> None:
        from lrgame.train.recipe import network_key

        if self.run.source != network_key(self.app.sim.settings):  # the network's settings changed: train afresh
            self._start()
        watchers = (self.snapshots,) if self.sharpness is None else (self.snapshots, self.sharpness)
        self.run.advance(epochs_per_frame(self.run.batches), watch=watchers)
        self._follow_cursor()

    def _follow_cursor(self) -> None:
        """Show the cursor's epoch once training has measured it, else the last epoch measured
        (refreshed every REGIONS_EVERY epochs, or when training ends)."""
        from lrgame.train.run import decision_grid

        run, cursor = self.run, self.app.sim.epoch
        target = min(cursor, run.trained_to)
        if target < 0 or target == self.shown_epoch:
            return
        waiting = cursor > run.trained_to and not run.done
        if waiting and 0 <= self.shown_epoch < target < self.shown_epoch + REGIONS_EVERY:
            return
        self.shown_epoch = target
        self.regions = decision_grid(self.snapshots.weights_at(target), GRID)

    def hit(self, pos: tuple[int, int]) -> it.Intent | None:
        name = self.app.scene.view_button_at(pos, self.alone())
        return None if name is None else _BUTTONS[name]

    def draw(self, shown: Shown) -> None:
        sim = self.app.sim
        shown.training = TrainShown(self.run, self.shown_epoch, sim.epoch, self.regions, self.sharpness,
                                    unit_words(sim.settings.unit, 1).one)
