"""Saved setups: a lesson as a small JSON file, holding every setting the window lets a person reach.

A teacher prepares a lesson at home and opens it in class; the file may have been edited by hand
or damaged on the way. So loading reads JSON only (never code), checks every field through the
same `make_settings` as the window and the CLI, and refuses a bad file with one line naming the
file and the field, while keys it does not know are reported and ignored, never acted on.
Files are written into the output folder (the window's output folder), never over an old one.

What a file holds is listed once, in `SETTINGS_FIELDS` (the run: what `settings_json` writes) and
`WINDOW_FIELDS` (what the window adds: the recipe, the look, the speed, the comparison, the
landscape view). A field a
later lrgame adds gets a row there and a default, and files written before it still load, taking
the default; tests/test_setup_round_trip.py fails while a field of Settings or Setup has no row.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from lrgame.engine import schedules
from lrgame.engine.numbers import number_in
from lrgame.engine.params import ConfigError, cut, quoted
from lrgame.sim.files import timestamped
from lrgame.sim.optimizer_choice import from_json as optimizer_from_json
from lrgame.sim.presets import get_preset
from lrgame.sim.race import MAX_SLOTS, Race
from lrgame.sim.saved_landscape import KEYS as LANDSCAPE_KEYS
from lrgame.sim.saved_landscape import SavedLandscape, landscape_from_json, landscape_json
from lrgame.sim.settings import SCALE_RANGE, THEMES, Settings, make_settings, settings_json
from lrgame.sim.simulation import DEFAULT_SPEED, SPEED_RANGE

FORMAT = "lrgame-setup"
VERSION = 3
READS = (1, 2, 3)  # 1: before the recipe, the unit, the log scale, the speed and the comparison were saved;
# 2: before the landscape view was
MAX_BYTES = 64_000  # a setup with four compared slots is about 3 kB; anything this big is not one
LONGEST_INT = 30  # digits: the largest whole number a field takes (the seed) has 10
SHOWN_KEYS = 3  # unknown keys named in the warning; the rest are counted


@dataclass(frozen=True)
class Setup:
    """A saved lesson: the run's settings, the recipe shown with its source ("" for none), the
    look, the log scale, the play speed, the compared slots (each slot's own settings; the
    first slot's T, steps per epoch, valley, sharpness, noise and seed are the race's) and the
    landscape view if it is open (its surface, knobs, start, and F)."""

    settings: Settings = field(default_factory=make_settings)
    preset: str = ""
    theme: str = THEMES[0]
    scale: float = 1.0
    log_scale: bool = False
    speed: float = DEFAULT_SPEED
    comparison: tuple[Settings, ...] = ()
    landscape: SavedLandscape | None = None

    @property
    def unit(self) -> str:
        """What one step of the run counts (`Settings.unit`): steps after a recipe counted in steps,
        until a recipe counted in epochs, Reset all or more steps an epoch."""
        return self.settings.unit


# ---- the saved fields: the one place that lists them ------------------------------------------------
# Each key's JSON type is checked first: the range checks behind make_settings also accept text
# such as "0.1" typed into a box, which a file must not pass off as a number.


def _number(key: str, value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{key}={quoted(value)} is not allowed: give a number")
    return value


def _text(key: str, value: object) -> object:
    if not isinstance(value, str):
        raise ConfigError(f"{key}={quoted(value)} is not allowed: give a name in quotes")
    return value


def _knobs(key: str, value: object) -> object:
    if not isinstance(value, dict):
        raise ConfigError(f"{key}={quoted(value)} is not allowed: give an object of knob: value pairs")
    return value


def _optimizer(key: str, value: object) -> object:
    return optimizer_from_json(value)


def _switch(key: str, value: object) -> object:
    if not isinstance(value, bool):
        raise ConfigError(f"{key}={quoted(value)} is not allowed: give true or false")
    return value


def _preset(key: str, value: object) -> object:
    """A recipe's name, or null (or "") for none."""
    return "" if value is None or value == "" else get_preset(str(_text(key, value))).name


def _slots(key: str, value: object) -> object:
    if not isinstance(value, list) or not all(isinstance(slot, dict) for slot in value):
        raise ConfigError(f"{key}={quoted(value)} is not allowed: give a list of slots, each an object of settings")
    return value


Check = Callable[[str, object], object]

