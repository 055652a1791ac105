"""Famous recipes reproduce the numbers their papers state, at their boundaries."""

import doctest
import re

import numpy as np
import pytest

from lrgame.engine import presets as recipes
from lrgame.engine.params import ConfigError
from lrgame.sim import presets, valley
from lrgame.sim.presets import BOUNCE, PRESETS, get_preset, preset_lines
from lrgame.sim.settings import Settings, run_curve


def curve(name):
    """Entry t is the rate used during step (or epoch) t; entry T is the rate held after the run."""
    return run_curve(get_preset(name).settings())


def test_resnet_divides_by_ten_every_thirty_epochs():
    lr = curve("resnet")
    assert len(lr) == 91
    assert (lr[0], lr[29], lr[30], lr[59], lr[60], lr[89]) == pytest.approx(
        (0.1, 0.1, 0.01, 0.01, 0.001, 0.001), rel=1e-14
    )
    # The last trained epoch (89) still uses 0.001, as torchvision's StepLR does; 1e-4 is what epoch 90 would get.
    assert lr[90] == pytest.approx(1e-4, rel=1e-14)
    words = get_preset("resnet").description  # says which rule it shows, and that the paper used another
    assert "torchvision" in words and "stopped falling" in words


def test_sgdr_restarts_at_10_30_70_150():
    lr = curve("sgdr")
    for restart in (10, 30, 70, 150):
        assert lr[restart] == pytest.approx(0.05, rel=1e-14)
        assert lr[restart - 1] < 0.05 * 0.03  # about 0 just before each jump
    assert lr[0] == 0.05 and lr[5] == pytest.approx(0.025, rel=1e-12)
    assert lr[50] == pytest.approx(0.025, rel=1e-12)  # halfway down the 40-epoch cycle that starts at 30
    assert lr.min() >= 0.0


def test_one_cycle_uses_pytorch_defaults():
    p = get_preset("one_cycle")
    s = p.settings()
    assert (s.params["pct_start"], s.params["div_factor"], s.params["final_div_factor"]) == (0.3, 25.0, 1e4)
    lr = curve("one_cycle")
    assert lr[0] == pytest.approx(1.0 / 25, rel=1e-12)
    assert int(np.argmax(lr)) == 29 and lr[29] == pytest.approx(1.0, rel=1e-12)  # peak at 0.3·T − 1
    assert lr[99] == pytest.approx(1.0 / 25 / 1e4, rel=1e-9)


def test_transformer_peaks_near_7e4_at_step_4000_and_falls_as_one_over_root_step():
    lr = curve("transformer")
    peak = 512**-0.5 * 4000**-0.5
    assert len(lr) == 100_001
    # noam counts steps from 1 (step n = t + 1), so the paper's step 4,000 is the engine's t = 3999.
    assert int(np.argmax(lr)) == 3999
    assert lr[3999] == pytest.approx(peak, rel=1e-12) and round(lr[3999], 5) == 7.0e-4
    assert lr[1999] == pytest.approx(peak / 2, rel=1e-12)  # a straight climb: step 2,000 gets half
    n = np.arange(4000, 100_001)  # step numbers from the peak on
    np.testing.assert_allclose(lr[n - 1] * np.sqrt(n), peak * np.sqrt(4000), rtol=1e-12)  # ∝ 1/√step
    assert lr[15999] / lr[3999] == pytest.approx(0.5, rel=1e-12)  # 4× the steps, half the rate


def test_bert_warms_up_for_10k_steps_and_reaches_zero_at_one_million():
    lr = curve("bert")
    assert lr[0] == 0.0 and lr[5_000] == pytest.approx(0.5e-4, rel=1e-14)
    assert lr[10_000] == pytest.approx(1e-4, rel=1e-14) and int(np.argmax(lr)) == 10_000
    assert lr[505_000] == pytest.approx(0.5e-4, rel=1e-12)
    assert lr[1_000_000] == 0.0 and lr[999_999] == pytest.approx(1e-4 / 990_000, rel=1e-6)
    # The same as Hugging Face's get_linear_schedule_with_warmup: t/w, then (T − t)/(T − w).
    t = np.arange(0, 1_000_001, 997)
    hf = 1e-4 * np.where(t < 10_000, t / 10_000, np.maximum(0.0, (1_000_000 - t) / 990_000))
    np.testing.assert_allclose(lr[t], hf, rtol=1e-12, atol=1e-20)


