"""The message line shows the newest message first and counts the rest ("+2 more: M or click"):
M, or a click on the line, brings the next one first, so every message can be read in turn, and
each stays long enough to be read after it."""

from __future__ import annotations

import pygame

from lrgame.app.messages import NOTE_SECONDS
from lrgame.sim import intents as it
from lrgame.view.overlay import message_lines


def _three_refusals(d) -> list[str]:
    """Three boxes refuse what was typed; their notes, oldest first."""
    for key, text in (("lr0", "1e400"), ("epochs", "-3"), ("noise", "abc")):
        d.app.apply(it.SetValue(key, text))
    d.frames(1)
    return [note.text for note in sorted(d.app.messages.notes.values(), key=lambda n: n.made)]


def _line(d) -> str:
    """The words the message line shows, as drawn."""
    layout = d.app.scene.layout
    lines = message_lines(d.app.shown().messages, layout.message.w - 20, layout.message.h - 4)
    return " ".join(text for text, _ in lines)


def test_the_line_says_how_to_see_the_rest_and_m_brings_each_first_in_turn(launch):
    d = launch(size=(1024, 600))
    oldest, middle, newest = _three_refusals(d)
    assert d.app.shown().messages[0].text == newest
    assert "more: M or click)" in _line(d) and newest in _line(d)
    seen = []
    for _ in range(3):
        seen.append(d.app.shown().messages[0].text)
        d.key(pygame.K_m)
    assert seen == [newest, middle, oldest]
    assert d.app.shown().messages[0].text == newest  # round again


def test_a_click_on_the_line_does_the_same_and_elsewhere_it_does_not(launch):
    d = launch(size=(1024, 600))
    _, middle, newest = _three_refusals(d)
    d.click(d.app.scene.layout.message.center, settle=1)
    assert d.app.shown().messages[0].text == middle
    d.click(d.app.scene.layout.valley.center, settle=1)
    assert d.app.shown().messages[0].text == middle


def test_messages_brought_first_stay_to_be_read(launch):
    d = launch()
    _three_refusals(d)
    d.frames(int(60 * NOTE_SECONDS * 0.8))  # most of their time gone
    d.key(pygame.K_m)
    d.frames(int(60 * NOTE_SECONDS * 0.5))  # past their first end
    assert len(d.app.shown().messages) == 3


def test_one_message_has_nothing_to_bring_first(launch):
    d = launch()
    d.app.apply(it.SetValue("lr0", "1e400"))
    before = d.app.shown().messages
    d.key(pygame.K_m)
    assert d.app.shown().messages == before and "more" not in _line(d)
