"""The help (H or ?): every key of the key table, over everything."""

from __future__ import annotations

from lrgame.app.keys import KEY_HELP
from lrgame.app.mode import Mode
from lrgame.engine.units import in_unit
from lrgame.view.shown import Shown


class HelpOverlay(Mode):
    escape_rank = 1

    def draw(self, shown: Shown) -> None:
        """The key table's rows, in the run's unit: ← / → move one step in a run counted in steps."""
        unit = self.app.sim.settings.unit
        shown.help_rows = KEY_HELP if unit == "epochs" else tuple((k, in_unit(what, unit)) for k, what in KEY_HELP)
