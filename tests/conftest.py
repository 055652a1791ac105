"""Headless pygame for every test: these must be set before pygame is first imported."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

import pygame  # noqa: E402
import pytest  # noqa: E402

from lrgame.app.launch import LaunchOptions  # noqa: E402
from lrgame.app.window import App  # noqa: E402
from lrgame.look.theme import set_ui_scale  # noqa: E402
from lrgame.sim.settings import make_settings  # noqa: E402


class Driver:
    """Drives the real window with posted pygame events, a frame at a time."""

    def __init__(self, app: App) -> None:
        self.app = app

    def frames(self, n: int = 4) -> None:
        for _ in range(n):
            self.app.frame(1 / 60)

    def key(self, key: int, mod: int = 0, unicode: str = "") -> None:
        """A complete KEYDOWN/KEYUP pair (pygame_gui needs mod, unicode and scancode)."""
        data = {"key": key, "mod": mod, "unicode": unicode, "scancode": 0}
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, data))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, data))
        self.frames(2)

    def move(self, pos: tuple[int, int]) -> None:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0), touch=False))
        self.frames(1)

    def click(self, pos: tuple[int, int], settle: int = 5) -> None:
        self.move(pos)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False))
        self.frames(1)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False))
        self.frames(settle)

    def type(self, text: str) -> None:
        """Type `text` as SDL delivers a key press: KEYDOWN, then TEXTINPUT, then KEYUP. Posting
        only the TEXTINPUT hid keys that reached the shortcuts while a box had the cursor."""
        for ch in text:
            data = {"key": ord(ch.lower()), "mod": pygame.KMOD_SHIFT if ch.isupper() else 0, "unicode": ch,
                    "scancode": 0}
            pygame.event.post(pygame.event.Event(pygame.KEYDOWN, data))
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
            pygame.event.post(pygame.event.Event(pygame.KEYUP, data))
        self.frames(2)

    def type_into(self, key: str, text: str, finish: bool = True) -> None:
        """Click a row's text box, clear it, type `text`, and press Enter."""
        entry = self.app.panel.row(key).entry
        self.click(entry.rect.center, settle=2)
        self.key(pygame.K_a, mod=pygame.KMOD_CTRL)
        self.key(pygame.K_BACKSPACE, unicode="\b")
        self.type(text)
        if finish:
            self.key(pygame.K_RETURN, unicode="\r")
            self.frames(3)

    def choose(self, key: str, label: str) -> None:
        """Open a row's dropdown with a click and click the option with this label."""
        dropdown = self.app.panel.row(key).dropdown
        self.click(dropdown.rect.center, settle=3)
        items = dropdown.current_state.options_selection_list.item_list_container.elements
        self.click(next(b for b in items if b.text == label).rect.center, settle=6)


@pytest.fixture
def launch():
    """Start the real app headless with given settings; quit pygame afterwards."""
    started = []

    def start(size=(1280, 720), epoch=0, theme="dark", scale=1.0, kiosk=False, **settings) -> Driver:
        app = App(LaunchOptions(settings=make_settings(**settings), epoch=epoch, size=size, headless=True, theme=theme,
                                scale=scale, kiosk=kiosk, fullscreen=kiosk))
        started.append(app)
        driver = Driver(app)
        driver.frames(2)
        return driver

    yield start
    pygame.quit()


@pytest.fixture(autouse=True)
def design_scale():
    """Each test starts at UI scale 1 with no text floor: the scale is one module-wide factor, and a
    test that opens the projector theme would otherwise leave its scale to the next test."""
    set_ui_scale(1.0, 0)
