"""Record torch.optim minimising the bowl f(x) = s·x²/2 (tests/data/torch_paths.json).

Run where torch is installed (the test extra pins it):

    python scripts/record_paths.py

Each case is a `python main.py path` command line with `--noise 0` on the bowl, and the path torch takes
for it: one float64 parameter starting at x0 (the valley's start, 3, unless --x0 says otherwise), the
optimizer the flags name (torch.optim.SGD, Adam or AdamW with the same hyperparameters, foreach=False),
the loss s·x²/2 differentiated by autograd, and per step: `optimizer.step()`, then `scheduler.step()`.

The scheduler is a LambdaLR of the engine's own curve (its rate per step divided by η₀), so the test
checks the ball's optimizer steps, not the schedules (tests/test_parity.py does those). The "native"
cases use torch's OneCycleLR or CyclicLR instead, with cycle_momentum on: there torch drives the
momentum (SGD's, or Adam's β₁) itself, as lrgame's co-schedule does.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the lrgame of this checkout

from lrgame.cli import _optimizer_from, _parser, _run_from  # noqa: E402
from lrgame.sim import settings as config  # noqa: E402
from lrgame.sim.optimizer_choice import name_of  # noqa: E402

# name, the path command's flags (besides --noise 0), and "lambda" or "native"
CASES: list[tuple[str, list[str], str]] = [
    ("step_plain_sgd", ["--schedule", "step"], "lambda"),
    ("cosine_momentum", ["--schedule", "cosine", "--optimizer", "sgd", "--momentum", "0.9"], "lambda"),
    ("warmup_cosine_nesterov_decay", ["--schedule", "warmup_cosine", "--optimizer", "sgd", "--momentum", "0.9",
                                      "--nesterov", "--weight-decay", "0.001", "--sharpness", "15"], "lambda"),
    ("one_cycle_dampening_knob_off", ["--schedule", "one_cycle", "--param", "cycle_momentum=false", "--momentum",
                                      "0.8", "--dampening", "0.3", "--lr0", "0.2"], "lambda"),
    ("constant_momentum_swings", ["--schedule", "constant", "--momentum", "0.95", "--lr0", "0.02", "--epochs",
                                  "300"], "lambda"),
    ("multistep_momentum_batches", ["--schedule", "multistep", "--momentum", "0.9", "--steps-per-epoch", "3",
                                    "--x0", "-2.5"], "lambda"),
    ("exponential_adam", ["--schedule", "exponential", "--optimizer", "adam", "--lr0", "0.3"], "lambda"),
    ("linear_adamw", ["--schedule", "linear", "--optimizer", "adamw", "--weight-decay", "0.1", "--lr0", "0.5",
                      "--sharpness", "40"], "lambda"),
    ("cyclic_adam_betas_knob_off", ["--schedule", "cyclic", "--optimizer", "adam", "--betas", "0.8,0.99", "--eps",
                                    "1e-6", "--param", "cycle_momentum=false"], "lambda"),
    ("inverse_sqrt_adam_decay", ["--schedule", "inverse_sqrt", "--optimizer", "adam", "--weight-decay", "0.05",
                                 "--x0", "1.25", "--epochs", "250"], "lambda"),
    ("one_cycle_momentum_native", ["--schedule", "one_cycle", "--momentum", "0.9", "--lr0", "0.2",
                                   "--sharpness", "15"], "native"),  # under the stability limit there
    ("one_cycle_adamw_three_phase_native", ["--schedule", "one_cycle", "--optimizer", "adamw", "--param",
                                            "three_phase=true", "--lr0", "0.3", "--steps-per-epoch", "2"], "native"),
    ("cyclic_adam_native", ["--schedule", "cyclic", "--optimizer", "adam", "--param", "mode=triangular2", "--lr0",
                            "0.2"], "native"),
    ("cyclic_nesterov_native", ["--schedule", "cyclic", "--momentum", "0.9", "--nesterov", "--param",
                                "base_momentum=0.7", "--param", "step_size_up=5"], "native"),
]


def _scheduler(kind: str, optimizer: torch.optim.Optimizer, settings: config.Settings) -> object:
    if kind == "lambda":
        curve = config.run_curve(settings).tolist()
        lr0 = settings.lr0
        return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda t: curve[t] / lr0)
    p = config.params_in_steps(settings)
    total = settings.epochs * settings.steps_per_epoch
    momentum = {k: p[k] for k in ("base_momentum", "max_momentum")}
    if settings.schedule == "one_cycle":
        names = ("pct_start", "anneal_strategy", "div_factor", "final_div_factor", "three_phase")
        return torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=settings.lr0, total_steps=total,
                                                   **{n: p[n] for n in names}, **momentum)
    names = ("base_lr", "step_size_up", "step_size_down", "mode", "gamma")
    return torch.optim.lr_scheduler.CyclicLR(optimizer, max_lr=settings.lr0, **{n: p[n] for n in names}, **momentum)


def record(flags: list[str], kind: str) -> dict:
    args = _parser().parse_args(["path", "--noise", "0", *flags])
    name, ctx, params, _ = _run_from(args)
    settings = config.make_settings(name, ctx.lr0, ctx.epochs, params, args.valley, float(args.sharpness), 0.0,
                                    int(args.seed), int(args.steps_per_epoch), _optimizer_from(args))
    hp = settings.optimizer
    kwargs = {k: getattr(hp, k) for k in ("momentum", "dampening", "weight_decay", "nesterov", "betas", "eps")
              if hasattr(hp, k)}
    x0 = float(args.x0) if args.x0 is not None else 3.0
    p = torch.tensor([x0], dtype=torch.float64, requires_grad=True)
    cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[name_of(hp)]
    optimizer = cls([p], lr=settings.lr0, foreach=False, **kwargs)
    scheduler = _scheduler(kind, optimizer, settings)
    xs = [x0]
    for _ in range(settings.epochs * settings.steps_per_epoch):
        optimizer.zero_grad()
        loss = settings.sharpness * p.pow(2).sum() / 2
        loss.backward()
        optimizer.step()
        scheduler.step()
        xs.append(p.item())
    return {"flags": ["--noise", "0", *flags], "scheduler": kind, "x": xs}


def main() -> None:
    cases = {name: record(flags, kind) for name, flags, kind in CASES}
    doc = {
        "torch": torch.__version__,
        "protocol": "x0 (3 unless --x0) as a float64 parameter; torch.optim.<the --optimizer> with the path "
                    "command's hyperparameters (foreach=False) and lr=lr0; per step: zero_grad, loss = "
                    "sharpness * x**2 / 2, backward, optimizer.step(), scheduler.step(). lambda: "
                    "LambdaLR(lambda t: engine_curve[t] / lr0); native: OneCycleLR / CyclicLR with the run's "
                    "knobs and cycle_momentum=True. x: x_0 .. x_(T*S).",
        "cases": cases,
    }
    path = Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_paths.json"
    path.write_text(json.dumps(doc, allow_nan=False) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} paths to {path}")


if __name__ == "__main__":
    main()
