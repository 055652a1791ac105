"""A museum screen (--kiosk): visitors cannot quit (but with Ctrl+Shift+Q), leave fullscreen,
write files or browse them; left alone it plays the attract script, and a touch wakes it."""

from __future__ import annotations

import pygame

from lrgame.sim import intents as it
from lrgame.sim.attract import Attract, AttractScene

KIOSK_OFF = (it.ToggleFullscreen, it.OpenExport, it.Export, it.SaveSetup, it.OpenSetups, it.LoadSetup)
_INPUT_EVENTS = {pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION, pygame.MOUSEWHEEL, pygame.FINGERDOWN,
                 pygame.TEXTINPUT}


class Kiosk:
    def __init__(self, idle_seconds: float) -> None:
        self.attract = Attract(idle_seconds)
        self.scene: int | None = None  # the attract scene shown, None while a visitor uses it

    @staticmethod
    def refuses(intent: it.Intent) -> bool:
        return isinstance(intent, KIOSK_OFF) or intent == it.Quit(kiosk_chord=False)

    def wakes(self, event: pygame.event.Event, now: float) -> bool:
        """Is this the visitor's first touch after the attract script (which only wakes it)?"""
        return event.type in _INPUT_EVENTS and self.attract.touch(now)

    def next_scene(self, now: float) -> AttractScene | None:
        """The attract scene to show from now on, when it is a new one."""
        if not self.attract.update(now):
            return None
        index = self.attract.index(now)
        if index == self.scene:
            return None
        self.scene = index
        return self.attract.scene(index)
