"""Files the program writes: new names in a folder, never one that exists already (exports,
screenshots, setups), and a path given to write to, checked before the work starts."""

from __future__ import annotations

import time
from pathlib import Path

from lrgame.engine.params import PATH_CHARS, ConfigError, cut, quoted


def timestamped(stem: str, suffix: str, folder: Path) -> Path:
    """A new file name like `step-20261122-093012.csv`, never one that exists already."""
    base = f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}"
    path, n = folder / f"{base}{suffix}", 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}{suffix}"
    return path


def check_writable(name: str, path: Path, suffixes: tuple[str, ...] = ()) -> Path:
    """`path` made ready to be written at the end of a run, or ConfigError with one line saying
    why not, so a long run never ends in a traceback. The folders on the way are made now; then
    the file itself is opened (and removed again if it was new): only trying tells a read-only
    folder, /proc or a name too long. `suffixes`, when given, are the endings allowed (an image's
    type follows its name)."""
    shown = quoted(str(path), PATH_CHARS)
    try:
        if path.is_dir():
            raise ConfigError(f"{name}={shown} is a folder: give a file name")
        if suffixes and path.suffix.lower() not in suffixes:
            raise ConfigError(f"{name}={shown} is not allowed: give a name ending in {', '.join(suffixes)}")
        if path.exists() and not path.is_file():
            raise ConfigError(f"{name}={shown} is not allowed: it is not a regular file")
        above = next(p for p in path.parents if p.exists())
        if not above.is_dir():
            above_shown = cut(str(above), PATH_CHARS)
            raise ConfigError(f"{name}={shown} cannot be written: {above_shown} is a file, not a folder")
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.open("r+b").close()  # writable, and not truncated
        else:
            path.open("xb").close()
            path.unlink()
    except OSError as error:
        raise ConfigError(f"{name}={shown} cannot be written: {error.strerror or error}") from None
    return path
