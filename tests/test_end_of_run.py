"""The end of a run, t = T: every step is taken, so no rate is in use. No view shows η(T) or a regime
word computed from it, and every view names the same epoch, at the end and on the way.

Each test drives the real window with posted keys and reads what it drew (`drawn`: every string a
frame drawn whole rendered), its state document, or the record of the frame (`Shown`)."""

import pygame
import pytest

from lrgame.app.modes.train import TrainMode
from lrgame.engine.numfmt import sig4
from lrgame.train.run import train
from lrgame.view.readout import regime
from lrgame.view.scene import Scene


def drawn(d, key: int | None = None, mod: int = 0) -> list[str]:
    """Every text of the frame after pressing `key` (if given), drawn whole by a fresh scene: the
    app's own keeps texts it drew before as pixels (the views' words, the charts' layers)."""
    if key is not None:
        d.key(key, mod)
    d.frames(1)
    app, seen = d.app, []
    scene = Scene(app.window.get_size(), app.scene.palette)
    render = scene.texts.render
    scene.texts.render = lambda text, *args, **kwargs: seen.append(text) or render(text, *args, **kwargs)
    shown, surface = app.shown(), app.window.copy()
    scene.draw(surface, shown, captions=app.panel.captions())
    scene.draw_over(surface, shown)
    return seen


REGIMES = {regime(rate, 1.0)[0] for rate in (3.0, 1.5, 0.5, 0.01)}


@pytest.mark.parametrize("schedule", ["cosine_restarts", "exponential", "one_cycle"])
def test_at_the_end_the_cards_and_readout_say_the_run_is_over(launch, schedule):
    """Warm restarts hold η(T) = η₀ (it read "current 0.1000", "bouncing"), exponential holds a rate
    below the final one: neither is shown at t = T."""
    d = launch(schedule=schedule, epochs=100)
    d.key(pygame.K_END)
    sim = d.app.sim
    assert sim.epoch == 100 == sim.settings.epochs
    held = float(sim.curve[-1])
    texts = drawn(d)
    joined = "\n".join(texts)
    assert "current η(" not in joined and "η(t) / η₀" not in joined and "η(100)" not in joined
    assert "run over: no current η" in texts and "see final η" in texts  # the current card points at the final one
    assert sig4(sim.summary.final) in texts and sig4(sim.summary.final / sim.settings.lr0) in texts
    if sig4(held) not in (sig4(sim.summary.final), sig4(sim.settings.lr0)):
        assert sig4(held) not in texts  # η(T), which no step uses
    assert not REGIMES & set(texts)  # no "bouncing" from η(T)·f″
    assert "rate η(t) = " not in texts and "η·f″ at the floor = " not in texts
    assert "hop: none, the run is over" in texts and "RUN OVER: all 100 epochs done" in texts
    assert {"epoch t = ", "100 of 100"} <= set(texts)  # a readout row: its words and its number, drawn apart
    state = d.app.state()
    assert state["epoch"] == 100 and state["current"] is None
    d.key(pygame.K_LEFT)  # one epoch back, the run is on again: its rate and regime are back
    texts = drawn(d)
    assert "see final η" not in texts and REGIMES & set(texts) and d.app.state()["current"] == sim.curve[99]


def test_the_lr_charts_marker_stands_at_the_axis_end_saying_run_over(launch):
    d = launch(schedule="cosine_restarts", epochs=100)
    chart, marker = d.app.scene.lr_chart, d.app.scene.palette.marker
    d.key(pygame.K_END)
    texts = drawn(d)
    plot = chart.plot_rect
    column = [tuple(d.app.window.get_at((plot.right - 1, y)))[:3] for y in range(plot.top, plot.bottom)]
    assert column.count(tuple(marker)) >= 0.8 * plot.h  # the line after the last step, not at epoch 99's start
    assert "run over" in texts and not any(t.startswith("η = ") for t in texts)
    texts = drawn(d, pygame.K_LEFT)
    assert f"η = {sig4(float(d.app.sim.curve[99]))}" in texts and "run over" not in texts


def test_the_race_names_one_epoch_everywhere_and_at_the_end(launch):
    """The race chart said "epoch 99" beside a scoreboard at "epoch 100 of 100"."""
    d = launch(schedule="step", epochs=100)
    d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    d.key(pygame.K_5)  # cosine
    d.key(pygame.K_c, mod=pygame.KMOD_SHIFT)
    d.key(pygame.K_c)
    d.frames(10)
    for key, epoch in ((pygame.K_END, 100), (pygame.K_LEFT, 99), (pygame.K_HOME, 0)):
        d.key(key)
        d.frames(20)
        texts = drawn(d)
        over = ", run over" if epoch == 100 else ""
        assert f"│ epoch {epoch}{over}" in texts, [t for t in texts if t.startswith("│")]  # the chart's marker
        assert f"at epoch {epoch} of 100" in texts  # the scoreboard
        titles = [t for t in texts if t.endswith((": final η", ": η now"))]
        assert len(titles) == 2 and all(t.endswith(": final η" if over else ": η now") for t in titles)
        assert d.app.state()["epoch"] == epoch and d.app.state()["view"] == "race"


def test_the_network_shows_the_runs_epoch_while_its_training_runs_ahead(launch):
    """The train view shows the network at the run's epoch: its status, its loss chart's marker, the
    state and the cards name the same epoch, though training runs ahead on its own; at t = T it says
    the run is over with the final figures, and a jump back replays, it does not train afresh (the
    end-of-run work trained in step with the run and retrained from scratch on a jump back)."""
    d = launch(schedule="cosine", lr0=1.0, net_lr0=1.0, batch_size=300, epochs=60, epoch=20)  # 3 epochs a frame
    d.key(pygame.K_t)
    d.frames(25)
    run = d.app.find(TrainMode).run
    truth = train(d.app.sim.curve, seed=0)  # the network's η₀ is the valley's here
    texts = drawn(d)
    assert run.done  # ahead of the cursor: all 60 epochs
    assert any(t.startswith(f"epoch 20 of 60: training loss {sig4(truth.losses[20])}") for t in texts), texts
    assert any(t.startswith("Training is done (epoch 60), ahead of the cursor; shown: epoch 20") for t in texts), texts
    assert "current η(20)" in texts and d.app.state()["train"]["epoch"] == d.app.state()["epoch"] == 20
    assert d.app.scene.train_view.loss_chart.n == 61 and d.app.shown().training.epoch == 20  # the marker's epoch
    d.key(pygame.K_END)
    texts = drawn(d)
    assert any(t.startswith(f"epoch 60 of 60 (the run is over): training loss {sig4(truth.final_loss)}")
               for t in texts), texts
    assert "see final η" in texts and d.app.state()["train"]["epoch"] == 60
    d.key(pygame.K_LEFT, mod=pygame.KMOD_SHIFT)  # back ten epochs: replayed from a snapshot, not retrained
    texts = drawn(d)
    assert d.app.find(TrainMode).run is run
    assert any(t.startswith(f"epoch 50 of 60: training loss {sig4(truth.losses[50])}") for t in texts), texts


def test_every_schedule_below_cards_that_say_the_run_is_over(launch):
    d = launch(schedule="cosine", lr0=1.0, epochs=40, epoch=40)
    d.key(pygame.K_t, mod=pygame.KMOD_SHIFT)
    d.frames(5)
    texts = drawn(d)
    assert d.app.state()["view"] == "every_schedule"
    assert "see final η" in texts and not any("η(40)" in t for t in texts)
    assert any("T = 40" in t for t in texts)  # its runs are the run's T epochs long
