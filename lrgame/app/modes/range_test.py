"""The learning-rate range test (G), below the cards, on the network's batches and optimizer:
Enter or its button sets the network's η₀ to its suggestion. Its steps run in the window's idle
time between frames (`app/idle.py`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lrgame.app.mode import Mode
from lrgame.app.modes.train import BELOW
from lrgame.sim import intents as it
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    from lrgame.app.window import App

RANGE_STEPS_PER_FRAME = 4  # a headless frame's steps of the range test (a window: its idle time)
STEP = "range step"  # one step of the sweep: a slice of idle time


class RangeTestMode(Mode):
    area = BELOW
    escape_rank = 2

    def __init__(self, app: App) -> None:
        from lrgame.train.range_test import RangeTest  # imported when first shown: start-up counts

        super().__init__(app)
        s = app.sim.settings
        self.test = RangeTest(seed=s.seed, batch_size=s.batch_size, optimizer=s.optimizer)

    def handle(self, intent: it.Intent) -> bool:
        match intent:
            case it.ActivateFocused() if self.app.panel.focused() is None:
                return self.handle(it.UseSuggestedLr0())  # Enter with no control focused
            case it.UseSuggestedLr0():
                if self.test.done:
                    from lrgame.view.range_view import suggested_text

                    text = suggested_text(self.test.result())
                    self.app.carry_out(it.SetValue("net_lr0", float(text)))
                    self.app.messages.say(f"The network's η₀ is now {text}, the range test's suggestion. "
                                          "T trains the network with it; the valley keeps its own η₀.")
                return True
        return False

    def work(self) -> RangeTestMode:
        return self

    def next_slice(self) -> str | None:
        return None if self.test.done else STEP

    def slice(self) -> None:
        self.test.advance(1)

    def quantum(self) -> None:
        self.test.advance(RANGE_STEPS_PER_FRAME)

    def hit(self, pos: tuple[int, int]) -> it.Intent | None:
        return it.UseSuggestedLr0() if self.app.scene.view_button_at(pos, self.alone()) else None

    def draw(self, shown: Shown) -> None:
        shown.range_test = self.test