def test_gpt3_cosine_reaches_ten_percent_at_260b_tokens_then_holds():
    p = get_preset("gpt3")
    lr = curve("gpt3")
    tokens = recipes.GPT3_TOKENS_PER_STEP
    assert tokens == 3_200_000 and f"{tokens:,}" in p.description
    assert p.epochs == 300e9 / tokens == 93_750
    assert p.params["warmup_epochs"] == round(375e6 / tokens) == 117
    assert p.params["warmup_epochs"] + p.params["decay_epochs"] == 260e9 / tokens == 81_250
    assert int(np.argmax(lr)) == 117 and lr[117] == pytest.approx(6e-5, rel=1e-14) and lr[116] < 6e-5
    assert lr[81_250] == pytest.approx(6e-6, rel=1e-14)
    assert lr[81_249] == pytest.approx(6e-6, rel=1e-6)
    assert lr[(117 + 81_250) // 2] == pytest.approx((6e-5 + 6e-6) / 2, rel=1e-4)  # halfway down the cosine
    assert np.all(lr[81_250:] == 6e-6)  # constant at 10 % to the end of the 300B tokens


def test_llama_peaks_after_2000_steps_and_ends_at_ten_percent():
    p = get_preset("llama")
    lr = curve("llama")
    assert p.epochs == 1e12 / recipes.LLAMA_TOKENS_PER_STEP == 250_000
    assert lr[1000] == pytest.approx(1.5e-4, rel=1e-14)
    assert int(np.argmax(lr)) == 2000 and lr[2000] == pytest.approx(3e-4, rel=1e-14)
    assert lr[250_000] == pytest.approx(3e-5, rel=1e-14) and lr[249_999] == pytest.approx(3e-5, rel=1e-8)
    assert (np.diff(lr[2000:]) <= 0).all()


def test_wsd_holds_the_peak_then_cools_down_in_the_last_fifth():
    p = get_preset("wsd")
    lr = curve("wsd")
    assert p.params["decay_type"] == "1-sqrt" and "MiniCPM" in p.description and "10 %" in p.description
    assert np.all(lr[500:8001] == 1e-3)  # the long stable middle
    assert lr[8001] < 1e-3 and lr[10_000] == 0.0
    cooling = np.flatnonzero((lr < 1e-3) & (np.arange(len(lr)) > 500))
    assert (cooling[-1] - cooling[0] + 1) / p.epochs == pytest.approx(0.2, abs=1e-3)
    # 1−sqrt: halfway through the cooldown the rate is 1 − √½ ≈ 29 % of the peak.
    assert lr[9000] == pytest.approx(1e-3 * (1 - np.sqrt(0.5)), rel=1e-12)


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_builds_valid_settings_and_bounces(name):
    p = get_preset(name)
    s = p.settings()
    assert isinstance(s, Settings) and p.name == name
    assert (s.schedule, s.lr0, s.epochs) == (p.schedule, p.lr0, p.epochs)
    assert valley.SHARPNESS_RANGE[0] <= s.sharpness <= valley.SHARPNESS_RANGE[1]
    assert p.bounces and p.caveat == ""
    assert 1.0 < s.lr0 * s.sharpness < 2.0 and s.lr0 * s.sharpness == pytest.approx(BOUNCE)
    assert p.unit in ("epochs", "steps")
    assert re.fullmatch(r"[^()]+ \(20\d\d\), .{10,}", p.source)  # authors (year), title
    assert p.title and p.description


def test_a_peak_too_small_for_the_valley_says_so_instead_of_faking_it(monkeypatch):
    monkeypatch.setattr(valley, "SHARPNESS_RANGE", (1.0, 100.0))
    p = get_preset("gpt3")  # 6e-5 · 100 = 0.006: no allowed valley makes it bounce
    assert p.sharpness == 100.0 and not p.bounces
    assert p.settings().sharpness == 100.0
    assert "sharpest valley allowed" in p.caveat and "creeps" in p.caveat
    assert p.caveat in next(line for line in preset_lines() if line.startswith("gpt3 "))
    assert get_preset("sgdr").bounces and get_preset("sgdr").caveat == ""


def test_lines_name_description_source():
    lines = preset_lines()
    assert len(lines) == len(PRESETS)
    for line, p in zip(lines, PRESETS.values(), strict=True):
        assert line.split()[0] == p.name and p.description in line and line.endswith(p.source)
        assert f"[{p.unit}]" in line and "\n" not in line


def test_unknown_name_lists_the_names():
    with pytest.raises(ConfigError, match="preset='alexnet'.*resnet, sgdr"):
        get_preset("alexnet")


def test_docstring_examples():
    assert doctest.testmod(recipes).failed == 0
    assert doctest.testmod(presets).failed == 0
