"""Widths for a row of buttons that share it: each its share of the row, but never narrower than
its words need, so a short word ("Knobs", "2-D") keeps a margin inside its border in every theme
and size; the room comes from the buttons with the most to spare."""

from __future__ import annotations

import pygame_gui
from pygame_gui.core.interfaces import IUIAppearanceThemeInterface
from pygame_gui.elements import UIButton

from lrgame.look.theme import px

GAP = 3
"""Design px a button's words keep free inside its border (and shadow), each side."""


def frame_width(button: UIButton) -> int:
    """What a button's border, shadow and GAP take of its width, both sides together."""
    return 2 * (button.border_width["left"] + button.shadow_width + px(GAP))


def need(manager: pygame_gui.UIManager, object_id: str | None, text: str) -> int:
    """The width a button of `object_id` in the root container needs for `text` and its frame (`frame_width`),
    read from the theme as pygame_gui reads it for the button: a row's widths are then known before
    its buttons are made, and each is made once (~1 ms a button at start-up)."""
    theme = manager.get_theme()
    ids = theme.build_all_combined_ids([None], ["button"], [None], [object_id])
    return theme.get_font(ids).size(text)[0] + 2 * (_edge(theme, ids) + px(GAP))


def room(button: UIButton) -> int:
    """The width a button's words may take."""
    return button.relative_rect.w - frame_width(button)


def fitted_widths(widths: list[int], needs: list[int]) -> list[int]:
    """`widths` (summing to the row's), each raised to its need where it falls short, one pixel at a
    time from the button with the most to spare; as they were if the row cannot hold every need."""
    if sum(needs) > sum(widths):
        return list(widths)
    out = list(widths)
    for i, need in enumerate(needs):
        while out[i] < need:
            donor = max(range(len(out)), key=lambda j: out[j] - needs[j])
            out[donor] -= 1
            out[i] += 1
    return out


def least_words(text: str) -> str:
    """The shortest form a button shows its words in: what follows "Optimizer: " (`panel.button_text`)."""
    return text.split(": ", 1)[1] if ": " in text else text


def list_need(manager: pygame_gui.UIManager, names: list[str]) -> int:
    """The width a dropdown in the root container needs for its longest name to show whole, with GAP
    each side, in its box and in its open list (which pygame_gui makes as wide as the box less its
    arrow button, inside a border one pixel thinner and a shadow two wider than the box's own, 3 px
    a side); read from the theme, as `need` is, so the dropdown is made once at its width."""
    theme = manager.get_theme()
    ids = theme.build_all_combined_ids([None], ["drop_down_menu"], [None], [None])
    try:
        arrow = int(theme.get_misc_data("open_button_width", ids))
    except LookupError:
        arrow = 20  # pygame_gui's default
    frame = 2 * (max(_edge(theme, ids), 3) + px(GAP))
    return max(theme.get_font(ids).size(name)[0] for name in names) + arrow + frame


def _edge(theme: IUIAppearanceThemeInterface, ids: list[str]) -> int:
    """What an element's left border and shadow take, read from the theme (the border: a number,
    or one per side once the theme is parsed)."""
    border = theme.get_misc_data("border_width", ids)
    left = int(border["left"] if isinstance(border, dict) else border)
    return left + int(theme.get_misc_data("shadow_width", ids))
