"""PyTorch code that reproduces a schedule exactly, for pasting into a real training script.

Where a `torch.optim.lr_scheduler` class computes the same rates, the snippet uses it; where
PyTorch has no class (inverse-sqrt, Noam, WSD) or its class refuses the setting (a warmup that
starts at exactly 0: LinearLR needs start_factor > 0), it uses `LambdaLR` with the formula written
out. Numbers are written with `repr`, so they read back as the same floats. The snippet never
imports lrgame: it stands alone.

Knobs arrive in epochs, as the panel shows them. With S steps per epoch the scheduler counts
batches, so every epoch-counted knob is multiplied by S (`lrgame.engine.steps.in_steps`), exactly as the
simulator's own curve is.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping

from lrgame.engine import schedules
from lrgame.engine.params import Value
from lrgame.engine.steps import in_steps

Args = dict[str, Value]
Builder = Callable[[float, int, Args], str]
WIDTH = 100  # the longest line the snippet writes


def _plain(value: Value) -> object:
    return list(value) if isinstance(value, tuple) else value


def _args(**kwargs: object) -> list[str]:
    return ["optimizer", *(f"{k}={_plain(v)!r}" for k, v in kwargs.items())]  # type: ignore[arg-type]


def _call(target: str, cls: str, **kwargs: object) -> str:
    """`target = cls(optimizer, k=v, …)` on one line, or one argument a line when that is too long."""
    args = _args(**kwargs)
    line = f"{target} = {cls}({', '.join(args)})"
    if len(line) <= WIDTH:
        return line
    return f"{target} = {cls}(\n" + "".join(f"    {a},\n" for a in args) + ")"


def _class(cls: str, *names: str) -> Builder:
    """A scheduler class whose keyword arguments are the engine's parameters of the same names."""
    return lambda lr0, total, p: _call("scheduler", cls, **{n: p[n] for n in names})


def _lambda(*branches: str) -> str:
    """LambdaLR over a factor function of the step: PyTorch multiplies the optimizer's lr (lr0) by it."""
    body = "".join(textwrap.indent(b, "    ") + "\n" for b in branches if b)
    return (
        "\n\ndef lr_factor(step):\n"
        '    """The rate at `step` as a fraction of lr0 (LambdaLR multiplies lr0 by it)."""\n'
        f"{body}\n\nscheduler = LambdaLR(optimizer, lr_factor)"
    )


def _floor(value: str, name: str) -> str:
    """The line naming the floor a formula ends on, when there is one."""
    return "" if value == "0.0" else f"floor = {value}  # {name}"


def _above(floor: str, shape: str) -> str:
    """A shape running 0 → 1 lifted so that it runs floor → 1 (no lift when the floor is 0)."""
    if floor == "0.0":
        return shape
    return f"floor + (1 - floor) * {f'({shape})' if shape.startswith('1 -') else shape}"


def _held(floor: str) -> str:
    return "0.0" if floor == "0.0" else "floor"


_HALF_COSINE = "0.5 * (1 + math.cos(math.pi * progress))"  # 1 → 0 as progress runs 0 → 1


def _constant(lr0: float, total: int, p: Args) -> str:
    if p["factor"] == 1.0 or p["total_iters"] == 0:
        return (
            "# A constant rate needs no scheduler; this one changes nothing and only keeps\n"
            "# the loop below the same as for any other schedule.\n"
            "scheduler = LambdaLR(optimizer, lambda step: 1.0)"
        )
    return _call("scheduler", "ConstantLR", factor=p["factor"], total_iters=p["total_iters"])


def _one_cycle(lr0: float, total: int, p: Args) -> str:
    names = ("pct_start", "anneal_strategy", "div_factor", "final_div_factor", "three_phase")
    return _call(
        "scheduler", "OneCycleLR", max_lr=lr0, total_steps=total, **{n: p[n] for n in names}, cycle_momentum=False
    )


