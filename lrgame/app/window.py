"""The window and its loop: read events → intents → simulation.update → draw → flip.

`run()` reads as its steps. Input becomes intents (controller for keys, panel for widgets), the
simulation advances in fixed ticks, and drawing only reads. A headless run feeds the clock a
nominal 1/60 s per frame, so the same flags always give the same picture.

What only some sessions use (kiosk, random input, the training views, export, saved setups) is
imported where it is first used: the time to the first frame is one of the window's goals.
"""

from __future__ import annotations

import gc
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pygame
import pygame_gui

from lrgame.sim import intents as it
from lrgame.engine import schedules
from lrgame.sim.clock import FixedClock
from lrgame.app.launch import LaunchOptions
from lrgame.sim.settings import SCALE_RANGE, make_settings, updated
from lrgame.app.keys import KEY_HELP, export_key_intent, key_intent, setup_list_key_intent
from lrgame.app.output import output_dir
from lrgame.sim.files import timestamped
from lrgame.engine.numbers import typed_number_in, whole_in
from lrgame.engine.params import ConfigError
from lrgame.sim.presets import get_preset
from lrgame.sim.simulation import DEFAULT_SPEED, SPEED_RANGE, Simulation
from lrgame.look.metrics import PanelMetrics
from lrgame.ui.panel import LR0_SLIDER, Panel, PanelState
from lrgame.ui.scale import Scale
from lrgame.look.layout import fit_scale, fits
from lrgame.ui.widget_pixels import WidgetPixels
from lrgame.view.scene import Scene
from lrgame.view.overlay import Note, export_menu_rows, setup_list_rows
from lrgame.look.projector import PROJECTOR
from lrgame.look.theme import ASSETS, DARK, set_ui_scale

if TYPE_CHECKING:
    from lrgame.sim.race import Race
    from lrgame.train.every_schedule import EverySchedule
    from lrgame.train.range_test import RangeTest
    from lrgame.train.run import TrainingRun

def run(options: LaunchOptions) -> int:
    """Open the window (or the dummy display when headless), run it, return an exit status."""
    if options.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
    app = App(options)
    try:
        return app.run()
    finally:
        pygame.quit()


TITLE = "Learning Rate Schedule Simulator"
_INPUT_EVENTS = {pygame.KEYDOWN, pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION, pygame.MOUSEWHEEL, pygame.FINGERDOWN,
                 pygame.TEXTINPUT}
# Visitors cannot leave fullscreen, write files or browse them.
KIOSK_OFF = (it.ToggleFullscreen, it.OpenExport, it.Export, it.SaveSetup, it.OpenSetups, it.LoadSetup)
SCALE_STEPS = (0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5)  # Ctrl+= / Ctrl+− walk these
# Per theme: palette, widget theme file, smallest design text size, smallest UI scale. Projector
# text is at least 16 design px at scale 1.5 or more (where the window fits it): 24 px on a 1080p
# screen, which a back row can read.
THEMES = {"dark": (DARK, "theme.json", 0, 0.0), "projector": (PROJECTOR, "theme-projector.json", 16, 1.5)}
_FINGER_TO_MOUSE = {
    pygame.FINGERDOWN: pygame.MOUSEBUTTONDOWN,
    pygame.FINGERMOTION: pygame.MOUSEMOTION,
    pygame.FINGERUP: pygame.MOUSEBUTTONUP,
}
NOTE_SECONDS = 5.0
_VIEW_BUTTONS: dict[str, it.Intent] = {"range": it.ToggleRangeTest(), "use": it.UseSuggestedLr0(),
                                        "grand": it.ToggleEverySchedule()}
TRAIN_EPOCHS_PER_FRAME = 3  # about 5 ms of training a frame: the window keeps its frame rate
RANGE_STEPS_PER_FRAME = 4  # the range test's 160 steps take under a second, a few milliseconds a frame
GRAND_EPOCHS_PER_FRAME = 6  # every schedule at T = 100 in about 7 s, a few milliseconds a frame
GRAND_MAX_EPOCHS = 2000  # at T = 2000 the comparison takes two minutes in the window
LR0_KEY_SCALE = Scale(*LR0_SLIDER, log=True)
NO_CSV = "No CSV: reduce on plateau follows the loss, so its rates are not known before the run."