SETTINGS_FIELDS: dict[str, tuple[Check, str]] = {
    "schedule": (_text, "schedule"),
    "lr0": (_number, "lr0"),
    "epochs": (_number, "epochs"),
    "params": (_knobs, "params"),
    "valley": (_text, "valley_kind"),
    "sharpness": (_number, "sharpness"),
    "noise": (_number, "noise"),
    "seed": (_number, "seed"),
    "steps_per_epoch": (_number, "steps_per_epoch"),
    "optimizer": (_optimizer, "optimizer"),
    "net_lr0": (_number, "net_lr0"),
    "batch_size": (_number, "batch_size"),
    "scheduler_step": (_text, "scheduler_step"),
    "unit": (_text, "unit"),
}
"""The run: each key of `settings_json`, its type check, and the make_settings argument it goes to.
A knob that follows another (cyclic's step_size_down) is saved as null, and loads following; a
file without a unit (version 1) counts epochs."""

WINDOW_FIELDS: dict[str, tuple[Check, Callable[[Setup], object]]] = {
    "preset": (_preset, lambda s: s.preset or None),
    "theme": (_text, lambda s: s.theme),
    "scale": (_number, lambda s: s.scale),
    "log_scale": (_switch, lambda s: s.log_scale),
    "speed": (_number, lambda s: s.speed),
    "comparison": (_slots, lambda s: [settings_json(slot) for slot in s.comparison]),
    "landscape": (landscape_from_json, lambda s: landscape_json(s.landscape)),
}
"""What the window adds: each key (a field of Setup), its type check and how it is written."""

_KNOWN = ("format", "version", *SETTINGS_FIELDS, *WINDOW_FIELDS)


# ---- writing ----------------------------------------------------------------------------------------


def setup_json(setup: Setup) -> dict[str, object]:
    """The file's object: a format marker, every setting (tuples become lists), then the window's fields."""
    setup = checked(setup)
    return {
        "format": FORMAT,
        "version": VERSION,
        **settings_json(setup.settings),
        **{key: write(setup) for key, (_, write) in WINDOW_FIELDS.items()},
    }


def setup_to_json(setup: Setup) -> str:
    """The file's text; ConfigError when it would be too big to open again (thousands of milestones)."""
    text = json.dumps(setup_json(setup), indent=2, ensure_ascii=False) + "\n"
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise ConfigError(f"the setup is too big to save: {size:,} bytes, and a setup file holds at most "
                          f"{MAX_BYTES:,} (a knob's list is too long)")
    return text


def save_setup(setup: Setup, folder: Path) -> Path:
    """Write `setup-YYYYmmdd-HHMMSS.json` (with a -2, -3… suffix if taken) into `folder`; never
    overwrites a file."""
    text = setup_to_json(setup)
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        path = timestamped("setup", ".json", folder)
        try:
            with path.open("x", encoding="utf-8") as f:  # "x": fails rather than overwrite a file made meanwhile
                f.write(text)
            return path
        except FileExistsError:
            continue


# ---- checking -----------------------------------------------------------------------------------------


def checked(setup: Setup) -> Setup:
    """`setup` with its window's fields checked (ConfigError naming the field): theme and numbers
    in range (the numbers as floats), the recipe's caption over the recipe's own settings, and a
    comparison that a race takes as it is."""
    if setup.theme not in THEMES:
        raise ConfigError(f"theme={quoted(setup.theme)} is not allowed: give one of {', '.join(THEMES)}")
    scale = number_in("scale", setup.scale, *SCALE_RANGE, shown=quoted(setup.scale))
    speed = number_in("speed", setup.speed, *SPEED_RANGE, shown=quoted(setup.speed))
    if setup.preset:
        _check_recipe(setup.preset, setup.settings)
    _check_race(setup.comparison)
    return replace(setup, scale=scale, speed=speed)


RECIPE_SETS = ("schedule", "lr0", "epochs", "params", "sharpness", "unit")
"""What a recipe sets; the valley, noise, seed, steps per epoch and optimizer are the person's."""


def _check_recipe(name: str, settings: Settings) -> None:
    """The recipe's caption is shown only over what the recipe sets: a hand-edited η₀ under it
    would be a lie."""
    own, recipe = settings_json(settings), settings_json(get_preset(name).settings())
    differs = [(k, own[k], recipe[k]) for k in RECIPE_SETS if own[k] != recipe[k]]
    if differs and differs[0][0] == "params":
        differs = [(f"params.{k}", v, recipe["params"].get(k)) for k, v in own["params"].items()
                   if v != recipe["params"].get(k)]
    if differs:
        key, value, wanted = differs[0]
        raise ConfigError(f"preset={quoted(name)} does not go with {key}={quoted(value)}: the recipe sets "
                          f"{quoted(wanted)} (leave the preset out to keep your own)")


