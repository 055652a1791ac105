"""PyTorch code that reproduces a schedule exactly, for pasting into a real training script.

Where a `torch.optim.lr_scheduler` class computes the same rates, the snippet uses it; where
PyTorch has no class (inverse-sqrt, Noam, WSD) or its class refuses the setting (a warmup that
starts at exactly 0: LinearLR needs start_factor > 0), it uses `LambdaLR` with the formula written
out. Numbers are written with `repr`, so they read back as the same floats. The snippet never
imports lrgame: it stands alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from lrgame import schedules
from lrgame.params import Value
from lrgame.steps import in_steps

Args = dict[str, Value]


def _call(cls: str, **kwargs: object) -> str:
    args = ", ".join(["optimizer", *(f"{k}={v!r}" for k, v in kwargs.items())])
    return f"{cls}({args})"


def _class(cls: str, *names: str) -> Callable[[float, int, Args], str]:
    """A scheduler class whose keyword arguments are the engine's parameters of the same names."""
    return lambda lr0, total, p: f"scheduler = {_call(cls, **{n: _plain(p[n]) for n in names})}"


def _plain(value: Value) -> object:
    return list(value) if isinstance(value, tuple) else value


def _lambda(body: str) -> str:
    """LambdaLR over a factor function: PyTorch multiplies the optimizer's lr (η₀) by it."""
    return f"\n\ndef lr_factor(step):\n{body}\n\n\nscheduler = LambdaLR(optimizer, lr_factor)"


def _constant(lr0: float, total: int, p: Args) -> str:
    if p["factor"] == 1.0 or p["total_iters"] == 0:
        return _lambda("    return 1.0  # a constant rate: the scheduler changes nothing")
    return f"scheduler = {_call('ConstantLR', factor=p['factor'], total_iters=p['total_iters'])}"


def _one_cycle(lr0: float, total: int, p: Args) -> str:
    kwargs = {k: p[k] for k in ("pct_start", "anneal_strategy", "div_factor", "final_div_factor", "three_phase")}
    return f"scheduler = {_call('OneCycleLR', max_lr=lr0, total_steps=total, **kwargs, cycle_momentum=False)}"


def _cyclic(lr0: float, total: int, p: Args) -> str:
    kwargs = {k: p[k] for k in ("step_size_up", "step_size_down", "mode", "gamma")}
    return f"scheduler = {_call('CyclicLR', base_lr=p['base_lr'], max_lr=lr0, **kwargs, cycle_momentum=False)}"


def _cosine_tail(lr0: float, p: Args, start: str, length: str) -> str:
    """Lines of a lr_factor body: the half-cosine from η₀ down to eta_min, as a factor of η₀."""
    return (
        f"    progress = (step - {start}) / {length}\n"
        f"    return ({p['eta_min']!r} + ({lr0!r} - {p['eta_min']!r}) * (1 + math.cos(math.pi * progress)) / 2)"
        f" / {lr0!r}"
    )


def _warmup_cosine(lr0: float, total: int, p: Args) -> str:
    w, d = int(p["warmup_epochs"]), int(p["decay_epochs"])  # type: ignore[arg-type]
    if d:
        sf = float(p["start_factor"])  # type: ignore[arg-type]
        return _lambda(
            f"    if step < {w}:\n"
            f"        return {sf!r} + {1.0 - sf!r} * step / {max(w, 1)}\n"
            f"    if step >= {w + d}:  # the cosine ended early: hold the floor\n"
            f"        return {p['eta_min']!r} / {lr0!r}\n" + _cosine_tail(lr0, p, str(w), str(d))
        )
    cosine = _call("CosineAnnealingLR", T_max=total - w, eta_min=p["eta_min"])
    if w == 0:
        return f"scheduler = {cosine}"
    if p["start_factor"] > 0:  # type: ignore[operator]
        warm = _call("LinearLR", start_factor=p["start_factor"], end_factor=1.0, total_iters=w)
        return f"scheduler = SequentialLR(optimizer, [{warm}, {cosine}], milestones=[{w}])"
    return _lambda(
        f"    if step < {w}:  # LinearLR refuses start_factor=0, so the warmup is written out\n"
        f"        return step / {w}\n" + _cosine_tail(lr0, p, str(w), str(total - w))
    )


def _inverse_sqrt(lr0: float, total: int, p: Args) -> str:
    w = int(p["warmup_epochs"])  # type: ignore[arg-type]
    timescale = w or 10_000
    return _lambda(
        f"    if step < {w}:\n"
        f"        return step / {max(1, w)}\n"
        f"    return 1.0 / math.sqrt((step + {timescale - w}) / {timescale})"
    )


def _noam(lr0: float, total: int, p: Args) -> str:
    w = int(p["warmup_epochs"])  # type: ignore[arg-type]
    return _lambda(
        f"    # peak η₀ at step {w - 1}: √warmup · min(n^-0.5, n · warmup^-1.5) with n = step + 1\n"
        f"    n = step + 1\n"
        f"    return math.sqrt({float(w)!r}) * min(n ** -0.5, n * {float(w)!r} ** -1.5)"
    )


_SHAPES = {
    "linear": ("progress", "1.0 - progress"),
    "cosine": ("0.5 * (1.0 - math.cos(math.pi * progress))", "0.5 * (1.0 + math.cos(math.pi * 0.5 * 2.0 * progress))"),
    "1-sqrt": ("1.0 - math.sqrt(1.0 - progress)", "1.0 - math.sqrt(progress)"),
}


