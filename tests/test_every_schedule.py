"""The grand comparison: deterministic, every schedule present, baselines that are what they say,
and each number the training it claims to come from."""

import json
import statistics

import numpy as np
import pytest

from lrgame import cli
from lrgame.engine import schedules
from lrgame.engine.summary import summarize
from lrgame.sim.optimizers import SGD
from lrgame.train import every_schedule as grand
from lrgame.train.recipe import Recipe, make_recipe
from lrgame.train.run import train

T, LR0, SEEDS = 12, 1.0, [0, 1]


def full(lr0: float) -> Recipe:
    """Full-batch plain SGD, the network as it trained before mini-batches (these tests' numbers)."""
    return Recipe(lr0, 300, SGD(), "epoch")


FULL = full(LR0)


@pytest.fixture(scope="module")
def rows():
    return grand.compare(T, FULL, SEEDS)


def test_two_runs_give_identical_rows_table_and_json(rows):
    again = grand.compare(T, FULL, SEEDS)
    assert again == rows
    assert grand.format_table(again, "") == grand.format_table(rows, "")
    assert grand.rows_to_json(again, {}) == grand.rows_to_json(rows, {})


def test_the_table_holds_every_schedule_each_with_its_average_baseline(rows):
    roles = [role for r in rows for role in r.roles]
    assert rows[0].roles[0] == grand.Role(grand.PEAK, None) and rows[0].rate == LR0
    for name in schedules.SCHEDULES:
        assert roles.count(grand.Role(grand.SCHEDULE, name)) == 1
        assert roles.count(grand.Role(grand.AVERAGE, name)) == 1
    assert len(roles) == 1 + 2 * len(schedules.SCHEDULES)
    table = grand.format_table(rows, "")
    assert all(name in table for name in schedules.SCHEDULES)
    assert f"loss<{grand.THRESHOLD:g}" in table and "sample standard deviation" in table


def role_rates(role, row):
    if role.kind == grand.SCHEDULE:
        return schedules.curve(role.schedule, lr0=LR0, epochs=T)
    return np.full(T + 1, LR0 if role.kind == grand.PEAK else row.rate)


def test_each_distinct_run_is_one_row_naming_every_role(rows):
    played = [(r.name, role_rates(role, r)) for r in rows for role in r.roles]
    for name, rates in played:  # rates that agree to 1e-12 relative are one run, in one row
        same = {other for other, theirs in played if np.allclose(rates, theirs, rtol=1e-12, atol=0)}
        assert same == {name}
    peak = rows[0]
    assert grand.Role(grand.SCHEDULE, "constant") in peak.roles and grand.Role(grand.AVERAGE, "constant") in peak.roles
    assert peak.name == "constant 1 (η₀; the constant schedule; its average)"
    shared = next(r for r in rows if grand.Role(grand.AVERAGE, "linear") in r.roles)
    assert shared.name.endswith("(average of cosine, linear, polynomial)")
    linear = schedules.curve("linear", lr0=LR0, epochs=T)
    polynomial = schedules.curve("polynomial", lr0=LR0, epochs=T)
    assert not np.array_equal(linear, polynomial)  # an ulp apart: still one run
    assert next(r for r in rows if grand.Role(grand.SCHEDULE, "polynomial") in r.roles).name == \
        "linear (the polynomial schedule)"
    lines = grand.format_table(rows, "").splitlines()
    assert sum(line.startswith("constant ") for line in lines) == 1
    assert sum("average of cosine" in line for line in lines) == 1


def test_each_average_baseline_runs_at_its_schedules_summary_average(rows):
    for row in rows:
        for role in (r for r in row.roles if r.kind == grand.AVERAGE):
            curve = schedules.curve(role.schedule, lr0=LR0, epochs=T)
            assert row.rate == pytest.approx(summarize(curve, LR0, T).average, rel=grand.SAME_RATES)
    row = next(r for r in rows if grand.Role(grand.AVERAGE, "exponential") in r.roles)
    runs = [train(np.full(T + 1, row.rate), seed) for seed in SEEDS]
    assert row.final_loss.mean == statistics.fmean(r.final_loss for r in runs)
    assert row.rate < 0.9 * LR0 and row.final_loss != rows[0].final_loss  # measured 0.77: not the peak


