"""The network's defaults are the measured sweep's choice, and the lesson they were chosen for holds:
over 5 seeds at T = 100 (the window's) and T = 200 (the sweep's), step decay, cosine and one-cycle
each end with a lower mean test loss than a constant rate at their own average
(docs/training-sweep.md)."""

from __future__ import annotations

import statistics
from pathlib import Path

import numpy as np
import pytest

from lrgame.sim.settings import Settings
from lrgame.train.batched import train_together
from lrgame.train.recipe import average_rate, make_recipe, network_curves, run_on

DOC = (Path(__file__).resolve().parent.parent / "docs" / "training-sweep.md").read_text(encoding="utf-8")


def test_the_sweep_page_names_the_defaults_the_window_has():
    s = Settings()
    assert (s.optimizer.momentum, s.batch_size, s.net_lr0, s.scheduler_step) == (0.0, 32, 1.0, "epoch")
    assert "**plain SGD, batch 32, η₀ (network) 1, the scheduler stepped once an epoch**" in DOC


@pytest.mark.slow
@pytest.mark.parametrize("epochs", [100, 200])
def test_at_the_defaults_each_schedule_beats_a_constant_at_its_own_average(epochs):
    """Over 5 seeds, at the window's T (100) and the sweep's (200): 30 runs trained as one stack,
    about 10 s at T = 200."""
    recipe, seeds = make_recipe(), range(5)
    runs = {}
    for schedule in ("step", "cosine", "one_cycle"):
        rates, momenta = network_curves(schedule, epochs, {}, recipe)
        flat = np.full_like(rates, average_rate(rates))
        for seed in seeds:
            runs[(schedule, seed)] = run_on(rates, momenta, recipe, seed)
            runs[(f"avg {schedule}", seed)] = run_on(flat, None, recipe, seed)
    train_together(list(runs.values()))
    for schedule in ("step", "cosine", "one_cycle"):
        mine = [runs[(schedule, seed)].final_test_loss for seed in seeds]
        constant = [runs[(f"avg {schedule}", seed)].final_test_loss for seed in seeds]
        assert statistics.fmean(mine) < statistics.fmean(constant), schedule
        row = f"{statistics.fmean(mine):.3f} ± {statistics.stdev(mine):.3f} / {statistics.fmean(constant):.3f} ± " \
              f"{statistics.stdev(constant):.3f}"
        assert row in _section(epochs), (schedule, row)  # the page's 5-seed row at this T


def _section(epochs: int) -> str:
    """The page's part about T = epochs: from its heading to the next."""
    start = DOC.index(f"## Five seeds at T = {epochs}")
    end = DOC.find("\n## ", start + 1)
    return DOC[start:] if end < 0 else DOC[start:end]
