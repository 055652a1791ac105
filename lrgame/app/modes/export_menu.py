"""The export menu (E): PyTorch code, the curve as CSV, the view as PNG, or all three. While it
is open it takes every key and click."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lrgame.app.keys import export_key_intent
from lrgame.app.mode import Mode
from lrgame.app.output import output_dir
from lrgame.sim import intents as it
from lrgame.view.overlay import export_menu_rows
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    import pygame

    from lrgame.app.window import App


class ExportMenu(Mode):
    modal = True

    def __init__(self, app: App, folder: str) -> None:
        super().__init__(app)
        self.folder = folder  # where the files go, shown in the menu

    @classmethod
    def open(cls, app: App) -> ExportMenu:
        """The menu, naming the folder; a folder that cannot be used is refused (`App.apply` says why)."""
        return cls(app, str(output_dir()))

    def handle(self, intent: it.Intent) -> bool:
        if isinstance(intent, it.Export):
            self.app.close(self)
        return False  # the export itself is the window's

    def key(self, event: pygame.event.Event) -> it.Intent | None:
        return export_key_intent(event)

    def hit(self, pos: tuple[int, int]) -> it.Intent | None:
        kinds = [kind for rect, kind in export_menu_rows(self.app.window.get_size()) if rect.collidepoint(pos)]
        return it.Export(kinds[0]) if kinds else None

    def draw(self, shown: Shown) -> None:
        shown.export_folder = self.folder
