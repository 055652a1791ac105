"""The momentum lesson's numbers, as the README and the teacher's guide quote them, computed with
`python main.py path` on the default valley (its default sharpness, noise 1, seed 0) at the rates
the guide's keys reach, and the guide's steps pressed in the real window (headless)."""

from __future__ import annotations

import contextlib
import io
import json
import math
from pathlib import Path

import numpy as np
import pygame
import pytest

from lrgame import cli
from lrgame.app.modes.valley import LR0_KEY_SCALE
from lrgame.engine.numfmt import sig4
from lrgame.sim.optimizer_choice import make_optimizer
from lrgame.sim.optimizers import max_stable_lr
from lrgame.sim.settings import make_settings
from lrgame.sim.valley import DEFAULT_SHARPNESS
from lrgame.view.readout import readout_lines

ROOT = Path(__file__).resolve().parents[1]
DOCS = {name: " ".join((ROOT / name).read_text(encoding="utf-8").split()) for name in ("README.md",
                                                                                          "docs/teacher-guide.md")}
GUIDE = DOCS["docs/teacher-guide.md"]
MOMENTUM = make_optimizer("sgd", momentum=0.9)


def notches(lr0: float, n: int) -> float:
    """η₀ after n presses of ↑ (or −n of ↓)."""
    for _ in range(abs(n)):
        lr0 = LR0_KEY_SCALE.nudge(lr0, 1 if n > 0 else -1)
    return lr0


LOW = notches(make_settings().lr0, -7)  # Shift+R, then ↓ seven times
HIGH = notches(LOW, 9)  # then ↑ nine times
LIMIT = max_stable_lr(MOMENTUM, DEFAULT_SHARPNESS) * DEFAULT_SHARPNESS  # 2(1+β)


def path(*flags: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["path", *flags]) == 0
    return json.loads(out.getvalue())


def settled_from(x: np.ndarray, band: float = 0.3) -> int:
    """The first epoch from which the ball stays within `band` of the floor (at 0)."""
    return int(np.flatnonzero(np.abs(x) > band)[-1]) + 1


def test_the_rates_sit_where_the_lesson_needs_them():
    """The low rate settles plain SGD (η·f″ < 1); the high one is above plain SGD's limit 2 and
    under momentum's 2(1+β)."""
    assert LOW * DEFAULT_SHARPNESS < 1 < 2 < HIGH * DEFAULT_SHARPNESS < LIMIT


@pytest.mark.parametrize("doc", DOCS)
def test_momentum_overshoots_where_sgd_settles(doc: str) -> None:
    plain = np.array(path("--schedule", "constant", "--lr0", repr(LOW))["x"])
    heavy = np.array(path("--schedule", "constant", "--lr0", repr(LOW), "--momentum", "0.9")["x"])
    past = math.ceil(-plain.min() * 100) / 100  # "never more than … past the bottom"
    assert -0.1 < plain.min() < 0 and heavy.min() < -1 and settled_from(heavy) > settled_from(plain)
    text = DOCS[doc]
    assert f"η₀ = {LOW:g}" in text and f"{past:.2f} past" in text and f"epoch {settled_from(plain)}" in text
    assert f"x = −{-heavy.min():.2f}" in text and f"epoch {settled_from(heavy)}" in text


@pytest.mark.parametrize("doc", DOCS)
def test_momentum_moves_the_limit(doc: str) -> None:
    flies_out = path("--schedule", "constant", "--lr0", repr(HIGH))["diverged_at"]
    assert flies_out is not None
    assert path("--schedule", "constant", "--lr0", repr(HIGH), "--momentum", "0.9")["diverged_at"] is None
    text = DOCS[doc]
    assert f"η₀ = {HIGH:g}" in text and f"η·f″ = {sig4(HIGH * DEFAULT_SHARPNESS)}" in text
    assert "flies out" in text and f"epoch {flies_out}" in text and f"{LIMIT:.3g}" in text


def test_the_readme_names_the_low_rates_product():
    assert f"(η·f″ = {LOW * DEFAULT_SHARPNESS:.2g}, a constant rate)" in DOCS["README.md"]


def test_the_guides_steps_in_the_window(launch):
    """Activity 4's keys and clicks: the rates, the readout's words and limit, the divergence."""
    d = launch()
    d.key(pygame.K_r, mod=pygame.KMOD_SHIFT)
    d.key(pygame.K_1, unicode="1")
    for _ in range(7):
        d.key(pygame.K_DOWN)
    assert d.app.sim.requested.lr0 == LOW and d.app.sim.settings.schedule == "constant"
    (product, _), (words, _) = readout_lines(d.app.sim)[-2:]
    assert f"{product}: *{words.split(':')[0]}*" in GUIDE and "at the floor" in product
    d.click(d.app.panel.row("page.optimizer").button.rect.center)
    d.frames(3)
    d.choose("optimizer", "Momentum")
    assert d.app.sim.settings.optimizer == MOMENTUM and "(β = 0.9)" in GUIDE
    for _ in range(9):
        d.key(pygame.K_UP)
    d.key(pygame.K_END)
    assert d.app.sim.requested.lr0 == HIGH and not d.app.sim.diverged
    d.key(pygame.K_LEFT)  # the last epoch played: at the end (t = T) no rate is in use, so no limit is named
    assert f"(limit {LIMIT:.3g})" in readout_lines(d.app.sim)[-2][0]
    d.choose("optimizer", "SGD")
    d.key(pygame.K_END)
    words = readout_lines(d.app.sim)[-1][0]
    assert d.app.sim.diverged and f"({words})" in GUIDE


@pytest.mark.parametrize("doc", DOCS)
def test_one_cycle_moves_the_momentum_against_the_rate(doc: str) -> None:
    run = path("--schedule", "one_cycle", "--momentum", "0.9")
    momentum, rate = np.array(run["momentum"]), np.array(run["lr"])
    peak = int(rate.argmax())
    assert peak == 29 and int(momentum.argmin()) == peak
    assert (momentum[0], momentum.min(), momentum[-1]) == pytest.approx((0.95, 0.85, 0.95))
    assert "epoch 29" in DOCS[doc] and "0.95" in DOCS[doc] and "0.85" in DOCS[doc]
