"""Record PyTorch's ReduceLROnPlateau rates for fixed metric sequences into tests/data/plateau_golden.json.

Run where torch is installed (the test extra pins it):

    python scripts/record_plateau.py

Each case is (lr0, keyword arguments, sequence name). For each metric the script calls
`optimizer.step()` then `scheduler.step(metric)` and reads the group's rate, so `lr[t]` is the rate
of epoch t: lr[0] = lr0, lr[t+1] the rate after the t-th metric. A NaN metric is written as null
(JSON has no NaN). tests/test_train_plateau.py feeds the same metrics to lrgame's controller.
"""

from __future__ import annotations

import inspect
import json
import math
from pathlib import Path

import torch

SEQUENCES: dict[str, list[float]] = {
    "falling": [1.0 / (1 + t) for t in range(40)],
    "plateaus": [1.0] * 15 + [0.5] * 15 + [0.49995] * 15 + [0.2] * 10,
    "noisy": [1.0 + 0.3 * math.sin(1.7 * t) - 0.01 * t for t in range(80)],
    "rising": [0.1 * t for t in range(40)],
    "accuracy": [min(0.97, 0.4 + 0.03 * t) + 0.005 * math.cos(2.3 * t) for t in range(60)],
    "negative": [-1.0 - 0.05 * t if t < 15 else -1.7 + 0.0001 * math.sin(t) for t in range(40)],
    "with_nan": [1.0, 0.9, math.nan, 0.8, math.nan, math.nan, math.nan, 0.85, 0.7, math.nan, math.nan, 0.6,
                 0.6, 0.6, 0.6],
}

CASES: list[tuple[float, dict, str]] = [
    (0.1, {}, "plateaus"),
    (0.1, {"patience": 3}, "plateaus"),
    (0.1, {"patience": 2, "factor": 0.5}, "noisy"),
    (0.1, {"patience": 2, "cooldown": 4}, "rising"),
    (0.1, {"patience": 1, "min_lr": 0.02, "factor": 0.3}, "rising"),
    (0.1, {"patience": 2, "threshold": 0.1, "threshold_mode": "abs"}, "noisy"),
    (0.1, {"patience": 3, "threshold": 0.05}, "falling"),
    (0.1, {"mode": "max", "patience": 2}, "falling"),
    (0.1, {"mode": "max", "patience": 2, "threshold_mode": "abs", "threshold": 0.01}, "noisy"),
    (0.1, {"mode": "max", "patience": 3, "factor": 0.5}, "accuracy"),
    (0.1, {"patience": 0, "factor": 0.5, "eps": 0.03}, "rising"),
    (0.1, {"patience": 0, "factor": 0.99, "eps": 1e-3}, "rising"),
    (1.0, {"patience": 1, "factor": 0.5, "cooldown": 2, "min_lr": 0.1, "threshold_mode": "abs",
           "threshold": 0.02}, "noisy"),
    (0.5, {"patience": 2, "threshold": 0.01}, "negative"),
    (0.1, {"patience": 1, "factor": 0.5}, "with_nan"),
    (0.1, {"mode": "max", "patience": 1, "factor": 0.5}, "with_nan"),
    (0.1, {"patience": 2, "min_lr": 0.1}, "rising"),
    (3.0, {"patience": 4, "factor": 0.2, "cooldown": 1, "eps": 0.0}, "plateaus"),
]


def record(lr0: float, params: dict, metrics: list[float]) -> list[float]:
    optimizer = torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=lr0)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, **params)
    rates = [optimizer.param_groups[0]["lr"]]
    for metric in metrics:
        optimizer.step()
        scheduler.step(metric)
        rates.append(optimizer.param_groups[0]["lr"])
    return rates


def _json_number(x: float) -> float | None:
    return None if math.isnan(x) else x


def main() -> None:
    cases = [
        {"sequence": name, "lr0": lr0, "params": params,
         "metrics": [_json_number(m) for m in SEQUENCES[name]], "lr": record(lr0, params, SEQUENCES[name])}
        for lr0, params, name in CASES
    ]
    signature = inspect.signature(torch.optim.lr_scheduler.ReduceLROnPlateau)
    defaults = {name: p.default for name, p in signature.parameters.items() if name != "optimizer"}
    doc = {"torch": torch.__version__, "note": "metrics: null means NaN; lr[t] is the rate of epoch t",
           "defaults": defaults, "cases": cases}
    path = Path(__file__).resolve().parents[1] / "tests" / "data" / "plateau_golden.json"
    path.write_text(json.dumps(doc, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    cut = sum(case["lr"][-1] < case["lr0"] for case in cases)
    print(f"wrote {len(cases)} cases ({cut} with a cut) to {path}")


if __name__ == "__main__":
    main()
