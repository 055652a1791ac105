"""Every dropdown's names show whole, in its box and in its open list ("Warmup-stable-decay" was
cut to "Warmup-stable-dec…" in the recipe list on the projector theme at 1024×600)."""

from __future__ import annotations

import pytest

from lrgame.look.metrics import CAPTION_SIZE
from lrgame.look.theme import font
from lrgame.ui.button_widths import list_need

SIZES = ((1024, 600), (1280, 720), (1920, 1080))


def _cut_in_open_list(d, row) -> list[str]:
    """The names wider than their item in the row's list, opened with a click as a user does."""
    dropdown = row.dropdown
    d.click(dropdown.rect.center, settle=3)
    items = dropdown.current_state.options_selection_list.item_list_container.elements
    cut = [b.text for b in items if b.font.size(b.text)[0] > b.rect.w]
    dropdown.unfocus()
    d.frames(3)
    return cut


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", ["dark", "projector"])
def test_every_list_shows_its_names_whole(launch, theme: str, size: tuple[int, int]) -> None:
    d = launch(size=size, theme=theme)
    seen = set()
    for tab in [None, *(row.key for row in d.app.panel.rows if row.key.startswith("page."))]:
        if tab is not None:  # each tab's rows are made when it is opened
            d.click(d.app.panel.row(tab).button.rect.center)
        for row in [row for row in d.app.panel.rows if row.dropdown is not None and row.dropdown.visible]:
            seen.add(row.key)
            assert list_need(d.app.manager, [o[0] for o in row.options]) <= row.dropdown.relative_rect.w, row.key
            assert _cut_in_open_list(d, row) == [], (row.key, theme, size)
            if row.label is not None and row.label.text:  # the label gave only room it does not need
                assert font(CAPTION_SIZE).size(row.label.text)[0] <= row.label.rect.w, row.key
    assert {"schedule", "preset", "valley", "optimizer", "surface", "scheduler_step"} <= seen
