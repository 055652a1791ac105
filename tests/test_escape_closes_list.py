"""Esc closes an open dropdown list first (a class clicks the surface list open, then presses Esc
expecting it to go away, as in any program), and only the next Esc does Esc's other jobs."""

from __future__ import annotations

import pygame

from lrgame.app.keys import KEY_TABLE
from lrgame.app.modes.help import HelpOverlay


def _expanded(dropdown) -> bool:
    return dropdown.current_state is dropdown.menu_states["expanded"]


def test_esc_closes_an_open_list_and_keeps_its_choice(launch):
    d = launch()
    dropdown = d.app.panel.row("schedule").dropdown
    d.click(dropdown.rect.center, settle=3)
    d.key(pygame.K_h)
    assert _expanded(dropdown) and d.app.find(HelpOverlay) is not None
    d.key(pygame.K_ESCAPE)
    d.frames(2)
    assert not _expanded(dropdown) and d.app.sim.settings.schedule == "step"
    assert d.app.find(HelpOverlay) is not None  # that Esc closed the list only
    d.key(pygame.K_ESCAPE)
    assert d.app.find(HelpOverlay) is None


def test_the_key_table_says_so():
    assert "an open list" in next(row.does for row in KEY_TABLE if row.keys == "Esc")
