"""A text box with the cursor owns the keys: typed characters, Backspace, Delete, Home/End and the
arrows edit the box and never reach the shortcuts, whichever way the box got the cursor.

Posted pygame events here (each key as SDL sends it: KEYDOWN, TEXTINPUT, KEYUP); the same story
with real X key presses is in test_real_x.py."""

import pygame
import pytest

from lrgame.app.modes.export_menu import ExportMenu

# Each of these characters is also a shortcut: 1 picks a schedule, e opens the export menu.
SHORTCUT_TEXT = "1e400"


def _untouched(app, schedule="step") -> None:
    """None of the typed keys fired its shortcut."""
    assert app.sim.settings.schedule == schedule
    assert app.modes == []
    assert app.sim.epoch == 0


def _ring_to(d, key: str) -> None:
    while d.app.panel.focused() is None or d.app.panel.focused().key != key:
        d.key(pygame.K_TAB)


def test_a_second_click_on_the_same_box_after_enter_gets_the_keys(launch):
    d = launch()
    d.type_into("lr0", "0.5")
    assert d.app.sim.settings.lr0 == 0.5
    d.type_into("lr0", SHORTCUT_TEXT, finish=False)
    assert d.app.panel.editing()
    assert d.app.panel.row("lr0").entry.get_text() == SHORTCUT_TEXT
    _untouched(d.app)
    assert not d.app.find(ExportMenu)
    d.key(pygame.K_RETURN, unicode="\r")
    d.frames(3)
    assert d.app.sim.settings.lr0 == 0.5  # 1e400 is refused, the last good value kept
    assert d.app.messages.notes["lr0"].error  # and a note beside the box says why


@pytest.mark.parametrize("how", ["click", "tab_enter", "enter_again"])
def test_every_way_into_a_box_gives_it_the_keys(launch, how):
    d = launch()
    entry = d.app.panel.row("lr0").entry
    if how == "click":
        d.click(entry.rect.center, settle=2)
    else:
        _ring_to(d, "lr0")
        d.key(pygame.K_RETURN, unicode="\r")
        if how == "enter_again":  # Enter leaves the box; Enter on the ring enters it again
            d.key(pygame.K_RETURN, unicode="\r")
            d.frames(3)
            assert not d.app.panel.editing()
            d.key(pygame.K_RETURN, unicode="\r")
    assert d.app.panel.editing()
    d.key(pygame.K_a, mod=pygame.KMOD_CTRL)
    d.type("7abc")
    assert entry.get_text() == "7abc"
    _untouched(d.app)


def test_editing_keys_move_the_cursor_not_the_epoch(launch):
    d = launch()
    d.type_into("lr0", "0.3", finish=False)
    for key in (pygame.K_RIGHT, pygame.K_LEFT, pygame.K_END):
        d.key(key)
    d.key(pygame.K_BACKSPACE, unicode="\b")  # "0."
    d.type("25")  # "0.25"
    d.key(pygame.K_HOME)
    d.key(pygame.K_DELETE, unicode="\x7f")  # ".25"
    d.key(pygame.K_UP)
    d.key(pygame.K_DOWN)
    assert d.app.panel.row("lr0").entry.get_text() == ".25"
    _untouched(d.app)
    assert d.app.sim.settings.lr0 == 0.1
    d.key(pygame.K_RETURN, unicode="\r")
    d.frames(3)
    assert d.app.sim.settings.lr0 == 0.25


def test_esc_in_a_box_drops_the_text_and_the_next_click_edits_again(launch):
    d = launch()
    d.type_into("epochs", "5", finish=False)
    d.key(pygame.K_ESCAPE)
    assert not d.app.panel.editing()
    assert d.app.sim.settings.epochs == 100
    d.type_into("epochs", "2e1", finish=True)
    assert d.app.sim.settings.epochs == 20
    _untouched(d.app)
