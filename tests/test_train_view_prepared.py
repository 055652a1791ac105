"""The train view's frame only blits what the idle time made (`TrainView.prepare`, called by the
train mode's slice that changed what it shows), and what it blits is what drawing directly would
draw: the words beside the plane from their picture, the test loss's dashes from their layer. What a
view hides (the ball's loss so far) is not rebuilt under it."""

import time
from contextlib import contextmanager

import pygame

from lrgame.app.modes import train as train_mode
from lrgame.app.modes.train import TrainMode
from lrgame.look.theme import px
from lrgame.view import train_view
from lrgame.view.chart import LineChart
from lrgame.view.train_view import TrainView, train_areas


@contextmanager
def clipped(surface: pygame.Surface, rect: pygame.Rect):
    """Draw inside `rect` only, as the compositor paints a part (inside whatever clip there was)."""
    old = surface.get_clip()
    surface.set_clip(rect.clip(old))
    yield
    surface.set_clip(old)


def _paced_training(launch, **settings):
    d = launch(schedule="cosine", **settings)
    d.move((900, 690))  # over the view's words: no tooltip
    d.key(pygame.K_t)
    d.app.paced = True  # as in the window: training in the idle time
    d.frames(1)  # the view placed: `prepare` knows where it goes
    return d, d.app.find(TrainMode)


def _idle(app, mode: TrainMode) -> None:
    """The idle time after a frame (each slice ends with the view prepared for what it changed)."""
    app.idle(time.perf_counter() + 0.004)


def _counting(monkeypatch) -> list[str]:
    """Count the charts' builds and layers, the words' layouts and the pictures begun from now on."""
    made: list[str] = []
    for name in ("_build", "_paint_layer"):
        real = getattr(LineChart, name)
        monkeypatch.setattr(LineChart, name, lambda self, *a, real=real, name=name: made.append(name) or real(self, *a))
    header = TrainView._header
    monkeypatch.setattr(TrainView, "_header", staticmethod(lambda *a: made.append("words") or header(*a)))
    begin = train_mode._Picture.__init__
    monkeypatch.setattr(train_mode._Picture, "__init__",
                        lambda self, *a: made.append("picture begun") or begin(self, *a))
    return made


def _made_in_frames(d, mode: TrainMode, made: list[str], frames: int = 40) -> tuple[list[str], set[str]]:
    """What the frames (not the idle time) made, and the parts they repainted."""
    view, in_frames, repainted = d.app.scene.train_view, [], set()
    for _ in range(frames):
        _idle(d.app, mode)
        made.clear()
        before = (view._pictures, view._dash_layer and view._dash_layer[0])
        d.frames(1)
        in_frames += made + (["picture or dashes"] if before != (view._pictures, view._dash_layer[0]) else [])
        repainted.update(d.app.scene.compositor.repainted)
    return in_frames, repainted


def test_after_the_idle_time_a_frame_builds_and_lays_out_nothing(launch, monkeypatch):
    d, mode = _paced_training(launch, batch_size=300, epochs=3000, epoch=3000)
    in_frames, repainted = _made_in_frames(d, mode, _counting(monkeypatch))
    assert {"train loss", "train words", "train plane"} <= repainted  # the view changed, frame after frame
    assert in_frames == []  # but no frame built a chart, painted a layer, laid out the words or began a picture


def test_without_the_views_slice_the_frames_would_build(launch, monkeypatch):
    """The check above can fail: with `prepare` doing nothing, the frames make it all."""
    monkeypatch.setattr(TrainView, "prepare", lambda self, shown: None)
    d, mode = _paced_training(launch, batch_size=300, epochs=3000, epoch=3000)
    in_frames, _ = _made_in_frames(d, mode, _counting(monkeypatch))
    assert {"_build", "_paint_layer", "words", "picture or dashes"} <= set(in_frames)


def test_a_frame_begins_no_picture(launch, monkeypatch):
    """The cursor asks for a picture: the idle time begins it (a replay from a snapshot), not the frame."""
    d, mode = _paced_training(launch, batch_size=300, epochs=3000, epoch=3000)
    while mode.run.epoch < 60:
        _idle(d.app, mode)
        d.frames(1)
    made = _counting(monkeypatch)
    d.key(pygame.K_HOME)  # back to epoch 0, then on: each a picture of an epoch trained before
    for key in (pygame.K_RIGHT, pygame.K_RIGHT):
        d.key(key)
        d.frames(1)
    assert "picture begun" not in made
    _idle(d.app, mode)
    assert "picture begun" in made


def _as_drawn_directly(app) -> None:
    """The words, the loss chart and the plane in the window are what drawing them directly now draws."""
    view, shown = app.scene.train_view, app.shown().training
    palette, texts = app.scene.palette, app.scene.texts
    areas = train_areas(app.scene.layout.valley.union(app.scene.layout.readout), 1)
    direct = app.window.copy()
    pygame.draw.rect(direct, palette.background, areas.text)
    with clipped(direct, areas.text):
        TrainView._header(direct, areas, shown, palette, texts)  # the words from the state, not from a cache
    chart = view.loss_chart
    with clipped(direct, chart.rect):
        chart.draw_layer(direct, palette, texts)
        with clipped(direct, chart.plot_rect):
            for dash in view._dashes:
                pygame.draw.lines(direct, palette.trail, False, dash, max(1, px(2)))
        chart.draw_marker(direct, shown.epoch, palette, texts)
    direct.blit(TrainView()._plane(shown.run, shown, areas.plane.size, palette), areas.plane)  # a fresh view's
    for rect in (areas.text, chart.rect, areas.plane):
        assert pygame.image.tobytes(direct.subsurface(rect), "RGB") == pygame.image.tobytes(
            app.window.subsurface(rect), "RGB"), (rect, shown.epoch, shown.cursor, shown.run.trained_to)


