"""The forked cooldowns (F) on the landscape: the constant-rate trunk and each branch drawn on the
map, and beside it a panel naming each branch and its final loss above two small charts of the
path's part along the river and across it against the steps.

Each branch has its colour AND its number (on its end marker, in the panel), so no one has to tell
the colours apart. Branches are drawn on the trunk, each over a wider band of the background so a
branch stays visible where it crosses the trunk or another branch; the fork points are ringed.
Everything here is fixed once the paths are worked out: both pictures are backdrop parts, painted
again only when the paths, the theme or the size change.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pygame

from lrgame.engine import cooldowns, schedules
from lrgame.engine.numfmt import sig4
from lrgame.look.theme import Color, Palette, px, ui_scale
from lrgame.sim.cooldowns import FORK_AT, Forked, river_parts
from lrgame.sim.settings import Settings
from lrgame.view.axis import Axis, StepAxis
from lrgame.view.compositor import Part
from lrgame.view.path_dots import FAR
from lrgame.view.plane import Plane
from lrgame.view.slot_look import draw_number, number_on
from lrgame.view.text import TextCache, draw_paragraphs, fit, fit_paragraphs, paragraphs_height, text_width

END_R = 9  # design px: a branch's end marker
CHART_GAP = 8  # design px between the panel's parts


def branch_colour(i: int, palette: Palette) -> Color:
    """Branch i's colour in this palette (the projector's are darker: `Palette.branches`)."""
    return palette.branches[i % len(palette.branches)]


def map_points(plane: Plane, points: np.ndarray, repeats: bool = False) -> list[tuple[int, int]]:
    """The path's pixels on the map as a polyline, consecutive repeats dropped (a long path has
    many steps per pixel) unless `repeats`."""
    where = np.clip(plane.pixels(points), -FAR, FAR).round().astype(int)
    if len(where) > 1 and not repeats:
        where = where[np.r_[True, np.any(where[1:] != where[:-1], axis=1)]]
    return [tuple(p) for p in where.tolist()]


def column_points(xs: np.ndarray, ys: np.ndarray) -> list[tuple[int, int]]:
    """A chart's polyline through the lowest and highest value of each pixel column (xs must not
    fall), so a one-step spike shows however many steps share a column."""
    starts = np.flatnonzero(np.r_[True, xs[1:] != xs[:-1]])
    out = np.empty((2 * len(starts), 2), dtype=np.int64)
    out[0::2, 0] = out[1::2, 0] = xs[starts]
    out[0::2, 1] = np.minimum.reduceat(ys, starts)
    out[1::2, 1] = np.maximum.reduceat(ys, starts)
    return [tuple(p) for p in out.tolist()]


def _lines(surface: pygame.Surface, colour: Color, edge: Color, points: list, width: int) -> None:
    """A polyline over a band of `edge` two pixels wider on each side (one point: a dot)."""
    if len(points) < 2:
        if points:
            pygame.draw.circle(surface, colour, points[0], width)
        return
    pygame.draw.lines(surface, edge, False, points, width + px(4))
    pygame.draw.lines(surface, colour, False, points, width)


def end_marker(surface: pygame.Surface, i: int, at: tuple[int, int], palette: Palette, texts: TextCache) -> None:
    """Branch i's disc in its colour, its number on a disc of the ground inside (as a slot's marker
    has it), with a ring of its colour around that."""
    number, disc = number_on(str(i + 1), 12, palette.background, texts)
    r = max(px(END_R), math.ceil(disc + px(5)))  # the projector's text floor makes it bigger
    pygame.draw.circle(surface, branch_colour(i, palette), at, r)
    pygame.draw.circle(surface, palette.background, at, r, px(2))
    draw_number(surface, at, number, disc, palette.background)


def draw_forks_map(surface: pygame.Surface, plane: Plane, forked: Forked, palette: Palette,
                   texts: TextCache) -> None:
    """The trunk, then each branch from its fork on (the earliest first), the fork points ringed and
    each branch's end numbered."""
    _lines(surface, palette.text_dim, palette.background, map_points(plane, forked.trunk.points), px(1))
    for i, branch in enumerate(forked.branches):
        _lines(surface, branch_colour(i, palette), palette.background,
               map_points(plane, branch.path.points[branch.at :]), px(3))
    for branch in forked.branches:
        at = map_points(plane, branch.path.points[branch.at : branch.at + 1])[0]
        pygame.draw.circle(surface, palette.background, at, px(6), px(4))
        pygame.draw.circle(surface, palette.text, at, px(5), px(2))
    for i, branch in enumerate(forked.branches):
        end_marker(surface, i, map_points(plane, branch.path.points[-1:])[0], palette, texts)


