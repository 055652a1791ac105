"""Every schedule is explained, every knob has words, and the final-rate reading says the right thing."""

import doctest
import re

import pygame
import pytest

from lrgame.app.modes.explain import ExplainOverlay
from lrgame.engine import explain as explain_module
from lrgame.engine import schedules
from lrgame.engine.explain import explain, final_rate_reading, knob_sentence
from lrgame.engine.params import ConfigError
from lrgame.look.theme import DARK
from lrgame.sim.settings import make_settings
from lrgame.sim.simulation import Simulation
from lrgame.view.explain_view import explanation_paragraphs

STYLES = ("normal", "sub", "sup")


def _sentences(words) -> list[str]:
    return [s for knob in words.knobs.values() for s in ([knob] if isinstance(knob, str) else knob.values())]


@pytest.mark.parametrize("name", list(schedules.ENTRIES))
def test_every_schedule_and_every_knob_is_explained(name):
    words = explain(name)
    assert set(words.knobs) == {p.name for p in schedules.entry(name).params}
    assert all(text.strip() for text in (*_sentences(words), words.when, words.pitfall))
    assert all(text.strip().endswith((".", ")")) for text in (*_sentences(words), words.when, words.pitfall))


@pytest.mark.parametrize(("name", "knob"), [(s.name, p.name) for s in schedules.ENTRIES.values() for p in s.params
                                            if p.kind in ("bool", "choice")])
def test_a_knob_with_choices_says_what_the_value_shown_does(name, knob):
    # "three_phase = False: Come back down to the start first…" described True: one sentence a choice.
    spec = schedules.entry(name).spec(knob)
    values = (False, True) if spec.kind == "bool" else spec.choices
    sentences = {value: knob_sentence(explain(name), knob, value) for value in values}
    assert len(set(sentences.values())) == len(values), sentences


def test_the_explanation_of_three_phase_describes_the_phases_shown():
    def sentence(three_phase: bool) -> str:
        sim = Simulation(make_settings("one_cycle", params={"three_phase": three_phase}), 0)
        return next(text for text, *_ in explanation_paragraphs(sim, DARK) if text.startswith("three phases"))

    assert sentence(False).startswith("three phases = no: Two phases") and "come back down" not in sentence(False)
    assert sentence(True).startswith("three phases = yes: Three phases") and "come back down" in sentence(True)


@pytest.mark.parametrize("name", list(schedules.ENTRIES))
def test_formula_is_runs_of_text_in_three_styles(name):
    formula = explain(name).formula
    assert formula and formula[0][1] == "normal"
    for segment in formula:
        text, style = segment
        assert isinstance(text, str) and text.strip() and style in STYLES


def test_no_explanation_without_a_schedule():
    assert all(explain(name) is s.explanation for name, s in schedules.ENTRIES.items())
    with pytest.raises(ConfigError, match="schedule='nope'"):
        explain("nope")


def test_step_formula_has_the_floor_exponent_as_a_superscript():
    assert explain("step").formula == (("η(t) = η", "normal"), ("0", "sub"), (" · γ", "normal"),
                                       ("⌊t / step_size⌋", "sup"))


@pytest.mark.parametrize(
    ("final", "lr0", "schedule", "expected", "absent"),
    [
        (0.0, 0.1, "linear", ["exactly 0", "does not move", "on purpose"], ["%  of"]),
        (1e-10, 0.1, "cosine", ["less than 0.0001 %", "barely move", "near zero on purpose"], []),
        (0.1 / 25 / 1e4, 0.1, "one_cycle", ["0.0004 % of η₀", "barely move", "on purpose"], []),
        (1e-4, 0.1, "step", ["0.1 % of η₀", "barely move", "1–10 %", "goes lower"], ["careful"]),
        (1e-3, 0.1, "step", ["1 % of η₀", "careful", "1–10 %", "as this one does"], ["lower", "higher"]),
        (1e-2, 0.1, "multistep", ["10 % of η₀", "careful", "as this one does"], []),
        (0.1 * 0.95**100, 0.1, "exponential", ["0.592 % of η₀", "careful", "goes lower"], []),
        (0.1 * 0.99**100, 0.1, "exponential", ["36.6 % of η₀", "still big", "stays higher"], []),
        (3e-5, 3e-4, "warmup_cosine", ["10 % of η₀", "careful", "usually end near zero", "stops higher"],
         ["on purpose"]),
        (0.05, 0.1, "inverse_sqrt", ["50 % of η₀", "still big"], ["1–10 %", "near zero"]),
        (0.1, 0.1, "constant", ["η₀ itself", "100 %", "keeps the ball moving"], ["of η₀:"]),
        (0.1 * (1 + 2e-16), 0.1, "cyclic", ["η₀ itself"], ["above"]),
        (0.1, 0.1, "linear", ["η₀ itself", "stops higher"], ["on purpose"]),  # a warmup that ends at η₀
        (0.15, 0.1, "constant", ["above η₀", "150 %"], ["itself"]),
    ],
)
def test_final_rate_reading(final, lr0, schedule, expected, absent):
    text = final_rate_reading(final, lr0, schedule)
    for piece in expected:
        assert piece in text
    for piece in absent:
        assert piece not in text
    assert text.startswith(("ends", "has")) and 1 <= text.count(". ") + 1 <= 2 and text.endswith(".")


@pytest.mark.parametrize("schedule", list(schedules.SCHEDULES))
def test_final_rate_reading_of_each_schedule_at_its_defaults(schedule):
    c = schedules.curve(schedule, lr0=0.1, epochs=100)
    text = final_rate_reading(float(c[-2]), 0.1, schedule)
    assert text.startswith("ends") and "nan" not in text and not re.search(r"\de[-+]", text)  # no 1e-05
    if schedule in ("cosine", "warmup_cosine", "one_cycle", "linear", "polynomial", "wsd"):
        assert "on purpose" in text


@pytest.mark.parametrize(("final", "lr0"), [(float("nan"), 0.1), (0.1, 0.0), (float("inf"), 0.1)])
def test_final_rate_reading_of_nonsense_does_not_pretend(final, lr0):
    assert final_rate_reading(final, lr0, "step") == "has no final rate that can be read as a share of η₀."


def test_docstring_example():
    assert doctest.testmod(explain_module).failed == 0


def test_i_opens_the_explanation_over_the_valley_and_esc_closes_it(launch):
    d = launch(schedule="exponential")
    rect = d.app.scene.layout.valley
    before = d.app.window.copy()
    d.key(pygame.K_i)
    assert d.app.find(ExplainOverlay)
    changed = sum(before.get_at((x, y)) != d.app.window.get_at((x, y))
                  for x in range(rect.x, rect.right, 20) for y in range(rect.y, rect.bottom, 20))
    assert changed > 50
    d.key(pygame.K_ESCAPE)
    assert not d.app.find(ExplainOverlay)
