"""A one-off check that the architecture restructure changes no pixel (not a CI test).

Record every frame's hash on the old code, check on the new one:

    python scripts/frame_hashes.py record OUT.json [--only NAME] [--shots DIR]
    python scripts/frame_hashes.py check OUT.json [--only NAME] [--shots DIR]

It uses only `lrgame.cli.main` and pygame (scripted events through `pygame.event.get`, a hash at
each `pygame.display.flip`), so it runs unchanged whatever moves inside the package.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
import pygame

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the lrgame of this checkout, not an installed one
# Fixed, not random: the export menu shows the output folder, so its path is part of the picture.
WORK = Path("/tmp/frame_hashes")


class Action(NamedTuple):
    label: str
    events: list[tuple[int, dict]]  # (event type, attributes), posted together in one frame


_KEY_NAMES = {"Space": "SPACE", "Enter": "RETURN", "Esc": "ESCAPE", "Backspace": "BACKSPACE", "Left": "LEFT",
              "Right": "RIGHT", "Home": "HOME", "End": "END", "[": "LEFTBRACKET", "]": "RIGHTBRACKET",
              "=": "EQUALS", "-": "MINUS"}
_CONTROL_TEXT = {"Enter": "\r", "Esc": "\x1b", "Backspace": "\b"}


def key(chord: str) -> Action:
    """A key press as SDL reports it, e.g. "Shift+C", "Ctrl+=", "Space": KEYDOWN, TEXTINPUT for a
    printable character (none under Ctrl), KEYUP."""
    *mods, name = chord.split("+")
    shift, ctrl = "Shift" in mods, "Ctrl" in mods
    suffix = _KEY_NAMES.get(name, name)
    text = " " if name == "Space" else name if len(name) == 1 else ""
    text = "" if ctrl else text.upper() if shift else text.lower()
    attrs = {"key": getattr(pygame, f"K_{suffix.lower() if len(suffix) == 1 else suffix}"),
             "scancode": getattr(pygame, f"KSCAN_{suffix.upper()}"),
             "mod": (pygame.KMOD_LSHIFT if shift else 0) | (pygame.KMOD_LCTRL if ctrl else 0),
             "unicode": text or _CONTROL_TEXT.get(name, "")}
    events = [(pygame.KEYDOWN, attrs), *([(pygame.TEXTINPUT, {"text": text})] if text else []), (pygame.KEYUP, attrs)]
    return Action(chord, events)


def hover(x: int, y: int) -> Action:
    return Action(f"hover {x},{y}", [(pygame.MOUSEMOTION, {"pos": (x, y), "rel": (0, 0), "buttons": (0, 0, 0),
                                                           "touch": False})])


def click(x: int, y: int) -> Action:
    press = {"pos": (x, y), "button": 1, "touch": False}
    return Action(f"click {x},{y}", [*hover(x, y).events, (pygame.MOUSEBUTTONDOWN, press),
                                     (pygame.MOUSEBUTTONUP, press)])


def type_into(x: int, y: int, text: str) -> list[Action | int]:
    """Click a text box, select all and erase it, type `text`, press Enter."""
    return [click(x, y), 2, key("Ctrl+A"), key("Backspace"), *(key(ch) for ch in text), 2, key("Enter")]


class Scenario(NamedTuple):
    argv: list[str]
    steps: list[Action | str | int]  # a number runs that many frames; a string is a key chord


# The η₀ text box (its centre) at each size, as the baseline screenshots show it.
LR0_BOX = {"1024x600": (233, 93), "1280x720": (291, 117), "1920x1080/projector": (436, 175)}

SCENARIOS: dict[str, Scenario] = {
    "play_1280": Scenario(["--size", "1280x720"], [
        hover(650, 560), 5, "Space", 150, "Space", 5, "Left", 3, "Right", 3, "Right", 3, "Shift+Right", 5,
        "Home", 5, "End", 10, "Space", 60, "L", 30, hover(800, 120), 20, "L", 10, "Shift+R", 10,
    ]),
    "schedules_1024": Scenario(["--size", "1024x600"], [
        hover(700, 100), 3, *[x for d in "123456789" for x in (d, 12)], *[x for _ in range(6) for x in ("]", 12)],
        "[", 12, "[", 12, "Space", 60, hover(600, 450), 20,
    ]),
    "race_1280": Scenario(["--size", "1280x720"], [
        "5", 3, "Shift+C", 10, "8", 3, "Shift+C", 10, "1", 3, "Shift+C", 10, "C", 20, hover(700, 500), 5,
        "Space", 150, "C", 20,
    ]),
    "train_1920": Scenario(["--size", "1920x1080"], [
        "5", 3, "T", 100, hover(1000, 550), 10, "Space", 60, "T", 10,
    ]),
    "grand_1280": Scenario(["--size", "1280x720"], [
        "Shift+T", 100, hover(900, 600), 10, "Esc", 10,
    ]),
    "range_1024": Scenario(["--size", "1024x600"], [
        "G", 200, hover(700, 450), 10, "Enter", 30, "T", 40,
    ]),
    "overlays_1280": Scenario(["--size", "1280x720"], [
        "I", 30, "I", 5, "H", 30, "Esc", 5, "E", 30, "Esc", 5, "Ctrl+O", 30, "Esc", 5,
    ]),
    "note_1280": Scenario(["--size", "1280x720"], [
        # A box just left with Enter stays in pygame_gui's focus set, so a click on it would not
        # focus it again: a click on the panel's empty middle comes between the two.
        5, *type_into(*LR0_BOX["1280x720"], "abc"), 40, click(150, 370), 5, *type_into(*LR0_BOX["1280x720"], "1e400"),
        40,
    ]),
    "note_1024_scale": Scenario(["--size", "1024x600"], [
        5, *type_into(*LR0_BOX["1024x600"], "abc"), 30, "Ctrl+=", 30, "Ctrl+-", 30, "Ctrl+-", 30, "Ctrl+=", 30,
    ]),
    "projector_1920": Scenario(["--size", "1920x1080", "--projector", "--preset", "sgdr", "--play"], [
        hover(1200, 900), 60, *type_into(*LR0_BOX["1920x1080/projector"], "abc"), 20, "Ctrl+-", 20,
        "Ctrl+=", 20, "H", 20, "Esc", 5, "P", 20, "Ctrl+=", 20, "Ctrl+-", 20, "P", 30,
    ]),
    "views_projector_1920": Scenario(["--size", "1920x1080", "--projector"], [
        "Shift+C", 3, "]", 3, "Shift+C", 3, "C", 40, "C", 3, "T", 80, hover(1300, 650), 10, "G", 60, "Shift+T", 60,
        "Esc", 10,
    ]),
    "projector_key_1024": Scenario(["--size", "1024x600", "--schedule", "one_cycle", "--lr0", "0.5"], [
        "P", 20, "I", 20, "I", 5, "Space", 60, "E", 20, "Esc", 5, "Shift+R", 20,
    ]),
}


def _timeline(steps: list[Action | str | int]) -> tuple[dict[int, Action], int]:
    """The frame each action is posted at, and the frames in all."""
    frame, at = 0, {}
    for step in steps:
        if isinstance(step, int):
            frame += step
        else:
            at[frame] = key(step) if isinstance(step, str) else step
            frame += 1
    return at, frame


def _write_setups(folder: Path) -> None:
    """Two saved setups, so the Ctrl+O list has rows; fixed times keep their order."""
    folder.mkdir(parents=True)
    for i, (schedule, lr0) in enumerate((("cosine", 0.2), ("one_cycle", 0.5))):
        path = folder / f"lesson-{i + 1}.json"
        path.write_text(json.dumps({"format": "lrgame-setup", "version": 1, "schedule": schedule, "lr0": lr0,
                                    "epochs": 60}), encoding="utf-8")
        os.utime(path, (1_700_000_000 + i, 1_700_000_000 + i))


def play(name: str) -> None:
    """Run one scenario in this process (the child's side) and write WORK/NAME/result.json."""
    from lrgame import cli

    work = WORK / name
    at, frames = _timeline(SCENARIOS[name].steps)
    expected_file = work / "expected.json"
    expected = json.loads(expected_file.read_text()) if expected_file.exists() else None
    hashes: list[str] = []
    differed = False
    real_flip, real_get = pygame.display.flip, pygame.event.get

    def flip() -> None:
        nonlocal differed
        real_flip()
        surface = pygame.display.get_surface()
        digest = hashlib.blake2b(pygame.image.tobytes(surface, "RGB"), digest_size=16).hexdigest()
        n = len(hashes)
        if expected is not None and not differed and expected[n:n + 1] != [digest]:  # the first new frame
            pygame.image.save(surface, str(work / f"frame-{n:05d}.png"))
            differed = True
        hashes.append(digest)

    def get(*args, **kwargs) -> list[pygame.event.Event]:
        action = at.pop(len(hashes), None)
        scripted = [pygame.event.Event(kind, attrs) for kind, attrs in action.events] if action else []
        return real_get(*args, **kwargs) + scripted

    pygame.display.flip, pygame.event.get = flip, get
    state = work / "state.json"
    status = cli.main(["--headless", "--frames", str(frames), "--dump-state", str(state),
                       "--screenshot", str(work / "last.png"), *SCENARIOS[name].argv])
    if status != 0:
        sys.exit(f"{name}: lrgame exited with status {status}")
    result = {"frames": hashes, "state": json.loads(state.read_text())}
    (work / "result.json").write_text(json.dumps(result), encoding="utf-8")


def run(name: str, expected: list[str] | None) -> dict:
    """One scenario in a fresh process, with a fresh home and output folder; given the expected
    hashes, it saves the first frame that differs."""
    work = WORK / name
    shutil.rmtree(work, ignore_errors=True)
    _write_setups(work / "output")
    (work / "home").mkdir()
    if expected is not None:
        (work / "expected.json").write_text(json.dumps(expected), encoding="utf-8")
    env = {**os.environ, "HOME": str(work / "home"), "LRGAME_OUTPUT": str(work / "output")}
    subprocess.run([sys.executable, __file__, "play", name], env=env, check=True)
    return json.loads((work / "result.json").read_text())


def compare(name: str, old: dict, new: dict) -> bool:
    """Print whether the scenario drew the same; say where and after what it first did not."""
    if old == new:
        print(f"{name}: same ({len(new['frames'])} frames)")
        return True
    a, b = old["frames"], new["frames"]
    first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    if first < max(len(a), len(b)):
        at, _ = _timeline(SCENARIOS[name].steps)
        before = max((f for f in at if f <= first), default=None)
        after = "no action yet" if before is None else f"after {at[before].label!r} at frame {before}"
        print(f"{name}: frame {first} differs ({after}; {len(a)} frames recorded, {len(b)} now); "
              f"the new one is in {WORK / name / f'frame-{first:05d}.png'}")
    changed = sorted(k for k in old["state"].keys() | new["state"].keys() if old["state"].get(k) != new["state"].get(k))
    if changed:
        print(f"{name}: state differs in {', '.join(changed)}")
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("record", "check", "play"))
    parser.add_argument("target", help="OUT.json for record and check; a scenario name for play (internal)")
    parser.add_argument("--only", choices=SCENARIOS, help="run this scenario only")
    parser.add_argument("--shots", type=Path, help="save each scenario's last frame here as NAME.png")
    args = parser.parse_args()
    if args.command == "play":
        play(args.target)
        return 0
    out = Path(args.target)
    names = [args.only] if args.only else list(SCENARIOS)
    recorded = json.loads(out.read_text()) if args.command == "check" else None
    results, same = {}, True
    for name in names:
        old = None if recorded is None else recorded.get(name, {"frames": [], "state": {}})
        results[name] = run(name, None if old is None else old["frames"])
        if args.shots:
            args.shots.mkdir(parents=True, exist_ok=True)
            shutil.copy(WORK / name / "last.png", args.shots / f"{name}.png")
        if old is None:
            print(f"{name}: {len(results[name]['frames'])} frames")
        else:
            same = compare(name, old, results[name]) and same
    if recorded is None:
        out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
