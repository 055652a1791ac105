"""The panel's 2-D page: which rows it has and what they show. No widgets here: the panel builds them
from these descriptions, as it builds the optimizer's page (`optimizer_rows`).

The page shares the knobs' place (a third tab). Its first row picks the surface, or none: picking one
opens the landscape view with the surface's start, η₀, T and noise, picking none goes back to the
valley. Under it, the surface's knobs, each named on a line of its own above its slider (the
surfaces' names for them are longer than a row's label), and the start (x, y) of the path.
"""

from __future__ import annotations

from lrgame.sim.landscape_path import START_KEYS, LandscapeRun
from lrgame.sim.surfaces import KNOB_KEY, SURFACES, get_surface
from lrgame.ui.optimizer_rows import RowSpec
from lrgame.ui.scale import Scale

NONE = "none: the 1-D valley"
KNOB_PREFIX = KNOB_KEY  # a knob's row key: surface.<knob name>
LABEL = ".label"  # a knob's name row: surface.<knob name>.label
TAB = ("page.surface", "2-D", 0.13)  # key, first text, share of the tab row


def surface_rows(choice: LandscapeRun | None) -> list[RowSpec]:
    """The page's rows for the landscape shown (None: the valley), top to bottom."""
    rows = [RowSpec("surface", "", "choice", options=((NONE, ""), *((s.title, s.name) for s in SURFACES.values())))]
    if choice is None:
        return rows
    for knob in get_surface(choice.surface).knobs:
        scale = Scale(knob.low, knob.high, log=knob.log and knob.low > 0)
        rows += [RowSpec(KNOB_PREFIX + knob.name + LABEL, knob.screen_name, "note"),
                 RowSpec(KNOB_PREFIX + knob.name, "", "number", scale)]
    rows.append(RowSpec(START_KEYS[0], "start (x, y)", "pair", second=START_KEYS[1], between=","))
    return rows


def surface_page_key(choice: LandscapeRun | None) -> tuple:
    """What decides the page's rows: rebuild them when it changes."""
    return ("surface", None if choice is None else choice.surface)


def surface_values(choice: LandscapeRun | None) -> dict[str, object]:
    """What each of the page's rows shows now, and the tab's text: "2-D" whether the landscape is
    on or not (a tab a quarter of a row wide has no room for more: "2-D: on" gave way to a bare
    "on"); when it is on, the map shows it and its heading names the surface."""
    if choice is None:
        return {"surface": "", "page.surface": TAB[1]}
    out: dict[str, object] = {"surface": choice.surface, "page.surface": TAB[1],
                              START_KEYS[0]: choice.start[0], START_KEYS[1]: choice.start[1]}
    out |= {KNOB_PREFIX + name: value for name, value in choice.surface_params.items()}
    out |= {KNOB_PREFIX + knob.name + LABEL: knob.screen_name for knob in get_surface(choice.surface).knobs}
    return out
