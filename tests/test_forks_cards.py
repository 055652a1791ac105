"""Under F the cards would tell of the panel's schedule, which the forks do not use: in their place
F says what it runs and that the panel's schedule is not used, whole, at every size, in both themes;
no card's number shows, even under the mouse."""

from __future__ import annotations

import pygame
import pytest

from lrgame.app.launch import LaunchOptions
from lrgame.app.window import App
from lrgame.engine import schedules
from lrgame.sim import intents as it
from lrgame.sim.settings import make_settings
from lrgame.view.forks_view import cards_words
from lrgame.view.text import wrap
from tests.text_boxes import TextBoxes, frame_texts, problems, regions


@pytest.mark.parametrize(("theme", "size"), [("dark", (1280, 720)), ("projector", (1024, 600)),
                                             ("projector", (1920, 1080))])
def test_f_says_in_place_of_the_cards_what_it_runs(theme, size, monkeypatch):
    boxes = TextBoxes(monkeypatch)
    app = App(LaunchOptions(settings=make_settings("cosine"), epoch=30, size=size, headless=True, theme=theme))
    app.apply(it.ToggleForks())
    app.frame(1 / 60)
    lay = app.scene.layout
    row = lay.cards[0].unionall(lay.cards)
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=lay.cards[0].center, rel=(0, 0), buttons=(0, 0, 0),
                                         touch=False))
    app.frame(1 / 60)  # a card's tooltip would show its exact number here
    frame, texts, drawn = frame_texts(app, boxes)
    shown = [t.issued.text for t in texts if t.rect is not None and row.colliderect(t.rect)]
    words = cards_words(app.sim.settings)
    assert words[0] == ("F runs rates of its own, drawn above: the trunk holds η₀ = 0.08500 for 300 steps, each "
                        "branch then cools down to 0. The schedule in the panel (Cosine annealing) is not used "
                        "here: F again goes back to it.")  # the river's η₀ and T, which F chose
    assert any(" ".join(shown) == " ".join(wrap(w, 14, 10_000)) for w in words), shown
    assert problems(texts, drawn, regions(app), frame.get_rect()) == []


@pytest.fixture(autouse=True)
def _quit():
    yield
    pygame.quit()


def test_the_words_name_every_schedule_the_panel_offers_loss_driven_too():
    """Reduce-on-plateau has no curve drawn in advance, but the panel offers it: F still names it
    (a soak found the words asking for its curve)."""
    for name in schedules.ENTRIES:
        settings = make_settings(name)
        assert f"({schedules.entry(name).label})" in cards_words(settings)[0]