def _check_race(slots: tuple[Settings, ...]) -> None:
    """The slots, added in order to a race, go in as they are: at most MAX_SLOTS schedules with a
    curve, the first setting T, steps per epoch, the valley, the sharpness, the noise and the seed,
    which every later one must already have (Race.join would change them). Checked without
    computing a ball: that waits for the window."""
    if len(slots) > MAX_SLOTS:
        raise ConfigError(f"comparison has {len(slots)} slots: at most {MAX_SLOTS} schedules can be compared")
    for i, slot in enumerate(slots, 1):
        try:
            schedules.get(slot.schedule)
        except ConfigError as error:
            raise ConfigError(f"comparison[{i}]: {error}") from None
        _, adjusted = Race.join(slot, slots[0])
        if adjusted:
            raise ConfigError(f"comparison[{i}] does not fit the race the first slot sets: {adjusted[0]}")


# ---- reading ------------------------------------------------------------------------------------------


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
    """Every key, the knobs' and the slots' and the landscape's too, is printable text: a NUL, a
    control character or a lone surrogate is no name lrgame could have written, and no message could
    show it."""
    slots = data.get("comparison")
    for part in [data, *(slots if isinstance(slots, list) else ()), data.get("landscape")]:
        if not isinstance(part, dict):
            continue
        knobs = [part.get("params"), part.get("surface_params")]
        for key in [*part, *(key for inner in knobs if isinstance(inner, dict) for key in inner)]:
            if not key.isprintable():
                raise ConfigError(f"not a setup file (the key {quoted(key)} is not printable text)")


def _ignored(names: list[str]) -> list[str]:
    """One warning line for the keys ignored: the first few and how many."""
    if not names:
        return []
    listed = ", ".join(cut(name) for name in names[:SHOWN_KEYS])
    more = f" and {len(names) - SHOWN_KEYS:,} more" if len(names) > SHOWN_KEYS else ""
    keys = "key" if len(names) == 1 else "keys"
    return [f"ignored {len(names):,} {keys} lrgame does not know: {listed}{more}"]


def _settings_from(data: dict, known: tuple[str, ...], where: str = "") -> tuple[Settings, list[str]]:
    """Settings from an object's fields (missing ones take their defaults), types first, then
    ranges; and its keys outside `known`, the knobs' as params.NAME, each after `where`."""
    fields = {arg: check(key, data[key]) for key, (check, arg) in SETTINGS_FIELDS.items() if key in data}
    params = fields.pop("params", {})
    schedule = schedules.entry(fields.pop("schedule", schedules.DEFAULT))
    knobs = {p.name for p in schedule.params}
    settings = make_settings(schedule.name, params={k: v for k, v in params.items() if k in knobs}, **fields)
    unknown = [*(k for k in data if k not in known), *(f"params.{k}" for k in params if k not in knobs)]
    return settings, [f"{where}{name}" for name in unknown]


def _setup_from(data: dict) -> tuple[Setup, list[str]]:
    """The Setup of a file's object, and the keys it ignored."""
    settings, unknown = _settings_from(data, _KNOWN)
    window = {key: check(key, data[key]) for key, (check, _) in WINDOW_FIELDS.items() if key in data}
    comparison = []
    for i, slot in enumerate(window.pop("comparison", []), 1):
        try:
            slot_settings, slot_unknown = _settings_from(slot, tuple(SETTINGS_FIELDS), f"comparison[{i}].")
        except ConfigError as error:
            raise ConfigError(f"comparison[{i}]: {error}") from None
        comparison.append(slot_settings)
        unknown += slot_unknown
    landscape = data.get("landscape")
    unknown += [f"landscape.{k}" for k in (landscape if isinstance(landscape, dict) else ()) if k not in LANDSCAPE_KEYS]
    setup = checked(Setup(settings, comparison=tuple(comparison), **window))  # type: ignore[arg-type]
    return setup, unknown


def load_setup(path: str | Path) -> tuple[Setup, list[str]]:
    """(setup, warnings) from a setup file, or ConfigError with one line naming the file and the
    field. Nothing in the file is ever run; the keys it does not know make one warning, naming the
    first few and how many. Files of an earlier version load too: what they lack takes its default."""
    path = Path(path)
    data = _read(path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ConfigError(f'{path}: not a setup file (no "format": "{FORMAT}")')
    version = data.get("version")
    if isinstance(version, bool) or version not in READS:
        raise ConfigError(f"{path}: version={quoted(version)} is not allowed: this lrgame reads versions "
                          f"{' and '.join(map(str, READS))}")
    try:
        _check_keys(data)
        setup, unknown = _setup_from(data)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None
    return setup, [f"{path.name}: {w}" for w in _ignored(unknown)]


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
