"""The one folder where the window writes: exports, screenshots and saved setups.

`~/lrgame-output` unless the environment variable LRGAME_OUTPUT names another, so a classroom
machine, a kiosk or a test can point it somewhere else.
"""

from __future__ import annotations

import os
from pathlib import Path


def output_dir() -> Path:
    folder = Path(os.environ.get("LRGAME_OUTPUT") or Path.home() / "lrgame-output").expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    return folder
