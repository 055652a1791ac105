"""The summary against values worked out by hand."""

from __future__ import annotations

import numpy as np
import pytest

from lrgame.engine import schedules
from lrgame.engine.params import ConfigError
from lrgame.engine.summary import Summary, summarize


def test_resnet_step_schedule_averages_0_027775() -> None:
    # η₀ = 0.1 for 30 epochs, then 0.01, 0.001, 0.0001: (3 + 0.3 + 0.03 + 0.003) / 120. Not 0.0042.
    curve = schedules.curve("step", lr0=0.1, epochs=120, step_size=30, gamma=0.1)
    s = summarize(curve, 0.1, 120)
    assert s.average == pytest.approx(3.333 / 120, rel=1e-12)
    assert s.final == pytest.approx(1e-4, rel=1e-12)  # epoch 119, the last one trained
    assert s.current == pytest.approx(1e-5, rel=1e-12)  # t = T: the rate held after the last step
    assert s.min == pytest.approx(1e-4, rel=1e-12)
    assert (s.max, s.initial) == (0.1, 0.1)
    assert s.ratio == pytest.approx(1e-4, rel=1e-12)


def test_linear_decay_by_hand() -> None:
    curve = schedules.curve("linear", lr0=2.0, epochs=4)  # 2, 1.5, 1, 0.5, then 0 after the run
    assert summarize(curve, 2.0, 1) == Summary(
        step=1, current=1.5, initial=2.0, final=0.5, average=1.25, ratio=0.75, min=0.5, max=2.0
    )
    assert summarize(curve, 2.0, 4).current == 0.0


def test_one_cycle_initial_is_lr0_not_curve_0() -> None:
    curve = schedules.curve("one_cycle", lr0=0.1, epochs=100, pct_start=0.25)
    s = summarize(curve, 0.1, 24)  # the end of the rise
    assert curve[0] == pytest.approx(0.1 / 25)
    assert s.initial == 0.1
    assert s.ratio == pytest.approx(1.0, rel=1e-12)
    assert s.max == pytest.approx(0.1, rel=1e-12)


def test_fields_are_python_numbers() -> None:
    s = summarize(schedules.curve("cosine", lr0=0.1, epochs=10), 0.1, np.int64(3))
    assert type(s.step) is int
    for name in ("current", "initial", "final", "average", "ratio", "min", "max"):
        assert type(getattr(s, name)) is float, name


@pytest.mark.parametrize("epoch", [-1, 11, 2.5, True, "3"])
def test_bad_epoch_names_epoch_value_and_range(epoch: object) -> None:
    curve = schedules.curve("constant", lr0=0.1, epochs=10)
    with pytest.raises(ConfigError, match=rf"epoch={epoch!r} .*\[0, 10\]"):
        summarize(curve, 0.1, epoch)  # type: ignore[arg-type]
