"""The help (H or ?): every key of the key table, over everything."""

from __future__ import annotations

from lrgame.app.keys import KEY_HELP
from lrgame.app.mode import Mode
from lrgame.view.shown import Shown


class HelpOverlay(Mode):
    escape_rank = 1

    def draw(self, shown: Shown) -> None:
        shown.help_rows = KEY_HELP
