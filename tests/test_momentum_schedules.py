"""The momentum co-schedules of one-cycle and cyclic against the momentum PyTorch writes into the optimizer
(tests/data/torch_momentum.json, written by scripts/record_momentum.py), and their properties by name."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lrgame.engine import schedules
from lrgame.engine.params import ConfigError
from lrgame.engine.schedules.momentum import KNOBS

GOLDEN = json.loads((Path(__file__).parent / "data" / "torch_momentum.json").read_text(encoding="utf-8"))["cases"]
EXACT = 1e-12


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_momentum_curve_matches_torch(name: str) -> None:
    case = GOLDEN[name]
    want = np.array(case["momentum"])
    got = schedules.momentum_curve(case["schedule"], lr0=case["lr0"], epochs=case["epochs"], **case["params"])
    np.testing.assert_allclose(got[: want.size], want, rtol=EXACT, atol=0)
    rates = schedules.curve(case["schedule"], lr0=case["lr0"], epochs=case["epochs"], **case["params"])
    np.testing.assert_allclose(rates[: want.size], case["lr"], rtol=EXACT, atol=0)  # the knobs leave the rate alone


def test_golden_covers_both_schedules_every_mode_and_both_optimizer_kinds() -> None:
    cases = GOLDEN.values()
    assert {c["schedule"] for c in cases} == {s.name for s in schedules.SCHEDULES.values() if s.momentum}
    assert {c["params"].get("mode", "triangular") for c in cases if c["schedule"] == "cyclic"} == {
        "triangular", "triangular2", "exp_range"}
    assert {c["optimizer"] for c in cases} == {"SGD", "Adam", "AdamW"}
    assert any(c["params"].get("three_phase") for c in cases)


@pytest.mark.parametrize("name", ["one_cycle", "cyclic"])
def test_momentum_moves_opposite_to_the_rate_between_its_bounds(name: str) -> None:
    rates = schedules.curve(name, lr0=0.1, epochs=200)
    momentum = schedules.momentum_curve(name, lr0=0.1, epochs=200)
    spec = {p.name: p.default for p in schedules.get(name).params}
    base, top = spec["base_momentum"], spec["max_momentum"]
    assert momentum.min() == pytest.approx(base) and momentum.max() == pytest.approx(top)
    assert momentum[int(np.argmax(rates))] == pytest.approx(base)  # lowest momentum at the peak rate
    up = np.diff(rates[:-1]) > 0
    assert (np.diff(momentum[:-1])[up] < 0).all()  # while the rate climbs, the momentum falls


def test_off_or_absent_means_no_momentum_curve() -> None:
    assert schedules.momentum_curve("one_cycle", lr0=0.1, epochs=50, cycle_momentum=False) is None
    assert schedules.momentum_curve("step", lr0=0.1, epochs=50) is None
    assert all(s.momentum is None for s in schedules.ENTRIES.values() if s.name not in ("one_cycle", "cyclic"))


def test_momentum_knobs_do_not_change_the_rate() -> None:
    plain = schedules.curve("one_cycle", lr0=0.1, epochs=80)
    changed = schedules.curve("one_cycle", lr0=0.1, epochs=80, cycle_momentum=False, base_momentum=0.5,
                              max_momentum=0.6)
    np.testing.assert_array_equal(plain, changed)


def test_the_momentum_range_is_checked() -> None:
    with pytest.raises(ConfigError, match="max_momentum=1.0"):
        schedules.momentum_curve("cyclic", lr0=0.1, epochs=50, max_momentum=1.0)
    assert set(KNOBS) <= {p.name for p in schedules.get("cyclic").params}
