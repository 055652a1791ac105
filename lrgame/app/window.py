"""The window and its loop: read events → intents → modes and simulation → draw → flip.

`frame()` reads as its steps. Input becomes intents (the key table for keys, the panel for
widgets, the open modes for their clicks); the intents go to the open modes (registry.py), the
valley under them and last the window itself; the simulation advances in fixed ticks; drawing only
reads. Background work (training) runs in the idle time after each frame (`idle.py`). A headless
run feeds the clock a nominal 1/60 s per frame and does a fixed share of that work in each frame,
so the same flags always give the same picture.

What only some sessions use (kiosk, random input, the training views, export, saved setups) is
imported where it is first used: the time to the first frame is one of the window's goals.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pygame

from lrgame.app import files
from lrgame.app.fullscreen import Placement
from lrgame.app.heap import resume_after_start_up, settle_heap
from lrgame.app.idle import FRAME_RATE, IDLE_MARGIN_S, Slicer
from lrgame.app.keys import key_intent
from lrgame.app.launch import VALLEY, LaunchOptions
from lrgame.app.messages import Messages
from lrgame.app.mode import Mode
from lrgame.app.modes.landscape import LandscapeMode
from lrgame.app.modes.valley import ValleyMode, default_simulation
from lrgame.app.output import output_dir, use_temporary_folder
from lrgame.app.registry import OPENED_BY, ORDER
from lrgame.app.ui_build import build_ui, next_scale
from lrgame.engine.params import PATH_CHARS, ConfigError, quoted
from lrgame.sim import intents as it
from lrgame.sim.clock import FixedClock
from lrgame.sim.landscape_path import SCREEN_NAMES as LANDSCAPE_NAMES
from lrgame.sim.optimizer_choice import SCREEN_NAMES as OPTIMIZER_NAMES
from lrgame.sim.simulation import Simulation
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    from lrgame.app.idle import Work
    from lrgame.app.kiosk import Kiosk
    from lrgame.sim.race import Race


LOG_NAME = "lrgame-errors.log"
GAVE_UP = 3  # the exit status after MAX_RECOVERIES failed recoveries within RECOVERY_WINDOW_S
MAX_RECOVERIES = 5
RECOVERY_WINDOW_S = 60.0
SCREEN_NAMES = {**OPTIMIZER_NAMES, **LANDSCAPE_NAMES}  # the settings a refusal names as the screen does


def run(options: LaunchOptions) -> int:
    """Open the window (or the dummy display when headless), run it, return an exit status."""
    if options.headless:
        os.environ["SDL_VIDEODRIVER"] = "dummy"
        os.environ["SDL_AUDIODRIVER"] = "dummy"
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")
    if not options.headless:
        _check_display()
    if options.random_input is not None:
        folder = use_temporary_folder()
        if folder is not None:
            print(f"random input: files go to {folder}", flush=True)
    app = App(options)
    try:
        return app.run()
    finally:
        pygame.quit()


def _check_display() -> None:
    """With no display SDL falls back to its offscreen driver and the window runs where nobody can
    see it: refuse that, unless SDL_VIDEODRIVER was chosen on purpose."""
    if "SDL_VIDEODRIVER" in os.environ:
        return
    sys.stderr.flush()
    saved, nothing = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(nothing, 2)  # SDL's drivers complain on stderr while it tries them
    try:
        pygame.display.init()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(nothing)
    if pygame.display.get_driver() in ("offscreen", "dummy"):
        pygame.display.quit()
        raise ConfigError("there is no display to open the window on: start it from a desktop session "
                          "(or set DISPLAY), or add --headless")


def _log_path() -> Path | None:
    """Where the kiosk's errors go: the output folder, or (None) stderr when it cannot be used,
    said in one line; the program runs either way."""
    try:
        return output_dir() / LOG_NAME
    except ConfigError as error:
        print(f"lrgame: {error} Errors go to stderr.", file=sys.stderr, flush=True)
        return None


TITLE = "Learning Rate Schedule Simulator"
_FINGER_TO_MOUSE = {
    pygame.FINGERDOWN: pygame.MOUSEBUTTONDOWN,
    pygame.FINGERMOTION: pygame.MOUSEMOTION,
    pygame.FINGERUP: pygame.MOUSEBUTTONUP,
}


class App:
    """Owns the window, the widgets, the simulation, the open modes and the scene drawer."""

    def __init__(self, options: LaunchOptions) -> None:
        pygame.display.init()
        pygame.font.init()
        self.options = options
        self.fullscreen = False
        self.placement = Placement()
        self.window = pygame.display.set_mode(options.size, pygame.RESIZABLE)
        pygame.display.set_caption(TITLE)
        self.theme = options.theme
        self.wanted_scale = options.scale  # what the user asked for; `scale` (set by _build_ui) is what fits
        self._input = False  # did this frame bring any event
        self.sim = Simulation(options.settings, options.epoch or 0)
        if options.play:
            self.sim.toggle_play()
        self.race: Race | None = None  # the schedules added with Shift+C, kept while the race is hidden
        self.clock = FixedClock()
        self.paced = not options.headless  # background work in the idle time after each frame (idle.py)
        self.slicer = Slicer()
        self.now = 0.0
        self.alpha = 0.0
        self.running = True
        self.mouse = (-1, -1)
        self.messages = Messages(lambda: self.now)
        if options.messages:
            self.messages.say("\n".join(options.messages))
        self.valley = ValleyMode(self, options.preset)
        self.modes: list[Mode] = []  # the open modes and overlays, topmost first (see registry.py)
        self._build_ui(options.size)
        self.kiosk: Kiosk | None = None
        if options.kiosk:
            from lrgame.app.kiosk import Kiosk

            self.kiosk = Kiosk(options.idle_seconds)
        self.random_input = None
        if options.random_input is not None:
            from lrgame.app.random_input import RandomInput

            self.random_input = RandomInput(options.random_input)
        self.crashlog = None
        self._recoveries: list[float] = []  # when each recovery of the last minute began
        self.status = 0
        if options.kiosk or self.random_input:
            from lrgame.app.crashlog import CrashLog

            self.crashlog = CrashLog(_log_path())
        if options.setup is not None:
            files.open_setup(self, options.setup)
        if options.fullscreen:
            self._toggle_fullscreen()
        if options.view != VALLEY:
            self._open_view(options.view)
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
            self._guarded(self.frame, frame_s)
            frames += 1
            if self.options.headless:
                if self.options.frames is not None and frames >= self.options.frames:
                    break
            else:  # the rest of the frame's time: background work until shortly before the next, then sleep
                deadline = now + 1 / FRAME_RATE - IDLE_MARGIN_S
                self._guarded(self.idle, deadline)
                pacer.tick(FRAME_RATE)
        self._finish()
        if self.random_input is not None:
            fps = frames / max(time.perf_counter() - started, 1e-9)
            print(f"random input: {frames} frames, {fps:.0f} frames/s, peak resident memory {_peak_rss()}, "
                  f"{self.crashlog.count} errors logged" + (f" in {self.crashlog.where}" if self.crashlog.count else "")
                  + f"; files in {os.environ.get('LRGAME_OUTPUT')}")
        if self.status:
            return self.status
        return 1 if self.crashlog is not None and self.crashlog.count else 0

    def _guarded(self, step: Callable[[float], None], arg: float) -> None:
        """Kiosk and soak: `step(arg)` (a frame, or the idle time after one); an unexpected error is
        logged and the simulator recovers, so a museum screen never shows a traceback. When
        recovering does not help (MAX_RECOVERIES within RECOVERY_WINDOW_S each met another error)
        the program ends with status GAVE_UP, for the supervisor to start it afresh. Without a crash
        log (no kiosk, no soak) an error ends the program as usual."""
        if self.crashlog is None:
            step(arg)
            return
        try:
            step(arg)
        except Exception as error:  # noqa: BLE001 - any error at all: that is the point here
            self.crashlog.record(error)
            now = time.monotonic()
            self._recoveries = [t for t in self._recoveries if now - t < RECOVERY_WINDOW_S]
            if len(self._recoveries) >= MAX_RECOVERIES:
                print(f"lrgame: {MAX_RECOVERIES} recoveries within {RECOVERY_WINDOW_S:g} s did not hold; "
                      f"ending with status {GAVE_UP} (errors in {self.crashlog.where})", file=sys.stderr, flush=True)
                self.running, self.status = False, GAVE_UP
                return
            self._recoveries.append(now)
            try:
                self._recover()
            except Exception as again:  # noqa: BLE001 - counted like the first; the next frame tries again
                self.crashlog.record(again)

    def _widget_rects(self) -> list[pygame.Rect]:
        return [element.rect for row in self.panel.rows for element in row.elements]

    def frame(self, frame_s: float) -> None:
        """One frame: input, fixed-step update, draw, flip. After the first one is on screen, the
        heap is settled once (see `settle_heap`): start-up does not wait for the collection, and the
        collector paused for start-up (`pause_for_start_up`) resumes."""
        self._process_events()
        self._update(frame_s)
        self._draw()
        pygame.display.flip()
        if not self._heap_settled:
            settle_heap()
            resume_after_start_up()
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
            self.running = self.kiosk is not None  # a kiosk's window cannot be closed by a visitor
            return
        if self.kiosk is not None and self.kiosk.wakes(event, self.now):
            self._reset()  # the visitor's first touch only wakes the simulator, from its defaults
            return
        if event.type == pygame.VIDEORESIZE:
            self._resize(event.w, event.h)
            return
        if event.type in (pygame.VIDEOEXPOSE, pygame.WINDOWEXPOSED):
            self.scene.forget_frame()  # the system may have lost the window's pixels: draw it all again
        if event.type == pygame.MOUSEMOTION:
            self.mouse = event.pos
        if self._to_modes(event):
            return
        if (event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
                and self.scene.layout.message.collidepoint(event.pos) and len(self.messages.shown(self.panel)) > 1):
            self.apply(it.NextMessage())  # the line says "+N more: M or click"
            return
        if self.panel.editing() and event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.panel.cancel_edit()
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

    def _to_modes(self, event: pygame.event.Event) -> bool:
        """Offer the event to the open modes, topmost first: a left click on what one drew (a
        button, a menu's row), and anything at all to a menu. True: taken."""
        click = event.type == pygame.MOUSEBUTTONDOWN and event.button == 1
        for mode in self.modes:
            intent = mode.hit(event.pos) if click else None
            if intent is None and mode.modal and event.type == pygame.KEYDOWN:
                intent = mode.key(event)
            if intent is not None:
                self.apply(intent)
                return True
            if mode.modal:
                return True
        return False

    def _touch_as_mouse(self, event: pygame.event.Event) -> pygame.event.Event:
        """A finger is a left mouse button: tap = click, drag = drag (touch x, y are 0..1)."""
        w, h = self.window.get_size()
        pos = (min(max(int(event.x * w), 0), w - 1), min(max(int(event.y * h), 0), h - 1))
        kind = _FINGER_TO_MOUSE[event.type]
        if kind == pygame.MOUSEMOTION:
            return pygame.event.Event(kind, pos=pos, rel=(0, 0), buttons=(1, 0, 0), touch=False)
        return pygame.event.Event(kind, pos=pos, button=1, touch=False)

    def _update(self, frame_s: float) -> None:
        """Advance the model in fixed ticks and the open modes by a frame, then let the widgets
        catch up with it."""
        self._attract()
        steps, self.alpha = self.clock.advance(frame_s)
        for _ in range(steps):
            self.sim.update(self.clock.step)
            if self.race is not None:
                self.race.catch_up(self.sim.t)
        for mode in self.modes:
            mode.advance(frame_s)
        if not self.paced:  # no idle time: each frame does a fixed share of the background work
            for work in self._works():
                work.quantum()
        self.now += max(0.0, min(frame_s, 0.25))
        self.messages.expire()
        self._sync_widgets(frame_s)

    def _sync_widgets(self, frame_s: float) -> None:
        """The widgets show the state: set again only when it changed or input came."""
        state = self.valley.panel_state()
        changed = state != self._shown_state
        late = self.sim.playing and not self._input and not any(pygame.mouse.get_pressed())  # untouched
        if changed or self._input:  # the same state and no input: the widgets already show it
            self.panel.sync(state, late=late)
        # While playing, a new epoch only moves the epoch slider's handle: pygame_gui has nothing to animate.
        handle_only = (changed and state.playing and self._shown_state is not None
                       and self._shown_state._replace(epoch=state.epoch) == state)
        caught_up = self.panel.settle(late, changed)  # a late epoch box shown when it is time
        self.widgets.update(frame_s, input_came=self._input, state_changed=changed and not handle_only,
                            redrawn=caught_up or (handle_only and not self.panel.late))
        self._shown_state = state

    def _works(self) -> list[Work]:
        return [work for mode in self.modes if (work := mode.work()) is not None]

    def idle(self, deadline: float) -> None:
        """The open modes' background work, a slice at a time, until `deadline` (`idle.Slicer`)."""
        self.slicer.run(self._works(), deadline)

    def shown(self) -> Shown:
        """What the valley and each open mode ask the scene to draw."""
        shown = Shown()
        for mode in (self.valley, *self.modes):
            mode.draw(shown)
        focused = self.panel.focused()
        shown.focus = None if focused is None else focused.rect
        shown.messages = self.messages.shown(self.panel)
        return shown

    def _draw(self) -> None:
        shown = self.shown()
        self.scene.draw(self.window, shown, self.widgets, self.panel.captions())
        self.scene.draw_over(self.window, shown)

    # ---- intents and modes ------------------------------------------------------------------------

    def apply(self, intent: it.Intent) -> None:
        """Carry out one intent. Refused input becomes a note beside its control, never a traceback."""
        try:
            self.carry_out(intent)
        except ConfigError as error:
            from lrgame.engine.wording import worded  # at the first refusal: start-up counts

            typed = (intent.key, intent.value) if isinstance(intent, it.SetValue) else None
            text = worded(str(error), "window", schedule=self.sim.requested.schedule, given=typed,
                          names=SCREEN_NAMES)
            if typed is None:
                self.messages.say(text, error=True)
                return
            self.messages.note(intent.key, f"{text}. Kept the last good value.", error=True)
            self.panel.forget(intent.key)

    def carry_out(self, intent: it.Intent) -> None:
        """One intent, or one that follows from another (a refusal is left to `apply`): the
        intent that opens a mode toggles it; anything else goes to the open modes, topmost first,
        then the valley, then the window."""
        if self.kiosk is not None and self.kiosk.refuses(intent):
            return
        opens = OPENED_BY.get(type(intent))
        if opens is not None:
            self._toggle(opens)
            return
        for mode in (*self.modes, self.valley):
            if mode.handle(intent):
                return
        self._window_intent(intent)

    def _window_intent(self, intent: it.Intent) -> None:
        match intent:
            case it.ToggleSharpness():  # the train view takes it when open
                self.messages.say("K shows the network's sharpness in the train view: press T first.")
            case it.Escape():
                self._escape()
            case it.Quit():
                self.running = False
            case it.ToggleFullscreen():
                self._toggle_fullscreen()
            case it.ToggleProjector():
                self.theme = "dark" if self.theme == "projector" else "projector"
                self.rebuild_ui()
            case it.ScaleBy(direction=d):
                self._step_scale(d)
            case it.Export(kind=kind):
                files.export(self, kind)
            case it.SaveSetup():
                files.save_setup(self)
            case it.NextMessage():
                self.messages.next(self.panel)
            case it.ToggleForks():  # the landscape is not open: open it on the river, forks shown
                self.show(LandscapeMode(self, forks=True))

    def _escape(self) -> None:
        """Esc closes an open dropdown list, else the open modes of the lowest escape rank (the help,
        the explanation and the code at once; else the range test or every schedule), else leaves
        fullscreen, else drops the focus ring."""
        ranks = [m.escape_rank for m in self.modes if m.escape_rank is not None]
        if self.panel.close_lists():
            return
        if ranks:
            self.modes = [m for m in self.modes if m.escape_rank != min(ranks)]
        elif self.fullscreen and self.kiosk is None:
            self._toggle_fullscreen()
        else:
            self.panel.focus = None

    def find(self, kind: type[Mode]) -> Mode | None:
        """The open mode of this class, if any."""
        return next((m for m in self.modes if type(m) is kind), None)

    def _toggle(self, kind: type[Mode]) -> None:
        shown = self.find(kind)
        if shown is not None:
            self.close(shown)
            return
        mode = kind.open(self)
        if mode is not None:
            self.show(mode)

    def _open_view(self, name: str) -> None:
        """The view --view names, at start (the landscape with the surface the command line chose, or
        left as the setup file opened it)."""
        from lrgame.app.state import VIEWS  # for --view only: start-up counts

        kind = next(mode for mode, view in VIEWS.items() if view == name)
        if kind is LandscapeMode and self.options.landscape is None and self.find(LandscapeMode) is not None:
            return
        mode = LandscapeMode(self, self.options.landscape) if kind is LandscapeMode else kind.open(self)
        if mode is not None:
            self.show(mode)

    def show(self, mode: Mode) -> None:
        """Open `mode` in its place of the registry's order, instead of an open one of its class
        and of any other in its area."""
        self.modes = [m for m in self.modes
                      if type(m) is not type(mode) and (mode.area is None or m.area != mode.area)]
        self.modes.append(mode)
        self.modes.sort(key=lambda m: ORDER[type(m)])

    def close(self, mode: Mode) -> None:
        self.modes.remove(mode)

    def _recover(self) -> None:
        """After an unexpected error: everything a visitor could have changed made afresh (the
        simulation, the open modes, the race's slots, the theme, the scale, the widgets and the
        scene), so a fault left in any of them does not come back at the next frame."""
        self.race = None
        self.theme, self.wanted_scale = self.options.theme, self.options.scale
        self._reset()
        self.clock = FixedClock()
        self._build_ui(self.window.get_size())
        settle_heap()

    def _reset(self) -> None:
        """Every setting back to its default, every mode closed (the race's slots kept): a kiosk's
        wake-up, and the first part of a recovery."""
        self.sim = default_simulation()
        self.valley = ValleyMode(self)
        self.modes = []
        self.messages.clear()
        if self.kiosk is not None:
            self.kiosk.scene = None

    def _attract(self) -> None:
        """Kiosk idle: show the attract script's scene for this moment, playing, on the valley (the
        views a visitor left open, the landscape, the comparison, the training, the help, closed)."""
        scene = self.kiosk.next_scene(self.now) if self.kiosk is not None else None
        if scene is None:
            return
        # The widgets the last scene change killed (knob rows, dropdowns) and their surfaces
        # wait for a collection: without it a kiosk grew ~0.5 MB a scene.
        settle_heap()
        self.modes = []
        self.sim = Simulation(scene.settings, 0, scene.speed)
        self.sim.toggle_play()
        self.valley.preset = scene.preset
        self.messages.say(scene.caption, seconds=1e9)

    def _step_scale(self, direction: int) -> None:
        """The next scale step up or down from what is shown; a step that cannot be shown is not
        taken, and a message says why."""
        step = next_scale(direction, self.scale, self.theme, self.window.get_size(),
                          pygame.display.get_desktop_sizes()[0], kiosk=self.kiosk is not None)
        if isinstance(step, str):
            why = step
        else:
            self.wanted_scale = step
            self.rebuild_ui()
            why = f"Scale {self.scale:g}"
        self.messages.say(why)

    # ---- window ---------------------------------------------------------------------------------------

    def _resize(self, w: int, h: int) -> None:
        size = (max(w, 640), max(h, 480))
        if not self.fullscreen:
            self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.rebuild_ui()

    def _build_ui(self, size: tuple[int, int]) -> None:
        """Widgets and scene made afresh from (settings, theme, scale, window size): at start, and
        when any of the last three changes."""
        ui = build_ui(self.theme, self.wanted_scale, size, self.valley.panel_state())
        self.scale, self.manager, self.widgets, self.scene, self.panel = ui
        self._shown_state = None

    def rebuild_ui(self) -> None:
        """`_build_ui` for the window as it is now, keeping the keyboard focus where it was."""
        focus = self.panel.focus
        self._build_ui(self.window.get_size())
        settle_heap()  # the old manager's widgets sit in reference cycles: free them now
        self.panel.focus = focus

    def _toggle_fullscreen(self) -> None:
        """Fullscreen from the display's corner, or back to the window's old size and place
        (fullscreen.py: without a window manager SDL does neither by itself)."""
        self.fullscreen = not self.fullscreen
        if self.fullscreen:
            self.window = self.placement.enter()
        else:
            self.window = self.placement.leave(self.options.size)
        self.rebuild_ui()

    # ---- leaving ----------------------------------------------------------------------------------------

    def _finish(self) -> None:
        """Close the log; write the screenshot, the state and the setup asked for (their paths were
        checked before the run; what still fails, a full disk, is one line, never a traceback)."""
        if self.crashlog is not None:
            self.crashlog.close()
        if self.panel.late:  # the epoch box left late while playing: exact for the screenshot and the state
            self.panel.catch_up()
            self.widgets.update(0.0, input_came=False, state_changed=False, redrawn=True)
            self._draw()
        if self.options.screenshot is not None:
            self._write("screenshot", self.options.screenshot,
                        lambda path: pygame.image.save(self.window, str(path)))
        if self.options.dump_state is not None:
            self._write("dump_state", self.options.dump_state,
                        lambda path: path.write_text(json.dumps(self.state(), indent=2), encoding="utf-8"))
        if self.options.save_setup is not None:
            self._write("save_setup", self.options.save_setup, lambda path: files.write_setup(self, path))

    @staticmethod
    def _write(name: str, path: Path, write: Callable[[Path], object]) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write(path)
        except (OSError, pygame.error) as error:
            why = getattr(error, "strerror", None) or error
            raise ConfigError(f"{name}={quoted(str(path), PATH_CHARS)} cannot be written: {why}") from None

    def state(self) -> dict:
        """What the screen shows, as one JSON document (for --dump-state, tests and scripts)."""
        from lrgame.app.state import window_state  # not for the first frame: start-up counts

        return window_state(self)


def _peak_rss() -> str:
    try:
        import resource  # Unix only
    except ImportError:
        return "(not measured on this system)"
    return f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"

