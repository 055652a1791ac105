"""Every schedule trained (Shift+T), below the cards, beside constant rates with the same average."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lrgame.app.mode import Mode
from lrgame.app.modes.train import BELOW
from lrgame.engine.params import ConfigError
from lrgame.engine.units import in_unit
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    from lrgame.app.window import App

GRAND_EPOCHS_PER_FRAME = 6  # every schedule at T = 100 in about 7 s, a few milliseconds a frame
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

        super().__init__(app)
        self.run = EverySchedule(s.epochs, s.lr0, [s.seed])

    def advance(self, frame_s: float) -> None:
        self.run.advance(max_epochs=GRAND_EPOCHS_PER_FRAME)

    def draw(self, shown: Shown) -> None:
        shown.every_schedule = self.run
