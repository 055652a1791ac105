"""pygame_gui, touched only when it has something to do.

`draw_ui` blits every widget every frame (~0.3 ms), though most frames show the same panel. pygame_gui
gives a widget a new image surface whenever its look changes (hover, focus, text, cursor blink) and
moves its rect when it moves, so the list of (image, position) it would blit names the picture exactly.
That list is the key of the panel, a backdrop part of the frame's compositor (`lrgame.view.compositor`):
the widgets stay painted into the backdrop until it changes, and then only where two keys differ
(`changed_area`) is repainted. While something may reach under them, the scene draws them live over the
frame instead, covering it.

`manager.update` (~0.4 ms) checks every widget for hover and animation. With no input for a few
frames and no widget with work left (focus, a held button, a redraw or a transition under way, a
widget moved where the mouse is), it would change nothing but the text boxes' cursor timers, so
only those run. A text box's own redraw (its text set by the app, as the epoch box is every frame
of a long run) is no such work: the text boxes' updates, which run anyway, finish it.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UITextEntryLine

CALM_FRAMES = 3  # updates run this many frames after input or a change: pygame_gui's events come back late


class WidgetPixels:
    """Runs pygame_gui's update when it is needed, and names what `draw_ui` would draw."""

    def __init__(self, manager: pygame_gui.UIManager) -> None:
        self.manager = manager
        self._calm = 0
        self._settled = False  # stays true until input or a new panel state: only those give widgets work
        self._entries: list[UITextEntryLine] = []
        self._stale = True  # what draw_ui would draw may have changed since `key` was taken
        self._key: tuple[pygame.Rect, list | None] | None = None

    def update(self, dt: float, *, input_came: bool, state_changed: bool, redrawn: bool = False) -> None:
        """`manager.update(dt)` unless the widgets are settled: no input for CALM_FRAMES frames
        and no widget with work left. Text boxes are updated even then: their cursor timers run
        on, hidden or not, and decide when a cursor shows. `redrawn`: the app changed a widget's
        picture itself, with nothing for pygame_gui to finish (a slider handle set while playing)."""
        self._calm = 0 if input_came else self._calm + 1
        if input_came or state_changed:
            self._settled, self._stale = False, True
        if redrawn:
            self._stale = True
        if not self._settled:
            sprites = self.manager.get_sprite_group().sprites()
            if self._calm <= CALM_FRAMES or self._busy(sprites, state_changed):
                self.manager.update(dt)
                self._stale = True
                return
            self._settled = True
            self._entries = [e for e in sprites if isinstance(e, UITextEntryLine)]
        images = [e.image for e in self._entries]
        for entry in self._entries:
            entry.update(dt)
        if any(e.image is not image for e, image in zip(self._entries, images, strict=True)):
            self._stale = True

    def _busy(self, sprites: list, moved: bool) -> bool:
        """Has a widget work left? `moved`: the panel was given a new state, so a widget may have
        moved under the mouse (or from under it) and its hover must be checked."""
        if self.manager.get_focus_set():  # a text cursor blinks, a dropdown is open
            return True
        double_click = self.manager.get_double_click_time()
        mouse, root = self.manager.get_mouse_position(), self.manager.get_root_container()
        for element in sprites:
            if moved and element is not root and (element.hovered or element.rect.collidepoint(mouse)):
                return True
            if getattr(element, "held", False) or getattr(element, "double_click_timer", double_click) < double_click:
                return True  # a held arrow button repeats; a click's double-click timer runs
            shape = None if isinstance(element, UITextEntryLine) else getattr(element, "drawable_shape", None)
            if shape is not None and (shape.states_to_redraw_queue or shape.need_to_clean_up
                                      or shape.should_trigger_full_rebuild or shape.active_state.transition
                                      or shape.active_state.has_fresh_surface):
                return True
        return False

    def key(self, area: pygame.Rect) -> list | None:
        """The blits `draw_ui` would make, holding their images (so an id is never reused while
        compared); None when a widget reaches outside `area`, e.g. an open dropdown below it.
        Taken again only when the widgets may have changed."""
        if self._stale or self._key is None or self._key[0] != area:
            self._key = (pygame.Rect(area), self._blits(area))
            self._stale = False
        return self._key[1]

    def _blits(self, area: pygame.Rect) -> list | None:
        out = []
        for image, rect, _, flags in self.manager.get_sprite_group().visible:
            w, h = image.get_size()
            if w and h and not area.contains((rect.x, rect.y, w, h)):  # the root container is 0×0
                return None
            out.append((image, rect.x, rect.y, flags))
        return out

    @staticmethod
    def changed_area(old: list | None, new: list | None) -> pygame.Rect | None:
        """Where two keys differ, old and new places both; None when they cannot be compared blit by
        blit (a widget came or went, or one of them is None)."""
        if old is None or new is None or len(old) != len(new):
            return None
        rects = [pygame.Rect(x, y, *image.get_size())
                 for a, b in zip(old, new, strict=True) if a != b for image, x, y, _ in (a, b)]
        return rects[0].unionall(rects[1:]) if rects else None

    def draw(self, surface: pygame.Surface) -> None:
        self.manager.draw_ui(surface)
