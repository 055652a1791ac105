"""Reduce-on-plateau gives PyTorch's rates for the same losses (recorded by scripts/record_plateau.py)."""

import json
from pathlib import Path

import pytest

from lrgame.params import ConfigError
from lrgame.train.plateau import ReduceOnPlateau

GOLDEN = json.loads((Path(__file__).parent / "data" / "plateau_golden.json").read_text())["cases"]


@pytest.mark.parametrize("case", GOLDEN, ids=lambda c: f"{c['sequence']}-{c['params']}")
def test_every_rate_equals_pytorchs(case):
    plateau = ReduceOnPlateau(case["lr0"], **case["params"])
    for loss in case["losses"]:
        plateau.step(loss)
    assert plateau.rates == case["lr"]


def test_the_recordings_do_cut_the_rate():
    assert sum(case["lr"][-1] < case["lr0"] for case in GOLDEN) >= 7


@pytest.mark.parametrize(("params", "name"), [({"factor": 1.5}, "factor"), ({"patience": -1}, "patience"),
                                               ({"mode": "up"}, "mode"), ({"min_lr": 0.5}, "min_lr"),
                                               ({"speed": 2}, "speed")])
def test_bad_parameters_are_refused_by_name(params, name):
    with pytest.raises(ConfigError, match=name):
        ReduceOnPlateau(0.1, **params)
