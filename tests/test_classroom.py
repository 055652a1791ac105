"""Classroom: projector theme, UI scale (capped to fit), saved setups (Ctrl+S, Ctrl+O, --setup),
all driven through the real window with posted events. The scaling grid checks widget rectangles:
inside the window, inside the panel, never overlapping, and no label too small for its text
(pygame_gui warns then, and the test run turns warnings into errors)."""

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from lrgame.app.modes.help import HelpOverlay
from lrgame.app.modes.setup_list import SetupList
from lrgame.engine import schedules
from lrgame.look.layout import fits
from lrgame.look.projector import PROJECTOR, contrast_ratio
from lrgame.look.theme import DARK
from lrgame.sim.intents import SetValue
from lrgame.sim.settings import make_settings
from lrgame.sim.setups import Setup, save_setup

ROOT = Path(__file__).resolve().parents[1]
GRID = [(1024, 600), (1280, 720), (1920, 1080), (3840, 2160)]


def _visible_widget_rects(app) -> list[tuple[str, pygame.Rect]]:
    out = []
    for row in app.panel.rows:
        for element in row.elements:
            if element.visible:
                out.append((row.key, pygame.Rect(element.rect)))
    return out + [(f"caption {c.text}", pygame.Rect(c.rect)) for c in app.panel.captions() if c.text]


def _assert_nothing_clipped_or_overlapping(app) -> None:
    window = app.window.get_rect()
    widgets = _visible_widget_rects(app)
    for key, rect in widgets:
        assert window.contains(rect), (key, rect, window)
        assert app.scene.layout.panel.contains(rect), (key, rect)
    for caption in app.panel.captions():  # row labels and headings (set after they are made) must fit
        assert caption.fits(), caption.text
    for (k1, r1), (k2, r2) in itertools.combinations(widgets, 2):
        if k1 != k2:  # a row's label, slider and box sit side by side, and must not overlap either
            assert not r1.colliderect(r2), (k1, r1, k2, r2)
    lay = app.scene.layout
    parts = [lay.chart, *lay.cards, lay.valley, lay.readout]
    for part in parts:
        assert window.contains(part) and not part.colliderect(lay.panel), part
    for a, b in itertools.combinations(parts, 2):
        assert not a.colliderect(b), (a, b)


@pytest.mark.parametrize("theme", ["dark", "projector"])
@pytest.mark.parametrize("size", [GRID[0], *[pytest.param(size, marks=pytest.mark.slow) for size in GRID[1:]]])
def test_the_scaling_grid_has_nothing_clipped_or_overlapping(launch, size, theme):
    for scale in (1.0, 1.5, 2.0):
        d = launch(size=size, theme=theme, scale=scale)
        app = d.app
        assert fits(app.scale, size)
        if fits(scale, size) and theme == "dark":
            assert app.scale == scale  # what fits is never capped
        assert app.scale <= max(scale, 1.5)
        for name in schedules.ENTRIES:  # every schedule's knob rows, the loss-driven one too
            app.apply(SetValue("schedule", name))
            d.frames(1)
            _assert_nothing_clipped_or_overlapping(app)
        pygame.quit()


def test_a_scale_that_does_not_fit_is_capped_to_the_largest_that_does(launch):
    d = launch(size=(1024, 600), scale=2.0)
    assert d.app.scale < 1.0 and fits(d.app.scale, (1024, 600)) and not fits(d.app.scale + 0.05, (1024, 600))


def test_ctrl_plus_and_minus_scale_every_widget_and_font(launch):
    d = launch(size=(1920, 1080))
    row_h, line_w = d.app.panel.row("lr0").rect.h, d.app.scene.lr_chart.style.line_width
    d.key(pygame.K_EQUALS, mod=pygame.KMOD_CTRL)
    assert d.app.scale == 1.1 and d.app.panel.row("lr0").rect.h > row_h
    for _ in range(5):
        d.key(pygame.K_EQUALS, mod=pygame.KMOD_CTRL)
    assert d.app.scale == d.app.wanted_scale == 1.5  # 1.75 does not fit 1080 rows: not taken, and said so
    assert "1.75 needs at least 1645×1248 pixels" in d.app.messages.toast.text
    assert d.app.scene.lr_chart.style.line_width == 3 > line_w
    d.key(pygame.K_MINUS, mod=pygame.KMOD_CTRL)
    assert d.app.scale == 1.25 and d.app.panel.row("lr0").rect.h == round(30 * 1.25)
    d.key(pygame.K_KP_MINUS, mod=pygame.KMOD_CTRL)
    assert d.app.scale == 1.1


