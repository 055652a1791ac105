"""The landscape view (D): the surface's height map with the path on it in place of the valley, and
the readout at the pointer in place of the ball's.

On the map: the dots of steps 0 … t coloured by their rate (`path_dots`; the key at the top right),
the minima marked, the current step ringed, a caption naming the surface. A path that leaves the
plot gets an arrow at the edge pointing where it went, and a note saying where the step is (one
that flew off: that it flew off, and what to change). The
map's pixels come from `landscape_picture.Pictures` (the one cache); each part of the frame carries
a key naming all it shows, so the compositor repaints it only when that changes (`parts`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pygame

from lrgame.engine.numfmt import sig4
from lrgame.look.layout import READOUT_LINE, READOUT_TOP
from lrgame.look.theme import Palette, font, px, text_key, ui_scale
from lrgame.view.compared_view import balls_at, draw_compared_map
from lrgame.view.compared_view import draw_scoreboard as draw_compared_scoreboard
from lrgame.view.compositor import Part
from lrgame.view.forks_chart import ForksChart
from lrgame.view.forks_view import cards_part, draw_forks_map, draw_forks_panel
from lrgame.view.landscape_picture import MapKey, Pictures, knob_items
from lrgame.view.landscape_readout import Probe
from lrgame.view.landscape_rows import HEAD, Rows, words_rect
from lrgame.view.path_dots import RATE_BINS, RateScale, rate_colours
from lrgame.view.plane import Plane
from lrgame.view.slot_look import draw_ball, numbers_shown
from lrgame.view.text import TextCache, draw_paragraphs, fit, fit_paragraphs, paragraphs_height, text_width

if TYPE_CHECKING:
    from lrgame.app.modes.landscape import LandscapeShown
    from lrgame.look.layout import Layout
    from lrgame.sim.landscape_path import LandscapeRun

PICK = 6  # design px: the pointer reads a dot of the path this close to it
TRAIL = 24  # steps before the current one joined by a line on a long path
NEAR_STEPS = 256  # new dots past this many repaint the whole map (finding their box costs more)
KEY_W, KEY_H = 150, 10  # design px: the colour key's bar
LEGEND = ("One dot per step, coloured by its rate η (key on the map). Ring: this step. Crossed ring: a "
          "minimum. Point at a dot or the map to read it here.")


def plane_for(rect: pygame.Rect, bounds: tuple[float, float, float, float]) -> Plane:
    x0, x1, y0, y1 = bounds
    return Plane.fit((rect.x, rect.y, rect.w, rect.h), ((x0, x1), (y0, y1)))


class LandscapeView:
    """Makes the landscape's parts of a frame; keeps the pictures (`Pictures`) between frames."""

    def __init__(self) -> None:
        self.pictures = Pictures()
        self._probe_key: tuple | None = None
        self._probe: Probe | None = None
        self.rows = Rows()
        self._trails: dict[tuple, Trail] = {}  # this step's, and the next one's worked out ahead
        self._map_key_of: tuple[tuple, MapKey] | None = None
        self._map_words_of: tuple[tuple, tuple] | None = None
        self._key_bar: tuple[tuple, pygame.Surface] | None = None
        self._note_of: tuple[tuple, tuple[str, tuple] | None] | None = None
        self.forks_chart = ForksChart()

    def parts(self, lay: Layout, shown: LandscapeShown, mouse: tuple[int, int], palette: Palette,
              texts: TextCache) -> tuple[list[Part], list[Part]]:
        """(backdrop parts, frame parts). In the backdrop: the map with the path's dots (a new step
        repaints only the box around its new dots) and the readout's box with its legend. In the
        frame: the current step's ring and recent trail (or the arrow where the path left the plot)
        with the note over them, the caption and the colour key over those, and the readout's title
        and rows (one part: a step changes most rows, and the unchanged ones come from the text cache)."""
        run, path, number = shown.run, shown.path, shown.number
        key = self._map_key(lay.valley, run, palette)
        plane = key.plane
        if shown.forks is not None:
            return self._forks_parts(lay, shown, key, palette, texts), []
        if shown.compared is not None:
            return self._compared_parts(lay, shown, key, palette, texts)
        picture, drawn = self.pictures.picture(key, path, shown.t)
        scale = None if path is None else self.pictures.rate_scale(path)
        t = -1 if path is None else min(shown.t, len(path.points) - 1)
        note = self._note(shown, t, palette, plane)
        map_key = (key, number, drawn, scale)

        def paint_map(surface: pygame.Surface, rect: pygame.Rect, _: object) -> None:
            surface.blit(picture, rect)

        key_box, key_at, caption, caption_box = self._map_words(lay.valley, run.shape.title, scale, palette, texts)
        clear = self._word_boxes(lay.valley, shown, scale, palette, texts)  # the words the arrow keeps out of

        def paint_key(surface: pygame.Surface, rect: pygame.Rect, _: object) -> None:
            surface.blit(key_box, rect)

        def paint_caption(surface: pygame.Surface, rect: pygame.Rect, _: object) -> None:
            _label(surface, _caption_at(lay.valley), caption, 15, palette.text, palette, texts, bold=True)

        def map_changed(old: tuple, new: tuple) -> pygame.Rect | None:
            """Only new dots on the same map: the box around them (and the line from the last one)."""
            if old[:2] != new[:2] or old[3:] != new[3:] or not new[2] > old[2] >= 0 or path is None:
                return None
            if new[2] - old[2] > NEAR_STEPS:  # many new dots: they may be anywhere
                return None
            where, _ = self.pictures.trace().dots(old[2], new[2])
            (x0, y0), (x1, y1) = where.min(axis=0).tolist(), where.max(axis=0).tolist()
            pad = px(3) + 3
            return pygame.Rect(plane.left + x0 - pad, plane.top + y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)

        probe = self.probe(plane, shown, mouse)
        width = lay.readout.w - px(14)
        made, same = self.rows.rows(shown, probe, t, width)
        rows = made.rows
        if same and probe.step == t and not plane.contains(mouse):  # no new step, and the readout follows it
            made_ahead = self.rows.ahead(shown, t, width, lay.readout, palette, texts)
            if not made_ahead and path is not None and 0 <= t < len(path.points) - 1:
                self._trail(plane, number, t + 1)  # ahead too (`landscape_rows` says why), not with the rows

        def paint_box(surface: pygame.Surface, rect: pygame.Rect, _: object) -> None:
            draw_readout_box(surface, rect, len(rows), palette, texts)

        head = "AT THE POINTER" if probe.step is None else (HEAD if probe.step == t else "A STEP OF THE PATH")

        def paint_words(surface: pygame.Surface, rect: pygame.Rect, _: object) -> None:
            self.rows.paint(surface, lay.readout, head, made, palette, texts)

        def paint_marks(surface: pygame.Surface, _: pygame.Rect, __: object) -> pygame.Rect | None:
            rect, areas, tip = lay.valley, [], None  # the part's rect is the box of the ring and trail when alone
            if path is not None and t >= 0:
                area, tip = self._marks(surface, plane, path, t, trail, palette, clear)
                areas.append(area)
            if note is not None:  # at the foot, unless an arrow points out there: then under the key
                low = tip is not None and tip[1] > rect.centery
                under = rect.y + px(12) + max(font(15, bold=True).get_height(),
                                              0 if scale is None else self._key_box(scale, palette, texts).get_height())
                areas.append(_paint_note(surface, rect, note, palette, texts, top=under + px(8) if low else None))
            return areas[0].unionall(areas[1:]) if areas else None

        backdrop = [Part("landscape map", lay.valley, map_key, paint_map, map_changed),
                    Part("landscape readout", lay.readout, (palette, ui_scale(), len(rows)), paint_box)]
        trail = None if path is None or t < 0 else self._trail(plane, number, t)
        around = None if trail is None or note is not None else trail.box  # the ring and trail alone: their box
        frame = [Part("landscape marks", lay.valley if around is None else around.clip(lay.valley),
                      (number, t, plane, palette, scale, note), paint_marks),
                 Part("landscape caption", caption_box, (caption, palette, text_key()), paint_caption)]
        if key_at is not None:
            frame.append(Part("landscape colour key", key_at, (scale, palette, text_key()), paint_key))
        frame.append(Part("landscape readout words", words_rect(lay.readout, head, made), (head, rows, palette,
                                                                                          text_key()), paint_words))
        return backdrop, frame

    def _map_key(self, rect: pygame.Rect, run: LandscapeRun, palette: Palette) -> MapKey:
        """The map's key for the run's surface on `rect` (made again only when one of them changed)."""
        made = self._map_key_of
        if made is None or made[0] != (rect, run.shape, run.surface_params, palette, ui_scale()):
            plane = plane_for(rect, run.shape.bounds)
            key = MapKey(run.shape, knob_items(run.surface_params), plane, palette, ui_scale())
            self._map_key_of = made = ((rect, run.shape, run.surface_params, palette, ui_scale()), key)
        return made[1]

    def _map_words(self, rect: pygame.Rect, title: str, scale: RateScale | None, palette: Palette,
                   texts: TextCache) -> tuple[pygame.Surface | None, pygame.Rect | None, str, pygame.Rect]:
        """The colour key and where it goes, the caption's words and their patch (`_words`; made
        again only when the map, the surface, the rates' scale, the theme or the text size changed)."""
        made = self._map_words_of
        if made is None or made[0] != (rect, title, scale, palette, text_key()):
            key_box = None if scale is None else self._key_box(scale, palette, texts)
            self._map_words_of = made = ((rect, title, scale, palette, text_key()),
                                         (key_box, *self._words(rect, title, key_box)))
        return made[1]

    def _forks_parts(self, lay: Layout, shown: LandscapeShown, key: MapKey, palette: Palette,
                     texts: TextCache) -> list[Part]:
        """F: the map with the trunk and its branches, the panel of their losses and charts, and
        their rates in place of the rate chart (all backdrop: nothing moves once the paths are
        worked out)."""
        forks = shown.forks
        assert forks is not None
        base = self.pictures.map(key)
        note = ("Working out the trunk and its branches …", palette.focus) if forks.computing else None

        def paint_map(surface: pygame.Surface, rect: pygame.Rect, _: object) -> None:
            surface.blit(base, rect)
            if forks.forked is not None:
                draw_forks_map(surface, key.plane, forks.forked, palette, texts)
            self._paint_caption(surface, rect, shown,
                                f"{shown.run.shape.title}: cooldowns forked from one constant run", palette, texts)
            if note is not None:
                _paint_note(surface, rect, note, palette, texts)

        def paint_panel(surface: pygame.Surface, rect: pygame.Rect, _: object) -> None:
            draw_forks_panel(surface, rect, forks.forked, palette, texts)

        chart = self.forks_chart
        chart.configure(forks.forked, forks.number, lay.chart)
        return [Part("landscape map", lay.valley, (key, "forks", forks.number, note), paint_map),
                Part("landscape readout", lay.readout, ("forks", forks.number, palette, ui_scale()), paint_panel),
                Part("forks chart", pygame.Rect(lay.chart), (chart.builds, palette),
                     lambda surface, rect, _: chart.draw_layer(surface, palette, texts)),
                cards_part(lay.cards, shown.run.settings, palette, texts)]

    def _compared_parts(self, lay: Layout, shown: LandscapeShown, key: MapKey, palette: Palette,
                        texts: TextCache) -> tuple[list[Part], list[Part]]:
        """C in the landscape: each slot's path on the map and the scoreboard beside it (backdrop),
        and each slot's marker at the current step (frame)."""
        compared = shown.compared
        assert compared is not None
        base, plane, paths = self.pictures.map(key), key.plane, compared.paths
        note = ("Working out the compared paths …", palette.focus) if compared.computing else None

        def paint_map(surface: pygame.Surface, rect: pygame.Rect, _: object) -> None:
            surface.blit(base, rect)
            if paths is not None:
                draw_compared_map(surface, plane, paths, palette, texts)
            self._paint_caption(surface, rect, shown, f"{shown.run.shape.title}: the compared schedules' paths",
                                palette, texts)
            if note is not None:
                _paint_note(surface, rect, note, palette, texts)

        settings = shown.run.settings
        steps = settings.epochs * settings.steps_per_epoch  # the run in the panel's

        def paint_board(surface: pygame.Surface, rect: pygame.Rect, _: object) -> None:
            draw_compared_scoreboard(surface, rect, paths, palette, texts, steps)

        backdrop = [Part("landscape map", lay.valley, (key, "compared", compared.number, note), paint_map),
                    Part("landscape readout", lay.readout, ("compared", compared.number, steps, palette, ui_scale()),
                         paint_board)]
        return backdrop, self._ball_parts(lay.valley, plane, paths or (), shown.t, palette, texts)

    @staticmethod
    def _ball_parts(rect: pygame.Rect, plane: Plane, paths: tuple, t: int, palette: Palette,
                    texts: TextCache) -> list[Part]:
        """Each slot's ball at step t, a part of its own keyed by its pixel and whether its number
        shows, the best ranked last (on top, as its path is): a playing frame repaints a ball only
        when it moves a pixel, and then only round it (and any ball it overlaps)."""
        edge = palette.background

        def paint(surface: pygame.Surface, _: pygame.Rect, key: tuple) -> pygame.Rect:
            return draw_ball(surface, key[0], edge, texts)

        return [Part(f"landscape ball {ball.slot}", ball.box.clip(rect), (ball, palette, ui_scale()), paint)
                for ball in numbers_shown(balls_at(plane, paths, t), edge, texts)]

    def probe(self, plane: Plane, shown: LandscapeShown, mouse: tuple[int, int]) -> Probe:
        """What the pointer reads: the last step drawn whose dot is within PICK px of it, else the
        point of the plane under it, else (off the map) the current step."""
        path = shown.path
        t = 0 if path is None else min(shown.t, len(path.points) - 1)
        key = (plane, shown.number, t, tuple(mouse))
        if key == self._probe_key and self._probe is not None:
            return self._probe
        if path is None or not plane.contains(mouse):
            probe = Probe(t, None)
        else:
            step = self.pictures.step_near((mouse[0] - plane.left, mouse[1] - plane.top), px(PICK))
            probe = Probe(step, None) if step is not None else Probe(None, plane.world(mouse))
        self._probe_key, self._probe = key, probe
        return probe

    def _paint_caption(self, surface: pygame.Surface, rect: pygame.Rect, shown: LandscapeShown, caption: str,
                       palette: Palette, texts: TextCache) -> None:
        """A caption at the map's top left (F's and C's maps, which have no colour key)."""
        _, words, _ = self._words(rect, shown.run.shape.title, None, caption)
        _label(surface, _caption_at(rect), words, 15, palette.text, palette, texts, bold=True)

    @staticmethod
    def _words(rect: pygame.Rect, title: str, key: pygame.Surface | None, caption: str | None = None
               ) -> tuple[pygame.Rect | None, str, pygame.Rect]:
        """Where the colour key `key` goes on the map `rect` (top right), and the caption's words (the
        surface's name unless given) and patch (top left): the surface's name and "2-D landscape",
        or the name alone where the colour key leaves too little room."""
        at = None if key is None else key.get_rect(topright=(rect.right - px(6), rect.y + px(6)))
        room = rect.w - px(40) - (0 if at is None else at.w)
        choices = (caption,) if caption else (f"{title} · 2-D landscape", title)
        words = next((c for c in choices if text_width(c, 15, bold=True) <= room),
                     fit(choices[-1], 15, room, bold=True))
        return at, words, _label_box(_caption_at(rect), words, 15)

    def _word_boxes(self, rect: pygame.Rect, shown: LandscapeShown, scale: RateScale | None, palette: Palette,
                    texts: TextCache) -> list[pygame.Rect]:
        """Where the caption and the colour key go (drawn over the marks): the divergence arrow
        keeps out of them."""
        _, key_at, _, caption_box = self._map_words(rect, shown.run.shape.title, scale, palette, texts)
        return [caption_box] if key_at is None else [key_at, caption_box]

    def _key_box(self, scale: RateScale, palette: Palette, texts: TextCache) -> pygame.Surface:
        """The colour key, made once per rate scale, theme and UI scale."""
        key = (scale, palette, text_key())
        if self._key_bar is None or self._key_bar[0] != key:
            self._key_bar = (key, colour_key(scale, palette, texts))
        return self._key_bar[1]

    def _note(self, shown: LandscapeShown, t: int, palette: Palette, plane: Plane) -> tuple[str, tuple] | None:
        """`_note`, worked out again only for another step, path, plane or theme, or when a path is
        being worked out or ready: asking numpy whether step t is on the map cost 0.04 ms a frame."""
        key = (shown.number, shown.path is None, shown.computing, t, palette, plane)
        if self._note_of is None or self._note_of[0] != key:
            self._note_of = (key, _note(shown, t, palette, plane))
        return self._note_of[1]

    def _trail(self, plane: Plane, number: int, t: int) -> Trail:
        """The marks' points up to step t (worked out again only for another step, path or plane)."""
        key = (plane, number, t)
        trail = self._trails.get(key)
        if trail is None:
            trace = self.pictures.trace()
            assert trace is not None
            where, bins = trace.dots(max(0, t - TRAIL), t)
            dots = where.tolist()  # a few dozen: Python's min and max cost less than numpy's calls
            xs, ys = [x for x, _ in dots], [y for _, y in dots]
            (x0, y0), (x1, y1), (x, y) = (min(xs), min(ys)), (max(xs), max(ys)), dots[-1]
            reach = px(12) + 2  # the ring's radius, and the trail's half width with a pixel to spare
            box = pygame.Rect(plane.left + x0 - reach, plane.top + y0 - reach, x1 - x0 + 2 * reach + 1,
                              y1 - y0 + 2 * reach + 1)
            on = 0 <= x < plane.width and 0 <= y < plane.height
            points = [(x + plane.left, y + plane.top) for x, y in dots]
            trail = Trail(points, bins.tolist(), box if on else None)
            if len(self._trails) >= 2:
                del self._trails[next(iter(self._trails))]  # the oldest
            self._trails[key] = trail
        return trail

    @staticmethod
    def _marks(surface: pygame.Surface, plane: Plane, path, t: int, trail: Trail, palette: Palette,
               clear: list[pygame.Rect]) -> tuple[pygame.Rect, tuple[float, float] | None]:
        """The line over the last TRAIL steps (a long path's dots are not joined) and the ring at
        step t, or, when step t is off the plot, an arrow at the edge pointing the way it went: the
        area drawn on, and the arrow's tip if there is one."""
        colours, points = rate_colours(palette), trail.points
        areas = [pygame.draw.line(surface, colours[b], a, z, px(2))
                 for a, z, b in zip(points, points[1:], trail.bins, strict=False)]
        if trail.box is not None:
            areas.append(pygame.draw.circle(surface, palette.text, points[-1], px(12), px(7)))
            areas.append(pygame.draw.circle(surface, palette.ball, points[-1], px(10), px(3)))
            return areas[0].unionall(areas[1:]), None
        exact = plane.pixels(path.points[max(0, t - TRAIL) : t + 1])
        inside = np.flatnonzero(plane.inside(exact))
        last_in = (exact[inside[-1]] if inside.size
                   else np.array([plane.left + plane.width / 2, plane.top + plane.height / 2]))
        area, at = _arrow(surface, plane, last_in, exact[-1], palette, clear)
        return area.unionall(areas), tuple(at.tolist())


