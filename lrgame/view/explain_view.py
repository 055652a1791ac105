"""The explanation panel (I): the current schedule's formula, its knobs with their values (in steps
too when an epoch has several), when people use it and the trap to avoid, drawn over the valley
(over the readout too when the valley alone is too small for every word). The paragraphs take the
largest size at which they all fit above the footer."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from lrgame.engine import schedules
from lrgame.engine.explain import explain, final_rate_reading, knob_sentence
from lrgame.engine.params import ParamSpec
from lrgame.engine.steps import knob_readings
from lrgame.engine.units import in_unit
from lrgame.engine.wording import screen_name
from lrgame.look.theme import Palette, font, px
from lrgame.sim.simulation import Simulation
from lrgame.view.formula import draw_formula, formula_size
from lrgame.view.text import Paragraph, TextCache, draw_paragraphs, fit_paragraphs

TITLE_SIZE, TEXT_SIZE, FOOTER_SIZE = 20, 15, 13
FORMULA_SIZES = (19, 17, 15, 13)
FOOTER = "I or Esc closes this."


def draw_explanation(surface: pygame.Surface, areas: Sequence[pygame.Rect] | pygame.Rect, sim: Simulation,
                     palette: Palette, texts: TextCache) -> None:
    """In the first of `areas` (or the one area) where every word fits (at the text's size, or
    smaller), else the last. The box covers its area whole, so nothing under it shows at its edges."""
    areas = (areas,) if isinstance(areas, pygame.Rect) else areas
    schedule = schedules.entry(sim.settings.schedule)
    paragraphs = explanation_paragraphs(sim, palette)
    for rect in areas:
        text_area = _text_area(rect)
        if fit_paragraphs(paragraphs, text_area.w, text_area.h) is not None:
            break
    pygame.draw.rect(surface, palette.panel, rect, border_radius=px(8))
    pygame.draw.rect(surface, palette.card_border, rect, px(2), border_radius=px(8))
    x, y = text_area.x, rect.y + px(12)
    title = texts.render(f"{schedule.label}: how it works", TITLE_SIZE, palette.text, bold=True)
    surface.blit(title, (x, y))
    formula = explain(schedule.name).formula
    draw_formula(surface, (x, y + title.get_height() + px(8)), formula,
                 formula_size(formula, FORMULA_SIZES, text_area.w), palette.focus, texts)
    draw_paragraphs(surface, text_area, paragraphs, texts)
    footer = texts.render(FOOTER, FOOTER_SIZE, palette.text_dim)
    surface.blit(footer, (x, rect.bottom - footer.get_height() - px(8)))


def explanation_fits(rect: pygame.Rect, sim: Simulation, palette: Palette) -> bool:
    """Does every word fit in `rect` (at the text's size, or smaller)?"""
    text_area = _text_area(rect)
    return fit_paragraphs(explanation_paragraphs(sim, palette), text_area.w, text_area.h) is not None


def _text_area(rect: pygame.Rect) -> pygame.Rect:
    """Where the paragraphs go in a box: under the title and the formula, over the footer."""
    top = rect.y + px(12) + font(TITLE_SIZE, bold=True).get_height() + px(8) + px(38)
    bottom = rect.bottom - px(8) - font(FOOTER_SIZE).get_height() - px(6)
    return pygame.Rect(rect.x + px(16), top, rect.w - px(32), max(bottom - top, 0))


def _shown(spec: ParamSpec, reading: str, schedule: str) -> str:
    """A knob and its value as the panel shows them: "three phases = no", not "three_phase = False"."""
    if spec.kind == "bool":
        reading = {"True": "yes", "False": "no"}.get(reading, reading)
    return f"{screen_name(spec.name, schedule) or spec.name} = {reading}"


def explanation_paragraphs(sim: Simulation, palette: Palette) -> list[Paragraph]:
    """One paragraph a knob (what its value shown does), when it is used, its trap, this run's end."""
    schedule = schedules.entry(sim.settings.schedule)
    words = explain(schedule.name)
    settings = sim.settings
    readings = knob_readings(schedule.name, settings.params, settings.steps_per_epoch)
    out: list[Paragraph] = [
        (f"{_shown(spec, readings[spec.name], schedule.name)}: "
         f"{knob_sentence(words, spec.name, settings.params[spec.name])}", TEXT_SIZE, palette.text, False)
        for spec in schedule.params]
    out += [(f"When: {words.when}", TEXT_SIZE, palette.text, False),
            (f"Watch out: {words.pitfall}", TEXT_SIZE, palette.danger, False)]
    s = sim.summary
    if sim.so_far:
        out.append((f"This run so far: the rate is now {100 * s.ratio:.3g} % of η₀; the loss decides what comes next.",
                    TEXT_SIZE, palette.text_dim, False))
    else:
        out.append((f"This run {final_rate_reading(s.final, s.initial, schedule.name)}", TEXT_SIZE,
                    palette.text_dim, False))
    return [(in_unit(text, settings.unit), *rest) for text, *rest in out]  # a run counted in steps says steps
