"""The window's messages: a note about a control and one toast (a confirmation or a refusal), each
shown until a moment on the app clock, all of them in the message line at the top."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lrgame.view.overlay import Note

if TYPE_CHECKING:
    from lrgame.ui.panel import Panel

NOTE_SECONDS = 5.0


class Messages:
    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock  # the app's clock: seconds since the window opened
        self.notes: dict[str, Note] = {}  # by the key of the control they are about
        self.toast: Note | None = None
        self._count = 0

    def say(self, text: str, *, error: bool = False, seconds: float = NOTE_SECONDS) -> None:
        """The toast: a confirmation, or a refusal (`error`)."""
        self.toast = Note(text, error, self._clock() + seconds, self._made())

    def note(self, key: str, text: str, *, error: bool) -> None:
        """A note about the control of `key`."""
        self.notes[key] = Note(text, error, self._clock() + NOTE_SECONDS, self._made())

    def clear(self) -> None:
        self.notes.clear()
        self.toast = None

    def expire(self) -> None:
        """Drop what has been shown long enough."""
        now = self._clock()
        self.notes = {k: n for k, n in self.notes.items() if n.until > now}
        if self.toast is not None and self.toast.until <= now:
            self.toast = None

    def shown(self, panel: Panel) -> tuple[Note, ...]:
        """What the message line shows, newest first: the toast, and the notes whose control is in
        the panel now."""
        live = [note for key, note in self.notes.items() if panel.row(key) is not None]
        if self.toast is not None:
            live.append(self.toast)
        return tuple(sorted(live, key=lambda note: -note.made))

    def next(self, panel: Panel) -> bool:
        """The newest message shown goes behind the others (M, or a click on the message line), so
        each in turn comes first, whole; each of them then stays NOTE_SECONDS more, to be read.
        False when the line shows one message or none."""
        live = self.shown(panel)
        if len(live) < 2:
            return False
        until = self._clock() + NOTE_SECONDS
        last = min(note.made for note in live) - 1
        for note in live:
            moved = note._replace(until=max(note.until, until), made=last if note is live[0] else note.made)
            if note is self.toast:
                self.toast = moved
            else:
                key = next(k for k, n in self.notes.items() if n is note)
                self.notes[key] = moved
        return True

    def _made(self) -> int:
        self._count += 1
        return self._count
