"""Sizes the panel and the drawing share: the panel's metrics and its captions' type sizes.

The scene draws the panel's captions into its backdrop and the layout fits the scene beside the
panel, so both read these; neither imports the other.
"""

from __future__ import annotations

from typing import NamedTuple

import pygame

from lrgame.engine import schedules
from lrgame.look.theme import font

KNOB_SLOTS = max(s.panel_rows for s in schedules.ENTRIES.values())
SECTIONS = 4  # headings: schedule, the schedule's knobs, valley, time
STATIC_ROWS = 12  # rows every schedule has (see `Panel.build`)
CAPTION_SIZE, HEADING_SIZE = 15, 13  # design px of row labels and of section headings (bold)


class Caption(NamedTuple):
    """Words the panel shows that nobody edits: a row's label or a section heading. The scene
    draws them into the panel's backdrop; as pygame_gui labels the 17 of them took about 8 ms of
    every start-up and a share of every frame's widget update."""

    text: str
    rect: pygame.Rect
    heading: bool = False

    def fits(self) -> bool:
        return font(HEADING_SIZE if self.heading else CAPTION_SIZE, bold=self.heading).size(self.text)[0] <= self.rect.w


class PanelMetrics(NamedTuple):
    """Sizes in pixels; one place to scale the panel."""

    width: int = 340
    pad: int = 10
    row_h: int = 30
    gap: int = 4
    section_h: int = 20
    label_w: int = 136
    entry_w: int = 78
    list_h: int = 420  # how far an open dropdown list may reach

    def scaled(self, factor: float) -> PanelMetrics:
        """Every size times `factor` (the UI scale), each at least 1 px."""
        return self._replace(**{name: max(1, round(value * factor)) for name, value in self._asdict().items()})

    def content_height(self) -> int:
        """How tall the panel's controls stand, top pad included: `Panel.build` lays out exactly
        SECTIONS headings and STATIC_ROWS + KNOB_SLOTS rows (a window shorter than this gets a
        smaller scale instead of clipped controls)."""
        return self.pad + SECTIONS * (self.section_h + self.gap) + (STATIC_ROWS + KNOB_SLOTS) * (self.row_h + self.gap)


