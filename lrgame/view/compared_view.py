"""The comparison on the landscape (C with slots, in the 2-D view): each slot's path over the same
surface in the slot's colour and dash (`slot_look`), and a scoreboard of final loss and distance to
the nearest minimum, ranked by final loss, naming each slot's schedule and optimizer.

Where paths cross every one stays visible: each is drawn over a band of the background, the best
ranked last (on top), and every path carries its slot's marker at every k-th step (about MARKS of
them) and at its end, drawn after all the lines, so a path hidden under another still shows its
markers. A long path is drawn through at most MAX_DRAWN of its points (every m-th, the last kept).
"""

from __future__ import annotations

import numpy as np
import pygame

from lrgame.engine.numfmt import sig4
from lrgame.look.theme import Palette, px
from lrgame.sim.compared_paths import ComparedPath, ranked
from lrgame.view.forks_view import map_points, titled_box
from lrgame.view.plane import Plane
from lrgame.view.race_view import dash_segments, ordinal
from lrgame.view.slot_look import draw_slot_marker, slot_colour, slot_dashes
from lrgame.view.text import TextCache, draw_paragraphs, fit, wrap

MARKS = 10  # markers along each path
MAX_DRAWN = 4000  # points of a path drawn at most
MARK_R = 6  # design px: a marker along the path


def mark_steps(last: int) -> np.ndarray:
    """The steps that get a marker: every k-th, k = ⌈last / MARKS⌉, from step k on."""
    k = max(1, -(-last // MARKS))
    return np.arange(k, last + 1, k)


def drawn_points(plane: Plane, points: np.ndarray) -> list[tuple[int, int]]:
    """The pixels the path's line goes through: every m-th point (the last kept) if it has more than
    MAX_DRAWN, repeats dropped."""
    if len(points) > MAX_DRAWN:
        stride = -(-len(points) // MAX_DRAWN)
        points = np.concatenate([points[::stride], points[-1:]])
    return map_points(plane, points)


def draw_compared_map(surface: pygame.Surface, plane: Plane, compared: tuple[ComparedPath, ...],
                      palette: Palette, texts: TextCache) -> None:
    """Every slot's path, the worst ranked first and widest, each narrower one on top, so paths
    that run together show as stripes side by side; then every marker along them, then their ends."""
    order = list(reversed(ranked(compared)))
    for i, c in enumerate(order):
        points = drawn_points(plane, c.path.points)
        if len(points) < 2:
            continue
        width = px(2) + px(2) * (len(order) - 1 - i)
        pygame.draw.lines(surface, palette.background, False, points, width + px(4))
        for a, b in dash_segments(points, slot_dashes(c.slot)):
            pygame.draw.line(surface, slot_colour(c.slot), a, b, width)
    for c in order:
        steps = mark_steps(len(c.path.points) - 1)
        for at in map_points(plane, c.path.points[steps]) if len(steps) else []:
            draw_slot_marker(surface, c.slot, at, palette.background, texts, r=px(MARK_R), number=False)
    for c in order:
        end = map_points(plane, c.path.points[-1:])[0]
        draw_slot_marker(surface, c.slot, end, palette.background, texts)


def score_rows(compared: tuple[ComparedPath, ...]) -> list[tuple[int, str, str]]:
    """(slot, place, schedule and optimizer; final loss, distance and η₀) in rank order: the
    scoreboard's rows."""
    return [(c.slot, f"{ordinal(c.place)}  {c.schedule_label} · {c.optimizer}",
             f"loss {'flew off' if c.path.diverged_at is not None else sig4(c.final_loss)} · distance "
             f"{sig4(c.distance)} · η₀ {sig4(c.lr0)}")
            for c in ranked(compared)]


def draw_scoreboard(surface: pygame.Surface, rect: pygame.Rect, compared: tuple[ComparedPath, ...] | None,
                    palette: Palette, texts: TextCache) -> None:
    """The compared paths ranked by final loss: each one's marker, place, schedule and optimizer,
    final loss and distance from its end to the nearest minimum."""
    room = titled_box(surface, rect, "PATHS COMPARED",
                      "Working out the compared paths …" if compared is None else None, palette, texts)
    if room is None or compared is None:
        return
    inner, y = room
    for line in wrap("Ranked by final loss; distance: from the path's end to the nearest minimum.", 13, inner.w):
        head = texts.render(line, 13, palette.text_dim)
        surface.blit(head, (inner.x, y))
        y += head.get_height()
    y += px(4)
    for slot, name, numbers_text in score_rows(compared):
        draw_slot_marker(surface, slot, (inner.x + px(10), y + px(10)), palette.panel, texts, r=px(9))
        line = texts.render(fit(name, 14, inner.w - px(26)), 14, palette.text)
        surface.blit(line, (inner.x + px(26), y))
        y += line.get_height() + px(1)
        for words in wrap(numbers_text, 13, inner.w - px(26)):
            numbers = texts.render(words, 13, palette.text)
            surface.blit(numbers, (inner.x + px(26), y))
            y += numbers.get_height()
        y += px(6)
    note = ("Each path is drawn in its slot's colour and dash, with its marker every tenth of the way. "
            "Every path starts at the same point and meets the same noise; only the schedules and the "
            "optimizers differ. Shift+C adds the current run, X removes the last.")
    draw_paragraphs(surface, pygame.Rect(inner.x, y + px(4), inner.w, max(0, inner.bottom - y - px(4))),
                    [(note, 13, palette.text_dim, False)], texts)
