"""The optimizer in the window: the panel's tabs and rows, the momentum a schedule drives (shown as driven,
drawn under the rate, on a card), the readout's limit and state, start flags, --dump-state, the export
and the race. Driven through the real app, headless."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest

from lrgame import cli
from lrgame.engine.numfmt import sig4
from lrgame.sim import intents as it
from lrgame.sim.optimizer_choice import make_optimizer
from lrgame.sim.settings import make_settings
from lrgame.sim.valley import DEFAULT_SHARPNESS
from lrgame.view.cards import cards_for
from lrgame.view.readout import readout_lines
from tests.test_classroom import _assert_nothing_clipped_or_overlapping

MOMENTUM = make_optimizer("sgd", momentum=0.9)


def _page(d, page: str) -> None:
    d.app.apply(it.ShowPage(page))
    d.frames(3)


def test_plain_sgd_is_the_default_and_its_screen_reads_as_before(launch):
    d = launch(epoch=20)
    assert d.app.sim.settings.optimizer == make_optimizer("sgd")
    texts = [text for text, _ in readout_lines(d.app.sim)]
    lr0, traj, t = make_settings().lr0, d.app.sim.trajectory, d.app.sim.ball_t
    hop = lr0 * (traj.slope(t) + traj.kick(t))
    assert texts[4:7] == [f"rate η(t) = {sig4(lr0)}", f"hop η·(f′ + noise) = {sig4(hop)}",
                          f"η·f″ at the floor = {sig4(lr0 * DEFAULT_SHARPNESS)}"]
    chart = d.app.scene.lr_chart
    assert chart.rect == d.app.scene.layout.chart and not d.app.scene.momentum_strip.shown
    reference = chart._reference
    assert reference.value == 2 / DEFAULT_SHARPNESS and reference.label.startswith("stability limit 2/f″")
    assert [c.title for c in cards_for(d.app.sim)][4] == "η(t) / η₀"


def test_the_tabs_switch_the_knobs_place_to_the_optimizer_and_back(launch):
    d = launch(schedule="one_cycle")
    knobs = {r.key for r in d.app.panel.rows}
    assert "param.pct_start" in knobs and "optimizer" not in knobs
    assert "param.base_momentum" not in knobs  # the range goes with the optimizer's momentum
    d.click(d.app.panel.row("page.optimizer").button.rect.center)
    keys = [r.key for r in d.app.panel.rows]
    assert d.app.valley.page == "optimizer"
    assert {"optimizer", "opt.momentum", "opt.dampening", "opt.weight_decay"} <= set(keys)
    assert "param.pct_start" not in keys
    assert d.app.panel.row("page.optimizer").button.is_selected
    _assert_nothing_clipped_or_overlapping(d.app)
    d.click(d.app.panel.row("page.knobs").button.rect.center)
    assert "param.pct_start" in {r.key for r in d.app.panel.rows} and d.app.valley.page == "knobs"


@pytest.mark.parametrize("theme", ["dark", "projector"])
@pytest.mark.parametrize("size", [(1024, 600), (1920, 1080)])
@pytest.mark.parametrize("optimizer", [MOMENTUM, make_optimizer("adamw")], ids=["momentum", "adamw"])
def test_the_optimizer_page_fits_at_every_size_and_theme(launch, size, theme, optimizer):
    d = launch(size=size, theme=theme, schedule="cyclic", optimizer=optimizer)
    _page(d, "optimizer")
    assert d.app.panel.row("param.base_momentum") is not None  # the widest page: the driven range
    _assert_nothing_clipped_or_overlapping(d.app)


def test_picking_momentum_under_one_cycle_hands_the_momentum_to_the_schedule(launch):
    d = launch(schedule="one_cycle", epoch=30)
    _page(d, "optimizer")
    d.choose("optimizer", "Momentum")
    sim = d.app.sim
    assert sim.settings.optimizer == MOMENTUM and sim.momenta is not None
    assert "One-cycle now moves the momentum between 0.85 and 0.95" in d.app.messages.notes["optimizer"].text
    # The momentum's own row gives way to the range the schedule drives it in.
    assert d.app.panel.row("opt.momentum") is None
    assert d.app.panel.row("param.base_momentum").entry.get_text() == "0.85"
    assert d.app.panel.row("param.max_momentum").entry.get_text() == "0.95"
    assert d.app.panel.row("page.optimizer").button.text == "Optimizer: Momentum"
    # Drawn under the rate, on its columns, and on a card.
    strip = d.app.scene.momentum_strip
    assert strip.shown and strip.chart.rect.top >= d.app.scene.lr_chart.rect.bottom
    assert strip.chart.plot_rect.left == d.app.scene.lr_chart.plot_rect.left
    assert strip.chart.known == sim.steps and strip.chart.value_at(30) == sim.momenta[30]
    _, tip = d.app.scene._tooltip(sim, (strip.chart.x_of(30) + 1, strip.chart.plot_rect.centery))
    assert tip == f"epoch t = 30 of 100: momentum = {float(sim.momenta[30])!r}"
    card = cards_for(sim)[4]
    assert card.title == "momentum β(30)" and float(card.value) == pytest.approx(sim.momenta[30], rel=1e-3)
    assert "between 0.85 and 0.95" in card.exact
    texts = [text for text, _ in readout_lines(sim)]
    assert texts[4].startswith("η(t) = ") and f"β(t) = {card.value}" in texts[4]


def test_the_knob_turns_the_driven_momentum_off(launch):
    d = launch(schedule="cyclic", optimizer=MOMENTUM)
    assert d.app.sim.momenta is not None
    d.choose("param.cycle_momentum", "no")
    assert d.app.sim.momenta is None and not d.app.scene.momentum_strip.shown
    _page(d, "optimizer")
    assert d.app.panel.row("opt.momentum").entry.get_text() == "0.9"
    assert d.app.scene.lr_chart.rect == d.app.scene.layout.chart


def test_typing_the_range_changes_the_schedules_knobs(launch):
    d = launch(schedule="one_cycle", optimizer=MOMENTUM)
    _page(d, "optimizer")
    d.type_into("param.base_momentum", "0.7")
    assert d.app.sim.settings.params["base_momentum"] == 0.7 and d.app.sim.momenta.min() == pytest.approx(0.7)


def test_a_bad_hyperparameter_is_refused_and_the_last_good_value_kept(launch):
    d = launch(optimizer=MOMENTUM)
    _page(d, "optimizer")
    d.type_into("opt.momentum", "1.5")
    assert d.app.sim.settings.optimizer == MOMENTUM
    note = d.app.messages.notes["opt.momentum"]
    assert note.error and "momentum β = 1.5 is not allowed" in note.text and "Kept the last good value" in note.text
    d.type_into("opt.weight_decay", "0.01")
    assert d.app.sim.settings.optimizer.weight_decay == 0.01


def test_adam_has_its_own_rows_and_no_stability_line(launch):
    d = launch(epoch=10)
    _page(d, "optimizer")
    d.choose("optimizer", "Adam")
    keys = {r.key for r in d.app.panel.rows}
    assert {"opt.beta1", "opt.beta2", "opt.eps", "opt.weight_decay"} <= keys and "opt.momentum" not in keys
    d.frames(3)
    assert d.app.scene.lr_chart._reference is None and d.app.scene.lr_chart.reference_shown == ""
    texts = [text for text, _ in readout_lines(d.app.sim)]
    state = d.app.sim.trajectory.state(10)
    traj = d.app.sim.trajectory
    assert texts[5].startswith("moments m = ") and texts[7] == "Adam: no fixed limit of η·f″ applies"
    assert texts[6] == f"Adam's step = {_sig4(traj.x(11) - traj.x(10))}" and state["v"] > 0


def _sig4(x: float) -> str:
    from lrgame.engine.numfmt import sig4

    return sig4(x)


@pytest.mark.parametrize(("optimizer", "limit"), [
    (make_optimizer("sgd", momentum=0.9), 2 * 1.9 / DEFAULT_SHARPNESS),
    (make_optimizer("sgd", momentum=0.9, dampening=0.5), 2 * 1.9 / 0.5 / DEFAULT_SHARPNESS),
    (make_optimizer("sgd", momentum=0.9, nesterov=True), 2 * 1.9 / 2.8 / DEFAULT_SHARPNESS),
    (make_optimizer("sgd", weight_decay=1.0), 2 / (DEFAULT_SHARPNESS + 1.0)),
])
@pytest.mark.parametrize("side", [0.97, 1.03])
def test_the_stability_line_and_the_readout_use_the_limit_that_holds(launch, optimizer, limit, side):
    """The line sits at the rate the limit allows on the default valley's f″ (weight decay λ adds to
    f″); just below it the readout does not say the ball flies out, and just above it, it does."""
    d = launch(schedule="constant", params={"factor": 1.0}, lr0=side * limit, noise=0.0, optimizer=optimizer,
               epoch=5)
    d.frames(3)
    reference = d.app.scene.lr_chart._reference
    assert reference.value == pytest.approx(limit) and "stability limit with" in reference.label
    words, role = readout_lines(d.app.sim)[-1]
    assert (role == "danger") == (side > 1) and words.startswith("flies out") == (side > 1)


def test_momentum_swings_where_plain_sgd_settles_and_says_so(launch):
    d = launch(schedule="constant", lr0=0.02, noise=0.0, epoch=8, optimizer=MOMENTUM)
    words, role = readout_lines(d.app.sim)[-1]
    # "marker" is a line colour: 3.9:1 as text on the projector's white
    assert words.startswith("swinging past the floor") and role == "marker_text"
    assert readout_lines(d.app.sim)[5][0].startswith("velocity b = ")
    plain = launch(schedule="constant", lr0=0.02, noise=0.0, epoch=8)
    assert readout_lines(plain.app.sim)[-1][0] == "settling: lands on the near side"


def test_start_flags_reach_the_window_and_dump_state(tmp_path: Path):
    out = tmp_path / "state.json"
    assert cli.main(["--schedule", "one_cycle", "--optimizer", "adam", "--betas", "0.85,0.99", "--epoch", "30",
                     "--headless", "--frames", "3", "--dump-state", str(out)]) == 0
    state = json.loads(out.read_text())
    assert state["optimizer"] == {"name": "adam", "beta1": 0.85, "beta2": 0.99, "eps": 1e-8, "weight_decay": 0.0,
                                  "momentum_now": pytest.approx(0.8501, abs=1e-4), "driven_by_schedule": True}
    assert set(state["ball"]["state"]) == {"m", "v"}
    pygame.quit()


def test_the_windows_export_writes_the_optimizer(launch, tmp_path, monkeypatch):
    monkeypatch.setenv("LRGAME_OUTPUT", str(tmp_path))
    d = launch(schedule="cyclic", optimizer=make_optimizer("sgd", momentum=0.9, nesterov=True))
    d.app.apply(it.Export("code"))
    d.frames(2)
    (code,) = [p.read_text() for p in tmp_path.glob("*.py")]
    assert "optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)" in code
    assert "cycle_momentum=True" in code and "base_momentum=0.8" in code


def test_the_race_takes_each_slots_optimizer(launch):
    d = launch(schedule="cosine")
    d.app.apply(it.AddToRace())
    _page(d, "optimizer")
    d.choose("optimizer", "Momentum")
    d.app.apply(it.AddToRace())
    slots = d.app.race.slots
    assert [s.label for s in slots] == ["Cosine annealing", "Cosine annealing · Momentum 0.9"]
    assert slots[1].settings.optimizer == MOMENTUM and slots[0].settings.optimizer == make_optimizer("sgd")


def test_the_keyboard_reaches_the_tabs_and_the_optimizer(launch):
    """Tab to the Optimizer tab, Enter; Tab to the optimizer's list, + picks the next one."""
    d = launch()

    def focus(key: str) -> None:
        for _ in range(len(d.app.panel.focusable())):
            if d.app.panel.focused() is not None and d.app.panel.focused().key == key:
                return
            d.app.apply(it.MoveFocus(1))
            d.frames(1)
        raise AssertionError(f"the focus ring never reaches {key}")

    focus("page.optimizer")
    d.app.apply(it.ActivateFocused())
    d.frames(3)
    assert d.app.valley.page == "optimizer"
    focus("optimizer")
    d.app.apply(it.AdjustFocused(1))
    d.frames(3)
    assert d.app.sim.settings.optimizer == MOMENTUM
