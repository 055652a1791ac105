"""The landscape view as a saved setup holds it: whether it is open, and if so its surface, the
surface's knobs, the path's start and whether F's forked cooldowns are shown. In the file:

    "landscape": null
    "landscape": {"surface": "river", "surface_params": {"slope": 0.1, "steep": 20.0},
                  "start": [-5.0, 0.6], "forks": false}

A file may have been edited by hand, so every part is checked as the panel checks it (a knob or
the start out of range is refused by its key, which `engine.wording` names as the screen does),
and JSON types first: text such as "10" is not a number here.
"""

from __future__ import annotations

from dataclasses import dataclass

from lrgame.engine.numbers import number_in
from lrgame.engine.params import ConfigError, quoted
from lrgame.sim.landscape_path import START_KEYS, LandscapeRun, make_landscape_run, start_range
from lrgame.sim.surfaces import DEFAULT_SURFACE, KNOB_KEY, get_surface

KEYS = ("surface", "surface_params", "start", "forks")
"""The landscape object's keys; others are reported as ignored, as anywhere in a setup file."""


@dataclass(frozen=True)
class SavedLandscape:
    """The landscape view as it was open: its choice (the settings in it unused: the setup's own
    settings are the run's) and whether F was on."""

    run: LandscapeRun
    forks: bool = False


def landscape_json(saved: SavedLandscape | None) -> dict[str, object] | None:
    """The file's "landscape" value."""
    if saved is None:
        return None
    run = saved.run
    return {"surface": run.surface, "surface_params": dict(run.surface_params), "start": list(run.start),
            "forks": saved.forks}


def landscape_from_json(key: str, value: object) -> SavedLandscape | None:
    """A "landscape" value read back, every part checked: ConfigError naming the part otherwise.
    A part left out takes the surface's default (the surface: the default surface)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ConfigError(f"{key}={quoted(value)} is not allowed: give null or an object with "
                          f"{', '.join(KEYS)}")
    try:
        return _read(value)
    except ConfigError as error:
        raise ConfigError(f"{key}: {error}") from None


def _read(value: dict) -> SavedLandscape:
    surface = get_surface(value.get("surface", DEFAULT_SURFACE))
    params = value.get("surface_params", {})
    if not isinstance(params, dict):
        raise ConfigError(f"surface_params={quoted(params)} is not allowed: give an object of knob: value pairs")
    for name, number in params.items():
        _json_number(KNOB_KEY + str(name), number)
    start = value.get("start", list(surface.start))
    if not isinstance(start, list) or len(start) != 2:
        raise ConfigError(f"start={quoted(start)} is not allowed: give two numbers [x, y]")
    limits = start_range(surface)
    point = tuple(number_in(axis, _json_number(axis, v), *limits[2 * i : 2 * i + 2])
                  for i, (axis, v) in enumerate(zip(START_KEYS, start, strict=True)))
    forks = value.get("forks", False)
    if not isinstance(forks, bool):
        raise ConfigError(f"forks={quoted(forks)} is not allowed: give true or false")
    return SavedLandscape(make_landscape_run(surface.name, params, (point[0], point[1])), forks)


def _json_number(key: str, value: object) -> object:
    """A JSON number, not text or a truth value: the range checks behind also take text."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ConfigError(f"{key}={quoted(value)} is not allowed: give a number")
    return value
