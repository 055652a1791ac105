"""The panel's network page: the network's own η₀, its batch size and when its scheduler steps.
No widgets here: the panel builds them from these descriptions, as it builds the optimizer's page
(`optimizer_rows`), in the knobs' place under the tab *Net*. The optimizer is the optimizer page's:
one choice serves the ball and the network."""

from __future__ import annotations

from lrgame.sim.network_choice import TRAIN_SIZE
from lrgame.sim.settings import Settings
from lrgame.ui.optimizer_rows import RowSpec
from lrgame.ui.scale import Scale

TAB = ("page.network", "Net", 0.13)  # key, first text, share of the tab row
NET_LR0_SLIDER = (1e-4, 10.0)  # as the valley's η₀ slider
ROWS = [
    RowSpec("net_lr0", "η₀ (network)", "number", Scale(*NET_LR0_SLIDER, log=True)),
    RowSpec("batch_size", f"batch ({TRAIN_SIZE}: full)", "number", Scale(1, TRAIN_SIZE, log=True, integer=True)),
    RowSpec("scheduler_step", "scheduler steps", "choice", options=(("per epoch", "epoch"), ("per batch", "batch"))),
]


def network_values(settings: Settings) -> dict[str, object]:
    """What each of the page's rows shows now."""
    return {"net_lr0": settings.net_lr0, "batch_size": settings.batch_size, "scheduler_step": settings.scheduler_step}