def branch_rows(forked: Forked) -> list[tuple[str, str, str, str]]:
    """The panel's table: (name, fork step, cooldown steps, final loss to 4 significant figures), the
    trunk first."""
    trunk = forked.trunk
    steps = len(trunk.lr)
    rows = [("", "trunk", "none", sig4(float(trunk.loss[-1])))]
    share = {max(1, round(f * steps)): f for f in FORK_AT}
    for i, b in enumerate(forked.branches):
        pct = f" ({round(100 * share[b.at])} %)" if b.at in share else ""
        rows.append((str(i + 1), f"{b.at}{pct}", str(b.cooldown), sig4(b.final_loss)))
    return rows


class Table(NamedTuple):
    rows: list[tuple[str, ...]]  # the heading, then the trunk and each branch
    xs: list[int]  # where each column starts, from the left of the room


def _table(rows: list[tuple[str, str, str, str]], width: int) -> Table:
    """The panel's table laid out in `width`: each column as wide as its widest cell, the room left
    shared between them; the fork's share of T left out when the columns would not fit with it."""
    head = ("", "fork at", "cooldown", "final loss")
    for table in ([head, *rows], [head, *((n, at.split(" (")[0], c, loss) for n, at, c, loss in rows)]):
        widths = [max(text_width(cell, 13 if i == 0 else 14) for i, cell in enumerate(column))
                  for column in zip(*table, strict=True)]
        widths[0] = max(widths[0], px(12))  # the trunk's line and the branches' colours
        gap = (width - sum(widths)) // (len(widths) - 1)
        if gap >= px(6):
            break
    xs = [sum(widths[:k]) + k * max(gap, px(6)) for k in range(len(widths))]
    return Table(table, xs)


def cards_words(settings: Settings) -> tuple[str, ...]:
    """What F shows in place of the cards (which tell of the panel's schedule, and the forks do not
    use it), longest first: the first that fits is drawn."""
    steps = settings.epochs * settings.steps_per_epoch
    name = schedules.entry(settings.schedule).label
    return (f"F runs rates of its own, drawn above: the trunk holds η₀ = {sig4(settings.lr0)} for {steps} steps, "
            f"each branch then cools down to 0. The schedule in the panel ({name}) is not used here: "
            "F again goes back to it.",
            f"F's rates are drawn above: the trunk holds η₀ = {sig4(settings.lr0)}, each branch cools down to 0. "
            f"The panel's schedule ({name}) is not used here.",
            "F's rates are drawn above; the panel's schedule is not used here.")


def cards_part(cards: tuple[pygame.Rect, ...], settings: Settings, palette: Palette, texts: TextCache) -> Part:
    """F's words in one box over the row of cards (a backdrop part: they change with the settings)."""
    words = cards_words(settings)

    def paint(surface: pygame.Surface, rect: pygame.Rect, _: object) -> None:
        pygame.draw.rect(surface, palette.background, rect)
        pygame.draw.rect(surface, palette.card, rect, border_radius=px(6))
        pygame.draw.rect(surface, palette.card_border, rect, px(1), border_radius=px(6))
        inner = rect.inflate(-px(20), -px(12))
        for said in words:  # the longest that fits whole (the shortest fits one line of a 1024-pixel window)
            fitted = fit_paragraphs([(said, 14, palette.text, False)], inner.w, inner.h)
            if fitted is not None or said is words[-1]:
                draw_paragraphs(surface, inner, fitted or [(said, 14, palette.text, False)], texts)
                return

    return Part("forks cards", cards[0].unionall(cards), (words, palette, ui_scale()), paint)


def titled_box(surface: pygame.Surface, rect: pygame.Rect, title: str, waiting: str | None, palette: Palette,
               texts: TextCache) -> tuple[pygame.Rect, int] | None:
    """A box in place of the readout with its title, and `waiting` under it when the numbers are not
    ready yet (then None); else the room inside and the height reached."""
    pygame.draw.rect(surface, palette.background, rect)
    pygame.draw.rect(surface, palette.panel, rect, border_radius=px(6))
    inner = rect.inflate(-px(20), -px(16))
    head = texts.render(fit(title, 13, inner.w, bold=True), 13, palette.text_dim, bold=True)
    surface.blit(head, (inner.x, inner.y))
    y = inner.y + head.get_height() + px(5)
    if waiting is not None:
        draw_paragraphs(surface, pygame.Rect(inner.x, y, inner.w, px(40)), [(waiting, 14, palette.text, False)], texts)
        return None
    return inner, y


