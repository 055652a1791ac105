"""warmup_cosine's decay_epochs: a cosine that reaches η_min early and then holds it (GPT-3's recipe).

Its default, 0, means "the rest of the run" (T − warmup_epochs), which is the schedule as it was
before the knob existed, bit for bit, even when evaluated past T (the golden Hugging Face case does).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from lrgame.app.editing import apply_edit
from lrgame.engine import schedules
from lrgame.engine.params import ConfigError, RunContext
from lrgame.sim.settings import make_settings


def old_warmup_cosine(
    lr0: float, epochs: int, w: int, start_factor: float, eta_min: float, t: np.ndarray
) -> np.ndarray:
    """The formula as it stood before decay_epochs, kept here as the reference."""
    warm = lr0 * (start_factor + (1.0 - start_factor) * t / max(w, 1))
    cosine = eta_min + (lr0 - eta_min) * (1.0 + np.cos(np.pi * ((t - w) / (epochs - w)))) / 2.0
    return np.where(t < w, warm, cosine)


def test_default_is_zero_meaning_the_rest_of_the_run() -> None:
    spec = schedules.get("warmup_cosine").spec("decay_epochs")
    assert spec.default_for(RunContext(0.1, 100)) == 0
    assert spec.default_for(RunContext(0.1, 7)) == 0
    assert "0 = the rest of the run" in spec.help
    assert spec.unit == "epochs" and spec.bound == "epochs"


@pytest.mark.parametrize(
    ("lr0", "epochs", "params"),
    [
        (0.1, 100, {}),
        (3e-4, 1000, {"warmup_epochs": 20, "start_factor": 0.1, "eta_min": 3e-5}),
        (1.0, 10, {"warmup_epochs": 0}),
        (0.5, 37, {"warmup_epochs": 36, "eta_min": 0.25}),
    ],
)
def test_default_reproduces_the_old_curve_bit_for_bit_even_past_the_end(lr0, epochs, params) -> None:
    resolved = schedules.resolve("warmup_cosine", lr0, epochs, params)
    t = np.arange(3 * epochs + 1, dtype=np.float64)  # well past T, where the cosine climbs again
    new = schedules.build("warmup_cosine", lr0=lr0, epochs=epochs, **params)(t)
    old = old_warmup_cosine(lr0, epochs, resolved["warmup_epochs"], resolved["start_factor"], resolved["eta_min"], t)
    assert np.array_equal(new, old)
    assert new[2 * epochs] > resolved["eta_min"] or lr0 == resolved["eta_min"]  # not held: it keeps going


def test_cosine_reaches_the_floor_at_the_decay_end_and_holds_it() -> None:
    lr0, w, d, floor = 6e-5, 12, 240, 6e-6
    fn = schedules.build("warmup_cosine", lr0=lr0, epochs=300, warmup_epochs=w, decay_epochs=d, eta_min=floor)
    lr = fn(np.arange(0, 1000, dtype=np.float64))
    assert lr[w] == pytest.approx(lr0, rel=1e-15)  # the peak, right after the warmup
    assert np.all(np.diff(lr[w : w + d + 1]) < 0)  # the cosine falls all the way
    assert lr[w + d // 2] == pytest.approx((lr0 + floor) / 2, rel=1e-12)  # halfway down at half the length
    assert lr[w + d - 1] > floor
    assert np.all(lr[w + d :] == floor)  # at the decay end and ever after, also past T
    assert lr[w + d - 1] - floor == pytest.approx((lr0 - floor) * (1 - np.cos(np.pi / d)) / 2, rel=1e-9)


def test_warmup_is_untouched_by_decay_epochs() -> None:
    kw = {"lr0": 0.2, "epochs": 50, "warmup_epochs": 10, "start_factor": 0.25}
    a = schedules.curve("warmup_cosine", **kw)
    b = schedules.curve("warmup_cosine", **kw, decay_epochs=5)
    assert np.array_equal(a[:11], b[:11])


def test_decay_that_fills_the_run_exactly_is_allowed() -> None:
    lr = schedules.curve("warmup_cosine", lr0=0.1, epochs=20, warmup_epochs=5, decay_epochs=15)
    assert lr[20] == 0.0 and lr[19] > 0.0


def test_warmup_plus_decay_longer_than_the_run_names_both() -> None:
    message = "warmup_epochs=5 plus decay_epochs=16 is more than the run: together they must be at most T = 20"
    with pytest.raises(ConfigError, match=re.escape(message)):
        schedules.curve("warmup_cosine", lr0=0.1, epochs=20, warmup_epochs=5, decay_epochs=16)


@pytest.mark.parametrize("bad", [-1, 21, 2.5])
def test_decay_epochs_is_a_whole_number_within_the_run(bad) -> None:
    with pytest.raises(ConfigError, match=re.escape(f"decay_epochs={bad!r}")):
        schedules.curve("warmup_cosine", lr0=0.1, epochs=20, warmup_epochs=0, decay_epochs=bad)


def test_a_default_decay_follows_t_and_a_set_one_stays() -> None:
    s = make_settings("warmup_cosine", 0.1, 100, {"warmup_epochs": 10})
    longer = apply_edit(s, "epochs", 200).settings
    assert longer.params["decay_epochs"] == 0  # still "the rest of the run"
    lr = schedules.curve("warmup_cosine", lr0=0.1, epochs=200, **longer.params)
    assert lr[200] == 0.0 and lr[199] > 0.0  # the cosine stretched to the new end

    held = make_settings("warmup_cosine", 0.1, 100, {"warmup_epochs": 10, "decay_epochs": 50})
    edited = apply_edit(held, "epochs", 200)
    assert edited.settings.params["decay_epochs"] == 50 and edited.notes == ()
