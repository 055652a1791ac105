"""The exported PyTorch code, shown over the valley until Esc (opened by exporting it).

What it shows always matches the run on screen: when the settings change while it is open, the
code is written again for the new ones (and its first line says the file holds the earlier code),
so a class never reads an old rate beside a new curve. The mode writes the lines around the code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lrgame.app.mode import Mode
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    from lrgame.app.window import App
    from lrgame.sim.settings import Settings

SAVED = "# Esc closes this; the file is in the output folder."
CHANGED = "# You changed the settings: this is their code now (E, then 1 saves it)."
CLOSE = "# Esc closes this."


def pytorch_code_for(app: App) -> str:
    """The PyTorch code of the run on screen (a loss-driven one has no curve: its controller's
    code), counted in the run's unit (a recipe counted in steps stays so after a knob changes)."""
    from lrgame.export.pytorch import plateau_code, pytorch_code

    s = app.sim.settings
    if app.sim.curve is None:
        return plateau_code(s.lr0, s.params, s.optimizer)
    return pytorch_code(s.schedule, s.lr0, s.epochs, s.params, s.steps_per_epoch, s.unit, s.optimizer)


class CodeOverlay(Mode):
    escape_rank = 1

    def __init__(self, app: App, code: str) -> None:
        super().__init__(app)
        self.exported = code  # what the file and the clipboard hold
        self.code = code  # what is shown: the code for the run on screen
        self._for: Settings = app.sim.settings

    def advance(self, frame_s: float) -> None:
        settings = self.app.sim.settings
        if settings is not self._for:  # a new run: write its code (once per change, not per frame)
            self._for = settings
            self.code = pytorch_code_for(self.app)

    def draw(self, shown: Shown) -> None:
        if self.code == self.exported:
            shown.code = "\n".join([self.code, "", SAVED])
        else:  # said first: a long snippet's last lines may not fit
            shown.code = "\n".join([CHANGED, self.code, "", CLOSE])
