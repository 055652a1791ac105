"""Training (T): a real network trained under the current curve, below the cards, in step with the
run: at the run's epoch t it has trained t epochs (and measured the loss at w_t), so every view
names the same epoch. Playing trains it along; a jump ahead trains it there a few epochs a frame;
a jump back or a new curve trains afresh. The view's buttons open the range test and every
schedule's comparison."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lrgame.app.mode import Mode
from lrgame.sim import intents as it
from lrgame.sim.settings import run_controller
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    from lrgame.app.window import App
    from lrgame.sim.simulation import Simulation
    from lrgame.train.run import TrainingRun

BELOW = "below the cards"  # the area T, G and Shift+T share: showing one closes the others
TRAIN_EPOCHS_PER_FRAME = 3  # about 5 ms of training a frame: the window keeps its frame rate
_BUTTONS: dict[str, it.Intent] = {"range": it.ToggleRangeTest(), "grand": it.ToggleEverySchedule()}


def new_training(sim: Simulation) -> TrainingRun:
    """One network epoch per schedule epoch: the rate at the start of each epoch. A loss-driven
    schedule gets its own fresh controller, which listens to the network's loss."""
    from lrgame.train.run import TrainingRun  # imported when first shown: start-up counts

    s = sim.settings
    if sim.curve is None:
        run = TrainingRun(run_controller(s), seed=s.seed, epochs=s.epochs)
    else:
        run = TrainingRun(sim.curve[:: s.steps_per_epoch], seed=s.seed)
    run.source = sim.trajectory
    return run


class TrainMode(Mode):
    area = BELOW

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.run = new_training(app.sim)

    def advance(self, frame_s: float) -> None:
        sim = self.app.sim
        if self.run.source is not sim.trajectory or self.run.epoch > self._target():  # new curve, or back in time
            self.run = new_training(sim)
        self.run.advance(min(TRAIN_EPOCHS_PER_FRAME, self._target() - self.run.epoch))

    def _target(self) -> int:
        """Epochs to train for the run's epoch t: t + 1, since the loss at w_t is measured as epoch t
        starts; all T once the run is over (then the final loss at w_T is measured too)."""
        return min(self.app.sim.epoch + 1, self.run.epochs)

    def hit(self, pos: tuple[int, int]) -> it.Intent | None:
        name = self.app.scene.view_button_at(pos, self.alone())
        return None if name is None else _BUTTONS[name]

    def draw(self, shown: Shown) -> None:
        shown.training = self.run
