"""The one key table: each row is what the help (H) shows and the keys behind it, so the keys, the
help, the README's table (tests/test_keys.py) and the random-input soak cannot drift apart.
Nothing here changes state: keyboard events in, intents out."""

from __future__ import annotations

from typing import NamedTuple

import pygame

from lrgame.sim import intents as it
from lrgame.view.overlay import EXPORT_ROWS

# Which modifiers a key asks for. ANY: with Shift or without; CTRL: with Shift or without.
ANY, PLAIN, SHIFT, CTRL, CTRL_SHIFT = "any", "plain", "shift", "ctrl", "ctrl+shift"


class Key(NamedTuple):
    key: int
    intent: it.Intent
    mods: str = ANY


class KeyRow(NamedTuple):
    """One row of the help: the keys as shown, what they do, and the keys themselves."""

    keys: str
    does: str
    bound: tuple[Key, ...]


def _all(keys: tuple[int, ...], intent: it.Intent, mods: str = ANY) -> tuple[Key, ...]:
    return tuple(Key(k, intent, mods) for k in keys)


_MORE = (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS)
_LESS = (pygame.K_MINUS, pygame.K_KP_MINUS)
QUESTION_MARK = "?"  # typed text: on many keyboards "?" is not Shift+/ (the last row binds that)

KEY_TABLE: tuple[KeyRow, ...] = (
    KeyRow("← / →", "one epoch back / forward (Shift: ten)", (
        Key(pygame.K_LEFT, it.Step(-1), PLAIN), Key(pygame.K_RIGHT, it.Step(1), PLAIN),
        Key(pygame.K_LEFT, it.Step(-10), SHIFT), Key(pygame.K_RIGHT, it.Step(10), SHIFT))),
    KeyRow("Home / End", "first / last epoch",
           (Key(pygame.K_HOME, it.SeekEnd(first=True)), Key(pygame.K_END, it.SeekEnd(first=False)))),
    KeyRow("Space", "play / pause (at the end: replay from 0)", (Key(pygame.K_SPACE, it.TogglePlay()),)),
    KeyRow("R", "rewind to epoch 0, keep the settings", (Key(pygame.K_r, it.Rewind(), PLAIN),)),
    KeyRow("Shift+R", "reset every setting to its default", (Key(pygame.K_r, it.ResetAll(), SHIFT),)),
    KeyRow("[ / ]", "previous / next schedule",
           (Key(pygame.K_LEFTBRACKET, it.CycleSchedule(-1)), Key(pygame.K_RIGHTBRACKET, it.CycleSchedule(+1)))),
    KeyRow("1 … 9", "pick one of the first nine schedules",
           tuple(Key(pygame.K_1 + i, it.SelectSchedule(i), PLAIN) for i in range(9))),
    KeyRow("↑ / ↓", "raise / lower η₀ one step on the log scale",
           (Key(pygame.K_UP, it.NudgeLr0(+1)), Key(pygame.K_DOWN, it.NudgeLr0(-1)))),
    KeyRow("L", "log scale on the learning-rate chart", (Key(pygame.K_l, it.ToggleLog()),)),
    KeyRow("Tab / Shift+Tab", "move the focus ring over the controls",
           (Key(pygame.K_TAB, it.MoveFocus(+1), PLAIN), Key(pygame.K_TAB, it.MoveFocus(-1), SHIFT))),
    KeyRow("+ / −  (PgUp / PgDn)", "change the focused control by one step",
           _all((*_MORE, pygame.K_PAGEUP), it.AdjustFocused(+1)) + _all((*_LESS, pygame.K_PAGEDOWN),
                                                                        it.AdjustFocused(-1))),
    KeyRow("Enter", "type into the focused box, or press the focused button",
           _all((pygame.K_RETURN, pygame.K_KP_ENTER), it.ActivateFocused())),
    KeyRow("Shift+C", "add the current schedule to the comparison (up to four)",
           (Key(pygame.K_c, it.AddToRace(), SHIFT),)),
    KeyRow("C / X", "show the comparison and race / remove the last schedule from it",
           (Key(pygame.K_c, it.ToggleRace(), PLAIN), Key(pygame.K_x, it.RemoveFromRace()))),
    KeyRow("T", "train a real network under this schedule: its loss and decision regions at epoch t",
           (Key(pygame.K_t, it.ToggleTrain(), PLAIN),)),
    KeyRow("K", "in the train view: the network's sharpness against the edge of stability 2/η",
           (Key(pygame.K_k, it.ToggleSharpness()),)),
    KeyRow("Shift+T", "train the network under every schedule, beside fair constant-rate baselines",
           (Key(pygame.K_t, it.ToggleEverySchedule(), SHIFT),)),
    KeyRow("D", "the 2-D landscape: the optimizer's path across a surface, in place of the valley",
           (Key(pygame.K_d, it.ToggleLandscape()),)),
    KeyRow("F", "the river valley's cooldowns forked from one constant-rate run, or back to the path",
           (Key(pygame.K_f, it.ToggleForks()),)),
    KeyRow("G", "find a good η₀ for the network: the range test (Enter sets the network's η₀ to it)",
           (Key(pygame.K_g, it.ToggleRangeTest()),)),
    KeyRow("I", "how the current schedule works: formula, knobs, pitfalls", (Key(pygame.K_i, it.ToggleExplain()),)),
    KeyRow("P", "projector theme: light background, big text, thick lines", (Key(pygame.K_p, it.ToggleProjector()),)),
    KeyRow("Ctrl+= / Ctrl+−", "everything bigger / smaller (capped to what fits the window)",
           _all(_MORE, it.ScaleBy(+1), CTRL) + _all(_LESS, it.ScaleBy(-1), CTRL)),
    KeyRow("S", "screenshot: save this view as a PNG in the output folder", (Key(pygame.K_s, it.Export("png")),)),
    KeyRow("Ctrl+S / Ctrl+O", "save this setup / open a saved one (from the output folder)",
           (Key(pygame.K_s, it.SaveSetup(), CTRL), Key(pygame.K_o, it.OpenSetups(), CTRL))),
    KeyRow("E", "export: PyTorch code, the curve as CSV, this view as PNG", (Key(pygame.K_e, it.OpenExport()),)),
    KeyRow("F11", "fullscreen on / off", (Key(pygame.K_F11, it.ToggleFullscreen()),)),
    KeyRow("M", "the next message, when the message line says there are more", (Key(pygame.K_m, it.NextMessage()),)),
    KeyRow("H or ?", "this help", (Key(pygame.K_h, it.ToggleHelp()), Key(pygame.K_SLASH, it.ToggleHelp(), SHIFT))),
    KeyRow("Esc", "close an open list, this help, the range test or the comparison of every schedule, or "
           "leave fullscreen",
           (Key(pygame.K_ESCAPE, it.Escape()),)),
    KeyRow("Ctrl+Q", "quit (a kiosk quits only with Ctrl+Shift+Q)",
           (Key(pygame.K_q, it.Quit(kiosk_chord=False), CTRL), Key(pygame.K_q, it.Quit(kiosk_chord=True), CTRL_SHIFT))),
)

