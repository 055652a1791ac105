"""The end of a run's words and a run counted in steps, through the text-overlap check
(tests/text_boxes.py): every text of the frame whole, inside its region, nothing cut short. The
quick run keeps the smallest window in the dark theme and the 1080p projector; the rest is slow."""

import pygame
import pytest

from lrgame.app.launch import LaunchOptions
from lrgame.app.window import App
from lrgame.sim import intents as it
from lrgame.sim.presets import get_preset
from lrgame.sim.settings import make_settings
from tests.text_boxes import TextBoxes, frame_texts, problems, regions

SHOWS = {  # a text each screen must show whole: the check did see this words
    "valley": "see final η", "race": "│ epoch 100, run over", "train": "see final η", "gpt3": "T (steps)",
    "gpt3 train": "step 93750 of 93750 · the network is catching up: 120 steps trained so far",
    "gpt3 help": "one step back / forward (Shift: ten)",
}
SCREENS = tuple(SHOWS)
QUICK = (("dark", (1024, 600)), ("projector", (1920, 1080)))
SLOW = (("projector", (1024, 600)), ("dark", (1920, 1080)), ("dark", (1280, 720)), ("projector", (1280, 720)))


def _frames(app: App, n: int) -> None:
    for _ in range(n):
        app.frame(1 / 60)


def _open(screen: str, theme: str, size: tuple[int, int]) -> App:
    """The screen at the end of its run (t = T)."""
    gpt3 = screen.startswith("gpt3")
    settings = get_preset("gpt3").settings() if gpt3 else make_settings("cosine_restarts")
    app = App(LaunchOptions(settings=settings, preset="gpt3" if gpt3 else "", epoch=settings.epochs, size=size,
                            headless=True, theme=theme))
    _frames(app, 10)
    if screen == "race":
        for index in (1, 4, 7):  # step, cosine, one-cycle
            app.apply(it.SelectSchedule(index))
            app.apply(it.AddToRace())
        app.apply(it.SeekEnd(first=False))
        app.apply(it.ToggleRace())
    if screen.endswith("train"):
        app.apply(it.ToggleTrain())
    if screen.endswith("help"):
        app.apply(it.ToggleHelp())
    _frames(app, 40)
    app.messages.clear()
    return app


def _check(screen: str, theme: str, size: tuple[int, int], monkeypatch) -> None:
    app = _open(screen, theme, size)
    assert app.sim.over
    boxes = TextBoxes(monkeypatch)  # from here on: the frames so far would take up its colours
    frame, texts, drawn = frame_texts(app, boxes)
    found = problems(texts, drawn, regions(app), frame.get_rect())
    assert SHOWS[screen] in {t.issued.text for t in texts if t.state == "intact"}
    assert not found, f"{screen}, {theme}, {size}:\n" + "\n".join(found)


@pytest.mark.parametrize(("theme", "size"), QUICK)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_end_of_a_run_has_nothing_overlapping_or_cut(screen, theme, size, monkeypatch):
    _check(screen, theme, size, monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize(("theme", "size"), SLOW)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_end_of_a_run_has_nothing_overlapping_or_cut_in_more_windows(screen, theme, size, monkeypatch):
    _check(screen, theme, size, monkeypatch)


@pytest.fixture(autouse=True)
def _quit():
    yield
    pygame.quit()