def test_the_projector_keeps_its_big_text(launch):
    d = launch(size=(1920, 1080), theme="projector")
    d.key(pygame.K_MINUS, mod=pygame.KMOD_CTRL)
    assert d.app.scale == 1.5 and "projector" in d.app.messages.toast.text


def test_p_turns_on_the_projector_theme_and_the_pixels_change(launch):
    d = launch(size=(1920, 1080))
    corner = (d.app.window.get_width() - 3, d.app.window.get_height() - 3)
    assert tuple(d.app.window.get_at(corner))[:3] == DARK.background
    d.key(pygame.K_p)
    assert d.app.theme == "projector" and d.app.scale == 1.5
    assert tuple(d.app.window.get_at(corner))[:3] == PROJECTOR.background
    d.key(pygame.K_p)
    assert d.app.theme == "dark" and d.app.scale == 1.0
    assert tuple(d.app.window.get_at(corner))[:3] == DARK.background


def test_projector_at_1080p_has_24_px_text_and_3_px_lines(launch):
    d = launch(size=(1920, 1080), theme="projector")
    theme = d.app.manager.get_theme()
    for ids in (["button"], ["text_entry_line"], ["drop_down_menu"]):
        assert theme.get_font(ids).get_point_size() >= 24, ids
    from lrgame.look.metrics import CAPTION_SIZE, HEADING_SIZE
    from lrgame.look.theme import font

    assert font(11).get_height() >= 24  # the smallest text any drawer asks for
    # the panel's words
    assert font(CAPTION_SIZE).get_height() >= 24 and font(HEADING_SIZE, bold=True).get_height() >= 24
    assert d.app.scene.lr_chart.style.line_width >= 3 and d.app.scene.loss_chart.style.line_width >= 3
    assert min(contrast_ratio(c, PROJECTOR.panel) for c in (PROJECTOR.text, PROJECTOR.text_dim)) >= 7


def test_help_lists_the_classroom_keys_in_the_current_theme(launch):
    from lrgame.app.keys import KEY_HELP

    keys = dict(KEY_HELP)
    assert "P" in keys and "Ctrl+S / Ctrl+O" in keys and "Ctrl+= / Ctrl+−" in keys
    d = launch(size=(1280, 720), theme="projector")
    d.key(pygame.K_h)
    assert d.app.find(HelpOverlay)
    centre = d.app.window.get_rect().center
    assert tuple(d.app.window.get_at(centre))[:3] != DARK.panel


# ---- saved setups ---------------------------------------------------------------------------------


@pytest.fixture
def out(tmp_path, monkeypatch):
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path))
    return tmp_path


def test_ctrl_s_saves_and_ctrl_o_then_1_loads_it_back(launch, out):
    d = launch(schedule="cosine", lr0=0.05, epochs=80)
    d.key(pygame.K_p)
    d.key(pygame.K_s, mod=pygame.KMOD_CTRL)
    files = list(out.glob("setup-*.json"))
    assert len(files) == 1 and "saved" in d.app.messages.toast.text
    data = json.loads(files[0].read_text())
    assert (data["schedule"], data["lr0"], data["epochs"], data["theme"]) == ("cosine", 0.05, 80, "projector")
    d.key(pygame.K_r, mod=pygame.KMOD_SHIFT)  # reset all
    d.key(pygame.K_p)
    assert d.app.sim.settings.schedule == "step" and d.app.theme == "dark"
    d.key(pygame.K_o, mod=pygame.KMOD_CTRL)
    assert d.app.find(SetupList).files == files
    d.key(pygame.K_1)
    assert d.app.find(SetupList) is None
    assert (d.app.sim.settings.schedule, d.app.sim.settings.lr0, d.app.theme) == ("cosine", 0.05, "projector")


