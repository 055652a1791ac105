"""The explanation panel (I): the current schedule's formula, its knobs with their values, when
people use it and the trap to avoid, drawn over the valley."""

from __future__ import annotations

import pygame

from lrgame.engine import schedules
from lrgame.engine.explain import explain, final_rate_reading
from lrgame.engine.numfmt import knob_text
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

    s = sim.summary
    paragraphs = [(f"{spec.name} = {knob_text(sim.settings.params[spec.name])}:", words.knobs[spec.name], palette.text)
                  for spec in schedule.params]
    paragraphs += [("When:", words.when, palette.text), ("Watch out:", words.pitfall, palette.marker)]
    if sim.so_far:
        paragraphs.append(("This run so far:", f"the rate is now {100 * s.ratio:.3g} % of η₀; the loss decides what "
                           "comes next.", palette.text_dim))
    else:
        paragraphs.append(("This run", final_rate_reading(s.final, s.initial, schedule.name), palette.text_dim))
    footer = texts.render("I or Esc closes this.", 13, palette.text_dim)
    room = box.bottom - footer.get_height() - px(12) - y
    # Many knobs in a short window: a smaller size, rather than words running past the box.
    size = next((size for size in (15, 14, 13, 12) if _height(paragraphs, size, width, texts) <= room), 12)
    for heading, text, colour in paragraphs:
        for line in wrap(f"{heading} {text}", size, width):
            surf = texts.render(line, size, colour)
            surface.blit(surf, (x, y))
            y += surf.get_height() + 1
        y += px(6)
    surface.blit(footer, (x, box.bottom - footer.get_height() - px(8)))


def _height(paragraphs: list[tuple[str, str, object]], size: int, width: int, texts: TextCache) -> int:
    """How tall the paragraphs stand at this text size, with the gaps `draw_explanation` leaves."""
    line_h = texts.render("Ag", size, (0, 0, 0)).get_height() + 1
    return sum(len(wrap(f"{heading} {text}", size, width)) * line_h + px(6) for heading, text, _ in paragraphs)
