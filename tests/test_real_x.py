"""The window under a real X server with no window manager (Xvfb), driven by real key presses and
clicks (xdotool), looked at with xwininfo and whole-screen screenshots (ImageMagick's `import`).

Posted pygame events miss what SDL and pygame_gui do with real ones (text input, focus); a kiosk
image runs X with no window manager. These run in CI (.ci/run installs Debian's xvfb, xdotool,
x11-utils and imagemagick) and skip, saying why, where those programs are missing.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest

from lrgame.app.window import TITLE
from lrgame.look.theme import DARK

ROOT = Path(__file__).parent.parent
TOOLS = ("Xvfb", "xdotool", "xwininfo", "import")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
SCREEN = (1920, 1080)
WAIT_S = 20.0  # for a window to appear, move or close: generous, CI machines are slow

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(MISSING), reason=f"needs {', '.join(MISSING)} (apt-get install xvfb xdotool "
                                            "x11-utils imagemagick)"),
]


@pytest.fixture(scope="module")
def display():
    """A bare X server of its own (Xvfb picks a free display number and tells it), no window manager."""
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", "1", "-screen", "0", "{}x{}x24".format(*SCREEN), "-nolisten",
                             "tcp"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    number = xvfb.stdout.readline().strip()
    assert number.isdigit(), "Xvfb did not start"
    yield f":{number}"
    xvfb.terminate()
    xvfb.wait(10)
    xvfb.stdout.close()


def _wait_for(what: str, check, timeout: float = WAIT_S):
    """Poll `check` until it returns something true; fail saying `what` did not happen."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        out = check()
        if out:
            return out
        time.sleep(0.1)
    pytest.fail(f"{what}: not within {timeout:g} s")


