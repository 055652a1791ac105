"""The comparison on screen: each slot's curve where the chart's mapping puts it, the legend, every
ball in its own lane at its trajectory's position (seen and told apart even when the paths are the
same), a card per ball, the scoreboard in order of loss, and no trouble with a ball that flies out."""

from collections.abc import Iterator

import numpy as np
import pygame
import pytest

from lrgame.app.modes.race import RaceMode
from lrgame.look.layout import make_layout
from lrgame.look.theme import DARK
from lrgame.sim import intents as it
from lrgame.sim.race import Race
from lrgame.sim.settings import make_settings
from lrgame.view.axis import column_envelope
from lrgame.view.race_lanes import lane_rects, picture_rect
from lrgame.view.race_view import RaceView, dash_segments, ordinal
from lrgame.view.slot_look import BALL_RADIUS, DASHES, SLOT_COLOURS

SIZE = (1280, 720)
LAYOUT = make_layout(SIZE)


@pytest.fixture(scope="module", autouse=True)
def _pygame() -> Iterator[None]:
    pygame.init()
    yield
    pygame.quit()


def _race(*names: str, **shared: object) -> Race:
    race = Race()
    for name in names:
        race.add(make_settings(name, **shared))
    return race


def _surface() -> pygame.Surface:
    surface = pygame.Surface(SIZE)
    surface.fill(DARK.background)
    return surface


def _has(surface: pygame.Surface, colour: tuple[int, int, int], x: int, y: int, r: int = 2) -> bool:
    """Whether any pixel within r of (x, y) is exactly `colour`."""
    pixels = pygame.surfarray.pixels3d(surface)
    w, h = surface.get_size()
    patch = pixels[max(x - r, 0) : min(x + r + 1, w), max(y - r, 0) : min(y + r + 1, h)]
    found = bool(np.any(np.all(patch == np.asarray(colour, dtype=np.uint8), axis=-1)))
    del pixels
    return found


# ---- helpers ---------------------------------------------------------------------------------------


def test_dashes_cover_the_pattern_share_of_the_line() -> None:
    for pattern in DASHES[1:]:
        segments = dash_segments([(0, 0), (300, 0), (300, 100)], pattern)
        on = sum(abs(b[0] - a[0]) + abs(b[1] - a[1]) for a, b in segments)
        share = sum(pattern[::2]) / sum(pattern)
        assert on == pytest.approx(400 * share, abs=2 * sum(pattern))
    assert dash_segments([(0, 0), (5, 5)], ()) == [((0, 0), (5, 5))]


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21)] == ["1st", "2nd", "3rd", "4th", "11th", "12th",
                                                                  "13th", "21st"]


# ---- (a) the chart -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_chart_draws_each_slot_where_its_mapping_says() -> None:
    race = _race("step", "cosine", "one_cycle", epochs=100)
    view = RaceView()
    surface = _surface()
    view.draw_chart(surface, LAYOUT.chart, race, 0)
    chart = view.chart
    for i, curve in enumerate(race.curves):
        colour = SLOT_COLOURS[i]
        hits = 0
        for t in range(100):
            x_mid = (chart.x_of(t) + (chart.x_of(t + 1) if t < 99 else chart.plot_rect.right)) // 2
            hits += _has(surface, colour, x_mid, chart.y_of(curve[t]), r=3)
        assert hits >= 60, (i, hits)  # dashes and dots leave gaps; a misplaced curve scores ~0
        # and the colour is nowhere far from its own curve (the legend's swatch aside)
        plot = chart.plot_rect
        pixels = pygame.surfarray.pixels3d(surface)[plot.left : plot.right, plot.top : plot.bottom]
        xs, ys = np.nonzero(np.all(pixels == np.asarray(colour, dtype=np.uint8), axis=-1))
        for x, y in zip((xs + plot.left).tolist(), (ys + plot.top).tolist(), strict=True):
            t = min(range(100), key=lambda e: abs(chart.x_of(e) - x) if chart.x_of(e) <= x else 10**9)
            near = [chart.y_of(curve[e]) for e in (t - 1, t, t + 1) if 0 <= e < 100]
            assert min(near) - 5 <= y <= max(near) + 5 or abs(x - chart.x_of(t)) <= 5


