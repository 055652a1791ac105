"""Every schedule trained (Shift+T), below the cards, beside constant rates with the same average:
the network's own η₀, batch size, optimizer and scheduler step, over SEEDS seeds from the window's.
The runs train in the window's idle time between frames (`app/idle.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lrgame.app.mode import Mode
from lrgame.app.modes.train import BELOW, epochs_per_frame
from lrgame.engine.params import ConfigError
from lrgame.engine.units import in_unit
from lrgame.sim.settings import SEED_RANGE
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    from lrgame.app.window import App

GRAND_STEPS_PER_FRAME = 48  # a headless frame's batch steps: 6 epochs at full batch, 3 at B = 32 (a window: idle time)
SEEDS = 3  # the window's seed and the next two: enough for a mean ± spread
GRAND_MAX_EPOCHS = 2000  # at T = 2000 the comparison takes two minutes in the window


class EveryScheduleMode(Mode):
    area = BELOW
    escape_rank = 2

    def __init__(self, app: App) -> None:
        s = app.sim.settings
        if s.epochs > GRAND_MAX_EPOCHS:
            raise ConfigError(in_unit(f"T={s.epochs} is too long to train every schedule here: at most "
                                      f"{GRAND_MAX_EPOCHS} epochs (the command python main.py compare takes up to "
                                      "5000)", s.unit))
        from lrgame.train.every_schedule import EverySchedule  # imported when first shown: start-up counts
        from lrgame.train.recipe import recipe_of

        super().__init__(app)
        first = min(s.seed, SEED_RANGE[1] - SEEDS + 1)
        self.run = EverySchedule(s.epochs, recipe_of(s), list(range(first, first + SEEDS)))
        self._prepared: tuple | None = None  # what the view was last prepared for (`_news`)

    def work(self) -> EveryScheduleMode:
        return self

    def next_slice(self) -> str | None:
        return self.run.next_piece()

    def slice(self) -> None:
        """A piece of training; when it changed what the view shows (a run done, a percent more), the
        view's next frame prepared too (`EveryScheduleView.prepare`)."""
        self.run.piece()
        if self._prepared != self._news():
            self.app.scene.every_schedule_view.prepare(self.run)
            self._prepared = self._news()

    def _news(self) -> tuple:
        """What the idle time changes of what the view shows: the runs done and training, the percent
        trained."""
        run = self.run
        return run.runs_done, run.training_now, round(100 * run.progress), run.done

    def quantum(self) -> None:
        self.run.advance(max_epochs=epochs_per_frame(self.run.recipe.batches, GRAND_STEPS_PER_FRAME))

    def draw(self, shown: Shown) -> None:
        shown.every_schedule = self.run
