"""Record torch.optim minimising the five 2-D surfaces (tests/data/torch_landscape.json).

Run where torch is installed (the test extra pins it):

    python scripts/record_landscape.py

Each case is a `python main.py path --surface NAME` command line with `--noise 0`. Its path is run
by lrgame's command line first, only to read the run it resolves (start, knobs, η₀, T, optimizer,
the rate of every step: the engine's curve). Then torch takes the same run: one float64 parameter
p = [x, y] at the start, the optimizer the flags name (torch.optim.SGD, Adam or AdamW with the same
hyperparameters, foreach=False, lr=η₀), the surface written below in torch and differentiated by
autograd, a LambdaLR of the engine's curve (rate of step t divided by η₀), and per step:
zero_grad, loss, backward, `optimizer.step()`, `scheduler.step()`. No case lets the schedule drive
the momentum (a LambdaLR cannot), so the optimizer keeps its own.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the lrgame of this checkout

from lrgame import cli  # noqa: E402
from lrgame.sim import surfaces  # noqa: E402  (the fixed numbers of the basins and the river)

# name, the path command's flags besides --noise 0
CASES: list[tuple[str, list[str]]] = [
    ("ravine_cosine_sgd", ["--surface", "ravine", "--schedule", "cosine"]),
    ("ravine_constant_momentum_steep", ["--surface", "ravine", "--surface-param", "kappa=100", "--surface-param",
                                        "angle=-20", "--schedule", "constant", "--lr0", "0.03", "--momentum", "0.9"]),
    ("ravine_warmup_cosine_nesterov_decay", ["--surface", "ravine", "--schedule", "warmup_cosine", "--momentum",
                                             "0.9", "--nesterov", "--weight-decay", "0.01", "--lr0", "0.1"]),
    ("ravine_step_adam", ["--surface", "ravine", "--schedule", "step", "--optimizer", "adam", "--lr0", "0.3"]),
    ("rosenbrock_step_sgd", ["--surface", "rosenbrock", "--schedule", "step"]),
    ("rosenbrock_cosine_momentum", ["--surface", "rosenbrock", "--schedule", "cosine", "--momentum", "0.9"]),
    ("rosenbrock_cosine_adam", ["--surface", "rosenbrock", "--schedule", "cosine", "--optimizer", "adam", "--lr0",
                                "0.02", "--epochs", "1000"]),
    ("rosenbrock_linear_adamw_knobs", ["--surface", "rosenbrock", "--surface-param", "a=1.5", "--surface-param",
                                       "b=20", "--schedule", "linear", "--optimizer", "adamw", "--lr0", "0.05",
                                       "--weight-decay", "0.01", "--epochs", "800"]),
    ("basins_cosine_sgd", ["--surface", "basins", "--schedule", "cosine", "--epochs", "400"]),
    ("basins_restarts_dampening", ["--surface", "basins", "--schedule", "cosine_restarts", "--momentum", "0.5",
                                   "--dampening", "0.2", "--lr0", "0.2", "--epochs", "300"]),
    ("basins_exponential_adam_start", ["--surface", "basins", "--schedule", "exponential", "--optimizer", "adam",
                                       "--lr0", "0.1", "--epochs", "200", "--x0", "3.5,-3"]),
    ("river_wsd_sgd", ["--surface", "river", "--schedule", "wsd"]),
    ("river_cosine_nesterov_batches", ["--surface", "river", "--schedule", "cosine", "--momentum", "0.8",
                                       "--nesterov", "--lr0", "0.02", "--epochs", "150", "--steps-per-epoch", "2"]),
    ("river_cosine_adamw_steep", ["--surface", "river", "--surface-param", "steep=60", "--surface-param",
                                  "slope=0.5", "--schedule", "cosine", "--optimizer", "adamw", "--lr0", "0.05"]),
    ("saddle_step_sgd", ["--surface", "saddle", "--schedule", "step", "--x0", "0.01,2"]),
    ("saddle_constant_momentum", ["--surface", "saddle", "--surface-param", "c=3", "--schedule", "constant",
                                  "--lr0", "0.05", "--momentum", "0.9"]),
    ("saddle_inverse_sqrt_adam", ["--surface", "saddle", "--schedule", "inverse_sqrt", "--optimizer", "adam",
                                  "--lr0", "0.05", "--epochs", "300", "--x0", "-0.2,-1.5"]),
]


def loss(name: str, k: dict[str, float], p: torch.Tensor) -> torch.Tensor:
    """Each surface as docs/landscape.md writes it (the constants f₀ and ¼ left out: they move no step)."""
    x, y = p[0], p[1]
    if name == "ravine":
        c, s = math.cos(math.radians(k["angle"])), math.sin(math.radians(k["angle"]))
        u, v = c * x + s * y, c * y - s * x
        return 0.5 * (u**2 + k["kappa"] * v**2)
    if name == "rosenbrock":
        return (k["a"] - x) ** 2 + k["b"] * (y - x**2) ** 2
    if name == "basins":
        f = surfaces._BOWL * (x**2 + y**2) / 2
        for (cx, cy), depth, width in ((surfaces._WIDE_AT, surfaces._WIDE_DEPTH, surfaces._WIDE_WIDTH),
                                       (surfaces._NARROW_AT, k["depth"], k["width"])):
            f = f - depth * torch.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * width**2))
        return f
    if name == "river":
        bed = surfaces._BED_AMPLITUDE * torch.sin(surfaces._BED_FREQUENCY * x)
        return k["slope"] * (torch.sqrt(1 + (x - surfaces._LAKE_X) ** 2) - 1) + 0.5 * k["steep"] * (y - bed) ** 2
    return x**4 / 4 - x**2 / 2 + k["c"] * y**2 / 2


def record(flags: list[str]) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["path", "--noise", "0", *flags]) == 0
    run = json.loads(out.getvalue())
    assert run["diverged_at"] is None, flags
    hp = dict(run["optimizer"])
    cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[hp.pop("name")]
    if "beta1" in hp:
        hp["betas"] = (hp.pop("beta1"), hp.pop("beta2"))
    p = torch.tensor(run["start"], dtype=torch.float64, requires_grad=True)
    optimizer = cls([p], lr=run["lr0"], foreach=False, **hp)
    rates, lr0 = run["lr"], run["lr0"]
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda t: rates[t] / lr0 if t < len(rates) else 1.0)
    path = [p.detach().tolist()]
    for _ in rates:
        optimizer.zero_grad()
        loss(run["surface"], run["surface_params"], p).backward()
        optimizer.step()
        scheduler.step()
        path.append(p.detach().tolist())
    return {"flags": ["--noise", "0", *flags], "path": path}


def main() -> None:
    cases = {name: record(flags) for name, flags in CASES}
    doc = {
        "torch": torch.__version__,
        "protocol": "p = the run's start as a float64 tensor [x, y]; torch.optim.<the --optimizer> with the path "
                    "command's hyperparameters (foreach=False) and lr=lr0; LambdaLR(lambda t: engine_curve[t] / lr0); "
                    "per step: zero_grad, loss = the surface in torch, backward, optimizer.step(), "
                    "scheduler.step(). path: p_0 .. p_(T*S).",
        "cases": cases,
    }
    target = Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_landscape.json"
    target.write_text(json.dumps(doc, allow_nan=False) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} paths to {target}")


if __name__ == "__main__":
    main()
