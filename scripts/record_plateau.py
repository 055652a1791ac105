"""Record PyTorch's ReduceLROnPlateau answers for fixed loss sequences into tests/data/.

Run where torch is installed (the test extra pins it): python scripts/record_plateau.py
"""

import json
import math
from pathlib import Path

import torch

SEQUENCES = {
    "falling": [1.0 / (1 + t) for t in range(40)],
    "plateaus": [1.0] * 15 + [0.5] * 15 + [0.49995] * 15 + [0.2] * 10,
    "noisy": [1.0 + 0.3 * math.sin(1.7 * t) - 0.01 * t for t in range(80)],
    "rising": [0.1 * t for t in range(40)],
}
CASES = [
    ({}, "plateaus"), ({"patience": 3}, "plateaus"), ({"patience": 2, "factor": 0.5}, "noisy"),
    ({"patience": 2, "cooldown": 4}, "rising"), ({"patience": 1, "min_lr": 0.02, "factor": 0.3}, "rising"),
    ({"patience": 2, "threshold": 0.1, "threshold_mode": "abs"}, "noisy"),
    ({"patience": 3, "threshold": 0.05}, "falling"), ({"mode": "max", "patience": 2}, "falling"),
    ({"mode": "max", "patience": 2, "threshold_mode": "abs", "threshold": 0.01}, "noisy"),
    ({"patience": 0, "factor": 0.9999, "eps": 1e-3}, "rising"),
]


def record(params: dict, losses: list[float], lr0: float = 0.1) -> list[float]:
    optimizer = torch.optim.SGD(torch.nn.Linear(1, 1).parameters(), lr=lr0)
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, **params)
    rates = [optimizer.param_groups[0]["lr"]]
    for loss in losses:
        optimizer.step()
        scheduler.step(loss)
        rates.append(optimizer.param_groups[0]["lr"])
    return rates


if __name__ == "__main__":
    out = [{"params": p, "sequence": name, "losses": SEQUENCES[name], "lr0": 0.1, "lr": record(p, SEQUENCES[name])}
           for p, name in CASES]
    path = Path(__file__).resolve().parents[1] / "tests" / "data" / "plateau_golden.json"
    path.write_text(json.dumps({"torch": torch.__version__, "cases": out}, indent=1), encoding="utf-8")
    print(f"wrote {len(out)} cases to {path}")
