"""The explanation (I): how the current schedule works, over the valley."""

from __future__ import annotations

from lrgame.app.mode import Mode
from lrgame.view.shown import Shown


class ExplainOverlay(Mode):
    escape_rank = 1

    def draw(self, shown: Shown) -> None:
        shown.explain = True
