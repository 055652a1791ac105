"""Text that must be read whole on a projector: every card's title and value inside its card, never
cut and never below the text floor, for every schedule in both themes; and the train view's small
charts with y tick labels that stand apart."""

import pygame
import pytest

from lrgame.app.modes.train import TrainMode
from lrgame.engine import schedules
from lrgame.look.theme import font
from lrgame.sim import intents as it
from lrgame.sim.intents import SetValue
from lrgame.view.cards import Card, card_lines, cards_for, draw_card, share_of_lr0
from lrgame.view.text import TextCache

SIZES = [(1280, 720), (1920, 1080)]
THEMES = ["dark", "projector"]


class _Recorder:
    """Stands in for the window: keeps what `draw_card` blits, where, and how much of it shows."""

    def __init__(self) -> None:
        self.blits: list[tuple[pygame.Surface, pygame.Rect, bool]] = []

    def blit(self, source: pygame.Surface, dest, area=None) -> pygame.Rect:
        shown = pygame.Rect(area) if area is not None else source.get_rect()
        whole = shown.w >= source.get_width() and shown.h >= source.get_height()
        self.blits.append((source, pygame.Rect(dest, source.get_size()), whole))
        return pygame.Rect(dest, shown.clip(source.get_rect()).size)  # as a surface's blit: where it drew


class _NamingCache(TextCache):
    """A TextCache that remembers which words (and weight) each surface it hands out shows."""

    def __init__(self) -> None:
        super().__init__()
        self.words: dict[int, tuple[str, bool]] = {}

    def render(self, text, size, color, *, bold=False, mono=False):
        surface = super().render(text, size, color, bold=bold, mono=mono)
        self.words[id(surface)] = (text, bold)
        return surface


def _squeeze(text: str) -> str:
    return "".join(text.split())  # line breaks, spaces and no-break spaces aside


def _drawn(app) -> list[tuple[Card, pygame.Rect, str, str]]:
    """Each card with its rectangle and the title and value words drawn into it, after checking
    that every line is whole, inside its card and at least the smallest card text size."""
    rects, cards = app.scene.layout.cards, cards_for(app.sim)
    recorder, texts = _Recorder(), _NamingCache()
    for rect, card in zip(rects, cards, strict=True):
        draw_card(recorder, rect, card, app.scene.palette, texts)
    smallest = font(11).get_height()  # 24 px text on a 1080p projector (its floor), 13 px in the dark theme
    out = []
    for rect, card in zip(rects, cards, strict=True):
        inside = sorted(((texts.words[id(s)], where, whole) for s, where, whole in recorder.blits
                         if rect.contains(where)), key=lambda line: line[1].top)  # values are drawn bottom up
        for (words, _), where, whole in inside:
            assert whole, f"{words!r} is cut at the edge of its card {rect} ({card})"
            assert where.h >= smallest, (words, where)
        title = " ".join(words for (words, bold), _, _ in inside if not bold)
        value = " ".join(words for (words, bold), _, _ in inside if bold)
        out.append((card, rect, title, value))
    assert sum(len(card_lines(c, r.size)[0]) + len(card_lines(c, r.size)[1]) for c, r, _, _ in out) \
        == len(recorder.blits), "a line was drawn outside its card"
    return out


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", [pytest.param(SIZES[0], marks=pytest.mark.slow), *SIZES[1:]])
def test_every_card_shows_its_whole_title_and_value_for_every_schedule(launch, size, theme):
    d = launch(size=size, theme=theme)
    for name in schedules.ENTRIES:
        d.app.apply(SetValue("schedule", name))
        for seek in (it.SeekEnd(first=True), it.SeekEnd(first=False)):  # "current η(0)" and "final η = η₀/1000"
            d.app.apply(seek)
            d.frames(1)
            for card, _, title, value in _drawn(d.app):
                assert _squeeze(title) == _squeeze(card.title), (name, card)
                label_shortened = card.title == "schedule" and name in schedules.LOSS_DRIVEN and theme == "projector"
                assert _squeeze(value) == _squeeze(card.short if label_shortened else card.value), (name, card)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES)
