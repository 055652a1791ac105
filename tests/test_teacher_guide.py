"""docs/teacher-guide.md, activity by activity: the keys it names are pressed in the real window
(headless), and every number its "What students see" and "Discuss" parts quote is measured on the
run those keys make, then looked for in the guide's text. A number that changes (another noise
draw, a new default) fails here, with the measured value to write into the guide instead.
README.md's words about the default screen and the race are checked against the same runs.

Words used below as the guide uses them: a ball is "near the bottom" from the first epoch at which
it is within a tenth of its starting distance from it, |x_t − x*| < |x_0 − x*| / 10; a "hop" is
|x_{t+1} − x_t|; "changing sides" is x − x* changing sign.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pygame
import pytest
from conftest import Driver

from lrgame import cli
from lrgame.app import window as window_module
from lrgame.app.keys import key_intent
from lrgame.app.modes.every_schedule import EveryScheduleMode
from lrgame.app.modes.explain import ExplainOverlay
from lrgame.app.modes.help import HelpOverlay
from lrgame.app.modes.race import RaceMode
from lrgame.app.modes.range_test import RangeTestMode
from lrgame.app.modes.train import TrainMode
from lrgame.app.modes.valley import LR0_KEY_SCALE
from lrgame.app.window import App
from lrgame.engine import schedules
from lrgame.engine.explain import explain
from lrgame.engine.numfmt import sig4
from lrgame.sim.presets import PRESETS, preset_lines
from lrgame.sim.race import MAX_SLOTS, SETTLE_LOSS
from lrgame.sim.settings import run_curve
from lrgame.view.race_cards import race_cards
from lrgame.view.race_lanes import lane_rects
from lrgame.view.readout import readout_lines
from lrgame.view.slot_look import MARKERS, slot_colour, slot_dashes
from lrgame.view.train_view import shown_line, status
from tests.test_keys import press as key_event

ROOT = Path(__file__).resolve().parent.parent
GUIDE = " ".join((ROOT / "docs" / "teacher-guide.md").read_text(encoding="utf-8").split())
README = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
STILL = 0.1
"""The guide's "never more than 0.1 from the bottom" after step decay's first drop."""
SEEDS = range(10)


def says(text: str, where: str = GUIDE) -> None:
    """The guide (or README) says `text` (line breaks read as spaces)."""
    assert text in where, f"{'the guide' if where is GUIDE else 'README.md'} should say: {text}"


def eta(x: float) -> str:
    """η₀ as the guide writes a notch: to three decimals (0.05, 0.063, 0.126)."""
    return f"{round(x, 3):g}"


def press(d, key: int, times: int = 1, shift: bool = False, unicode: str = "") -> None:
    for _ in range(times):
        d.key(key, mod=pygame.KMOD_SHIFT if shift else 0, unicode=unicode)


def digit(d, n: int) -> None:
    press(d, pygame.K_0 + n, unicode=str(n))


def replay(d) -> None:
    """R and Space, as the guide says after each change: the run starts again from epoch 0."""
    press(d, pygame.K_r)
    assert d.app.sim.epoch == 0
    press(d, pygame.K_SPACE)
    assert d.app.sim.playing
    press(d, pygame.K_SPACE)  # paused again: the test reads the whole path, not the clock


def path(d) -> np.ndarray:
    """Where the ball is after each epoch of the run on screen, measured from the bottom."""
    sim = d.app.sim
    return sim.trajectory.xs(sim.steps) - sim.trajectory.valley.floor_x


def near_at(xs: np.ndarray) -> int | None:
    """The first epoch at which the ball is within a tenth of its starting distance from the bottom."""
    near = np.flatnonzero(np.abs(xs) < abs(xs[0]) / 10)
    return int(near[0]) if len(near) else None


def changes_of_side(xs: np.ndarray) -> np.ndarray:
    return np.sign(xs[1:]) != np.sign(xs[:-1])


def reading(d, label: str) -> str:
    """The value the readout shows after `label` ("hop η·(f′ + noise) = ")."""
    return next(t for t, _ in readout_lines(d.app.sim) if t.startswith(label)).rpartition("= ")[2]


def about(x: float) -> str:
    """A number as the guide rounds it: two significant digits (0.42, 0.033, 0.23)."""
    return f"{x:.2g}"


def some(x: float) -> str:
    """"some 20,000": one significant digit, with thousands separated."""
    return f"{float(f'{x:.1g}'):,.0f}"


@pytest.fixture
def window(launch):
    d = launch()
    press(d, pygame.K_r, shift=True)  # every activity starts with Shift+R
    return d


# ---- the keys ----------------------------------------------------------------------------------------------


def test_every_key_the_guide_names_is_bound():
    bold = re.findall(r"\*\*([^*\s]+?)\*\*", GUIDE)
    chords = {c for c in bold if not c.endswith(".") and not (len(c) > 1 and c.isupper())}  # no **Goal.**, **DIVERGED**
    assert {"Space", "Shift+R", "Ctrl+S", "Ctrl+O", "Shift+C", "Shift+T", "Esc"} <= chords
    unbound = [c for c in sorted(chords) if key_intent(key_event(c)) is None]
    assert not unbound, f"the guide names keys that do nothing: {unbound}"


def test_the_key_table(window):
    d = window
    s = d.app.sim.requested
    label = schedules.entry(s.schedule).label.split(" (")[0]
    says(f"({label.lower()} from η₀ = {s.lr0:g} on a valley of sharpness {s.sharpness:g})")
    named = []
    for n in (1, 2, 5, 8):
        digit(d, n)
        named.append(f"{n} {schedules.entry(d.app.sim.requested.schedule).label.split(' (')[0]}")
    says(f"({', '.join(named)})")
    names = list(schedules.ENTRIES)
    press(d, pygame.K_RIGHTBRACKET)
    assert names.index(d.app.sim.requested.schedule) == names.index("one_cycle") + 1  # "next schedule"
    press(d, pygame.K_LEFTBRACKET)
    assert d.app.sim.requested.schedule == "one_cycle"
    press(d, pygame.K_UP)
    says(f"each notch is about ×{d.app.sim.requested.lr0 / s.lr0:.2f}")
    assert d.app.sim.requested.lr0 == LR0_KEY_SCALE.nudge(s.lr0, 1)
    press(d, pygame.K_RIGHT, 2, shift=True)
    press(d, pygame.K_LEFT)
    assert d.app.sim.epoch == 19  # "one epoch back / forward (with Shift: ten)"
    press(d, pygame.K_r)
    assert (d.app.sim.epoch, d.app.sim.requested.schedule) == (0, "one_cycle")  # "keep the settings"
    press(d, pygame.K_END)
    press(d, pygame.K_SPACE)
    assert d.app.sim.playing and d.app.sim.epoch == 0  # "at the end of the run it replays from epoch 0"
    press(d, pygame.K_r, shift=True)
    assert d.app.sim.requested == s  # "resets every setting"
    press(d, pygame.K_h)
    assert d.app.find(HelpOverlay) is not None  # "Press **H** at any time for the list of keys; **Esc** closes it."
    press(d, pygame.K_ESCAPE)
    assert d.app.find(HelpOverlay) is None
    press(d, pygame.K_p)
    assert d.app.theme == "projector"  # "Press **P** for the projector theme"
    press(d, pygame.K_p)
    for key, shift, mode in ((pygame.K_t, False, TrainMode), (pygame.K_g, False, RangeTestMode),
                             (pygame.K_t, True, EveryScheduleMode)):
        press(d, key, shift=shift)
        assert d.app.find(mode) is not None, mode
        press(d, key, shift=shift)
        assert d.app.find(mode) is None, mode


# ---- 1. Why does a constant rate never settle? -----------------------------------------------------------


def constant_and_step(d) -> dict:
    """Activity 1's steps 2 and 3 (1, R, Space; 2, R, Space): both paths and losses."""
    digit(d, 1)
    replay(d)
    constant = path(d).copy(), d.app.sim.trajectory.losses(d.app.sim.steps).copy()
    digit(d, 2)
    replay(d)
    step = path(d).copy(), d.app.sim.trajectory.losses(d.app.sim.steps).copy()
    return {"constant": constant, "step": step, "rates": d.app.sim.curve, "epochs": d.app.sim.steps}