# The help overlay lists exactly these rows.
KEY_HELP: tuple[tuple[str, str], ...] = tuple((row.keys, row.does) for row in KEY_TABLE)
_BOUND: dict[tuple[int, str], it.Intent] = {(k.key, k.mods): k.intent for row in KEY_TABLE for k in row.bound}
_HELP = _BOUND[pygame.K_h, ANY]

# The export menu's keys are the ones its rows show ("1", …, "A").
EXPORT_KEYS: dict[int, str] = {getattr(pygame, f"K_{shown.lower()}"): kind for kind, shown, _ in EXPORT_ROWS}
_DIGITS = {pygame.K_1 + i: i for i in range(9)}
# Keys that mean nothing here but type into a focused box: the soak presses them too.
TYPING_KEYS = (pygame.K_BACKSPACE, *range(pygame.K_0, pygame.K_9 + 1), *range(pygame.K_a, pygame.K_z + 1))


def bound_keys() -> tuple[int, ...]:
    """Every key that means something anywhere (the table, the menus) or types, each once, in key order."""
    return tuple(sorted({key for key, _ in _BOUND} | set(EXPORT_KEYS) | set(TYPING_KEYS)))


def key_intent(event: pygame.event.Event) -> it.Intent | None:
    """The intent of one KEYDOWN event, or None for a key with no meaning here. With Ctrl, Shift
    matters only where a Ctrl+Shift chord is bound; without Ctrl, a typed "?" is the help, and a
    key bound for one Shift state comes before one bound for both."""
    key, mod = event.key, getattr(event, "mod", 0)
    shift, ctrl = bool(mod & pygame.KMOD_SHIFT), bool(mod & pygame.KMOD_CTRL)
    if ctrl:
        chord = _BOUND.get((key, CTRL_SHIFT)) if shift else None
        return chord if chord is not None else _BOUND.get((key, CTRL))
    if getattr(event, "unicode", "") == QUESTION_MARK:
        return _HELP
    exact = _BOUND.get((key, SHIFT if shift else PLAIN))
    return exact if exact is not None else _BOUND.get((key, ANY))


def setup_list_key_intent(event: pygame.event.Event, rows: int) -> it.Intent | None:
    """Keys while the setup list is open: 1…9 load that row, Esc or Ctrl+O close the list."""
    index = _DIGITS.get(event.key)
    if index is not None and index < rows:
        return it.LoadSetup(index)
    if event.key == pygame.K_ESCAPE or (event.key == pygame.K_o and getattr(event, "mod", 0) & pygame.KMOD_CTRL):
        return it.OpenSetups()
    return None


def export_key_intent(event: pygame.event.Event) -> it.Intent | None:
    """Keys while the export menu is open: a choice, or Esc / E to close it."""
    if event.key in EXPORT_KEYS:
        return it.Export(EXPORT_KEYS[event.key])
    if event.key in (pygame.K_ESCAPE, pygame.K_e):
        return it.OpenExport()
    return None
