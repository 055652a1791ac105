"""What the recipes and explanations say, checked against what the numbers and the papers' own
definitions do: every number a text quotes is computed here."""

from __future__ import annotations

import numpy as np
import pytest

from lrgame.engine import schedules
from lrgame.engine.explain import explain, knob_sentence
from lrgame.engine.plateau import ReduceOnPlateau
from lrgame.sim.presets import get_preset
from lrgame.sim.settings import run_curve


def formula_text(name: str) -> str:
    """The explanation's formula as one string, a superscript run written after ^."""
    return "".join(("^" if kind == "sup" else "") + text for text, kind in explain(name).formula)


# ---- BERT: which line is shown, and BERT's own --------------------------------------------------------


def bert_own(t: np.ndarray, peak: float = 1e-4, steps: int = 1_000_000, warmup: int = 10_000) -> np.ndarray:
    """BERT's released optimization.py: polynomial_decay(peak, t, steps, 0, power=1), whose first
    `warmup` steps the warmup replaces with peak·t/warmup."""
    decay = peak * (1.0 - np.minimum(t, steps) / steps)
    return np.where(t < warmup, peak * t / warmup, decay)


def test_bert_says_which_convention_is_shown_and_how_berts_own_differs():
    words = get_preset("bert").description
    shown = run_curve(get_preset("bert").settings())
    t = np.arange(len(shown))
    own = bert_own(t)
    shown_half = int(np.flatnonzero(shown[10_000:] <= 0.5e-4)[0]) + 10_000
    own_half = int(np.flatnonzero(own[10_000:] <= 0.5e-4)[0]) + 10_000
    assert (shown_half, own_half) == (505_000, 500_000)
    assert f"halfway down at step {shown_half:,}" in words and f"halfway down at step {own_half:,}" in words
    assert "get_linear_schedule_with_warmup" in words
    after = slice(10_000, 1_000_000)
    # "stays 1 % below the curve shown until the end"
    np.testing.assert_allclose(own[after], (1 - 0.01) * shown[after], rtol=1e-12, atol=1e-20)
    assert "stays 1 % below the curve shown" in words
    assert own[10_000] == pytest.approx(9.9e-5, rel=1e-12) and own[9_999] > 9.99e-5  # "drops to 9.9e-5"
    assert "drops to 9.9e-5 when the warmup ends" in words
    np.testing.assert_allclose(shown[:10_000], own[:10_000], rtol=1e-12)  # the warmup is the same


# ---- the Transformer: the peak is (d_model · warmup)^−½ ------------------------------------------------


def test_transformers_peak_is_set_by_the_warmup_as_much_as_the_width():
    def paper(d_model: int, warmup: int, n: np.ndarray) -> np.ndarray:
        return d_model**-0.5 * np.minimum(n**-0.5, n * warmup**-1.5)

    n = np.arange(1, 20_001, dtype=float)
    assert paper(512, 4000, n).max() == pytest.approx((512 * 4000) ** -0.5, rel=1e-12)
    assert paper(512, 16000, n).max() == pytest.approx(paper(2048, 4000, n).max(), rel=1e-12)  # either one, alike
    preset = get_preset("transformer")
    assert "(d_model · warmup)^−½ = (512 · 4,000)^−½" in preset.description
    assert f"a peak of about {preset.lr0:.1e}".replace("e-04", "e-4") in preset.description
    assert "(d_model · W)^−½" in explain("noam").pitfall and "warmup" in explain("noam").pitfall


# ---- inverse_sqrt without a warmup ------------------------------------------------------------------


def test_inverse_sqrts_formula_covers_no_warmup():
    t = np.arange(0, 40_001)
    rates = schedules.curve("inverse_sqrt", lr0=1.0, epochs=40_000, warmup_epochs=0)
    np.testing.assert_allclose(rates, 1.0 / np.sqrt(1 + t / 1e4), rtol=1e-12)
    assert formula_text("inverse_sqrt") == "η(t) = η0·min(t/W, √(W/t));  W = 0: η0/√(1 + t/10^4)"
    assert rates[30_000] == 0.5 and "halving by t = 30,000" in explain("inverse_sqrt").knobs["warmup_epochs"]
    warm = schedules.curve("inverse_sqrt", lr0=1.0, epochs=400, warmup_epochs=25)
    t = np.arange(1, 401)
    np.testing.assert_allclose(warm[1:], np.minimum(t / 25, np.sqrt(25 / t)), rtol=1e-12)  # η₀·min(t/W, √(W/t))


# ---- reduce on plateau: the cooldown still updates the best -------------------------------------------


def test_in_the_cooldown_a_better_loss_still_becomes_the_best():
    plateau = ReduceOnPlateau(1.0, patience=0, cooldown=3, factor=0.5)
    for loss in (1.0, 1.0):  # one bad epoch with patience 0: a cut, then three epochs of cooldown
        plateau.step(loss)
    assert plateau.lr == 0.5 and plateau.cooldown_counter == 3
    plateau.step(0.2)  # in the cooldown
    assert plateau.best == 0.2
    words = explain("reduce_on_plateau").knobs["cooldown"]
    assert "bad epochs are not counted" in words and "still becomes the new best" in words


# ---- who found 1−√ best -------------------------------------------------------------------------------


def test_the_one_minus_sqrt_cooldown_is_credited_to_hagele_et_al():
    assert "Hägele et al. (2024)" in knob_sentence(explain("wsd"), "decay_type", "1-sqrt")
    assert get_preset("wsd").source.startswith("Hägele et al. (2024)")
