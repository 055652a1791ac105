"""Record the momentum that OneCycleLR and CyclicLR write into the optimizer (tests/data/torch_momentum.json).

Run where torch is installed (the test extra pins it):

    python scripts/record_momentum.py

Both schedulers have `cycle_momentum=True` by default: at every step they overwrite SGD's `momentum`, or
Adam's β₁ (`betas[0]`), between `base_momentum` and `max_momentum`, opposite to the rate. Each case makes
one optimizer on a float64 parameter, the scheduler with the given arguments, and reads
`param_groups[0]` before each `scheduler.step()`: `momentum[t]` and `lr[t]` are what step t trains with.
One-cycle stops at t = total_steps − 1 (its last valid step), cyclic runs t = 0..steps.

The cases are stored in the engine's terms too (schedule, lr0, epochs, params), so
tests/test_momentum_schedules.py compares `lrgame.engine.schedules.momentum_curve` with them.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

# name, engine schedule, lr0, epochs, engine params, optimizer class and its kwargs
CASES: list[tuple[str, str, float, int, dict, str, dict]] = [
    ("one_cycle_defaults_sgd", "one_cycle", 0.1, 100, {}, "SGD", {"momentum": 0.9}),
    ("one_cycle_linear_three_phase_adam", "one_cycle", 0.01, 97,
     {"anneal_strategy": "linear", "three_phase": True, "pct_start": 0.25, "base_momentum": 0.8,
      "max_momentum": 0.99}, "Adam", {}),
    ("one_cycle_cos_three_phase_adamw", "one_cycle", 0.003, 50, {"three_phase": True}, "AdamW", {}),
    ("one_cycle_short_rise_sgd", "one_cycle", 0.5, 1000,
     {"pct_start": 0.1, "base_momentum": 0.5, "max_momentum": 0.9, "div_factor": 10.0}, "SGD",
     {"momentum": 0.5, "nesterov": True}),
    ("one_cycle_linear_sgd", "one_cycle", 0.1, 33, {"anneal_strategy": "linear", "pct_start": 0.4}, "SGD",
     {"momentum": 0.9, "dampening": 0.1}),
    ("cyclic_triangular_sgd", "cyclic", 0.1, 100, {"base_lr": 0.01, "step_size_up": 10, "step_size_down": 10},
     "SGD", {"momentum": 0.9}),
    ("cyclic_triangular2_adam", "cyclic", 0.003, 120,
     {"base_lr": 0.0001, "step_size_up": 7, "step_size_down": 13, "mode": "triangular2", "base_momentum": 0.7,
      "max_momentum": 0.95}, "Adam", {}),
    ("cyclic_exp_range_sgd", "cyclic", 0.2, 60,
     {"base_lr": 0.02, "step_size_up": 5, "step_size_down": 5, "mode": "exp_range", "gamma": 0.99}, "SGD",
     {"momentum": 0.8}),
    ("cyclic_lopsided_adamw", "cyclic", 0.01, 200, {"base_lr": 0.001, "step_size_up": 3, "step_size_down": 17},
     "AdamW", {"weight_decay": 0.1}),
]
# What the engine calls the scheduler's own arguments, and PyTorch's defaults for the momentum range.
ONE_CYCLE_ARGS = ("pct_start", "anneal_strategy", "div_factor", "final_div_factor", "three_phase", "base_momentum",
                  "max_momentum")
CYCLIC_ARGS = ("base_lr", "step_size_up", "step_size_down", "mode", "gamma", "base_momentum", "max_momentum")


def record(schedule: str, lr0: float, epochs: int, params: dict, cls: str, kwargs: dict) -> dict:
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    optimizer = getattr(torch.optim, cls)([p], lr=lr0, **kwargs)
    group = optimizer.param_groups[0]
    if schedule == "one_cycle":
        args = {k: v for k, v in params.items() if k in ONE_CYCLE_ARGS}
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr0, total_steps=epochs, **args)
        steps = epochs  # t = 0..T−1
    else:
        args = {k: v for k, v in params.items() if k in CYCLIC_ARGS}
        scheduler = torch.optim.lr_scheduler.CyclicLR(optimizer, max_lr=lr0, **args)
        steps = epochs + 1  # t = 0..T
    momentum, lr = [], []
    for t in range(steps):
        momentum.append(group["betas"][0] if "betas" in group else group["momentum"])
        lr.append(group["lr"])
        p.grad = torch.ones_like(p)
        optimizer.step()
        if t < steps - 1:
            scheduler.step()
    return {"schedule": schedule, "lr0": lr0, "epochs": epochs, "params": params, "optimizer": cls,
            "kwargs": kwargs, "momentum": momentum, "lr": lr}


def main() -> None:
    cases = {name: record(*rest) for name, *rest in CASES}
    doc = {
        "torch": torch.__version__,
        "protocol": "optimizer on one float64 parameter, the scheduler with cycle_momentum=True (its default); "
                    "momentum[t] (SGD's momentum or Adam's betas[0]) and lr[t] read from param_groups[0] before "
                    "the t-th scheduler.step(), which follows optimizer.step(). OneCycleLR(max_lr=lr0, "
                    "total_steps=epochs): t = 0..epochs-1; CyclicLR(max_lr=lr0, ...): t = 0..epochs.",
        "cases": cases,
    }
    path = Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_momentum.json"
    path.write_text(json.dumps(doc, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