def test_a_click_on_the_list_loads_that_setup(launch, out):
    save_setup(Setup(make_settings("exponential", params={"gamma": 0.9})), out)
    d = launch()
    d.key(pygame.K_o, mod=pygame.KMOD_CTRL)
    from lrgame.view.overlay import setup_list_rows

    d.click(setup_list_rows(d.app.window.get_size(), 1)[0].center)
    assert d.app.sim.settings.schedule == "exponential" and d.app.sim.settings.params["gamma"] == 0.9


def test_a_corrupt_setup_changes_nothing_and_says_why(launch, out):
    (out / "setup-broken.json").write_text('{"format": "lrgame-setup", "version": 1, "lr0": "lots"}')
    d = launch()
    before = d.app.sim.settings
    d.key(pygame.K_o, mod=pygame.KMOD_CTRL)
    d.key(pygame.K_1)
    assert d.app.sim.settings == before
    toast = d.app.messages.toast
    assert toast.error and "setup-broken.json" in toast.text and "η₀" in toast.text


def test_the_setup_list_with_nothing_saved_says_how_to_save(launch, out):
    d = launch()
    d.key(pygame.K_o, mod=pygame.KMOD_CTRL)
    assert d.app.find(SetupList).files == []
    d.key(pygame.K_1)  # nothing to load: the list stays open
    assert d.app.find(SetupList).files == []
    d.key(pygame.K_ESCAPE)
    assert d.app.find(SetupList) is None


def test_a_kiosk_neither_saves_nor_opens_setups(launch, out):
    save_setup(Setup(make_settings("cosine")), out)
    d = launch(kiosk=True)
    d.key(pygame.K_s, mod=pygame.KMOD_CTRL)
    d.key(pygame.K_o, mod=pygame.KMOD_CTRL)
    assert d.app.find(SetupList) is None and len(list(out.glob("*.json"))) == 1


def _main(*args: str, env_out: Path) -> subprocess.CompletedProcess:
    env = {"LRGAME_OUTPUT": str(env_out), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, env=env,
                          timeout=120)


@pytest.mark.slow
def test_setup_and_scale_flags_start_the_window_in_that_state(out):
    path = save_setup(Setup(make_settings("one_cycle", 0.3, 50), theme="projector", scale=1.25), out)
    state = out / "state.json"
    result = _main("--headless", "--frames", "2", "--setup", str(path), "--size", "1920x1080", "--dump-state",
                   str(state), env_out=out)
    assert result.returncode == 0, result.stderr
    data = json.loads(state.read_text())
    assert (data["schedule"], data["lr0"], data["epochs"], data["theme"], data["scale"]) == \
        ("one_cycle", 0.3, 50, "projector", 1.5)  # projector text needs 1.5 at 1080p
    result = _main("--headless", "--frames", "2", "--scale", "1.25", "--size", "1920x1080", "--dump-state", str(state),
                   env_out=out)
    assert result.returncode == 0 and json.loads(state.read_text())["scale"] == 1.25
    result = _main("--headless", "--frames", "2", "--scale", "1.25", "--size", "1280x720", "--dump-state", str(state),
                   env_out=out)
    assert result.returncode == 0 and json.loads(state.read_text())["scale"] == 1.0  # capped to fit 720 rows


@pytest.mark.parametrize(("args", "words"), [
    (["--scale", "3"], "--scale = 3 is not allowed"),
    (["--scale", "big"], "--scale = 'big' is not a number"),
    (["--setup", "no-such-file.json"], "no such setup file"),
])
def test_bad_classroom_flags_exit_2_with_one_line(out, args, words):
    result = _main("--headless", "--frames", "1", *args, env_out=out)
    assert result.returncode == 2 and words in result.stderr and len(result.stderr.strip().splitlines()) == 1
