"""Reduce-on-plateau gives PyTorch's rates for the same metrics (recorded by scripts/record_plateau.py),
and refuses bad settings by name."""

import doctest
import json
import math
from pathlib import Path

import pytest

from lrgame.engine import plateau as plateau_module
from lrgame.engine.params import ConfigError, RunContext
from lrgame.engine.plateau import PLATEAU_PARAMS, ReduceOnPlateau

GOLDEN = json.loads((Path(__file__).parent / "data" / "plateau_golden.json").read_text(encoding="utf-8"))
CASES = GOLDEN["cases"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['sequence']}-lr0={c['lr0']}-{c['params']}")
def test_every_rate_equals_pytorchs(case):
    plateau = ReduceOnPlateau(case["lr0"], **case["params"])
    answers = [plateau.step(math.nan if m is None else m) for m in case["metrics"]]
    assert plateau.rates == case["lr"]  # exactly: the same float operations in the same order
    assert answers == case["lr"][1:]
    assert plateau.cuts == [t for t in range(len(answers)) if case["lr"][t + 1] != case["lr"][t]]


def test_the_recordings_exercise_every_rule():
    assert GOLDEN["torch"].startswith("2.13")
    cut = [c for c in CASES if c["lr"][-1] < c["lr0"]]
    assert len(cut) >= 12
    used = {(k, str(v)) for c in cut for k, v in c["params"].items()}
    for knob in [("mode", "max"), ("threshold_mode", "abs"), ("cooldown", "4"), ("min_lr", "0.02"), ("eps", "0.03")]:
        assert knob in used, knob
    assert any(None in c["metrics"] for c in cut)  # NaN metrics count as bad epochs, as in PyTorch
    floor = next(c for c in CASES if c["params"].get("min_lr") == 0.02)
    assert min(floor["lr"]) == 0.02  # the floor holds


def test_the_defaults_are_pytorchs():
    ctx = RunContext(0.1, 100)
    assert {p.name: p.default_for(ctx) for p in PLATEAU_PARAMS} == GOLDEN["defaults"]


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"factor": 1.0}, "factor=1.0 is not allowed: numbers in (0, 0.99]"),
        ({"factor": 0.0}, "factor=0.0 is not allowed"),
        ({"patience": -1}, "patience=-1 is not allowed: whole numbers in [0, 1000]"),
        ({"patience": 2.5}, "patience=2.5"),
        ({"mode": "up"}, "mode='up' is not allowed: one of min, max"),
        ({"threshold_mode": "relative"}, "threshold_mode='relative' is not allowed: one of rel, abs"),
        ({"threshold": math.nan}, "threshold=nan"),
        ({"min_lr": 0.5}, "min_lr=0.5 is not allowed: numbers in [0, 0.1] (at most η₀)"),
        ({"eps": -1e-8}, "eps=-1e-08 is not allowed"),
        ({"cooldown": True}, "cooldown=True"),
        ({"speed": 2}, "no parameter 'speed'"),
    ],
)
def test_bad_parameters_are_refused_with_name_value_and_range(params, shown):
    with pytest.raises(ConfigError) as error:
        ReduceOnPlateau(0.1, **params)
    assert shown in str(error.value)


def test_a_bad_rate_or_metric_is_refused():
    with pytest.raises(ConfigError, match="lr0"):
        ReduceOnPlateau(0.0)
    with pytest.raises(ConfigError, match="metric"):
        ReduceOnPlateau(0.1).step("low")


def test_the_module_example_prints_what_it_says():
    result = doctest.testmod(plateau_module)
    assert result.attempted > 0 and result.failed == 0
