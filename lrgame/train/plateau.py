"""Reduce-on-plateau: the one common schedule that listens to the loss, so it cannot be drawn in
advance. Same rules and numbers as PyTorch's `ReduceLROnPlateau`, as a small controller: give it
each epoch's loss, it answers with the rate for the next epoch."""

from __future__ import annotations

import math

from lrgame.params import ConfigError, ParamSpec, RunContext

PLATEAU_PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec("mode", "mode", "choice", "min", "min: the loss should fall; max: an accuracy should rise.",
              choices=("min", "max")),
    ParamSpec("factor", "factor", "real", 0.1, "Each cut multiplies the rate by this.", lo=0.0, hi=1.0, lo_open=True),
    ParamSpec("patience", "patience", "int", 10, "Epochs without improvement before a cut.", lo=0, hi=10_000),
    ParamSpec("threshold", "threshold", "real", 1e-4, "How much better counts as better.", lo=0.0, hi=1.0),
    ParamSpec("threshold_mode", "threshold mode", "choice", "rel", "rel: a share of the best; abs: an amount.",
              choices=("rel", "abs")),
    ParamSpec("cooldown", "cooldown", "int", 0, "Epochs to wait after a cut before counting again.", lo=0, hi=10_000),
    ParamSpec("min_lr", "min_lr", "real", 0.0, "The rate never goes below this.", lo=0.0, bound="lr0"),
    ParamSpec("eps", "eps", "real", 1e-8, "A cut smaller than this is skipped.", lo=0.0, hi=1.0),
)


class ReduceOnPlateau:
    """Feed `step(metric)` once per epoch; `rates` holds the rate of every epoch so far."""

    def __init__(self, lr0: float, epochs: int = 1, **params: object) -> None:
        ctx = RunContext(lr0, epochs)
        known = {p.name: p for p in PLATEAU_PARAMS}
        for key in params:
            if key not in known:
                raise ConfigError(f"reduce_on_plateau has no parameter {key!r}: its parameters are {', '.join(known)}")
        values = {p.name: p.check(params.get(p.name, p.default_for(ctx)), ctx) for p in PLATEAU_PARAMS}
        self.mode, self.factor, self.patience = values["mode"], values["factor"], values["patience"]
        self.threshold, self.threshold_mode = values["threshold"], values["threshold_mode"]
        self.cooldown, self.min_lr, self.eps = values["cooldown"], values["min_lr"], values["eps"]
        self.lr = float(lr0)
        self.rates = [self.lr]
        self.best = math.inf if self.mode == "min" else -math.inf
        self.bad_epochs = 0
        self.cooldown_left = 0

    def _better(self, a: float) -> bool:
        if self.mode == "min":
            return a < (self.best * (1.0 - self.threshold) if self.threshold_mode == "rel" else self.best - self.threshold)
        return a > (self.best * (self.threshold + 1.0) if self.threshold_mode == "rel" else self.best + self.threshold)

    def step(self, metric: float) -> float:
        """Take one epoch's metric; return the rate for the next epoch."""
        metric = float(metric)
        if self._better(metric):
            self.best = metric
            self.bad_epochs = 0
        else:
            self.bad_epochs += 1
        if self.cooldown_left > 0:
            self.cooldown_left -= 1
            self.bad_epochs = 0
        if self.bad_epochs > self.patience:
            new = max(self.lr * self.factor, self.min_lr)
            if self.lr - new > self.eps:
                self.lr = new
            self.cooldown_left = self.cooldown
            self.bad_epochs = 0
        self.rates.append(self.lr)
        return self.lr
