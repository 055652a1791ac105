"""Record torch.optim's SGD, Adam and AdamW paths into tests/data/optimizers_golden.json.

Run where torch is installed (the test extra pins it):

    python scripts/record_optimizers.py

Each case is one optimizer (torch.optim.SGD or Adam/AdamW, foreach=False, i.e. the
`_single_tensor_*` update that CPU tensors take anyway) on one float64 parameter of three entries
starting at X0, for STEPS steps. Step t (t = 0 … STEPS−1):

1. the rate lr[t] (and, for the one-cycle cases, the momentum or β₁ momentum[t]) is in
   `param_groups[0]`, put there by the script or by OneCycleLR(cycle_momentum=True);
2. the gradient is set: "noise" takes row t of the seeded sequence stored in the file, "quadratic"
   computes H·(p − C) elementwise from the current parameter (so the path feeds back on itself);
3. `optimizer.step()`; params[t] is the parameter after it; then `scheduler.step()` if there is one.

The file stores torch's defaults for the hyperparameters lrgame models and, per case, lr (one number
if constant), momentum (one-cycle cases only), params and the final optimizer state;
tests/test_optimizers.py replays every case through lrgame.sim.optimizers.
"""

from __future__ import annotations

import inspect
import json
import math
from pathlib import Path

import torch

STEPS = 200
X0 = [2.0, -1.5, 0.75]
H = [0.5, 3.0, 12.0]  # the quadratic's curvatures
C = [1.0, -0.5, 0.25]  # and its minimum
SEED = 16


def noise() -> torch.Tensor:
    return torch.randn(STEPS, len(X0), generator=torch.Generator().manual_seed(SEED), dtype=torch.float64)


def cosine_restarts(lr_max: float) -> list[float]:
    """A rate that changes every step: cosine from lr_max to lr_max/20 over 60-step cycles, plus a wobble."""
    return [lr_max * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * (t % 60) / 60))) * (1 + 0.1 * math.sin(t))
            for t in range(STEPS)]


# name, torch class, keyword arguments, gradient, rate: a number, a list (changing) or "one_cycle"
CASES: list[tuple[str, str, dict, str, float | str]] = [
    ("sgd_plain_quadratic", "SGD", {}, "quadratic", "changing"),
    ("sgd_plain_noise", "SGD", {}, "noise", 0.05),
    ("sgd_momentum_quadratic", "SGD", {"momentum": 0.9}, "quadratic", 0.05),
    ("sgd_momentum_noise", "SGD", {"momentum": 0.9}, "noise", "changing"),
    ("sgd_dampening_quadratic", "SGD", {"momentum": 0.9, "dampening": 0.5}, "quadratic", "changing"),
    ("sgd_dampening_noise", "SGD", {"momentum": 0.5, "dampening": 0.3}, "noise", 0.05),
    ("sgd_nesterov_quadratic", "SGD", {"momentum": 0.9, "nesterov": True}, "quadratic", 0.05),
    ("sgd_nesterov_noise", "SGD", {"momentum": 0.8, "nesterov": True}, "noise", "changing"),
    ("sgd_weight_decay_noise", "SGD", {"weight_decay": 0.1}, "noise", 0.05),
    ("sgd_weight_decay_quadratic", "SGD", {"weight_decay": 0.5}, "quadratic", "changing"),
    ("sgd_momentum_weight_decay_quadratic", "SGD", {"momentum": 0.9, "dampening": 0.1, "weight_decay": 0.2},
     "quadratic", "changing"),
    ("sgd_nesterov_weight_decay_noise", "SGD", {"momentum": 0.9, "nesterov": True, "weight_decay": 0.05},
     "noise", 0.02),
    ("sgd_one_cycle_quadratic", "SGD", {"momentum": 0.9}, "quadratic", "one_cycle"),
    ("adam_quadratic", "Adam", {}, "quadratic", 0.05),
    ("adam_noise", "Adam", {}, "noise", "changing"),
    ("adam_betas_eps_quadratic", "Adam", {"betas": (0.3, 0.9), "eps": 1e-3}, "quadratic", "changing"),
    ("adam_weight_decay_quadratic", "Adam", {"weight_decay": 0.1}, "quadratic", "changing"),
    ("adam_weight_decay_noise", "Adam", {"weight_decay": 0.3, "betas": (0.8, 0.99)}, "noise", 0.01),
    ("adam_one_cycle_quadratic", "Adam", {}, "quadratic", "one_cycle"),
    ("adamw_quadratic", "AdamW", {}, "quadratic", "changing"),
    ("adamw_noise", "AdamW", {"weight_decay": 0.1}, "noise", 0.05),
    ("adamw_one_cycle_noise", "AdamW", {"weight_decay": 0.05, "betas": (0.9, 0.98)}, "noise", "one_cycle"),
]

