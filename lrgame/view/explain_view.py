"""The explanation panel (I): the current schedule's formula, its knobs with their values (in steps
too when an epoch has several), when people use it and the trap to avoid, drawn over the valley.
The paragraphs take the largest size at which they all fit above the footer."""

from __future__ import annotations

import pygame

from lrgame.engine import schedules
from lrgame.engine.explain import explain, final_rate_reading
from lrgame.engine.steps import knob_readings
from lrgame.engine.units import in_unit
from lrgame.look.theme import Palette, px
from lrgame.sim.simulation import Simulation
from lrgame.view.formula import draw_formula, formula_size
from lrgame.view.text import Paragraph, TextCache, draw_paragraphs, paragraphs_height

PARAGRAPH_SIZES = (15, 14, 13, 12)
FORMULA_SIZES = (19, 17, 15, 13)


def draw_explanation(surface: pygame.Surface, rect: pygame.Rect, sim: Simulation, palette: Palette,
                     texts: TextCache) -> None:
    schedule = schedules.entry(sim.settings.schedule)
    words = explain(schedule.name)
    box = rect.inflate(-px(16), -px(16))
    pygame.draw.rect(surface, palette.panel, box, border_radius=px(8))
    pygame.draw.rect(surface, palette.card_border, box, px(2), border_radius=px(8))
    x, y, width = box.x + px(16), box.y + px(12), box.w - px(32)
    title = texts.render(f"{schedule.label}: how it works", 20, palette.text, bold=True)
    surface.blit(title, (x, y))
    y += title.get_height() + px(8)
    draw_formula(surface, (x, y), words.formula, formula_size(words.formula, FORMULA_SIZES, width), palette.focus,
                 texts)
    y += px(38)

    settings = sim.settings
    readings = knob_readings(schedule.name, settings.params, settings.steps_per_epoch)
    parts = [(f"{spec.name} = {readings[spec.name]}: {words.knobs[spec.name]}", palette.text)
             for spec in schedule.params]
    parts += [(f"When: {words.when}", palette.text), (f"Watch out: {words.pitfall}", palette.marker)]
    parts = [(in_unit(text, settings.unit), colour) for text, colour in parts]  # a run counted in steps
    s = sim.summary
    if sim.so_far:
        parts.append((f"This run so far: the rate is now {100 * s.ratio:.3g} % of η₀; the loss decides what comes "
                      "next.", palette.text_dim))
    else:
        parts.append((f"This run {final_rate_reading(s.final, s.initial, schedule.name)}", palette.text_dim))
    footer = texts.render("I or Esc closes this.", 13, palette.text_dim)
    area = pygame.Rect(x, y, width, box.bottom - footer.get_height() - px(12) - y)
    for size in PARAGRAPH_SIZES:  # the first size at which everything fits: many knobs take more room
        paragraphs: list[Paragraph] = [(text, size, colour, False) for text, colour in parts]
        if paragraphs_height(paragraphs, width) <= area.h:
            break
    draw_paragraphs(surface, area, paragraphs, texts)
    surface.blit(footer, (x, box.bottom - footer.get_height() - px(8)))
