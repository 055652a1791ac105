"""The explanation panel (I): the current schedule's formula, its knobs with their values, when
people use it and the trap to avoid, drawn over the valley."""

from __future__ import annotations

import pygame

from lrgame.engine import schedules
from lrgame.engine.explain import explain, final_rate_reading
from lrgame.engine.steps import knob_readings
from lrgame.look.theme import Palette, px
from lrgame.sim.simulation import Simulation
from lrgame.view.formula import draw_formula
from lrgame.view.text import TextCache, wrap


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
    draw_formula(surface, (x, y), words.formula, 19, palette.focus, texts)
    y += px(38)

    def paragraph(heading: str, text: str, colour) -> None:
        nonlocal y
        lines = wrap(f"{heading} {text}", 15, width)
        for line in lines:
            surf = texts.render(line, 15, colour)
            surface.blit(surf, (x, y))
            y += surf.get_height() + 1
        y += px(6)

    settings = sim.settings
    readings = knob_readings(schedule.name, settings.params, settings.steps_per_epoch)
    for spec in schedule.params:
        paragraph(f"{spec.name} = {readings[spec.name]}:", words.knobs[spec.name], palette.text)
    paragraph("When:", words.when, palette.text)
    paragraph("Watch out:", words.pitfall, palette.marker)
    s = sim.summary
    if sim.so_far:
        paragraph("This run so far:", f"the rate is now {100 * s.ratio:.3g} % of η₀; the loss decides what comes next.",
                  palette.text_dim)
    else:
        paragraph("This run", final_rate_reading(s.final, s.initial, schedule.name), palette.text_dim)
    footer = texts.render("I or Esc closes this.", 13, palette.text_dim)
    surface.blit(footer, (x, box.bottom - footer.get_height() - px(8)))