def test_the_legend_lists_each_label_with_its_swatch() -> None:
    race = _race("step", "cosine", "one_cycle", "constant", epochs=100)
    view = RaceView()
    surface = _surface()
    view.draw_chart(surface, LAYOUT.chart, race, 10)
    assert [(i, text) for i, text, _ in view.chart.legend] == [(i, s.label) for i, s in enumerate(race.slots)]
    for i, _, swatch in view.chart.legend:
        assert LAYOUT.chart.contains(swatch)
        assert _has(surface, SLOT_COLOURS[i], swatch.centerx, swatch.centery, r=BALL_RADIUS)


def test_large_runs_keep_every_columns_extent() -> None:
    """At T = 300 000 each pixel column holds ~330 epochs: its min and max are both drawn."""
    race = Race()
    race.add(make_settings("cosine_restarts", epochs=300_000, params={"T_0": 7_001}))
    view = RaceView()
    surface = _surface()
    view.draw_chart(surface, LAYOUT.chart, race, 0, log_scale=True)
    chart = view.chart
    plot = chart.plot_rect
    lo, hi = column_envelope(race.curves[0][:300_000], plot.width)
    label = chart._geo.label  # the limit's label: the curve passes behind it
    for c in range(0, plot.width, 7):
        x = plot.left + c
        for y in (chart.y_of(hi[c]), chart.y_of(lo[c])):
            assert _has(surface, SLOT_COLOURS[0], x, y, r=1) or label.inflate(2, 2).collidepoint(x, y), c


def test_the_chart_is_built_once_per_change_not_per_frame() -> None:
    race = _race("step", "cosine")
    view = RaceView()
    surface = _surface()
    for t in range(30):
        view.draw_chart(surface, LAYOUT.chart, race, t)
    assert view.chart.builds == 1
    race.add(make_settings("one_cycle"))
    view.draw_chart(surface, LAYOUT.chart, race, 30)
    view.draw_chart(surface, LAYOUT.chart, race, 30, log_scale=True)
    assert view.chart.builds == 3


def test_the_marker_sits_at_the_epoch_with_a_dot_on_each_curve() -> None:
    race = _race("step", "cosine", "one_cycle")
    view = RaceView()
    surface = _surface()
    view.draw_chart(surface, LAYOUT.chart, race, 40)
    chart = view.chart
    x = chart.x_of(40)
    assert _has(surface, DARK.marker, x, chart.plot_rect.bottom - 2, r=0)
    for i, curve in enumerate(race.curves):
        assert _has(surface, SLOT_COLOURS[i], x, chart.y_of(curve[40]), r=1)


# ---- (b) the race ------------------------------------------------------------------------------------


def test_the_balls_sit_at_the_viewport_position_of_each_trajectorys_x() -> None:
    race = _race("step", "one_cycle", "warmup_cosine", valley_kind="bumpy")
    view = RaceView()
    surface = _surface()
    rect = LAYOUT.valley
    view.draw_race(surface, rect, race, 3, phase=1.0)
    lanes = lane_rects(rect, 3)
    viewports = view.lanes.viewports(rect, race)
    for i, traj in enumerate(race.trajectories):
        assert viewports[i].rect == picture_rect(lanes[i])
        assert viewports[i]._replace(rect=None) == viewports[0]._replace(rect=None)  # one scale for all
        x = traj.x(3)
        px, py = viewports[i].point(x, race.valley.f(x))
        centre = (px, py - BALL_RADIUS)
        assert abs(view.ball_positions(rect, race, 3)[i][0] - centre[0]) <= 1
        assert abs(view.ball_positions(rect, race, 3)[i][1] - centre[1]) <= 1
        assert lanes[i].collidepoint(centre)
        # the ball's body (its ring, left of the disc its number sits on) is in its colour
        assert _has(surface, SLOT_COLOURS[i], centre[0] - BALL_RADIUS + 2, centre[1], r=1), i


