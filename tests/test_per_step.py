"""The cards and the readout are worked out once per step (`lrgame.view.per_step`): the texts kept
are the ones worked out afresh through a session of changes, and a frame between two steps does
not work them out again."""

from __future__ import annotations

import pygame

import lrgame.view.cards as cards_module
import lrgame.view.scene as scene_module
from lrgame.sim.settings import make_settings
from lrgame.sim.simulation import Simulation
from lrgame.view.cards import cards_for
from lrgame.view.per_step import PerStep
from lrgame.view.readout import readout_lines


def test_the_texts_kept_are_the_fresh_ones_through_a_session() -> None:
    sim = Simulation(make_settings("reduce_on_plateau", 0.3, 40))
    cards, lines = PerStep(cards_for), PerStep(readout_lines)
    seen = set()

    def same() -> None:
        assert cards(sim) == cards_for(sim) and lines(sim) == readout_lines(sim), sim.t
        seen.add((cards(sim), tuple(lines(sim))))

    same()
    sim.toggle_play()
    for _ in range(90):  # hops, new steps, a loss-driven path worked out as it goes
        sim.update(1 / 30)
        same()
    for change in (lambda: sim.seek(40), lambda: sim.rewind(), lambda: sim.step_epochs(3),
                   lambda: sim.apply(make_settings("reduce_on_plateau", 0.3, 40, sharpness=9.0)),
                   lambda: sim.apply(make_settings("reduce_on_plateau", 3.0, 40, sharpness=9.0)),  # diverged
                   lambda: sim.apply(make_settings("cosine", 0.3, 40))):
        change()
        same()
    assert len(seen) > 20  # the texts did change: each change was really shown
    sim.apply(make_settings("reduce_on_plateau", 0.3, 200_000))
    sim.seek(200_000)  # far ahead of the path: worked out a slice a frame, the readout says how far
    for _ in range(4):
        same()
        sim.update(1 / 30)
    assert sim.catching_up


def test_a_frame_between_two_steps_works_them_out_no_more(launch, monkeypatch) -> None:
    made = []
    for name in ("cards_for", "readout_lines"):
        real = getattr(scene_module, name)
        monkeypatch.setattr(scene_module, name, lambda sim, real=real: made.append(sim.t) or real(sim))
    d = launch(epochs=200)
    d.move((900, 600))
    d.key(pygame.K_SPACE)
    start = d.app.sim.t
    d.frames(60)
    steps = d.app.sim.t - start
    assert 0 < steps < 40 and len(made) <= 2 * (steps + 2)  # per step, not per frame (60 frames)


def test_the_cards_made_once_a_run_follow_a_loss_driven_one() -> None:
    """`cards._run_cards` keeps the η₀, final, average and schedule cards for a run: a loss-driven
    run's latest and average rate still change on them step by step, as worked out afresh."""
    sim = Simulation(make_settings("reduce_on_plateau", 0.3, 40, sharpness=1.0))  # its plateau cuts the rate
    latest = set()
    for _ in range(39):
        sim.step_epochs(1)
        kept = cards_for(sim)
        cards_module._run_cards.cache_clear()
        assert kept == cards_for(sim), sim.t
        latest.add(kept[2:4])
    assert len(latest) > 10
