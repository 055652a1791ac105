"""pygame_gui's fonts and pictures loaded in turn on the main thread.

pygame_gui's default loader starts five threads to load a theme's few fonts; under the GIL they
only take turns, and starting and joining them made a new UIManager cost ~19 ms where loading the
same files in turn costs ~10 ms (measured on the 2-core machine): at start-up, and at every change
of theme, scale or window size."""

from __future__ import annotations

import warnings

from pygame_gui.core.resource_loaders import IResourceLoader
from pygame_gui.core.utility import FontResource, ImageResource, SurfaceResource


class InTurnLoader(IResourceLoader):
    """Loads what the theme asks for when the manager starts it: fonts and images first, then the
    surfaces cut from those images (as pygame_gui's own loaders do). Once started, pygame_gui loads
    anything new at once itself (it asks `started()` first)."""

    def __init__(self) -> None:
        self._files: list[FontResource | ImageResource] = []
        self._surfaces: list[SurfaceResource] = []
        self._started = False

    def add_resource(self, resource: FontResource | ImageResource | SurfaceResource) -> None:
        (self._surfaces if isinstance(resource, SurfaceResource) else self._files).append(resource)

    def start(self) -> None:
        self._started = True

    def started(self) -> bool:
        return self._started

    def update(self) -> tuple[bool, float]:
        for resource in (*self._files, *self._surfaces):
            error = resource.load()
            if error is not None:
                warnings.warn(str(error), stacklevel=2)
        self._files, self._surfaces = [], []
        return True, 1.0
