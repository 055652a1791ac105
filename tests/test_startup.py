"""Start-up: the first frame imports none of what test_architecture's LAZY table keeps for later,
the collector paused for start-up (lrgame/__main__.py, lrgame/app/heap.py) is back on once it is
on screen, and pygame_gui's fonts are loaded when the manager is made, as its own loader would."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest
from pygame_gui.elements import UIButton

from lrgame import cli
from lrgame.app.heap import pause_for_start_up
from lrgame.app.ui_build import theme_data
from lrgame.ui.button_widths import frame_width, need
from tests.test_architecture import LAZY

ROOT = Path(__file__).resolve().parents[1]
# The lazy imports the window's start itself makes: the entry's and the command line's.
STARTS_WITH = {"lrgame.cli", "lrgame.app.window"}
# What `python main.py --headless --frames 2` did at its first flip and when it ended.
CHILD = """
import dataclasses, gc, json, sys
import pygame
flip, seen, frozen = pygame.display.flip, {}, []
process = dataclasses._process_class
def processed(cls, init, repr, eq, order, unsafe_hash, is_frozen, *rest):
    if is_frozen and cls.__module__.startswith("lrgame"):
        frozen.append(f"{cls.__module__}.{cls.__qualname__}")
    return process(cls, init, repr, eq, order, unsafe_hash, is_frozen, *rest)
dataclasses._process_class = processed
def flipped():
    flip()
    seen.setdefault("modules", sorted(sys.modules))
    seen.setdefault("collector", gc.isenabled())
    seen.setdefault("frozen_dataclasses", list(frozen))
pygame.display.flip = flipped
sys.argv = ["main.py", "--headless", "--frames", "2"]
from lrgame.__main__ import main
status = main()
print(json.dumps({**seen, "status": status, "collector_after": gc.isenabled()}))
"""


@pytest.fixture(scope="module")
def first_frame() -> dict:
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    child = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=120, check=True)
    return json.loads(child.stdout.splitlines()[-1])


def test_the_first_frame_imports_nothing_kept_for_later(first_frame: dict) -> None:
    later = {target for _, target in LAZY} - STARTS_WITH
    assert first_frame["status"] == 0
    assert sorted(later & set(first_frame["modules"])) == []


def test_the_first_frame_shows_the_noise_without_importing_numpy_random(first_frame: dict) -> None:
    """~9 ms: the readout's noise at step 0 is the default seed's first draw, known in advance
    (`trajectory.FIRST_Z`); numpy.random is imported when the ball first moves."""
    assert "numpy.random" not in first_frame["modules"]


def test_the_first_frame_compiles_no_frozen_dataclass(first_frame: dict) -> None:
    """~12 ms: a frozen dataclass compiles its methods as it is made (~1 ms a class); the ones on
    the way to the first frame are records (`lrgame.engine.record`), which compile nothing."""
    assert first_frame["frozen_dataclasses"] == []


def test_the_collector_is_off_for_start_up_and_on_from_the_first_frame(first_frame: dict) -> None:
    assert first_frame["collector"] is False  # off until the first frame is on screen (~20 ms)
    assert first_frame["collector_after"] is True


@pytest.mark.parametrize("command", [["presets"], ["export", "--schedule", "cosine", "--lr0", "0.1", "--epochs", "5"]])
def test_any_other_command_runs_with_the_collector_on(command: list[str], capsys: pytest.CaptureFixture) -> None:
    pause_for_start_up()  # as the entry does
    try:
        assert cli.main(command) == 0
        assert gc.isenabled()
    finally:
        gc.enable()
    assert capsys.readouterr().out


def test_a_collector_turned_off_by_someone_else_stays_off(launch) -> None:
    """test_memory counts what only the kiosk's own collections free: its gc.disable() holds."""
    gc.disable()
    try:
        launch().frames(2)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_widgets_fonts_are_loaded_with_the_manager(launch) -> None:
    """The panel's own font (the theme's DejaVu Sans), not pygame_gui's fallback: a manager given
    a loader leaves starting it to its owner, and an unstarted one left the font unloaded."""
    app = launch().app
    fonts = app.manager.ui_theme.get_font_dictionary().loaded_fonts
    ours = [name for name in fonts if name.startswith("dejavusans")]
    assert theme_data()["defaults"]["font"]["name"] == "dejavusans"
    assert ours and all(fonts[name].loaded_font is not None for name in ours)


SIZES = [("dark", 1.0, (1280, 720)), ("dark", 1.0, (640, 480)), ("projector", 1.5, (1920, 1080)),
         ("dark", 2.0, (1920, 1080))]


@pytest.mark.parametrize(("theme", "scale", "size"), SIZES)
def test_each_button_is_made_once_at_its_width(theme: str, scale: float, size: tuple[int, int],
                                               monkeypatch: pytest.MonkeyPatch, launch) -> None:
    """~1 ms a button: a row's widths come from the theme (`need`) before its buttons are made,
    where the tabs were once made at their shares and made again wider."""
    killed: list[str] = []
    kill = UIButton.kill
    monkeypatch.setattr(UIButton, "kill", lambda self: (killed.append(self.text), kill(self)))
    app = launch(size=size, theme=theme, scale=scale).app
    assert killed == []
    for row in app.panel.rows:
        if row.button is not None:
            assert row.button.relative_rect == row.rect
            assert row.button.font.size(row.button.text)[0] + frame_width(row.button) <= row.rect.w, row.key


@pytest.mark.parametrize(("theme", "scale", "size"), SIZES)
@pytest.mark.parametrize("object_id", [None, "#primary"])
def test_a_buttons_need_read_from_the_theme_is_what_the_button_has(theme: str, scale: float, size: tuple[int, int],
                                                                   object_id: str | None, launch) -> None:
    manager = launch(size=size, theme=theme, scale=scale).app.manager
    button = UIButton(pygame.Rect(0, 0, 200, 30), "Play", manager, object_id=object_id)
    for text in ("Knobs", "2-D", "Optimizer: Nesterov", "Reset all"):
        assert need(manager, object_id, text) == button.font.size(text)[0] + frame_width(button)

