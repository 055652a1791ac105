"""The comparison on the landscape (C with slots, in the 2-D view): each slot's path over the same
surface in the slot's colour and dash (`slot_look`), and a scoreboard of final loss and distance to
the nearest minimum, ranked by final loss, naming each slot's schedule and optimizer.

Where paths cross every one stays visible: each is drawn over a band of the background, the best
ranked last (on top), and every path carries its slot's marker at every k-th step (about MARKS of
them) and at its end, drawn after all the lines, so a path hidden under another still shows its
markers. A long path is drawn through at most MAX_DRAWN of its points (every m-th, the last kept).
Only the slots' balls at the current step carry their numbers (`balls_at`), so a ball passing over
another path's end never hides a number.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pygame

from lrgame.engine.numfmt import sig4
from lrgame.look.theme import Palette, font, px
from lrgame.sim.compared_paths import ComparedPath, ranked
from lrgame.view.forks_view import map_points, titled_box
from lrgame.view.plane import Plane
from lrgame.view.race_view import dash_segments, ordinal
from lrgame.view.slot_look import draw_slot_marker, marker_box, slot_colour, slot_dashes
from lrgame.view.text import TextCache, draw_paragraphs, fit_paragraphs, text_width, wrap

MARKS = 10  # markers along each path
MAX_DRAWN = 4000  # points of a path drawn at most
MARK_R = 6  # design px: a marker along the path


HEADINGS = ("Ranked by final loss; distance: from the path's end to the nearest minimum.",
            "Ranked by final loss; distance to the nearest minimum.",
            "Ranked by final loss.")
NOTES = ("Each path is drawn in its slot's colour and dash, with its marker every tenth of the way. Every path "
         "starts at the same point and meets the same noise; only the schedules and the optimizers differ. "
         "Shift+C adds the current run, X removes the last.",
         "Every path starts at the same point and meets the same noise; only the schedules and the optimizers differ.")


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
    for c in order:  # unnumbered: the slots' balls (numbered) pass over them
        end = map_points(plane, c.path.points[-1:])[0]
        draw_slot_marker(surface, c.slot, end, palette.background, texts, number=False)


def balls_at(plane: Plane, compared: tuple[ComparedPath, ...], t: int) -> list[tuple[int, tuple[int, int]]]:
    """(slot, pixel) of each slot's ball at step t that is on the map, the worst ranked first, so
    the best is drawn on top (as its path is)."""
    order = list(reversed(ranked(compared)))
    if not order:
        return []
    points = np.array([c.path.points[min(t, len(c.path.points) - 1)] for c in order])
    balls = []
    for c, at in zip(order, map_points(plane, points, repeats=True), strict=True):
        if plane.contains(at):
            balls.append((c.slot, at))
    return balls


def score_rows(compared: tuple[ComparedPath, ...]) -> list[tuple[int, str, str]]:
    """(slot, place, schedule and optimizer; final loss, distance and η₀) in rank order: the
    scoreboard's rows."""
    return [(c.slot, f"{ordinal(c.place)}  {c.schedule_label} · {c.optimizer}",
             f"loss {'flew off' if c.path.diverged_at is not None else sig4(c.final_loss)} · distance "
             f"{sig4(c.distance)} · η₀ {sig4(c.lr0)}")
            for c in ranked(compared)]


class Block(NamedTuple):
    """Part of the scoreboard laid out: its texts (words, size, colour role, where), its marker
    (slot, centre) if it has one, and how far down it reaches."""

    texts: list[tuple[str, int, str, tuple[int, int]]]
    marker: tuple[int, tuple[int, int]] | None
    bottom: int


def shared_length(compared: tuple[ComparedPath, ...], steps_shown: int) -> str:
    """How long every path runs, in words: the race's one length, slot 1's (a comparison is fair only
    at one length), and the panel's run's when it differs, which the comparison does not use."""
    steps = compared[0].steps
    words = f"Every path runs {steps} steps, the length of slot 1's run."
    if steps_shown != steps:
        words += f" The {steps_shown} steps of the run in the panel are not used here."
    return words


