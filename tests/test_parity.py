"""Every golden curve (PyTorch 2.13, transformers 5.23) reproduced by the engine.

The tolerance is 1e-12 relative, loosened to 1e-9 only past the end of a cosine, where PyTorch's
recursive formula (and transformers' cosine past num_training_steps) drifts from the closed form.
A reference 0 has no relative error, so there the engine must give 0 to within 1e-15·η₀.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from lrgame.engine import schedules

DATA = Path(__file__).parent / "data"
EXACT, DRIFT, ZERO = 1e-12, 1e-9, 1e-15

ENGINE_CASES = json.loads((DATA / "engine_cases.json").read_text())
TORCH_CASES = json.loads((DATA / "torch_schedules.json").read_text())

# (schedule, lr0, epochs, params, last epoch held to EXACT or None for all of them)
Case = tuple[str, float, int, dict[str, Any], int | None]


def assert_reproduces(case: Case, reference: list[float]) -> None:
    name, lr0, epochs, params, exact_until = case
    want = np.asarray(reference)
    got = schedules.build(name, lr0=lr0, epochs=epochs, **params)(np.arange(len(want)))
    rtol = np.full(len(want), EXACT)
    if exact_until is not None:
        rtol[exact_until + 1 :] = DRIFT
    err = np.abs(got - want)
    bad = np.where(want == 0, err > ZERO * lr0, err > rtol * np.abs(want))
    if bad.any():
        t = int(np.argmax(bad))
        pytest.fail(f"{name} at t={t}: got {got[t]!r}, want {want[t]!r} (rtol {rtol[t]:g})")


def engine_terms(case: dict[str, Any]) -> Case:
    """A case already in the engine's terms; a cosine that outlives T_max drifts past it."""
    params = case["params"]
    drift_after = params.get("T_max") if case["schedule"] == "cosine" else None
    return case["schedule"], case["lr0"], case["epochs"], params, drift_after


def torch_terms(case: dict[str, Any]) -> Case:
    """Translate a PyTorch/transformers configuration into the engine's schedule and parameters."""
    cls, p, lr0, steps = case["torch_class"], dict(case["params"]), case["lr0"], case["steps"]
    simple = {
        "StepLR": "step", "MultiStepLR": "multistep", "ExponentialLR": "exponential", "LinearLR": "linear",
        "PolynomialLR": "polynomial", "ConstantLR": "constant", "CosineAnnealingWarmRestarts": "cosine_restarts",
    }
    if cls in simple:
        return simple[cls], lr0, steps, p, None
    if cls == "CosineAnnealingLR":
        return "cosine", lr0, steps, p, p["T_max"]
    if cls == "OneCycleLR":
        del p["cycle_momentum"]
        return "one_cycle", p.pop("max_lr"), p.pop("total_steps"), p, None
    if cls == "CyclicLR":  # step_size_down=None goes in as None: the engine must follow PyTorch's rule itself
        del p["cycle_momentum"]
        return "cyclic", p.pop("max_lr"), steps, p, None
    if cls == "SequentialLR":
        warm, cos = p["schedulers"]
        assert (warm["cls"], warm["end_factor"], cos["cls"]) == ("LinearLR", 1.0, "CosineAnnealingLR")
        assert p["milestones"] == [warm["total_iters"]]
        assert cos["T_max"] == steps - warm["total_iters"]
        params = {"warmup_epochs": warm["total_iters"], "start_factor": warm["start_factor"], "eta_min": cos["eta_min"]}
        return "warmup_cosine", lr0, steps, params, None
    assert cls == "LambdaLR"
    kind = p["lambda_"]
    if kind == "noam":
        return "noam", p["d_model"] ** -0.5 * p["warmup"] ** -0.5, steps, {"warmup_epochs": p["warmup"]}, None
    warmup = p["num_warmup_steps"]
    if kind == "transformers.get_inverse_sqrt_schedule":
        assert p["timescale"] is None
        return "inverse_sqrt", lr0, steps, {"warmup_epochs": warmup}, None
    run = p["num_training_steps"]
    if kind == "transformers.get_cosine_schedule_with_warmup":
        assert p["num_cycles"] == 0.5
        return "warmup_cosine", lr0, run, {"warmup_epochs": warmup, "start_factor": 0.0}, run
    assert kind == "transformers.get_wsd_schedule"
    assert p["num_cycles"] == 0.5
    assert p["num_stable_steps"] == run - warmup - p["num_decay_steps"]
    params = {k: p[k] for k in ("warmup_type", "decay_type", "min_lr_ratio")}
    return "wsd", lr0, run, {"warmup_epochs": warmup, "decay_epochs": p["num_decay_steps"], **params}, None


@pytest.mark.parametrize("case", ENGINE_CASES, ids=[f"{i}-{c['schedule']}" for i, c in enumerate(ENGINE_CASES)])
def test_engine_case(case: dict[str, Any]) -> None:
    assert_reproduces(engine_terms(case), case["lr"])


@pytest.mark.parametrize("case", TORCH_CASES, ids=[c["name"] for c in TORCH_CASES])
def test_torch_case(case: dict[str, Any]) -> None:
    assert_reproduces(torch_terms(case), case["lr"])


RENAMED = {"max_lr", "total_steps", "cycle_momentum"}  # η₀, T, and a momentum setting with no rate in it


@pytest.mark.parametrize("case", [c for c in TORCH_CASES if c["torch_class"] in ("CyclicLR", "OneCycleLR", "StepLR",
                                  "MultiStepLR", "ExponentialLR", "LinearLR", "PolynomialLR", "ConstantLR")],
                         ids=lambda c: c["name"])
def test_a_torch_case_reaches_the_engine_with_exactly_the_parameters_pytorch_was_given(case: dict[str, Any]) -> None:
    """No value filled in or changed on the way: a left-out (None) one included, so the engine's
    own rule for it is what the golden curve checks."""
    _, _, _, params, _ = torch_terms(case)
    given = {k: v for k, v in case["params"].items() if k not in RENAMED}
    assert params == given


def test_every_schedule_has_golden_data() -> None:
    covered = {engine_terms(c)[0] for c in ENGINE_CASES} | {torch_terms(c)[0] for c in TORCH_CASES}
    assert covered == set(schedules.SCHEDULES)
