"""The four usual rules that read a suggested η₀ off a range test's smoothed loss curve.

Written from fastai's `lr_find` suggestion functions (fastai 2.5, `fastai/callback/schedule.py`),
which are what most people mean by them:

- **minimum/10**: a tenth of the rate where the smoothed loss is lowest. At the minimum the rate is
  already at the edge where training turns unstable; a tenth of it is safely below (and slow).
- **steepest**: the rate where the loss falls fastest against log η (the left end of the steepest
  step between two neighbouring rates): where each step does the most. Only the way down to the
  lowest point counts (fastai reads the whole curve; past the lowest point a fall is the loss coming
  back from a blow-up, not learning).
- **valley**: the longest run of ever-lower losses (not necessarily neighbours: the longest
  decreasing subsequence), and the rate about half-way along it, at index
  end − L + ⌊L/3⌋ + ⌊L/6⌋ for a run of L points ending at `end` (fastai's arithmetic).
- **slide**: walking down from the top rate, the first place where the loss's slope (per step of the
  sweep) at two rates SLIDE_GAP steps apart differs by at most SLIDE_THRESHOLD: the right end of the
  flat stretch before the loss turns up.

As fastai does, the rules read the curve from the tenth of the sweep's steps on and without its last
SKIP_END points (the first are flat, the last are where it blows up), or the whole curve when that
leaves fewer than 2 points. Every rule gives one of the tested rates (minimum/10 a tenth of one).
"""

from __future__ import annotations

import numpy as np

RULES = ("minimum_10", "steepest", "valley", "slide")
LABELS = {"minimum_10": "minimum/10", "steepest": "steepest", "valley": "valley", "slide": "slide"}
RECOMMENDED = "slide"  # chosen before measuring, for a decaying schedule: see docs/range-test.md
REASONS = {  # why each rule's rate, in plain words ("The valley rule: …")
    "minimum_10": "a tenth of the rate where the loss was lowest, safely below the edge where training turns unstable",
    "steepest": "where the loss fell fastest, each step did the most",
    "valley": "half-way down the longest slide of the loss, well inside the rates that help",
    "slide": "just before the loss stops falling, as big a rate as still helps",
}
SKIP_END = 5
SLIDE_GAP, SLIDE_THRESHOLD = 15, 0.005


def _window(rates: np.ndarray, smoothed: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """The part of the curve the rules read (fastai's trim), or all of it when that is too short."""
    start, stop = steps // 10, len(smoothed) - SKIP_END
    if stop - start < 2:
        return rates, smoothed
    return rates[start:stop], smoothed[start:stop]


def minimum_10(rates: np.ndarray, smoothed: np.ndarray) -> float:
    return float(rates[int(np.argmin(smoothed))]) / 10


def steepest(rates: np.ndarray, smoothed: np.ndarray) -> float:
    lowest = int(np.argmin(smoothed))
    if lowest == 0:
        return float(rates[0])
    slopes = np.diff(smoothed[:lowest + 1]) / np.diff(np.log(rates[:lowest + 1]))
    return float(rates[int(np.argmin(slopes))])


def valley(rates: np.ndarray, smoothed: np.ndarray) -> float:
    n = len(smoothed)
    longest = np.ones(n, dtype=int)  # the longest decreasing subsequence ending at each point
    for i in range(1, n):
        before = longest[:i][smoothed[:i] > smoothed[i]]
        if before.size:
            longest[i] = before.max() + 1
    end = int(np.argmax(longest))  # the first point that ends a longest run
    length = int(longest[end])
    return float(rates[max(0, end - length + length // 3 + length // 6)])


def slide(rates: np.ndarray, smoothed: np.ndarray) -> float:
    n = len(smoothed)
    if n <= SLIDE_GAP:
        return float(rates[0])
    slope = np.gradient(smoothed)
    right, left = n - 1, n - 1 - SLIDE_GAP
    found = rates[left]
    while left >= 0 and abs(slope[right] - slope[left]) > SLIDE_THRESHOLD:
        found = rates[left]
        right, left = right - 1, left - 1
    return float(found)


def suggestions(rates: np.ndarray, smoothed: np.ndarray, steps: int) -> dict[str, float]:
    """Each rule's suggested η₀ for a curve of (rates, smoothed losses) from a sweep of `steps` steps
    (the curve may be shorter, when the test stopped early). The curve must not be empty."""
    rates, smoothed = _window(np.asarray(rates, dtype=float), np.asarray(smoothed, dtype=float), steps)
    if not len(smoothed):
        raise ValueError("the range test's curve is empty: no rule can read it")
    return {"minimum_10": minimum_10(rates, smoothed), "steepest": steepest(rates, smoothed),
            "valley": valley(rates, smoothed), "slide": slide(rates, smoothed)}
