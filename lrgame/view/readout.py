"""The readout of the current step: where the ball is, how steep it is there, how far it moves."""

from __future__ import annotations

import pygame

from lrgame.numfmt import sig4
from lrgame.simulation import Simulation
from lrgame.view.text import TextCache
from lrgame.view.layout import READOUT_LINE, READOUT_TOP
from lrgame.view.theme import Palette, px


def regime(rate: float, sharpness: float) -> tuple[str, str]:
    """What η·f″ at the floor means for the ball, in a few plain words, and a colour role."""
    r = rate * sharpness
    if r > 2.0:
        return "flies out: each step overshoots more", "danger"
    if r > 1.0:
        return "bouncing: overshoots, then less", "marker"
    if r >= 0.05:
        return "settling: lands on the near side", "ok"
    return "crawling: tiny steps", "text_dim"


def when(sim: Simulation, t: int) -> str:
    """Epoch (and step, when an epoch has several) of scheduler step t."""
    s = sim.settings.steps_per_epoch
    if s == 1:
        return f"epoch t = {t} of {sim.settings.epochs}"
    return f"epoch {t // s} of {sim.settings.epochs}, step {t} of {sim.steps}"


def readout_lines(sim: Simulation) -> list[tuple[str, str]]:
    """(text, colour role) rows: the numbers behind the ball's next hop."""
    t = sim.ball_t
    traj = sim.trajectory
    x, loss, slope = traj.x(t), traj.loss(t), traj.slope(t)
    rate = sim.trajectory.rate(t)
    words, role = regime(rate, sim.settings.sharpness)
    if sim.diverged:
        words, role = f"DIVERGED at epoch {traj.diverged_at}", "danger"
    if sim.catching_up:
        words, role = f"working out the path: {100 * traj.computed // max(sim.t, 1)} %", "focus"
    return [
        (when(sim, t), "text"),
        (f"position x = {sig4(x)}", "text"),
        (f"loss f(x) = {sig4(loss)}", "text"),
        (f"slope f′(x) = {sig4(slope)}", "text"),
        (f"rate η(t) = {sig4(rate)}", "text"),
        (f"step η·f′ = {sig4(rate * slope)}", "text"),
        (f"η·f″ at the floor = {sig4(rate * sim.settings.sharpness)}", "text"),
        (words, role),
    ]


def draw_readout_box(surface: pygame.Surface, rect: pygame.Rect, palette: Palette, texts: TextCache) -> None:
    """The box and its title (part of the scene's backdrop)."""
    pygame.draw.rect(surface, palette.panel, rect, border_radius=px(6))
    title = texts.render("THIS STEP", 13, palette.text_dim, bold=True)
    surface.blit(title, (rect.x + px(10), rect.y + px(8)))


def draw_readout(surface: pygame.Surface, rect: pygame.Rect, sim: Simulation, palette: Palette,
                 texts: TextCache) -> None:
    y = rect.y + px(READOUT_TOP)
    for text, role in readout_lines(sim):
        size = 13 if role != "text" else 15
        surf = texts.render(text, size, getattr(palette, role), bold=role != "text")
        surface.blit(surf, (rect.x + px(10), y), pygame.Rect(0, 0, rect.w - px(14), surf.get_height()))  # never past the box
        y += px(READOUT_LINE)
