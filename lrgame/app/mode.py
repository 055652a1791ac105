"""The one protocol of every screen mode and overlay (as arcade's `View`): the window holds the open
ones and forwards to them, so no mode is a flag on the window.

A mode overrides only what it uses: `handle` an intent (True: consumed, no one else sees it),
`advance` once a frame, `work` its background work (done in the idle time between frames,
`idle.py`), `hit` a left click, `key` a key press (menus only, see `modal`), and `draw`, which
says what the scene draws for it by filling in its own fields of `Shown` (`lrgame.view.shown`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lrgame.view.shown import Shown

if TYPE_CHECKING:
    import pygame

    from lrgame.app.idle import Work
    from lrgame.app.window import App
    from lrgame.sim import intents as it


class Mode:
    """A screen mode or an overlay, open while the window holds it.

    - `modal`: while open it takes every key (`key`) and click (`hit`), as a menu does.
    - `escape_rank`: Esc closes all the open modes of the lowest rank at once (None: Esc leaves it).
    - `area`: modes that share an area of the window; opening one closes the others there.
    """

    modal = False
    escape_rank: int | None = None
    area: str | None = None

    def __init__(self, app: App) -> None:
        self.app = app

    @classmethod
    def open(cls, app: App) -> Mode | None:
        """The mode, opened by its intent; None when it cannot open (it says why itself)."""
        return cls(app)

    def handle(self, intent: it.Intent) -> bool:
        return False

    def advance(self, frame_s: float) -> None:
        pass

    def work(self) -> Work | None:
        """Background work to do between frames (training), or None."""
        return None

    def hit(self, pos: tuple[int, int]) -> it.Intent | None:
        return None

    def key(self, event: pygame.event.Event) -> it.Intent | None:
        return None

    def draw(self, shown: Shown) -> None:
        pass

    def alone(self) -> Shown:
        """What this mode alone asks the scene to draw: the scene answers which of its buttons a
        click hit from that."""
        shown = Shown()
        self.draw(shown)
        return shown
