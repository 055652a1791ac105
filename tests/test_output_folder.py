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


def test_a_message_wider_than_the_window_stays_inside_its_line():
    from lrgame.look.theme import DARK, font, px
    from lrgame.view.overlay import Note, draw_messages, message_lines
    from lrgame.view.text import TextCache

    surface = pygame.Surface((1024, 600))
    surface.fill(DARK.background)
    line = "The output folder /tmp/" + "long" * 40 + " cannot be used (File name too long): set LRGAME_OUTPUT …"
    rect = pygame.Rect(px(12), px(8), 1024 - 2 * px(12), px(52))
    draw_messages(surface, rect, (Note(line, True, 0.0),), DARK, TextCache())
    row = [surface.get_at((x, rect.y))[:3] == DARK.danger for x in range(1024)]  # across the box's top border
    assert not row[0] and not row[-1] and any(row)  # the box, borders and all, lies inside the window
    inner = rect.inflate(-px(20), -px(4))
    lines = message_lines((Note(line, True, 0.0),), inner.w, inner.h)
    assert all(font(size).size(text)[0] <= inner.w for text, size in lines)  # no line runs past the box
