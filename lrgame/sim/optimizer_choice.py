"""The ball's optimizer as people name it: `--optimizer sgd|adam|adamw` and its flags, a setup file,
`--dump-state`, the panel's five picks (SGD, Momentum, Nesterov, Adam, AdamW), the exported code.

The optimizer is one of `lrgame.sim.optimizers`' records (`SGD`, `Adam`, `AdamW`), which check what
torch's constructors check. Here every hyperparameter also gets the range the simulator can show
(a momentum or β of 1 or more never settles, so neither is offered), a label for the panel, and one
way in from a number or its text, so a flag, a box and a file get the same message. Omitted
hyperparameters take `torch.optim.X`'s defaults: `--optimizer sgd` alone is momentum 0.

>>> make_optimizer("sgd", momentum=0.9)
SGD(momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=False)
>>> torch_line(make_optimizer("adamw", betas=(0.9, 0.95)), 3e-4)
'optimizer = torch.optim.AdamW(model.parameters(), lr=0.0003, betas=(0.9, 0.95))'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import NamedTuple

from lrgame.engine.numbers import typed_number_in
from lrgame.engine.params import ConfigError
from lrgame.sim.optimizers import SGD, Adam, AdamW, max_stable_lr

Optimizer = SGD | Adam  # AdamW is an Adam
DEFAULT = SGD()
CLASSES: dict[str, type[SGD] | type[Adam]] = {"sgd": SGD, "adam": Adam, "adamw": AdamW}
"""--optimizer's names, for torch.optim's classes."""
PICKS = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "adam": "Adam", "adamw": "AdamW"}
"""The panel's choices: SGD's three uses (none, heavy-ball, Nesterov momentum) and the two Adams."""
PICKED_MOMENTUM = 0.9  # what Momentum and Nesterov start from when the momentum was 0


class Hyper(NamedTuple):
    """One hyperparameter as people set it: its name in flags and files, its label, its range."""

    name: str
    label: str
    lo: float
    hi: float
    help: str


HYPERS = {h.name: h for h in (
    Hyper("momentum", "momentum β", 0.0, 0.999, "How much of the last step each step keeps (0: plain SGD)."),
    Hyper("dampening", "dampening", 0.0, 1.0, "How much of each new gradient the velocity leaves out."),
    Hyper("beta1", "β₁ (momentum)", 0.0, 0.999, "How slowly Adam's average gradient m forgets."),
    Hyper("beta2", "β₂", 0.0, 0.999999, "How slowly Adam's average squared gradient v forgets."),
    Hyper("eps", "ε", 0.0, 1.0, "Added to √v so a tiny gradient cannot make a huge step."),
    Hyper("weight_decay", "weight decay λ", 0.0, 100.0, "Pulls the weights towards 0, like λ more curvature."),
)}
SCREEN_NAMES = {name: h.label.split(" (")[0] for name, h in HYPERS.items()}
"""The panel's names for them, for messages (`engine.wording.worded`'s `names`)."""
KEYS = {SGD: ("momentum", "dampening", "weight_decay"), Adam: ("beta1", "beta2", "eps", "weight_decay")}
"""The numbers each family shows, in the panel's order (SGD's nesterov is its pick)."""


def name_of(hp: Optimizer) -> str:
    """`--optimizer`'s name: sgd, adam or adamw."""
    return "adamw" if isinstance(hp, AdamW) else "adam" if isinstance(hp, Adam) else "sgd"


def family(hp: Optimizer) -> type[SGD] | type[Adam]:
    return SGD if isinstance(hp, SGD) else Adam


def pick_of(hp: Optimizer) -> str:
    """Which of the panel's five this is."""
    if isinstance(hp, SGD):
        return "nesterov" if hp.nesterov else "momentum" if hp.momentum > 0 else "sgd"
    return name_of(hp)


