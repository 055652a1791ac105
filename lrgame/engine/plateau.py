"""Reduce on plateau: the one common schedule that listens to the loss, so it cannot be drawn in advance.

The rules and numbers are PyTorch's `torch.optim.lr_scheduler.ReduceLROnPlateau`, as a small
controller: give `step` each epoch's metric, it answers with the rate for the next epoch. Per step:

1. The metric is *better* than the best so far if, with the best b and threshold θ,
   mode min: rel  m < b·(1 − θ)    abs  m < b − θ
   mode max: rel  m > b·(θ + 1)    abs  m > b + θ
   (b starts at +inf for min, −inf for max, so the first finite metric is always better). Better:
   b = m and the count of bad epochs goes to 0; otherwise the count goes up by one. A NaN metric is
   never better: it counts as a bad epoch, as in PyTorch.
2. In cooldown (counter > 0): the counter goes down by one and the bad epochs are forgotten.
3. More bad epochs than `patience`: new = max(lr·factor, min_lr), taken only if lr − new > eps;
   then the cooldown counter is set to `cooldown` and the bad epochs go back to 0.

>>> plateau = ReduceOnPlateau(0.1, patience=1, factor=0.5)
>>> [plateau.step(loss) for loss in [1.0, 1.0, 1.0, 0.5, 0.5, 0.5]]
[0.1, 0.1, 0.05, 0.05, 0.05, 0.025]
"""

from __future__ import annotations

import math

from lrgame.engine.numbers import check_lr0
from lrgame.engine.params import MAX_EPOCHS, ConfigError, ParamSpec, RunContext

PLATEAU_PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec("mode", "mode", "choice", "min",
              "min: the watched number should fall (a loss); max: it should rise (an accuracy).",
              choices=("min", "max")),
    ParamSpec("factor", "factor", "real", 0.1, "Each cut multiplies the rate by this (PyTorch needs it below 1).",
              lo=0.0, hi=0.99, lo_open=True),
    ParamSpec("patience", "patience", "int", 10, "Epochs without improvement allowed; one more and the rate is cut.",
              lo=0, hi=1000, unit="epochs"),
    ParamSpec("threshold", "threshold", "real", 1e-4,
              "How much better counts as better: a share of the best (rel) or an amount (abs).", lo=0.0, hi=0.5),
    ParamSpec("threshold_mode", "threshold mode", "choice", "rel", "rel: a share of the best; abs: an amount.",
              choices=("rel", "abs")),
    ParamSpec("cooldown", "cooldown", "int", 0, "Epochs after a cut during which bad epochs are not counted.",
              lo=0, hi=1000, unit="epochs"),
    ParamSpec("min_lr", "min_lr (floor)", "real", 0.0, "The rate is never cut below this.", lo=0.0, bound="lr0"),
    ParamSpec("eps", "eps", "real", 1e-8, "A cut that would change the rate by no more than this is skipped.",
              lo=0.0, hi=1.0),
)


class ReduceOnPlateau:
    """Feed `step(metric)` once per epoch; `rates[t]` is the rate of epoch t (rates[0] = lr0).

    Parameters are PyTorch's, checked against `PLATEAU_PARAMS` (ConfigError names the bad one,
    its value and the allowed range); the ones left out take PyTorch's defaults.
    """

    def __init__(self, lr0: float, **params: object) -> None:
        ctx = RunContext(check_lr0(lr0), MAX_EPOCHS)
        specs = {p.name: p for p in PLATEAU_PARAMS}
        for key in params:
            if key not in specs:
                raise ConfigError(f"reduce_on_plateau has no parameter {key!r}: its parameters are {', '.join(specs)}")
        values = {name: spec.check(params.get(name, spec.default_for(ctx)), ctx) for name, spec in specs.items()}
        self.mode: str = values["mode"]  # type: ignore[assignment]
        self.factor: float = values["factor"]  # type: ignore[assignment]
        self.patience: int = values["patience"]  # type: ignore[assignment]
        self.threshold: float = values["threshold"]  # type: ignore[assignment]
        self.threshold_mode: str = values["threshold_mode"]  # type: ignore[assignment]
        self.cooldown: int = values["cooldown"]  # type: ignore[assignment]
        self.min_lr: float = values["min_lr"]  # type: ignore[assignment]
        self.eps: float = values["eps"]  # type: ignore[assignment]
        self.lr = ctx.lr0
        self.rates: list[float] = [self.lr]
        self.cuts: list[int] = []  # the epochs after which the rate was cut
        self.best = math.inf if self.mode == "min" else -math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0

    def is_better(self, metric: float) -> bool:
        """PyTorch's test, the same arithmetic in the same order."""
        if self.mode == "min" and self.threshold_mode == "rel":
            return metric < self.best * (1.0 - self.threshold)
        if self.mode == "min":
            return metric < self.best - self.threshold
        if self.threshold_mode == "rel":
            return metric > self.best * (self.threshold + 1.0)
        return metric > self.best + self.threshold

    def step(self, metric: float) -> float:
        """Take one epoch's metric; return the rate for the next epoch."""
        if isinstance(metric, bool):
            raise ConfigError(f"metric={metric!r} is not a number")
        try:
            current = float(metric)
        except (TypeError, ValueError):
            raise ConfigError(f"metric={metric!r} is not a number") from None
        if self.is_better(current):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            new = max(self.lr * self.factor, self.min_lr)
            if self.lr - new > self.eps:
                self.lr = new
                self.cuts.append(len(self.rates) - 1)
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self.rates.append(self.lr)
        return self.lr