def _settle_heap() -> None:
    """Free the garbage cycles (pygame_gui widgets sit in reference cycles, so a killed one waits
    for a collection), then move everything alive into the permanent generation: Python's full
    collections then stop walking the window's ~35,000 long-lived objects, which took ~10 ms of
    the frame they fell in. Objects made later are collected as usual."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def theme_data(theme: str = "dark", scale: float = 1.0) -> dict:
    """A pygame_gui theme file with its font paths made absolute (so any working directory works)
    and its font sizes, borders and corners multiplied by the UI scale."""
    data = json.loads((ASSETS / THEMES[theme][1]).read_text(encoding="utf-8"))
    for block in data.values():
        font = block.get("font") if isinstance(block, dict) else None
        if font:
            for key, value in list(font.items()):
                if key.endswith("_path"):
                    font[key] = str(ASSETS / value)
            if "size" in font:
                font["size"] = str(max(6, round(int(font["size"]) * scale)))  # a string, or pygame_gui ignores it
        misc = block.get("misc") if isinstance(block, dict) else None
        for key in ("border_width", "shape_corner_radius"):
            if misc and key in misc:
                misc[key] = str(max(1, round(int(misc[key]) * scale)))
    return data


class App:
    """Owns the window, the widgets, the simulation and the scene drawer."""

    def __init__(self, options: LaunchOptions) -> None:
        pygame.display.init()
        pygame.font.init()
        self.options = options
        self.fullscreen = False
        self.window = pygame.display.set_mode(options.size, pygame.RESIZABLE)
        pygame.display.set_caption(TITLE)
        self.theme = options.theme
        self.wanted_scale = options.scale  # what the user asked for; `scale` (set by _build_ui) is what fits
        self._input = False  # did this frame bring any event
        self._shown_state: PanelState | None = None
        self.sim = Simulation(options.settings, options.epoch or 0)
        if options.play:
            self.sim.toggle_play()
        self.clock = FixedClock()
        self.now = 0.0
        self.alpha = 0.0
        self.running = True
        self.show_help = False
        self.show_explain = False
        self.show_compare = False
        self.training: TrainingRun | None = None  # the network under the current curve, while T is on
        self.range_test: RangeTest | None = None  # the learning-rate range test, while G is on
        self.grand: EverySchedule | None = None  # every schedule trained, while Shift+T is on
        self.comparison: Race | None = None  # the schedules added with Shift+C (see `_comparison`)
        self.log_scale = False
        self.mouse = (-1, -1)
        self.notes: dict[str, Note] = {}
        self.preset = options.preset
        self.export_folder: str | None = None  # set while the export menu is open
        self.toast: Note | None = Note("\n".join(options.messages), False, NOTE_SECONDS) if options.messages else None
        self.code_shown: str | None = None  # the exported PyTorch code, shown until Esc
        self.setup_files: list[Path] | None = None  # the Ctrl+O list, while it is open
        self._build_ui(options.size)
        self.kiosk = options.kiosk
        self.attract = None
        if options.kiosk:
            from lrgame.sim.attract import Attract

            self.attract = Attract(options.idle_seconds)
        self.attract_scene: int | None = None
        self.random_input = None
        if options.random_input is not None:
            from lrgame.app.random_input import RandomInput

            self.random_input = RandomInput(options.random_input)
        self.crashlog = None
        if options.kiosk or self.random_input:
            from lrgame.app.crashlog import CrashLog

            self.crashlog = CrashLog(output_dir() / "lrgame-errors.log")
        if options.fullscreen:
            self._toggle_fullscreen()
        self._heap_settled = False  # see `frame`

    # ---- the loop -----------------------------------------------------------------------------------

    def run(self) -> int:
        """Frames until quit (or until --frames when headless)."""
        pacer = pygame.time.Clock()
        last = time.perf_counter()
        frames = 0
        started = time.perf_counter()
        while self.running:
            now = time.perf_counter()
            frame_s = 1 / 60 if self.options.headless else now - last
            last = now
            if self.random_input is not None:
                for event in self.random_input.events(self.window.get_size(), self._widget_rects()):
                    pygame.event.post(event)
            if self.crashlog is None:
                self.frame(frame_s)
            else:
                self._guarded_frame(frame_s)
            frames += 1
            if self.options.headless:
                if self.options.frames is not None and frames >= self.options.frames:
                    break
            else:
                pacer.tick(120)
        self._finish()
        if self.random_input is not None:
            fps = frames / max(time.perf_counter() - started, 1e-9)
            print(f"random input: {frames} frames, {fps:.0f} frames/s, peak resident memory {_peak_rss()}, "
                  f"{self.crashlog.count} errors logged" + (f" in {self.crashlog.path}" if self.crashlog.count else ""))
        return 1 if self.crashlog is not None and self.crashlog.count else 0

    def _guarded_frame(self, frame_s: float) -> None:
        """Kiosk and soak: an unexpected error is logged and the simulator starts over from its
        defaults, so a museum screen never shows a traceback."""
        try:
            self.frame(frame_s)
        except Exception as error:  # noqa: BLE001 - any error at all: that is the point here
            self.crashlog.record(error)
            self._reset()

    def _widget_rects(self) -> list[pygame.Rect]:
        return [element.rect for row in self.panel.rows for element in row.elements]

    def frame(self, frame_s: float) -> None:
        """One frame: input, fixed-step update, draw, flip. After the first one is on screen, the
        heap is settled once (see `_settle_heap`): start-up does not wait for the collection."""
        self._process_events()
        self._update(frame_s)
        self._draw()
        pygame.display.flip()
        if not self._heap_settled:
            _settle_heap()
            self._heap_settled = True

    def _process_events(self) -> None:
        """Turn every pending event into intents and carry them out."""
        events = pygame.event.get()
        for event in events:
            self._handle(event)
        self._input = bool(events)
        for intent in self.panel.focus_lost():
            self.apply(intent)

    def _handle(self, event: pygame.event.Event) -> None:
        if event.type in _FINGER_TO_MOUSE:
            event = self._touch_as_mouse(event)
        elif event.type in _FINGER_TO_MOUSE.values() and getattr(event, "touch", False):
            return  # SDL's own mouse copy of a touch: the finger event above already stands for it
        if event.type == pygame.QUIT:
            self.running = self.kiosk  # a kiosk's window cannot be closed by a visitor
            return
        if self.attract is not None and event.type in _INPUT_EVENTS and self.attract.touch(self.now):
            self._reset()  # the visitor's first touch only wakes the simulator, from its defaults
            return
        if event.type == pygame.VIDEORESIZE:
            self._resize(event.w, event.h)
            return
        if event.type in (pygame.VIDEOEXPOSE, pygame.WINDOWEXPOSED):
            self.scene.forget_frame()  # the system may have lost the window's pixels: draw it all again
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
        if self.export_folder is None and event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            hit = self.scene.view_button_at(event.pos, self.training, self.range_test, self.grand)
            if hit is not None:
                self.apply(_VIEW_BUTTONS[hit])
                return
        if self.export_folder is not None:
            self._handle_export_menu(event)
            return
        if self.setup_files is not None:
            self._handle_setup_list(event)
            return
        if self.panel.editing() and event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self._cancel_edit()
            else:
                self.manager.process_events(event)
            return
        consumed = False if event.type == pygame.KEYDOWN else self.manager.process_events(event)
        if event.type == pygame.KEYDOWN and not consumed:
            intent = key_intent(event)
            if intent is not None:
                self.apply(intent)
            return
        intent = self.panel.handle(event, consumed)
        if intent is not None:
            self.apply(intent)

    def _touch_as_mouse(self, event: pygame.event.Event) -> pygame.event.Event:
        """A finger is a left mouse button: tap = click, drag = drag (touch x, y are 0..1)."""
        w, h = self.window.get_size()
        pos = (min(max(int(event.x * w), 0), w - 1), min(max(int(event.y * h), 0), h - 1))
        kind = _FINGER_TO_MOUSE[event.type]
        if kind == pygame.MOUSEMOTION:
            return pygame.event.Event(kind, pos=pos, rel=(0, 0), buttons=(1, 0, 0), touch=False)
        return pygame.event.Event(kind, pos=pos, button=1, touch=False)

    def _handle_export_menu(self, event: pygame.event.Event) -> None:
        """While the export menu is open it takes the keys and clicks."""
        intent = None
        if event.type == pygame.KEYDOWN:
            intent = export_key_intent(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            hit = [kind for rect, kind in export_menu_rows(self.window.get_size()) if rect.collidepoint(event.pos)]
            intent = it.Export(hit[0]) if hit else None
        if intent is not None:
            self.apply(intent)

    def _handle_setup_list(self, event: pygame.event.Event) -> None:
        """While the setup list is open it takes the keys and clicks."""
        intent = None
        if event.type == pygame.KEYDOWN:
            intent = setup_list_key_intent(event, len(self.setup_files))
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            rows = setup_list_rows(self.window.get_size(), len(self.setup_files))
            intent = next((it.LoadSetup(i) for i, rect in enumerate(rows) if rect.collidepoint(event.pos)), None)
        if intent is not None:
            self.apply(intent)

    def _update(self, frame_s: float) -> None:
        """Advance the model in fixed ticks, then let the widgets catch up with it."""
        self._attract()
        steps, self.alpha = self.clock.advance(frame_s)
        for _ in range(steps):
            self.sim.update(self.clock.step)
            if self.comparison is not None:
                self.comparison.catch_up(self.sim.t)
        if self.training is not None:
            if self.training.source is not self.sim.trajectory:  # settings changed: train afresh
                self.training = self._new_training()
            self.training.advance(TRAIN_EPOCHS_PER_FRAME)
        if self.range_test is not None:
            self.range_test.advance(RANGE_STEPS_PER_FRAME)
        if self.grand is not None:
            self.grand.advance(max_epochs=GRAND_EPOCHS_PER_FRAME)
        self.now += max(0.0, min(frame_s, 0.25))
        self.notes = {k: n for k, n in self.notes.items() if n.until > self.now}
        if self.toast is not None and self.toast.until <= self.now:
            self.toast = None
        state = self._panel_state()
        changed = state != self._shown_state
        if changed or self._input:  # the same state and no input: the widgets already show it
            self.panel.sync(state)
        # While playing, a new epoch only moves the epoch slider's handle: pygame_gui has nothing to animate.
        handle_only = (changed and state.playing and self._shown_state is not None
                       and self._shown_state._replace(epoch=state.epoch) == state)
        self.widgets.update(frame_s, input_came=self._input, state_changed=changed and not handle_only,
                            redrawn=handle_only)
        self._shown_state = state

    def _draw(self) -> None:
        self.scene.draw(self.window, self.sim, self.alpha, self.log_scale, self.mouse, self.preset,
                        self.show_explain, self.comparison if self.show_compare else None, self.training,
                        self.range_test, self.grand, self.widgets, captions=self.panel.captions())
        self.scene.draw_overlays(self.window, self.panel, self._visible_notes(),
                                 KEY_HELP if self.show_help else None)
        self.scene.draw_messages(self.window, self.export_folder, self.toast, self.code_shown, self.setup_files)

    def _visible_notes(self) -> list[tuple[pygame.Rect, Note]]:
        out = []
        for key, note in self.notes.items():
            row = self.panel.row(key)
            if row is not None:
                out.append((row.rect, note))
        return out

    # ---- intents --------------------------------------------------------------------------------------

    def apply(self, intent: it.Intent) -> None:
        """Carry out one intent. Refused input becomes a note beside its control, never a traceback."""
        try:
            self._apply(intent)
        except ConfigError as error:
            if not isinstance(intent, it.SetValue):
                self.toast = Note(str(error), True, self.now + NOTE_SECONDS)
                return
            self._note(intent.key, f"{error}. Kept the last good value.", error=True)
            self.panel.forget(intent.key)

    def _apply(self, intent: it.Intent) -> None:
        if self.kiosk and (isinstance(intent, KIOSK_OFF) or intent == it.Quit(kiosk_chord=False)):
            return
        sim = self.sim
        match intent:
            case it.SetValue(key="epoch", value=value):
                sim.playing = False
                sim.seek(_whole("epoch", value, 0, sim.settings.epochs))
            case it.SetValue(key="speed", value=value):
                sim.set_speed(_number_in("speed", value, *SPEED_RANGE))
            case it.SetValue(key="preset", value=value):
                if value:
                    self._load_preset(str(value))
            case it.SetValue(key=key, value=value):
                from lrgame.app.editing import apply_edit  # imported at the first edit: start-up counts

                result = apply_edit(sim.requested, key, value)
                if result.settings != sim.requested:
                    sim.apply(result.settings)
                    self.preset = ""
                self.notes.pop(key, None)
                for text in result.notes:
                    self._note(key, text, error=False)
            case it.Step(epochs=n):
                sim.playing = False
                sim.step_epochs(n)
            case it.SeekEnd(first=first):
                sim.playing = False
                sim.seek(0 if first else sim.settings.epochs)
            case it.TogglePlay():
                sim.toggle_play()
            case it.Rewind():
                sim.rewind()
            case it.ResetAll():
                self.sim = Simulation(make_settings(), 0, DEFAULT_SPEED)
                self.preset = ""
                self.log_scale = False
                self.notes.clear()
            case it.CycleSchedule(direction=d):
                names = list(schedules.ENTRIES)
                self._apply(it.SetValue("schedule", names[(names.index(sim.requested.schedule) + d) % len(names)]))
            case it.SelectSchedule(index=i):
                names = list(schedules.SCHEDULES)
                if i < len(names):
                    self._apply(it.SetValue("schedule", names[i]))
            case it.NudgeLr0(direction=d):
                self._apply(it.SetValue("lr0", LR0_KEY_SCALE.nudge(sim.requested.lr0, d)))
            case it.ToggleLog():
                self.log_scale = not self.log_scale
            case it.ToggleFullscreen():
                self._toggle_fullscreen()
            case it.ToggleHelp():
                self.show_help = not self.show_help
            case it.ToggleExplain():
                self.show_explain = not self.show_explain
            case it.ToggleTrain():
                self._show_below("train")
            case it.ToggleRangeTest():
                self._show_below("range")
            case it.ToggleEverySchedule():
                self._show_below("grand")
            case it.UseSuggestedLr0():
                if self.range_test is not None and self.range_test.done:
                    from lrgame.view.range_view import suggested_text

                    text = suggested_text(self.range_test.result())
                    self._apply(it.SetValue("lr0", float(text)))
                    self.toast = Note(f"η₀ is now {text}, the range test's suggestion. T trains the network with it.",
                                      False, self.now + NOTE_SECONDS)
            case it.ToggleRace():
                self.show_compare = not self.show_compare
                self._comparison()
            case it.AddToRace():
                slot = self._comparison().add(sim.settings)
                self.toast = Note(f"Added {slot.label} to the comparison ({len(self.comparison.slots)} of 4). "
                                  "C shows the race.", False, self.now + NOTE_SECONDS)
            case it.RemoveFromRace():
                if self.comparison is not None and self.comparison.slots:
                    self.comparison.remove(len(self.comparison.slots) - 1)
            case it.Escape():
                if self.show_help or self.show_explain or self.code_shown:
                    self.show_help = self.show_explain = False
                    self.code_shown = None
                elif self.range_test is not None or self.grand is not None:
                    self.range_test = self.grand = None
                elif self.fullscreen and not self.kiosk:
                    self._toggle_fullscreen()
                else:
                    self.panel.focus = None
            case it.Quit():
                self.running = False
            case it.OpenExport():
                self._toggle_export_menu()
            case it.Export(kind=kind):
                self.export_folder = None
                self._export(kind)
            case it.MoveFocus(direction=d):
                self.panel.move_focus(d)
            case it.AdjustFocused(direction=d):
                row = self.panel.focused()
                current = self.panel.values(self._panel_state()).get(row.key) if row else None
                follow = self.panel.adjust(row, d, current) if row and current is not None else None
                if follow is not None:
                    self._apply(follow)
            case it.ActivateFocused() if self.range_test is not None and self.panel.focused() is None:
                self._apply(it.UseSuggestedLr0())  # Enter while the range test is shown
            case it.ActivateFocused():
                row = self.panel.focused()
                follow = self.panel.activate(row) if row else None
                if follow is not None:
                    self._apply(follow)
            case it.ToggleProjector():
                self.theme = "dark" if self.theme == "projector" else "projector"
                self._rebuild_ui()
            case it.ScaleBy(direction=d):
                self._step_scale(d)
            case it.SaveSetup():
                from lrgame.sim.setups import save_setup

                path = save_setup(sim.requested, {"theme": self.theme, "scale": self.wanted_scale}, output_dir())
                self.toast = Note(f"saved {path.name}\nin {path.parent}  ·  Ctrl+O opens it", False,
                                  self.now + NOTE_SECONDS)
            case it.OpenSetups():
                from lrgame.sim.setups import list_setups

                self.setup_files = None if self.setup_files is not None else list_setups(output_dir())[:9]
            case it.LoadSetup(index=i):
                if self.setup_files and i < len(self.setup_files):
                    self._load_setup(self.setup_files[i])

    def _comparison(self) -> Race:
        """The comparison, made (and its module imported) the first time it is asked for."""
        if self.comparison is None:
            from lrgame.sim.race import Race

            self.comparison = Race()
        return self.comparison

    def _reset(self) -> None:
        """Every setting back to its default, overlays closed: Shift+R, a kiosk's recovery."""
        self.sim = Simulation(make_settings(), 0, DEFAULT_SPEED)
        self.log_scale = self.show_help = self.show_explain = self.show_compare = False
        self.notes.clear()
        self.preset = ""
        self.training = self.range_test = self.grand = None
        self.code_shown = self.export_folder = self.toast = None
        self.attract_scene = None

    def _attract(self) -> None:
        """Kiosk idle: show the attract script's scene for this moment, playing."""
        if self.attract is None or not self.attract.update(self.now):
            return
        index = self.attract.index(self.now)
        if index != self.attract_scene:
            # The widgets the last scene change killed (knob rows, dropdowns) and their surfaces
            # wait for a collection: without it a kiosk grew ~0.5 MB a scene.
            _settle_heap()
            scene = self.attract.scene(index)
            self.sim = Simulation(scene.settings, 0, scene.speed)
            self.sim.toggle_play()
            self.attract_scene = index
            self.preset = scene.preset
            self.toast = Note(scene.caption, False, self.now + 1e9)

    def _step_scale(self, direction: int) -> None:
        """The next scale step up or down from what is shown; a step that cannot be shown is not
        taken, and a message says why."""
        if direction > 0:
            steps = [s for s in SCALE_STEPS if s > self.scale + 1e-9]
        else:
            steps = [s for s in SCALE_STEPS if s < self.scale - 1e-9][::-1]
        least = THEMES[self.theme][3]
        if not steps:
            lo, hi = SCALE_RANGE
            why = f"The scale goes from {lo:g} to {hi:g}."
        elif direction > 0 and not fits(steps[0], self.window.get_size()):
            why = f"Scale {steps[0]:g} does not fit this window: a bigger window or fullscreen (F11) makes room."
        elif direction < 0 and steps[0] < least <= self.scale:
            why = f"The projector theme keeps scale {least:g} or more (P switches it off)."
        else:
            self.wanted_scale = steps[0]
            self._rebuild_ui()
            why = f"Scale {self.scale:g}"
        self.toast = Note(why, False, self.now + NOTE_SECONDS)

    def _load_setup(self, path: Path) -> None:
        """A saved setup replaces the settings and the look; a bad file changes nothing (the
        ConfigError becomes a one-line message in `apply`)."""
        from lrgame.sim.setups import load_setup

        self.setup_files = None
        settings, extras, warnings = load_setup(path)
        self.sim.apply(settings)
        self.preset = ""
        self.theme = str(extras.get("theme", self.theme))
        self.wanted_scale = float(extras.get("scale", self.wanted_scale))
        self._rebuild_ui()
        self.toast = Note("\n".join([f"opened {path.name}", *warnings]), False, self.now + NOTE_SECONDS)

    def _load_preset(self, name: str) -> None:
        """A recipe's schedule, η₀, T, knobs and sharpness; the valley, noise and seed stay."""
        here = self.sim.requested
        settings = get_preset(name).settings()
        self.sim.apply(updated(settings, valley=here.valley, noise=here.noise, seed=here.seed))
        self.preset = name

    def _panel_state(self) -> PanelState:
        sim = self.sim
        return PanelState(sim.requested, sim.epoch, sim.speed, sim.playing, self.log_scale, self.preset)

    def _note(self, key: str, text: str, *, error: bool) -> None:
        self.notes[key] = Note(text, error, self.now + NOTE_SECONDS)

    def _cancel_edit(self) -> None:
        """Esc in a box: drop the typed text and show the value again."""
        for row in self.panel.rows:
            if row.entry is not None and row.entry.is_focused:
                row.entry.unfocus()
                self.panel.forget(row.key)
        self.manager.set_focus_set(None)
        self.panel.focus_lost()

    # ---- the views under the cards ------------------------------------------------------------------

    def _show_below(self, view: str) -> None:
        """T, G and Shift+T share the area under the cards: showing one closes the others, and
        asking again for the one shown closes it."""
        shown = {"train": self.training, "range": self.range_test, "grand": self.grand}[view] is not None
        s = self.sim.settings
        if not shown and view == "grand" and s.epochs > GRAND_MAX_EPOCHS:
            raise ConfigError(f"T={s.epochs} is too long to train every schedule here: at most {GRAND_MAX_EPOCHS} "
                              "epochs (the command python main.py compare takes up to 5000)")
        from lrgame.train.every_schedule import EverySchedule
        from lrgame.train.range_test import RangeTest

        grand = EverySchedule(s.epochs, s.lr0, [s.seed]) if not shown and view == "grand" else None
        self.training = self._new_training() if not shown and view == "train" else None
        self.range_test = RangeTest(seed=s.seed) if not shown and view == "range" else None
        self.grand = grand

    def _new_training(self) -> TrainingRun:
        """One network epoch per schedule epoch: the rate at the start of each epoch. A loss-driven
        schedule gets its own fresh controller, which listens to the network's loss."""
        from lrgame.sim.settings import run_controller
        from lrgame.train.run import TrainingRun

        s = self.sim.settings
        if self.sim.curve is None:
            run = TrainingRun(run_controller(s), seed=s.seed, epochs=s.epochs)
        else:
            run = TrainingRun(self.sim.curve[:: s.steps_per_epoch], seed=s.seed)
        run.source = self.sim.trajectory
        return run

    # ---- export ---------------------------------------------------------------------------------------

    def _toggle_export_menu(self) -> None:
        if self.export_folder is not None:
            self.export_folder = None
            return
        try:
            self.export_folder = str(output_dir())
        except OSError as error:
            self.toast = Note(f"Could not open the output folder: {error}", True, self.now + NOTE_SECONDS)

    def _export(self, kind: str) -> None:
        """Write the chosen files into the output folder and confirm with their names."""
        from lrgame.export.pytorch import plateau_code, pytorch_code
        from lrgame.export.table import csv_text

        s = self.sim.settings
        lines: list[str] = []
        try:
            if kind == "csv" and self.sim.curve is None:
                raise ConfigError(NO_CSV)
            if kind in ("code", "all"):
                code = (plateau_code(s.lr0, s.params) if self.sim.curve is None else
                        pytorch_code(s.schedule, s.lr0, s.epochs, s.params, s.steps_per_epoch))
                lines.append(self._write(".py", code))
                lines.append(_copy_to_clipboard(code))
                self.code_shown = code
            if kind in ("csv", "all"):
                lines.append(NO_CSV if self.sim.curve is None else
                             self._write(".csv", csv_text(self.sim.curve, "epoch" if s.steps_per_epoch == 1 else "step")))
            if kind in ("png", "all"):
                path = timestamped(s.schedule, ".png", output_dir())
                self.scene.draw(self.window, self.sim, self.alpha, self.log_scale, (-1, -1), self.preset,
                                widgets=self.widgets, captions=self.panel.captions())
                pygame.image.save(self.window, str(path))
                lines.append(f"saved {path.name}")
        except (OSError, pygame.error) as error:
            self.toast = Note(f"Could not export: {error}", True, self.now + NOTE_SECONDS)
            return
        self.toast = Note("\n".join([*lines, f"in {output_dir()}"]), False, self.now + NOTE_SECONDS)

    def _write(self, suffix: str, text: str) -> str:
        path = timestamped(self.sim.settings.schedule, suffix, output_dir())
        path.write_text(text, encoding="utf-8")
        return f"saved {path.name}"

    # ---- window ---------------------------------------------------------------------------------------

    def _resize(self, w: int, h: int) -> None:
        size = (max(w, 640), max(h, 480))
        if not self.fullscreen:
            self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self._rebuild_ui()

    def _build_ui(self, size: tuple[int, int]) -> None:
        """Widgets and scene made afresh from (settings, theme, scale, window size): at start, and
        when any of the last three changes. The scale is capped to the largest that fits."""
        palette, _, text_floor, least = THEMES[self.theme]
        wanted = max(self.wanted_scale, least)
        self.scale = fit_scale(wanted, size)
        set_ui_scale(self.scale, text_floor)
        self.manager = pygame_gui.UIManager(size, theme_data(self.theme, self.scale))
        self.widgets = WidgetPixels(self.manager)
        self._shown_state = None
        self.scene = Scene(size, palette)
        self.panel = Panel(self.manager, (0, 0), size[1], PanelMetrics().scaled(self.scale))
        self.panel.build(self._panel_state())

    def _rebuild_ui(self) -> None:
        """`_build_ui` for the window as it is now, keeping the keyboard focus where it was."""
        focus = self.panel.focus
        self._build_ui(self.window.get_size())
        _settle_heap()  # the old manager's widgets sit in reference cycles: free them now
        self.panel.focus = focus

    def _toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        if self.fullscreen:
            self.window = pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
        else:
            self.window = pygame.display.set_mode(self.options.size, pygame.RESIZABLE)
        self._rebuild_ui()

    # ---- leaving ----------------------------------------------------------------------------------------

    def _finish(self) -> None:
        if self.crashlog is not None:
            self.crashlog.close()
        if self.options.screenshot is not None:
            _ensure_parent(self.options.screenshot)
            pygame.image.save(self.window, str(self.options.screenshot))
        if self.options.dump_state is not None:
            _ensure_parent(self.options.dump_state)
            self.options.dump_state.write_text(json.dumps(self.state(), indent=2), encoding="utf-8")

    def state(self) -> dict:
        """What the screen shows, as numbers at full precision (for --dump-state and tests)."""
        sim = self.sim
        s = sim.summary
        traj = sim.trajectory
        return {
            "schedule": sim.settings.schedule,
            "lr0": sim.settings.lr0,
            "epochs": sim.settings.epochs,
            "params": {k: list(v) if isinstance(v, tuple) else v for k, v in sim.settings.params.items()},
            "valley": sim.settings.valley,
            "sharpness": sim.settings.sharpness,
            "noise": sim.settings.noise,
            "seed": sim.settings.seed,
            "epoch": sim.epoch,
            "step": sim.t,
            "steps_per_epoch": sim.settings.steps_per_epoch,
            "current": s.current,
            "initial": s.initial,
            "final": s.final,
            "average": s.average,
            "ratio": s.ratio,
            "ball": {"x": traj.x(sim.t), "loss": traj.loss(sim.t)},
            "diverged": sim.diverged,
            "diverged_at": traj.diverged_at,
            "playing": sim.playing,
            "theme": self.theme,
            "scale": self.scale,
        }


def _peak_rss() -> str:
    try:
        import resource  # Unix only
    except ImportError:
        return "(not measured on this system)"
    return f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"


def _copy_to_clipboard(text: str) -> str:
    """Put the code on the clipboard where the platform allows; say what happened."""
    try:
        pygame.scrap.put_text(text)
    except pygame.error:
        return "(the clipboard is not available here: open the .py file)"
    return "PyTorch code copied to the clipboard"


def _ensure_parent(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)


def _number_in(name: str, value: object, lo: float, hi: float) -> float:
    return typed_number_in(name, value, lo, hi)


def _whole(name: str, value: object, lo: int, hi: int) -> int:
    number = typed_number_in(name, value, lo, hi)
    return whole_in(name, number, lo, hi, refusal=f"is not a whole number in [{lo}, {hi}]", shown=repr(value))
