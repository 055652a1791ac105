"""The list of saved setups (Ctrl+O): the newest nine in the output folder, 1 … 9 or a click opens
one. While it is open it takes every key and click."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lrgame.app import files
from lrgame.app.keys import setup_list_key_intent
from lrgame.app.mode import Mode
from lrgame.sim import intents as it
from lrgame.view.overlay import setup_list_rows
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    from pathlib import Path

    import pygame

    from lrgame.app.window import App


class SetupList(Mode):
    modal = True

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.files: list[Path] = files.saved_setups()

    def handle(self, intent: it.Intent) -> bool:
        if isinstance(intent, it.LoadSetup):
            if self.files and intent.index < len(self.files):
                self.app.close(self)
                files.load_setup(self.app, self.files[intent.index])
            return True
        return False

    def key(self, event: pygame.event.Event) -> it.Intent | None:
        return setup_list_key_intent(event, len(self.files))

    def hit(self, pos: tuple[int, int]) -> it.Intent | None:
        rows = setup_list_rows(self.app.window.get_size(), len(self.files))
        return next((it.LoadSetup(i) for i, rect in enumerate(rows) if rect.collidepoint(pos)), None)

    def draw(self, shown: Shown) -> None:
        shown.setup_files = self.files
