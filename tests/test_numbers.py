"""One check per kind of number (lrgame.engine.numbers), and every caller's refusal in its own words,
word for word as the window, the CLI and the setup files have always said it."""

from __future__ import annotations

import doctest
import math

import pytest

from lrgame import cli
from lrgame.app.editing import apply_edit
from lrgame.app.modes import valley
from lrgame.engine import numbers
from lrgame.engine.numbers import check_epochs, check_lr0, number_in, read_number, typed_number_in, whole_in
from lrgame.engine.params import ConfigError, quoted
from lrgame.engine.summary import check_epoch
from lrgame.sim.settings import check_scale, make_settings
from lrgame.sim.setups import Setup, checked
from lrgame.sim.valley import make_valley
from lrgame.train.data import check_seed, spiral

REFUSALS = [
    (lambda: check_lr0("abc"), "lr0='abc' is not a number: give a rate in [1e-09, 100]"),
    (lambda: check_lr0(" 200 "), "lr0=200.0 is not allowed: give a rate in [1e-09, 100]"),
    (lambda: check_lr0(math.nan), "lr0=nan is not allowed: give a rate in [1e-09, 100]"),
    (lambda: check_lr0(0), "lr0=0 is not allowed: give a rate in [1e-09, 100]"),
    (lambda: check_epochs("ten"), "epochs='ten' is not a number: give a whole number in [1, 1000000]"),
    (lambda: check_epochs(" 0 "), "epochs=0 is not allowed: give a whole number in [1, 1000000]"),
    (lambda: check_epochs("1e400"), "epochs=1e400 is not allowed: give a whole number in [1, 1000000]"),
    (lambda: check_epochs(2.5), "epochs=2.5 is not allowed: give a whole number in [1, 1000000]"),
    (lambda: check_epoch(11, 10), "epoch=11 is not allowed: give a whole number in [0, 10]"),
    (lambda: check_epoch("3", 10), "epoch='3' is not allowed: give a whole number in [0, 10]"),
    (lambda: check_scale("big"), "scale='big' is not a number: give one in [0.75, 2.5]"),
    (lambda: check_scale("3"), "scale='3' is not allowed: give a number in [0.75, 2.5]"),
    (lambda: checked(Setup(scale="1.5")), "scale='1.5' is not allowed: give a number in [0.75, 2.5]"),
    (lambda: make_settings(noise=9.0), "noise=9.0 is not allowed: give a number in [0, 5]"),
    (lambda: make_settings(seed=-1), "seed=-1 is not allowed: give a whole number in [0, 2147483647]"),
    (lambda: make_settings(steps_per_epoch=0.5),
     "steps_per_epoch=0.5 is not allowed: give a whole number in [1, 10000]"),
    (lambda: make_valley("bowl", math.inf), "sharpness=inf is not allowed: give a number in [1, 1000000]"),
    (lambda: check_seed(-1), "seed=-1 is not allowed: whole numbers in [0, inf]"),
    (lambda: spiral(points_per_class=1), "points_per_class=1 is not allowed: whole numbers in [2, inf]"),
    (lambda: spiral(noise=11), "noise=11 is not allowed: numbers in [0, 10]"),
    (lambda: typed_number_in("speed", "fast", 0.25, 500.0), "speed='fast' is not a number: give one in [0.25, 500]"),
    (lambda: typed_number_in("speed", "0", 0.25, 500.0), "speed='0' is not allowed: give a number in [0.25, 500]"),
    (lambda: valley._whole("epoch", "2.5", 0, 100), "epoch='2.5' is not a whole number in [0, 100]"),
    (lambda: valley._whole("epoch", 101, 0, 100), "epoch=101 is not allowed: give a number in [0, 100]"),
    (lambda: apply_edit(make_settings(), "noise", "x"), "noise='x' is not a number"),
    (lambda: apply_edit(make_settings(), "seed", "-2"),
     "seed=-2 is not allowed: give a whole number in [0, 2147483647]"),
    (lambda: cli._at_least_one("frames", 0), "frames=0 is not allowed: give a whole number ≥ 1"),
]


@pytest.mark.parametrize(("call", "message"), REFUSALS)
def test_each_refusal_keeps_its_words(call, message) -> None:
    with pytest.raises(ConfigError) as caught:
        call()
    assert str(caught.value) == message


def test_text_and_numbers_give_the_same_number() -> None:
    assert typed_number_in("speed", " 2.5 ", 0, 5) == typed_number_in("speed", 2.5, 0, 5) == 2.5
    assert check_epochs("30") == check_epochs(30.0) == check_epochs(30) == 30
    assert whole_in("seed", 7.0, 0, 9) == 7 and type(whole_in("seed", 7.0, 0, 9)) is int
    assert number_in("noise", 2, 0, 5) == 2.0 and type(number_in("noise", 2, 0, 5)) is float
    assert read_number("sharpness", "1e3") == 1000.0 and read_number("sharpness", 3) == 3


@pytest.mark.parametrize("bad", [True, None, [1], math.nan, math.inf, -math.inf, "1,5"])
def test_a_bool_nan_infinity_or_odd_type_is_never_a_number_in_range(bad) -> None:
    with pytest.raises(ConfigError):
        typed_number_in("x", bad, -1e300, 1e300)
    with pytest.raises(ConfigError):
        whole_in("x", bad, -1e300, 1e300)


def test_docstring_examples() -> None:
    assert doctest.testmod(numbers).failed == 0


def test_a_long_typed_value_is_counted_without_its_quotes() -> None:
    """A refused 400-digit text says 400 digits (what was typed), not 402 characters (its repr)."""
    assert quoted("9" * 400).endswith("' (400 digits)")
    assert quoted("9" * 398 + "x7").endswith("' (400 characters)")
    assert quoted(9 * 10**399).endswith(" (400 digits)")
    assert quoted("a\nb" * 30).endswith("' (90 characters)")  # the text's length, not its escaped repr's
