"""F's forks and C's comparison both take the landscape's map and rate chart: one shown puts the
other away and says so, so the map never shows the forks under the comparison's rates and cards."""

from __future__ import annotations

import pygame

from lrgame.app.modes.landscape import LandscapeMode
from lrgame.app.modes.race import RaceMode


def _forks_shown(d) -> bool:
    shown = d.app.shown().landscape
    return shown is not None and shown.forks is not None


def test_c_over_the_forks_with_no_slots_shows_the_path_and_how_to_add_one(launch):
    d = launch()
    d.key(pygame.K_f)
    assert _forks_shown(d)
    d.key(pygame.K_c)
    assert d.app.find(RaceMode) is not None and not _forks_shown(d)
    assert d.app.find(LandscapeMode).choice.surface == "river"  # the map stays on the river, its path drawn
    assert "C compares schedules in place of F's forks" in d.app.messages.toast.text
    assert d.app.scene._race_view().chart.empty_hint.startswith("Shift+C adds the current schedule")
    d.key(pygame.K_f)  # and back
    assert _forks_shown(d) and d.app.find(RaceMode) is None
    assert "F shows the forks in place of the compared schedules" in d.app.messages.toast.text


def test_f_over_the_compared_paths_closes_the_comparison_and_keeps_its_slots(launch):
    d = launch()
    d.key(pygame.K_d)
    d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    d.key(pygame.K_c)
    assert d.app.shown().landscape.compared is not None
    d.key(pygame.K_f)
    assert _forks_shown(d) and d.app.find(RaceMode) is None and len(d.app.race.slots) == 1


def test_f_from_the_valley_s_race_opens_the_forks_alone(launch):
    d = launch()
    d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    d.key(pygame.K_c)
    d.key(pygame.K_f)
    assert _forks_shown(d) and d.app.find(RaceMode) is None