def values(hp: Optimizer) -> dict[str, float | bool]:
    """The hyperparameters by the names flags and files use (β₁ and β₂ apart)."""
    if isinstance(hp, SGD):
        return {"momentum": hp.momentum, "dampening": hp.dampening, "weight_decay": hp.weight_decay,
                "nesterov": hp.nesterov}
    return {"beta1": hp.betas[0], "beta2": hp.betas[1], "eps": hp.eps, "weight_decay": hp.weight_decay}


def momentum_of(hp: Optimizer) -> float:
    """SGD's momentum or Adam's β₁: what one-cycle and cyclic drive."""
    return hp.momentum if isinstance(hp, SGD) else hp.betas[0]


def has_momentum(hp: Optimizer) -> bool:
    """Is there a momentum for a schedule to drive? Plain SGD has none (PyTorch would switch it on;
    lrgame leaves plain SGD plain, and its export says cycle_momentum=False)."""
    return not isinstance(hp, SGD) or hp.momentum > 0


def is_plain(hp: Optimizer) -> bool:
    """Plain gradient descent: x ← x − η·g, the ball's fastest path."""
    return isinstance(hp, SGD) and hp.momentum == 0 and hp.weight_decay == 0


def _number(key: str, value: object) -> float:
    h = HYPERS[key]
    return typed_number_in(key, value, h.lo, h.hi)


def make_optimizer(name: object = "sgd", **given: object) -> Optimizer:
    """A checked optimizer record from its name and any of its hyperparameters (numbers or their
    text; `betas` as a pair, or `beta1`/`beta2`; `nesterov` a bool); the rest take torch's defaults.
    ConfigError names the first bad one, its value and what is allowed."""
    if not isinstance(name, str) or name not in CLASSES:
        raise ConfigError(f"optimizer={name!r} is not allowed: give one of {', '.join(CLASSES)}")
    cls = CLASSES[name]
    if "betas" in given:
        betas = given.pop("betas")
        pair = betas.split(",") if isinstance(betas, str) else betas
        if isinstance(pair, bytes) or not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ConfigError(f"betas={betas!r} is not allowed: give two numbers B1,B2, e.g. 0.9,0.999")
        given = {"beta1": pair[0], "beta2": pair[1], **given}
    allowed = (*KEYS[family(cls())], *(("nesterov",) if cls is SGD else ()))
    kwargs: dict[str, object] = {}
    for key, value in given.items():
        if key not in allowed:
            raise ConfigError(f"{key} is not a setting of {name}: its settings are {', '.join(allowed)}")
        if key == "nesterov":
            if not isinstance(value, bool):
                raise ConfigError(f"nesterov={value!r} is not allowed: give true or false")
            kwargs[key] = value
        else:
            kwargs[key] = _number(key, value)
    if cls is not SGD:
        default = {f.name: f.default for f in fields(cls)}["betas"]
        b1, b2 = kwargs.pop("beta1", default[0]), kwargs.pop("beta2", default[1])
        kwargs["betas"] = (float(b1), float(b2))  # type: ignore[arg-type]
    return cls(**kwargs)  # type: ignore[arg-type]


def checked(hp: object) -> Optimizer:
    """A record made elsewhere, checked against the simulator's ranges as well as torch's rules."""
    if not isinstance(hp, (SGD, Adam)):
        raise ConfigError(f"optimizer={hp!r} is not allowed: give one of {', '.join(CLASSES)}")
    return make_optimizer(name_of(hp), **values(hp))


def with_value(hp: Optimizer, key: str, value: object) -> Optimizer:
    """`hp` with one hyperparameter set from a number or its text (a panel box or slider)."""
    return make_optimizer(name_of(hp), **{**values(hp), key: value})


