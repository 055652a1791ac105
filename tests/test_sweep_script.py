"""scripts/sweep.py: one BLAS thread, its numbers the single runs', bad flags refused in one line."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

import numpy as np

from lrgame.sim.optimizers import SGD
from lrgame.train.recipe import Recipe, average_rate, network_curves, run_on

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "sweep.py"


def _sweep(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--runs", str(tmp_path / "runs.jsonl"), *args],
                          capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, timeout=300)


def test_the_script_loads_lrgame_before_numpy_so_blas_keeps_one_thread():
    """lrgame sets OPENBLAS_NUM_THREADS=1 before numpy loads; a script that imports numpy first
    gets two threads, measured several times slower on these small products under load."""
    code = (f"import runpy, sys; runpy.run_path({str(SCRIPT)!r}, run_name='loaded'); "
            "names = list(sys.modules); print(names.index('lrgame') < names.index('numpy'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env={"PYTHONPATH": str(ROOT)}, timeout=60)
    assert out.stdout.strip() == "True", out.stderr


def test_a_row_is_the_mean_of_the_runs_trained_alone(tmp_path):
    out = _sweep("--epochs", "4", "--optimizers", "sgd", "--batches", "full", "--rates", "1", "--seeds", "0,1",
                 "--jobs", "1", tmp_path=tmp_path)
    assert out.returncode == 0, out.stderr
    row = next(line for line in out.stdout.splitlines() if line.startswith("| sgd | full | 1 |"))
    recipe = Recipe(1.0, 300, SGD(), "epoch")
    rates, _ = network_curves("cosine", 4, {}, recipe)
    finals = {}
    for name, curve in (("cosine", rates), ("avg", np.full_like(rates, average_rate(rates)))):
        runs = [run_on(curve, None, recipe, seed) for seed in (0, 1)]
        for run in runs:
            run.advance(run.epochs)
        finals[name] = [r.final_test_loss for r in runs]
    cell = (f"{statistics.fmean(finals['cosine']):.3f} ± {statistics.stdev(finals['cosine']):.3f} / "
            f"{statistics.fmean(finals['avg']):.3f} ± {statistics.stdev(finals['avg']):.3f}")
    assert cell in row
    again = _sweep("--epochs", "4", "--optimizers", "sgd", "--batches", "full", "--rates", "1", "--seeds", "0,1",
                   tmp_path=tmp_path)  # everything is in the runs file: nothing trained again
    assert "0 of 2 (setting, seed) pairs trained" in again.stdout and row in again.stdout


def test_bad_flags_get_one_line_and_exit_2(tmp_path):
    for args, said in ((("--seeds", "0,0"), "give each value once"), (("--batches", "0"), "batch_size=0"),
                       (("--optimizers", "sgd,rmsprop"), "optimizer='rmsprop'"), (("--rates", "nan"), "lr0"),
                       (("--epochs", "x"), "epochs"), (("--jobs", "0"), "jobs=0")):
        out = _sweep(*args, tmp_path=tmp_path)
        assert out.returncode == 2 and said in out.stderr.splitlines()[-1] and "Traceback" not in out.stderr
