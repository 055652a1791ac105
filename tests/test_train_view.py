"""T in the window trains the network live; a huge rate shows DIVERGED, never a NaN."""

import numpy as np
import pygame

from lrgame.train.run import train


def test_t_trains_a_few_epochs_a_frame_under_the_current_curve(launch):
    d = launch(schedule="cosine", lr0=1.0, epochs=60)
    d.key(pygame.K_t)
    d.frames(30)
    run = d.app.training
    assert run is not None and run.epoch == min(60, 3 * 32)
    assert run.losses == train(d.app.sim.curve, seed=0).losses[: run.epoch]
    rect = d.app.scene.layout.valley
    assert tuple(d.app.window.get_at(rect.center))[:3] != d.app.scene.palette.valley_fill
    d.key(pygame.K_t)
    assert d.app.training is None


def test_a_huge_rate_shows_diverged_and_nothing_non_finite(launch):
    d = launch(schedule="constant", lr0=90.0)
    d.key(pygame.K_t)
    d.frames(40)
    run = d.app.training
    assert run.diverged_at is not None
    assert np.isfinite(run.losses).all()


def test_changing_the_schedule_restarts_training(launch):
    d = launch()
    d.key(pygame.K_t)
    d.frames(10)
    first = d.app.training
    d.key(pygame.K_5)
    d.frames(2)
    assert d.app.training is not first and d.app.training.epoch <= 12 < first.epoch
