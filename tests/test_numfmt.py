"""Numbers on screen: 4 significant digits, short tick labels, never "nan" or "inf"."""

import math

import pytest

from lrgame.engine.numfmt import DASH, full, sig4, tick_label


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (3e-4, "3.000e-04"),
        (0.1, "0.1000"),
        (0.001, "0.001000"),
        (0.00099996, "0.001000"),  # rounds up into fixed notation
        (2 / 15, "0.1333"),
        (123.456, "123.5"),
        (9.9996, "10.00"),  # still 4 significant digits after rounding up
        (12345.6, "12346"),
        (123456.0, "1.235e+05"),
        (-0.0005, "-5.000e-04"),
        (-12.5, "-12.50"),
        (0.0, "0"),
        (-0.0, "0"),
    ],
)
def test_sig4(x: float, text: str) -> None:
    assert sig4(x) == text


@pytest.mark.parametrize("x", [math.nan, math.inf, -math.inf])
def test_not_a_number_is_a_dash_everywhere(x: float) -> None:
    assert sig4(x) == full(x) == tick_label(x) == DASH


def test_full_round_trips() -> None:
    for x in (0.1, 2 / 15, 1e-300, 123456789.123):
        assert float(full(x)) == x
    assert full(30) == "30"


@pytest.mark.parametrize(
    ("x", "text"),
    [
        (0.05, "0.05"),
        (0.001, "1e-3"),
        (0.0025, "2.5e-3"),
        (1e-7, "1e-7"),
        (0.1 + 0.2, "0.3"),  # float noise does not show
        (30.0, "30"),
        (120, "120"),
        (1200, "1.2k"),
        (250_000, "250k"),
        (999_999, "1M"),  # not "1000k"
        (1_000_000, "1M"),
        (-20_000, "-20k"),
        (0, "0"),
    ],
)
def test_tick_label(x: float, text: str) -> None:
    assert tick_label(x) == text
