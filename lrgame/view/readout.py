"""The readout of the current step: where the ball is, how steep it is there, how far it moves."""

from __future__ import annotations

import pygame

from lrgame.engine.numfmt import sig4
from lrgame.engine.units import unit_words
from lrgame.look.layout import READOUT_LINE, READOUT_TOP
from lrgame.look.theme import Palette, px
from lrgame.sim.simulation import Simulation
from lrgame.view.optimizer_readout import optimizer_lines
from lrgame.view.text import TextCache, fit_clause, text_width


def regime(rate: float, sharpness: float) -> tuple[str, str]:
    """What η·f″ at the floor means for the ball, in a few plain words, and a colour role."""
    r = rate * sharpness
    if r > 2.0:
        return "flies out: each step overshoots more", "danger"
    if r > 1.0:
        return "bouncing: overshoots, then less", "marker_text"
    if r >= 0.05:
        return "settling: lands on the near side", "ok"
    return "crawling: tiny steps", "text_dim"


def when(sim: Simulation, t: int) -> str:
    """Epoch (and step, when an epoch has several) of scheduler step t; in a run counted in steps,
    the step."""
    s = sim.settings.steps_per_epoch
    if s == 1:
        return f"{unit_words(sim.settings.unit, s).one} t = {t} of {sim.settings.epochs}"
    return f"epoch {t // s} of {sim.settings.epochs}, step {t} of {sim.steps}"


def diverged_words(sim: Simulation) -> str:
    """Where the ball flew out: the trajectory counts steps, so with several steps an epoch the
    epoch is t // S, and the step is said too; a run counted in steps says the step."""
    t, per = sim.trajectory.diverged_at or 0, sim.settings.steps_per_epoch
    one = unit_words(sim.settings.unit, per).one
    return f"DIVERGED at {one} {t}" if per == 1 else f"DIVERGED at epoch {t // per} (step {t})"


def signed(a: float, b: float) -> str:
    """"a + b" or "a − b", each to 4 significant digits."""
    return f"{sig4(a)} {'−' if b < 0 else '+'} {sig4(abs(b))}"


def hop_line(sim: Simulation, t: int, rate: float, slope: float, kick: float) -> str:
    """The hop the ball takes from step t: η·(f′ + noise), the noise included (x moves by minus this)."""
    traj = sim.trajectory
    if traj.diverged_at is not None and t >= traj.diverged_at:
        return "hop: none, the ball has flown out"
    return f"hop η·(f′ + noise) = {sig4(rate * (slope + kick))}"


def end_lines(sim: Simulation) -> list[tuple[str, str]]:
    """The readout's last four rows once the run is over (t = T): no rate, no hop and no word about
    the ball's regime, since no step is left to take; they say so and point at the final card."""
    words = unit_words(sim.settings.unit, sim.settings.steps_per_epoch)
    return [
        ("rate: none, no step is left", "text"),
        ("hop: none, the run is over", "text"),
        ("the last rate used: final η card", "text"),
        (f"RUN OVER: all {sim.steps} {words.tick}s done", "ok"),
    ]


def readout_lines(sim: Simulation) -> list[tuple[str, str]]:
    """(text, colour role) rows: the numbers behind the ball's next hop. The slope line shows the
    noise beside f′ and the hop line their sum times η: the step the ball really takes. Once the
    run is over there is no next hop: the slope alone, then `end_lines`."""
    t = sim.ball_t
    traj = sim.trajectory
    x, loss, slope, kick = traj.x(t), traj.loss(t), traj.slope(t), traj.kick(t)
    rate = sim.trajectory.rate(t)
    over = t >= sim.steps
    words, role = ("", "text") if over else regime(rate, sim.settings.sharpness)
    if sim.diverged:
        words, role = diverged_words(sim), "danger"
    if sim.catching_up:
        words, role = f"working out the path: {100 * traj.computed // max(sim.t, 1)} %", "focus"
    if over:
        tail = end_lines(sim)
        if words:
            tail[-1] = (words, role)
        return [(when(sim, t), "text"), (f"position x = {sig4(x)}", "text"), (f"loss f(x) = {sig4(loss)}", "text"),
                (f"slope f′(x) = {sig4(slope)}", "text"), *tail]
    head = [
        (when(sim, t), "text"),
        (f"position x = {sig4(x)}", "text"),
        (f"loss f(x) = {sig4(loss)}", "text"),
        (f"f′(x) + noise = {signed(slope, kick)}", "text"),
    ]
    tail = optimizer_lines(sim, t, rate)
    if tail is not None:
        if sim.diverged or sim.catching_up:
            tail[-1] = (words, role)
        return head + tail
    return head + [
        (f"rate η(t) = {sig4(rate)}", "text"),
        (hop_line(sim, t, rate, slope, kick), "text"),
        (f"η·f″ at the floor = {sig4(rate * sim.settings.sharpness)}", "text"),
        (words, role),
    ]


def draw_readout_box(surface: pygame.Surface, rect: pygame.Rect, palette: Palette, texts: TextCache) -> None:
    """The box and its title (part of the scene's backdrop)."""
    pygame.draw.rect(surface, palette.panel, rect, border_radius=px(6))
    title = texts.render("THIS STEP", 13, palette.text_dim, bold=True)
    surface.blit(title, (rect.x + px(10), rect.y + px(8)))


def line_rects(rect: pygame.Rect, count: int) -> list[pygame.Rect]:
    """Where each of `count` readout rows goes inside the readout box."""
    top, step = rect.y + px(READOUT_TOP), px(READOUT_LINE)
    return [pygame.Rect(rect.x, top + i * step, rect.w, step) for i in range(count)]


SHORTER = (("moments m = ", "m = "),)
"""Words a line drops when it is too wide for the box (Adam's v reaches 3.529e+09 on a sharp valley)."""


def draw_readout_line(surface: pygame.Surface, row: pygame.Rect, text: str, role: str, palette: Palette,
                      texts: TextCache) -> pygame.Rect:
    """One row of the readout, in its rectangle from `line_rects`; returns the area its words drew on
    (a row's words reach a third of its width: the frame wipes only where they were)."""
    x, right = row.x + px(10), row.right - px(4)
    size = 13 if role != "text" else 15
    colour, bold = getattr(palette, role), role != "text"
    # The words before "= " are the same every step and the number after it changes: rendered
    # apart, the words come from the cache and only digits are rendered anew. (SDL_ttf keeps
    # one cached glyph per code point modulo 256, so ′ and 2, or η and ·, evict each other: a
    # whole line rendered afresh costs ten times more.)
    for long, short in SHORTER:
        if text.startswith(long) and text_width(text, size, bold=bold) > right - x:
            text = short + text.removeprefix(long)
    label, equals, value = text.rpartition("= ")
    if not equals:
        text = fit_clause(text, size, right - x, bold=bold)
    at, drawn = x, pygame.Rect(x, row.y, 0, 0)
    for part in (label + equals, value) if equals else (text,):
        surf = texts.render(part, size, colour, bold=bold)
        box = pygame.Rect(0, 0, max(right - at, 0), surf.get_height())  # never past the box
        drawn.union_ip(surface.blit(surf, (at, row.y), box))
        at += surf.get_width()
    return drawn
