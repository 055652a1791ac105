"""Shift+T's progress line says what is true while runs train a stack at a time: which runs train
together now, of how many (curves × seeds), and the share of all their epochs done."""

from lrgame.sim.optimizers import SGD
from lrgame.train import every_schedule as grand
from lrgame.train.recipe import Recipe
from lrgame.view.every_schedule_view import progress_words


def test_the_progress_line_names_the_runs_training_together_and_the_epochs_done():
    run = grand.EverySchedule(4, Recipe(1.0, 300, SGD(), "epoch"), [0, 1, 2])
    curves, total = len(run.plans), 3 * len(run.plans)
    said = f"of {total} together ({curves} different rate curves × 3 seeds)"
    assert progress_words(run) == f"Training runs 1–12 {said}: 0 % of all their epochs done."
    run.piece()  # the first stack is made: twelve runs, four rows of three seeds
    assert run.training_now == (1, 12) and run.runs_done == 0
    while run.runs_done == 0:
        run.piece()
    assert run.runs_done == 12 and run.progress == 12 * 4 / (total * 4)
    assert progress_words(run) == f"Training runs 13–24 {said}: {round(100 * 12 / total)} % of all their epochs done."
    while run.training_now[1] < total:
        run.advance(max_epochs=4)
    first, last = run.training_now
    assert last == total and last - first + 1 == total - run.runs_done <= grand.STACK


def test_one_seed_is_one_seed():
    run = grand.EverySchedule(4, Recipe(1.0, 300, SGD(), "epoch"), [0])
    assert f"{len(run.plans)} different rate curves × 1 seed)" in progress_words(run)
