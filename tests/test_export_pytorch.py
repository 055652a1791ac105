"""The generated PyTorch code, run with real PyTorch, gives the engine's curve.

The `test` extra pins torch==2.13.0 (CPU), so in CI and under the README's one test command this
module always runs; the import guard below only matters on a machine set up without the extra.
Nothing is captured or silenced: the suite turns warnings into errors, so the snippets must not
make PyTorch warn either.
"""

import re

import numpy as np
import pytest

from lrgame.engine import schedules
from lrgame.engine.steps import in_steps
from lrgame.export.pytorch import plateau_code, pytorch_code

torch = pytest.importorskip("torch")

DEFAULTS = [
    pytest.param(name, lr0, epochs, {}, id=f"{name}-defaults-T{epochs}")
    for name in schedules.SCHEDULES
    for lr0, epochs in ((0.1, 50), (3e-4, 237))
]


def edge(name, lr0, epochs, params, label):
    return pytest.param(name, lr0, epochs, params, id=f"{name}-{label}")


EDGES = [
    edge("constant", 0.1, 40, {"factor": 0.25, "total_iters": 7}, "factor-below-1"),
    edge("constant", 0.1, 40, {"factor": 0.5, "total_iters": 0}, "factor-never-applies"),
    edge("step", 0.3, 60, {"step_size": 1, "gamma": 0.5}, "every-epoch-halves"),
    edge("step", 0.1, 90, {"step_size": 30}, "resnet"),
    edge("multistep", 0.1, 120, {"milestones": (30, 30, 60), "gamma": 0.5}, "duplicate-milestones"),
    edge("multistep", 0.1, 120, {"milestones": (1, 119, 120)}, "milestones-at-the-ends"),
    edge("exponential", 0.1, 200, {"gamma": 0.97}, "gamma-0.97"),
    edge("cosine", 0.1, 150, {"T_max": 40, "eta_min": 0.002}, "past-T_max"),
    edge("cosine", 0.1, 150, {"T_max": 150, "eta_min": 0.01}, "eta_min"),
    edge("cosine_restarts", 0.05, 150, {"T_0": 10, "T_mult": 2}, "T_mult-2"),
    edge("cosine_restarts", 0.05, 200, {"T_0": 5, "T_mult": 3, "eta_min": 1e-4}, "T_mult-3"),
    edge("cosine_restarts", 0.05, 100, {"T_0": 1}, "T_0-1"),
    edge("linear", 0.1, 60, {"start_factor": 0.1, "end_factor": 1.0, "total_iters": 20}, "warmup-style"),
    edge("linear", 0.1, 100, {"start_factor": 1.0, "end_factor": 0.05, "total_iters": 70}, "decay-style"),
    edge("polynomial", 0.1, 120, {"total_iters": 100, "power": 0.5}, "power-0.5"),
    edge("polynomial", 0.1, 120, {"power": 2.0}, "power-2"),
    *(
        edge("one_cycle", 0.5, 250, {"anneal_strategy": shape, "three_phase": three, "pct_start": 0.25},
             f"{shape}-{'three' if three else 'two'}-phase")
        for shape in ("cos", "linear")
        for three in (False, True)
    ),
    edge("one_cycle", 0.1, 97, {"div_factor": 10.0, "final_div_factor": 100.0, "pct_start": 0.4}, "odd-T"),
    edge("cyclic", 0.1, 200, {"base_lr": 0.001, "step_size_up": 10, "step_size_down": 30}, "triangular"),
    edge("cyclic", 0.1, 200, {"base_lr": 0.001, "step_size_up": 20, "step_size_down": 7, "mode": "triangular2"},
         "triangular2"),
    edge("cyclic", 0.1, 300, {"base_lr": 0.001, "step_size_up": 25, "step_size_down": 15, "mode": "exp_range",
                              "gamma": 0.995}, "exp_range"),
    edge("warmup_cosine", 3e-4, 200, {"warmup_epochs": 20}, "start-0"),
    edge("warmup_cosine", 0.1, 120, {"warmup_epochs": 10, "eta_min": 0.001}, "start-0-eta_min"),
    edge("warmup_cosine", 0.1, 120, {"warmup_epochs": 10, "start_factor": 0.3, "eta_min": 0.001}, "start-0.3-eta_min"),
    edge("warmup_cosine", 0.1, 120, {"warmup_epochs": 0}, "no-warmup"),
    edge("warmup_cosine", 6e-5, 300, {"warmup_epochs": 12, "decay_epochs": 240, "eta_min": 6e-6}, "ends-early"),
    edge("warmup_cosine", 0.1, 100, {"warmup_epochs": 5, "decay_epochs": 50, "start_factor": 0.2}, "ends-early-0.2"),
    edge("warmup_cosine", 0.1, 100, {"warmup_epochs": 0, "decay_epochs": 60}, "ends-early-no-warmup"),
    edge("inverse_sqrt", 0.01, 300, {"warmup_epochs": 40}, "warmup"),
    edge("inverse_sqrt", 0.01, 300, {"warmup_epochs": 0}, "no-warmup"),
    edge("noam", 7e-4, 400, {"warmup_epochs": 40}, "warmup-40"),
    edge("noam", 7e-4, 50, {"warmup_epochs": 1}, "warmup-1"),
    edge("wsd", 1e-3, 400, {"warmup_epochs": 40, "decay_epochs": 80, "decay_type": "cosine"}, "linear-cosine"),
    edge("wsd", 1e-3, 400, {"warmup_epochs": 30, "decay_epochs": 60, "warmup_type": "cosine", "min_lr_ratio": 0.05},
         "cosine-1sqrt-floor"),
    edge("wsd", 1e-3, 300, {"warmup_epochs": 30, "decay_epochs": 90, "warmup_type": "1-sqrt", "decay_type": "linear",
                            "min_lr_ratio": 0.1}, "1sqrt-linear-floor"),
    edge("wsd", 1e-3, 100, {"warmup_epochs": 0, "decay_epochs": 0}, "no-warmup-no-decay"),
    edge("wsd", 1e-3, 100, {"warmup_epochs": 40, "decay_epochs": 60, "min_lr_ratio": 0.2}, "no-stable-phase"),
]