def _cyclic(lr0: float, total: int, p: Args) -> str:
    names = ("step_size_up", "step_size_down", "mode", "gamma")
    return _call("scheduler", "CyclicLR", base_lr=p["base_lr"], max_lr=lr0, **{n: p[n] for n in names},
                 cycle_momentum=False)


def _warmup_cosine(lr0: float, total: int, p: Args) -> str:
    w, d = int(p["warmup_epochs"]), int(p["decay_epochs"])  # type: ignore[arg-type]
    sf, eta_min = float(p["start_factor"]), float(p["eta_min"])  # type: ignore[arg-type]
    length = d or total - w
    if not d and (w == 0 or sf > 0):  # PyTorch's own classes can say it
        cosine = _call("scheduler" if w == 0 else "cosine", "CosineAnnealingLR", T_max=length, eta_min=eta_min)
        if w == 0:
            return cosine
        warmup = _call("warmup", "LinearLR", start_factor=sf, end_factor=1.0, total_iters=w)
        return f"{warmup}\n{cosine}\nscheduler = SequentialLR(optimizer, schedulers=[warmup, cosine], milestones=[{w}])"
    floor = "0.0" if eta_min == 0 else f"{eta_min!r} / {lr0!r}"
    why = "LinearLR refuses start_factor=0" if sf == 0 else "the cosine ends early"
    ramp = "step" if sf == 0 else f"{sf!r} + {1.0 - sf!r} * step"
    return _lambda(
        _floor(floor, "eta_min / lr0"),
        f"if step < {w}:  # linear warmup ({why}, so the formula is written out)\n    return {ramp} / {w}"
        if w else "",
        f"if step >= {w + d}:  # the cosine has ended: hold eta_min\n    return {_held(floor)}" if d else "",
        f"progress = (step - {w}) / {length}  # cosine from lr0 down to eta_min over {length} steps\n"
        f"return {_above(floor, _HALF_COSINE)}",
    )


def _inverse_sqrt(lr0: float, total: int, p: Args) -> str:
    w = int(p["warmup_epochs"])  # type: ignore[arg-type]
    if w == 0:
        decay = "return math.sqrt(10000 / (step + 10000))  # no warmup: transformers' timescale of 10000"
    else:
        decay = f"return math.sqrt({w} / step)  # 1 at the end of the warmup, then like 1/√step"
    return _lambda(f"if step < {w}:  # linear warmup from 0\n    return step / {w}" if w else "", decay)


def _noam(lr0: float, total: int, p: Args) -> str:
    w = int(p["warmup_epochs"])  # type: ignore[arg-type]
    return _lambda(
        f"# Attention Is All You Need, scaled to peak at lr0 at step {w - 1}: a linear rise, then 1/√n\n"
        f"n = step + 1\nreturn min(n / {w}, math.sqrt({w} / n))"
    )


_RISE = {"linear": "progress", "cosine": "0.5 * (1 - math.cos(math.pi * progress))",
         "1-sqrt": "1 - math.sqrt(1 - progress)"}
_FALL = {"linear": "1 - progress", "cosine": _HALF_COSINE, "1-sqrt": "1 - math.sqrt(progress)"}


def _wsd(lr0: float, total: int, p: Args) -> str:
    w, d, ratio = int(p["warmup_epochs"]), int(p["decay_epochs"]), p["min_lr_ratio"]  # type: ignore[arg-type]
    floor, stable_end = repr(ratio), total - d
    return _lambda(
        _floor(floor, "min_lr_ratio"),
        f"if step < {w}:  # warmup ({p['warmup_type']})\n    progress = step / {w}\n"
        f"    return {_above(floor, _RISE[str(p['warmup_type'])])}" if w else "",
        f"if step < {stable_end}:  # stable\n    return 1.0" if stable_end > w else "",
        f"if step < {total}:  # decay ({p['decay_type']})\n    progress = (step - {stable_end}) / {d}\n"
        f"    return {_above(floor, _FALL[str(p['decay_type'])])}" if d else "",
        f"return {_held(floor)}  # after the run",
    )


