"""The compositor's contract (`lrgame.view.compositor`): a frame drawn over the last one, repainting
only the parts that changed, equals the same frame drawn whole.

In the app: whatever the run does (play, step, change schedule, diverge, rescale the loss axis, move
the epoch handle, an overlay come and gone), the window must equal the same frame drawn whole by a
fresh scene. On the compositor alone: random sessions of overlapping parts that change, move, come
and go, over a backdrop repainted in pieces. A part whose key misses something it shows must fail
both checks."""

import random
from dataclasses import replace

import pygame
import pytest

from lrgame.app.modes.train import TrainMode
from lrgame.sim.intents import SetValue
from lrgame.view.compositor import Compositor, Part
from lrgame.view.scene import Scene
from lrgame.view.train_view import TrainView
from tests.test_widget_pixels import plain_picture


def _same_as_whole(d, frames: int) -> int:
    """Run `frames` frames, comparing each; return how many were drawn in parts."""
    app = d.app
    parts = 0
    for _ in range(frames):
        d.frames(1)
        parts += not app.scene.compositor.whole
        same = pygame.image.tobytes(app.window, "RGB") == plain_picture(app)
        assert same, app.sim.t  # not the bytes: pytest's diff of two frames takes minutes
    return parts


@pytest.mark.slow
def test_playing_draws_in_parts_and_matches_whole_frames(launch):
    d = launch(epochs=150)
    d.move((900, 600))  # over the valley: no tooltip
    d.app.sim.set_speed(40)
    d.key(pygame.K_SPACE)
    assert _same_as_whole(d, 120) > 100  # most frames really are drawn in parts
    repainted = d.app.scene.compositor.repainted
    assert "valley" in repainted and len(repainted) < 10  # the ball, and at a new step the marker, the trace, numbers
    assert _same_as_whole(d, 120) > 100
    assert d.app.sim.t == 150 and d.app.scene.compositor.repainted == []  # the end: the ball rests, nothing changes


