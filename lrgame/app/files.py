"""What the window writes into the output folder and reads back: the exports (E, S) and the saved
setups (Ctrl+S, Ctrl+O; --setup and --save-setup too). The export and setup modules are imported
at their first use: start-up counts.
An output folder that cannot be used raises ConfigError (see output.py), which `App.apply` shows
as a message, like a file that cannot be written here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from lrgame.app.modes.code import CodeOverlay, pytorch_code_for
from lrgame.app.modes.landscape import LandscapeMode
from lrgame.app.modes.race import race_of
from lrgame.app.output import output_dir
from lrgame.engine.params import ConfigError
from lrgame.sim.files import timestamped
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    from lrgame.app.window import App
    from lrgame.sim.setups import Setup

NO_CSV = "No CSV: reduce on plateau follows the loss, so its rates are not known before the run."


def export(app: App, kind: str) -> None:
    """Write the chosen files ("code", "csv", "png" or "all") and confirm with their names; the
    code is also copied and shown."""
    from lrgame.export.table import csv_text, curve_rows

    sim = app.sim
    s = sim.settings
    lines: list[str] = []
    try:
        if kind == "csv" and sim.curve is None:
            raise ConfigError(NO_CSV)
        if kind in ("code", "all"):
            code = pytorch_code_for(app)
            lines.append(_write(s.schedule, ".py", code))
            lines.append(_copy_to_clipboard(code))
            app.show(CodeOverlay(app, code))
        if kind in ("csv", "all"):
            rows = None if sim.curve is None else curve_rows(s.schedule, sim.curve, s.steps_per_epoch, s.unit)
            lines.append(NO_CSV if rows is None else _write(s.schedule, ".csv", csv_text(rows)))
        if kind in ("png", "all"):
            path = timestamped(s.schedule, ".png", output_dir())
            shown = Shown()
            app.valley.draw(shown)
            shown.mouse = (-1, -1)  # the view, without the tooltip under the pointer
            app.scene.draw(app.window, shown, app.widgets, app.panel.captions())
            pygame.image.save(app.window, str(path))
            lines.append(f"saved {path.name}")
    except OSError as error:
        app.messages.say(f"Could not export: {error.strerror or error}", error=True)
        return
    except pygame.error as error:
        app.messages.say(f"Could not export: {error}", error=True)
        return
    app.messages.say("\n".join([*lines, f"in {output_dir()}"]))


def _write(schedule: str, suffix: str, text: str) -> str:
    path = timestamped(schedule, suffix, output_dir())
    path.write_text(text, encoding="utf-8")
    return f"saved {path.name}"


def _copy_to_clipboard(text: str) -> str:
    """Put the code on the clipboard where the platform allows; say what happened."""
    try:
        pygame.scrap.put_text(text)
    except pygame.error:
        return "(the clipboard is not available here: open the .py file)"
    return "PyTorch code copied to the clipboard"


def current_setup(app: App) -> Setup:
    """Every setting the window lets a person reach, as a setup file holds them: the run asked for,
    the recipe shown, the look, the log scale, the speed, the compared slots and the landscape."""
    from lrgame.sim.saved_landscape import SavedLandscape
    from lrgame.sim.setups import Setup

    slots = () if app.race is None else tuple(slot.settings for slot in app.race.slots)
    mode = app.find(LandscapeMode)
    landscape = None if not isinstance(mode, LandscapeMode) else SavedLandscape(mode.choice, mode.forks)
    return Setup(app.sim.requested, app.valley.preset, app.theme, app.wanted_scale, app.valley.log_scale,
                 app.sim.speed, slots, landscape)


def open_setup(app: App, setup: Setup) -> None:
    """Put a checked setup on screen: Ctrl+O and --setup. The epoch shown is kept (clamped to T);
    the compared slots replace the ones there; the landscape opens as saved, or closes."""
    if setup.settings != app.sim.requested:
        app.sim.apply(setup.settings)
    app.sim.set_speed(setup.speed)
    app.valley.preset, app.valley.log_scale = setup.preset, setup.log_scale
    app.theme, app.wanted_scale = setup.theme, setup.scale
    if app.race is not None or setup.comparison:
        race = race_of(app)
        race.clear()
        for slot in setup.comparison:
            race.add(slot)
    shown = app.find(LandscapeMode)
    if setup.landscape is not None:
        app.show(LandscapeMode(app, setup.landscape.run, setup.landscape.forks))
    elif shown is not None:
        app.close(shown)
    app.rebuild_ui()


def save_setup(app: App) -> None:
    """Everything `current_setup` holds into a new setup file in the output folder."""
    from lrgame.sim.setups import save_setup as save

    try:
        path = save(current_setup(app), output_dir())
    except OSError as error:
        app.messages.say(f"Could not save the setup: {error.strerror or error}", error=True)
        return
    app.messages.say(f"saved {path.name}\nin {path.parent}  ·  Ctrl+O opens it")


def write_setup(app: App, path: Path) -> None:
    """--save-setup: the setup as it is when the run ends, to a path checked before the run."""
    from lrgame.sim.setups import setup_to_json

    path.write_text(setup_to_json(current_setup(app)), encoding="utf-8")


def saved_setups() -> list[Path]:
    """The newest nine setup files, for the Ctrl+O list."""
    from lrgame.sim.setups import list_setups

    return list_setups(output_dir())[:9]


def load_setup(app: App, path: Path) -> None:
    """A saved setup replaces every setting it holds; a bad file changes nothing (its ConfigError
    becomes a one-line message in `App.apply`)."""
    from lrgame.sim.setups import load_setup as load

    setup, warnings = load(path)
    open_setup(app, setup)
    app.messages.say("\n".join([f"opened {path.name}", *warnings]))
