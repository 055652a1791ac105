"""What the readout and the LR chart say about the optimizer when it is not plain SGD.

Plain SGD keeps the readout it always had (`readout.readout_lines`). Under momentum, Nesterov or
weight decay the rate η·(f″+λ) at the floor is measured against the limit that holds for them
(2(1+β)/(1−d) for heavy-ball momentum, 2(1+β)/(1+2β) for Nesterov, `lrgame.sim.optimizers`), and the
readout shows the velocity the ball carries. Adam has no fixed limit of η·f″ (its step is about η
whatever the slope): the readout says so and shows its moments and the step it takes.
"""

from __future__ import annotations

from lrgame.engine import schedules
from lrgame.engine.numfmt import full, sig4
from lrgame.sim.optimizer_choice import is_plain, run_limit, swings
from lrgame.sim.optimizers import SGD
from lrgame.sim.simulation import Simulation
from lrgame.view.chart import Reference

PLAIN_LIMIT = "stability limit 2/f″: above this line the ball flies out"


def _momentum_now(sim: Simulation, t: int) -> float:
    return sim.trajectory.momentum(min(t, sim.steps))


def _rate_line(sim: Simulation, t: int, rate: float, beta_name: str) -> str:
    """The rate, and the momentum beside it while the schedule drives it."""
    if sim.momenta is None:
        return f"rate η(t) = {sig4(rate)}"
    return f"η(t) = {sig4(rate)}, {beta_name}(t) = {sig4(_momentum_now(sim, t))}"


def optimizer_lines(sim: Simulation, t: int, rate: float) -> list[tuple[str, str]] | None:
    """The readout's last four rows (after position, loss and slope) for the optimizer at step t < T,
    or None for plain SGD, whose rows the readout writes itself."""
    hp = sim.settings.optimizer
    if is_plain(hp):
        return None
    state = sim.trajectory.state(t)
    if not isinstance(hp, SGD):
        traj = sim.trajectory
        step = traj.x(t + 1) - traj.x(t)  # t < T: the readout says the run is over at t = T (`end_lines`)
        return [
            (_rate_line(sim, t, rate, "β₁"), "text"),
            (f"moments m = {sig4(state['m'])}, v = {sig4(state['v'])}", "text"),
            (f"Adam's step = {sig4(step)}", "text"),
            ("Adam: no fixed limit of η·f″ applies", "ok"),
        ]
    beta = _momentum_now(sim, t)
    curvature = sim.settings.sharpness + hp.weight_decay
    product = rate * curvature
    limit = run_limit(hp, sim.settings.sharpness, [beta])[0] * curvature
    named = "η·f″" if hp.weight_decay == 0 else "η·(f″+λ)"
    if product >= limit:
        words, role = "flies out: above its limit", "danger"
    elif swings(hp, product, beta):
        words, role = "swinging past the floor" if beta else "bouncing: overshoots, then less", "marker_text"
    elif product >= 0.05:
        words, role = "settling: lands on the near side", "ok"
    else:
        words, role = "crawling: tiny steps", "text_dim"
    middle = f"velocity b = {sig4(state['velocity'])}" if "velocity" in state else (
        f"step η·(f′+λx) = {sig4(rate * (sim.trajectory.slope(t) + hp.weight_decay * sim.trajectory.x(t)))}")
    return [
        (_rate_line(sim, t, rate, "β"), "text"),
        (middle, "text"),
        (f"{named} (limit {limit:.3g}) = {sig4(product)}", "text"),
        (words, role),
    ]


def stability_reference(sim: Simulation) -> Reference | None:
    """The LR chart's line above which the ball flies out, for the optimizer and momentum in force
    (the lowest over the run when the schedule drives the momentum); none for Adam."""
    hp = sim.settings.optimizer
    if is_plain(hp):
        return Reference(2.0 / sim.settings.sharpness, PLAIN_LIMIT, "limit")
    held = run_limit(hp, sim.settings.sharpness, sim.momenta)
    if held is None:
        return None
    rate, beta = held
    kind = "Nesterov momentum" if hp.nesterov else "momentum"
    under = f"{kind} {beta:.3g}" if beta else ""
    if hp.weight_decay:
        under = f"{under} and weight decay" if under else "weight decay"
    return Reference(rate, f"stability limit with {under}: above this line the ball flies out", "limit")


def momentum_words(sim: Simulation, t: int) -> tuple[str, str, str, str] | None:
    """While the schedule drives the momentum, its card (title, value, hover words, short title)
    takes the place of η(t)/η₀: the momentum at step t, and on hover its range and why it moves."""
    if sim.momenta is None:
        return None
    symbol = "β" if isinstance(sim.settings.optimizer, SGD) else "β₁"
    beta = _momentum_now(sim, t)
    p = sim.settings.params
    label = schedules.entry(sim.settings.schedule).label.split(" (")[0]
    words = (f"{full(beta)}: {label} moves it between {p['base_momentum']:g} and {p['max_momentum']:g}, "
             "low while the rate is high")
    return f"momentum {symbol}({t})", sig4(beta), words, f"momentum {symbol}"
