"""Record short mini-batch training runs of the 2-64-64-3 network with torch into
tests/data/torch_training.json.

Run where torch is installed (the test extra pins it):

    PYTHONPATH=. python scripts/record_training.py

Each case trains torch's own network (nn.Linear and nn.ReLU in float64, F.cross_entropy's mean)
from lrgame's data and initial weights, on lrgame's batches: the training set of the seed
(`lrgame.train.data.spiral`), its He initial weights (`mlp.init`, W transposed into nn.Linear's
weight), and each epoch the order `np.random.default_rng([seed, SHUFFLE_STREAM]).permutation(N)`
cut into batches of B (the last one shorter). The optimizer is torch.optim's (foreach=False); the
rate comes from a LambdaLR whose factor is lrgame's curve over η₀, stepped after every epoch or
every batch; where a schedule drives the momentum, the script writes lrgame's momentum curve into
param_groups before each step, as OneCycleLR does.

Stored per case: the training and test loss and accuracy at the weights before every epoch and
after the last (w_0 … w_T), and the output layer's final weights and biases in lrgame's layout
(W as inputs × outputs). tests/test_train_torch.py
trains the same case with `lrgame.train.run.TrainingRun` and compares.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from lrgame.engine import schedules
from lrgame.engine.steps import in_steps
from lrgame.train import mlp
from lrgame.train.data import held_out, spiral
from lrgame.train.run import SHUFFLE_STREAM, batches_per_epoch

# name, optimizer (torch class, kwargs), batch size, schedule, its knobs, η₀, T, stepped per batch
CASES = [
    ("sgd_momentum_cosine_b32", "SGD", {"momentum": 0.9}, 32, "cosine", {}, 0.1, 4, False),
    ("sgd_plain_step_b8", "SGD", {}, 8, "step", {"step_size": 1, "gamma": 0.5}, 0.3, 3, False),
    ("sgd_nesterov_wd_full", "SGD", {"momentum": 0.8, "nesterov": True, "weight_decay": 1e-3}, 300, "cosine", {},
     0.5, 5, False),
    ("adam_one_cycle_per_batch_b50", "Adam", {}, 50, "one_cycle", {"pct_start": 0.5}, 0.01, 4, True),
    ("adamw_constant_b64", "AdamW", {"weight_decay": 0.05}, 64, "constant", {}, 0.005, 3, False),
]
SEED = 3


def _net(params: list[np.ndarray]) -> torch.nn.Sequential:
    layers = [torch.nn.Linear(2, 64), torch.nn.ReLU(), torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 3)]
    net = torch.nn.Sequential(*layers).double()
    with torch.no_grad():
        for layer, W, b in zip(net[0::2], params[0::2], params[1::2], strict=True):
            layer.weight.copy_(torch.from_numpy(W.T.copy()))
            layer.bias.copy_(torch.from_numpy(b))
    return net


def _measure(net: torch.nn.Sequential, X: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    with torch.no_grad():
        scores = net(X)
        return F.cross_entropy(scores, y).item(), (scores.argmax(1) == y).double().mean().item()


def record(cls: str, kwargs: dict, batch: int, name: str, knobs: dict, lr0: float, epochs: int,
           per_batch: bool) -> dict:
    X, y = (torch.from_numpy(a) for a in spiral(seed=SEED))
    X_test, y_test = (torch.from_numpy(a) for a in held_out(seed=SEED))
    n = len(y)
    s = batches_per_epoch(batch, n) if per_batch else 1
    params = schedules.resolve(name, lr0, epochs, knobs)
    rates = schedules.curve(name, lr0=lr0, epochs=epochs * s, **in_steps(name, params, s))
    momenta = schedules.momentum_curve(name, lr0=lr0, epochs=epochs * s, **in_steps(name, params, s))
    net = _net(mlp.init(SEED))
    optimizer = getattr(torch.optim, cls)(net.parameters(), lr=lr0, foreach=False, **kwargs)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda k: float(rates[k]) / lr0)
    group = optimizer.param_groups[0]
    order = np.random.default_rng([SEED, SHUFFLE_STREAM])
    figures: dict[str, list[float]] = {"train_loss": [], "train_accuracy": [], "test_loss": [], "test_accuracy": []}

    def measure() -> None:
        for part, (xs, ys) in (("train", (X, y)), ("test", (X_test, y_test))):
            loss, accuracy = _measure(net, xs, ys)
            figures[f"{part}_loss"].append(loss)
            figures[f"{part}_accuracy"].append(accuracy)

    step = 0
    for _ in range(epochs):
        measure()
        rows = torch.from_numpy(order.permutation(n)) if batch < n else torch.arange(n)
        for first in range(0, n, batch):
            take = rows[first:first + batch]
            if momenta is not None:
                if "betas" in group:
                    group["betas"] = (float(momenta[step]), group["betas"][1])
                else:
                    group["momentum"] = float(momenta[step])
            optimizer.zero_grad()
            F.cross_entropy(net(X[take]), y[take]).backward()
            optimizer.step()
            if per_batch:
                scheduler.step()
                step += 1
        if not per_batch:
            scheduler.step()
            step += 1
    measure()
    last = net[-1]  # every earlier weight feeds it: a difference anywhere shows here
    weights = [last.weight.detach().numpy().T.tolist(), last.bias.detach().numpy().tolist()]
    return {"optimizer": cls, "kwargs": kwargs, "batch_size": batch, "schedule": name, "params": knobs,
            "lr0": lr0, "epochs": epochs, "per_batch": per_batch, **figures, "output_layer": weights}


def main() -> None:
    cases = {case[0]: record(*case[1:]) for case in CASES}
    doc = {"torch": torch.__version__, "seed": SEED,
           "protocol": "see scripts/record_training.py: lrgame's data, initial weights and batch order, torch's "
                       "network, loss and optimizer, LambdaLR with lrgame's curve", "cases": cases}
    path = Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_training.json"
    path.write_text(json.dumps(doc, separators=(",", ":"), allow_nan=False) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases ({path.stat().st_size // 1024} KB) to {path}")


if __name__ == "__main__":
    main()
