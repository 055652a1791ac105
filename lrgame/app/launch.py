"""How the window starts: the checked settings plus what only a launch decides (size, theme, kiosk…)."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from lrgame.engine.params import ConfigError, quoted
from lrgame.engine.record import record
from lrgame.sim.landscape_path import LandscapeRun
from lrgame.sim.settings import Settings, make_settings

if TYPE_CHECKING:
    from lrgame.sim.setups import Setup

SIZE_RANGE = ((640, 480), (7680, 4320))
# The image types pygame.image.save writes, by the name's ending (any other ending would get a TGA).
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tga")
# The views --view opens at start, by the names the state document gives them (app/state.py VIEWS);
# the valley is the view when no other is open.
VALLEY = "valley"
LAUNCH_VIEWS = (VALLEY, "landscape", "train")


@record
class LaunchOptions:
    """How the window starts: the settings plus what only a launch decides."""

    settings: Settings = field(default_factory=make_settings)
    epoch: int | None = None
    size: tuple[int, int] = (1280, 720)
    fullscreen: bool = False
    headless: bool = False
    frames: int | None = None
    play: bool = False
    screenshot: Path | None = None
    dump_state: Path | None = None
    save_setup: Path | None = None  # where the setup is written when the run ends (--save-setup)
    setup: Setup | None = None  # a saved lesson (--setup), opened over the fields here once the window is up
    preset: str = ""  # the recipe named with --preset, shown with its source
    kiosk: bool = False
    idle_seconds: float = 60.0
    random_input: int | None = None  # seed of the random-input soak
    theme: str = "dark"  # one of THEMES
    scale: float = 1.0  # in SCALE_RANGE
    messages: tuple[str, ...] = ()  # shown once the window is up (e.g. what a setup file's loader ignored)
    view: str = VALLEY  # one of LAUNCH_VIEWS
    landscape: LandscapeRun | None = None  # the surface, its knobs and start, with --view landscape (None: the setup's)


def parse_size(text: str) -> tuple[int, int]:
    """'1280x720' → (1280, 720), inside SIZE_RANGE."""
    (wlo, hlo), (whi, hhi) = SIZE_RANGE
    try:
        w_text, h_text = text.lower().split("x")
        w, h = int(w_text), int(h_text)
    except ValueError:
        raise ConfigError(f"size={quoted(text)} is not WIDTHxHEIGHT, e.g. 1280x720") from None
    if not (wlo <= w <= whi and hlo <= h <= hhi):
        raise ConfigError(f"size={quoted(text)} is not allowed: width in [{wlo}, {whi}], height in [{hlo}, {hhi}]")
    return w, h
