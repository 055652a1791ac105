"""The window's messages: a note beside a control and one toast at the top, each shown until a
moment on the app clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lrgame.view.overlay import Note

if TYPE_CHECKING:
    import pygame

    from lrgame.ui.panel import Panel

NOTE_SECONDS = 5.0


class Messages:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock  # the app's clock: seconds since the window opened
        self.notes: dict[str, Note] = {}  # by the key of the row they sit beside
        self.toast: Note | None = None

    def say(self, text: str, *, error: bool = False, seconds: float = NOTE_SECONDS) -> None:
        """The toast at the top: a confirmation, or a refusal (`error`)."""
        self.toast = Note(text, error, self._clock() + seconds)

    def note(self, key: str, text: str, *, error: bool) -> None:
        """A note beside the control of `key`."""
        self.notes[key] = Note(text, error, self._clock() + NOTE_SECONDS)

    def clear(self) -> None:
        self.notes.clear()
        self.toast = None

    def expire(self) -> None:
        """Drop what has been shown long enough."""
        now = self._clock()
        self.notes = {k: n for k, n in self.notes.items() if n.until > now}
        if self.toast is not None and self.toast.until <= now:
            self.toast = None

    def visible(self, panel: Panel) -> list[tuple[pygame.Rect, Note]]:
        """The notes whose control is in the panel now, each with its control's rectangle."""
        out = []
        for key, note in self.notes.items():
            row = panel.row(key)
            if row is not None:
                out.append((row.rect, note))
        return out
