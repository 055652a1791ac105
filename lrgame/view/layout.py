"""Where everything goes, computed from the window size alone."""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from lrgame.ui.panel import PanelMetrics

CARD_COUNT = 6


@dataclass(frozen=True)
class Layout:
    """Screen rectangles for one window size."""

    size: tuple[int, int]
    panel: pygame.Rect
    chart: pygame.Rect
    cards: tuple[pygame.Rect, ...]
    valley: pygame.Rect
    readout: pygame.Rect
    loss_chart: pygame.Rect


def make_layout(size: tuple[int, int], metrics: PanelMetrics = PanelMetrics(), pad: int = 10) -> Layout:
    w, h = size
    panel = pygame.Rect(0, 0, metrics.width, h)
    right = pygame.Rect(panel.right + pad, pad, w - panel.right - 2 * pad, h - 2 * pad)
    chart = pygame.Rect(right.x, right.y, right.w, int(right.h * 0.30))
    card_h = 62
    card_y = chart.bottom + pad
    card_w = (right.w - (CARD_COUNT - 1) * pad) // CARD_COUNT
    cards = tuple(pygame.Rect(right.x + i * (card_w + pad), card_y, card_w, card_h) for i in range(CARD_COUNT))
    body_y = card_y + card_h + pad
    body_h = right.bottom - body_y
    readout_w = max(240, int(right.w * 0.30))
    valley = pygame.Rect(right.x, body_y, right.w - readout_w - pad, body_h)
    readout = pygame.Rect(valley.right + pad, body_y, readout_w, body_h)
    text_h = 30 + 8 * 22 + 8
    loss_chart = pygame.Rect(readout.x + 6, readout.y + text_h, readout.w - 12, readout.bottom - readout.y - text_h - 6)
    return Layout(size, panel, chart, cards, valley, readout, loss_chart)
