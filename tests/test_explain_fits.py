"""The explanation (I) stays inside its box for every schedule, with its knobs read in steps and a
follower's note: the formula and the paragraphs take the largest size that fits."""

from __future__ import annotations

import numpy as np
import pygame
import pytest

from lrgame.engine import schedules
from lrgame.sim.settings import make_settings
from lrgame.sim.simulation import Simulation
from lrgame.view.explain_view import draw_explanation
from lrgame.view.text import TextCache

BLANK = (1, 2, 3)


@pytest.mark.parametrize(("size", "s"), [((1024, 600), 4), pytest.param((1024, 600), 1, marks=pytest.mark.slow),
                                         pytest.param((1280, 720), 4, marks=pytest.mark.slow)])
def test_every_explanation_stays_in_its_box(launch, size, s):
    d = launch(size=size)
    rect = d.app.scene.layout.valley
    box = rect  # the box covers its area whole
    for name in schedules.ENTRIES:
        params = {"mode": "exp_range", "gamma": 0.97} if name == "cyclic" else {}
        sim = Simulation(make_settings(name, 0.1, 100, params, steps_per_epoch=s))
        surface = pygame.Surface(size)
        surface.fill(BLANK)
        draw_explanation(surface, rect, sim, d.app.scene.palette, TextCache())
        pixels = pygame.surfarray.pixels3d(surface)
        outside = np.ones(size, dtype=bool)
        outside[box.left : box.right, box.top : box.bottom] = False
        assert (pixels[outside] == BLANK).all(), f"{name}: the explanation spills out of its box"
        del pixels
