"""The one folder where the window writes: exports, screenshots and saved setups.

`~/lrgame-output` unless the environment variable LRGAME_OUTPUT names another, so a classroom
machine, a kiosk or a test can point it somewhere else.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def output_dir() -> Path:
    folder = Path(os.environ.get("LRGAME_OUTPUT") or Path.home() / "lrgame-output").expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def timestamped(stem: str, suffix: str, folder: Path | None = None) -> Path:
    """A new file name like `step-20261122-093012.csv`, never one that exists already."""
    folder = output_dir() if folder is None else folder
    base = f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    path, n = folder / f"{base}{suffix}", 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}{suffix}"
    return path
