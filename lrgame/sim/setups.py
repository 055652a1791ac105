"""Saved setups: the current settings plus the look (theme, scale) as a small JSON file.

A teacher prepares a lesson at home and opens it in class; the file may have been edited by hand
or damaged on the way. So loading reads JSON only (never code), checks every field through the
same `make_settings` as the window and the CLI, and refuses a bad file with one line naming the
file and the field, while keys it does not know are reported and ignored, never acted on.
Files are written into the output folder (the window's output folder), never over an old one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from lrgame.engine import schedules
from lrgame.engine.numbers import number_in
from lrgame.engine.params import ConfigError
from lrgame.sim.files import timestamped
from lrgame.sim.optimizer_choice import from_json as optimizer_from_json
from lrgame.sim.settings import DEFAULT_SCHEDULE, SCALE_RANGE, THEMES, Settings, make_settings, settings_json

FORMAT = "lrgame-setup"
VERSION = 1
MAX_BYTES = 64_000  # a setup is well under 2 kB; anything this big is not one

# Settings fields as they appear in the file, with the JSON type each must have. Checking the type
# here matters: the range checks behind make_settings also accept text such as "0.1" typed into a box.
_NUMBERS = ("lr0", "epochs", "sharpness", "noise", "seed", "steps_per_epoch")
_TEXTS = ("schedule", "valley")
_EXTRAS = ("theme", "scale")
_KNOWN = ("format", "version", *_TEXTS, *_NUMBERS, "params", "optimizer", *_EXTRAS)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_extras(extras: Mapping[str, object]) -> dict[str, object]:
    """theme in THEMES, scale in SCALE_RANGE; anything else is refused (the caller adds context)."""
    for key in extras:
        if key not in _EXTRAS:
            raise ConfigError(f"{key}={_shown(extras[key])} is not a setup extra: give only {', '.join(_EXTRAS)}")
    out: dict[str, object] = {}
    if "theme" in extras:
        theme = extras["theme"]
        if not isinstance(theme, str) or theme not in THEMES:
            raise ConfigError(f"theme={_shown(theme)} is not allowed: give one of {', '.join(THEMES)}")
        out["theme"] = theme
    if "scale" in extras:  # a number in the file, not text that looks like one
        out["scale"] = number_in("scale", extras["scale"], *SCALE_RANGE, shown=_shown(extras["scale"]))
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


def _read(path: Path) -> object:
    """The parsed JSON of `path`, or ConfigError saying why there is none."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ConfigError(f"{path}: too big to be a setup file (over {MAX_BYTES:,} bytes)")
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such setup file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a setup file (not UTF-8 text)") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read it ({error.strerror or error})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ConfigError(f"{path}: not a setup file (broken JSON at {where})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not a setup file (nested too deeply)") from None


def _settings_from(data: dict, warnings: list[str]) -> Settings:
    """Settings from the file's fields (missing ones take their defaults); types first, then ranges."""
    for key in _NUMBERS:
        if key in data and not _is_number(data[key]):
            raise ConfigError(f"{key}={_shown(data[key])} is not allowed: give a number")
    for key in _TEXTS:
        if key in data and not isinstance(data[key], str):
            raise ConfigError(f"{key}={_shown(data[key])} is not allowed: give a name in quotes")
    params = data.get("params", {})
    if not isinstance(params, dict):
        raise ConfigError(f"params={_shown(params)} is not allowed: give an object of knob: value pairs")
    schedule = schedules.get(data.get("schedule", DEFAULT_SCHEDULE))
    knobs = {p.name for p in schedule.params}
    for key in params:
        if key not in knobs:
            warnings.append(f"params.{key} is not a knob of {schedule.name}: ignored")
    fields = {k: data[k] for k in _NUMBERS if k in data}
    if "valley" in data:
        fields["valley_kind"] = data["valley"]
    if "optimizer" in data:  # plain SGD when left out, as in files saved before optimizers came
        fields["optimizer"] = optimizer_from_json(data["optimizer"])
    return make_settings(schedule.name, params={k: v for k, v in params.items() if k in knobs}, **fields)


def load_setup(path: str | Path) -> tuple[Settings, dict[str, object], list[str]]:
    """(settings, extras, warnings) from a setup file, or ConfigError with one line naming the file
    and the field. Nothing in the file is ever run; unknown keys only produce warnings."""
    path = Path(path)
    data = _read(path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(f'{path}: not a setup file (no "format": "{FORMAT}")')
    version = data.get("version")
    if not _is_number(version) or version != VERSION:
        raise ConfigError(f"{path}: version={_shown(version)} is not allowed: this lrgame reads version {VERSION}")
    warnings = [f"{key} is not a setup key: ignored" for key in data if key not in _KNOWN]
    try:
        settings = _settings_from(data, warnings)
        extras = _check_extras({k: data[k] for k in _EXTRAS if k in data})
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None
    return settings, extras, [f"{path.name}: {w}" for w in warnings]


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