# The constructor arguments lrgame.sim.optimizers models; the file keeps torch's defaults for them.
MODELLED = {"lr", "momentum", "dampening", "weight_decay", "nesterov", "betas", "eps", "decoupled_weight_decay"}
ONE_CYCLE = {"max_lr": 0.1, "total_steps": STEPS}  # cycle_momentum on: momentum (or β₁) 0.95 → 0.85 → 0.95


def record(cls: str, kwargs: dict, gradient: str, rate: float | str, noise_rows: torch.Tensor) -> dict:
    p = torch.tensor(X0, dtype=torch.float64, requires_grad=True)
    h = torch.tensor(H, dtype=torch.float64)
    c = torch.tensor(C, dtype=torch.float64)
    rates = cosine_restarts(0.05 if cls == "SGD" else 0.1) if rate == "changing" else None
    optimizer = getattr(torch.optim, cls)([p], lr=rate if isinstance(rate, float) else 0.05, foreach=False, **kwargs)
    group = optimizer.param_groups[0]
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, **ONE_CYCLE) if rate == "one_cycle" else None
    lr, momentum, params = [], [], []
    for t in range(STEPS):
        if rates is not None:
            group["lr"] = rates[t]
        lr.append(group["lr"])
        momentum.append(group["betas"][0] if "betas" in group else group["momentum"])
        with torch.no_grad():
            p.grad = noise_rows[t].clone() if gradient == "noise" else h * (p - c)
        optimizer.step()
        params.append(p.detach().tolist())
        if scheduler is not None and t < STEPS - 1:
            scheduler.step()
    state = {key: (value.item() if value.dim() == 0 else value.tolist()) for key, value in optimizer.state[p].items()}
    case = {"optimizer": cls, "kwargs": kwargs, "gradient": gradient,
            "lr": lr[0] if isinstance(rate, float) else lr, "params": params, "state": state}
    if scheduler is not None:
        case["momentum"] = momentum
    return case


def main() -> None:
    noise_rows = noise()
    cases = {name: record(cls, kwargs, gradient, rate, noise_rows) for name, cls, kwargs, gradient, rate in CASES}
    defaults = {cls: {name: p.default for name, p in inspect.signature(getattr(torch.optim, cls)).parameters.items()
                      if name in MODELLED} for cls in ("SGD", "Adam", "AdamW")}
    doc = {
        "torch": torch.__version__,
        "protocol": (f"{STEPS} steps from x0 on a float64 parameter, foreach=False; at step t, lr[t] (and momentum[t], "
                     "SGD's momentum or Adam's beta1, where given) is in param_groups[0], then the gradient is set "
                     "(noise: row t of 'noise'; quadratic: h*(p - c) from the current p), then optimizer.step(); "
                     "params[t] is p after it. One-cycle cases: OneCycleLR(optimizer, max_lr=0.1, "
                     f"total_steps={STEPS}) with cycle_momentum, stepped after each optimizer step. state: "
                     "optimizer.state[p] at the end. kwargs: the constructor's, besides lr."),
        "defaults": defaults, "x0": X0, "h": H, "c": C, "seed": SEED, "noise": noise_rows.tolist(), "cases": cases,
    }
    path = Path(__file__).resolve().parents[1] / "tests" / "data" / "optimizers_golden.json"
    path.write_text(json.dumps(doc, separators=(",", ":"), allow_nan=False) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases of {STEPS} steps ({path.stat().st_size // 1024} KB) to {path}")


if __name__ == "__main__":
    main()
