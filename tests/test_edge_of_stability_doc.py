"""docs/edge-of-stability.md's tables are scripts/edge_of_stability.py's output: two rows made again."""

from pathlib import Path

import pytest

from lrgame.sim.optimizers import Adam

DOC = (Path(__file__).resolve().parent.parent / "docs" / "edge-of-stability.md").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(("eta", "options"), [(1.0, {}), (0.01, {"optimizer": Adam()})], ids=["sgd-1", "adam-0.01"])
def test_a_constant_rate_row_is_the_scripts(capsys, eta, options):
    from scripts.edge_of_stability import constant_rows

    constant_rows((eta,), **options)
    header, rule, row = capsys.readouterr().out.splitlines()
    assert header in DOC and row in DOC.splitlines()
