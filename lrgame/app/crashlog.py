"""The kiosk's error log: an unexpected error in a frame is written down (with its traceback) and
the simulator carries on from its defaults. The log rotates, so it never grows past a few MB.

An error that repeats (the same type, message and place) is counted, not written again: the first
traceback, the root cause, is the one worth keeping, and rotation would push it out after a few
thousand copies. Repeats are noted at 10, 100, 1000… and in full when the log closes. With no
usable output folder the log goes to stderr.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path

MAX_BYTES = 1_000_000
BACKUPS = 2


def _signature(error: BaseException) -> tuple[str, str, tuple[tuple[str, int], ...]]:
    """What makes two errors "the same": type, message and the lines they passed through."""
    frames = tuple((f.filename, f.lineno or 0) for f in traceback.extract_tb(error.__traceback__))
    return type(error).__qualname__, str(error), frames


class CrashLog:
    def __init__(self, path: Path | None) -> None:
        self.path = path  # None: to stderr
        self.count = 0
        self._repeats: dict[tuple, int] = {}  # per signature: times seen after the first
        self._logger = logging.getLogger(f"lrgame.crash.{id(self)}")
        self._logger.propagate = False  # never to the root logger
        self._handler: logging.Handler
        if path is None:
            self._handler = logging.StreamHandler(sys.stderr)
        else:
            self._handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
            )
        self._handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        self._logger.addHandler(self._handler)

    @property
    def where(self) -> str:
        return "stderr" if self.path is None else str(self.path)

    def record(self, error: BaseException) -> None:
        """Write a new error with its traceback; count a repeat (noting it at each power of ten)."""
        self.count += 1
        key = _signature(error)
        if key not in self._repeats:
            self._repeats[key] = 0
            self._logger.error("unexpected error in a frame; recovered from the defaults", exc_info=error)
        else:
            self._repeats[key] += 1
            n = self._repeats[key]
            if n >= 10 and str(n).strip("0") == "1":
                self._logger.error("the same %s again: %d repeats so far", key[0], n)
        self._handler.flush()

    def close(self) -> None:
        """Note how often each error repeated, then let the file go."""
        for (kind, message, _), n in self._repeats.items():
            if n:
                self._logger.error("%s (%s) repeated %d times after the first", kind, message[:200], n)
        self._repeats.clear()
        self._logger.removeHandler(self._handler)
        self._handler.close()