class XWindow:
    """The simulator in a real X window, and a person's keyboard and mouse."""

    def __init__(self, display: str, tmp_path: Path, *flags: str) -> None:
        self.env = dict(os.environ, DISPLAY=display, SDL_VIDEODRIVER="x11", SDL_AUDIODRIVER="dummy",
                        SDL_FRAMEBUFFER_ACCELERATION="0")
        self.log = tmp_path / "app.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen([sys.executable, "main.py", *flags], cwd=ROOT, env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT)
        _wait_for("the window to appear", self.geometry)
        time.sleep(0.5)  # its first frames

    def geometry(self) -> tuple[int, int, int, int] | None:
        """(x, y, w, h) of the window titled TITLE, as the X server has it."""
        tree = subprocess.run(["xwininfo", "-root", "-tree"], env=self.env, capture_output=True, text=True).stdout
        match = re.search(rf'"{re.escape(TITLE)}".*?(\d+)x(\d+)\+(-?\d+)\+(-?\d+)', tree)
        if match is None:
            return None
        w, h, x, y = map(int, match.groups())
        return x, y, w, h

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True)
        time.sleep(0.3)  # the window's next frames take the events in

    def key(self, *names: str) -> None:
        self.xdotool("key", "--delay", "80", *names)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "80", text)

    def click(self, x: int, y: int) -> None:
        self.xdotool("mousemove", str(x), str(y))
        self.xdotool("click", "1")

    def point_inside(self) -> None:
        """With no window manager the keys go to the window under the pointer."""
        x, y, w, h = self.geometry()
        self.xdotool("mousemove", str(x + w // 2), str(y + h // 2))

    def moves_to(self, geometry: tuple[int, int, int, int]) -> None:
        _wait_for(f"the window at {geometry} (it is at {self.geometry()})", lambda: self.geometry() == geometry)

    def screenshot(self, path: Path) -> pygame.Surface:
        subprocess.run(["import", "-window", "root", str(path)], env=self.env, check=True)
        return pygame.image.load(str(path))

    def closes(self) -> int:
        """Wait for the program to end by itself; its exit status."""
        try:
            return self.process.wait(WAIT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            pytest.fail(f"the window did not close (log: {self.log.read_text()!r})")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def window(display, tmp_path):
    started: list[XWindow] = []

    def start(*flags: str) -> XWindow:
        started.append(XWindow(display, tmp_path, *flags))
        return started[-1]

    yield start
    for w in started:
        w.stop()


def _controls(tmp_path: Path) -> dict:
    """Where the controls of a default 1280×720 window are: what a script reads from a dump."""
    path = tmp_path / "layout.json"
    subprocess.run([sys.executable, "main.py", "--headless", "--frames", "1", "--dump-state", str(path)], cwd=ROOT,
                   check=True, env=dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy"))
    return json.loads(path.read_text(encoding="utf-8"))["controls"]


def _centre(window: XWindow, rect: list[int]) -> tuple[int, int]:
    x, y, _, _ = window.geometry()
    return x + rect[0] + rect[2] // 2, y + rect[1] + rect[3] // 2


def test_a_box_clicked_twice_keeps_every_key_and_ctrl_q_writes_the_state(window, tmp_path):
    """Click η₀, type 0.5, Enter; click it again and type 1e400: with the old focus bookkeeping
    "1" picked the Constant schedule and "e" opened the export menu (which then ate Ctrl+Q)."""
    box = _controls(tmp_path)["lr0"]["rect"]
    dump = tmp_path / "state.json"
    w = window("--dump-state", str(dump))
    for text in ("0.5", "1e400"):
        w.click(*_centre(w, box))
        w.key("ctrl+a")
        w.type(text)
        w.key("Home", "Right", "End", "Left", "Delete")  # the box's keys, not the epoch's
        w.type(text[-1])
        w.key("BackSpace")
        w.type(text[-1])
        w.key("Return")
    w.key("ctrl+q")
    assert w.closes() == 0
    state = json.loads(dump.read_text(encoding="utf-8"))
    assert (state["schedule"], state["view"], state["overlay"], state["epoch"]) == ("step", "valley", None, 0)
    assert state["lr0"] == 0.5  # 1e400 was typed into the box, refused, and the last good value kept
    assert state["controls"]["lr0"]["text"] == "0.5"


def test_tab_then_enter_gives_a_box_the_keys(window, tmp_path):
    dump = tmp_path / "state.json"
    w = window("--dump-state", str(dump))
    w.point_inside()
    w.key("Tab", "Tab", "Tab", "Return")  # the schedule, the recipe, η₀; Enter types into it
    w.key("ctrl+a")
    w.type("0.3")
    w.key("End", "BackSpace")
    w.type("25")
    w.key("Return", "ctrl+q")
    assert w.closes() == 0
    state = json.loads(dump.read_text(encoding="utf-8"))
    assert (state["lr0"], state["schedule"], state["epoch"], state["focus"]) == (0.25, "step", 0, "lr0")


def _covers_the_screen(w: XWindow, shot: Path) -> None:
    w.moves_to((0, 0, *SCREEN))
    picture = w.screenshot(shot)
    corner = (SCREEN[0] - 3, SCREEN[1] - 3)  # the app's own background, as in a headless frame
    assert tuple(picture.get_at(corner))[:3] == DARK.background


def test_f11_covers_the_screen_and_esc_brings_the_window_back(window, tmp_path):
    dump = tmp_path / "state.json"
    w = window("--size", "1280x720", "--dump-state", str(dump))
    windowed = w.geometry()
    assert windowed == (320, 180, 1280, 720)  # SDL centres it
    w.point_inside()
    w.key("F11")
    _covers_the_screen(w, tmp_path / "fullscreen.png")
    w.key("Escape")
    w.moves_to(windowed)
    w.point_inside()
    w.key("F11")
    _covers_the_screen(w, tmp_path / "again.png")
    w.key("F11")
    w.moves_to(windowed)
    picture = w.screenshot(tmp_path / "windowed.png")
    assert tuple(picture.get_at((100, 100)))[:3] != DARK.background  # the bare screen beside the window
    time.sleep(1.0)  # no late resize event grows it again
    assert w.geometry() == windowed
    w.key("ctrl+q")
    assert w.closes() == 0
    assert json.loads(dump.read_text(encoding="utf-8"))["window"] == {"size": [1280, 720], "fullscreen": False}


def test_a_kiosk_covers_the_screen_and_quits_only_on_its_chord(window, tmp_path):
    w = window("--kiosk")
    _covers_the_screen(w, tmp_path / "kiosk.png")
    w.point_inside()
    w.key("F11", "Escape")
    _covers_the_screen(w, tmp_path / "kiosk-after-keys.png")
    w.key("ctrl+shift+q")
    assert w.closes() == 0


def test_projector_fills_a_1080p_screen_at_the_scale_of_24_px_text(window, tmp_path):
    dump = tmp_path / "state.json"
    w = window("--projector", "--dump-state", str(dump))
    w.moves_to((0, 0, *SCREEN))
    w.point_inside()
    w.key("ctrl+q")
    assert w.closes() == 0
    state = json.loads(dump.read_text(encoding="utf-8"))
    assert state["window"] == {"size": list(SCREEN), "fullscreen": True}
    assert (state["theme"], state["scale"]) == ("projector", 1.5)
