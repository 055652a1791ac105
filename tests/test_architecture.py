"""The layers of docs/architecture.md, read from the source: every import points downward, no
module sits outside the packages, no two modules import each other (directly or round a loop), and
imports inside functions are only the lazy ones listed in LAZY, each with what it saves."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from lrgame.engine import schedules
from lrgame.engine.presets import RECIPES

PACKAGE = Path(__file__).resolve().parents[1] / "lrgame"

# What each layer may import (besides itself, the standard library and numpy).
ALLOWED: dict[str, set[str]] = {
    "engine": set(),
    "sim": {"engine"},
    "train": {"engine", "sim"},
    "export": {"engine", "sim"},
    "look": {"engine", "sim"},
    "ui": {"engine", "sim", "train", "look"},
    "view": {"engine", "sim", "train", "export", "look"},
    "app": {"engine", "sim", "train", "export", "look", "ui", "view"},
    "bench": {"engine", "sim", "train", "export", "look", "ui", "view", "app"},
    "cli": {"engine", "sim", "train", "export", "app", "bench"},
    "shots": {"engine", "sim", "app"},
    "__main__": {"cli", "app"},
}
TOP_LEVEL = {"cli", "shots", "__init__", "__main__"}
NO_PYGAME = {"engine", "sim", "train", "export"}
THIRD_PARTY = {"numpy", "pygame", "pygame_gui"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        out[".".join(("lrgame", *parts))] = path
    return out


def _layer(module: str) -> str:
    return module.split(".")[1]


def _runtime_imports(tree: ast.Module) -> list[tuple[ast.AST, str, bool]]:
    """(node, imported module, inside a function?) for every import that runs, so not those under
    `if TYPE_CHECKING:`."""
    found: list[tuple[ast.AST, str, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child, in_function)
            return
        if isinstance(node, ast.Import):
            found.extend((node, alias.name, in_function) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                found.append((node, sub if sub in MODULES else node.module, in_function))
        for child in ast.iter_child_nodes(node):
            visit(child, in_function or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)))

    visit(tree, False)
    return found


MODULES = _modules()
IMPORTS = {name: _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))) for name, path in MODULES.items()}

# Imports made at first use on purpose, and the start-up time each keeps out of the first frame:
# the importing module's start (the window's first frame; `import lrgame.cli` for cli.py; the
# bench module for bench/) and then the import, `python -X importtime`, cumulative, the least of
# seven runs on the 2-core machine (what the target and its own imports cost at that point).
LAZY: dict[tuple[str, str], str] = {
    ('lrgame/__main__.py', 'lrgame.cli'): "all of start-up, ~20 ms sooner with the collector paused first",
    ('lrgame/app/files.py', 'lrgame.export.table'): "0.5 ms: the CSV, at the first export",
    ('lrgame/app/files.py', 'lrgame.sim.setups'): "4.5 ms: setup files and the race they check, at the first Ctrl+S "
                                                   "/ Ctrl+O / --save-setup",
    ('lrgame/app/files.py', 'lrgame.sim.saved_landscape'): "1.0 ms: a setup's landscape, at the first Ctrl+S / "
                                                            "--save-setup",
    ('lrgame/app/modes/code.py', 'lrgame.export.pytorch'): "0.8 ms: the PyTorch code, at the first export",
    ('lrgame/app/modes/every_schedule.py', 'lrgame.train.every_schedule'): "13.9 ms: the network and every run",
    ('lrgame/app/modes/every_schedule.py', 'lrgame.train.recipe'): "0 ms more: every_schedule imports it too",
    ('lrgame/app/modes/race.py', 'lrgame.sim.race'): "3.4 ms: the race, at the first C / Shift+C",
    ('lrgame/app/modes/range_test.py', 'lrgame.train.range_test'): "2.2 ms: the range test and the network",
    ('lrgame/app/modes/range_test.py', 'lrgame.view.range_view'): "3.3 ms: the range view's suggestion text",
    ('lrgame/app/modes/train.py', 'lrgame.train.recipe'): "2.0 ms: the network and its recipe, at the first T",
    ('lrgame/app/modes/train.py', 'lrgame.train.replay'): "with sharpness, 21 ms beside the recipe, at the first T",
    ('lrgame/app/modes/train.py', 'lrgame.train.sharpness'): "(counted with replay)",
    ('lrgame/app/modes/train.py', 'lrgame.train.run'): "0 ms beside the recipe, which imports it",
    ('lrgame/app/modes/valley.py', 'lrgame.app.editing'): "1.1 ms: the edit rules, at the first edit",
    ('lrgame/app/modes/valley.py', 'lrgame.engine.wording'): "0.7 ms: a knob's notes in plain words, at the first "
                                                           "edit",
    ('lrgame/app/modes/landscape.py', 'lrgame.app.editing'): "1.1 ms: the edit rules, when a surface is chosen",
    ('lrgame/app/modes/landscape.py', 'lrgame.sim.compared_paths'): "1.6 ms CPU: the compared paths, when the "
                                                                       "landscape first opens",
    ('lrgame/app/modes/landscape.py', 'lrgame.sim.cooldowns'): "3.0 ms CPU with engine.cooldowns: the forked "
                                                                  "cooldowns, when the landscape first opens",
    ('lrgame/app/state.py', 'lrgame.sim.compared_paths'): "0 ms beside the landscape's mode, which imports it",
    ('lrgame/app/window.py', 'lrgame.app.crashlog'): "5.5 ms: logging.handlers, for a kiosk or a soak only",
    ('lrgame/app/window.py', 'lrgame.app.kiosk'): "2.4 ms: the attract script, for a kiosk only",
    ('lrgame/app/window.py', 'lrgame.app.random_input'): "0.3 ms: for --random-input only",
    ('lrgame/app/window.py', 'lrgame.engine.wording'): "0.7 ms: a refusal in plain words, at the first one",
    ('lrgame/app/window.py', 'lrgame.app.state'): "0.4 ms with engine.cooldowns: the state document, for "
                                                 "--dump-state, --view and tests",
    ('lrgame/bench/common.py', 'lrgame.app.window'): "184 ms: pygame and the window, not for bench --what engine",
    ('lrgame/bench/run.py', 'lrgame.bench.train'): "14.0 ms: the network and its runs, for bench --what train",
    ('lrgame/bench/run.py', 'lrgame.bench.landscape'): "114 ms: pygame and the landscape's drawing, for bench "
                                                       "--what window",
    ('lrgame/bench/run.py', 'lrgame.bench.paths'): "7-27 ms after the landscape's: the app's landscape mode, for "
                                                   "bench --what window",
    ('lrgame/cli.py', 'lrgame.app.window'): "186 ms: pygame and the window, not for export or bench",
    ('lrgame/cli.py', 'lrgame.bench.run'): "11.9 ms: the benchmarks, for bench only",
    ('lrgame/cli.py', 'lrgame.export.pytorch'): "0.5 ms: for export only",
    ('lrgame/cli.py', 'lrgame.export.table'): "0.3 ms: for export only",
    ('lrgame/cli.py', 'lrgame.sim.setups'): "4.5 ms: for --setup only (setup files and the race they check)",
    ('lrgame/cli.py', 'lrgame.train.every_schedule'): "9.0 ms: for the compare command only",
    ('lrgame/cli.py', 'lrgame.train.range_test'): "1.7 ms: for the range-test command only",
    ('lrgame/cli.py', 'lrgame.train.sharpness'): "0 ms beside train.report, which imports it: for --sharpness-every",
    ('lrgame/cli.py', 'lrgame.train.range_rules'): "0 ms beside range_test, which imports it: the rules' names",
    ('lrgame/cli.py', 'lrgame.train.recipe'): "2.0 ms: the network's recipe, for compare, train and range-test",
    ('lrgame/cli.py', 'lrgame.train.report'): "0.8 ms: the table of one run, for the train command only",
    ('lrgame/cli.py', 'lrgame.engine.wording'): "0.7 ms: a refusal in plain words, for a bad command line only",
    ('lrgame/view/scene.py', 'lrgame.view.race_view'): "5.5 ms: the race's drawing, at the first C",
    ('lrgame/view/scene.py', 'lrgame.view.every_schedule_view'): "12.3 ms: every schedule's table, first Shift+T",
    ('lrgame/view/scene.py', 'lrgame.view.range_view'): "7.6 ms: the range test's drawing, at the first G",
    ('lrgame/view/scene.py', 'lrgame.view.train_view'): "5.1 ms: the training's drawing, at the first T",
    ('lrgame/view/scene.py', 'lrgame.view.landscape_view'): "10 ms: the landscape's drawing, at the first D",
    ('lrgame/view/scene.py', 'lrgame.view.explain_view'): "0.4 ms: the explanation and its formula, at the first I",
    ('lrgame/view/scene.py', 'lrgame.view.surface_explain'): "0.15 ms beside explain_view: the surface's, at the "
                                                             "first I in the landscape",
}


def test_every_module_sits_in_a_layer() -> None:
    stray = [m for m in MODULES if len(m.split(".")) == 2 and m.split(".")[1] not in TOP_LEVEL]
    stray += [m for m in MODULES if len(m.split(".")) > 2 and _layer(m) not in ALLOWED]
    assert stray == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_downward(module: str) -> None:
    layer = _layer(module) if module.count(".") else "__init__"
    allowed = ALLOWED.get(layer, set()) | {layer}
    wrong = []
    for node, target, _ in IMPORTS[module]:
        top = target.split(".")[0]
        if target.startswith("lrgame.") and _layer(target) not in allowed:
            wrong.append(f"line {node.lineno}: {target}")
        elif layer in NO_PYGAME and top in ("pygame", "pygame_gui"):
            wrong.append(f"line {node.lineno}: {target} (no pygame below look/ui/view/app)")
        elif layer == "engine" and top in THIRD_PARTY - {"numpy"}:
            wrong.append(f"line {node.lineno}: {target} (the engine is numpy and the standard library)")
    assert wrong == [], f"{module} imports across the layers"


def test_no_import_cycles() -> None:
    graph = {m: {t for _, t, _ in IMPORTS[m] if t in MODULES and t != m} for m in MODULES}
    # A package's __init__ is imported with each of its modules; it must not import them back.
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def walk(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt):], nxt])
            elif nxt not in state:
                walk(nxt, [*path, nxt])
        state[node] = 2

    for m in sorted(MODULES):
        if m not in state:
            walk(m, [m])
    assert cycles == []


def test_imports_inside_functions_are_the_listed_lazy_ones() -> None:
    inside = {(str(MODULES[m].relative_to(PACKAGE.parent)), t) for m in MODULES for _, t, f in IMPORTS[m]
              if f and t.startswith("lrgame")}
    assert inside == set(LAZY)


# ---- schedules and recipes are named only through the registry --------------------------------------

NAMED_ONLY_IN = ("lrgame/engine/", "lrgame/bench/", "lrgame/shots.py")
SCHEDULE_NAMES = set(schedules.ENTRIES) | set(RECIPES)
EVERYDAY_WORDS = {"step", "linear", "cosine", "constant"} & SCHEDULE_NAMES
"""Schedule names that are also plain words here: "step" is the unit a run counts in ("epoch" or
"step"), "linear" and "cosine" are curve shapes and axis scales. Such a string names a schedule only
where the code treats it as a name: compared with something, passed to a call (by position, or as a
keyword argument named for a schedule), used as an index, or listed beside another schedule's name."""


