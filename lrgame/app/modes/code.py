"""The exported PyTorch code, shown over the valley until Esc (opened by exporting it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lrgame.app.mode import Mode
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    from lrgame.app.window import App


class CodeOverlay(Mode):
    escape_rank = 1

    def __init__(self, app: App, code: str) -> None:
        super().__init__(app)
        self.code = code

    def draw(self, shown: Shown) -> None:
        shown.code = self.code
