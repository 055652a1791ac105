"""Kiosk mode: only the chord quits, nothing writes files, idle turns on the attract mode, and an
error inside a frame is logged and recovered from. The random-input soak passes for several seeds."""

import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from lrgame.app.launch import LaunchOptions
from lrgame.app.modes.export_menu import ExportMenu
from lrgame.app.window import App
from lrgame.sim.intents import SetValue
from lrgame.sim.settings import make_settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def kiosk(tmp_path, monkeypatch):
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path))
    from conftest import Driver

    app = App(LaunchOptions(settings=make_settings(), headless=True, kiosk=True, fullscreen=True, idle_seconds=2.0))
    yield Driver(app)
    app._finish()
    pygame.quit()


def test_only_the_chord_quits_and_nothing_leaves_fullscreen_or_writes(kiosk, tmp_path):
    d = kiosk
    for key, mod in ((pygame.K_ESCAPE, 0), (pygame.K_F11, 0), (pygame.K_q, pygame.KMOD_CTRL), (pygame.K_s, 0),
                     (pygame.K_e, 0), (pygame.K_1, 0)):
        d.key(key, mod=mod)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    d.frames(2)
    assert d.app.running and d.app.fullscreen and d.app.find(ExportMenu) is None
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".png", ".py", ".csv")]
    d.key(pygame.K_q, mod=pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    assert not d.app.running


def test_attract_mode_starts_when_idle_and_any_touch_restores_the_defaults(kiosk):
    d = kiosk
    d.app.apply(SetValue("lr0", 0.05))
    d.frames(60)  # one nominal second: still interactive
    assert d.app.kiosk.scene is None
    d.frames(90)  # past two idle seconds
    assert d.app.kiosk.scene == 0 and d.app.sim.playing
    assert d.app.sim.settings.schedule == "constant" and "Constant rate" in d.app.messages.toast.text
    d.frames(60 * 14)
    assert d.app.kiosk.scene == 1 and d.app.sim.settings.schedule == "step"
    d.key(pygame.K_RIGHT)
    assert d.app.kiosk.scene is None and d.app.messages.toast is None
    assert d.app.sim.settings == make_settings() and d.app.sim.epoch == 0  # the key only woke it


def test_an_error_inside_a_frame_is_logged_and_the_simulator_starts_over(kiosk, tmp_path, monkeypatch):
    d = kiosk
    d.app.apply(SetValue("lr0", 0.05))
    monkeypatch.setattr(d.app.scene, "draw", lambda *a, **k: 1 / 0)
    d.app._guarded_frame(1 / 60)
    monkeypatch.undo()
    assert d.app.crashlog.count == 1 and d.app.sim.settings.lr0 == 0.1
    log = (tmp_path / "lrgame-errors.log").read_text()
    assert "ZeroDivisionError" in log and "Traceback" in log
    d.app._guarded_frame(1 / 60)
    assert d.app.crashlog.count == 1


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_random_input_soak_passes(seed, tmp_path):
    run = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--headless", "--frames", "700", "--random-input", str(seed)],
        capture_output=True, text=True, timeout=300, env={"LRGAME_OUTPUT": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 errors logged" in run.stdout
    assert not (tmp_path / "lrgame-errors.log").exists()