def _is_name(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in SCHEDULE_NAMES


def _used_as_a_name(node: ast.Constant, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    if isinstance(parent, (ast.Tuple, ast.List, ast.Set)):
        if sum(map(_is_name, parent.elts)) > 1:
            return True
        parent = parents.get(parent)  # `schedule in ("step", …)`, `f(["step"])`
    if isinstance(parent, ast.Dict):
        return sum(map(_is_name, [*parent.keys, *parent.values])) > 1
    if isinstance(parent, ast.keyword):  # `schedule="cosine"`, not `scale="linear"`
        return "schedule" in (parent.arg or "")
    return isinstance(parent, (ast.Compare, ast.MatchValue, ast.Call, ast.Subscript))


def schedules_named(source: str) -> list[tuple[int, str]]:
    """(line, name) for every string in `source` that names a schedule or a recipe itself."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if _is_name(node) and (node.value not in EVERYDAY_WORDS or _used_as_a_name(node, parents))
    ]


@pytest.mark.parametrize(
    ("source", "named"),
    [
        ('if settings.schedule == "exponential":\n    note()', ["exponential"]),
        ('if s.name == "step":\n    pass', ["step"]),
        ('x = s.schedule in ("cosine", "epoch")', ["cosine"]),
        ('settings = make_settings("linear")', ["linear"]),
        ('curve = build(schedule="constant")', ["constant"]),
        ('match name:\n    case "step":\n        pass', ["step"]),
        ('label = SCHEDULES["step"].label', ["step"]),
        ('BUMPY = {"cosine_restarts", "cyclic"}', ["cosine_restarts", "cyclic"]),
        ('CAPTIONS = {"step": "Step decay", "cosine": "Cosine"}', ["step", "cosine"]),
        ('CAPTIONS = {"resnet": "The ResNet recipe"}', ["resnet"]),
        ('unit = "epoch" if per == 1 else "step"', []),
        ('state = {"t": sim.t, "step": sim.t}', []),
        ('text = f"{\'epoch\' if per == 1 else \'step\'} {t}"', []),
        ('shapes = {"linear": lambda p: p}', []),
        ('axis = Axis(scale="linear")', []),
        ('"""The step schedule and the exponential one."""', []),
    ],
)
def test_the_schedule_name_check_sees_names_not_words(source: str, named: list[str]) -> None:
    assert sorted(name for _, name in schedules_named(source)) == sorted(named)


def test_no_module_outside_the_engine_names_a_schedule() -> None:
    """Special cases for particular schedules (or recipes) live in the registry as data, so adding a
    schedule touches only its module in lrgame/engine/schedules/."""
    found = [
        f"{rel}:{line}: {name!r}"
        for path in MODULES.values()
        if not (rel := path.relative_to(PACKAGE.parent).as_posix()).startswith(NAMED_ONLY_IN)
        for line, name in schedules_named(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "ask the registry (lrgame.engine.schedules) instead of naming a schedule"
