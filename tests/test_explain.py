"""Every schedule is explained, every knob has words, and the final-rate reading says the right thing."""

import pygame
import pytest

from lrgame import schedules
from lrgame.explain import EXPLANATIONS, explain, final_rate_reading


@pytest.mark.parametrize("name", list(schedules.SCHEDULES))
def test_every_schedule_and_every_knob_is_explained(name):
    words = explain(name)
    assert set(words.knobs) == {p.name for p in schedules.get(name).params}
    assert all(text.strip() for text in (*words.knobs.values(), words.when, words.pitfall))
    assert words.formula and all(text and style in ("normal", "sub", "sup") for text, style in words.formula)


def test_no_explanation_without_a_schedule():
    assert set(EXPLANATIONS) == set(schedules.SCHEDULES)


@pytest.mark.parametrize(
    ("final", "schedule", "expected"),
    [
        (1e-5, "cosine", ["0.01 %", "barely move", "on purpose"]),
        (1e-3, "step", ["1 %", "careful", "1–10 %"]),
        (0.05, "inverse_sqrt", ["50 %", "still big"]),
        (0.1, "constant", ["never came down"]),
        (0.0, "linear", ["0 %", "barely move"]),
    ],
)
def test_final_rate_reading(final, schedule, expected):
    lr0 = 0.1 if schedule != "constant" else final
    text = final_rate_reading(final, lr0, schedule)
    for piece in expected:
        assert piece in text


def test_i_opens_the_explanation_over_the_valley_and_esc_closes_it(launch):
    d = launch(schedule="exponential")
    rect = d.app.scene.layout.valley
    before = d.app.window.copy()
    d.key(pygame.K_i)
    assert d.app.show_explain
    changed = sum(before.get_at((x, y)) != d.app.window.get_at((x, y))
                  for x in range(rect.x, rect.right, 20) for y in range(rect.y, rect.bottom, 20))
    assert changed > 50
    d.key(pygame.K_ESCAPE)
    assert not d.app.show_explain
