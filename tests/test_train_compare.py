"""The grand comparison is deterministic, lists every schedule, and its baselines are what they say."""

import json

import numpy as np
import pytest

from lrgame import cli, schedules
from lrgame.summary import summarize
from lrgame.train import compare as grand


def test_every_schedule_with_its_average_rate_baseline_and_the_same_table_twice(capsys):
    rows = grand.compare(25, 1.0, [0])
    names = [r.name for r in rows]
    assert set(schedules.SCHEDULES) - {"constant"} <= set(names)
    assert len(rows) == 1 + 2 * (len(schedules.SCHEDULES) - 1)
    average = summarize(schedules.curve("cosine", lr0=1.0, epochs=25), 1.0, 25).average
    assert rows[names.index("cosine") + 1].rate == f"constant {average:.4g}"
    assert rows == grand.compare(25, 1.0, [0])
    assert cli.main(["compare", "--epochs", "25", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(grand.rows_to_json(rows))


def test_the_average_baseline_trains_at_the_schedules_average(monkeypatch):
    seen = []
    monkeypatch.setattr(grand, "train", lambda rates, seed: seen.append(np.asarray(rates)) or _Fake())
    grand.compare(20, 0.5, [0])
    step = schedules.curve("step", lr0=0.5, epochs=20)
    i = next(i for i, r in enumerate(seen) if np.array_equal(r, step))
    assert seen[i + 1] == pytest.approx(np.full(21, summarize(step, 0.5, 20).average))


class _Fake:
    losses = [1.0, 0.2]
    accuracies = [0.5, 0.9]
    diverged_at = None


def test_bad_seeds_are_one_line_and_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["compare", "--seeds", "0,x"])
    assert exit_.value.code == 2 and "seeds='0,x'" in capsys.readouterr().err
