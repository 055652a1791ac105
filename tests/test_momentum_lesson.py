"""The momentum lesson's numbers, as the README and the teacher's guide quote them, computed with
`python main.py path` on the default valley (sharpness 15, noise 1, seed 0)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import numpy as np
import pytest

from lrgame import cli

ROOT = Path(__file__).resolve().parents[1]
DOCS = {name: (ROOT / name).read_text(encoding="utf-8") for name in ("README.md", "docs/teacher-guide.md")}


def path(*flags: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["path", *flags]) == 0
    return json.loads(out.getvalue())


def settled_from(x: np.ndarray, band: float = 0.3) -> int:
    """The first epoch from which the ball stays within `band` of the floor (at 0)."""
    return int(np.flatnonzero(np.abs(x) > band)[-1]) + 1


@pytest.mark.parametrize("doc", DOCS)
def test_momentum_overshoots_where_sgd_settles(doc: str) -> None:
    plain = np.array(path("--schedule", "constant", "--lr0", "0.02")["x"])
    heavy = np.array(path("--schedule", "constant", "--lr0", "0.02", "--momentum", "0.9")["x"])
    assert -0.09 < plain.min() < 0 and settled_from(plain) == 7
    assert round(heavy.min(), 2) == -2.35 and settled_from(heavy) == 51
    text = DOCS[doc]
    assert "0.09 past" in text and "epoch 7" in text and "−2.35" in text and "epoch 51" in text


@pytest.mark.parametrize("doc", DOCS)
def test_momentum_moves_the_limit(doc: str) -> None:
    assert path("--schedule", "constant", "--lr0", "0.2")["diverged_at"] == 7
    assert path("--schedule", "constant", "--lr0", "0.2", "--momentum", "0.9")["diverged_at"] is None
    assert "flies out" in DOCS[doc] and "epoch 7" in DOCS[doc] and "3.8" in DOCS[doc]


@pytest.mark.parametrize("doc", DOCS)
def test_one_cycle_moves_the_momentum_against_the_rate(doc: str) -> None:
    run = path("--schedule", "one_cycle", "--momentum", "0.9")
    momentum, rate = np.array(run["momentum"]), np.array(run["lr"])
    peak = int(rate.argmax())
    assert peak == 29 and int(momentum.argmin()) == peak
    assert (momentum[0], momentum.min(), momentum[-1]) == pytest.approx((0.95, 0.85, 0.95))
    assert "epoch 29" in DOCS[doc] and "0.95" in DOCS[doc] and "0.85" in DOCS[doc]