class Trail(NamedTuple):
    """The last TRAIL steps up to the current one as the marks draw them: the dots' centres in the
    window (the picture's `Trace`: the ring sits on its dot), their colour bins, and the box the
    trail and the ring stay in (None when the current step is off the plot: an arrow is drawn)."""

    points: list[tuple[int, int]]
    bins: list[int]
    box: pygame.Rect | None


def _paint_note(surface: pygame.Surface, rect: pygame.Rect, note: tuple[str, tuple], palette: Palette,
                texts: TextCache, top: int | None = None) -> pygame.Rect:
    """The note in a box at the map's foot (or from the height `top`), as tall as its words wrap
    to: the area drawn on."""
    width = rect.w - px(20)
    words = [(note[0], 14, palette.text, False)]
    height = paragraphs_height(words, width - px(16)) + px(8)
    y = rect.bottom - height - px(8) if top is None else top
    area = pygame.Rect(rect.x + px(10), y, width, height)
    pygame.draw.rect(surface, palette.panel, area, border_radius=px(6))
    pygame.draw.rect(surface, note[1], area, px(2), border_radius=px(6))
    draw_paragraphs(surface, area.inflate(-px(16), -px(8)), words, texts)
    return area


def _note(shown: LandscapeShown, t: int, palette: Palette, plane: Plane) -> tuple[str, tuple] | None:
    """The words at the map's foot, and the colour of their frame: the path has flown off by step t,
    step t is off the map (only an arrow would show it), or a new path is being worked out."""
    path = shown.path
    if path is not None and path.diverged_at is not None and t >= path.diverged_at:
        return (f"The path flew off the map at step {path.diverged_at}: the rate was too big for this "
                "surface. Lower η₀ (↓) or let the schedule decay sooner.", palette.danger)
    if path is not None and t >= 0 and not plane.shows(*(point := path.points[t].tolist())):
        x, y = point
        return (f"Step {t} is off the map, at (x, y) = ({sig4(x)}, {sig4(y)}): the arrow at the "
                "edge points the way.", palette.focus)
    if shown.computing:
        return "Working out the path for the new settings.", palette.focus
    return None


