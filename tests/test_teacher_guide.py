"""docs/teacher-guide.md, activity by activity: the keys it names are pressed in the real window
(headless), and every number its "What students see" and "Discuss" parts quote is measured on the
run those keys make. A number that changes (another noise draw, a new default) fails here, with
the measured value to write into the guide instead.

Words used below as the guide uses them: the ball is "down" (within 0.1 of the bottom) at the
first epoch with |x − x*| < 0.1, the width of its jiggle at η₀ = 0.1; a "hop" is |x_{t+1} − x_t|.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pygame
import pytest

from lrgame.app.modes.valley import LR0_KEY_SCALE
from lrgame.engine import schedules
from lrgame.sim.race import SETTLE_LOSS
from lrgame.view.readout import readout_lines

GUIDE = " ".join((Path(__file__).resolve().parent.parent / "docs" / "teacher-guide.md").read_text().split())
DOWN = 0.1


def says(text: str) -> None:
    """The guide says `text` (line breaks read as spaces)."""
    assert text in GUIDE, f"the guide should say: {text}"


def eta(x: float) -> str:
    """η₀ as the guide writes a notch: to three decimals (0.05, 0.063, 0.126)."""
    return f"{round(x, 3):g}"


def press(d, key: int, times: int = 1, shift: bool = False, unicode: str = "") -> None:
    for _ in range(times):
        d.key(key, mod=pygame.KMOD_SHIFT if shift else 0, unicode=unicode)


def path(d) -> np.ndarray:
    """Where the ball is after each epoch of the run on screen, measured from the bottom."""
    sim = d.app.sim
    return sim.trajectory.xs(sim.steps) - sim.trajectory.valley.floor_x


def down_at(xs: np.ndarray) -> int | None:
    near = np.flatnonzero(np.abs(xs) < DOWN)
    return int(near[0]) if len(near) else None


@pytest.fixture
def window(launch):
    d = launch()
    press(d, pygame.K_r, shift=True)  # every activity starts with Shift+R
    return d


def test_the_keys_the_guide_names(window):
    d = window
    s = d.app.sim.requested
    assert (s.lr0, s.sharpness) == (0.1, 15.0)
    says(f"(η₀ = {s.lr0:g} on a valley of sharpness {s.sharpness:g})")
    named = []
    for digit in (1, 2, 5, 8):
        press(d, pygame.K_0 + digit, unicode=str(digit))
        named.append(f"{digit} {schedules.entry(d.app.sim.requested.schedule).label.split(' (')[0]}")
    says(f"({', '.join(named)})")
    says(f"each notch is about ×{LR0_KEY_SCALE.nudge(1.0, 1):.2f}")


def test_activity_1_constant_never_settles_step_decay_does(window):
    d = window
    press(d, pygame.K_1, unicode="1")
    xs = path(d)
    loss = d.app.sim.trajectory.losses(100)
    says(f"(it is within 0.1 of it by epoch {down_at(xs)})")
    sides = int(np.sum(np.sign(xs[51:]) != np.sign(xs[50:100])))
    says(f"jumping from one side of the floor to the other ({sides} times in the last 50 epochs)")
    says(f"the loss still swings between {loss[80:].min():.1g} and {loss[80:].max():.1g}")

    press(d, pygame.K_2, unicode="2")
    rates, xs = d.app.sim.curve, path(d)
    drops = [int(t) for t in np.flatnonzero(np.diff(rates) < 0) + 1 if t < 100]
    says(f"rate drops at epochs {', '.join(map(str, drops[:-1]))} and {drops[-1]}")
    hops = np.abs(np.diff(xs))
    stages = [hops[a:b].mean() for a, b in zip([10, *drops], [*drops, 100], strict=True)]
    assert all(5 < before / after < 20 for before, after in zip(stages, stages[1:], strict=False))
    says("each drop makes the hops about ten times smaller")
    assert np.abs(xs[70:]).max() < 0.01 < np.abs(xs[60:70]).max()
    says("from epoch 70 on the ball stays within 0.01 of the bottom")


def test_activity_1_discuss_a_small_constant_rate(window):
    d = window
    press(d, pygame.K_1, unicode="1")
    jiggle = np.abs(path(d)[50:]).mean()
    found: dict[int, tuple[float, int | None, np.ndarray]] = {}
    for presses in range(1, 21):
        press(d, pygame.K_DOWN)
        xs = path(d)
        found[presses] = (d.app.sim.requested.lr0, down_at(xs), xs)
    for presses in (5, 6):  # "five or six times"
        lr0, down, xs = found[presses]
        assert 15 * lr0 < 1 and (xs[: down + 1] > 0).all()  # comes down without jumping across
        assert np.abs(xs[50:]).mean() < 0.35 * jiggle  # and jiggles far less there
    says(f"to η₀ ≈ {found[5][0]:.2g} or {found[6][0]:.2g}")
    says(f"within 0.1 of the bottom by epoch {found[5][1]} or {found[6][1]}")
    never = min(p for p, (_, down, _) in found.items() if down is None)
    assert all(found[p][1] is None for p in range(never, 21))
    lr0, down, _ = found[never - 1]
    says(f"at {never - 1} presses (η₀ ≈ {lr0:.2g}) it needs {down} epochs to get down")
    says(f"from {never} presses (η₀ ≈ {found[never][0]:.2g}) it crawls and is still on its way down")


def test_activity_2_settling_bouncing_flying_out(window):
    d = window
    press(d, pygame.K_1, unicode="1")
    limit = d.app.sim.trajectory.valley.stability_limit
    says(f"With sharpness 15 it sits at 2 / 15 ≈ {limit:.3f}")
    press(d, pygame.K_DOWN, 3)
    says(f"Press **↓** three times (η₀ ≈ {eta(d.app.sim.requested.lr0)})")
    notches = []
    for up in range(6):
        if up:
            press(d, pygame.K_UP)
        sim = d.app.sim
        reading = next(t for t, _ in readout_lines(sim) if t.startswith("η·f″ at the floor = "))
        assert float(reading.rpartition("= ")[2]) == pytest.approx(sim.requested.lr0 * 15, rel=1e-3)
        notches.append((sim.requested.lr0, path(d), sim.trajectory.diverged_at))
    settling = [n for n in notches if 15 * n[0] < 1]
    bouncing = [n for n in notches if 1 < 15 * n[0] < 2]
    flying = [n for n in notches if 15 * n[0] > 2]
    says(f"η·f″ below 1 (η₀ ≈ {' and '.join(eta(lr0) for lr0, _, _ in settling)})")
    for _, xs, _ in settling:
        far = np.abs(xs) >= DOWN
        assert (xs[: int(np.argmin(far))] > 0).all()  # on its own side until it is down
    says(f"η·f″ between 1 and 2 (η₀ ≈ {', '.join(eta(lr0) for lr0, _, _ in bouncing)})")
    ratios = []
    for lr0, xs, _ in bouncing:
        big = xs[: int(np.argmax(np.abs(xs) < 0.3))]  # the hops before the noise matters
        assert len(big) >= 2 and (np.sign(big[1:]) != np.sign(big[:-1])).all()  # side to side
        factor = abs(1 - 15 * lr0)
        kicks = np.abs([lr0 * d.app.sim.trajectory.kick(t) for t in range(len(big) - 1)])
        assert (np.abs(np.abs(big[1:]) - factor * np.abs(big[:-1])) <= kicks * 1.0000001).all()  # give or take
        assert -xs[1] / xs[0] == pytest.approx(factor, abs=0.03)
        ratios.append((f"{factor:.2g}", eta(lr0), len(big) - 1))
    (a, at_a, _), (b, at_b, _), (c, at_c, changes) = ratios
    says(f"the first hop lands {a} as far out at η₀ ≈ {at_a}, {b} as far at {at_b}, and {c} as far at {at_c}")
    assert changes > 10
    says("keeps changing sides for more than ten epochs")
    ((lr0, _, diverged),) = flying
    says(f"η·f″ above 2 (η₀ ≈ {eta(lr0)})")
    press(d, pygame.K_END)
    assert f"DIVERGED at epoch {diverged}" in [t for t, _ in readout_lines(d.app.sim)]
    says(f"the screen says **DIVERGED at epoch {diverged}**")
    assert bouncing[-1][0] < limit < lr0  # "The limit lies between two notches"


def test_activity_3_the_race(window):
    d = window
    for digit in (2, 5, 8):
        press(d, pygame.K_0 + digit, unicode=str(digit))
        press(d, pygame.K_c, shift=True)
    press(d, pygame.K_c)
    race = d.app.race
    assert [slot.label for slot in race.slots] == ["Step decay", "Cosine annealing", "One-cycle"]
    board = race.scoreboard(100)
    settled = {s.label: s.settled_at for s in board.standings}
    assert [s.label for s in sorted(board.standings, key=lambda s: s.place)][0] == "Step decay"
    says(f"(its loss stayed at most {SETTLE_LOSS:g} from then on)")
    says(f"step decay settles first, at epoch {settled['Step decay']}, then cosine at "
         f"{settled['Cosine annealing']} and one-cycle at {settled['One-cycle']}")
    downs = {}
    paths = [traj.xs(100) - race.valley.floor_x for traj in race.trajectories]
    for slot, xs in zip(race.slots, paths, strict=True):
        downs[slot.label] = down_at(xs)
    rates = race.curves[2]
    lr0 = race.slots[2].lr0
    says(f"(at η₀/25 = {lr0 / 25:g})")
    assert rates[0] == pytest.approx(lr0 / 25, rel=1e-12)
    says(f"climbs up to η₀ at epoch {int(np.argmax(rates))}")
    assert downs["Step decay"] == downs["Cosine annealing"]
    says(f"its ball takes {downs['One-cycle']} epochs to get down (step decay and cosine take {downs['Step decay']})")
    hops = np.abs(np.diff(paths[2]))
    start = downs["One-cycle"]
    windows = [hops[a : a + 10].mean() for a in range(start, 91)]
    first = start + int(np.argmax(windows))
    says(f"biggest hops at the bottom in epochs {first}–{first + 9}, about a third of the way through")
    assert 25 <= first <= 40
