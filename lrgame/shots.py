"""Regenerate the README's screenshots: `python -m lrgame.shots docs` (headless, deterministic)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pygame  # noqa: E402

from lrgame.app.launch import LaunchOptions  # noqa: E402
from lrgame.app.window import App  # noqa: E402
from lrgame.sim.intents import AddToRace, SelectSchedule, Step, ToggleRace  # noqa: E402
from lrgame.sim.optimizer_choice import make_optimizer  # noqa: E402
from lrgame.sim.settings import make_settings  # noqa: E402


def _frames(app: App, n: int) -> None:
    for _ in range(n):
        app.frame(1 / 60)


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    app = App(LaunchOptions(settings=make_settings("step"), epoch=40, headless=True))
    _frames(app, 60)
    pygame.image.save(app.window, str(out / "screenshot.png"))
    for index in (1, 4, 7):  # step, cosine, one-cycle
        app.apply(SelectSchedule(index))
        app.apply(AddToRace())
    app.apply(ToggleRace())
    app.apply(Step(-10))
    app.messages.toast = None
    _frames(app, 60)
    pygame.image.save(app.window, str(out / "compare.png"))
    pygame.quit()
    # The projector theme on a 1080p classroom projector (its text is 24 px and more).
    app = App(LaunchOptions(settings=make_settings("warmup_cosine"), epoch=30, size=(1920, 1080), headless=True,
                            theme="projector"))
    _frames(app, 60)
    pygame.image.save(app.window, str(out / "projector.png"))
    pygame.quit()
    # One-cycle driving SGD's momentum (0.95 → 0.85 → 0.95, drawn under the rate), the ball carrying velocity.
    momentum = make_optimizer("sgd", momentum=0.9)
    app = App(LaunchOptions(settings=make_settings("one_cycle", optimizer=momentum), epoch=30, headless=True))
    _frames(app, 60)
    pygame.image.save(app.window, str(out / "momentum.png"))
    pygame.quit()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