def picked(hp: Optimizer, pick: object) -> Optimizer:
    """The panel's choice: within SGD the other settings stay (Momentum and Nesterov start at 0.9 if
    there was none; Nesterov needs dampening 0), and between families the new one's defaults
    apply, except that Adam and AdamW keep each other's β and ε."""
    if pick not in PICKS:
        raise ConfigError(f"optimizer={pick!r} is not allowed: give one of {', '.join(PICKS)}")
    if pick in ("sgd", "momentum", "nesterov"):
        was = hp if isinstance(hp, SGD) else DEFAULT
        momentum = 0.0 if pick == "sgd" else was.momentum or PICKED_MOMENTUM
        dampening = 0.0 if pick == "nesterov" else was.dampening
        return SGD(momentum, dampening, was.weight_decay, pick == "nesterov")
    if isinstance(hp, Adam):
        return make_optimizer(str(pick), betas=hp.betas, eps=hp.eps)
    return make_optimizer(str(pick))


def describe(hp: Optimizer) -> str:
    """A few words for a legend or a heading: "SGD", "Momentum 0.9", "Adam", "AdamW λ=0.01"."""
    pick = PICKS[pick_of(hp)]
    if isinstance(hp, SGD):
        return pick if hp.momentum == 0 else f"{pick} {hp.momentum:g}"
    return pick


def to_json(hp: Optimizer) -> dict[str, object]:
    """The optimizer for a setup file and --dump-state: its name, then every hyperparameter."""
    return {"name": name_of(hp), **values(hp)}


def from_json(data: object) -> Optimizer:
    """The optimizer a setup file gives: an object with a name and numbers (not text) for the rest."""
    if not isinstance(data, Mapping):
        raise ConfigError(f"optimizer={data!r} is not allowed: give an object with a name, e.g. "
                          '{"name": "sgd", "momentum": 0.9}')
    given = dict(data)
    name = given.pop("name", "sgd")
    for key, value in given.items():
        if key != "nesterov" and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise ConfigError(f"optimizer.{key}={value!r} is not allowed: give a number")
    try:
        return make_optimizer(name, **given)
    except ConfigError as error:
        raise ConfigError(f"optimizer: {error}") from None


def run_limit(hp: Optimizer, sharpness: float, momenta: Sequence[float] | None) -> tuple[float, float] | None:
    """The stability limit that holds over a whole run, and the momentum at which it is lowest: the
    optimizer's own momentum, or the worst of those a schedule drives it through (the limit is
    monotonic in β, so one end of the range). None for Adam."""
    if not isinstance(hp, SGD):
        return None
    ends = (hp.momentum,) if momenta is None or len(momenta) == 0 else (float(min(momenta)), float(max(momenta)))
    return min((max_stable_lr(hp, sharpness, beta), beta) for beta in ends)


def swings(hp: SGD, product: float, momentum: float) -> bool:
    """Does the ball overshoot the floor (its path there oscillates) at η·(f″+λ) = `product`?

    Plain SGD overshoots above 1. Heavy-ball momentum's eigenvalues turn complex once
    c = (1 − d)·η·(f″+λ) > (1 − √β)², Nesterov's once η·(f″+λ) > ((1 − β)/(1 + β))²
    (beyond 1 they are real and negative, which swings too)."""
    if momentum == 0:
        return product > 1.0
    if hp.nesterov:
        return product > ((1 - momentum) / (1 + momentum)) ** 2
    return (1 - hp.dampening) * product > (1 - math.sqrt(momentum)) ** 2


def torch_line(hp: Optimizer, lr0: float) -> str:
    """`optimizer = torch.optim.X(model.parameters(), lr=…, …)`, naming what differs from torch's defaults."""
    cls = CLASSES[name_of(hp)]
    default = cls()
    args = [f"lr={lr0!r}"]
    for f in fields(hp):
        if f.name == "decoupled_weight_decay":
            continue  # the class says it
        value = getattr(hp, f.name)
        if value != getattr(default, f.name):
            args.append(f"{f.name}={value!r}")
    return f"optimizer = torch.optim.{cls.__name__}(model.parameters(), {', '.join(args)})"
