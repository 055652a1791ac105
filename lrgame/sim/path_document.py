"""The ball's path as numbers (`python main.py path`): what the window shows, step by step, so a
script can check a lesson (the README's numbers, a test) without a window."""

from __future__ import annotations

from lrgame.sim.optimizer_choice import to_json
from lrgame.sim.settings import Settings
from lrgame.sim.simulation import build_run

X0_RANGE = (-100.0, 100.0)
"""Where a path may start: well inside the distance at which the ball counts as flown out (200)."""


def path_document(settings: Settings, start: float | None = None) -> dict[str, object]:
    """x_0 … x_T·S, the loss there and the rate of each step (entry T·S: the rate held after the run),
    the floor x*, the run's η₀, T and optimizer; with S > 1 steps per epoch, each step's epoch; while
    the schedule drives the momentum, each step's momentum (or β₁); where the ball flew out, if it did."""
    run = build_run(settings, start)
    path, steps, per = run.trajectory, settings.epochs * settings.steps_per_epoch, settings.steps_per_epoch
    doc: dict[str, object] = {
        "x": path.xs(steps).tolist(), "loss": path.losses(steps).tolist(), "lr": path.rates(steps).tolist(),
        "floor": run.valley.floor_x, "lr0": settings.lr0, "epochs": settings.epochs, "steps_per_epoch": per,
        "optimizer": to_json(settings.optimizer), "diverged_at": path.diverged_at,
    }
    if per > 1:
        doc["epoch"] = [t // per for t in range(steps + 1)]
    if run.momenta is not None:
        doc["momentum"] = run.momenta.tolist()
    return doc
