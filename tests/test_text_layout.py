"""Nothing overlaps and nothing is cut: every text of a frame, found in the frame's own pixels
(tests/text_boxes.py), is whole (no other text, box, line or message drew over part of it, no edge
cut it) and inside the region or box it sits in.

The matrix: every schedule and recipe × both themes × three window sizes × every view and overlay,
messages included, and the landscape (D) on every surface, with the river's forked cooldowns (F) and
the comparison's paths (C). The whole of it is `slow`; the quick run keeps a slice (the smallest
window in the dark theme and the 1080p projector, a few schedules and recipes, every view)."""

from __future__ import annotations

import time

import pygame
import pytest

from lrgame.app.launch import LaunchOptions
from lrgame.app.modes.code import CodeOverlay
from lrgame.app.modes.every_schedule import EveryScheduleMode
from lrgame.app.modes.race import RaceMode, race_of
from lrgame.app.modes.range_test import RangeTestMode
from lrgame.app.modes.setup_list import SetupList
from lrgame.app.modes.train import TrainMode
from lrgame.app.window import App
from lrgame.engine import schedules
from lrgame.export.pytorch import plateau_code, pytorch_code
from lrgame.sim import intents as it
from lrgame.sim.attract import Attract
from lrgame.sim.optimizer_choice import make_optimizer
from lrgame.sim.presets import PRESETS
from lrgame.sim.settings import make_settings
from lrgame.sim.setups import Setup, save_setup
from lrgame.sim.surfaces import SURFACES
from lrgame.train.recipe import recipe_of
from lrgame.view.landscape_view import plane_for
from tests.text_boxes import TextBoxes, button_problems, frame_texts, problems, regions

SIZES = ((1024, 600), (1280, 720), (1920, 1080))
THEMES = ("dark", "projector")
CHOICES = (*(("schedule", name) for name in schedules.ENTRIES), *(("preset", name) for name in PRESETS))
QUICK = (("schedule", "step"), ("schedule", "one_cycle"), ("schedule", "reduce_on_plateau"), ("preset", "gpt3"))
BAD_INPUT = (("lr0", "abc"), ("epochs", "0"), ("sharpness", "-1"), ("noise", "1e400"))


class Runs:
    """The training views' runs, trained once for the whole matrix: what they show depends on the
    run (η₀, T, the curve), not on the theme or the window."""

    def __init__(self) -> None:
        self._kept: dict = {}

    def get(self, key, make, advance):
        if key not in self._kept:
            run = make()
            advance(run)
            self._kept[key] = run
        return self._kept[key]


RUNS = Runs()


