"""docs/landscape.md says what the code holds: each surface's formula, fixed numbers, knobs and defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lrgame.sim.surfaces import SURFACES

DOC = (Path(__file__).resolve().parents[1] / "docs" / "landscape.md").read_text(encoding="utf-8")


def _number(value: float) -> str:
    return f"{value:g}".replace("-", "−")


def _section(name: str) -> str:
    return DOC.split(f"### {SURFACES[name].title}\n", 1)[1].split("\n### ", 1)[0]


@pytest.mark.parametrize("name", list(SURFACES))
def test_the_defaults_table_row_is_the_surfaces(name: str) -> None:
    s = SURFACES[name]
    start = f"({_number(s.start[0])}, {_number(s.start[1])})"
    x0, x1, y0, y1 = map(_number, s.bounds)
    row = f"| {name} | {start} | {_number(s.lr0)} | {s.epochs} | {_number(s.noise)} | x {x0}…{x1}, y {y0}…{y1} |"
    assert row in DOC


@pytest.mark.parametrize("name", list(SURFACES))
def test_the_section_gives_the_formula_fixed_numbers_and_knobs(name: str) -> None:
    s, section = SURFACES[name], _section(name)
    assert f"    {s.formula}\n" in section
    assert s.where.replace("-", "−").replace(";  ", "; ") in section.replace("\n", " ")
    rows = re.findall(r"^\| `(\w+)` \| (.+?) \| (.+?) \| (.+?) \|$", section, re.M)
    assert [r[0] for r in rows] == [k.name for k in s.knobs]
    for (_, screen, default, span), knob in zip(rows, s.knobs, strict=True):
        assert screen == knob.screen_name and default == _number(knob.default)
        assert span == f"{_number(knob.low)} … {_number(knob.high)}" + (" (log)" if knob.log else "")
