"""No code that only tests use: every public function and class at the top of a module of lrgame
is named somewhere else in lrgame, main.py or scripts/ (a helper kept for a test alone, such as
height_map.shade_index was, tests something the program never runs)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _sources() -> dict[Path, str]:
    paths = [*(ROOT / "lrgame").rglob("*.py"), ROOT / "main.py", *(ROOT / "scripts").rglob("*.py")]
    return {path: path.read_text(encoding="utf-8") for path in paths}


def _unused() -> set[str]:
    sources = _sources()
    everything = "\n".join(sources.values())
    names = {node.name for path, text in sources.items() if path.is_relative_to(ROOT / "lrgame")
             for node in ast.parse(text).body
             if isinstance(node, (ast.FunctionDef, ast.ClassDef)) and not node.name.startswith("_")}
    return {name for name in names if len(re.findall(rf"\b{name}\b", everything)) == 1}  # its definition only


def test_every_public_function_and_class_is_used_by_the_program():
    assert _unused() == set()