def draw_forks_panel(surface: pygame.Surface, rect: pygame.Rect, forked: Forked | None, palette: Palette,
                     texts: TextCache) -> None:
    """The panel beside the map: each branch's fork, cooldown and final loss, what they mean, and the
    charts of the parts along and across the river against the steps."""
    room = titled_box(surface, rect, "FORKED COOLDOWNS",
                      "Working out the trunk and its branches …" if forked is None else None, palette, texts)
    if room is None or forked is None:
        return
    inner, y = room
    table = _table(branch_rows(forked), inner.w)
    for i, row in enumerate(table.rows):
        colour = palette.text_dim if i == 0 else palette.text
        if i == 1:
            pygame.draw.line(surface, palette.text_dim, (inner.x, y + px(9)), (inner.x + px(12), y + px(9)), px(2))
        elif i > 1:  # the branch's colour under its number
            pygame.draw.rect(surface, branch_colour(i - 2, palette), (inner.x, y + px(16), px(12), px(3)))
        height = 0
        for x, words in zip(table.xs, row, strict=True):
            if not words:
                continue
            size = 13 if i == 0 else 14
            cell = texts.render(fit(words, size, inner.w - x), size, colour)
            surface.blit(cell, (inner.x + x, y))
            height = max(height, cell.get_height())
        y += height + px(3)
    shape = cooldowns.SHAPE_WORDS[forked.shape]
    note = (f"Each branch holds η₀ like the trunk, then lowers it to 0 ({shape}) over a fifth of its steps: "
            "the path sinks onto the river bed.")
    area = pygame.Rect(inner.x, y + px(2), inner.w, paragraphs_height([(note, 13, palette.text_dim, False)],
                                                                      inner.w))
    draw_paragraphs(surface, area, [(note, 13, palette.text_dim, False)], texts)
    y = area.bottom + px(CHART_GAP)
    height = (inner.bottom - y - px(CHART_GAP)) // 2
    if height < px(40):
        return
    span = max([len(forked.trunk.points) - 1, *(b.end for b in forked.branches)])
    trunk_parts = river_parts(forked.trunk)
    branch_parts = [river_parts(b.path) for b in forked.branches]
    for k, words in enumerate(("along the river (0: the lake)", "across the river (0: on the bed)")):
        box = pygame.Rect(inner.x, y + k * (height + px(CHART_GAP)), inner.w, height)
        _chart(surface, box, words, span, trunk_parts[k],
               [(b.at, parts[k]) for b, parts in zip(forked.branches, branch_parts, strict=True)], palette, texts)


def _chart(surface: pygame.Surface, box: pygame.Rect, words: str, span: int, trunk: np.ndarray,
           branches: list[tuple[int, np.ndarray]], palette: Palette, texts: TextCache) -> None:
    """One small chart: the trunk's values and each branch's from its fork, against the steps."""
    label = texts.render(fit(words, 13, box.w), 13, palette.text)
    surface.blit(label, (box.x, box.y))
    values = np.concatenate([trunk, *(p[at:] for at, p in branches)])
    y_axis = Axis.fit(values, from_zero=False)[0]
    ticks = [texts.render(sig4(v), 12, palette.text_dim) for v in y_axis.range]
    left = max(t.get_width() for t in ticks) + px(6)
    foot = texts.render(f"steps 0 … {span}", 12, palette.text_dim)
    plot = pygame.Rect(box.x + left, box.y + label.get_height() + px(4), box.w - left,
                       box.h - label.get_height() - foot.get_height() - px(6))
    if plot.w < 4 or plot.h < 4:
        return
    y_axis = y_axis.along(plot.bottom, -plot.h)
    x_axis = StepAxis(plot.x, plot.w, max(span, 1))
    pygame.draw.rect(surface, palette.background, plot)
    zero = y_axis.pixel(0.0)
    if plot.top <= zero <= plot.bottom:
        pygame.draw.line(surface, palette.grid, (plot.x, zero), (plot.right - 1, zero))
    if plot.h >= sum(t.get_height() for t in ticks):  # else they would overlap: the zero line is left
        for value, tick in zip(y_axis.range, ticks, strict=True):
            surface.blit(tick, tick.get_rect(right=plot.x - px(4), centery=y_axis.pixel(value)).clamp(box))
    surface.blit(foot, foot.get_rect(right=plot.right, top=plot.bottom + px(2)))
    series = [(0, trunk, palette.text_dim)] + [(at, p[at:], branch_colour(i, palette))
                                               for i, (at, p) in enumerate(branches)]
    for first, v, colour in series:
        xs = x_axis.xs(np.arange(first, first + len(v)))
        points = column_points(xs, y_axis.pixels(np.asarray(v)))
        if len(points) >= 2:
            pygame.draw.lines(surface, colour, False, points, px(2))
