"""Seeded random input for `--random-input SEED`: keys and chords, mouse moves, clicks and drags
on the widgets, the wheel, touch, garbage text and window resizes, a few events a frame.

Every key event carries key, mod, unicode and scancode: a focused pygame_gui text box fails on a
KEYDOWN without them. The quit chords are never pressed: the run must end by its frame count.
"""

from __future__ import annotations

import random

import pygame

from lrgame.app.keys import bound_keys

KEYS = bound_keys()  # every key the key table, the menus and the boxes know
MODS = (0, 0, 0, pygame.KMOD_SHIFT, pygame.KMOD_CTRL, pygame.KMOD_SHIFT | pygame.KMOD_CTRL)
TEXT = ("abc", "-", ".", "e", "nan", "inf", "1e9", "0", "7", "0.5", ",", "η", "🙂", " ")
SIZES = ((1024, 600), (1280, 720), (1920, 1080), (800, 600))


class RandomInput:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def events(self, size: tuple[int, int], targets: list[pygame.Rect]) -> list[pygame.event.Event]:
        """This frame's events: zero to three of them."""
        out: list[pygame.event.Event] = []
        for _ in range(self.rng.randint(0, 3)):
            out += self._one(size, targets)
        return out

    def _point(self, size: tuple[int, int], targets: list[pygame.Rect]) -> tuple[int, int]:
        if targets and self.rng.random() < 0.8:
            r = self.rng.choice(targets)
            return (self.rng.randint(r.left, max(r.left, r.right - 1)),
                    self.rng.randint(r.top, max(r.top, r.bottom - 1)))
        return self.rng.randrange(size[0]), self.rng.randrange(size[1])

    def _one(self, size: tuple[int, int], targets: list[pygame.Rect]) -> list[pygame.event.Event]:
        roll = self.rng.random()
        if roll < 0.35:
            key, mod = self.rng.choice(KEYS), self.rng.choice(MODS)
            if key == pygame.K_q and mod & pygame.KMOD_CTRL:
                key = pygame.K_w
            data = {"key": key, "mod": mod, "unicode": chr(key) if 32 <= key < 127 else "", "scancode": 0}
            return [pygame.event.Event(pygame.KEYDOWN, data), pygame.event.Event(pygame.KEYUP, data)]
        if roll < 0.65:
            start, end = self._point(size, targets), self._point(size, targets)
            motion = {"rel": (0, 0), "buttons": (1, 0, 0), "touch": False}
            return [pygame.event.Event(pygame.MOUSEMOTION, pos=start, **motion),
                    pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1, touch=False),
                    pygame.event.Event(pygame.MOUSEMOTION, pos=end, **motion),
                    pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1, touch=False)]
        if roll < 0.8:
            return [pygame.event.Event(pygame.TEXTINPUT, text=self.rng.choice(TEXT))]
        if roll < 0.87:
            y = self.rng.choice((-1, 1))
            return [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=y, flipped=False, precise_x=0.0, precise_y=float(y),
                                       touch=False, which=0)]
        if roll < 0.97:
            x, y = self._point(size, targets)
            finger = {"touch_id": 1, "finger_id": 0, "dx": 0.0, "dy": 0.0, "pressure": 1.0}
            return [pygame.event.Event(kind, x=x / size[0], y=y / size[1], **finger)
                    for kind in (pygame.FINGERDOWN, pygame.FINGERMOTION, pygame.FINGERUP)]
        w, h = self.rng.choice(SIZES)
        return [pygame.event.Event(pygame.VIDEORESIZE, w=w, h=h, size=(w, h))]
