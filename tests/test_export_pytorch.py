"""The generated PyTorch code, run with real PyTorch, gives the engine's curve.

The `test` extra pins torch==2.13.0 (CPU), so this module runs in CI and the README's test command;
the import guard only matters on a machine set up without the extra.
"""

import numpy as np
import pytest

from lrgame import schedules
from lrgame.export.pytorch import pytorch_code
from lrgame.steps import in_steps

torch = pytest.importorskip("torch")

CASES = [
    ("constant", 0.05, 40, {}),
    ("constant", 0.1, 40, {"factor": 0.25, "total_iters": 7}),
    ("step", 0.1, 90, {"step_size": 30}),
    ("step", 0.3, 60, {"step_size": 1, "gamma": 0.5}),
    ("multistep", 0.1, 120, {"milestones": (30, 30, 60), "gamma": 0.5}),
    ("exponential", 0.1, 200, {"gamma": 0.97}),
    ("cosine", 0.1, 150, {}),
    ("cosine", 0.1, 150, {"T_max": 40, "eta_min": 0.002}),
    ("warmup_cosine", 3e-4, 200, {"warmup_epochs": 20}),
    ("warmup_cosine", 0.1, 120, {"warmup_epochs": 10, "start_factor": 0.3, "eta_min": 0.001}),
    ("warmup_cosine", 0.1, 120, {"warmup_epochs": 0}),
    ("warmup_cosine", 6e-5, 300, {"warmup_epochs": 12, "decay_epochs": 240, "eta_min": 6e-6}),
    ("cosine_restarts", 0.05, 150, {"T_0": 10, "T_mult": 2}),
    ("cosine_restarts", 0.05, 200, {"T_0": 5, "T_mult": 3, "eta_min": 1e-4}),
    ("one_cycle", 0.1, 100, {}),
    ("one_cycle", 0.5, 250, {"anneal_strategy": "linear", "three_phase": True, "pct_start": 0.25}),
    ("cyclic", 0.1, 200, {"base_lr": 0.001, "step_size_up": 10, "step_size_down": 30}),
    ("cyclic", 0.1, 200, {"base_lr": 0.001, "step_size_up": 20, "step_size_down": 20, "mode": "triangular2"}),
    ("cyclic", 0.1, 300, {"base_lr": 0.001, "step_size_up": 25, "step_size_down": 15, "mode": "exp_range",
                          "gamma": 0.995}),
    ("linear", 0.1, 60, {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 20}),
    ("linear", 0.1, 100, {}),
    ("polynomial", 0.1, 120, {"total_iters": 100, "power": 0.5}),
    ("polynomial", 0.1, 120, {"power": 2.0}),
    ("inverse_sqrt", 0.01, 300, {"warmup_epochs": 40}),
    ("inverse_sqrt", 0.01, 300, {"warmup_epochs": 0}),
    ("noam", 7e-4, 400, {"warmup_epochs": 40}),
    ("wsd", 1e-3, 400, {"warmup_epochs": 40, "decay_epochs": 80, "decay_type": "cosine"}),
    ("wsd", 1e-3, 400, {"warmup_epochs": 30, "decay_epochs": 60, "warmup_type": "cosine", "min_lr_ratio": 0.05}),
    ("wsd", 1e-3, 300, {"warmup_epochs": 30, "decay_epochs": 90, "warmup_type": "1-sqrt", "decay_type": "linear",
                        "min_lr_ratio": 0.1}),
]


def run_snippet(code: str, steps: int) -> np.ndarray:
    """Execute the snippet and read the rate before each scheduler step (the golden protocol)."""
    namespace: dict = {}
    exec(compile(code, "<lrgame export>", "exec"), namespace)  # noqa: S102
    optimizer, scheduler = namespace["optimizer"], namespace["scheduler"]
    rates = []
    for _ in range(steps):
        rates.append(scheduler.get_last_lr()[0])
        optimizer.step()
        scheduler.step()
    return np.array(rates)


def assert_same_rates(got: np.ndarray, want: np.ndarray, lr0: float, rtol: float = 1e-12) -> None:
    scale = np.maximum(np.abs(want), 1e-15 * lr0)
    worst = np.max(np.abs(got - want) / scale)
    assert worst <= rtol, f"worst relative error {worst:.2e} at step {int(np.argmax(np.abs(got - want) / scale))}"


def test_every_schedule_is_covered():
    assert {c[0] for c in CASES} == set(schedules.SCHEDULES)


@pytest.mark.parametrize(("name", "lr0", "epochs", "params"), CASES, ids=lambda v: str(v)[:24])
def test_the_code_reproduces_the_engine(name, lr0, epochs, params):
    want = schedules.curve(name, lr0=lr0, epochs=epochs, **params)
    steps = epochs if name == "one_cycle" else epochs + 1  # OneCycleLR refuses a step past total_steps
    got = run_snippet(pytorch_code(name, lr0, epochs, params), steps)
    resolved = schedules.resolve(name, lr0, epochs, params)
    if name == "cosine" and resolved["T_max"] < epochs:  # PyTorch's recursion drifts past T_max
        t_max = resolved["T_max"]
        assert_same_rates(got[: t_max + 1], want[: t_max + 1], lr0)
        assert_same_rates(got, want[:steps], lr0, rtol=1e-9)
    else:
        assert_same_rates(got, want[:steps], lr0)


def test_steps_per_epoch_counts_batches_and_steps_inside_the_batch_loop():
    code = pytorch_code("step", 0.1, 30, {"step_size": 10}, steps_per_epoch=4)
    assert "step_size=40" in code
    loop = [line for line in code.splitlines() if "scheduler.step()" in line]
    assert len(loop) == 1 and loop[0].startswith("#         scheduler.step()")  # inside `for inputs …`
    got = run_snippet(code, 121)
    want = schedules.curve("step", lr0=0.1, epochs=120, **in_steps("step", {"step_size": 10, "gamma": 0.1}, 4))
    assert_same_rates(got, want, 0.1)
    assert got[39] == 0.1 and got[40] == pytest.approx(0.01, rel=1e-15)


def test_reduce_on_plateau_exports_pytorchs_class_with_the_same_settings():
    from lrgame.export.pytorch import plateau_code
    from lrgame.train.plateau import ReduceOnPlateau

    params = {"factor": 0.5, "patience": 2, "cooldown": 1, "min_lr": 0.01, "threshold_mode": "abs"}
    namespace: dict = {}
    exec(compile(plateau_code(0.1, params), "<lrgame export>", "exec"), namespace)  # noqa: S102
    optimizer, scheduler = namespace["optimizer"], namespace["scheduler"]
    ours = ReduceOnPlateau(0.1, **params)
    for loss in [1.0, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]:
        optimizer.step()
        scheduler.step(loss)
        assert optimizer.param_groups[0]["lr"] == ours.step(loss)
    assert ours.lr < 0.1
