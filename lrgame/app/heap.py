"""Settling the heap: the window's long-lived objects out of the collector's way."""

from __future__ import annotations

import gc

_paused = False  # the collector is off for start-up (pause_for_start_up) and not yet back on


def pause_for_start_up() -> None:
    """The entry's first act (lrgame/__main__.py). Start-up makes ~35,000 objects that all live as
    long as the window does, so each collection on the way is wasted: without them the first frame
    comes ~20 ms sooner. A collector someone else turned off is left to them."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_after_start_up() -> None:
    """The collector back on, once the first frame is on screen, or at once for a command that
    opens no window."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def settle_heap() -> None:
    """Free the garbage cycles (pygame_gui widgets sit in reference cycles, so a killed one waits
    for a collection), then move everything alive into the permanent generation: Python's full
    collections then stop walking the window's ~35,000 long-lived objects, which took ~10 ms of
    the frame they fell in. Objects made later are collected as usual."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