@pytest.mark.parametrize("log", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_a_growing_rate_repaints_its_box_not_the_scenery(launch, monkeypatch, log):
    """A loss-driven schedule's rates so far grow every step: the rate chart is a backdrop part of
    its own, repainted where its curve grew, and the scenery under it is not painted again."""
    d = launch(schedule="reduce_on_plateau", epochs=60)
    d.move((900, 600))
    if log:
        d.key(pygame.K_l)
    d.frames(2)
    scenery = []
    paint = Scene._paint_scenery
    monkeypatch.setattr(Scene, "_paint_scenery", lambda self, *a: scenery.append(self) or paint(self, *a))
    builds = d.app.scene.lr_chart.builds
    d.app.sim.set_speed(20)
    d.key(pygame.K_SPACE)
    assert _same_as_whole(d, 40) > 30
    assert d.app.scene.lr_chart.builds > builds + 10 and d.app.scene not in scenery  # the rates grew


@pytest.mark.parametrize("step", [
    pytest.param(lambda d: d.key(pygame.K_RIGHT), marks=pytest.mark.slow),
    pytest.param(lambda d: d.key(pygame.K_END), marks=pytest.mark.slow),
    pytest.param(lambda d: d.key(pygame.K_RIGHTBRACKET), marks=pytest.mark.slow),  # next schedule
    pytest.param(lambda d: d.key(pygame.K_l), marks=pytest.mark.slow),  # log scale
    lambda d: d.app.apply(SetValue("lr0", 0.5)),  # far past the limit: diverged
    pytest.param(lambda d: d.key(pygame.K_r), marks=pytest.mark.slow),  # rewind
    lambda d: (d.key(pygame.K_e), d.frames(3), d.key(pygame.K_ESCAPE)),  # the export menu over a frame, then gone
    pytest.param(  # the focus ring
        lambda d: (d.key(pygame.K_TAB), d.frames(3), d.key(pygame.K_TAB, pygame.KMOD_SHIFT)), marks=pytest.mark.slow
    ),
])
def test_each_change_matches_whole_frames(launch, step):
    d = launch(epochs=80, epoch=20)
    d.move((900, 600))
    d.frames(10)
    step(d)
    _same_as_whole(d, 30)


def test_a_card_whose_key_misses_its_value_is_caught(launch, monkeypatch):
    """The check has teeth: cards keyed by their place alone keep showing their first values."""
    parts = Scene._parts

    def keyed_by_name(part):
        return replace(part, key=part.name, paint=lambda surface, rect, _: part.paint(surface, rect, part.key))

    def lying(self, sim, alpha, preset, **below):
        return [keyed_by_name(part) if part.name.startswith("card") else part
                for part in parts(self, sim, alpha, preset, **below)]

    monkeypatch.setattr(Scene, "_parts", lying)
    d = launch(epochs=150)
    d.move((900, 600))
    d.app.sim.set_speed(40)
    d.key(pygame.K_SPACE)
    with pytest.raises(AssertionError):
        _same_as_whole(d, 120)


def test_an_exposed_window_is_drawn_whole(launch):
    d = launch(epochs=80)
    d.move((900, 600))
    d.frames(10)
    assert not d.app.scene.compositor.whole
    pygame.event.post(pygame.event.Event(pygame.WINDOWEXPOSED))
    d.frames(1)
    assert d.app.scene.compositor.whole
    d.frames(1)
    assert not d.app.scene.compositor.whole


# ---- the compositor alone --------------------------------------------------------------------------------

SIZE = (160, 120)
STRIP = pygame.Rect(0, 100, 160, 20)  # a backdrop part of 8 cells, repainted cell by cell


class World:
    """Random parts over a backdrop of a ground and a strip of cells, each part drawn from its key:
    name -> (rect, (colour, x, y, dot), changes every frame)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.ground = (20, 30, 40)
        self.cells = [(60, 60, 60)] * 8
        self.parts = {f"p{i}": self._new_part() for i in range(8)}
        self.frame = 0

    def _colour(self) -> tuple[int, int, int]:
        return tuple(self.rng.randrange(256) for _ in range(3))

    def _new_part(self) -> tuple:
        rng = self.rng
        rect = pygame.Rect(rng.randrange(SIZE[0] - 20), rng.randrange(SIZE[1] - 20), rng.randint(6, 50),
                           rng.randint(6, 40))
        look = (self._colour(), rng.randrange(rect.w), rng.randrange(rect.h), rng.random() < 0.5)
        return rect, look, rng.random() < 0.15

    def step(self) -> None:
        """Change a few things: a part's look or place, a part come or gone, the backdrop."""
        rng = self.rng
        self.frame += 1
        for _ in range(rng.randint(0, 3)):
            roll = rng.random() if self.parts else 0.8
            if roll < 0.75:
                name = rng.choice(sorted(self.parts))
                rect, (colour, x, y, dot), every = self.parts[name]
            if roll < 0.4:
                self.parts[name] = (rect, (self._colour(), x, y, dot), every)
            elif roll < 0.6:
                moved = rect.move(rng.randint(-9, 9), rng.randint(-9, 9)).clip((0, 0, *SIZE))
                self.parts[name] = (moved, (colour, 0, 0, dot), every)
            elif roll < 0.75:
                del self.parts[name]
            elif roll < 0.9:
                self.parts[f"p{self.frame}"] = self._new_part()
            elif roll < 0.95:
                self.cells[rng.randrange(len(self.cells))] = self._colour()
            else:
                self.ground = self._colour()

    def backdrop(self) -> list[Part]:
        def ground(surface, rect, colour):
            surface.fill(colour)

        def cells(surface, rect, key):
            for i, colour in enumerate(key):
                surface.fill(colour, (i * 20, rect.y, 20, rect.h))

        def where(old, new):
            changed = [pygame.Rect(i * 20, STRIP.y, 20, STRIP.h)
                       for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
            return changed[0].unionall(changed)

        return [Part("ground", pygame.Rect((0, 0), SIZE), self.ground, ground),
                Part("strip", STRIP, tuple(self.cells), cells, where)]

    def frame_parts(self, liar: bool = False) -> list[Part]:
        """The parts, in the order of their names (a new one may go under older ones). `liar`: one
        more, whose key misses the frame number it shows."""
        def paint(surface, rect, key):
            colour, x, y, dot = key
            if dot:  # a small mark: says where it drew
                return pygame.draw.circle(surface, colour, (rect.x + x, rect.y + y), 4)
            surface.fill(colour, rect.inflate(-2, -2))
            return None

        def every_frame(surface, rect, frame):
            surface.fill((frame * 37 % 256, 90, 90), (rect.x, rect.y, rect.w // 2, rect.h))

        parts = [Part(name, rect, self.frame, every_frame) if every else Part(name, rect, key, paint)
                 for name, (rect, key, every) in sorted(self.parts.items())]
        def tens(surface, rect, key, tens=self.frame // 10):
            surface.fill((tens * 50 % 256, 200, 0), rect)

        if liar:
            parts.append(Part("liar", pygame.Rect(70, 40, 30, 30), "always the same", tens))
        return parts


def _run(world: World, frames: int, liar: bool = False) -> int:
    """Compose `frames` frames of `world` over each other, each compared with the same frame composed
    whole by a fresh compositor; return how many were drawn in parts. Now and then a line is drawn
    over both, a cover."""
    window, whole = pygame.Surface(SIZE), pygame.Surface(SIZE)
    compositor, parts = Compositor(SIZE), 0
    for _ in range(frames):
        world.step()
        compositor.compose(window, world.backdrop(), world.frame_parts(liar))
        parts += not compositor.whole
        Compositor(SIZE).compose(whole, world.backdrop(), world.frame_parts(liar))
        same = pygame.image.tobytes(window, "RGB") == pygame.image.tobytes(whole, "RGB")
        assert same, world.frame  # (not the bytes themselves: pytest's diff of two frames takes minutes)
        if world.rng.random() < 0.05:
            pygame.draw.line(whole, (255, 255, 255), (0, 0), SIZE)
            compositor.cover(pygame.draw.line, window, (255, 255, 255), (0, 0), SIZE)
    return parts


@pytest.mark.parametrize("seed", range(6))
def test_random_overlapping_parts_match_whole_frames(seed):
    assert _run(World(seed), 300) > 250


def test_a_part_whose_key_misses_what_it_shows_is_caught():
    with pytest.raises(AssertionError):
        _run(World(0), 60, liar=True)


def test_when_a_frame_is_drawn_whole():
    world, compositor = World(1), Compositor(SIZE)
    world.parts = {name: (rect, key, False) for name, (rect, key, _) in world.parts.items()}  # none changes by itself
    window, other = pygame.Surface(SIZE), pygame.Surface(SIZE)

    def compose(surface):
        compositor.compose(surface, world.backdrop(), world.frame_parts())
        return compositor.whole

    assert compose(window)  # the first
    assert not compose(window)
    assert compose(other)  # another surface
    assert compose(window)
    compositor.cover(pygame.draw.rect, window, (255, 0, 0), (5, 5, 10, 10))
    assert compose(window)  # after a cover
    compositor.forget()
    assert compose(window)  # after the pixels were lost
    assert not compose(window)
    assert compositor.repainted == []  # nothing changed


# ---- the landscape's many paths: F's forks and C's compared paths ------------------------------------------


def _playing_every_step(d, epochs: int) -> None:
    """A run of `epochs` playing so fast that every frame is a new step (as T = 100,000 plays)."""
    d.app.apply(SetValue("epochs", epochs))
    d.app.sim.set_speed(60 * 7)
    d.move((5, 700))  # nowhere near a tooltip
    if not d.app.sim.playing:
        d.key(pygame.K_SPACE)


def test_playing_under_the_forks_repaints_nothing_but_the_epoch_box(launch):
    """F: the map, the panel, the forks' rate chart and the words in place of the cards are
    backdrop; a playing frame repaints no part (no marker on a chart of rates that do not play, no
    card of the panel's schedule), only, in the backdrop, the epoch row's widgets."""
    d = launch(schedule="cosine")
    d.key(pygame.K_f)
    _playing_every_step(d, 3000)
    d.frames(5)
    assert _same_as_whole(d, 40) == 40
    assert set(d.app.scene.compositor.repainted) == set()


def _compared(launch, schedules: str = "15"):
    """C over the ravine with a slot per schedule key, T = 3000, playing a step a frame."""
    d = launch()
    d.key(pygame.K_d)
    d.app.apply(SetValue("epochs", 3000))
    for key in schedules:
        d.key(pygame.key.key_code(key))
        d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    d.key(pygame.K_c)
    _playing_every_step(d, 3000)
    return d


def test_playing_compared_paths_repaints_only_balls_marker_and_changed_cards(launch):
    d = _compared(launch, "157")
    assert d.app.messages.toast is not None  # "added to the comparison": a part, not a cover
    moved = set()
    assert _same_as_whole(d, 40) == 40
    for _ in range(20):
        d.frames(1)
        moved |= set(d.app.scene.compositor.repainted)
    assert moved <= {"landscape ball 0", "landscape ball 1", "landscape ball 2", "race card 1", "race card 2",
                     "race marker", "race marker words", "messages"}
    assert "race marker words" in moved and "race card 0" not in moved  # the constant's card never changes


@pytest.mark.parametrize("name", ["race marker", "race card"])
def test_a_compared_part_whose_key_misses_what_it_shows_is_caught(launch, monkeypatch, name):
    """The checks above have teeth: the marker or the cards keyed by their name alone keep showing
    what they first showed (a ball's place is its rect, which the compositor compares anyway)."""
    compose = Compositor.compose

    def lying(self, surface, backdrop, parts):
        parts = [replace(part, key=part.name, paint=lambda surface, rect, _, part=part: part.paint(surface, rect,
                                                                                                   part.key))
                 if part.name.startswith(name) else part for part in parts]
        compose(self, surface, backdrop, parts)

    d = _compared(launch)
    monkeypatch.setattr(Compositor, "compose", lying)
    with pytest.raises(AssertionError):
        _same_as_whole(d, 60)


# ---- the train view (T) and every schedule (Shift+T) while they train ----------------------------------


def _whole_with_views(app) -> bytes:
    """The frame drawn whole by a fresh scene that shares the app's train and every-schedule views
    (their charts grow a few columns at a time: a fresh view would draw the newest points sooner)."""
    scene = Scene(app.window.get_size(), app.scene.palette)
    scene.__dict__.update({name: app.scene.__dict__[name] for name in ("train_view", "every_schedule_view")
                           if name in app.scene.__dict__})
    surface = app.window.copy()
    shown = app.shown()
    scene.draw(surface, shown, captions=app.panel.captions())
    app.manager.draw_ui(surface)
    scene.draw_over(surface, shown)
    return pygame.image.tobytes(surface, "RGB")


def _views_same_as_whole(d, frames: int, idle_s: float | None = None) -> tuple[int, set[str]]:
    """`frames` frames (each followed by `idle_s` of idle time when given), each compared with the
    same frame drawn whole; return how many were drawn in parts and every part repainted."""
    import time

    app, parts, repainted = d.app, 0, set()
    for _ in range(frames):
        d.frames(1)
        parts += not app.scene.compositor.whole
        repainted.update(app.scene.compositor.repainted)
        assert pygame.image.tobytes(app.window, "RGB") == _whole_with_views(app), app.sim.t
        if idle_s is not None:
            app.idle(time.perf_counter() + idle_s)
    return parts, repainted


def test_the_train_view_while_training_draws_in_parts_and_matches_whole_frames(launch):
    d = launch(schedule="cosine", batch_size=32, epochs=200)
    d.move((900, 690))  # over the view's words: no tooltip
    d.key(pygame.K_t)
    d.app.paced = True  # as in the window: training in the idle time
    d.key(pygame.K_SPACE)
    parts, repainted = _views_same_as_whole(d, 40, idle_s=0.004)
    assert parts >= 38 and {"train loss", "train plane", "train words"} <= repainted
    assert "valley" not in repainted  # the ball is under the view: not drawn
    d.key(pygame.K_SPACE)  # paused
    while not d.app.find(TrainMode).run.done:
        d.app.idle(10.0**9)
    d.frames(3)
    _views_same_as_whole(d, 3)
    assert d.app.scene.compositor.repainted == []  # nothing visible changes: nothing is repainted


@pytest.mark.slow
@pytest.mark.parametrize(("schedule", "keys", "shown"), [
    ("reduce_on_plateau", (pygame.K_t,), "train rate"),  # the network's own rate above its loss
    ("constant", (pygame.K_t, pygame.K_k), "train sharpness"),  # K: the sharpness under it
])
def test_the_train_view_with_its_rate_or_sharpness_matches_whole_frames(launch, schedule, keys, shown):
    d = launch(schedule=schedule, batch_size=300, epochs=60, epoch=30)
    d.move((900, 690))
    for key in keys:
        d.key(key)
    parts, repainted = _views_same_as_whole(d, 30)  # headless: a quantum of training in each frame
    assert parts >= 28 and {shown, "train loss"} <= repainted


def test_every_schedule_while_training_draws_in_parts_and_matches_whole_frames(launch):
    d = launch(epochs=20, batch_size=300)
    d.move((900, 690))
    d.key(pygame.K_t, pygame.KMOD_SHIFT)
    parts, repainted = _views_same_as_whole(d, 40)
    assert parts >= 38 and {"grand bars", "grand words"} <= repainted <= {"grand bars", "grand words", "chart"}


def test_a_view_part_whose_key_misses_what_it_shows_is_caught(launch, monkeypatch):
    parts = TrainView.parts

    def lying(self, *args):
        return [replace(part, key=part.name) if part.name == "train words" else part for part in parts(self, *args)]

    monkeypatch.setattr(TrainView, "parts", lying)
    d = launch(schedule="cosine", batch_size=300, epochs=100, epoch=100)
    d.move((900, 690))
    d.key(pygame.K_t)
    with pytest.raises(AssertionError):
        _views_same_as_whole(d, 20)