def test_a_schedule_row_is_the_mean_and_sample_spread_of_its_runs(rows):
    row = next(r for r in rows if r.roles == (grand.Role(grand.SCHEDULE, "cosine"),))
    runs = [train(schedules.curve("cosine", lr0=LR0, epochs=T), seed) for seed in SEEDS]
    finals = [r.final_loss for r in runs]
    assert row.final_loss == grand.Stat(statistics.fmean(finals), statistics.stdev(finals), 2)
    assert row.best_loss.mean == statistics.fmean(r.best_loss for r in runs)
    assert row.final_accuracy.mean == statistics.fmean(r.final_accuracy for r in runs)
    assert row.final_loss.spread > 0  # two seeds really differ
    firsts = [r.first_below(grand.THRESHOLD) for r in runs]
    assert row.reached == sum(t is not None for t in firsts) and row.diverged == 0


def test_diverged_runs_show_as_diverged_never_as_a_number():
    rows = grand.compare(4, full(60.0), [0])
    peak = rows[0]
    assert peak.diverged == 1 and peak.final_loss is None and peak.final_accuracy is None
    line = grand.format_table(rows, "heading").splitlines()[6]
    assert line.startswith("constant 60 (η₀; the constant schedule;")
    assert "diverged" in line and "nan" not in line.lower()
    doc = json.loads(grand.rows_to_json(rows, {}))
    assert doc["rows"][0]["final_loss"] is None and doc["threshold"] == grand.THRESHOLD


def test_in_slices_it_gives_the_same_rows_as_at_once(rows):
    run = grand.EverySchedule(T, FULL, SEEDS)
    seen = [run.progress]
    while not run.done:
        run.advance(budget_s=0.002)
        seen.append(run.progress)
    assert run.rows() == rows
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen) and len(seen) > 3


def test_bad_arguments_are_refused_by_name():
    with pytest.raises(grand.ConfigError, match="seeds"):
        grand.compare(5, FULL, [])
    with pytest.raises(grand.ConfigError, match="seeds"):
        grand.compare(5, FULL, [1, 1])
    with pytest.raises(grand.ConfigError, match="lr0"):
        grand.compare(5, full(float("nan")), [0])
    with pytest.raises(grand.ConfigError, match="epochs=2 is too short"):
        grand.compare(2, FULL, [0])


def test_the_command_prints_the_same_json_with_the_windows_defaults(capsys):
    assert cli.main(["compare", "--epochs", "5", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    recipe = make_recipe()  # the window's network: its η₀, batch size, optimizer, scheduler step
    assert doc["rows"] == json.loads(grand.rows_to_json(grand.compare(5, recipe, [0, 1, 2]), {}))["rows"]
    assert doc["settings"]["lr0"] == recipe.lr0 and doc["settings"]["batch_size"] == recipe.batch_size
    assert doc["settings"]["seeds"] == [0, 1, 2]


def test_bad_seeds_are_one_line_and_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["compare", "--seeds", "0,x"])
    assert exit_.value.code == 2 and "--seeds = '0,x'" in capsys.readouterr().err


def test_in_epoch_slices_rows_arrive_in_table_order(rows):
    run = grand.EverySchedule(T, FULL, SEEDS)
    arrived = []
    while not run.done:
        run.advance(max_epochs=5)
        so_far = run.rows_so_far()
        assert so_far == rows[: len(so_far)]  # a prefix of the final table, never a row out of order
        arrived.append(len(so_far))
    assert arrived == sorted(arrived) and arrived[-1] == len(rows) and arrived[0] == 0
    stacks = -(-len(rows) // (grand.STACK // len(SEEDS)))
    assert len(set(arrived)) == stacks + 1  # rows arrive a stack at a time: STACK runs, whole rows
    # full batch: a step of a stack of K runs is an epoch of each, ⌈5/K⌉ = 1 step a call
    assert len(arrived) == T * stacks


@pytest.mark.slow
def test_the_readmes_table_is_the_commands_output():
    """README.md says its table is `python main.py compare` at its defaults pasted as printed (~1 min)."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "This table is `python main.py compare` at its defaults, pasted as printed" in " ".join(readme.split())
    recipe = make_recipe()
    rows = grand.compare(200, recipe, [0, 1, 2])
    table = grand.format_table(rows, grand.heading(200, recipe))
    assert f"```\n{table}\n```" in readme
    noam = next(r for r in rows if grand.Role(grand.SCHEDULE, "noam") in r.roles)
    flat = next(r for r in rows if grand.Role(grand.AVERAGE, "noam") in r.roles)
    assert f"Noam ties: {noam.test_loss.mean:.4f} against {flat.test_loss.mean:.4f}" in " ".join(readme.split())
    for name in grand.schedules.SCHEDULES:
        if name not in ("constant", "noam"):
            mine = next(r for r in rows if grand.Role(grand.SCHEDULE, name) in r.roles).test_loss.mean
            assert mine < next(r for r in rows if grand.Role(grand.AVERAGE, name) in r.roles).test_loss.mean, name