def lesson(d) -> dict:
    """What activity 1 and README.md say about the two runs, measured."""
    run = constant_and_step(d)
    (xc, lc), (xs, ls), rates, t = run["constant"], run["step"], run["rates"], run["epochs"]
    drops = [int(e) for e in np.flatnonzero(np.diff(rates) < 0) + 1 if e < t]
    first = drops[0]
    still = next(e for e in range(first, t + 1) if np.abs(xs[e:]).max() < STILL)
    last = slice(t - t // 3, t + 1)
    return {
        "xc": xc, "lc": lc, "xs": xs, "ls": ls, "rates": rates, "t": t, "drops": drops, "first": first,
        "hop_ratio": -xc[1] / xc[0],  # the first hop: how far out it lands on the other side, as a share
        "constant_near": near_at(xc),
        "constant_sides": int(changes_of_side(xc[t // 2 :]).sum()),
        "constant_swing": (lc[t - 20 :].min(), lc[t - 20 :].max()),
        "early_distance": float(np.abs(xs[t // 10 : first + 1]).mean() / abs(xs[0])),
        "still": still,
        "constant_away": float(np.abs(xc[still:]).mean()),
        "last_ratio": float(lc[last].mean() / ls[last].mean()),
    }


def test_activity_1_constant_never_settles_step_decay_does(window):
    d = window
    m = lesson(d)
    xc, xs, t, first = m["xc"], m["xs"], m["t"], m["first"]
    assert first == t // 3
    # "the ball hops from one wall of the valley to the other, each hop only a little shorter than the last"
    near = m["constant_near"]
    assert changes_of_side(xc[: near + 1]).all()
    assert 0.9 < m["hop_ratio"] < 1 and 0.9 < (abs(xc[near]) / abs(xc[0])) ** (1 / near) < 1
    says(f"it takes {near} epochs to come within a tenth of its starting distance from the bottom")
    # "it never calms down there"
    says(f"({m['constant_sides']} times in the last {t - t // 2} epochs)")
    assert m["constant_sides"] > 0.8 * (t - t // 2)
    lo, hi = m["constant_swing"]
    says(f"(in the last 20 epochs the loss still swings between {lo:.1g} and {hi:.1g})")
    assert hi > 100 * lo

    # step decay: "the first third of the run is exactly the same, the ball bouncing across the floor"
    np.testing.assert_array_equal(xs[: first + 1], xc[: first + 1])
    assert changes_of_side(xs[: first + 1]).mean() > 0.9
    share = m["early_distance"]
    says(f"(between epochs {t // 10} and {first} it is still, on average, {100 * share:.0f} % of its starting "
         f"distance from the bottom: about a quarter)")
    assert abs(share - 0.25) < 0.05
    # "Then the rate drops tenfold at epoch 33: the ball slides to the bottom without crossing it and stays there"
    rates = m["rates"]
    assert rates[first] == pytest.approx(rates[first - 1] / 10, rel=1e-12)
    says(f"Then the rate drops tenfold at epoch {first}")
    assert not changes_of_side(xs[first : m["still"] + 1]).any()
    says(f"(from epoch {m['still']} on it is never more than {STILL:g} from the bottom, while the constant "
         f"rate's ball is on average {about(m['constant_away'])} away)")
    assert m["still"] - first <= 5  # soon after the drop
    # "and the drops at 66 and 99 calm it further": each stage's hops are smaller than the one before
    drops = m["drops"]
    says(f"the drops at {drops[1]} and {drops[2]} calm it further")
    hops = np.abs(np.diff(xs))
    stages = [hops[a:b].mean() for a, b in zip(drops, [*drops[1:], t], strict=True)]
    assert all(after < before for before, after in zip(stages, stages[1:], strict=False))
    says(f"(some {some(m['last_ratio'])} times with the default noise seed)")


def test_activity_1_steps_around_the_first_drop(window):
    d = window
    press(d, pygame.K_l)
    assert d.app.valley.log_scale
    press(d, pygame.K_RIGHT, 3, shift=True)
    press(d, pygame.K_RIGHT, 2)
    assert d.app.sim.epoch == 32
    before = reading(d, "hop η·(f′ + noise) = ")
    press(d, pygame.K_RIGHT)
    after = reading(d, "hop η·(f′ + noise) = ")
    press(d, pygame.K_LEFT)
    assert reading(d, "hop η·(f′ + noise) = ") == before  # ← goes back to it
    says(f'goes from about {about(abs(float(before)))} at epoch 32 to about {about(abs(float(after)))} at epoch 33 '
         f'(its minus sign only says which way the ball goes)')
    assert float(before) > 0 > float(after) and abs(float(before)) > 10 * abs(float(after))


@pytest.mark.parametrize("seed", [0, *(pytest.param(s, marks=pytest.mark.slow) for s in SEEDS[1:])])
def test_activity_1_more_than_a_hundred_times_with_every_seed(launch, seed):
    """"Over the last third of the run its loss is more than a hundred times smaller than with the
    constant rate", and "another seed gives other numbers but the same picture" (seeds 0–9)."""
    says("its loss is more than a hundred times smaller than with the constant rate")
    says("another seed gives other numbers but the same picture")
    m = lesson(launch(seed=seed))
    assert m["last_ratio"] > 100
    assert m["early_distance"] > 0.1 and changes_of_side(m["xs"][: m["first"] + 1]).mean() > 0.9  # bouncing
    assert m["constant_sides"] > 0.6 * (m["t"] - m["t"] // 2)  # the constant rate's ball never calms down


def test_activity_1_discuss_a_tiny_constant_rate(window):
    d = window
    digit(d, 1)
    press(d, pygame.K_DOWN, 20)
    replay(d)
    lr0 = d.app.sim.requested.lr0
    says(f"(Press **↓** twenty times, to η₀ = {lr0:g}, with *Constant* and replay")
    assert float(reading(d, "η·f″ at the floor = ")) == pytest.approx(lr0 * d.app.sim.settings.sharpness, rel=1e-3)
    assert [t for t, _ in readout_lines(d.app.sim)][-1].startswith("crawling")
    says("the readout says *crawling*")
    xs = path(d)
    assert (xs > 0).all() and (np.diff(xs) < 0).all()  # creeps down one wall, never across
    assert near_at(xs) is None  # still on it when the run ends
    says(f"when the run ends, {about(xs[-1])} from the bottom")


# ---- 2. Find the stability limit ---------------------------------------------------------------------------


def notches(d) -> list[tuple[float, np.ndarray, int | None]]:
    """Steps 3–4: ↓ three times, then ↑ one notch at a time, R and Space each time, until the ball
    flies out: (η₀, path, diverged_at) per notch, the readout's η·f″ checked on each."""
    press(d, pygame.K_DOWN, 3)
    found = []
    while not found or found[-1][2] is None:
        if found:
            press(d, pygame.K_UP)
        replay(d)
        sim = d.app.sim
        assert float(reading(d, "η·f″ at the floor = ")) == pytest.approx(sim.requested.lr0 * 19.5, rel=1e-3)
        found.append((sim.requested.lr0, path(d).copy(), sim.trajectory.diverged_at))
    return found


def test_activity_2_settling_bouncing_flying_out(window):
    d = window
    digit(d, 1)
    sim = d.app.sim
    f2 = sim.settings.sharpness
    limit = sim.trajectory.valley.stability_limit
    chart = d.app.scene.lr_chart
    assert chart.reference_shown == "line" and any(t.text.startswith("stability limit 2/f″")
                                                   for t in chart._frame.texts)
    assert chart.y_of(limit) < chart.y_of(sim.requested.lr0)  # just above η₀ on the screen
    says(f"With sharpness {f2:g} it sits at 2 / {f2:g} ≈ {limit:.3f}, just above the default "
         f"η₀ = {sim.requested.lr0:g}")
    found = notches(d)
    says(f"Press **↓** three times (η₀ ≈ {eta(found[0][0])})")
    settling = [n for n in found if f2 * n[0] < 1]
    bouncing = [n for n in found if 1 < f2 * n[0] < 2]
    flying = [n for n in found if f2 * n[0] > 2]
    assert len(settling) + len(bouncing) + len(flying) == len(found)

    says(f"η·f″ below 1 (η₀ ≈ {' and '.join(eta(lr0) for lr0, _, _ in settling)}): *settling*")
    for _, xs, _ in settling:
        down = near_at(xs)
        assert (xs[: down + 1] > 0).all()  # comes down from its side without jumping across
        assert np.abs(xs[down:]).max() < abs(xs[0]) / 10  # the noise only jiggles it at the bottom

    says(f"η·f″ between 1 and 2 (η₀ ≈ {', '.join(eta(lr0) for lr0, _, _ in bouncing)}): *bouncing*")
    shares, nears = [], []
    for lr0, xs, _ in bouncing:
        near = near_at(xs)
        big = xs[: near + 1]  # the hops before the noise matters
        assert changes_of_side(big).all()  # each hop lands on the other side
        factor = abs(1 - f2 * lr0)
        kicks = np.abs([lr0 * d.app.sim.trajectory.kick(t) for t in range(near)])
        assert (np.abs(np.abs(big[1:]) - factor * np.abs(big[:-1])) <= kicks * 1.0000001).all()  # give or take
        assert -xs[1] / xs[0] == pytest.approx(factor, abs=0.03)
        shares.append((about(factor), eta(lr0)))
        nears.append(near)
    (a, at_a), (b, at_b), (c, at_c) = shares
    says(f"the first hop lands {a} as far out at η₀ ≈ {at_a}, {b} as far at {at_b}, and {c} as far at {at_c}")
    assert nears == sorted(nears)  # "the closer η·f″ is to 2, the longer the bouncing lasts"
    says(f"the ball needs {nears[0]}, {nears[1]} and {nears[2]} epochs to come within a tenth of its starting "
         f"distance from the bottom")
    lr0 = bouncing[-1][0]
    says(f"At {eta(lr0)}, where η·f″ = {f2 * lr0:.3g}, each hop is only about {100 * (1 - float(c)):.0f} % shorter")

    ((lr0, xs, diverged),) = flying
    says(f"η·f″ above 2 (η₀ ≈ {eta(lr0)}): every hop overshoots more than the last")
    grows = np.abs(xs[1 : diverged + 1]) / np.abs(xs[:diverged])
    assert changes_of_side(xs[: diverged + 1]).all() and (grows > 1).all()
    press(d, pygame.K_END)
    assert f"DIVERGED at epoch {diverged}" in [t for t, _ in readout_lines(d.app.sim)]
    says(f"the screen says **DIVERGED at epoch {diverged}**")

    press(d, pygame.K_DOWN)  # step 5: "press ↓ once and play again"
    replay(d)
    assert d.app.sim.requested.lr0 == bouncing[-1][0] and d.app.sim.trajectory.diverged_at is None
    assert bouncing[-1][0] < limit < lr0  # "The limit lies between two notches"
    says(f"does 2 / {f2:g} agree?")


def test_activity_2_discuss_a_sharper_valley(window):
    d = window
    before = d.app.sim.settings.sharpness
    for _ in range(len(d.app.panel.focusable())):
        press(d, pygame.K_TAB)
        if d.app.panel.focused().key == "sharpness":
            break
    assert d.app.panel.focused().label.text == "sharpness f″"
    says("press **Tab** until the focus ring is on *sharpness f″*, then **+** a few times")
    press(d, pygame.K_PLUS, 3, unicode="+")
    assert d.app.sim.settings.sharpness > before
    assert d.app.sim.trajectory.valley.stability_limit < 2 / before  # the limit moves down


# ---- 3. Race the schedules --------------------------------------------------------------------------------


def race_of_three(d):
    for n in (2, 5, 8):
        digit(d, n)
        press(d, pygame.K_c, shift=True)
    press(d, pygame.K_c)
    assert d.app.find(RaceMode) is not None
    return d.app.race


def test_activity_3_the_race(window):
    d = window
    race = race_of_three(d)
    assert [slot.label for slot in race.slots] == ["Step decay", "Cosine annealing", "One-cycle"]
    replay(d)
    press(d, pygame.K_RIGHT, 4, shift=True)
    press(d, pygame.K_LEFT)
    assert d.app.sim.ball_t == 39  # step 5: ← / →, with Shift ten epochs; the race follows the run's clock
    n = len(race.slots)
    # "each in its own colour, dash pattern and marker shape"
    assert len({slot_colour(i) for i in range(n)}) == len({slot_dashes(i) for i in range(n)}) == n
    assert len(set(MARKERS[:n])) == n
    # "each in its own lane: a copy of the same valley at the same scale", "kicked by the same noise"
    view, lay = d.app.scene._compare_view, d.app.scene.layout
    lanes = lane_rects(lay.valley, n)
    ports = view.lanes.viewports(lay.valley, race)
    assert len({(p.rect.size, p.x_range, p.loss_top, p.margin, p.floor_room) for p in ports}) == 1
    t = d.app.sim.ball_t
    for lane, centre in zip(lanes, view.ball_positions(lay.valley, race, t), strict=True):
        assert lane.collidepoint(centre)
    assert len({tuple(traj.kick(s) for s in range(race.steps)) for traj in race.trajectories}) == 1
    # "The cards above show each ball's rate now."
    assert [card.value for card in race_cards(race, t)] == [sig4(float(c[t])) for c in race.curves]

    board = race.scoreboard(race.steps)
    order = [s.label for s in sorted(board.standings, key=lambda s: s.place)]
    assert order == sorted(order, key=lambda label: next(s.loss for s in board.standings if s.label == label))
    rows = view.rows(board)
    assert [cells[1][0] for _, cells in rows] == order and all(cells[6][0] == "no" for _, cells in rows)
    settled = [next(s.settled_at for s in board.standings if s.label == label) for label in order]
    assert settled == sorted(settled)
    says(f"(its loss stayed at most {SETTLE_LOSS:g} from then on)")
    says(f"after the last epoch, {order[0].lower()} is first, {order[1].split()[0].lower()} second and "
         f"{order[2].lower()} third, and they settled in that order too: at epochs {settled[0]}, {settled[1]} "
         f"and {settled[2]}")

    paths = {slot.label: traj.xs(race.steps) - race.valley.floor_x
             for slot, traj in zip(race.slots, race.trajectories, strict=True)}
    rates, lr0 = race.curves[2], race.slots[2].lr0
    assert rates[0] == pytest.approx(lr0 / 25, rel=1e-12)
    says(f"(at η₀/25 = {lr0 / 25:g}), climbs up to η₀ at epoch {int(np.argmax(rates))} and only then falls")
    one = paths["One-cycle"]
    near = {label: near_at(xs) for label, xs in paths.items()}
    assert (one[: near["One-cycle"] + 1] > 0).all()  # creeping down its own wall
    assert (np.abs(np.diff(one))[:5] < np.abs(np.diff(paths["Step decay"]))[:5] / 10).all()  # small steps
    assert near["One-cycle"] < near["Cosine annealing"] < near["Step decay"]
    says(f"(within a tenth of its starting distance at epoch {near['One-cycle']}, cosine's ball at "
         f"{near['Cosine annealing']} and step decay's at {near['Step decay']})")
    hops = np.abs(np.diff(one))
    windows = [hops[a : a + 10].mean() for a in range(race.steps - 9)]
    wildest = int(np.argmax(windows))
    says(f"with its biggest hops in epochs {wildest}–{wildest + 9}")
    assert abs(wildest + 5 - race.steps / 3) < race.steps / 10  # "around a third of the way through"


def test_activity_3_four_fit_and_x_takes_the_last_out(window):
    d = window
    race = race_of_three(d)
    press(d, pygame.K_c)
    digit(d, 1)
    press(d, pygame.K_c, shift=True)
    assert len(race.slots) == MAX_SLOTS == 4
    says(f"(Up to {'four' if MAX_SLOTS == 4 else MAX_SLOTS} fit; **X** takes the last one out again.)")
    press(d, pygame.K_c, shift=True)
    assert len(race.slots) == MAX_SLOTS
    press(d, pygame.K_x)
    assert [slot.label for slot in race.slots] == ["Step decay", "Cosine annealing", "One-cycle"]


def test_activity_3_discuss_a_different_eta0_and_the_explanations(window):
    d = window
    press(d, pygame.K_c, shift=True)
    press(d, pygame.K_UP)
    digit(d, 1)
    press(d, pygame.K_c, shift=True)
    press(d, pygame.K_c)
    board = d.app.race.scoreboard(d.app.race.steps)
    says("(the scoreboard warns when they do)")
    assert board.lr0_note.startswith("η₀ differs between slots")
    flown = [s for s in board.standings if s.diverged]  # "says whether one flew out"
    assert [s.label for s in flown] == ["Constant"]
    assert [cells[6][0] for _, cells in d.app.scene._compare_view.rows(board)][-1] == f"at {flown[0].diverged_at}"
    press(d, pygame.K_c)
    assert d.app.find(RaceMode) is None
    says("Press **C** to close the comparison and **I** on each schedule")
    for n in (2, 5, 8):
        digit(d, n)
        press(d, pygame.K_i)
        assert d.app.find(ExplainOverlay) is not None and explain(d.app.sim.requested.schedule).pitfall
        press(d, pygame.K_i)


# ---- Going further: famous recipes --------------------------------------------------------------------------


# ---- 6. Noise and decay ----------------------------------------------------------------------------------


def network_tab(d, lr0: str) -> None:
    """T, the Net tab, and η₀ (network) typed in: how activities 6 and 8 start."""
    press(d, pygame.K_t)
    d.click(d.app.panel.row("page.network").button.rect.center, settle=2)
    d.type_into("net_lr0", lr0)


def trained(d) -> TrainMode:
    """Wait until the train view's run is done ("until the line beside the picture says done")."""
    d.frames(2)
    mode = d.app.find(TrainMode)
    while not mode.run.done:
        d.frames(20)
    return mode


@pytest.mark.slow
def test_activity_6_noise_and_decay(window):
    """Steps 1-4 in the window: T, the Net tab, η₀ (network) 1, batch 300 then 8, keys 1 and 2 (~15 s)."""
    d = window
    network_tab(d, "1")
    runs = {}
    for batch in ("300", "8"):
        d.type_into("batch_size", batch)
        for n in (1, 2):
            digit(d, n)
            press(d, pygame.K_END)  # the run's last epoch: shown once training has got there
            run = trained(d).run
            assert run.batch_size == int(batch) and run.diverged_at is None
            text, _ = status(d.app.shown().training)
            assert text.startswith("epoch 100 of 100 (the run is over)")
            assert f"test loss {sig4(run.final_test_loss)}" in text
            runs[(batch, n)] = run
    assert runs[("8", 1)].batches == 38  # "38 steps an epoch"
    for run in runs.values():
        says(f"{sig4(run.final_test_loss)}")
        says(f"{100 * run.final_test_accuracy:.1f} %")
    full_constant, full_step = runs[("300", 1)], runs[("300", 2)]
    small_constant, small_step = runs[("8", 1)], runs[("8", 2)]
    says(f"*Constant* ends at test loss {sig4(full_constant.final_test_loss)} and test accuracy "
         f"{100 * full_constant.final_test_accuracy:.1f} %")
    assert full_step.final_test_loss > full_constant.final_test_loss  # "Step decay does worse"
    assert small_constant.final_test_loss > small_step.final_test_loss  # "never settles" … the decay settles
    assert np.std(np.diff(small_constant.test_losses[-20:])) > 10 * np.std(np.diff(small_step.test_losses[-20:]))
    assert small_step.final_test_loss == min(r.final_test_loss for r in runs.values())  # "the best of the four"


# ---- 8. The edge of stability -------------------------------------------------------------------------------


@pytest.mark.slow
def test_activity_8_the_edge_of_stability(window):
    """Steps 1-3 in the window: T, the Net tab, η₀ 1 and batch 300, 1, K; η₀ 0.1; η₀ 2 and 5 (~10 s)."""
    d = window
    network_tab(d, "1")
    d.type_into("batch_size", "300")
    digit(d, 1)
    press(d, pygame.K_k)
    runs = {}
    for step, lr0, n in (("1", "1", None), ("0.1", "0.1", None), ("cosine", "2", 5)):
        d.type_into("net_lr0", lr0)
        if n is not None:
            digit(d, n)
        mode = trained(d)
        assert mode.run.diverged_at is None and mode.run.full_batch and mode.sharpness is not None
        assert shown_line(d.app.shown().training).startswith("Training is done")  # "says done", at epoch 0
        runs[step] = ({p.epoch: p for p in mode.sharpness.points}, mode.run)
    points, run = runs["1"]
    says("the fresh network is sharp, 5.6, far above the edge 2/η = 2")
    assert f"{points[0].sharpness:.2g}" == "5.6" and points[0].plain_limit == 2.0
    says(f"by epoch 10 the sharpness is down to {points[10].sharpness:.3g}, right at the line")
    later = [points[t].sharpness for t in range(10, 101, 10)]
    says(f"between {min(later[1:]):.3g} and {max(later):.3g}: the network trains at the edge")
    accurate = run.final_test_accuracy
    points, run = runs["0.1"]
    settled = [points[t].sharpness for t in range(10, 101, 10)]
    says(f"the edge is at 20 and the sharpness stays between {min(settled):.3g} and {max(settled):.3g}")
    assert points[0].plain_limit == pytest.approx(20.0)
    says(f"{100 * run.final_test_accuracy:.1f} % test accuracy after 100 epochs, against {100 * accurate:.1f} %")
    points, run = runs["cosine"]
    for t in (10, 40):
        says(f"{points[t].sharpness:.3g} against {points[t].plain_limit:.3g} at epoch {t}")
    says(f"the edge runs away ({points[80].plain_limit:.4g} at epoch 80) and the sharpness stops near "
         f"{points[100].sharpness:.3g}")
    assert points[100].sharpness == pytest.approx(points[90].sharpness, rel=0.01)  # "stops"


def test_going_further_the_recipes(launch, monkeypatch):
    titles = {"ResNet": "resnet", "SGDR": "sgdr", "one-cycle": "one_cycle", "the Transformer": "transformer",
              "BERT": "bert", "GPT-3": "gpt3", "LLaMA": "llama", "warmup-stable-decay": "wsd"}
    says(f"well-known papers ({', '.join(list(titles)[:-1])}, {list(titles)[-1]})")
    listed = [line.split()[0] for line in preset_lines()]
    assert listed == list(PRESETS) == list(titles.values())
    for name in listed:  # "Each picks a valley on which its peak rate bounces"
        settings = PRESETS[name].settings()
        assert 1 < run_curve(settings).max() * settings.sharpness < 2, name
    says("`python main.py --preset sgdr` opens one")
    launched = []
    monkeypatch.setattr(window_module, "run", launched.append)
    cli.main(["--preset", "sgdr"])
    d = Driver(App(replace(launched[0], headless=True)))  # the window the command line asks for (`launch` quits it)
    d.frames(2)
    assert d.app.shown().preset == "sgdr" and PRESETS["sgdr"].source
    xs = path(d)
    assert changes_of_side(xs[:5]).all()  # at its peak rate the ball bounces
    press(d, pygame.K_i)
    assert d.app.find(ExplainOverlay) is not None


# ---- README.md: the default screen and the race ------------------------------------------------------------


def test_the_readme_says_what_the_default_screen_shows(window):
    d = window
    s = d.app.sim.settings
    limit = d.app.sim.trajectory.valley.stability_limit
    says(f"step decay from η₀ = {s.lr0:g} on a {s.valley} of sharpness f″ = {s.sharpness:g}, just under its "
         f"stability limit 2/f″ ≈ {limit:.3f}", README)
    assert s.lr0 < limit and s.valley == "bowl"
    m = lesson(d)
    xs, xc, first = m["xs"], m["xc"], m["first"]
    assert first == m["t"] // 3 and changes_of_side(xs[: first + 1]).mean() > 0.9
    says("for the first third of the run the ball hops from wall to wall, each hop only a little shorter than "
         "the last", README)
    assert 0.9 < m["hop_ratio"] < 1
    says(f"when the rate drops tenfold at epoch {first} it slides to the floor and stays there", README)
    assert not changes_of_side(xs[first : m["still"] + 1]).any() and m["still"] - first <= 5
    says("Pick *Constant* (key 1) and the same ball keeps hopping across the floor to the end", README)
    assert changes_of_side(xc[-11:]).sum() >= 8
    race = race_of_three(d)
    assert len(lane_rects(d.app.scene.layout.valley, len(race.slots))) == len(race.slots) == 3
    says("Three schedules compared, and their balls racing, each in its own lane", README)
