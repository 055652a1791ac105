"""A surface's knob refused in the words every other box uses: parsed by `engine/numbers.py`,
worded by `engine/wording.py` ("too large", "name = value", the knob named as the screen names it
in the window, by its flag on the command line and by its key in a setup file), one line."""

from __future__ import annotations

import math

import pygame
import pytest

from lrgame import cli
from lrgame.app.modes.landscape import LandscapeMode
from lrgame.sim.surfaces import SCREEN_NAMES, SURFACES, check_surface_params

HUGE = "9" * 400

CASES = [  # (typed, what the window says after "steepness κ = ")
    ("1e400", "1e400 is too large: give a number in [1, 1000]"),
    ("-1e400", "-1e400 is too small: give a number in [1, 1000]"),
    ("inf", "inf is too large: give a number in [1, 1000]"),
    ("nan", "nan is not allowed: give a number in [1, 1000]"),
    ("-0", "-0 is not allowed: give a number in [1, 1000]"),
    ("0.5", "0.5 is not allowed: give a number in [1, 1000]"),
    ("5000", "5000 is not allowed: give a number in [1, 1000]"),
    ("", "'' is not a number: give one in [1, 1000]"),
    ("wide", "'wide' is not a number: give one in [1, 1000]"),
    (HUGE, "'99999999999999999…99999999999999999' (400 digits) is not allowed: give a number in [1, 1000]"),
]


def _landscape_page(launch):
    """The window with the landscape open (D) and the panel's 2-D page shown."""
    d = launch()
    d.key(pygame.K_d)
    d.frames(2)
    d.click(d.app.panel.row("page.surface").button.rect.center)
    return d


def test_a_knob_of_one_name_has_the_same_words_on_every_surface() -> None:
    for surface in SURFACES.values():
        for knob in surface.knobs:
            assert SCREEN_NAMES["surface." + knob.name] == knob.screen_name


@pytest.mark.parametrize(("typed", "words"), CASES)
def test_the_window_words_a_bad_knob_as_its_other_boxes(launch, typed: str, words: str) -> None:
    d = _landscape_page(launch)
    d.type_into("surface.kappa", "40")
    d.type_into("surface.kappa", typed)
    assert d.app.find(LandscapeMode).choice.surface_params["kappa"] == 40.0  # kept
    assert d.app.messages.notes["surface.kappa"].text == f"steepness κ = {words}. Kept the last good value."


def test_the_start_box_words_a_bad_number_as_its_other_boxes(launch) -> None:
    d = _landscape_page(launch)
    d.type_into("start.y", "1e400")
    assert d.app.messages.notes["start.y"].text.startswith("start y = 1e400 is too large: give a number in [")


@pytest.mark.parametrize(("typed", "words"), CASES[:3] + CASES[4:6])
def test_the_command_line_names_the_flag_in_one_line_and_exits_2(capsys: pytest.CaptureFixture[str], typed: str,
                                                                   words: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["path", "--surface", "ravine", f"--surface-param=kappa={typed}"])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and err.count("\n") == 1
    assert err == f"lrgame: error: --surface-param kappa (steepness κ) = {words}\n"


def test_minus_zero_is_taken_as_zero() -> None:
    """−0 is in the angle's range; it is kept as 0, so no "-0" is shown or saved."""
    angle = check_surface_params(SURFACES["ravine"], {"angle": "-0"})["angle"]
    assert angle == 0 and math.copysign(1.0, angle) == 1.0
