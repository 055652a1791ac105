"""Writing PyTorch code text: the pieces the families' builders share.

Where a `torch.optim.lr_scheduler` class computes the same rates, a builder calls it; where PyTorch
has no class, or its class refuses the setting, a builder writes the formula out for `LambdaLR`.
Numbers are written with `repr`, so they read back as the same floats.
"""

from __future__ import annotations

import textwrap

from lrgame.engine.params import Value
from lrgame.engine.schedules.family import Builder

WIDTH = 100  # the longest line the snippet writes
HALF_COSINE = "0.5 * (1 + math.cos(math.pi * progress))"  # 1 → 0 as progress runs 0 → 1


def plain(value: Value) -> object:
    return list(value) if isinstance(value, tuple) else value


def arguments(**kwargs: object) -> list[str]:
    return ["optimizer", *(f"{k}={plain(v)!r}" for k, v in kwargs.items())]  # type: ignore[arg-type]


def call(target: str, cls: str, **kwargs: object) -> str:
    """`target = cls(optimizer, k=v, …)` on one line, or one argument a line when that is too long."""
    args = arguments(**kwargs)
    line = f"{target} = {cls}({', '.join(args)})"
    if len(line) <= WIDTH:
        return line
    return f"{target} = {cls}(\n" + "".join(f"    {a},\n" for a in args) + ")"


def scheduler_class(cls: str, *names: str) -> Builder:
    """A scheduler class whose keyword arguments are the engine's parameters of the same names."""
    return lambda lr0, total, p: call("scheduler", cls, **{n: p[n] for n in names})


def lambda_lr(*branches: str) -> str:
    """LambdaLR over a factor function of the step: PyTorch multiplies the optimizer's lr (lr0) by it."""
    body = "".join(textwrap.indent(b, "    ") + "\n" for b in branches if b)
    return (
        "\n\ndef lr_factor(step):\n"
        '    """The rate at `step` as a fraction of lr0 (LambdaLR multiplies lr0 by it)."""\n'
        f"{body}\n\nscheduler = LambdaLR(optimizer, lr_factor)"
    )


def floor_line(value: str, name: str) -> str:
    """The line naming the floor a formula ends on, when there is one."""
    return "" if value == "0.0" else f"floor = {value}  # {name}"


def above(floor: str, shape: str) -> str:
    """A shape running 0 → 1 lifted so that it runs floor → 1 (no lift when the floor is 0)."""
    if floor == "0.0":
        return shape
    return f"floor + (1 - floor) * {f'({shape})' if shape.startswith('1 -') else shape}"


def held(floor: str) -> str:
    return "0.0" if floor == "0.0" else "floor"
