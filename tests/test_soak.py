"""The random-input generator of `--random-input SEED`: the same seed gives the same input; over a
run every kind of input appears; every key event is complete; the quit chords are never pressed.
(That the app survives this input is tested in test_kiosk.py.)"""

import pygame
import pytest

from lrgame.app.keys import KEY_TABLE, key_intent
from lrgame.app.random_input import RandomInput
from lrgame.sim import intents as it

SIZE = (1280, 720)
WIDGETS = [pygame.Rect(10, 40, 320, 30), pygame.Rect(10, 80, 120, 30), pygame.Rect(140, 80, 80, 30)]
FRAMES = 3_000


def _run(seed: int, frames: int = FRAMES) -> list[list[pygame.event.Event]]:
    source = RandomInput(seed)
    return [source.events(SIZE, WIDGETS) for _ in range(frames)]


@pytest.fixture(scope="module")
def events() -> list[pygame.event.Event]:
    return [e for frame in _run(1) for e in frame]


def _keydowns(events):
    return [e for e in events if e.type == pygame.KEYDOWN]


def test_the_same_seed_gives_the_same_input_and_another_seed_does_not():
    def flat(frames):
        return [[(e.type, e.dict) for e in frame] for frame in frames]

    assert flat(_run(5, 500)) == flat(_run(5, 500))
    assert flat(_run(5, 500)) != flat(_run(6, 500))


def test_a_few_events_a_frame():
    sizes = [len(frame) for frame in _run(2, 1_000)]
    assert min(sizes) == 0 and max(sizes) <= 12 and 1 <= sum(sizes) / len(sizes) <= 8


def test_every_kind_of_input_appears(events):
    kinds = {e.type for e in events}
    assert kinds >= {
        pygame.KEYDOWN, pygame.KEYUP, pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP,
        pygame.MOUSEWHEEL, pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP, pygame.TEXTINPUT,
        pygame.VIDEORESIZE,
    }


def test_every_key_event_is_complete(events):
    keys = [e for e in events if e.type in (pygame.KEYDOWN, pygame.KEYUP)]
    assert keys
    for e in keys:
        assert isinstance(e.key, int) and isinstance(e.mod, int) and isinstance(e.unicode, str)
        assert isinstance(e.scancode, int)


def test_the_quit_chords_are_never_pressed(events):
    downs = _keydowns(events)
    assert any(e.mod & pygame.KMOD_CTRL for e in downs) and any(e.key == pygame.K_q for e in downs)
    assert not any(isinstance(key_intent(e), it.Quit) for e in downs)
    assert not any(e.key == pygame.K_q and e.mod & pygame.KMOD_CTRL for e in downs)


def test_shift_and_ctrl_chords_are_pressed(events):
    mods = {e.mod for e in _keydowns(events)}
    assert {0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL, pygame.KMOD_SHIFT | pygame.KMOD_CTRL} <= mods


# The keys of the key table, the rows the help overlay shows.
HELP_KEYS = {k.key for row in KEY_TABLE for k in row.bound}


def test_every_key_in_the_help_is_pressed_with_and_without_shift(events):
    pressed = {(e.key, bool(e.mod & pygame.KMOD_SHIFT)) for e in _keydowns(events)}
    assert {(k, s) for k in HELP_KEYS for s in (False, True)} <= pressed


def _keys_with_a_meaning() -> set[int]:
    """Every key the key table gives a meaning to (besides quitting), found by asking `key_intent`."""
    keys = {getattr(pygame, n) for n in dir(pygame) if n.startswith("K_")}
    return {
        k for k in keys for mod in (0, pygame.KMOD_SHIFT)
        if key_intent(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode="", scancode=0)) is not None
    }


def test_every_key_the_key_table_knows_is_pressed(events):
    assert _keys_with_a_meaning() <= {e.key for e in _keydowns(events)}


def test_clicks_aim_mostly_at_the_widgets_and_sometimes_elsewhere(events):
    presses = [e.pos for e in events if e.type == pygame.MOUSEBUTTONDOWN]
    on_widget = sum(any(r.collidepoint(p) for r in WIDGETS) for p in presses)
    assert presses and 0.5 <= on_widget / len(presses) < 1.0
    assert all(0 <= x < SIZE[0] and 0 <= y < SIZE[1] for x, y in presses)


def test_drags_press_move_and_release_somewhere_else(events):
    drags = [
        (down.pos, up.pos) for down, move, up in zip(events, events[1:], events[2:], strict=False)
        if down.type == pygame.MOUSEBUTTONDOWN and move.type == pygame.MOUSEMOTION and up.type == pygame.MOUSEBUTTONUP
    ]
    assert drags and sum(a != b for a, b in drags) > len(drags) // 2


def test_touch_uses_normalised_coordinates(events):
    fingers = [e for e in events if e.type in (pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP)]
    assert fingers and all(0.0 <= e.x <= 1.0 and 0.0 <= e.y <= 1.0 for e in fingers)


def test_typed_text_includes_garbage(events):
    texts = {e.text for e in events if e.type == pygame.TEXTINPUT}
    assert {"-", ".", "e", "nan", "inf", "η"} <= texts
    assert any(ord(ch) > 0xFFFF for t in texts for ch in t)  # an emoji, beyond the basic plane


def test_resizes_include_a_netbook_and_full_hd(events):
    sizes = {e.size for e in events if e.type == pygame.VIDEORESIZE}
    assert {(1024, 600), (1920, 1080)} <= sizes
    assert all((e.w, e.h) == e.size for e in events if e.type == pygame.VIDEORESIZE)
