"""One test per bad-input rule of issue 2: each is a ConfigError naming the parameter and the bad value."""

from __future__ import annotations

import math
import re
from contextlib import AbstractContextManager

import pytest

from lrgame.engine import schedules
from lrgame.engine.params import MAX_EPOCHS, ConfigError, RunContext


def rejects(shown: str) -> AbstractContextManager[object]:
    """Expect a ConfigError whose message contains `shown`, e.g. "gamma=0.0"."""
    return pytest.raises(ConfigError, match=re.escape(shown))


def test_config_error_is_a_value_error() -> None:
    assert issubclass(ConfigError, ValueError)


@pytest.mark.parametrize(
    ("kwargs", "shown"),
    [({"lr0": "abc"}, "lr0='abc'"), ({"epochs": "ten"}, "epochs='ten'"), ({"gamma": "x"}, "gamma='x'")],
)
def test_non_numeric(kwargs: dict, shown: str) -> None:
    with rejects(shown):
        schedules.curve("step", **{"lr0": 0.1, "epochs": 10, **kwargs})


def test_non_numeric_text_for_a_parameter() -> None:
    with rejects("step_size='3x'"):
        schedules.get("step").spec("step_size").parse("3x", RunContext(0.1, 10))


@pytest.mark.parametrize(("kwargs", "shown"), [({"lr0": math.nan}, "lr0=nan"), ({"gamma": math.nan}, "gamma=nan")])
def test_nan(kwargs: dict, shown: str) -> None:
    with rejects(shown):
        schedules.curve("step", **{"lr0": 0.1, "epochs": 10, **kwargs})


@pytest.mark.parametrize(
    ("kwargs", "shown"),
    [({"lr0": math.inf}, "lr0=inf"), ({"epochs": math.inf}, "epochs=inf"), ({"eta_min": -math.inf}, "eta_min=-inf")],
)
def test_inf(kwargs: dict, shown: str) -> None:
    with rejects(shown):
        schedules.curve("cosine", **{"lr0": 0.1, "epochs": 10, **kwargs})


@pytest.mark.parametrize("lr0", [0.0, -0.1])
def test_lr0_not_positive(lr0: float) -> None:
    with rejects(f"lr0={lr0!r}"):
        schedules.curve("constant", lr0=lr0, epochs=10)


@pytest.mark.parametrize("epochs", [0, -3, 2.5, MAX_EPOCHS + 1])
def test_epochs_outside_1_to_max(epochs: float) -> None:
    with rejects(f"epochs={epochs!r}"):
        schedules.curve("constant", lr0=0.1, epochs=epochs)


def test_step_size_below_1() -> None:
    with rejects("step_size=0"):
        schedules.curve("step", lr0=0.1, epochs=10, step_size=0)


@pytest.mark.parametrize("gamma", [0.0, -0.5])
def test_gamma_not_positive(gamma: float) -> None:
    with rejects(f"gamma={gamma!r}"):
        schedules.curve("exponential", lr0=0.1, epochs=10, gamma=gamma)


def test_t0_below_1() -> None:
    with rejects("T_0=0"):
        schedules.curve("cosine_restarts", lr0=0.1, epochs=10, T_0=0)


@pytest.mark.parametrize("t_mult", [1.5, 0, True])
def test_t_mult_not_a_whole_number_from_1(t_mult: object) -> None:
    with rejects(f"T_mult={t_mult!r}"):
        schedules.curve("cosine_restarts", lr0=0.1, epochs=10, T_mult=t_mult)


@pytest.mark.parametrize(
    ("name", "warmup"),
    [("warmup_cosine", 10), ("warmup_cosine", 11), ("inverse_sqrt", 11), ("noam", 11), ("wsd", 11)],
)
def test_warmup_longer_than_the_run(name: str, warmup: int) -> None:
    # warmup_cosine's cosine needs at least one epoch after the warmup, so its warmup must end before T.
    with rejects(f"warmup_epochs={warmup}"):
        schedules.curve(name, lr0=0.1, epochs=10, warmup_epochs=warmup)


@pytest.mark.parametrize("milestones", [[0, 5], [5, 11]])
def test_milestones_outside_the_run(milestones: list[int]) -> None:
    with rejects(f"milestones={milestones!r}"):
        schedules.curve("multistep", lr0=0.1, epochs=10, milestones=milestones)


def test_wsd_warmup_plus_decay_longer_than_the_run() -> None:
    with rejects("warmup_epochs=6 plus decay_epochs=5"):
        schedules.curve("wsd", lr0=0.1, epochs=10, warmup_epochs=6, decay_epochs=5)


def test_unknown_schedule() -> None:
    with rejects("schedule='nope'"):
        schedules.curve("nope", lr0=0.1, epochs=10)


def test_unknown_parameter() -> None:
    with rejects("'T_max'"):
        schedules.curve("step", lr0=0.1, epochs=10, T_max=5)


@pytest.mark.parametrize(
    ("name", "key", "text"),
    [("one_cycle", "three_phase", "yes"), ("one_cycle", "anneal_strategy", "cosine"), ("multistep", "milestones", "")],
)
def test_bad_text_for_a_boolean_choice_or_list(name: str, key: str, text: str) -> None:
    with rejects(f"{key}={text!r}"):
        schedules.get(name).spec(key).parse(text, RunContext(0.1, 100))