def _wsd(lr0: float, total: int, p: Args) -> str:
    w, d, floor = int(p["warmup_epochs"]), int(p["decay_epochs"]), p["min_lr_ratio"]  # type: ignore[arg-type]
    up, down = _SHAPES[str(p["warmup_type"])][0], _SHAPES[str(p["decay_type"])][1]
    return _lambda(
        f"    if step < {w}:  # warmup\n"
        f"        progress = step / {max(1, w)}\n"
        f"        return max(0.0, ({up}) * (1.0 - {floor!r}) + {floor!r})\n"
        f"    if step < {total - d}:  # stable\n"
        f"        return 1.0\n"
        f"    if step < {total}:  # cooldown\n"
        f"        progress = (step - {total - d}) / {max(1, d)}\n"
        f"        return max(0.0, ({down}) * (1.0 - {floor!r}) + {floor!r})\n"
        f"    return {floor!r}"
    )


_BUILDERS: dict[str, Callable[[float, int, Args], str]] = {
    "constant": _constant,
    "step": _class("StepLR", "step_size", "gamma"),
    "multistep": _class("MultiStepLR", "milestones", "gamma"),
    "exponential": _class("ExponentialLR", "gamma"),
    "cosine": _class("CosineAnnealingLR", "T_max", "eta_min"),
    "warmup_cosine": _warmup_cosine,
    "cosine_restarts": _class("CosineAnnealingWarmRestarts", "T_0", "T_mult", "eta_min"),
    "one_cycle": _one_cycle,
    "cyclic": _cyclic,
    "linear": _class("LinearLR", "start_factor", "end_factor", "total_iters"),
    "polynomial": _class("PolynomialLR", "total_iters", "power"),
    "inverse_sqrt": _inverse_sqrt,
    "noam": _noam,
    "wsd": _wsd,
}

_LOOP_PER_EPOCH = """\
# for epoch in range({epochs}):
#     for inputs, targets in loader:
#         optimizer.zero_grad()
#         loss_fn(model(inputs), targets).backward()
#         optimizer.step()
#     scheduler.step()  # once per epoch: the rate for the next epoch"""

_LOOP_PER_BATCH = """\
# for epoch in range({epochs}):
#     for inputs, targets in loader:  # {per} batches per epoch
#         optimizer.zero_grad()
#         loss_fn(model(inputs), targets).backward()
#         optimizer.step()
#         scheduler.step()  # once per batch: {total} steps in all"""


def pytorch_code(schedule: str, lr0: float, epochs: int, params: Mapping[str, object], steps_per_epoch: int = 1) -> str:
    """A runnable snippet whose scheduler gives rate curve[t] before its t-th `scheduler.step()`.

    `params` are in epochs, as the panel shows them; with steps_per_epoch = S the scheduler counts
    batches, so epoch-counted parameters become S times larger, as in the simulator.
    """
    total = epochs * steps_per_epoch
    resolved = schedules.resolve(schedule, lr0, epochs, params)
    scaled = in_steps(schedule, resolved, steps_per_epoch)
    described = ", ".join(f"{k}={_plain(v)!r}" for k, v in resolved.items())
    loop = _LOOP_PER_EPOCH if steps_per_epoch == 1 else _LOOP_PER_BATCH
    return "\n".join([
        f"# {schedules.get(schedule).label}: lr0={lr0!r}, epochs={epochs}, {described}".rstrip(", "),
        f"# steps per epoch: {steps_per_epoch} ({total} scheduler steps). Generated by lrgame.",
        "import math",
        "",
        "import torch",
        "from torch.optim.lr_scheduler import *  # noqa: F403",
        "",
        "model = torch.nn.Linear(2, 1)  # your model here",
        f"optimizer = torch.optim.SGD(model.parameters(), lr={lr0!r})",
        _BUILDERS[schedule](lr0, total, scaled),
        "",
        loop.format(epochs=epochs, per=steps_per_epoch, total=total),
        "",
    ])


def plateau_code(lr0: float, params: Mapping[str, object]) -> str:
    """ReduceLROnPlateau with the same settings: it listens to a validation loss each epoch."""
    from lrgame.train.plateau import ReduceOnPlateau

    plateau = ReduceOnPlateau(lr0, **params)
    names = ("mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps")
    kwargs = {n: getattr(plateau, n) for n in names}
    return "\n".join([
        f"# Reduce on plateau: lr0={lr0!r}, " + ", ".join(f"{k}={v!r}" for k, v in kwargs.items()),
        "# The rate follows the loss, so no curve exists in advance. Generated by lrgame.",
        "import torch",
        "from torch.optim.lr_scheduler import ReduceLROnPlateau",
        "",
        "model = torch.nn.Linear(2, 1)  # your model here",
        f"optimizer = torch.optim.SGD(model.parameters(), lr={lr0!r})",
        f"scheduler = {_call('ReduceLROnPlateau', **kwargs)}",
        "",
        "# for epoch in range(epochs):",
        "#     train_one_epoch(model, optimizer)",
        "#     scheduler.step(validation_loss(model))  # once per epoch, given the loss to watch",
        "",
    ])
