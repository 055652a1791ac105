"""--projector opens where its text is 24 px: the whole display (SDL's dummy driver reports a
1024×768 desktop here; test_real_x.py opens it on a 1920×1080 X screen), and Ctrl+= says what a
bigger scale would need."""

import json
import re
from pathlib import Path

import pygame
import pytest

from lrgame import cli
from lrgame.look.layout import fit_scale, fits, needed_size
from lrgame.look.theme import font


def _dumped(tmp_path, *flags: str) -> dict:
    path = tmp_path / "state.json"
    pygame.display.init()
    desktop = pygame.display.get_desktop_sizes()[0]
    try:
        assert cli.main(["--headless", "--frames", "2", "--dump-state", str(path), *flags]) == 0
    finally:
        pygame.quit()
    return {**json.loads(path.read_text(encoding="utf-8")), "desktop": desktop}


def test_projector_opens_on_the_whole_display(tmp_path):
    state = _dumped(tmp_path, "--projector")
    assert state["window"] == {"size": list(state["desktop"]), "fullscreen": True}
    assert state["theme"] == "projector"
    assert state["scale"] == fit_scale(1.5, tuple(state["desktop"]))


def test_projector_with_a_size_keeps_that_window(tmp_path):
    state = _dumped(tmp_path, "--projector", "--size", "1280x720")
    assert state["window"] == {"size": [1280, 720], "fullscreen": False}


def test_the_readme_quotes_the_room_the_projector_scale_needs():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    quoted = re.search(r"That scale needs (\d+)×(\d+) pixels", readme)
    assert tuple(map(int, quoted.groups())) == needed_size(1.5)


def test_a_1080p_screen_holds_the_projector_scale_where_the_smallest_text_is_24_px(launch):
    assert needed_size(1.5)[1] <= 1080 < needed_size(1.75)[1]
    d = launch(size=(1920, 1080), theme="projector")
    assert d.app.scale == 1.5
    assert font(6).point_size == font(6, bold=True).point_size == 24  # the smallest size asked for anywhere


@pytest.mark.parametrize(("size", "scale", "expected"), [
    ((800, 600), 0.75, "Scale 0.9 needs a window of at least 846×655 pixels; this one is 800×600. Make it bigger, "
                       "or press F11 for fullscreen."),
    ((1024, 768), 1.0, "Scale 1.1 needs at least 1034×781 pixels; this screen has 1024×768."),
])
def test_ctrl_plus_says_what_a_bigger_scale_needs(launch, size, scale, expected):
    """The dummy display is 1024×768: it has room for scale 0.9, not for 1.1."""
    d = launch(size=size, scale=scale)
    d.key(pygame.K_EQUALS, mod=pygame.KMOD_CTRL)
    assert d.app.scale == scale
    assert d.app.messages.toast.text == expected
    for step, (w, h) in ((0.9, (846, 655)), (1.1, (1034, 781))):  # the sizes quoted are the least that fit
        assert fits(step, (w, h)) and not fits(step, (w - 1, h)) and not fits(step, (w, h - 1))
