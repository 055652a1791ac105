"""The control panel: pygame_gui widgets built from the registry's parameter specs.

Each control is a `Row` keyed by what it sets ("lr0", "param.gamma", "epoch", …). Widget events
become intents; the panel never changes settings itself. `sync` makes the widgets show the current
state, touching a widget only when its value really changed (pygame_gui grows memory when text is
set every frame). pygame_gui has no keyboard control of sliders and dropdowns, so the panel keeps
its own focus ring for Tab, +/− and Enter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UIDropDownMenu, UIHorizontalSlider, UITextEntryLine

from lrgame.engine import schedules
from lrgame.engine.numfmt import knob_text
from lrgame.engine.params import RunContext
from lrgame.engine.schedules.momentum import RANGE
from lrgame.engine.steps import followed
from lrgame.engine.units import in_unit
from lrgame.look.metrics import CAPTION_SIZE, KNOB_SLOTS, Caption, PanelMetrics
from lrgame.look.theme import font
from lrgame.sim import intents as it
from lrgame.sim import valley
from lrgame.sim.landscape_path import LandscapeRun
from lrgame.sim.presets import PRESETS
from lrgame.sim.settings import Settings
from lrgame.sim.simulation import SPEED_RANGE
from lrgame.ui.button_widths import fitted_widths, least_words, list_need, need, room
from lrgame.ui.entry_text import set_entry_text
from lrgame.ui.network_rows import ROWS as NETWORK_ROWS
from lrgame.ui.network_rows import TAB as NETWORK_TAB
from lrgame.ui.network_rows import network_values
from lrgame.ui.optimizer_rows import TABS, RowSpec, optimizer_rows, optimizer_values, page_key
from lrgame.ui.scale import Scale
from lrgame.ui.surface_rows import TAB, surface_page_key, surface_rows, surface_values

LATE_FRAMES = 8
"""While playing untouched, a text box's new value (the epoch's, every step) may be shown this many
frames late at most (`Panel.sync`, `Panel.settle`): setting a pygame_gui text box is the costliest
widget change there is, and a new epoch's frame draws new numbers all over the window."""
LR0_SLIDER = (1e-4, 10.0)
EPOCHS_SLIDER = (1, 1000)
STEPS_SLIDER = (1, 1000)
TIME_LABELS = {"epochs": "T (epochs)", "epoch": "epoch t", "speed": "epochs / second"}  # said in the run's unit


def box_text(key: str, value: object) -> str:
    """A value as its text box shows it: as typed (`knob_text`), but the play speed, which a
    slider or a kiosk's scene makes fractional, to three significant digits ("8.33", not "8.33333";
    "1600", not "1.6e+03", for a long run's speed)."""
    return knob_text(float(f"{value:.3g}")) if key == "speed" else knob_text(value)


class PanelState(NamedTuple):
    """What the panel shows: the settings plus the few things that are not settings."""

    settings: Settings
    epoch: int
    speed: float
    playing: bool
    log_scale: bool
    preset: str = ""  # the recipe the settings came from, while they still match it
    page: str = "knobs"  # what the knobs' place shows: the schedule's knobs, the optimizer (`optimizer_rows`) or 2-D
    landscape: LandscapeRun | None = None  # the surface shown in place of the valley, if any (`surface_rows`)


@dataclass
class Row:
    """One control: a label plus the widget(s) that show and set one value."""

    key: str
    rect: pygame.Rect
    label: Caption | None = None
    scale: Scale | None = None
    slider: UIHorizontalSlider | None = None
    entry: UITextEntryLine | None = None
    dropdown: UIDropDownMenu | None = None
    options: tuple[tuple[str, object], ...] = ()
    button: UIButton | None = None
    shown: object = None
    elements: list = field(default_factory=list)


def _choice_options(spec_choices: tuple[str, ...], kind: str) -> tuple[tuple[str, object], ...]:
    if kind == "bool":
        return (("no", False), ("yes", True))
    return tuple((c, c) for c in spec_choices)


