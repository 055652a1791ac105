"""The kiosk's error log: an unexpected error in a frame is written down (with its traceback) and
the simulator carries on from its defaults. The log rotates, so it never grows past a few MB."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

MAX_BYTES = 1_000_000
BACKUPS = 2


class CrashLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._logger = logging.getLogger(f"lrgame.crash.{id(self)}")
        self._logger.propagate = False  # never to the root logger or the console
        self._handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
        self._handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        self._logger.addHandler(self._handler)

    def record(self, error: BaseException) -> None:
        self.count += 1
        self._logger.error("unexpected error in a frame; reset to defaults", exc_info=error)
        self._handler.flush()

    def close(self) -> None:
        self._logger.removeHandler(self._handler)
        self._handler.close()
