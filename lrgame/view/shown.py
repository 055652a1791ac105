"""What the scene draws this frame, as one record: the window's modes each fill in their own fields
(`lrgame.app.mode.Mode.draw`), and the scene reads them. Adding a screen mode adds a field here,
not a parameter to every drawing call."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pygame

    from lrgame.app.modes.landscape import LandscapeShown
    from lrgame.sim.race import Race
    from lrgame.sim.simulation import Simulation
    from lrgame.train.every_schedule import EverySchedule
    from lrgame.train.range_test import RangeTest
    from lrgame.train.run import TrainingRun
    from lrgame.view.overlay import Note


class Shown:
    """The fields keep these defaults unless a mode sets them."""

    sim: Simulation | None = None  # the run, its view options and the pointer: the valley's
    alpha = 0.0
    log_scale = False
    mouse = (-1, -1)
    preset = ""
    explain = False  # the views under or over the valley, each set by its mode
    race: Race | None = None
    training: TrainingRun | None = None
    range_test: RangeTest | None = None
    every_schedule: EverySchedule | None = None
    landscape: LandscapeShown | None = None  # the 2-D landscape in place of the valley and its readout
    focus: pygame.Rect | None = None  # what is drawn over everything: the window's
    messages: tuple[Note, ...] = ()  # newest first
    help_rows: tuple[tuple[str, str], ...] | None = None
    export_folder: str | None = None
    code: str | None = None
    setup_files: list | None = None