def test_the_titles_of_a_run_in_steps_stay_whole(launch, size, theme):
    d = launch(size=size, theme=theme, steps_per_epoch=10)
    d.app.apply(it.SeekEnd(first=False))
    d.frames(1)
    for card, _, title, value in _drawn(d.app):
        assert _squeeze(title) == _squeeze(card.title), card
        assert _squeeze(value) == _squeeze(card.value), card


@pytest.mark.parametrize(
    ("final", "lr0", "title"),
    [(1e-4, 0.1, "final η = η₀/1000"), (2.467e-5, 0.1, "final η = η₀/4050"), (0.05, 0.1, "final η = η₀/2"),
     (0.1, 0.1, "final η = η₀"), (0.2, 0.1, "final η = 2·η₀"), (0.0, 0.1, "final η = 0")],
)
def test_the_final_rate_is_written_against_lr0_as_an_equation_not_a_product(final, lr0, title):
    # "final η(99) · 0.1 %" read as the final rate times 0.1 %: the card says what the share is of.
    assert ("final η" + share_of_lr0(final, lr0)).replace("\u00a0", " ") == title


def test_the_projector_wraps_a_long_title_and_keeps_a_short_one_on_one_line(launch):
    d = launch(size=(1920, 1080), theme="projector")
    d.app.apply(it.SeekEnd(first=False))
    d.frames(1)
    rect = d.app.scene.layout.cards[2]
    title, value = card_lines(Card("current η(30), step 300", "2.470e-05", ""), rect.size)
    assert [line for line, _ in title] == ["current η(30),", "step 300"]
    assert len(value) == 1
    title, value = card_lines(Card("average η", "0.03663", ""), rect.size)
    assert len(title) == 1 and value == (("0.03663", 22),)  # a card that fits keeps its big number
    _, value = card_lines(Card("schedule", "Warmup-stable-decay", "wsd"), rect.size)
    assert [line for line, _ in value] == ["Warmup-", "stable-decay"]  # no space: broken after a hyphen


def test_the_dark_cards_at_scale_1_keep_one_line_titles_and_big_values(launch):
    d = launch(size=(1280, 720))
    d.frames(1)
    for card, rect in zip(cards_for(d.app.sim)[:5], d.app.scene.layout.cards, strict=False):
        title, value = card_lines(card, rect.size)
        assert len(title) == 1 and title[0][1] == 13 and value == ((card.value, 22),), card


# ---- the train view's small charts ----------------------------------------------------------------------


def _y_tick_labels(chart) -> list[pygame.Rect]:
    """Where the chart writes its y tick labels (beside the plot, between its top and bottom edges)."""
    plot = chart.plot_rect.move(-chart.rect.x, -chart.rect.y)  # the chart's texts are placed in its own rect
    out = []
    for t in chart._frame.texts:
        w, h = font(t.size).size(t.text)
        box = pygame.Rect(t.pos, (w, h))
        if t.role == "text_dim" and plot.top - h <= box.top < plot.bottom and not plot.left <= box.centerx < plot.right:
            out.append(box)
    return sorted(out, key=lambda r: r.top)


@pytest.mark.parametrize("size", [pytest.param(SIZES[0], marks=pytest.mark.slow), *SIZES[1:]])
@pytest.mark.parametrize("schedule", ["step", "reduce_on_plateau"])
def test_the_train_charts_y_tick_labels_stand_apart_on_a_projector(launch, size, schedule):
    d = launch(size=size, theme="projector", schedule=schedule, batch_size=300, epoch=100)  # full batch: 3 a frame
    d.key(pygame.K_t)
    d.frames(40)
    view = d.app.scene.train_view
    assert d.app.find(TrainMode).run.done
    charts = [view.loss_chart] + ([view.rate_chart] if schedule == "reduce_on_plateau" else [])
    for chart in charts:
        labels = _y_tick_labels(chart)
        assert len(labels) >= 2, chart.title
        gap = font(chart.style.tick_size).get_linesize() // 4
        for upper, lower in zip(labels, labels[1:], strict=False):
            assert lower.top - upper.bottom >= gap, (chart.title, size, labels)
    loss = view.loss_chart
    assert loss.title.endswith("(log scale)") == loss.log_scale  # the title says what the axis is
