"""docs/range-test.md's table: the rules' η₀ are what the range test gives at the window's defaults,
and slide's cosine run on seed 0 ends where the table says (the whole table: scripts/range_rules.py)."""

import re
from pathlib import Path

import pytest

from lrgame.train.range_rules import RULES
from lrgame.train.range_test import range_test
from lrgame.train.recipe import DEFAULT

DOC = (Path(__file__).resolve().parent.parent / "docs" / "range-test.md").read_text(encoding="utf-8")
ROWS = {int(m[1]): m[2] for m in re.finditer(r"^\| (\d) \| [^|]+ \| [^|]+ \| (.+) \|$", DOC, re.M)}


def _cells(row: str) -> list[tuple[str, str]]:
    return [tuple(c.strip().split(" → ")) for c in row.split("|")]


def test_the_tables_rates_are_the_range_tests_at_the_window_defaults():
    assert set(ROWS) == {0, 1, 2}
    for seed, row in ROWS.items():
        rules = range_test(seed=seed, batch_size=DEFAULT.batch_size, optimizer=DEFAULT.optimizer).rules
        assert [lr0 for lr0, _ in _cells(row)] == [f"{rules[name]:.3g}" for name in RULES], seed


@pytest.mark.slow
def test_slides_cosine_run_on_seed_0_ends_at_the_tables_test_loss():
    from scripts.range_rules import final_test_loss  # the script's own measurement

    lr0, loss = _cells(ROWS[0])[RULES.index("slide")]
    rules = range_test(seed=0, batch_size=DEFAULT.batch_size, optimizer=DEFAULT.optimizer).rules
    assert f"{final_test_loss(rules['slide'], 0):.4f}" == loss
