"""The one folder where the window writes: exports, screenshots and saved setups.

`~/lrgame-output` unless the environment variable LRGAME_OUTPUT names another, so a classroom
machine, a kiosk or a test can point it somewhere else. A folder that cannot be used (a file of
that name, a path under /proc, a name too long) is refused with one line naming it, which each
file action shows as its message: nothing else stops working.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lrgame.engine.params import PATH_CHARS, ConfigError, cut

VARIABLE = "LRGAME_OUTPUT"


def output_dir() -> Path:
    """The output folder, made if missing, or ConfigError saying why it cannot be used."""
    folder = Path(os.environ.get(VARIABLE) or Path.home() / "lrgame-output").expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as error:
        why = "a file of that name is in the way" if isinstance(error, FileExistsError) else error.strerror or error
        raise ConfigError(f"The output folder {cut(str(folder), PATH_CHARS)} cannot be used ({why}): "
                          f"set {VARIABLE} to a folder you can write to.") from None
    return folder


def use_temporary_folder() -> Path | None:
    """Point the output folder at a fresh temporary one, unless LRGAME_OUTPUT names one: a soak's
    screenshots and setups must not land among a teacher's (where Ctrl+O would list them). Returns
    the new folder, or None when LRGAME_OUTPUT was set."""
    if os.environ.get(VARIABLE):
        return None
    folder = Path(tempfile.mkdtemp(prefix="lrgame-random-input-"))
    os.environ[VARIABLE] = str(folder)
    return folder
