"""Training (T): a real network trained under the current schedule, below the cards, at the
network's own η₀, batch size and optimizer, in step with the run: at the run's epoch t it has
trained t epochs (and measured the loss at w_t), so every view names the same epoch. Playing
trains it along; a jump ahead trains it there a few epochs a frame; a jump back or a change to
the network's settings trains afresh. The view's buttons open the range test and every
schedule's comparison."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lrgame.app.mode import Mode
from lrgame.sim import intents as it
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    from lrgame.app.window import App
    from lrgame.sim.settings import Settings
    from lrgame.train.run import TrainingRun

BELOW = "below the cards"  # the area T, G and Shift+T share: showing one closes the others
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


def train_state(run: TrainingRun, epoch: int) -> dict[str, object]:
    """The state document's "train" section: the epoch the view's marker shows (the valley's, once
    training has reached it, else the last measured), its figures, and how far training has run."""
    shown = min(epoch, run.trained_to)
    train_loss, test_loss, test_accuracy = run.figures(shown) if shown >= 0 else (None, None, None)
    return {"epoch": shown, "train_loss": train_loss, "test_loss": test_loss, "test_accuracy": test_accuracy,
            "trained_to": run.trained_to}


class TrainMode(Mode):
    area = BELOW

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.run = new_training(app.sim.settings)

    def advance(self, frame_s: float) -> None:
        from lrgame.train.recipe import network_key

        sim = self.app.sim
        if self.run.source != network_key(sim.settings) or self.run.epoch > self._target():  # new run, or back
            self.run = new_training(sim.settings)
        self.run.advance(min(epochs_per_frame(self.run.batches), self._target() - self.run.epoch))

    def _target(self) -> int:
        """Epochs to train for the run's epoch t: t + 1, since the loss at w_t is measured as epoch t
        starts; all T once the run is over (then the final loss at w_T is measured too)."""
        return min(self.app.sim.epoch + 1, self.run.epochs)

    def hit(self, pos: tuple[int, int]) -> it.Intent | None:
        name = self.app.scene.view_button_at(pos, self.alone())
        return None if name is None else _BUTTONS[name]

    def draw(self, shown: Shown) -> None:
        shown.training = self.run