def _arrow(surface: pygame.Surface, plane: Plane, inside: np.ndarray, outside: np.ndarray, palette: Palette,
           clear: list[pygame.Rect]) -> tuple[pygame.Rect, np.ndarray]:
    """An arrow at the plot's edge, pointing the way the path left it, slid along that edge out of
    the boxes in `clear` (the caption and the colour key, drawn over it): the area drawn on, and
    the tip."""
    d = np.asarray(outside, dtype=np.float64) - np.asarray(inside, dtype=np.float64)
    u = d / (float(np.hypot(*d)) or 1.0)
    size = px(22)
    tip = arrow_tip(plane, plane.edge_point(inside, outside), u, size, clear)
    n = np.array([-u[1], u[0]])
    tail = tip - u * size * 2
    head = [tip, tip - u * size + n * size * 0.6, tip - u * size - n * size * 0.6]
    area = pygame.draw.line(surface, palette.background, tail, tip - u * size * 0.5, px(8))
    pygame.draw.line(surface, palette.danger, tail, tip - u * size * 0.5, px(4))
    pygame.draw.polygon(surface, palette.danger, [tuple(p) for p in head])
    return area.union(pygame.draw.polygon(surface, palette.background, [tuple(p) for p in head], px(2))), tip


def arrow_box(tip: np.ndarray, u: np.ndarray, size: float) -> pygame.Rect:
    """The box around an arrow of `size` whose tip is at `tip`, pointing along `u`."""
    n = np.array([-u[1], u[0]])
    corners = np.array([tip, tip - u * size * 2, tip - u * size + n * size * 0.6, tip - u * size - n * size * 0.6])
    lo, hi = np.floor(corners.min(axis=0)), np.ceil(corners.max(axis=0))
    return pygame.Rect(int(lo[0]), int(lo[1]), int(hi[0] - lo[0]) + 1, int(hi[1] - lo[1]) + 1).inflate(px(8), px(8))


