"""The panel's optimizer page: which rows it has and what they show. No widgets here: the panel
builds them from these descriptions, as it builds a schedule's knobs from the registry's specs.

The page shares the knobs' place in the panel (two tabs switch between them), so the panel keeps its
height: at most KNOB_SLOTS rows. While one-cycle or cyclic drives the momentum (SGD's, or Adam's β₁),
its row gives way to the range the schedule moves it in, `base_momentum` to `max_momentum`: the
control shows who is in charge.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from lrgame.sim.optimizer_choice import HYPERS, KEYS, PICKS, family, pick_of, values
from lrgame.sim.optimizers import SGD
from lrgame.sim.settings import Settings, drives_momentum
from lrgame.ui.scale import Scale

TABS = (("page.knobs", "Knobs", 0.18), ("page.optimizer", "Optimizer", 0.56))  # key, first text, share of the width
SLIDERS = {"momentum": Scale(0.0, 0.999), "dampening": Scale(0.0, 1.0), "beta1": Scale(0.0, 0.999)}
"""Hyperparameters with a slider; the others (β₂, ε, λ) matter in decades and are typed."""


class RowSpec(NamedTuple):
    """One row of the page: a dropdown, a number (slider and box, or a box), a pair of boxes, or a
    note (words across the panel, shown from the panel's values under `key`)."""

    key: str
    label: str
    kind: Literal["choice", "number", "pair", "note"]
    scale: Scale | None = None
    options: tuple[tuple[str, object], ...] = ()
    second: str = ""  # a pair's second key
    between: str = "to"  # the word between a pair's boxes: "to" for a range, "," for a point (x, y)


def _momentum_key(settings: Settings) -> str:
    return "momentum" if isinstance(settings.optimizer, SGD) else "beta1"


def optimizer_rows(settings: Settings) -> list[RowSpec]:
    """The page's rows for these settings, top to bottom."""
    rows = [RowSpec("optimizer", "optimizer", "choice", options=tuple((label, pick) for pick, label in PICKS.items()))]
    driven = drives_momentum(settings)
    for name in KEYS[family(settings.optimizer)]:
        label = HYPERS[name].label
        if name == _momentum_key(settings) and driven:
            symbol = "β" if name == "momentum" else "β₁"
            rows.append(RowSpec("param.base_momentum", f"{symbol} (schedule)", "pair", second="param.max_momentum"))
        else:
            rows.append(RowSpec(f"opt.{name}", label, "number", SLIDERS.get(name)))
    return rows


def page_key(settings: Settings) -> tuple:
    """What decides the page's rows: rebuild them when it changes."""
    return family(settings.optimizer), drives_momentum(settings)


def optimizer_values(settings: Settings) -> dict[str, object]:
    """What each of the page's rows shows now, and the tab's text."""
    hp = settings.optimizer
    out: dict[str, object] = {"optimizer": pick_of(hp), "page.optimizer": f"Optimizer: {PICKS[pick_of(hp)]}"}
    out |= {f"opt.{name}": value for name, value in values(hp).items()}
    return out
