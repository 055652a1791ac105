"""The window's file actions with an output folder that cannot be used: S, E, Ctrl+S and Ctrl+O each
answer with a message naming the folder, and the window carries on. (The kiosk and the soak with
such a folder are tested in test_kiosk.py.)"""

import pygame
import pytest

from lrgame.app.modes.export_menu import ExportMenu
from lrgame.app.modes.setup_list import SetupList
from lrgame.app.output import output_dir
from lrgame.engine.params import ConfigError

CTRL = pygame.KMOD_CTRL


@pytest.fixture(params=["a file", "under /proc", "a name too long"])
def unusable(request, tmp_path, monkeypatch):
    if request.param == "a file":
        folder = tmp_path / "lrgame-output"
        folder.write_text("")
    elif request.param == "under /proc":
        folder = "/proc/lrgame-output"
    else:
        folder = tmp_path / ("x" * 300)
    monkeypatch.setenv("LRGAME_OUTPUT", str(folder))
    return str(folder)


def test_the_folder_is_refused_in_one_line_naming_it(unusable):
    with pytest.raises(ConfigError) as caught:
        output_dir()
    message = str(caught.value)
    assert "\n" not in message and "set LRGAME_OUTPUT to a folder you can write to" in message
    assert unusable[:30] in message and len(message) < 300


@pytest.mark.parametrize(("key", "mod"), [(pygame.K_s, 0), (pygame.K_e, 0), (pygame.K_s, CTRL), (pygame.K_o, CTRL)],
                         ids=["S", "E", "Ctrl+S", "Ctrl+O"])
def test_every_file_action_answers_with_a_message(launch, unusable, key, mod):
    d = launch()
    d.key(key, mod=mod)
    toast = d.app.messages.toast
    assert toast is not None and toast.error
    assert "cannot be used" in toast.text and unusable[:30] in toast.text
    assert d.app.find(ExportMenu) is None and d.app.find(SetupList) is None
    d.frames(3)
    assert d.app.running


def test_a_message_wider_than_the_window_is_wrapped_inside_it():
    from lrgame.look.theme import DARK
    from lrgame.view.overlay import draw_toast
    from lrgame.view.text import TextCache

    surface = pygame.Surface((1024, 600))
    surface.fill(DARK.background)
    line = "The output folder /tmp/" + "long" * 40 + " cannot be used (File name too long): set LRGAME_OUTPUT …"
    draw_toast(surface, [line], True, DARK, TextCache())
    row = [surface.get_at((x, 10))[:3] == DARK.danger for x in range(1024)]  # across the box's top part
    assert not row[0] and not row[-1]  # the box, borders and all, lies inside the window
    assert sum(surface.get_at((512, y))[:3] != DARK.background for y in range(0, 200)) > 40  # several lines tall
