"""A playing run's step writes each of its numbers in several places (the rate on a card, in the
readout and by the chart's marker), so `sig4` remembers its last few values: each is formatted once
a step. The cache must never change a text."""

from __future__ import annotations

import random

import numpy as np

from lrgame.bench.common import headless_app
from lrgame.engine import numfmt
from lrgame.engine.numfmt import sig4


def _fresh(x: float) -> str:
    return numfmt._sig4.__wrapped__(float(x))


def test_remembered_texts_are_fresh_ones() -> None:
    rng = random.Random(5)
    values = [0.0, -0.0, 1, True, np.float64(0.5), np.array(2.5), float("nan"), float("inf"), 0.00099996, 99999.5]
    values += [rng.uniform(-1, 1) * 10 ** rng.randint(-9, 9) for _ in range(300)]
    for x in values + values[::-1]:  # the second time from the cache
        assert sig4(x) == _fresh(x), x


def test_a_playing_step_formats_each_number_once() -> None:
    app = headless_app((1280, 720), epochs=1000)
    for _ in range(60):
        app.frame(1 / 60)
    numfmt._sig4.cache_clear()
    start = app.sim.ball_t
    for _ in range(120):
        app.frame(1 / 60)
    steps, info = app.sim.ball_t - start, numfmt._sig4.cache_info()
    assert steps > 20
    # the numbers the current and ratio cards, the readout and the markers write (η₀, the final and the
    # average rate's cards are made once a run: `cards._run_cards`)
    assert info.hits + info.misses >= 9 * steps
    assert info.misses <= 7 * steps  # the readout's seven numbers, the rest written already
