"""The race (C): the compared schedules over the learning-rate chart, their balls racing down the
valley, the scoreboard. Its slots (Shift+C, X) are kept while it is hidden, so they live on the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lrgame.app.mode import Mode
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    from lrgame.app.window import App
    from lrgame.sim.race import Race


def race_of(app: App) -> Race:
    """The app's race, made (and its module imported) the first time it is asked for."""
    if app.race is None:
        from lrgame.sim.race import Race

        app.race = Race()
    return app.race


class RaceMode(Mode):
    @classmethod
    def open(cls, app: App) -> RaceMode:
        race_of(app)
        return cls(app)

    def draw(self, shown: Shown) -> None:
        shown.race = self.app.race
