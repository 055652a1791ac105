"""What the window shows, as one JSON document a script can read (--dump-state, tests): the run's
numbers at full precision, which view and overlay are open, and where every control is, so a
script can find a box and click it. docs/state.md is the schema; tests/test_state.py holds the two
together."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from lrgame.app.launch import VALLEY
from lrgame.app.modes.code import CodeOverlay
from lrgame.app.modes.every_schedule import EveryScheduleMode
from lrgame.app.modes.explain import ExplainOverlay
from lrgame.app.modes.export_menu import ExportMenu
from lrgame.app.modes.help import HelpOverlay
from lrgame.app.modes.landscape import LandscapeMode
from lrgame.app.modes.race import RaceMode
from lrgame.app.modes.range_test import RangeTestMode
from lrgame.app.modes.setup_list import SetupList
from lrgame.app.modes.train import TrainMode, train_state
from lrgame.engine.cooldowns import SHAPES
from lrgame.sim.settings import settings_json

if TYPE_CHECKING:
    from lrgame.app.mode import Mode
    from lrgame.app.window import App
    from lrgame.ui.panel import Panel, Row

# Every mode of the registry is a view (it takes the place of the valley's pictures) or an overlay
# (drawn over them); the state names each. The valley is the view when no other is open.
VIEWS: dict[type[Mode], str] = {
    RaceMode: "race", TrainMode: "train", EveryScheduleMode: "every_schedule", RangeTestMode: "range_test",
    LandscapeMode: "landscape",
}
OVERLAYS: dict[type[Mode], str] = {
    HelpOverlay: "help", ExplainOverlay: "explain", ExportMenu: "export", CodeOverlay: "code", SetupList: "setups",
}


def window_state(app: App) -> dict:
    """The state document of `app` as the screen shows it now (see docs/state.md)."""
    sim = app.sim
    settings, s, traj = sim.settings, sim.summary, sim.trajectory
    fields = settings_json(settings)
    train = next((m for m in app.modes if isinstance(m, TrainMode)), None)
    return {
        **fields,
        "preset": app.valley.preset or None,
        "epoch": sim.epoch,
        "step": sim.t,
        "current": None if sim.over else s.current,
        "initial": s.initial,
        "final": s.final,
        "average": s.average,
        "ratio": s.ratio,
        "ball": {"x": traj.x(sim.t), "loss": traj.loss(sim.t), "state": traj.state(sim.t)},
        "optimizer": {**fields["optimizer"], "momentum_now": traj.momentum(sim.t),
                      "driven_by_schedule": sim.momenta is not None},
        "diverged": sim.diverged,
        "diverged_at": traj.diverged_at,
        "playing": sim.playing,
        "comparison": [{"label": slot.label, **settings_json(slot.settings)} for slot in app.race.slots]
        if app.race is not None else [],
        "theme": app.theme,
        "scale": app.scale,
        "window": {"size": list(app.window.get_size()), "fullscreen": app.fullscreen},
        "view": _first(app.modes, VIEWS) or VALLEY,
        "overlay": _first(app.modes, OVERLAYS),
        "focus": _focus(app.panel),
        "landscape": _landscape(app.find(LandscapeMode)),
        "controls": {row.key: _control(row) for row in app.panel.focusable()},
    } | ({} if train is None else {"train": train_state(train.run, train.shown_epoch)})


def _landscape(mode: LandscapeMode | None) -> dict | None:
    """The landscape shown (None in the valley): the surface, its knobs, the start, and the whole
    path drawn with its loss at every point: the run shown's, or under F the constant-rate trunk's
    with its branches beside it."""
    if mode is None:
        return None
    from lrgame.sim.compared_paths import paths_document  # the landscape's mode imported it when it opened

    choice, compared = mode.choice, mode.compared
    forked = mode.forked if mode.forks else None
    path = mode.path if not mode.forks else None if forked is None else forked.trunk
    forks = None if not mode.forks else {
        "shape": SHAPES[0] if forked is None else forked.shape,
        "branches": [] if forked is None else [{"at": b.at, "cooldown": b.cooldown, "path": b.path.points.tolist(),
                                                "loss": b.path.loss.tolist()} for b in forked.branches]}
    return {"surface": choice.surface, "surface_params": dict(choice.surface_params), "start": list(choice.start),
            "path": [] if path is None else path.points.tolist(), "loss": [] if path is None else path.loss.tolist(),
            "diverged_at": None if path is None else path.diverged_at,
            "paths": [] if compared is None else paths_document(compared, mode.slots()), "forks": forks}


def _first(modes: list[Mode], names: dict[type[Mode], str]) -> str | None:
    """The name of the topmost open mode among `names` (the open modes are kept topmost first)."""
    return next((names[type(m)] for m in modes if type(m) in names), None)


def _focus(panel: Panel) -> str | None:
    """The control the keys go to: the box with the cursor, else the one with the focus ring."""
    row = panel.editing_row() or panel.focused()
    return None if row is None else row.key


def _control(row: Row) -> dict:
    """Where a control is and what it shows: for a number, its text box (and its slider, if any)."""
    if row.entry is not None:
        out = {"rect": _rect(row.entry.rect), "text": row.entry.get_text()}
    elif row.dropdown is not None:
        out = {"rect": _rect(row.dropdown.rect), "text": row.dropdown.selected_option[0]}
    else:
        out = {"rect": _rect(row.button.rect), "text": row.button.text}
    if row.slider is not None:
        out["slider"] = _rect(row.slider.rect)
    return out


def _rect(rect: pygame.Rect) -> list[int]:
    return [rect.x, rect.y, rect.w, rect.h]
