"""The comparison model: slots, the honest race (same T, valley, noise draws) and the scoreboard."""

import math

import numpy as np
import pytest

from lrgame.engine.params import ConfigError
from lrgame.sim.race import MAX_SLOTS, SETTLE_LOSS, SETTLE_STAY, Race
from lrgame.sim.settings import make_settings, run_curve


def _race(*names: str, **shared: object) -> Race:
    race = Race()
    for name in names:
        race.add(make_settings(name, **shared))
    return race


def _z(seed: int, t: int) -> float:
    """The trajectory module's documented noise draw z(seed, t), computed here on its own."""
    return float(np.random.default_rng([seed, t // 4096]).standard_normal(4096)[t % 4096])


def _brute_settle(losses: list[float], upto: int) -> int | None:
    """The settle rule, spelled out as loops: the first s with every loss[s..upto] in the band,
    counted only after SETTLE_STAY steps in it."""
    for s in range(upto + 1):
        if all(losses[k] <= SETTLE_LOSS for k in range(s, upto + 1)):
            return s if upto - s + 1 >= SETTLE_STAY else None
    return None


# ---- the same noise for every ball ----------------------------------------------------------------


def test_two_slots_with_the_same_schedule_have_identical_paths() -> None:
    race = _race("cosine", "cosine", noise=2.0, seed=11)
    a, b = race.trajectories
    assert np.array_equal(a.xs(100), b.xs(100))
    assert race.slots[0].label != race.slots[1].label  # told apart in the legend


@pytest.mark.parametrize("noise", [0.5, 3.0])
def test_every_ball_meets_the_same_noise_draws(noise: float) -> None:
    """Recover ξ_t = (x_t − x_{t+1})/η_t − f′(x_t) from each path: it is noise·z(seed, t) for every
    schedule, also past the first chunk of 4096 draws."""
    seed, epochs = 42, 5000
    race = _race("step", "cosine", "one_cycle", epochs=epochs, noise=noise, seed=seed)
    valley = race.valley
    z = np.array([_z(seed, t) for t in range(epochs)])
    for curve, traj in zip(race.curves, race.trajectories, strict=True):
        assert traj.diverged_at is None
        xs = np.asarray(traj.xs(epochs))
        eta = curve[:epochs]
        used = eta > 1e-9
        kick = (xs[:-1] - xs[1:])[used] / eta[used] - valley.df(xs[:-1][used])
        assert used.sum() > 0.9 * epochs
        np.testing.assert_allclose(kick, noise * z[used], rtol=0, atol=1e-6)


def test_only_the_rates_differ_between_balls() -> None:
    race = _race("step", "exponential", seed=3)
    first, second = race.slots
    assert first.settings.seed == second.settings.seed == 3
    assert [t.valley for t in race.trajectories] == [race.valley, race.valley]
    assert not np.array_equal(race.curves[0], race.curves[1])


# ---- slots --------------------------------------------------------------------------------------------


def test_a_fifth_slot_is_refused() -> None:
    race = _race("step", "cosine", "one_cycle", "constant")
    assert len(race) == MAX_SLOTS == 4
    with pytest.raises(ConfigError, match="at most 4"):
        race.add(make_settings("linear"))
    assert len(race) == 4


def test_later_slots_race_on_the_first_slots_terms() -> None:
    race = Race()
    race.add(make_settings("step", epochs=100, valley_kind="bowl", sharpness=15, noise=1.0, seed=0))
    slot = race.add(make_settings("cosine", lr0=0.05, epochs=60, valley_kind="bumpy", sharpness=30, noise=2.0,
                                  seed=9, params={"eta_min": 0.001}))
    s = slot.settings
    assert (s.epochs, s.valley, s.sharpness, s.noise, s.seed) == (100, "bowl", 15.0, 1.0, 0)
    assert (s.schedule, s.lr0, s.params["eta_min"]) == ("cosine", 0.05, 0.001)
    assert s.params["T_max"] == 100  # it was at its default (T) and follows the race's T
    assert slot.adjusted == (
        "T 60 → 100", "valley bumpy → bowl", "sharpness 30 → 15", "noise 2 → 1", "seed 9 → 0",
        "T_max 60 → 100 (its default for T = 100)",
    )
    assert len(race.curves[1]) == 101


def test_a_slot_that_does_not_fit_the_race_is_refused() -> None:
    race = _race("step")
    with pytest.raises(ConfigError, match="T = 100 from the first slot.*T_max=150"):
        race.add(make_settings("cosine", epochs=200, params={"T_max": 150}))
    assert len(race) == 1


def test_steps_per_epoch_is_shared_too() -> None:
    race = Race()
    race.add(make_settings("step", epochs=20, steps_per_epoch=3))
    slot = race.add(make_settings("step", epochs=20, params={"step_size": 5}))
    assert race.steps == 60
    assert np.array_equal(race.curves[1], run_curve(slot.settings))
    assert race.curves[1][15] < race.curves[1][14]  # "÷10 at epoch 5" lands at step 15


def test_remove_and_clear() -> None:
    race = _race("step", "cosine", "one_cycle")
    v = race.version
    assert race.remove(0).schedule == "step"
    assert [s.schedule for s in race.slots] == ["cosine", "one_cycle"]
    assert race.version > v and race.epochs == 100  # the race keeps its terms
    with pytest.raises(IndexError):
        race.remove(5)
    race.clear()
    assert len(race) == 0 and race.race is None and race.valley is None and race.steps == 0
    race.add(make_settings("step", epochs=30))
    assert race.epochs == 30  # a new race, on the new first slot's terms


# ---- the scoreboard ------------------------------------------------------------------------------------


@pytest.mark.parametrize("valley", ["bowl", "bumpy"])
@pytest.mark.parametrize("noise", [0.0, 1.0, 3.0])
def test_settle_step_matches_a_brute_force_check(valley: str, noise: float) -> None:
    race = _race("step", "cosine", "one_cycle", "constant", valley_kind=valley, noise=noise, seed=5)
    rng = np.random.default_rng(1)
    uptos = [100, 0, 3, 50, 51, 52, 99, 20, 100, *rng.integers(0, 101, 20).tolist()]
    for upto in uptos:  # forwards and backwards: the incremental scan must agree with the loops
        board = race.scoreboard(upto)
        for standing, traj in zip(board.standings, race.trajectories, strict=True):
            losses = traj.losses(100).tolist()
            assert standing.settled_at == _brute_settle(losses, upto), (standing.label, upto)
            assert standing.loss == losses[upto]


def test_a_constant_rate_with_noise_never_settles_and_a_decay_does() -> None:
    board = _race("constant", "step").scoreboard(100)
    constant, step = board.standings
    assert constant.settled_at is None
    assert step.settled_at is not None and step.place == 1 and constant.place == 2


def test_divergence_is_reported_from_its_epoch_on_and_everything_is_finite() -> None:
    race = Race()
    race.add(make_settings("step"))
    race.add(make_settings("constant", lr0=0.2))  # η·s = 3 > 2: flies out
    race.trajectories[1].ensure(100)
    at = race.trajectories[1].diverged_at
    assert at is not None and 0 < at < 100
    before, after = race.scoreboard(at - 1).standings[1], race.scoreboard(100).standings[1]
    assert not before.diverged and after.diverged_at == at
    assert after.settled_at is None and after.place == 2
    for upto in range(101):
        for s in race.scoreboard(upto).standings:
            assert math.isfinite(s.loss) and math.isfinite(s.rate)


def test_eta0_sentence_only_when_the_peaks_differ() -> None:
    same = _race("step", "cosine", "one_cycle")
    assert same.lr0_note() == "" and same.scoreboard(10).lr0_note == ""
    race = Race()
    race.add(make_settings("step", lr0=0.1))
    race.add(make_settings("cosine", lr0=0.05))
    expected = "η₀ differs between slots: 0.1 vs 0.05 — a fair race compares shapes at the same peak"
    assert race.lr0_note() == race.scoreboard(10).lr0_note == expected
    race.remove(1)
    race.add(make_settings("cosine", lr0=0.1))
    assert race.lr0_note() == ""


def test_equal_results_share_a_place() -> None:
    board = _race("cosine", "cosine", "constant").scoreboard(100)
    assert [s.place for s in board.standings] == [1, 1, 3]


def test_catch_up_does_bounded_work_toward_a_far_step() -> None:
    race = _race("step", "cosine", epochs=100_000)
    assert race.known(90_000) == race.computed < 90_000
    calls = 0
    while not race.catch_up(90_000):
        calls += 1
    assert calls > 5  # many chunks, spread over calls
    assert race.known(90_000) == 90_000


def test_the_scoreboard_ranks_by_loss_not_by_who_settled_first() -> None:
    """Exponential decay settles before cosine but ends higher: cosine places above it."""
    race = _race("step", "cosine", "exponential", "constant", sharpness=15, noise=1, seed=0)
    board = race.scoreboard(100)
    step, cosine, exponential, constant = board.standings
    assert exponential.settled_at is not None and cosine.settled_at is not None
    assert exponential.settled_at < cosine.settled_at and cosine.loss < exponential.loss  # the case in point
    assert cosine.place < exponential.place
    by_loss = sorted(board.standings, key=lambda s: s.loss)
    assert [s.place for s in by_loss] == [1, 2, 3, 4]
    assert "lowest loss" in board.ranking and "final loss" in board.ranking
    for upto in (0, 10, 40, 70):  # at every step, the loss then decides
        losses = [s.loss for s in race.scoreboard(upto).standings]
        places = [s.place for s in race.scoreboard(upto).standings]
        assert places == [1 + sum(other < loss for other in losses) for loss in losses]
def test_each_slot_races_with_its_own_optimizer():
    """Momentum against plain SGD under the same schedule: two labels, two different balls."""
    from lrgame.sim.optimizer_choice import make_optimizer

    race = Race()
    plain = race.add(make_settings("cosine", noise=0.0))
    heavy = race.add(make_settings("cosine", noise=0.0, optimizer=make_optimizer("sgd", momentum=0.9)))
    assert plain.label == "Cosine annealing" and heavy.label == "Cosine annealing · Momentum 0.9"
    assert heavy.settings.optimizer.momentum == 0.9 and plain.settings.optimizer.momentum == 0.0
    assert race.trajectories[1].optimizer == heavy.settings.optimizer
    assert race.x(0, 10) != race.x(1, 10)
    assert race.trajectories[1].state(10)["velocity"] != 0.0