def run_snippet(code: str, steps: int) -> np.ndarray:
    """Execute the snippet and read the rate before each scheduler step (the golden protocol)."""
    namespace: dict = {}
    exec(compile(code, "<lrgame export>", "exec"), namespace)  # noqa: S102
    optimizer, scheduler = namespace["optimizer"], namespace["scheduler"]
    rates = [scheduler.get_last_lr()[0]]
    for _ in range(steps - 1):
        optimizer.step()
        scheduler.step()
        rates.append(scheduler.get_last_lr()[0])
    return np.array(rates)


def assert_same_rates(got: np.ndarray, want: np.ndarray, lr0: float, rtol: float = 1e-12) -> None:
    """|got − want| ≤ rtol·|want| + 1e-15·lr0: relative, except at a zero (or the round-off left of one)."""
    assert got.shape == want.shape
    allowed = rtol * np.abs(want) + 1e-15 * lr0
    worst = int(np.argmax(np.abs(got - want) / allowed))
    assert abs(got[worst] - want[worst]) <= allowed[worst], f"step {worst}: {got[worst]!r} vs {want[worst]!r}"


def test_every_schedule_has_edge_cases_too():
    assert {case.values[0] for case in EDGES} == set(schedules.SCHEDULES)


@pytest.mark.parametrize(("name", "lr0", "epochs", "params"), DEFAULTS + EDGES)
def test_the_code_reproduces_the_engine(name, lr0, epochs, params):
    want = schedules.curve(name, lr0=lr0, epochs=epochs, **params)
    steps = epochs if name == "one_cycle" else epochs + 1  # OneCycleLR refuses a step past total_steps
    got = run_snippet(pytorch_code(name, lr0, epochs, params), steps)
    t_max = schedules.resolve(name, lr0, epochs, params).get("T_max", epochs)
    if name == "cosine" and t_max < epochs:  # PyTorch's recursion drifts past T_max
        assert_same_rates(got[: t_max + 1], want[: t_max + 1], lr0)
        assert_same_rates(got, want, lr0, rtol=1e-9)
    else:
        assert_same_rates(got, want[:steps], lr0)