def arrow_tip(plane: Plane, tip: np.ndarray, u: np.ndarray, size: float, clear: list[pygame.Rect]) -> np.ndarray:
    """`tip`, or where along the same edge of the plot the arrow clears every box in `clear`
    (the nearest such place): the words over a corner would hide an arrow pointing into it."""
    box = arrow_box(tip, u, size)
    if box.collidelist(clear) < 0:
        return tip
    along = 0 if tip[1] in (plane.top, plane.top + plane.height - 1) else 1  # the edge's direction
    lo, hi = (plane.left, plane.left + plane.width - 1) if along == 0 else (plane.top, plane.top + plane.height - 1)
    start, end = (box.left, box.right) if along == 0 else (box.top, box.bottom)
    shifts = [s for c in clear for s in ((c.right if along == 0 else c.bottom) - start,
                                         (c.left if along == 0 else c.top) - end)]
    for shift in sorted(shifts, key=abs):
        at = tip.copy()
        at[along] += shift
        if lo <= at[along] <= hi and arrow_box(at, u, size).collidelist(clear) < 0:
            return at
    return tip


def _label(surface: pygame.Surface, at: tuple[int, int], text: str, size: int, colour: tuple, palette: Palette,
           texts: TextCache, bold: bool = False) -> pygame.Rect:
    """Words on the map, on a patch of the panel's colour so every shade behind them reads."""
    box = _label_box(at, text, size, bold)
    pygame.draw.rect(surface, palette.panel, box, border_radius=px(4))
    surface.blit(texts.render(text, size, colour, bold=bold), at)
    return box


