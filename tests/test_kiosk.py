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
    d.app._guarded(d.app.frame, 1 / 60)
    monkeypatch.undo()
    assert d.app.crashlog.count == 1 and d.app.sim.settings.lr0 == 0.1
    log = (tmp_path / "lrgame-errors.log").read_text()
    assert "ZeroDivisionError" in log and "Traceback" in log
    d.app._guarded(d.app.frame, 1 / 60)
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


# ---- recovery: everything a visitor could change, counted errors, giving up ---------------------------


def test_recovery_rebuilds_what_a_visitor_changed_so_a_fault_in_the_widgets_does_not_repeat(kiosk, monkeypatch):
    d = kiosk
    d.key(pygame.K_p)  # the projector theme
    d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)  # a slot in the race
    assert d.app.theme == "projector" and d.app.race is not None
    panel, scene = d.app.panel, d.app.scene
    monkeypatch.setattr(panel, "sync", lambda state: 1 / 0)  # a fault left in the widgets' state
    d.app.apply(SetValue("lr0", 0.05))
    d.app._guarded(d.app.frame, 1 / 60)
    assert d.app.crashlog.count == 1
    assert d.app.theme == "dark" and d.app.wanted_scale == 1.0 and d.app.race is None
    assert d.app.panel is not panel and d.app.scene is not scene and d.app.sim.settings == make_settings()
    for _ in range(499):
        d.app._guarded(d.app.frame, 1 / 60)
    assert d.app.crashlog.count == 1  # before: 500, one each frame, and a frozen screen


def test_recoveries_that_do_not_hold_end_the_kiosk_with_status_3(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path))
    from lrgame.view.scene import Scene

    monkeypatch.setattr(Scene, "draw", lambda *a, **k: 1 / 0)  # every scene fails, the rebuilt ones too
    app = App(LaunchOptions(settings=make_settings(), headless=True, frames=1_000, kiosk=True, fullscreen=True))
    try:
        assert app.run() == 3
    finally:
        pygame.quit()
    assert app.crashlog.count == 6  # the first error and 5 recoveries that each met another
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "5 recoveries within 60 s did not hold; ending with status 3" in err
    log = (tmp_path / "lrgame-errors.log").read_text()
    assert log.count("Traceback") == 1 and "repeated 5 times after the first" in log


def test_the_kiosk_never_suggests_f11(kiosk):
    d = kiosk
    said = []
    for _ in range(8):
        d.key(pygame.K_EQUALS, mod=pygame.KMOD_CTRL)
        said.append(d.app.messages.toast.text)
    assert any("does not fit this screen" in text for text in said)
    assert not any("F11" in text for text in said)


# ---- an output folder that cannot be used -----------------------------------------------------------


def _main(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **env})


@pytest.mark.parametrize("mode", [["--kiosk"], ["--random-input", "4"]])
def test_a_kiosk_and_a_soak_start_with_an_unusable_output_folder_and_say_so_once(tmp_path, mode):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("")
    run = _main("--headless", "--frames", "60", *mode, env={"LRGAME_OUTPUT": str(in_the_way), "HOME": str(tmp_path)})
    assert run.returncode == 0, run.stderr
    assert run.stderr.count("\n") == 1 and f"The output folder {in_the_way} cannot be used" in run.stderr
    assert "Errors go to stderr." in run.stderr


def test_with_no_usable_folder_the_kiosk_writes_its_errors_to_stderr(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path / ("x" * 300)))  # a name too long
    app = App(LaunchOptions(settings=make_settings(), headless=True, kiosk=True, fullscreen=True))
    try:
        assert "cannot be used (File name too long)" in capsys.readouterr().err
        monkeypatch.setattr(app.scene, "draw", lambda *a, **k: 1 / 0)
        app._guarded(app.frame, 1 / 60)
        err = capsys.readouterr().err
        assert "Traceback" in err and "ZeroDivisionError" in err and app.crashlog.count == 1
    finally:
        app._finish()
        pygame.quit()


def test_a_soak_writes_into_a_fresh_temporary_folder_and_says_where(tmp_path):
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    run = _main("--headless", "--frames", "60", "--random-input", "5", env={"HOME": str(home), "TMPDIR": str(temp)})
    assert run.returncode == 0, run.stderr
    (folder,) = temp.iterdir()
    assert folder.name.startswith("lrgame-random-input-")
    first, *_, last = run.stdout.splitlines()
    assert first == f"random input: files go to {folder}" and last.endswith(f"; files in {folder}")
    assert not (home / "lrgame-output").exists()


@pytest.mark.parametrize("keys", [
    [pygame.K_d],  # the landscape
    [pygame.K_f],  # the river's forked cooldowns (F opens the landscape)
    [pygame.K_d, (pygame.K_c, pygame.KMOD_SHIFT), pygame.K_c],  # paths compared over the landscape
    [pygame.K_t, pygame.K_h],  # the training view and the help over it
])
def test_attract_mode_closes_what_a_visitor_left_open_and_a_touch_wakes_it_from_the_defaults(kiosk, keys):
    d = kiosk
    for key in keys:
        key, mod = key if isinstance(key, tuple) else (key, 0)
        d.key(key, mod=mod)
    d.frames(2)
    assert d.app.modes and d.app.state()["view"] != "valley"
    d.frames(150)  # past two idle seconds
    assert d.app.kiosk.scene == 0 and d.app.modes == [] and d.app.state()["view"] == "valley"
    assert d.app.state()["landscape"] is None and d.app.sim.playing
    d.key(pygame.K_RIGHT)
    assert d.app.kiosk.scene is None and d.app.modes == []
    assert d.app.sim.settings == make_settings() and d.app.sim.epoch == 0
