"""Where everything goes, computed from the window size and the UI scale alone."""

from __future__ import annotations

from typing import NamedTuple

import pygame

from lrgame.look.metrics import PanelMetrics
from lrgame.look.theme import FIT_FLOOR, font, px, ui_scale

CARD_COUNT = 6
READOUT_TOP = 30  # design px from the readout box's top to its first line
READOUT_LINE = 22  # design px from one readout line to the next
MIN_SCENE_W = 600  # design px: the narrowest the charts, cards and valley are drawn
SCALE_STEP = 0.05
MESSAGE_SIZES = (15, 14, 13, 12, 11)  # design px of the message line's text: the first that fits


def message_height() -> int:
    """The message line's height: one line of the biggest message text, or two of the smallest."""
    return max(font(MESSAGE_SIZES[0]).get_height(), 2 * font(MESSAGE_SIZES[-1]).get_height()) + px(8)


def needed_size(scale: float) -> tuple[int, int]:
    """The smallest window that holds the panel's controls and the scene at this UI scale."""
    m = PanelMetrics().scaled(scale)
    return m.width + round(MIN_SCENE_W * scale), m.content_height()


def fits(scale: float, size: tuple[int, int]) -> bool:
    """Do the panel's controls and the scene fit a window of `size` at this UI scale?"""
    w, h = needed_size(scale)
    return w <= size[0] and h <= size[1]


def fit_scale(requested: float, size: tuple[int, int]) -> float:
    """`requested`, or the largest step below it that fits the window: nothing is ever clipped."""
    scale = requested
    while scale > FIT_FLOOR and not fits(scale, size):
        scale = round(max(FIT_FLOOR, scale - SCALE_STEP), 2)
    return scale


class Layout(NamedTuple):
    """Screen rectangles for one window size."""

    size: tuple[int, int]
    panel: pygame.Rect
    message: pygame.Rect  # the message line, over the chart: a message covers nothing there
    chart: pygame.Rect
    cards: tuple[pygame.Rect, ...]
    valley: pygame.Rect
    readout: pygame.Rect
    loss_chart: pygame.Rect


def make_layout(size: tuple[int, int]) -> Layout:
    w, h = size
    pad = px(10)
    panel = pygame.Rect(0, 0, PanelMetrics().scaled(ui_scale()).width, h)
    right = pygame.Rect(panel.right + pad, pad, w - panel.right - 2 * pad, h - 2 * pad)
    message = pygame.Rect(right.x, right.y, right.w, message_height())
    chart = pygame.Rect(right.x, message.bottom + pad, right.w, int((right.h - message.h - pad) * 0.30))
    # A title and two value lines, or (a long title on a projector) two title lines and a value.
    card_h = max(px(62), font(13).get_height() + 2 * font(13, bold=True).get_height() + px(15))
    card_y = chart.bottom + pad
    card_w = (right.w - (CARD_COUNT - 1) * pad) // CARD_COUNT
    cards = tuple(pygame.Rect(right.x + i * (card_w + pad), card_y, card_w, card_h) for i in range(CARD_COUNT))
    body_y = card_y + card_h + pad
    body_h = right.bottom - body_y
    readout_w = max(px(240), int(right.w * 0.32))
    valley = pygame.Rect(right.x, body_y, right.w - readout_w - pad, body_h)
    readout = pygame.Rect(valley.right + pad, body_y, readout_w, body_h)
    text_h = px(READOUT_TOP + 8 * READOUT_LINE + 8)
    loss_chart = pygame.Rect(readout.x + px(6), readout.y + text_h, readout.w - px(12),
                             readout.bottom - readout.y - text_h - px(6))
    return Layout(size, panel, message, chart, cards, valley, readout, loss_chart)