def draw_scoreboard(surface: pygame.Surface, rect: pygame.Rect, compared: tuple[ComparedPath, ...] | None,
                    palette: Palette, texts: TextCache, steps_shown: int) -> None:
    """The compared paths ranked by final loss: how long they all run (`shared_length`), each one's
    marker, place, schedule and optimizer, final loss and distance from its end to the nearest
    minimum; under them the longest note that fits. In a short box (big projector text, four slots)
    the heading is shortened, then each row's η₀ left out, then the heading cut to its first words
    (every slot's row matters more than how long the paths run), then the rows that do not fit whole."""
    room = titled_box(surface, rect, "PATHS COMPARED",
                      "Working out the compared paths …" if compared is None else None, palette, texts)
    if room is None or compared is None:
        return
    inner, top = room
    rows = score_rows(compared)
    length = shared_length(compared, steps_shown)
    for heading, rate in ((f"{length} {HEADINGS[0]}", True), (f"{length} {HEADINGS[1]}", True),
                          (f"{length} {HEADINGS[1]}", False), (HEADINGS[2], False)):
        blocks = _score_blocks(heading, rows, rate, inner, top, palette, texts)
        if blocks[-1].bottom <= inner.bottom:
            break
    y = top
    for block in blocks:
        if block.bottom > inner.bottom:
            return
        if block.marker is not None:
            draw_slot_marker(surface, block.marker[0], block.marker[1], palette.panel, texts, r=px(9))
        for words, size, role, at in block.texts:
            surface.blit(texts.render(words, size, getattr(palette, role)), at)
        y = block.bottom
    area = pygame.Rect(inner.x, y + px(4), inner.w, max(0, inner.bottom - y - px(4)))
    for note in NOTES:  # the longest that fits whole, or none
        fitted = fit_paragraphs([(note, 13, palette.text_dim, False)], area.w, area.h)
        if fitted is not None:
            draw_paragraphs(surface, area, fitted, texts)
            return


def _score_blocks(heading: str, rows: list[tuple[int, str, str]], rate: bool, inner: pygame.Rect, top: int,
                  palette: Palette, texts: TextCache) -> list[Block]:
    """The heading and each row laid out from `top` in `inner`, each row's η₀ only if `rate`."""
    y, lines = top, []
    for line in wrap(heading, 13, inner.w):
        lines.append((line, 13, "text_dim", (inner.x, y)))
        y += font(13).get_height()
    blocks = [Block(lines, None, y + px(6))]  # the markers' edges (px(2)) reach past their boxes
    boxes = {slot: marker_box(slot, (0, 0), px(9), palette.panel, texts) for slot, _, _ in rows}
    left = inner.x + max(b.w for b in boxes.values()) + px(6)  # the words of every row start here
    for slot, name, numbers in rows:
        y = blocks[-1].bottom
        box = boxes[slot]
        marker = box.move(inner.x - box.x, y - box.y)  # beside the row's first line
        lines = []
        for words in wrap(name, 14, inner.right - left):
            lines.append((words, 14, "text", (left, y)))
            y += font(14).get_height()
        y += px(1)
        parts = [p for p in numbers.split(" · ") if rate or not p.startswith("η₀")]
        for words in joined(parts, " · ", 13, inner.right - left):
            lines.append((words, 13, "text", (left, y)))
            y += font(13).get_height()
        blocks.append(Block(lines, (slot, marker.center), max(y, marker.bottom) + px(6)))
    return blocks


def joined(parts: list[str], between: str, size: int, width: int) -> list[str]:
    """The parts on as few lines as fit `width`, `between` them on a line, a part split only when
    it is wider than a line on its own."""
    lines: list[str] = []
    for part in parts:
        if lines and text_width(lines[-1] + between + part, size) <= width:
            lines[-1] += between + part
        else:
            lines += wrap(part, size, width)
    return lines
