"""Saved setups: the current settings plus the look (theme, scale) as a small JSON file.

A teacher prepares a lesson at home and opens it in class; the file may have been edited by hand
or damaged on the way. So loading reads JSON only (never code), checks every field through the
same `make_settings` as the window and the CLI, and refuses a bad file with one line naming the
file and the field, while keys it does not know are reported and ignored, never acted on.
Files are written into the output folder (the window's output folder), never over an old one.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path

from lrgame.engine import schedules
from lrgame.engine.numbers import number_in
from lrgame.engine.params import ConfigError, cut, quoted
from lrgame.sim.files import timestamped
from lrgame.sim.optimizer_choice import from_json as optimizer_from_json
from lrgame.sim.settings import DEFAULT_SCHEDULE, SCALE_RANGE, THEMES, Settings, make_settings, settings_json

FORMAT = "lrgame-setup"
VERSION = 1
MAX_BYTES = 64_000  # a setup is well under 2 kB; anything this big is not one
LONGEST_INT = 30  # digits: the largest whole number a field takes (the seed) has 10
SHOWN_KEYS = 3  # unknown keys named in the warning; the rest are counted

# Settings fields as they appear in the file, with the JSON type each must have. Checking the type
# here matters: the range checks behind make_settings also accept text such as "0.1" typed into a box.
_NUMBERS = ("lr0", "epochs", "sharpness", "noise", "seed", "steps_per_epoch")
_TEXTS = ("schedule", "valley", "unit")
_EXTRAS = ("theme", "scale")
_KNOWN = ("format", "version", *_TEXTS, *_NUMBERS, "params", "optimizer", *_EXTRAS)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_extras(extras: Mapping[str, object]) -> dict[str, object]:
    """theme in THEMES, scale in SCALE_RANGE; anything else is refused (the caller adds context)."""
    for key in extras:
        if key not in _EXTRAS:
            raise ConfigError(f"{key}={quoted(extras[key])} is not a setup extra: give only {', '.join(_EXTRAS)}")
    out: dict[str, object] = {}
    if "theme" in extras:
        theme = extras["theme"]
        if not isinstance(theme, str) or theme not in THEMES:
            raise ConfigError(f"theme={quoted(theme)} is not allowed: give one of {', '.join(THEMES)}")
        out["theme"] = theme
    if "scale" in extras:  # a number in the file, not text that looks like one
        out["scale"] = number_in("scale", extras["scale"], *SCALE_RANGE, shown=quoted(extras["scale"]))
    return out


def setup_to_json(settings: Settings, extras: Mapping[str, object]) -> str:
    """The file's text: a format marker, every setting (tuples become lists) and the extras."""
    data: dict[str, object] = {
        "format": FORMAT,
        "version": VERSION,
        **settings_json(settings),
        **_check_extras(extras),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _read_bytes(path: Path) -> bytes:
    """At most MAX_BYTES of a regular file. Opened without blocking and checked on the open file, so
    a FIFO cannot hang the reader and a device such as /dev/zero (whose size says 0) is never read."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ConfigError(f"{path}: not a setup file (not a regular file)")
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{path}: too big to be a setup file (over {MAX_BYTES:,} bytes)")
    return data


def _whole(text: str) -> int | float:
    """A JSON integer: beyond LONGEST_INT digits no field can take it, and Python refuses to read
    one of more than 4300 digits, so it is read as a float (inf past 1e308) for the range check."""
    return int(text) if len(text) <= LONGEST_INT else float(text)


def _read(path: Path) -> object:
    """The parsed JSON of `path` (a leading UTF-8 byte-order mark allowed), or ConfigError saying
    why there is none."""
    try:
        text = _read_bytes(path).decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such setup file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: not a setup file (a folder)") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a setup file (not UTF-8 text)") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read it ({error.strerror or error})") from None
    try:
        return json.loads(text, parse_int=_whole)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ConfigError(f"{path}: not a setup file (broken JSON at {where})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not a setup file (nested too deeply)") from None


def _check_keys(data: dict) -> None:
    """Every key, the knobs' too, is printable text: a NUL, a control character or a lone surrogate
    is no name lrgame could have written, and no message could show it."""
    params = data.get("params")
    for key in [*data, *(params if isinstance(params, dict) else ())]:
        if not key.isprintable():
            raise ConfigError(f"not a setup file (the key {quoted(key)} is not printable text)")


def _unknown(data: dict, knobs: set[str]) -> list[str]:
    """The keys lrgame does not know, the knobs' as params.NAME, in the file's order."""
    params = data.get("params") or {}
    return [*(k for k in data if k not in _KNOWN), *(f"params.{k}" for k in params if k not in knobs)]


def _ignored(names: list[str]) -> list[str]:
    """One warning line for the keys ignored: the first few and how many."""
    if not names:
        return []
    listed = ", ".join(cut(name) for name in names[:SHOWN_KEYS])
    more = f" and {len(names) - SHOWN_KEYS:,} more" if len(names) > SHOWN_KEYS else ""
    keys = "key" if len(names) == 1 else "keys"
    return [f"ignored {len(names):,} {keys} lrgame does not know: {listed}{more}"]


def _settings_from(data: dict) -> tuple[Settings, list[str]]:
    """Settings from the file's fields (missing ones take their defaults), types first, then ranges;
    and the keys ignored."""
    for key in _NUMBERS:
        if key in data and not _is_number(data[key]):
            raise ConfigError(f"{key}={quoted(data[key])} is not allowed: give a number")
    for key in _TEXTS:
        if key in data and not isinstance(data[key], str):
            raise ConfigError(f"{key}={quoted(data[key])} is not allowed: give a name in quotes")
    params = data.get("params", {})
    if not isinstance(params, dict):
        raise ConfigError(f"params={quoted(params)} is not allowed: give an object of knob: value pairs")
    schedule = schedules.get(data.get("schedule", DEFAULT_SCHEDULE))
    knobs = {p.name for p in schedule.params}
    fields = {k: data[k] for k in _NUMBERS if k in data}
    if "valley" in data:
        fields["valley_kind"] = data["valley"]
    if "unit" in data:  # epochs when left out, as in files saved before runs counted in steps
        fields["unit"] = data["unit"]
    if "optimizer" in data:  # plain SGD when left out, as in files saved before optimizers came
        fields["optimizer"] = optimizer_from_json(data["optimizer"])
    settings = make_settings(schedule.name, params={k: v for k, v in params.items() if k in knobs}, **fields)
    return settings, _unknown(data, knobs)


def load_setup(path: str | Path) -> tuple[Settings, dict[str, object], list[str]]:
    """(settings, extras, warnings) from a setup file, or ConfigError with one line naming the file
    and the field. Nothing in the file is ever run; the keys it does not know make one warning,
    naming the first few and how many."""
    path = Path(path)
    data = _read(path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(f'{path}: not a setup file (no "format": "{FORMAT}")')
    version = data.get("version")
    if not _is_number(version) or version != VERSION:
        raise ConfigError(f"{path}: version={quoted(version)} is not allowed: this lrgame reads version {VERSION}")
    try:
        _check_keys(data)
        settings, unknown = _settings_from(data)
        extras = _check_extras({k: data[k] for k in _EXTRAS if k in data})
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None
    return settings, extras, [f"{path.name}: {w}" for w in _ignored(unknown)]


def save_setup(settings: Settings, extras: Mapping[str, object], folder: Path) -> Path:
    """Write `setup-YYYYmmdd-HHMMSS.json` (with a -2, -3… suffix if taken) into `folder`; never
    overwrites a file."""
    text = setup_to_json(settings, extras)
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        path = timestamped("setup", ".json", folder)
        try:
            with path.open("x", encoding="utf-8") as f:  # "x": fails rather than overwrite a file made meanwhile
                f.write(text)
            return path
        except FileExistsError:
            continue


def list_setups(folder: Path) -> list[Path]:
    """The JSON files in `folder`, newest first (the Ctrl+O list); none if the folder is missing."""
    if not folder.is_dir():
        return []
    files = []
    for p in folder.glob("*.json"):
        try:
            if p.is_file():
                files.append((p.stat().st_mtime, p.name, p))
        except OSError:  # deleted while listing
            continue
    return [p for _, _, p in sorted(files, reverse=True)]