@pytest.mark.parametrize(("name", "params"), [
    ("step", {"step_size": 10}),
    ("one_cycle", {"three_phase": True}),
    ("warmup_cosine", {"warmup_epochs": 3}),
    ("wsd", {"warmup_epochs": 3, "decay_epochs": 6}),
    ("exponential", {"gamma": 0.9}),  # γ per epoch: its 4th root per batch
    ("cyclic", {"step_size_up": 3, "mode": "exp_range", "gamma": 0.9}),
])
def test_steps_per_epoch_counts_batches_and_steps_inside_the_batch_loop(name, params):
    epochs, per = 30, 4
    code = pytorch_code(name, 0.1, epochs, params, steps_per_epoch=per)
    total = epochs * per
    in_batches = in_steps(name, schedules.resolve(name, 0.1, epochs, params), per)
    want = schedules.curve(name, lr0=0.1, epochs=total, **in_batches)
    steps = total if name == "one_cycle" else total + 1
    assert_same_rates(run_snippet(code, steps), want[:steps], 0.1)
    assert f"{total} steps in all" in code
    lines = code.splitlines()
    batch_loop = next(i for i, line in enumerate(lines) if line.startswith("#     for inputs, targets in loader:"))
    (stepping,) = [i for i, line in enumerate(lines) if re.match(r"#\s+scheduler\.step\(\)", line)]
    assert stepping > batch_loop and lines[stepping].startswith("#         scheduler.step()")


def test_one_cycle_over_batches_is_built_over_every_batch():
    namespace: dict = {}
    code = pytorch_code("one_cycle", 0.1, 30, {}, steps_per_epoch=4)
    exec(compile(code, "<lrgame export>", "exec"), namespace)  # noqa: S102
    assert namespace["scheduler"].total_steps == 120


def test_once_per_epoch_the_step_is_outside_the_batch_loop():
    code = pytorch_code("step", 0.1, 90, {"step_size": 30, "gamma": 0.1})
    assert "scheduler = StepLR(optimizer, step_size=30, gamma=0.1)" in code
    (stepping,) = [line for line in code.splitlines() if re.match(r"#\s+scheduler\.step\(\)", line)]
    assert stepping.startswith("#     scheduler.step()")


@pytest.mark.parametrize(("name", "lr0", "epochs", "params"), DEFAULTS + EDGES)
def test_the_code_stands_alone_and_reads_well(name, lr0, epochs, params):
    code = pytorch_code(name, lr0, epochs, params)
    assert not re.search(r"^\s*(import|from)\s+lrgame", code, re.MULTILINE)
    assert code.startswith(f"# {schedules.get(name).label} learning-rate schedule, generated by lrgame.")
    assert max(len(line) for line in code.splitlines()) <= 100
    assert "import *" not in code


def test_reduce_on_plateau_exports_pytorchs_class_with_the_same_settings():
    from lrgame.engine.plateau import ReduceOnPlateau

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


# ---- the optimizer line, and the momentum a scheduler drives ------------------------------------------------


def _momentum_of(group: dict) -> float:
    return group["betas"][0] if "betas" in group else group["momentum"]


