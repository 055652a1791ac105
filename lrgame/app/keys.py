"""The key map: keyboard events in, intents out. Nothing here changes state."""

from __future__ import annotations

import pygame

from lrgame.sim import intents as it
from lrgame.view.overlay import EXPORT_ROWS

_PLAIN: dict[int, it.Intent] = {
    pygame.K_HOME: it.SeekEnd(first=True),
    pygame.K_END: it.SeekEnd(first=False),
    pygame.K_SPACE: it.TogglePlay(),
    pygame.K_LEFTBRACKET: it.CycleSchedule(-1),
    pygame.K_RIGHTBRACKET: it.CycleSchedule(+1),
    pygame.K_UP: it.NudgeLr0(+1),
    pygame.K_DOWN: it.NudgeLr0(-1),
    pygame.K_l: it.ToggleLog(),
    pygame.K_e: it.OpenExport(),
    pygame.K_i: it.ToggleExplain(),
    pygame.K_s: it.Export("png"),
    pygame.K_x: it.RemoveFromRace(),
    pygame.K_t: it.ToggleTrain(),
    pygame.K_p: it.ToggleProjector(),
    pygame.K_g: it.ToggleRangeTest(),
    pygame.K_F11: it.ToggleFullscreen(),
    pygame.K_h: it.ToggleHelp(),
    pygame.K_ESCAPE: it.Escape(),
    pygame.K_PLUS: it.AdjustFocused(+1),
    pygame.K_EQUALS: it.AdjustFocused(+1),
    pygame.K_KP_PLUS: it.AdjustFocused(+1),
    pygame.K_PAGEUP: it.AdjustFocused(+1),
    pygame.K_MINUS: it.AdjustFocused(-1),
    pygame.K_KP_MINUS: it.AdjustFocused(-1),
    pygame.K_PAGEDOWN: it.AdjustFocused(-1),
    pygame.K_RETURN: it.ActivateFocused(),
    pygame.K_KP_ENTER: it.ActivateFocused(),
}
_DIGITS = {getattr(pygame, f"K_{i}"): i - 1 for i in range(1, 10)}
_CTRL: dict[int, it.Intent] = {
    pygame.K_EQUALS: it.ScaleBy(+1),
    pygame.K_PLUS: it.ScaleBy(+1),
    pygame.K_KP_PLUS: it.ScaleBy(+1),
    pygame.K_MINUS: it.ScaleBy(-1),
    pygame.K_KP_MINUS: it.ScaleBy(-1),
    pygame.K_s: it.SaveSetup(),
    pygame.K_o: it.OpenSetups(),
}

# The help overlay lists exactly these rows, so the keys and their help cannot drift apart.
KEY_HELP: tuple[tuple[str, str], ...] = (
    ("← / →", "one epoch back / forward (Shift: ten)"),
    ("Home / End", "first / last epoch"),
    ("Space", "play / pause (at the end: replay from 0)"),
    ("R", "rewind to epoch 0, keep the settings"),
    ("Shift+R", "reset every setting to its default"),
    ("[ / ]", "previous / next schedule"),
    ("1 … 9", "pick one of the first nine schedules"),
    ("↑ / ↓", "raise / lower η₀ one step on the log scale"),
    ("L", "log scale on the learning-rate chart"),
    ("Tab / Shift+Tab", "move the focus ring over the controls"),
    ("+ / −  (PgUp / PgDn)", "change the focused control by one step"),
    ("Enter", "type into the focused box, or press the focused button"),
    ("Shift+C", "add the current schedule to the comparison (up to four)"),
    ("C / X", "show the comparison and race / remove the last schedule from it"),
    ("T", "train a real network under this schedule: loss and decision regions"),
    ("Shift+T", "train the network under every schedule, beside fair constant-rate baselines"),
    ("G", "find a good η₀: the learning-rate range test (Enter sets η₀ to its suggestion)"),
    ("I", "how the current schedule works: formula, knobs, pitfalls"),
    ("P", "projector theme: light background, big text, thick lines"),
    ("Ctrl+= / Ctrl+−", "everything bigger / smaller (capped to what fits the window)"),
    ("S", "screenshot: save this view as a PNG in the output folder"),
    ("Ctrl+S / Ctrl+O", "save this setup / open a saved one (from the output folder)"),
    ("E", "export: PyTorch code, the curve as CSV, this view as PNG"),
    ("F11", "fullscreen on / off"),
    ("H or ?", "this help"),
    ("Esc", "close this help, the range test or the comparison of every schedule, or leave fullscreen"),
    ("Ctrl+Q", "quit (a kiosk quits only with Ctrl+Shift+Q)"),
)


EXPORT_KEYS: dict[int, str] = {pygame.K_1: "code", pygame.K_2: "csv", pygame.K_3: "png", pygame.K_a: "all"}

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


def key_intent(event: pygame.event.Event) -> it.Intent | None:
    """The intent of one KEYDOWN event, or None for a key with no meaning here."""
    key, mod = event.key, getattr(event, "mod", 0)
    shift, ctrl = bool(mod & pygame.KMOD_SHIFT), bool(mod & pygame.KMOD_CTRL)
    if ctrl:
        return _CTRL.get(key) if key != pygame.K_q else it.Quit(kiosk_chord=shift)
    if key in (pygame.K_LEFT, pygame.K_RIGHT):
        size = 10 if shift else 1
        return it.Step(size if key == pygame.K_RIGHT else -size)
    if key == pygame.K_r:
        return it.ResetAll() if shift else it.Rewind()
    if key == pygame.K_c:
        return it.AddToRace() if shift else it.ToggleRace()
    if key == pygame.K_t:
        return it.ToggleEverySchedule() if shift else it.ToggleTrain()
    if key == pygame.K_TAB:
        return it.MoveFocus(-1 if shift else +1)
    if getattr(event, "unicode", "") == "?" or (key == pygame.K_SLASH and shift):
        return it.ToggleHelp()
    if key in _DIGITS and not shift:
        return it.SelectSchedule(_DIGITS[key])
    return _PLAIN.get(key)
