"""`python main.py path --surface NAME`: the path across a 2-D surface as JSON, with --noise 0 the very path
torch.optim takes (tests/data/torch_landscape.json, written by scripts/record_landscape.py), its defaults,
both spellings of --x0, and one-line refusals with exit status 2."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from lrgame import cli
from lrgame.sim.landscape_path import compute_path, make_landscape_run
from lrgame.sim.settings import make_settings
from lrgame.sim.surfaces import SURFACES

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = json.loads((ROOT / "tests" / "data" / "torch_landscape.json").read_text(encoding="utf-8"))["cases"]
EXACT = 1e-10


def path(capsys: pytest.CaptureFixture[str], *flags: str) -> dict:
    assert cli.main(["path", *flags]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_the_path_is_torchs_without_noise(capsys: pytest.CaptureFixture[str], name: str) -> None:
    case = GOLDEN[name]
    got = np.array(path(capsys, *case["flags"])["path"])
    want = np.array(case["path"])
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=EXACT, atol=EXACT * np.abs(want[0]).max())


def test_the_golden_paths_cover_every_surface_and_optimizer() -> None:
    flags = [" ".join(c["flags"]) for c in GOLDEN.values()]
    for surface in SURFACES:
        assert sum(f"--surface {surface} " in f for f in flags) >= 3
    assert any("--optimizer adam " in f for f in flags) and any("--optimizer adamw" in f for f in flags)
    assert any("--nesterov" in f for f in flags) and any("--dampening" in f for f in flags)
    assert any("--momentum" not in f and "--optimizer" not in f for f in flags)  # plain SGD
    assert any("--surface-param" in f for f in flags) and any("--x0" in f for f in flags)
    assert any("--steps-per-epoch" in f for f in flags) and any("--weight-decay" in f for f in flags)
    for c in GOLDEN.values():  # each path goes somewhere: none sits still or flies off
        p = np.array(c["path"])
        assert np.isfinite(p).all() and np.ptp(p, axis=0).max() > 0.1 and len(p) > 100


@pytest.mark.parametrize("name", list(SURFACES))
def test_every_flag_is_optional_and_the_surfaces_defaults_apply(capsys: pytest.CaptureFixture[str],
                                                                name: str) -> None:
    surface = SURFACES[name]
    doc = path(capsys, "--surface", name)
    settings = make_settings(lr0=surface.lr0, epochs=surface.epochs, noise=surface.noise)
    run = make_landscape_run(name, {}, None, settings)
    want = compute_path(run)
    assert doc["path"] == want.points.tolist() and doc["loss"] == want.loss.tolist() and doc["lr"] == want.lr.tolist()
    assert doc["surface"] == name and doc["surface_params"] == {k.name: k.default for k in surface.knobs}
    assert (doc["lr0"], doc["epochs"], doc["noise"], doc["start"]) == (surface.lr0, surface.epochs, surface.noise,
                                                                      list(surface.start))
    assert len(doc["path"]) == len(doc["loss"]) == len(doc["lr"]) + 1 == surface.epochs + 1


def test_a_preset_sets_the_rate_and_length_on_a_surface(capsys: pytest.CaptureFixture[str]) -> None:
    doc = path(capsys, "--surface", "ravine", "--preset", "resnet")
    assert (doc["schedule"], doc["lr0"], doc["epochs"]) == ("step", 0.1, 90)
    assert doc["noise"] == SURFACES["ravine"].noise and doc["path"][0] == list(SURFACES["ravine"].start)


def test_x0_parses_with_or_without_the_equals_sign(capsys: pytest.CaptureFixture[str]) -> None:
    glued = path(capsys, "--surface", "rosenbrock", "--x0=-1.5,2.0", "--epochs", "5")
    spaced = path(capsys, "--surface", "rosenbrock", "--x0", "-1.5,2.0", "--epochs", "5")
    assert glued == spaced and glued["path"][0] == [-1.5, 2.0]


def test_a_path_that_flies_off_stops_with_finite_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    doc = path(capsys, "--surface", "ravine", "--schedule", "constant", "--lr0", "0.5", "--noise", "0")
    k = doc["diverged_at"]
    assert k is not None and len(doc["path"]) == k + 1 and len(doc["lr"]) == k
    assert all(math.isfinite(v) for point in doc["path"] for v in point) and all(map(math.isfinite, doc["loss"]))


@pytest.mark.parametrize(("flags", "message"), [
    (["--surface", "lake"], "--surface = 'lake' is not allowed: give one of ravine, rosenbrock, basins, river, saddle"),
    (["--surface", "ravine", "--surface-param", "kappa=5000"],
     "--surface-param kappa (steepness κ) = 5000 is not allowed: give a number in [1, 1000]"),
    (["--surface", "ravine", "--surface-param", "depth=2"],
     "'depth' is not a knob of the ravine surface: its knobs are kappa, angle"),
    (["--surface", "saddle", "--surface-param", "c"], "--surface-param = 'c' is not KEY=VALUE, e.g. kappa=100"),
    (["--surface", "saddle", "--surface-param", "c=2", "--surface-param", "c=3"],
     "--surface-param c is given twice: give it once"),
    (["--surface-param", "kappa=5"], "--surface-param only makes sense with --surface"),
    (["--surface", "ravine", "--sharpness", "5"], "--sharpness does not go with --surface: the path crosses"),
    (["--surface", "ravine", "--valley", "bumpy"], "--valley does not go with --surface"),
    (["--surface", "ravine", "--x0", "1"], "--x0 = 1 is not allowed: give two numbers X,Y, e.g. -4,2.5"),
    (["--surface", "ravine", "--x0", "1,nan"], "x0 (y)='nan' is not allowed: give a number in [-125, 125]"),
    (["--surface", "rosenbrock", "--x0", "-1,1e400"], "x0 (y)='1e400' is not allowed"),
    (["--surface", "ravine", "--epoch", "3"], "--epoch is not used by path"),
    (["--surface", "ravine", "--noise", "-1"], "--noise (gradient noise) = -1 is not allowed"),
])
def test_bad_input_is_one_line_and_exit_status_2(capsys: pytest.CaptureFixture[str], flags: list[str],
                                                 message: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["path", *flags])
    assert exit_.value.code == 2
    err = capsys.readouterr()
    assert err.out == "" and err.err.count("\n") == 1 and message in err.err, err.err


def test_the_path_commands_flags_obey_the_one_rule(capsys: pytest.CaptureFixture[str]) -> None:
    """path's flags are checked as export's are: a preset with a flag it sets was once silently overruled."""
    with pytest.raises(SystemExit) as exit_:
        cli.main(["path", "--preset", "resnet", "--schedule", "cosine"])
    assert exit_.value.code == 2
    assert "--preset and --schedule do not go together" in capsys.readouterr().err