def _marker_mask(surface: pygame.Surface, colour, centre, r: int) -> np.ndarray:
    """Which pixels of the square of half-side 2r round `centre` are exactly `colour`."""
    x, y = centre
    pixels = pygame.surfarray.pixels3d(surface)[x - 2 * r : x + 2 * r + 1, y - 2 * r : y + 2 * r + 1]
    mask = np.all(pixels == np.asarray(colour, dtype=np.uint8), axis=-1).copy()
    del pixels
    return mask


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_identical_balls_are_each_seen_and_told_apart_at_every_epoch(size) -> None:
    """Four slots with the same schedule, start and noise: every ball's own pixels show at every
    epoch, none covers another, and each has its own colour and its own shape."""
    race = _race("cosine", "cosine", "cosine", "cosine")
    rect = make_layout(size).valley
    view = RaceView()
    for t in (0, 1, 5, 10, 30, 60, 99, 100):
        surface = _surface() if size == SIZE else pygame.Surface(size)
        view.draw_race(surface, rect, race, t)
        centres = view.ball_positions(rect, race, t)
        assert len(set(centres)) == 4
        masks = []
        for i, centre in enumerate(centres):
            assert rect.collidepoint(centre)
            mask = _marker_mask(surface, SLOT_COLOURS[i], centre, BALL_RADIUS)
            assert mask.sum() >= 0.5 * np.pi * BALL_RADIUS**2, (t, i, mask.sum())  # the ball, not a sliver
            for j, other in enumerate(SLOT_COLOURS):
                if j != i:
                    assert not _marker_mask(surface, other, centre, BALL_RADIUS // 2).any(), (t, i, j)
            masks.append(mask)
        boxes = [pygame.Rect(x - 2 * BALL_RADIUS, y - 2 * BALL_RADIUS, 4 * BALL_RADIUS, 4 * BALL_RADIUS)
                 for x, y in centres]
        assert all(not a.colliderect(b) for k, a in enumerate(boxes) for b in boxes[k + 1 :]), t
        for a in range(4):  # shapes: no two markers cover the same pixels (colour aside)
            for b in range(a + 1, 4):
                overlap = (masks[a] & masks[b]).sum() / (masks[a] | masks[b]).sum()
                assert overlap < 0.85, (t, a, b, overlap)


def test_each_slot_has_its_own_colour_dash_and_marker() -> None:
    from lrgame.view.slot_look import MARKERS

    assert len(set(SLOT_COLOURS)) == len(set(DASHES)) == len(set(MARKERS)) == 4


def test_mid_hop_the_balls_are_between_two_epochs_and_lifted() -> None:
    race = _race("step", "one_cycle")
    view = RaceView()
    rect = LAYOUT.valley
    start, end = view.ball_positions(rect, race, 1, 0.0), view.ball_positions(rect, race, 1, 1.0)
    middle = view.ball_positions(rect, race, 1, 0.5)
    for a, m, b in zip(start, middle, end, strict=True):
        assert min(a[0], b[0]) <= m[0] <= max(a[0], b[0])
        assert m[1] < (a[1] + b[1]) / 2  # lifted above the straight line
    assert start == view.ball_positions(rect, race, 0, 1.0)


def test_a_diverging_slot_draws_without_trouble() -> None:
    race = Race()
    race.add(make_settings("step"))
    race.add(make_settings("constant", lr0=0.5))  # flies out within a few epochs
    view = RaceView()
    surface = _surface()
    for t in (0, 1, 2, 5, 50, 100, 10**6, -3):
        for phase in (0.0, 0.5, 1.0, float("nan")):
            view.draw_chart(surface, LAYOUT.chart, race, t, log_scale=t % 2 == 0)
            view.draw_race(surface, LAYOUT.valley, race, t, phase)
            view.draw_scoreboard(surface, LAYOUT.readout, race, t)
    assert race.scoreboard(100).standings[1].diverged
    assert _has(surface, SLOT_COLOURS[1], *LAYOUT.valley.center, r=LAYOUT.valley.w)  # drawn, inside the rect


def test_empty_and_tiny_rects_draw_without_trouble() -> None:
    view = RaceView()
    surface = _surface()
    empty = Race()
    view.draw_chart(surface, LAYOUT.chart, empty, 0)
    view.draw_race(surface, LAYOUT.valley, empty, 0)
    view.draw_scoreboard(surface, LAYOUT.readout, empty, 0)
    race = _race("step", "cosine")
    for rect in (pygame.Rect(0, 0, 0, 0), pygame.Rect(5, 5, 30, 20), pygame.Rect(5, 5, 200, 60)):
        view.draw_chart(surface, rect, race, 3)
        view.draw_race(surface, rect, race, 3)
        view.draw_scoreboard(surface, rect, race, 3)


# ---- (c) the scoreboard and screenshots ------------------------------------------------------------------


def test_screenshots_of_the_comparison_and_the_race() -> None:
    """The README's pictures: step, cosine and one-cycle at T = 100, the race at epoch 30."""
    race = _race("step", "cosine", "one_cycle", epochs=100)
    view = RaceView()
    surface = _surface()
    view.draw_chart(surface, pygame.Rect(20, 20, 1240, 400), race, 30)
    view.draw_scoreboard(surface, pygame.Rect(20, 440, 900, 200), race, 30)
    pygame.image.save(surface, "/tmp/compare_chart.png")

    surface = _surface()
    view.draw_chart(surface, LAYOUT.chart, race, 30)
    view.draw_race(surface, LAYOUT.valley, race, 30, phase=1.0)
    view.draw_scoreboard(surface, LAYOUT.readout, race, 30)
    pygame.image.save(surface, "/tmp/compare_race.png")
    for i, (x, y) in enumerate(view.ball_positions(LAYOUT.valley, race, 30)):
        assert LAYOUT.valley.collidepoint(x, y)
        # All three sit at the floor by now, each in its own lane: each shows its own ball.
        assert _has(surface, SLOT_COLOURS[i], x - BALL_RADIUS + 3, y, r=1), i



def test_in_the_window_shift_c_adds_slots_and_c_shows_the_race(launch):
    d = launch()
    for digit in (pygame.K_2, pygame.K_5, pygame.K_8):  # step, cosine, one-cycle
        d.key(digit)
        d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    assert [slot.settings.schedule for slot in d.app.race.slots] == ["step", "cosine", "one_cycle"]
    d.key(pygame.K_c)
    assert d.app.find(RaceMode)
    d.key(pygame.K_RIGHT, mod=pygame.KMOD_SHIFT)
    d.frames(30)
    rect = d.app.scene.layout.chart
    colours = {tuple(d.app.window.get_at((x, y)))[:3] for x in range(rect.x, rect.right, 2)
               for y in range(rect.y, rect.bottom, 2)}
    for colour in SLOT_COLOURS[:3]:
        assert tuple(colour) in colours
    d.key(pygame.K_x)
    assert len(d.app.race.slots) == 2
    for _ in range(3):
        d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    assert len(d.app.race.slots) == 4 and d.app.messages.toast.error  # the fifth is refused, with a message


def test_the_scoreboard_lists_the_lowest_loss_first_and_says_so() -> None:
    race = _race("constant", "step", "cosine", sharpness=15, noise=1, seed=0)
    view = RaceView()
    board = race.scoreboard(100)
    rows = view.rows(board)
    losses = [board.standings[i].loss for i, _ in rows]
    assert losses == sorted(losses) and [cells[0][0] for _, cells in rows] == ["1st", "2nd", "3rd"]
    assert rows[-1][0] == 0  # the constant rate keeps bouncing: last, though it is slot 1
    surface = _surface()
    view.draw_scoreboard(surface, LAYOUT.readout, race, 100)
    assert board.ranking.startswith("place = lowest loss now")


def test_while_the_race_shows_the_cards_describe_its_balls(launch) -> None:
    """The run's schedule (constant) is not in the race: the cards show each ball's rate instead,
    and hovering one shows no number of the run's."""
    from lrgame.engine.numfmt import sig4
    from lrgame.view.race_cards import race_cards

    d = launch(schedule="step")
    d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    d.key(pygame.K_5)  # cosine
    d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    d.key(pygame.K_1)  # constant: the run on screen, not raced
    assert d.app.sim.settings.schedule == "constant"
    d.key(pygame.K_c)
    d.app.apply(it.SetValue("epoch", 40))
    d.frames(40)
    race, t = d.app.race, d.app.sim.ball_t
    cards = race_cards(race, t)
    assert [c.title for c in cards] == ["Step decay: η now", "Cosine annealing: η now"]
    assert [c.value for c in cards] == [sig4(float(race.curves[i][t])) for i in range(2)]
    assert not any("Constant" in c.title or "Constant" in c.value for c in cards)
    ended = race_cards(race, race.steps)  # after the last step: the last rate used, not η(T)
    assert [c.title for c in ended] == ["Step decay: final η", "Cosine annealing: final η"]
    assert [c.value for c in ended] == [sig4(float(race.curves[i][race.steps - 1])) for i in range(2)]
    cards_row = d.app.scene.layout.cards[0].unionall(d.app.scene.layout.cards[1:])
    d.move(d.app.scene.layout.cards[0].center)  # a tooltip would cover the card
    d.frames(2)
    expected = pygame.Surface(d.app.window.get_size())
    RaceView(d.app.scene.palette).draw_cards(expected, d.app.scene.layout.cards, race, d.app.sim.ball_t)
    shown = pygame.surfarray.array3d(d.app.window.subsurface(cards_row))
    assert np.array_equal(shown, pygame.surfarray.array3d(expected.subsurface(cards_row)))
    row = shown.reshape(-1, 3)
    for colour in SLOT_COLOURS[:2]:  # each card carries its ball's marker
        assert np.all(row == np.asarray(colour, dtype=np.uint8), axis=-1).sum() > 100
