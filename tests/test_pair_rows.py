"""A pair of boxes on one row says what the two numbers are: "start (x, y) -4 – 2.5" read as a
subtraction (and as a range, which a point is not); "0.85 to 0.95" is a range, "-4 , 2.5" a point."""

from __future__ import annotations

import pytest

from lrgame.look.metrics import CAPTION_SIZE
from lrgame.look.theme import font
from lrgame.sim.landscape_path import START_KEYS
from lrgame.sim.optimizer_choice import make_optimizer


def _between(d, first: str, second: str) -> str:
    """The word shown between a pair's boxes, checked to fit between them."""
    panel = d.app.panel
    left, right = panel.row(first).entry.rect, panel.row(second).entry.rect
    word = panel.row(second).label
    assert left.right <= word.rect.left and word.rect.right <= right.left
    assert font(CAPTION_SIZE).size(word.text)[0] <= word.rect.w
    assert word in panel.captions()
    return word.text


@pytest.mark.parametrize("theme", ["dark", "projector"])
def test_a_range_says_to_and_a_point_a_comma(launch, theme: str) -> None:
    d = launch(size=(1024, 600), theme=theme, schedule="one_cycle", optimizer=make_optimizer("sgd", momentum=0.9),
               params={"cycle_momentum": True})
    d.click(d.app.panel.row("page.optimizer").button.rect.center)
    assert _between(d, "param.base_momentum", "param.max_momentum") == "to"
    d.click(d.app.panel.row("page.surface").button.rect.center)
    d.choose("surface", d.app.panel.row("surface").options[1][0])
    assert _between(d, *START_KEYS) == ","
    assert "–" not in [c.text for c in d.app.panel.captions()]