class Panel:
    """Builds and keeps the widgets; translates their events into intents."""

    def __init__(self, manager: pygame_gui.UIManager, top_left: tuple[int, int], height: int,
                 metrics: PanelMetrics = PanelMetrics()) -> None:  # noqa: B008 (a NamedTuple: immutable)
        self.manager = manager
        self.origin = top_left
        self.height = height
        self.m = metrics
        self.rows: list[Row] = []
        self.sections: list[Caption] = []
        self.focus: int | None = None
        self._was_editing: dict[str, bool] = {}
        self._built_for: tuple | None = None
        self._knobs: list[Row] = []
        self._shown_page: tuple = ()
        self.rect = pygame.Rect(top_left, (metrics.width, height))

    # ---- building -----------------------------------------------------------------------------------

    def build(self, state: PanelState) -> None:
        """(Re)create every widget for this state (at start and when the window changes size)."""
        settings = state.settings
        for row in self.rows:
            for element in row.elements:
                element.kill()
        self.rows, self.sections, self._was_editing, self._knobs = [], [], {}, []
        self.late: dict[str, tuple[Row, object]] = {}  # rows whose text box waits to show its value (`sync`)
        self._waited = 0  # frames the values in `late` have waited
        self._y = self.origin[1] + self.m.pad
        self._start = self.values(state)  # widgets are made showing these

        self._section("SCHEDULE")
        self._choice_row("schedule", "", tuple((s.label, s.name) for s in schedules.ENTRIES.values()))
        self._choice_row("preset", "recipe", (("none", ""), *((p.title, p.name) for p in PRESETS.values())))
        self._number_row("lr0", "η₀ (peak rate)", Scale(*LR0_SLIDER, log=True))
        self._number_row("epochs", TIME_LABELS["epochs"], Scale(*EPOCHS_SLIDER, integer=True))
        self._button_row((*TABS, TAB, NETWORK_TAB), self.m.section_h)
        self._head = len(self.rows)
        self._knob_top = self._y
        self._y += KNOB_SLOTS * (self.m.row_h + self.m.gap)
        self._section("VALLEY")
        self._choice_row("valley", "valley", tuple((label, name) for name, (label, _) in valley.VALLEYS.items()))
        self._number_row("sharpness", "sharpness f″", Scale(*valley.SHARPNESS_RANGE, log=True))
        self._number_row("noise", "gradient noise", Scale(*valley.NOISE_RANGE))
        self._section("TIME")
        self._number_row("steps_per_epoch", "steps / epoch", Scale(*STEPS_SLIDER, log=True, integer=True))
        self._number_row("epoch", TIME_LABELS["epoch"], Scale(0, settings.epochs, integer=True))
        self._number_row("speed", TIME_LABELS["speed"], Scale(*SPEED_RANGE, log=True))
        self._button_row((("play", "Play", 0.34), ("rewind", "Rewind", 0.33), ("reset", "Reset all", 0.33)))
        self._button_row((("log", "Log scale", 0.5), ("help", "Keys (H)", 0.5)))
        self._static = self.rows
        self._unit = "epochs"
        self._relabel(settings.unit)
        self._shown_page = ()
        self._switch_knobs(state)
        self.sync(state)

    @staticmethod
    def _page(state: PanelState) -> tuple:
        """What decides the rows in the knobs' place: the page, and on it the schedule or the optimizer."""
        if state.page == "optimizer":
            return (state.page, *page_key(state.settings))
        if state.page == "surface":
            return surface_page_key(state.landscape)
        if state.page == "network":
            return (state.page,)
        return (state.page, state.settings.schedule, state.settings.unit)

    def _switch_knobs(self, state: PanelState) -> None:
        """Replace the rows in the knobs' place with the page's (the schedule's knobs, or the
        optimizer's rows). Keeping every schedule's rows held ~13 MB of widgets; killed ones are
        given back once garbage is collected (pygame_gui widgets sit in reference cycles: see
        `App._attract`)."""
        for row in self._knobs:
            for element in row.elements:
                element.kill()
        settings = state.settings
        self._start = self.values(state)
        if state.page == "optimizer":
            self._knobs = self._make_rows(optimizer_rows(settings), None)
        elif state.page == "surface":
            self._knobs = self._make_rows(surface_rows(state.landscape), None)
        elif state.page == "network":
            self._knobs = self._make_rows(NETWORK_ROWS, None)
        else:
            ctx = RunContext(settings.lr0, settings.epochs)
            self._knobs = self._make_knobs(schedules.entry(settings.schedule), ctx, settings.unit)
        self.rows = [*self._static[: self._head], *self._knobs, *self._static[self._head :]]
        for key, _, _ in (*TABS, TAB, NETWORK_TAB):
            tab = self.row(key).button
            if key == f"page.{state.page}":
                tab.select()
            else:
                tab.unselect()
        self._shown_page = self._page(state)
        self._built_for = None  # the bound sliders' ranges are checked at the next sync

    def _make_rows(self, specs: list[RowSpec], note: str | None) -> list[Row]:
        """Rows in the knobs' place, from their descriptions (and a note row under them)."""
        y, rows_before = self._y, len(self.rows)
        self._y = self._knob_top
        for spec in specs:
            if spec.kind == "choice":
                self._choice_row(spec.key, spec.label, spec.options)
            elif spec.kind == "pair":
                self._pair_row(spec.key, spec.second, spec.label, spec.between)
            elif spec.kind == "note":
                self._note_row(spec.key)
            else:
                self._number_row(spec.key, spec.label, spec.scale)
        if note is not None:
            self._note_row(note)
        made = self.rows[rows_before:]
        del self.rows[rows_before:]
        self._y = y
        return made

    def _make_knobs(self, schedule, ctx: RunContext, unit: str) -> list[Row]:
        specs = []
        for spec in schedule.params:
            if spec.name in RANGE:  # on the optimizer's page, in place of its momentum
                continue
            key, label = f"param.{spec.name}", in_unit(spec.label, unit)
            if spec.kind in ("choice", "bool"):
                specs.append(RowSpec(key, label, "choice", options=_choice_options(spec.choices, spec.kind)))
            else:
                scale = None if spec.kind == "int_list" else self._spec_scale(spec, ctx)
                specs.append(RowSpec(key, label, "number", scale))
        return self._make_rows(specs, None if schedule.knob_note is None else "knob_note")

    def _structure(self, settings: Settings) -> tuple:
        return (settings.schedule, settings.epochs, settings.lr0)

    def _spec_scale(self, spec, ctx: RunContext) -> Scale:
        lo, hi = spec.limits(ctx)
        lo = 0.0 if lo is None else lo
        hi = lo + 1.0 if hi is None or hi <= lo else hi
        if spec.kind == "int":
            return Scale(lo, hi, integer=True)
        if spec.lo_open:
            lo = lo + (hi - lo) / 1000
        return Scale(lo, hi, log=spec.log and lo > 0)

    def _relabel(self, unit: str) -> None:
        """Say T, t and the speed in the run's unit: "T (steps)" for a run counted in steps."""
        if unit == self._unit:
            return
        for key, text in TIME_LABELS.items():
            row = self.row(key)
            row.label = row.label._replace(text=in_unit(text, unit))
        self._unit = unit

    def _next_rect(self, height: int | None = None) -> pygame.Rect:
        h = self.m.row_h if height is None else height
        rect = pygame.Rect(self.origin[0] + self.m.pad, self._y, self.m.width - 2 * self.m.pad, h)
        self._y += h + self.m.gap
        return rect

    def _section(self, title: str) -> int:
        self.sections.append(Caption(title, self._next_rect(self.m.section_h), heading=True))
        return len(self.sections) - 1

    def _label(self, row: Row, text: str) -> pygame.Rect:
        """Put the row's label on the left; return the rectangle left for the widgets."""
        if not text:
            return row.rect.copy()
        row.label = Caption(text, pygame.Rect(row.rect.x, row.rect.y, self.m.label_w, row.rect.h))
        return pygame.Rect(row.rect.x + self.m.label_w, row.rect.y, row.rect.w - self.m.label_w, row.rect.h)

    def _number_row(self, key: str, label: str, scale: Scale | None) -> None:
        """Label, slider (when the value has a range) and text box, made showing the value: making
        them blank and filling them in at the first sync draws every widget twice."""
        row = Row(key, self._next_rect(), scale=scale)
        area = self._label(row, label)
        value = self._start.get(key)
        if scale is not None:
            slider_rect = pygame.Rect(area.x, area.y, area.w - self.m.entry_w - 4, area.h)
            start = 0 if value is None else scale.position(float(value))
            row.slider = UIHorizontalSlider(slider_rect, start, (0, scale.steps), self.manager,
                                            click_increment=scale.increment)
            row.elements.append(row.slider)
            entry_rect = pygame.Rect(area.right - self.m.entry_w, area.y, self.m.entry_w, area.h)
        else:
            entry_rect = area
        text = "" if value is None else box_text(key, value)
        row.entry = UITextEntryLine(entry_rect, self.manager, initial_text=text)
        row.shown = value
        row.elements.append(row.entry)
        self.rows.append(row)

    def _choice_row(self, key: str, label: str, options: tuple[tuple[str, object], ...]) -> None:
        row = Row(key, self._next_rect(), options=options)
        area = self._label(row, label)
        value = self._start.get(key)
        match = next((o[0] for o in options if o[1] == value), None)
        short = list_need(self.manager, [o[0] for o in options]) - area.w
        if short > 0 and row.label is not None:  # long names ("Warmup-stable-decay"): the room the label does not need
            label = row.label.rect
            take = min(short, max(label.w - font(CAPTION_SIZE).size(row.label.text)[0] - self.m.gap, 0))
            row.label = row.label._replace(rect=pygame.Rect(label.topleft, (label.w - take, label.h)))
            area = pygame.Rect(area.x - take, area.y, area.w + take, area.h)
        row.dropdown = self._dropdown(area, options, options[0][0] if match is None else match)
        row.shown = None if match is None else value
        row.elements.append(row.dropdown)
        self.rows.append(row)

    def _dropdown(self, rect: pygame.Rect, options, selected_label: str) -> UIDropDownMenu:
        return UIDropDownMenu([o[0] for o in options], selected_label, rect, self.manager,
                              expansion_height_limit=self.m.list_h)

    def _pair_row(self, first: str, second: str, label: str, between: str) -> None:
        """Two boxes on one row with a word between: a range from `first` to `second` ("to": a dash
        read as a minus before −4), or a point's x and y (","); each box is a row of its own for the
        focus ring and the sync."""
        rect = self._next_rect()
        area = pygame.Rect(rect.x + self.m.label_w, rect.y, rect.w - self.m.label_w, rect.h)
        dash = font(CAPTION_SIZE).size(between)[0] + 2 * self.m.gap
        w = (area.w - dash) // 2
        left = pygame.Rect(area.x, area.y, w, area.h)
        right = pygame.Rect(left.right + dash, area.y, area.w - w - dash, area.h)
        word = pygame.Rect(left.right + self.m.gap, area.y, dash - self.m.gap, area.h)
        rows = (Row(first, pygame.Rect(rect.x, rect.y, left.right - rect.x, rect.h),
                    label=Caption(label, pygame.Rect(rect.x, rect.y, self.m.label_w, rect.h))),
                Row(second, right, label=Caption(between, word)))
        for row, box in zip(rows, (left, right), strict=True):
            value = self._start.get(row.key)
            row.entry = UITextEntryLine(box, self.manager, initial_text="" if value is None else knob_text(value))
            row.shown = value
            row.elements.append(row.entry)
            self.rows.append(row)

    def _note_row(self, key: str) -> None:
        rect = self._next_rect(self.m.section_h)
        self.rows.append(Row(key, rect, label=Caption(str(self._start.get(key, "")), rect)))

    def _button_row(self, buttons: tuple[tuple[str, str, float], ...], height: int | None = None) -> None:
        """The buttons side by side, each its share of the row, widened to fit its words (`fitted_widths`)."""
        rect = self._next_rect(height)
        shown = [self._start.get(key, text) for key, text, _ in buttons]
        needs = [need(self.manager, _object_id(key), least_words(str(words))) + 4
                 for (key, _, _), words in zip(buttons, shown, strict=True)]
        widths = fitted_widths([int(rect.w * share) for *_, share in buttons], needs)
        x = rect.x
        for (key, _, _), words, w in zip(buttons, shown, widths, strict=True):
            button_rect = pygame.Rect(x, rect.y, w - 4, rect.h)
            button = self._button(key, button_rect, words)
            button.set_text(button_text(button, str(words)))
            self.rows.append(Row(key, button_rect, button=button, elements=[button], shown=words))
            x += w

    def _button(self, key: str, rect: pygame.Rect, shown: object) -> UIButton:
        return UIButton(rect, str(shown), self.manager, object_id=_object_id(key))

    # ---- showing the state ------------------------------------------------------------------------

    @staticmethod
    def values(state: PanelState) -> dict[str, object]:
        """What each row should show now."""
        settings = state.settings
        out: dict[str, object] = {
            "schedule": settings.schedule, "lr0": settings.lr0, "epochs": settings.epochs,
            "valley": settings.valley, "sharpness": settings.sharpness, "noise": settings.noise,
            "steps_per_epoch": settings.steps_per_epoch, "epoch": state.epoch, "preset": state.preset,
            "speed": state.speed, "play": "Pause" if state.playing else "Play",
            "rewind": "Rewind", "reset": "Reset all", "log": "Linear scale" if state.log_scale else "Log scale",
            "help": "Keys (H)",
        }
        for name, value in followed(settings.schedule, settings.params).items():  # a left-out knob: what it follows
            out[f"param.{name}"] = value
        knob_note = schedules.entry(settings.schedule).knob_note
        if knob_note is not None:
            out["knob_note"] = in_unit(knob_note(settings.params), settings.unit)
        return out | optimizer_values(settings) | surface_values(state.landscape) | network_values(settings)

    def sync(self, state: PanelState, late: bool = False) -> None:
        """Make every widget show the current state; rebuild when the layout itself must change.

        `late` (playing, untouched): a row with a text box keeps its new value (its text and its
        slider's handle together, so the row never shows two values) in `late`, for `settle`."""
        settings = state.settings
        if (self._structure(settings) != self._built_for or self._page(state) != self._shown_page) and (
                not self._dragging()):
            if self._page(state) != self._shown_page:
                self._switch_knobs(state)
            self._rescale(settings)
        self._relabel(settings.unit)
        values = self.values(state)
        for row in self.rows:
            value = values.get(row.key)
            if value is None or value == row.shown:
                continue
            self._show(row, value, late)

    def settle(self, late: bool, new_state: bool) -> bool:
        """Called once a frame after `sync`: show the values left waiting when it is time; True:
        shown now. Playing untouched (`late`), a value waits for a frame with no `new_state` once it
        has waited half of LATE_FRAMES (so one such frame sets the epoch box for two new epochs or
        more, and a new epoch's frame never sets it), and is shown after LATE_FRAMES frames
        whatever comes; anything else (input, a pause, a step, the run's end) shows it at once.
        tests/test_late_box.py holds the box to that."""
        self._waited = self._waited + 1 if self.late else 0
        if not self.late or (late and self._waited <= LATE_FRAMES and (new_state or 2 * self._waited <= LATE_FRAMES)):
            return False
        self.catch_up()
        return True

    def catch_up(self) -> None:
        """Show the values `sync` left waiting."""
        late, self.late, self._waited = self.late, {}, 0
        for row, value in late.values():
            if row in self.rows:
                self._show(row, value)

    def _rescale(self, settings: Settings) -> None:
        """T or η₀ changed: give bound sliders their new range (rebuilding only those sliders)."""
        ctx = RunContext(settings.lr0, settings.epochs)
        schedule = schedules.entry(settings.schedule)
        for row in self.rows:
            if row.key == "epoch":
                scale = Scale(0, settings.epochs, integer=True)
            elif row.key.startswith("param.") and row.slider is not None:
                scale = self._spec_scale(schedule.spec(row.key.removeprefix("param.")), ctx)
            else:
                continue
            if scale != row.scale:
                row.scale = scale
                old = row.slider
                row.slider = UIHorizontalSlider(old.relative_rect, 0, (0, scale.steps), self.manager,
                                                click_increment=scale.increment)
                row.elements[row.elements.index(old)] = row.slider
                old.kill()
                row.shown = None
        self._built_for = self._structure(settings)

    def _show(self, row: Row, value: object, late: bool = False) -> None:
        row.shown = value
        self.late.pop(row.key, None)
        if row.button is not None:
            row.button.set_text(button_text(row.button, str(value)))
        elif row.dropdown is not None:
            label = next((o[0] for o in row.options if o[1] == value), None)
            if label is not None and row.dropdown.selected_option[0] != label:
                rect, index = row.dropdown.relative_rect, row.elements.index(row.dropdown)
                row.dropdown.kill()
                row.dropdown = self._dropdown(rect, row.options, label)
                row.elements[index] = row.dropdown
        elif row.entry is None and row.label is not None:
            row.label = row.label._replace(text=str(value))
        elif late and row.entry is not None and not row.entry.is_focused:
            self.late[row.key] = (row, value)
        else:
            self._move_handle(row, value)
            if row.entry is not None and not row.entry.is_focused:
                set_entry_text(row.entry, box_text(row.key, value))

    def _move_handle(self, row: Row, value: object) -> None:
        if row.slider is not None and row.scale is not None and not self._is_dragged(row.slider):
            row.slider.set_current_value(row.scale.position(float(value)), warn=False)

    @staticmethod
    def _is_dragged(slider: UIHorizontalSlider) -> bool:
        return bool(slider.sliding_button is not None and slider.sliding_button.held)

    def _dragging(self) -> bool:
        return any(r.slider is not None and self._is_dragged(r.slider) for r in self.rows)

    # ---- events → intents ----------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event, consumed: bool = False) -> it.Intent | None:
        """The intent of a pygame_gui event from one of our widgets, or of a click on a slider's
        track that no widget took (`consumed`: pygame_gui used the event, e.g. an open list)."""
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and not consumed:
            return self._track_click(event.pos)
        element = getattr(event, "ui_element", None)
        for row in self.rows:
            if element is None or element not in row.elements:
                continue
            if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and row.scale is not None:
                return it.SetValue(row.key, row.scale.value(event.value))
            if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
                self.leave_box()
                self._was_editing[row.key] = False
                return it.SetValue(row.key, event.text)
            if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
                value = next(o[1] for o in row.options if o[0] == event.text)
                row.shown = value
                return it.SetValue(row.key, value)
            if event.type == pygame_gui.UI_BUTTON_PRESSED and row.button is element:
                return _BUTTON_INTENTS[row.key]()
        return None

    def editing(self) -> bool:
        """Is a text box being edited (it then keeps the keys)?"""
        return self.editing_row() is not None

    def close_lists(self) -> bool:
        """Close any dropdown whose list is open (its choice kept); whether one was."""
        opened = [r.dropdown for r in self.rows
                  if r.dropdown is not None and r.dropdown.current_state is r.dropdown.menu_states["expanded"]]
        for dropdown in opened:
            dropdown.unfocus()  # pygame_gui closes the list on its next update
        return bool(opened)

    def editing_row(self) -> Row | None:
        """The row whose text box has the cursor, if any."""
        return next((r for r in self.rows if r.entry is not None and r.entry.is_focused), None)

    def leave_box(self) -> None:
        """Take the cursor out of the text box, through pygame_gui's manager. The manager keeps its
        own record of the focused element and ignores a click on the element it thinks focused:
        unfocusing the box alone (as Enter once did) left the box in that record, so the next click
        on the same box did not give it the cursor and the keys typed then fired shortcuts."""
        self.manager.set_focus_set(None)

    def cancel_edit(self) -> None:
        """Esc in a box: drop the typed text, show the value again, leave the box."""
        row = self.editing_row()
        if row is not None:
            self.forget(row.key)
        self.leave_box()
        self.focus_lost()

    def focus_lost(self) -> list[it.Intent]:
        """Text left in a box that lost focus is checked as if Enter was pressed."""
        out = []
        for row in self.rows:
            if row.entry is None:
                continue
            now = row.entry.is_focused
            shown = "" if row.shown is None else box_text(row.key, row.shown)  # an emptied box left alone: no edit
            if self._was_editing.get(row.key) and not now and row.entry.get_text() != shown:
                out.append(it.SetValue(row.key, row.entry.get_text()))
            self._was_editing[row.key] = now
        return out

    def captions(self) -> tuple[Caption, ...]:
        """Every heading and row label, for the scene to draw."""
        return (*self.sections, *(row.label for row in self.rows if row.label is not None))

    def row(self, key: str) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)

    def forget(self, key: str) -> None:
        """Show the row's value again at the next sync (after a refused edit)."""
        row = self.row(key)
        if row is not None:
            row.shown = None

    def _track_click(self, pos: tuple[int, int]) -> it.Intent | None:
        """A click on a slider's track moves its handle there (pygame_gui itself only drags the
        handle): the value whose handle centre is nearest the click."""
        for row in self.rows:
            slider = row.slider
            if slider is None or row.scale is None or not slider.rect.collidepoint(pos):
                continue
            handle_rect = None if slider.sliding_button is None else slider.sliding_button.rect
            if handle_rect is None or handle_rect.collidepoint(pos) or slider.scrollable_width <= 0:
                return None
            handle = slider.sliding_button_width
            left = slider.rect.x + (slider.rect.w - slider.scrollable_width - handle) // 2
            share = min(max((pos[0] - left - handle / 2) / slider.scrollable_width, 0.0), 1.0)
            return it.SetValue(row.key, row.scale.value(round(share * row.scale.steps)))
        return None

    # ---- keyboard focus ring --------------------------------------------------------------------------

    def focusable(self) -> list[Row]:
        return [r for r in self.rows if r.slider or r.entry or r.dropdown or r.button]

    def move_focus(self, direction: int) -> None:
        stops = self.focusable()
        if self.focus is None:
            self.focus = 0 if direction > 0 else len(stops) - 1
        else:
            self.focus = (self.focus + direction) % len(stops)

    def focused(self) -> Row | None:
        stops = self.focusable()
        if self.focus is None or not stops:
            return None
        return stops[self.focus % len(stops)]

    def adjust(self, row: Row, direction: int, current: object) -> it.Intent | None:
        """+/− on a focused control: one slider step, or the next/previous choice."""
        if row.dropdown is not None:
            values = [o[1] for o in row.options]
            index = values.index(current) if current in values else 0
            return it.SetValue(row.key, values[(index + direction) % len(values)])
        if row.scale is not None:
            return it.SetValue(row.key, row.scale.nudge(float(current), direction))
        return None

    def activate(self, row: Row) -> it.Intent | None:
        """Enter on a focused control: edit its box, press its button, or take the next choice."""
        if row.entry is not None:
            self.manager.set_focus_set(row.entry)
            self._was_editing[row.key] = True
            return None
        if row.button is not None:
            return _BUTTON_INTENTS[row.key]()
        return None


_BUTTON_INTENTS: dict[str, Callable[[], it.Intent]] = {
    "play": it.TogglePlay,
    "rewind": it.Rewind,
    "reset": it.ResetAll,
    "log": it.ToggleLog,
    "help": it.ToggleHelp,
    "page.knobs": lambda: it.ShowPage("knobs"),
    "page.optimizer": lambda: it.ShowPage("optimizer"),
    "page.surface": lambda: it.ShowPage("surface"),
    "page.network": lambda: it.ShowPage("network"),
}


def _object_id(key: str) -> str | None:
    """The theme's id of a row's button: Play stands out."""
    return "#primary" if key == "play" else None


def button_text(button: UIButton, text: str) -> str:
    """`text`, or what follows its ": " when it is wider than the button: four tabs share a row, and
    on a projector "Optimizer: Nesterov" gives way to "Nesterov" rather than being cut."""
    return least_words(text) if button.font.size(text)[0] > room(button) else text