def _views(app: App):
    """Each view and overlay in turn, opened on `app` as it stands; yields its name while it is shown."""
    sim = app.sim
    s = sim.settings
    for at in (0, s.epochs // 3, s.epochs):
        sim.seek(at)
        app.frame(1 / 60)
        yield f"valley at epoch {at}"
    sim.seek(s.epochs // 3)
    app.apply(it.ShowPage("optimizer"))
    for pick in ("momentum", "adam"):  # the optimizer's rows, and the readout's lines about its state
        app.apply(it.SetValue("optimizer", pick))
        app.frame(1 / 60)
        yield f"optimizer tab, {pick}"
    app.apply(it.SetValue("optimizer", "sgd"))
    app.apply(it.ShowPage("knobs"))
    app.frame(1 / 60)
    for intent in (it.ToggleExplain(), it.ToggleHelp(), it.OpenExport()):
        app.apply(intent)
        app.frame(1 / 60)
        yield type(intent).__name__
        app.modes.clear()
    code = (plateau_code(s.lr0, s.params) if sim.curve is None
            else pytorch_code(s.schedule, s.lr0, s.epochs, s.params, s.steps_per_epoch))
    app.show(CodeOverlay(app, code))
    app.frame(1 / 60)
    yield "code"
    app.modes.clear()
    app.show(SetupList(app))
    app.frame(1 / 60)
    yield "setup list"
    app.modes.clear()
    app.apply(it.AddToRace())  # refused for a loss-driven schedule, with a message
    race_of(app).add(make_settings("cosine", lr0=s.lr0, epochs=s.epochs))
    app.apply(it.ToggleRace())
    app.messages.clear()
    app.frame(1 / 60)
    yield "race"
    app.modes.clear()
    app.race = None
    yield from _training_views(app)
    yield from _messages(app)


def _training_views(app: App):
    s = app.sim.settings
    mode = TrainMode(app)
    mode.run = RUNS.get(("train", repr(s)), lambda: mode.run, lambda run: run.advance(min(s.epochs, 60)))
    mode.run.source = app.sim.trajectory  # the same curve: no training afresh
    app.show(mode)
    yield "train"
    app.modes.clear()
    if s.epochs <= 2000:
        mode = EveryScheduleMode(app)
        # What the mode trains from (EveryScheduleMode): T, the network's recipe and the seed, not the valley's η₀.
        mode.run = RUNS.get(("every", s.epochs, recipe_of(s), s.seed), lambda: mode.run,
                            lambda run: _until_done(run, lambda: run.advance(max_epochs=10**6)))
        app.show(mode)
        yield "every schedule"
        app.modes.clear()
    mode = RangeTestMode(app)
    mode.test = RUNS.get(("range", s.seed), lambda: mode.test, lambda test: test.advance(10_000))
    app.show(mode)
    yield "range test"
    app.modes.clear()


def _until_done(run, step) -> None:
    while not run.done:
        step()


def _messages(app: App):
    """Notes for several refused boxes at once, a confirmation of several lines, a kiosk's caption."""
    for key, text in BAD_INPUT:
        app.apply(it.SetValue(key, text))
    app.frame(1 / 60)
    yield "notes"
    app.messages.clear()
    app.messages.say("saved step_2026-01-01_12-00-00.py\nPyTorch code copied to the clipboard\n"
                     "saved step_2026-01-01_12-00-00.csv\nin /home/teacher/lrgame-output")
    app.frame(1 / 60)
    yield "toast"
    app.messages.clear()
    attract = Attract()
    captions = {scene.preset or scene.settings.schedule: scene.caption
                for scene in map(attract.scene, range(attract.scene_count))}
    shown = app.valley.preset or app.sim.settings.schedule
    app.messages.say(captions.get(shown, max(captions.values(), key=len)), seconds=1e9)
    app.frame(1 / 60)
    yield "kiosk caption"
    app.messages.clear()


def _choose(app: App, kind: str, name: str) -> None:
    app.modes.clear()
    app.messages.clear()
    if kind == "preset":
        app.valley.load_preset(name)
    else:
        app.valley.preset = ""
        app.apply(it.SetValue("schedule", name))
    app.frame(1 / 60)


def every_view(app: App, choices):
    """(choice, view) for each view of each choice in turn, then the landscape's views (once: what
    they show comes from the surfaces, not from the schedule picked)."""
    for kind, name in choices:
        _choose(app, kind, name)
        for view in _views(app):
            yield name, view
    for view in _landscape_views(app):
        yield "landscape", view


def _landscape_views(app: App):
    """The landscape (D) on each surface, from its 2-D tab: its start, a third of the way with the
    pointer on the current dot and on the bare map, its end, its explanation; the optimizer's longest
    rows (momentum, Adam); a path that flew off (the arrow and the note). Then back to the valley."""
    app.modes.clear()
    app.messages.clear()
    app.apply(it.ShowPage("surface"))
    for name in SURFACES:
        app.apply(it.SetValue("surface", name))
        steps = app.sim.steps
        for at, pointer in ((0, None), (steps // 3, "dot"), (steps // 3, "map"), (steps, None)):
            app.sim.seek(at // app.sim.settings.steps_per_epoch)
            app.frame(1 / 60)
            shown = app.shown().landscape
            plane = plane_for(app.scene.layout.valley, shown.run.shape.bounds)
            if pointer == "dot":
                app.mouse = tuple(int(v) for v in plane.pixels(shown.path.points[shown.t : shown.t + 1])[0])
            elif pointer == "map":
                app.mouse = (plane.left + plane.width // 5, plane.top + plane.height - plane.height // 5)
            else:
                app.mouse = (-1, -1)
            app.frame(1 / 60)
            yield f"landscape {name} at step {at}" + (f", pointer on the {pointer}" if pointer else "")
        app.apply(it.ToggleExplain())
        app.frame(1 / 60)
        yield f"landscape {name}, explained"
        app.apply(it.ToggleExplain())
    app.mouse = (-1, -1)
    for pick in ("momentum", "adam"):
        app.apply(it.SetValue("optimizer", pick))
        app.sim.seek(1)
        app.frame(1 / 60)
        yield f"landscape, {pick}"
    app.apply(it.SetValue("optimizer", "sgd"))
    app.apply(it.SetValue("lr0", 5))
    app.sim.seek(app.sim.settings.epochs)
    app.frame(1 / 60)
    yield "landscape, flown off"
    yield from _forks_and_compared(app)
    app.apply(it.SetValue("surface", ""))
    app.apply(it.ShowPage("knobs"))
    app.frame(1 / 60)


def _forks_and_compared(app: App):
    """F: the river's trunk and its forked cooldowns, their table and charts, alone and explained.
    C over the landscape with four slots (momentum's and Adam's names, one path that flies off):
    each slot's path on every surface a third of the way, its marker there, and the scoreboard;
    on the first surface its start and its end too."""
    app.apply(it.SetValue("surface", "river"))  # the river's η₀ and T again, after the path flown off
    app.apply(it.ToggleForks())
    app.frame(1 / 60)
    yield "landscape, forks"
    app.apply(it.ToggleExplain())
    app.frame(1 / 60)
    yield "landscape, forks explained"
    app.apply(it.ToggleExplain())
    app.apply(it.ToggleForks())
    app.messages.clear()
    for i, name in enumerate(SURFACES):
        app.apply(it.SetValue("surface", name))
        if i == 0:
            s = app.sim.settings
            race = race_of(app)
            race.add(s)
            race.add(make_settings("cosine", s.lr0, s.epochs, optimizer=make_optimizer("sgd", momentum=0.9)))
            race.add(make_settings("one_cycle", s.lr0, s.epochs, optimizer=make_optimizer("adam")))
            race.add(make_settings("constant", 50 * s.lr0, s.epochs))  # flies off
            app.apply(it.ToggleRace())
        steps = app.sim.steps
        for at in (0, steps // 3, steps) if i == 0 else (steps // 3,):
            app.sim.seek(at // app.sim.settings.steps_per_epoch)
            app.messages.clear()
            app.frame(1 / 60)
            yield f"landscape {name}, compared paths at step {at}"
    app.modes = [m for m in app.modes if not isinstance(m, RaceMode)]
    app.race = None


def _saved_setups(theme: str, monkeypatch, tmp_path) -> None:
    """An output folder of its own, with three saved setups for the setup list to show."""
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path))
    for i in range(3):
        save_setup(Setup(make_settings("cosine", epochs=50 + i), theme=theme), tmp_path)


def _check(theme: str, size: tuple[int, int], choices, monkeypatch, tmp_path) -> None:
    _saved_setups(theme, monkeypatch, tmp_path)
    boxes = TextBoxes(monkeypatch)
    app = App(LaunchOptions(settings=make_settings(), epoch=0, size=size, headless=True, theme=theme))
    app.frame(1 / 60)
    found = []
    started = time.perf_counter()
    checks = 0
    for name, view in every_view(app, choices):
        frame, texts, drawn = frame_texts(app, boxes)
        checks += 1
        found += [f"{name}, {view}: {p}" for p in (*problems(texts, drawn, regions(app), frame.get_rect()),
                                                   *button_problems(app))]
    print(f"{checks} frames checked in {time.perf_counter() - started:.1f} s")
    assert not found, f"{len(found)} problems:\n" + "\n".join(found[:40])


@pytest.mark.parametrize(("theme", "size"), [("dark", (1024, 600)), ("projector", (1920, 1080))])
def test_a_slice_has_nothing_overlapping_or_cut(theme, size, monkeypatch, tmp_path):
    _check(theme, size, QUICK, monkeypatch, tmp_path)


@pytest.mark.parametrize("theme", THEMES)
def test_the_smallest_window_shows_the_tabs_and_the_range_tests_words_whole(theme, monkeypatch):
    """At 1024×600 (a classroom projector's) the tabs' words keep clear of their borders and the
    range test's last line ("G or Esc closes this") fits above its button."""
    boxes = TextBoxes(monkeypatch)
    app = App(LaunchOptions(settings=make_settings(), size=SIZES[0], headless=True, theme=theme))
    mode = RangeTestMode(app)
    mode.test = RUNS.get(("range", app.sim.settings.seed), lambda: mode.test, lambda test: test.advance(10_000))
    app.show(mode)
    app.frame(1 / 60)
    frame, texts, drawn = frame_texts(app, boxes)
    assert any(t.issued.text.startswith("G or Esc closes this") for t in texts if t.rect is not None)
    assert [*problems(texts, drawn, regions(app), frame.get_rect()), *button_problems(app)] == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_the_balls_loss_chart_keeps_its_title_and_numbers_at_every_size(theme, size, monkeypatch):
    """The small chart under the readout says what its line is and on what scale, in a projector's
    1024×600 too (there the x axis' name gives way: the rate chart above names it), whole."""
    boxes = TextBoxes(monkeypatch)
    app = App(LaunchOptions(settings=make_settings("cosine"), epoch=30, size=size, headless=True, theme=theme))
    app.frame(1 / 60)
    frame, texts, drawn = frame_texts(app, boxes)
    inside = {t.issued.text for t in texts if t.rect is not None and app.scene.layout.loss_chart.contains(t.rect)}
    assert {"Ball's loss so far", "loss", "0", "100"} <= inside, inside
    assert [*problems(texts, drawn, regions(app), frame.get_rect())] == []


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("theme", THEMES)
def test_every_schedule_recipe_view_and_window_has_nothing_overlapping_or_cut(theme, size, monkeypatch, tmp_path):
    _check(theme, size, CHOICES, monkeypatch, tmp_path)


@pytest.fixture(autouse=True)
def _quit():
    yield
    pygame.quit()
