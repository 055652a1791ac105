"""Famous recipes reproduce the numbers their papers state, at their boundaries."""

import numpy as np
import pytest

from lrgame.params import ConfigError
from lrgame.presets import BOUNCE, PRESETS, get_preset, preset_lines
from lrgame.steps import run_curve


def curve(name):
    return run_curve(get_preset(name).settings())


def test_resnet_divides_by_ten_every_thirty_epochs():
    lr = curve("resnet")
    assert len(lr) == 91
    assert (lr[29], lr[30], lr[59], lr[60], lr[89]) == pytest.approx((0.1, 0.01, 0.01, 0.001, 0.001), rel=1e-14)
    assert lr[90] == pytest.approx(1e-4, rel=1e-14)  # held after the last trained epoch


def test_sgdr_restarts_at_10_30_70_150():
    lr = curve("sgdr")
    for restart in (10, 30, 70, 150):
        assert lr[restart] == pytest.approx(0.05, rel=1e-14)
        assert lr[restart - 1] < 0.05 * 0.03
    assert lr[0] == 0.05 and lr[5] == pytest.approx(0.025, rel=1e-12)


def test_one_cycle_rises_to_the_peak_and_ends_far_below_the_start():
    lr = curve("one_cycle")
    assert lr[0] == pytest.approx(1.0 / 25, rel=1e-12)
    assert lr.max() == pytest.approx(1.0, rel=1e-3) and 25 <= int(np.argmax(lr)) <= 30
    assert lr[99] == pytest.approx(1.0 / 25 / 1e4, rel=1e-9)


def test_transformer_peaks_near_7e4_at_step_4000_and_falls_as_one_over_root_step():
    lr = curve("transformer")
    peak = 512**-0.5 * 4000**-0.5
    assert int(np.argmax(lr)) == 3999  # the engine's t is 0-based: step n = t + 1 = 4000
    assert lr[3999] == pytest.approx(peak, rel=1e-12) and lr[3999] == pytest.approx(6.99e-4, rel=1e-3)
    assert lr[15999] / lr[3999] == pytest.approx(0.5, rel=1e-12)  # 4× the steps, half the rate
    assert lr[1999] == pytest.approx(peak / 2, rel=1e-12)  # linear warmup


def test_bert_warms_up_for_10k_steps_and_reaches_zero_at_one_million():
    lr = curve("bert")
    assert lr[10_000] == pytest.approx(1e-4, rel=1e-14)
    assert lr[5_000] == pytest.approx(0.5e-4, rel=1e-14)
    assert lr[505_000] == pytest.approx(0.5e-4, rel=1e-12)
    assert lr[1_000_000] == 0.0 and lr[999_999] == pytest.approx(1e-4 / 990_000, rel=1e-6)


def test_gpt3_cosine_reaches_ten_percent_at_260b_tokens_then_holds():
    p = get_preset("gpt3")
    lr = curve("gpt3")
    assert p.epochs == 93_750 and p.params["warmup_epochs"] == 117
    assert lr[117] == pytest.approx(6e-5, rel=1e-14)
    assert lr[81_250] == pytest.approx(6e-6, rel=1e-14)
    assert lr[81_249] == pytest.approx(6e-6, rel=1e-6)
    assert np.all(lr[81_250:93_750] == 6e-6)


def test_llama_peaks_after_2000_steps_and_ends_at_ten_percent():
    lr = curve("llama")
    assert lr[2000] == pytest.approx(3e-4, rel=1e-14)
    assert lr[1000] == pytest.approx(1.5e-4, rel=1e-14)
    assert lr[250_000] == pytest.approx(3e-5, rel=1e-14)


def test_wsd_holds_the_peak_then_cools_down_in_the_last_fifth():
    lr = curve("wsd")
    assert np.all(lr[500:8000] == 1e-3)
    assert lr[8001] < 1e-3 and lr[10_000] == 0.0
    assert (lr[:10_000] < 1e-3).sum() - 500 == pytest.approx(0.2 * 10_000, abs=1)


@pytest.mark.parametrize("name", list(PRESETS))
def test_every_preset_is_valid_bounces_and_names_its_source(name):
    p = get_preset(name)
    s = p.settings()
    assert 1.0 < s.lr0 * s.sharpness < 2.0 and s.lr0 * s.sharpness == pytest.approx(BOUNCE)
    assert p.unit in ("epochs", "steps") and "(20" in p.source


def test_lines_and_unknown_names():
    lines = preset_lines()
    assert len(lines) == len(PRESETS) and all(line.split()[0] in PRESETS for line in lines)
    with pytest.raises(ConfigError, match="preset='alexnet'"):
        get_preset("alexnet")