def run_snippet_with_momentum(code: str, steps: int) -> tuple[np.ndarray, np.ndarray, object]:
    """The rate and the momentum (SGD's, or Adam's β₁) in the optimizer before each scheduler step."""
    namespace: dict = {}
    exec(compile(code, "<lrgame export>", "exec"), namespace)  # noqa: S102
    optimizer, scheduler = namespace["optimizer"], namespace["scheduler"]
    group = optimizer.param_groups[0]
    rates, momenta = [group["lr"]], [_momentum_of(group)]
    for _ in range(steps - 1):
        optimizer.step()
        scheduler.step()
        rates.append(group["lr"])
        momenta.append(_momentum_of(group))
    return np.array(rates), np.array(momenta), optimizer


def _opt(name: str, **given):
    from lrgame.sim.optimizer_choice import make_optimizer

    return make_optimizer(name, **given)


MOMENTUM_CASES = [
    pytest.param("one_cycle", 0.1, 100, {}, ("sgd", {"momentum": 0.9}), 1, id="one_cycle-momentum"),
    pytest.param("one_cycle", 0.01, 97, {"three_phase": True, "anneal_strategy": "linear", "base_momentum": 0.8,
                                         "max_momentum": 0.99}, ("adam", {}), 1, id="one_cycle-adam-three-phase"),
    pytest.param("one_cycle", 0.1, 30, {}, ("sgd", {"momentum": 0.5, "nesterov": True}), 4, id="one_cycle-batches"),
    pytest.param("cyclic", 0.1, 120, {"base_lr": 0.01, "step_size_up": 7, "step_size_down": 13,
                                      "mode": "triangular2"}, ("adamw", {"weight_decay": 0.05}), 1,
                 id="cyclic-adamw"),
    pytest.param("cyclic", 0.1, 40, {"base_lr": 0.01, "step_size_up": 3, "step_size_down": 2}, ("sgd", {
        "momentum": 0.9, "dampening": 0.1, "weight_decay": 1e-4}), 3, id="cyclic-batches"),
    pytest.param("cyclic", 0.1, 100, {"cycle_momentum": False}, ("sgd", {"momentum": 0.9}), 1, id="cyclic-knob-off"),
    pytest.param("one_cycle", 0.1, 100, {}, ("sgd", {}), 1, id="one_cycle-plain-sgd"),
    pytest.param("step", 0.1, 60, {}, ("adam", {"betas": (0.8, 0.99), "eps": 1e-6}), 1, id="step-adam"),
]


@pytest.mark.parametrize(("name", "lr0", "epochs", "params", "optimizer", "per"), MOMENTUM_CASES)
def test_the_code_drives_the_momentum_as_the_simulator_does(name, lr0, epochs, params, optimizer, per):
    """Run in torch, the snippet's optimizer is the run's (class and hyperparameters) and, step by step,
    holds the simulator's rate and momentum: the schedule's momentum curve while it drives it, else the
    optimizer's own (0 for plain SGD, which cycle_momentum=True would have switched on)."""
    from lrgame.sim.optimizer_choice import CLASSES, momentum_of, name_of
    from lrgame.sim.settings import make_settings, run_curve, run_momentum

    hp = _opt(optimizer[0], **optimizer[1])
    settings = make_settings(name, lr0, epochs, params, steps_per_epoch=per, optimizer=hp)
    steps = epochs * per + (name != "one_cycle")
    code = pytorch_code(name, lr0, epochs, params, per, optimizer=hp)
    rates, momenta, torch_optimizer = run_snippet_with_momentum(code, steps)
    assert_same_rates(rates, run_curve(settings)[:steps], lr0)
    driven = run_momentum(settings)
    want = driven[:steps] if driven is not None else np.full(steps, momentum_of(hp))
    np.testing.assert_allclose(momenta, want, rtol=1e-12, atol=0)
    assert type(torch_optimizer).__name__ == CLASSES[name_of(hp)].__name__
    group = torch_optimizer.param_groups[0]
    for key in ("weight_decay", "dampening", "nesterov", "eps"):
        if hasattr(hp, key):
            assert group[key] == getattr(hp, key), key
    if hasattr(hp, "betas"):
        assert group["betas"][1] == hp.betas[1]
