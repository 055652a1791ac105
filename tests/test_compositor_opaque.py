"""An opaque part (`Part.opaque`: its paint fills its rect) is painted over its old pixels, not wiped to
the backdrop first, and the frames still equal frames drawn whole; a part flagged opaque that does not
fill its rect is caught by the same comparison."""

import pygame
import pytest

from lrgame.view.compositor import Compositor, Part

SIZE = (120, 90)


def _colour(key: int) -> tuple[int, int, int]:
    return (40 * key % 256, 90, 200 - 30 * key % 200)


OVER = pygame.Rect(20, 15, 60, 40)  # the opaque part, overlapping a part under it and one on top of it
APART = pygame.Rect(90, 60, 20, 20)  # a plain part away from it, changing every frame: wiped


def _frames(monkeypatch, paint, keys=range(8)) -> list[pygame.Rect]:
    """Compose the same parts over the last frame and whole, key after key; return the areas wiped."""
    pygame.display.init()
    pygame.display.set_mode(SIZE)
    wipes = []
    real = Compositor._wipe
    monkeypatch.setattr(Compositor, "_wipe", lambda self, *a: wipes.append(a[1]) or real(self, *a))
    window, kept = pygame.Surface(SIZE), Compositor(SIZE)
    ground = [Part("ground", pygame.Rect((0, 0), SIZE), 0, lambda s, r, k: s.fill((20, 20, 20), r))]
    for key in keys:
        parts = [Part("under", pygame.Rect(10, 10, 20, 20), 0, lambda s, r, k: s.fill((250, 250, 0), r)),
                 Part("over", OVER, key, paint, opaque=True),
                 Part("on top", pygame.Rect(70, 40, 20, 20), 0, lambda s, r, k: s.fill((0, 250, 250), r)),
                 Part("apart", APART, key % 2, lambda s, r, k: s.fill(_colour(5 + k), r))]
        kept.compose(window, ground, parts)
        whole = pygame.Surface(SIZE)
        Compositor(SIZE).compose(whole, ground, parts)
        assert pygame.image.tobytes(window, "RGB") == pygame.image.tobytes(whole, "RGB"), key
    return wipes


def test_an_opaque_part_is_painted_over_unwiped_and_matches_whole_frames(monkeypatch):
    wiped = _frames(monkeypatch, lambda s, r, k: s.fill(_colour(k), r))
    assert APART in wiped and OVER not in wiped  # (the parts it overlaps are drawn again, as they were before)


def test_a_part_flagged_opaque_that_leaves_pixels_of_its_rect_is_caught(monkeypatch):
    def corner(surface, rect, key):  # a square that moves with the key: its old place is left as it was
        surface.fill(_colour(key), (rect.x + 5 * key, rect.y, 8, 8))

    with pytest.raises(AssertionError):
        _frames(monkeypatch, corner)
