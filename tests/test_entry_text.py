"""A text box set from the state leaves no garbage cycle (`lrgame.ui.entry_text`): playing sets the
epoch box every new epoch, and each cycle left behind waited for the collector, whose runs landed on
frames (~0.4 ms each)."""

import gc
from collections.abc import Iterator

import pygame
import pygame_gui
import pytest
from pygame_gui.elements import UITextEntryLine

from lrgame.ui.entry_text import set_entry_text


@pytest.fixture
def entries() -> Iterator[tuple[UITextEntryLine, UITextEntryLine]]:
    pygame.init()
    pygame.display.set_mode((400, 200))
    manager = pygame_gui.UIManager((400, 200))
    yield (UITextEntryLine(pygame.Rect(10, 10, 120, 30), manager),
           UITextEntryLine(pygame.Rect(10, 60, 120, 30), manager))
    pygame.quit()


def _cycles_left(setter, entry: UITextEntryLine, count: int) -> int:
    """How many objects `count` texts set by `setter` leave for the collector alone to free."""
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        for i in range(count):
            setter(entry, str(100 + i))
        gc.collect()
        return len(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_setting_a_box_text_leaves_no_cycle_and_the_same_pixels(entries) -> None:
    plain, ours = entries
    assert _cycles_left(UITextEntryLine.set_text, plain, 20) >= 20  # pygame_gui's own: a cycle per text
    assert _cycles_left(set_entry_text, ours, 20) == 0
    for text in ("7", "1000", "0.0125", ""):
        plain.set_text(text)
        set_entry_text(ours, text)
        for _ in range(3):  # the other states are redrawn over the next updates
            plain.update(1 / 60)
            ours.update(1 / 60)
        assert ours.get_text() == text
        assert pygame.image.tobytes(ours.image, "RGBA") == pygame.image.tobytes(plain.image, "RGBA")


def test_a_box_set_anew_draws_its_disabled_look_only_when_shown(entries) -> None:
    """The disabled look is not drawn again at each new text (no box here is disabled), but a box
    disabled afterwards shows its new text as pygame_gui's own does."""
    plain, ours = entries
    for box in (plain, ours):  # each has drawn its disabled look once, with no text
        box.disable()
        box.update(1 / 60)
        box.enable()
        box.update(1 / 60)
    plain.set_text("123")
    set_entry_text(ours, "123")
    assert not ours.drawable_shape.states_to_redraw_queue  # nothing left for the next update to draw
    assert plain.drawable_shape.states_to_redraw_queue
    for box in (plain, ours):
        box.update(1 / 60)
        box.disable()
        box.update(1 / 60)
    assert pygame.image.tobytes(ours.image, "RGBA") == pygame.image.tobytes(plain.image, "RGBA")
    plain.enable()
    ours.enable()
    assert pygame.image.tobytes(ours.image, "RGBA") == pygame.image.tobytes(plain.image, "RGBA")
