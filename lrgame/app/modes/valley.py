"""The valley: the run itself and the panel's controls, the mode under every other (always there).
It carries out what changes the run: values from the panel, stepping, schedules, η₀, the log
scale, the race's slots, the focus ring."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lrgame.app.mode import Mode
from lrgame.app.modes.landscape import LandscapeMode, choose_surface
from lrgame.app.modes.race import race_of
from lrgame.engine import schedules
from lrgame.engine.numbers import typed_number_in, whole_in
from lrgame.engine.params import quoted
from lrgame.sim import intents as it
from lrgame.sim.presets import on_valley
from lrgame.sim.settings import make_settings
from lrgame.sim.simulation import SPEED_RANGE, Simulation
from lrgame.ui.panel import LR0_SLIDER, PanelState
from lrgame.ui.scale import Scale
from lrgame.view.shown import Shown

if TYPE_CHECKING:
    from lrgame.app.window import App

LR0_KEY_SCALE = Scale(*LR0_SLIDER, log=True)


def default_simulation() -> Simulation:
    """Every setting at its default, at epoch 0: Shift+R, a kiosk's recovery."""
    return Simulation(make_settings(), 0)


class ValleyMode(Mode):
    def __init__(self, app: App, preset: str = "") -> None:
        super().__init__(app)
        self.log_scale = False
        self.preset = preset  # the recipe shown with its source, until any change leaves it
        self.page = "knobs"  # the panel's tab over the knobs' place (`PanelState.page`)

    def panel_state(self) -> PanelState:
        sim = self.app.sim
        shown = self.app.find(LandscapeMode)
        return PanelState(sim.requested, sim.epoch, sim.speed, sim.playing, self.log_scale, self.preset, self.page,
                          None if shown is None else shown.choice)

    def load_preset(self, name: str) -> None:
        """A recipe's schedule, η₀, T, knobs and sharpness; the valley, noise, seed and optimizer stay."""
        self.app.sim.set_speed(None)  # a recipe is a new run: it plays in about a minute, however long
        self.app.sim.apply(on_valley(name, self.app.sim.requested))
        self.preset = name

    def handle(self, intent: it.Intent) -> bool:
        app, sim = self.app, self.app.sim
        match intent:
            case it.SetValue(key="epoch", value=value):
                sim.playing = False
                sim.seek(_whole("epoch", value, 0, sim.settings.epochs))
            case it.SetValue(key="speed", value=value):
                sim.set_speed(typed_number_in("speed", value, *SPEED_RANGE))
            case it.SetValue(key="preset", value=value):
                if value:
                    self.load_preset(str(value))
            case it.SetValue(key="surface", value=value):  # the landscape is closed: a surface opens it
                if value:
                    app.show(LandscapeMode(app, choose_surface(app, value)))
            case it.SetValue(key=key, value=value):
                from lrgame.app.editing import apply_edit  # imported at the first edit: start-up counts
                from lrgame.engine.wording import worded

                result = apply_edit(sim.requested, key, value)
                if result.settings != sim.requested:
                    sim.apply(result.settings)
                    self.preset = ""
                app.messages.notes.pop(key, None)
                for text in result.notes:
                    app.messages.note(key, worded(text, "window", schedule=sim.requested.schedule), error=False)
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
                app.sim = default_simulation()
                self.preset = ""
                self.log_scale = False
                app.messages.notes.clear()
            case it.CycleSchedule(direction=d):
                names = list(schedules.ENTRIES)
                app.carry_out(it.SetValue("schedule", names[(names.index(sim.requested.schedule) + d) % len(names)]))
            case it.SelectSchedule(index=i):
                names = list(schedules.SCHEDULES)
                if i < len(names):
                    app.carry_out(it.SetValue("schedule", names[i]))
            case it.NudgeLr0(direction=d):
                app.carry_out(it.SetValue("lr0", LR0_KEY_SCALE.nudge(sim.requested.lr0, d)))
            case it.ToggleLog():
                self.log_scale = not self.log_scale
            case it.ShowPage(page=page):
                self.page = page
            case it.AddToRace():
                race = race_of(app)
                slot = race.add(sim.settings)
                app.messages.say(f"Added {slot.label} to the comparison ({len(race.slots)} of 4). C shows the race.")
            case it.RemoveFromRace():
                if app.race is not None and app.race.slots:
                    app.race.remove(len(app.race.slots) - 1)
            case it.MoveFocus(direction=d):
                app.panel.move_focus(d)
            case it.AdjustFocused(direction=d):
                row = app.panel.focused()
                current = app.panel.values(self.panel_state()).get(row.key) if row else None
                follow = app.panel.adjust(row, d, current) if row and current is not None else None
                if follow is not None:
                    app.carry_out(follow)
            case it.ActivateFocused():
                row = app.panel.focused()
                follow = app.panel.activate(row) if row else None
                if follow is not None:
                    app.carry_out(follow)
            case _:
                return False
        return True

    def draw(self, shown: Shown) -> None:
        app = self.app
        shown.sim, shown.alpha, shown.log_scale, shown.mouse, shown.preset = (
            app.sim, app.alpha, self.log_scale, app.mouse, self.preset)


def _whole(name: str, value: object, lo: int, hi: int) -> int:
    number = typed_number_in(name, value, lo, hi)
    return whole_in(name, number, lo, hi, refusal=f"is not a whole number in [{lo}, {hi}]", shown=quoted(value))
