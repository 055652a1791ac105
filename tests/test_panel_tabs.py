"""Four tabs share the row over the knobs (Knobs, Optimizer, 2-D, Net): every tab's text fits
its button in the smallest and the projector windows, the optimizer's tab giving way to the
optimizer's name alone ("Nesterov") where "Optimizer: Nesterov" would be cut."""

from collections.abc import Iterator
from contextlib import contextmanager

import pygame
import pytest

from lrgame.app.launch import LaunchOptions
from lrgame.app.window import App
from lrgame.sim.intents import SetValue
from lrgame.sim.optimizer_choice import PICKS
from lrgame.ui.network_rows import TAB as NETWORK_TAB
from lrgame.ui.optimizer_rows import TABS
from lrgame.ui.surface_rows import TAB


@contextmanager
def _window(theme: str, size: tuple[int, int]) -> Iterator[App]:
    """A headless window, closed afterwards."""
    app = App(LaunchOptions(headless=True, size=size, theme=theme))
    try:
        yield app
    finally:
        pygame.quit()


@pytest.mark.parametrize(("theme", "size"), [("dark", (1024, 600)), ("dark", (1280, 720)),
                                             ("projector", (1024, 600)), ("projector", (1920, 1080))])
def test_every_tab_fits_and_names_the_optimizer(theme, size):
    with _window(theme, size) as app:
        for pick, name in PICKS.items():
            app.apply(SetValue("optimizer", pick))
            app.frame(1 / 60)
            tabs = {r.key: r.button for r in app.panel.rows if r.key.startswith("page.")}
            assert list(tabs) == [key for key, _, _ in (*TABS, TAB, NETWORK_TAB)]
            for key, button in tabs.items():
                assert button.font.size(button.text)[0] <= button.relative_rect.w, (key, button.text, pick)
            assert tabs["page.optimizer"].text in (f"Optimizer: {name}", name)


@pytest.mark.parametrize(("theme", "size"), [("dark", (1024, 600)), ("projector", (1024, 600)),
                                             ("projector", (1920, 1080))])
def test_the_2d_tab_says_2d_with_the_landscape_on_and_the_map_names_the_surface(theme, size):
    """It once read "2-D: on", which four tabs in a row cut to a bare "on"."""
    from lrgame.app.modes.landscape import LandscapeMode
    from lrgame.sim.surfaces import SURFACES

    with _window(theme, size) as app:
        for name, surface in SURFACES.items():
            app.apply(SetValue("surface", name))
            app.frame(1 / 60)
            assert app.find(LandscapeMode) is not None
            button = app.panel.row("page.surface").button
            assert button.text == "2-D" and button.font.size(button.text)[0] <= button.relative_rect.w
            assert app.shown().landscape.run.shape.title == surface.title  # the map's heading names it