_BUILDERS: dict[str, Builder] = {
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

_LR_NOTES = {  # where the scheduler, not the optimizer, sets the first rate
    "one_cycle": ["# OneCycleLR replaces this lr at once with max_lr / div_factor."],
    "cyclic": ["# CyclicLR replaces this lr at once with base_lr."],
}

_LOOP = """\
# Training loop:
# for epoch in range({epochs}):
#     for inputs, targets in loader:{batches}
#         optimizer.zero_grad()
#         loss_fn(model(inputs), targets).backward()
#         optimizer.step()
{step}"""

_PER_EPOCH = "#     scheduler.step()  # once per epoch, after the optimizer steps: {total} steps in all"
_PER_BATCH = "#         scheduler.step()  # once per batch, after optimizer.step(): {total} steps in all"


def _header(label: str, lr0: float, epochs: int, resolved: Args, scaled: Args, per: int) -> list[str]:
    """Comment lines naming the schedule, every parameter, and the steps when they are batches."""
    args = ", ".join([f"lr0={lr0!r}", f"epochs={epochs}", *(f"{k}={_plain(v)!r}" for k, v in resolved.items())])
    lines = [f"{label} learning-rate schedule, generated by lrgame.", *textwrap.wrap(args, WIDTH - 2)]
    unit = "epoch"
    if per > 1:
        unit = "step"
        changed = ", ".join(f"{k}={_plain(v)!r}" for k, v in scaled.items() if v != resolved[k])
        counted = f"; counted in batches: {changed}" if changed else ""
        text = f"{per} batches per epoch: the scheduler counts batches, {epochs * per} in all{counted}."
        lines += textwrap.wrap(text, WIDTH - 2)
    lines.append(f"After t calls of scheduler.step(), the rate is lrgame's rate at {unit} t.")
    return [f"# {line}" for line in lines]


def _imports(code: str) -> list[str]:
    """`math` if the formulas use it, torch, and every scheduler class the code calls."""
    classes = sorted(set(re.findall(r"\b(\w+)\(\s*optimizer\b", code)))
    head = ["import math", ""] if "math." in code else []
    return [*head, "import torch", f"from torch.optim.lr_scheduler import {', '.join(classes)}"]


def pytorch_code(schedule: str, lr0: float, epochs: int, params: Mapping[str, object], steps_per_epoch: int = 1) -> str:
    """A runnable snippet whose scheduler gives rate curve[t] before its t-th `scheduler.step()`.

    `params` are in epochs, as the panel shows them; with steps_per_epoch = S the scheduler counts
    batches, so epoch-counted parameters become S times larger and the run T·S steps long, as in
    the simulator.
    """
    resolved = schedules.resolve(schedule, lr0, epochs, params)
    scaled = in_steps(schedule, resolved, steps_per_epoch)
    total = epochs * steps_per_epoch
    scheduler = _BUILDERS[schedule](lr0, total, scaled)
    loop = _LOOP.format(
        epochs=epochs,
        batches=f"  # {steps_per_epoch} batches per epoch" if steps_per_epoch > 1 else "",
        step=(_PER_BATCH if steps_per_epoch > 1 else _PER_EPOCH).format(total=total),
    )
    return "\n".join([
        *_header(schedules.get(schedule).label, lr0, epochs, resolved, scaled, steps_per_epoch),
        *_imports(scheduler),
        "",
        "model = torch.nn.Linear(2, 1)  # your model here",
        *_LR_NOTES.get(schedule, []),
        f"optimizer = torch.optim.SGD(model.parameters(), lr={lr0!r})",
        scheduler,
        "",
        loop,
        "",
    ])


def plateau_code(lr0: float, params: Mapping[str, object]) -> str:
    """ReduceLROnPlateau with the same settings: it listens to a validation loss each epoch."""
    from lrgame.engine.plateau import ReduceOnPlateau

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
        f"scheduler = ReduceLROnPlateau({', '.join(_args(**kwargs))})",
        "",
        "# for epoch in range(epochs):",
        "#     train_one_epoch(model, optimizer)",
        "#     scheduler.step(validation_loss(model))  # once per epoch, given the loss to watch",
        "",
    ])