def test_the_words_and_dashes_blitted_are_the_ones_drawn_directly(launch):
    """Frame after frame while training runs ahead, the cursor moves back and plays: the words
    follow the state (their layout is kept only while what they say is the same)."""
    d, mode = _paced_training(launch, batch_size=32, epochs=300, epoch=300)
    frames = 0
    while mode.run.epoch < 40:  # however loaded the machine: enough of a curve for its dashes
        _idle(d.app, mode)
        d.frames(1)
        frames += 1
        if frames % 4 == 0:
            _as_drawn_directly(d.app)
    d.key(pygame.K_HOME)  # the cursor to the start: training runs on ahead of it ("has run ahead to …")
    for key in (None, pygame.K_RIGHT, pygame.K_RIGHT, pygame.K_SPACE):
        if key is not None:
            d.key(key)
        for _ in range(4):
            _idle(d.app, mode)
            d.frames(1)
            _as_drawn_directly(d.app)
    assert len(d.app.scene.train_view._dashes) > 5  # a dashed curve was compared


def test_the_dashes_are_the_segments_that_start_on_an_even_stretch(launch):
    """Joined into one polyline a dash, the segments are those the walk along the curve turns on."""
    import math

    import numpy as np

    launch()
    values = list(np.exp(-np.arange(2000) / 600) + 0.05 * np.random.default_rng(2).random(2000))
    chart = LineChart(pygame.Rect(80, 300, 1100, 220), title="loss", y_label="loss", steps=False)
    chart.configure(values=values, timeline=3000, plot_x=(120, 1150))
    ts = np.linspace(0, 1999, 2 * chart.plot_rect.w + 1).astype(int)
    ts = ts[np.r_[True, ts[1:] != ts[:-1]]]
    xs, ys = chart.points_of(ts, np.asarray(values)[ts])
    points = list(zip(xs.tolist(), ys.tolist(), strict=True))
    walked, segments = 0.0, []
    for a, b in zip(points, points[1:], strict=False):
        if (walked // px(train_view.DASH)) % 2 == 0:
            segments.append((a, b))
        walked += math.dist(a, b)
    dashes = train_view.dashes(chart, values)
    assert [(a, b) for dash in dashes for a, b in zip(dash, dash[1:], strict=False)] == segments
    assert all(len(dash) >= 2 for dash in dashes) and len(dashes) > 20


def test_every_schedule_after_the_idle_time_only_blits_and_its_words_are_the_ones_drawn_directly(launch,
                                                                                                 monkeypatch):
    from lrgame.app.modes.every_schedule import EveryScheduleMode
    from lrgame.view import every_schedule_view as ev

    drawn = []
    real = ev._draw_words
    monkeypatch.setattr(ev, "_draw_words", lambda *a: drawn.append(1) or real(*a))
    d = launch(epochs=20, batch_size=300)
    d.move((900, 690))
    d.key(pygame.K_t, pygame.KMOD_SHIFT)
    d.app.paced = True
    d.frames(1)
    mode, in_frames, repainted = d.app.find(EveryScheduleMode), 0, set()
    app = d.app
    area = ev.grand_areas(app.scene.layout.valley.union(app.scene.layout.readout)).text
    for _ in range(30):
        d.app.idle(time.perf_counter() + 0.004)
        drawn.clear()
        d.frames(1)
        in_frames += len(drawn)
        repainted.update(d.app.scene.compositor.repainted)
        direct = app.window.copy()  # the words the state says now, drawn directly
        pygame.draw.rect(direct, app.scene.palette.background, area)
        with clipped(direct, area):
            real(direct, area, ev._words(mode.run, app.scene.palette, "epochs"), app.scene.texts)
        assert pygame.image.tobytes(direct.subsurface(area), "RGB") == pygame.image.tobytes(
            app.window.subsurface(area), "RGB"), mode.run.progress
    assert "grand words" in repainted and in_frames == 0


def test_the_balls_loss_is_not_traced_under_a_view_and_is_again_when_it_closes(launch):
    from tests.test_widget_pixels import plain_picture

    d = launch(epochs=300, batch_size=300)
    d.move((900, 690))
    d.key(pygame.K_t, pygame.KMOD_SHIFT)
    d.key(pygame.K_SPACE)  # the run plays under the view
    chart, start = d.app.scene.loss_chart, d.app.sim.ball_t
    builds = chart.builds
    d.frames(90)
    assert d.app.sim.ball_t > start + 5 and chart.builds == builds  # the ball moved, its hidden loss was left
    d.key(pygame.K_t, pygame.KMOD_SHIFT)  # closed: the loss so far, up to the ball, drawn as a whole frame draws it
    d.frames(1)
    assert chart.builds > builds and chart.known == d.app.sim.ball_t + 1
    assert pygame.image.tobytes(d.app.window, "RGB") == plain_picture(d.app)
