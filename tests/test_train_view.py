"""T in the window trains the network live; a huge rate shows DIVERGED, never a NaN."""

import numpy as np
import pygame

from lrgame.numfmt import sig4
from lrgame.train.run import train
from lrgame.view.train_view import status


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


def test_the_header_shows_the_final_loss_once_done(launch):
    d = launch(schedule="cosine", lr0=1.0, epochs=30)
    d.key(pygame.K_t)
    d.frames(20)
    run = d.app.training
    assert run.done and run.final_loss is not None and sig4(run.final_loss) != sig4(run.losses[-1])
    text, role = status(run)
    assert f"final loss {sig4(run.final_loss)}" in text and sig4(run.losses[-1]) not in text
    assert text.startswith("epoch 30 of 30") and role == "text"
    palette, rect = d.app.scene.palette, d.app.scene.layout.valley
    line = d.app.scene.texts.render(text, 15, palette.text)
    expected = pygame.Surface(line.get_size())
    expected.fill(palette.background)
    expected.blit(line, (0, 0))
    shown = d.app.window.subsurface((rect.x + 4, rect.y + 30, *line.get_size()))
    assert (pygame.surfarray.array3d(shown) == pygame.surfarray.array3d(expected)).all()  # that text, there