def _caption_at(rect: pygame.Rect) -> tuple[int, int]:
    """Where the caption's words start on the map `rect`."""
    return rect.x + px(12), rect.y + px(12)


def _label_box(at: tuple[int, int], text: str, size: int, bold: bool = True) -> pygame.Rect:
    """The patch under words on the map (`_label`)."""
    size_px = (text_width(text, size, bold=bold), font(size, bold=bold).get_height())
    return pygame.Rect(at, size_px).inflate(px(8), px(4))


def colour_key(scale: RateScale, palette: Palette, texts: TextCache) -> pygame.Surface:
    """The colour key's box: its title, the bar of the rates' colours, the lowest and highest rate."""
    w, h = px(KEY_W), px(KEY_H)
    title = texts.render("rate η of each step" + (" (log)" if scale.log else ""), 13, palette.text)
    low = texts.render(sig4(scale.low), 13, palette.text)
    high = texts.render(sig4(scale.high), 13, palette.text)
    w = max(w, title.get_width(), low.get_width() + high.get_width() + px(12))
    box = pygame.Surface((w + px(12), title.get_height() + h + low.get_height() + px(12)))
    box.fill(palette.panel)
    x, y = px(6), px(3)
    box.blit(title, (x, y))
    y += title.get_height() + px(2)
    colours = rate_colours(palette)
    for i in range(w):
        colour = colours[min(RATE_BINS - 1, i * RATE_BINS // w)] if scale.high > scale.low else colours[-1]
        pygame.draw.line(box, colour, (x + i, y), (x + i, y + h - 1))
    y += h + px(2)
    box.blit(low, (x, y))
    box.blit(high, (x + w - high.get_width(), y))
    return box


def draw_readout_box(surface: pygame.Surface, rect: pygame.Rect, rows: int, palette: Palette,
                     texts: TextCache) -> None:
    """The readout's box, and under its `rows` rows what the marks on the map mean."""
    pygame.draw.rect(surface, palette.background, rect)
    pygame.draw.rect(surface, palette.panel, rect, border_radius=px(6))
    top = rect.y + px(READOUT_TOP + rows * READOUT_LINE + 8)
    area = pygame.Rect(rect.x + px(10), top, rect.w - px(20), rect.bottom - top - px(6))
    legend = [(LEGEND, 13, palette.text_dim, False)]
    if fit_paragraphs(legend, area.w, area.h) is not None:  # whole, or not at all (a short box on a projector)
        draw_paragraphs(surface, area, legend, texts)
