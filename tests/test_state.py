"""The state document (--dump-state, App.state()): its schema in docs/state.md, and what a script
does with it: read where a box is and click it."""

import json
import re
from pathlib import Path

import pygame
import pytest

from lrgame.app.launch import LaunchOptions
from lrgame.app.registry import MODES
from lrgame.app.state import OVERLAYS, VIEWS
from lrgame.app.window import App
from lrgame.sim.optimizer_choice import make_optimizer
from lrgame.sim.settings import make_settings

DOC = Path(__file__).parent.parent / "docs" / "state.md"


def _fields(state: dict) -> set[str]:
    """The field names of a state as docs/state.md writes them (`ball.x`, `controls.<key>.rect`)."""
    return _fields_in(state, top=True)


WHOLE = ("params", "surface_params", "state", "optimizer")
"""Objects documented as one field (their keys are a schedule's knobs, a surface's, an optimizer's
state), below the top level: the top-level `optimizer`'s numbers have a row each."""


def _fields_in(state: dict, top: bool = False) -> set[str]:
    out = set()
    for key, value in state.items():
        out.add(key)
        if key == "controls":
            out |= {f"controls.<key>.{field}" for control in value.values() for field in control}
        elif isinstance(value, dict) and key != "params" and (top or key not in WHOLE):
            out |= {f"{key}.{field}" for field in _fields_in(value)}  # an object's fields, as deep as they go
        elif not top and isinstance(value, list) and value and isinstance(value[0], dict):  # records: their fields
            out |= {f"{key}[].{field}" for field in _fields_in(value[0])}
    return out


def test_the_schema_page_lists_every_field_and_no_other(launch):
    """Over SGD's and Adam's fields (each optimizer writes its own hyperparameters and state) and the
    landscape's (null in the valley)."""
    documented = set(re.findall(r"^\| `([^`]+)` \|", DOC.read_text(encoding="utf-8"), re.MULTILINE))
    plain = launch(schedule="cosine").app.state()
    adam = launch(schedule="one_cycle", optimizer=make_optimizer("adam"), epoch=3).app.state()
    momentum = launch(optimizer=make_optimizer("sgd", momentum=0.9), epoch=3).app.state()
    assert (plain["ball"]["state"], set(adam["ball"]["state"]), set(momentum["ball"]["state"])) == ({}, {"m", "v"},
                                                                                                    {"velocity"})
    landscape = launch(schedule="cosine")
    landscape.key(pygame.K_d)
    landscape.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    landscape.key(pygame.K_c)  # the comparison over the landscape: each slot's path
    assert plain["landscape"] is None and landscape.app.state()["landscape"]["paths"]
    forks = launch()
    forks.key(pygame.K_f)  # the river's forked cooldowns
    assert forks.app.state()["landscape"]["forks"]["branches"]
    training = launch(batch_size=300)
    training.key(pygame.K_t)
    assert documented == (_fields(plain) | _fields(adam) | _fields(landscape.app.state()) | _fields(forks.app.state())
                          | _fields(training.app.state()))


def test_every_mode_is_a_view_or_an_overlay():
    modes = [mode for _, mode in MODES]
    assert sorted(m.__name__ for m in modes) == sorted(m.__name__ for m in (*VIEWS, *OVERLAYS))
    assert not set(VIEWS) & set(OVERLAYS)


def test_current_is_a_number_until_the_run_is_over(launch):
    d = launch(epochs=20)
    d.key(pygame.K_END)
    state = d.app.state()
    assert state["epoch"] == 20
    assert state["current"] is None
    assert state["ratio"] == pytest.approx(0.1**2)  # the other fields keep their numbers
    d.key(pygame.K_LEFT)
    assert d.app.state()["current"] == pytest.approx(0.1 * 0.1**2)


@pytest.mark.parametrize(("key", "mod", "view", "overlay"), [
    (pygame.K_c, 0, "race", None),
    (pygame.K_g, 0, "range_test", None),
    (pygame.K_h, 0, "valley", "help"),
    (pygame.K_i, 0, "valley", "explain"),
    (pygame.K_e, 0, "valley", "export"),
    (pygame.K_o, pygame.KMOD_CTRL, "valley", "setups"),
])
def test_view_and_overlay_name_what_is_open(launch, key, mod, view, overlay):
    d = launch()
    assert (d.app.state()["view"], d.app.state()["overlay"]) == ("valley", None)
    d.key(key, mod=mod)
    d.frames(2)
    assert (d.app.state()["view"], d.app.state()["overlay"]) == (view, overlay)


def test_focus_names_the_box_with_the_cursor_else_the_ring(launch):
    d = launch()
    assert d.app.state()["focus"] is None
    d.key(pygame.K_TAB)
    assert d.app.state()["focus"] == "schedule"
    d.click(d.app.panel.row("noise").entry.rect.center, settle=2)
    assert d.app.state()["focus"] == "noise"


def test_controls_cover_every_control_with_its_place_and_text(launch):
    d = launch(schedule="cosine", epochs=50)
    controls = d.app.state()["controls"]
    assert list(controls) == [row.key for row in d.app.panel.focusable()]
    assert {"lr0", "epochs", "schedule", "param.T_max", "param.eta_min", "valley", "sharpness", "noise", "epoch",
            "speed", "play"} <= set(controls)
    assert controls["epochs"]["text"] == "50"
    assert controls["schedule"]["text"] == "Cosine annealing"
    assert controls["play"]["text"] == "Play"
    window = pygame.Rect((0, 0), d.app.window.get_size())
    for key, control in controls.items():
        assert window.contains(pygame.Rect(control["rect"])), key
        if "slider" in control:
            assert control["slider"][0] + control["slider"][2] <= control["rect"][0], key


def test_a_script_finds_a_box_in_the_dump_and_types_into_it(launch):
    """What a script does: read the dumped state as JSON, click the box's centre, type, Enter."""
    d = launch()
    x, y, w, h = json.loads(json.dumps(d.app.state()))["controls"]["noise"]["rect"]
    d.click((x + w // 2, y + h // 2), settle=2)
    d.key(pygame.K_a, mod=pygame.KMOD_CTRL)
    d.type("0.25")
    d.key(pygame.K_RETURN, unicode="\r")
    d.frames(3)
    state = d.app.state()
    assert state["noise"] == 0.25
    assert state["controls"]["noise"]["text"] == "0.25"


def test_the_close_button_writes_the_dump(tmp_path):
    """A real window's session (no --frames) ends on the close button and leaves its state."""
    path = tmp_path / "out" / "state.json"
    app = App(LaunchOptions(settings=make_settings(schedule="cosine"), headless=True, dump_state=path))
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    try:
        assert app.run() == 0
    finally:
        pygame.quit()
    state = json.loads(path.read_text(encoding="utf-8"))
    assert state["schedule"] == "cosine"
    assert state["view"] == "valley"
