"""The one key table (lrgame/app/keys.py) against what people read: each help row names only keys
that do what its row binds, and the README's key table names exactly the keys the help names."""

import re
from pathlib import Path

import pygame
import pytest

from lrgame.app.keys import KEY_HELP, KEY_TABLE, key_intent
from lrgame.app.registry import OPENED_BY

README = Path(__file__).resolve().parents[1] / "README.md"
_NAMED = {"←": pygame.K_LEFT, "→": pygame.K_RIGHT, "↑": pygame.K_UP, "↓": pygame.K_DOWN, "Home": pygame.K_HOME,
          "End": pygame.K_END, "Space": pygame.K_SPACE, "Tab": pygame.K_TAB, "Enter": pygame.K_RETURN,
          "Esc": pygame.K_ESCAPE, "PgUp": pygame.K_PAGEUP, "PgDn": pygame.K_PAGEDOWN, "F11": pygame.K_F11,
          "[": pygame.K_LEFTBRACKET, "]": pygame.K_RIGHTBRACKET, "+": pygame.K_PLUS, "−": pygame.K_MINUS,
          "=": pygame.K_EQUALS}


def chords(text: str) -> list[str]:
    """The key chords a help or README cell names: "Tab / Shift+Tab, + / − (PgUp / PgDn)" →
    Tab, Shift+Tab, +, −, PgUp, PgDn; "1 … 9" stands for each digit."""
    text = text.replace("1 … 9", " ".join("123456789"))
    return [t for t in re.split(r"[\s/,()]+|\band\b|\bor\b|\bthen\b", text) if t]


def press(chord: str) -> pygame.event.Event:
    """The KEYDOWN a chord names ("?" is typed text: Shift+/ on a US keyboard)."""
    if chord == "?":
        return pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SLASH, mod=pygame.KMOD_SHIFT, unicode="?", scancode=0)
    *mods, name = chord.split("+") if chord != "+" else [chord]
    key = _NAMED.get(name) or getattr(pygame, f"K_{name.lower()}")
    mod = (pygame.KMOD_SHIFT if "Shift" in mods else 0) | (pygame.KMOD_CTRL if "Ctrl" in mods else 0)
    return pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0)


def test_the_help_shows_the_key_table_row_by_row():
    assert KEY_HELP == tuple((row.keys, row.does) for row in KEY_TABLE)


@pytest.mark.parametrize("row", KEY_TABLE, ids=[row.keys for row in KEY_TABLE])
def test_each_help_row_names_keys_that_do_what_the_row_binds(row):
    bound = {key.intent for key in row.bound}
    done = [key_intent(press(chord)) for chord in chords(row.keys)]
    assert done and all(intent in bound for intent in done)
    assert {type(i) for i in done} == {type(i) for i in bound}  # no binding of another kind hides in the row


def _readme_keys_section() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("## Keys"):text.index("\n## ", text.index("## Keys") + 1)]


def test_the_readme_names_exactly_the_keys_the_help_names():
    section = _readme_keys_section()
    cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    assert cells[0].strip() == "key"  # the header
    named = {chord for cell in cells[1:] for chord in chords(cell)}
    named |= set(re.findall(r"\*\*(.+?)\*\*", section))  # "Press **H** or **?**" above the table
    assert named == {chord for row in KEY_TABLE for chord in chords(row.keys)}


def test_every_mode_an_intent_opens_has_a_key():
    bound = {type(key.intent) for row in KEY_TABLE for key in row.bound}
    assert set(OPENED_BY) <= bound
