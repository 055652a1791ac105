"""New file names in a folder, never one that exists already (exports, screenshots, setups)."""

from __future__ import annotations

import time
from pathlib import Path


def timestamped(stem: str, suffix: str, folder: Path) -> Path:
    """A new file name like `step-20261122-093012.csv`, never one that exists already."""
    base = f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    path, n = folder / f"{base}{suffix}", 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}{suffix}"
    return path
