"""Regenerate the README's screenshots: `python -m lrgame.shots docs` (headless, deterministic)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import pygame  # noqa: E402

from lrgame.app.launch import LaunchOptions  # noqa: E402
from lrgame.app.modes.train import TrainMode  # noqa: E402
from lrgame.app.window import App  # noqa: E402
from lrgame.sim.intents import AddToRace, SelectSchedule, SetValue, Step, ToggleForks, ToggleRace  # noqa: E402
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
    # The train view at the network's defaults at the end of the run, trained to it (training runs
    # ahead; the view shows the run's epoch once it is trained): the test loss dashed beside the
    # training loss, the final test figures beside the picture.
    app = App(LaunchOptions(settings=make_settings("cosine"), epoch=100, headless=True, view="train"))
    for _ in range(100):  # one epoch a frame at batch 32; a bound, should training ever stall
        if app.find(TrainMode).run.done:
            break
        _frames(app, 2)
    _frames(app, 2)
    pygame.image.save(app.window, str(out / "train.png"))
    pygame.quit()
    _landscape(out)


def _landscape_app(schedule: str, surface: str, **changes: object) -> App:
    """The landscape on `surface` at its defaults under `schedule` (and `changes`), at its last step."""
    app = App(LaunchOptions(settings=make_settings(schedule), headless=True, view="landscape"))
    app.apply(SetValue("surface", surface))
    for key, value in changes.items():
        app.apply(SetValue(key, value))
    app.apply(SetValue("epoch", app.sim.settings.epochs))
    _frames(app, 60)
    return app


def _landscape(out: Path) -> None:
    """The ravine under a constant rate (left) and cosine (right), the right of the window side by
    side: with noise, only the falling rate sinks to the bottom. The two basins under warm restarts
    (SGDR, a restart every 250 steps): the restart at step 250 kicks the path out of the shallow
    basin into the deep one."""
    halves = []
    for schedule in ("constant", "cosine"):
        app = _landscape_app(schedule, "ravine")
        right = app.window.get_rect()
        right.width -= app.scene.layout.panel.width
        right.x = app.scene.layout.panel.width
        halves.append(app.window.subsurface(right).copy())
        pygame.quit()
    pygame.display.init()
    both = pygame.Surface((halves[0].get_width() * 2, halves[0].get_height()))
    both.blit(halves[0], (0, 0))
    both.blit(halves[1], (halves[0].get_width(), 0))
    pygame.image.save(both, str(out / "landscape-ravine.png"))
    pygame.quit()
    app = _landscape_app("cosine_restarts", "basins", **{"param.T_0": 250, "seed": 1})
    pygame.image.save(app.window, str(out / "landscape-basins.png"))
    pygame.quit()
    river_forks(out)


def river_forks(out: Path, theme: str = "dark", size: tuple[int, int] = (1280, 720)) -> None:
    """The river valley's cooldowns forked from one constant run (F): the trunk, five branches each
    ending lower, and the parts along and across the river against the steps."""
    app = App(LaunchOptions(settings=make_settings("constant"), headless=True, theme=theme, size=size))
    app.apply(ToggleForks())
    _frames(app, 30)
    pygame.image.save(app.window, str(out / ("landscape-river-forks.png" if theme == "dark"
                                             else f"landscape-river-forks-{theme}.png")))
    pygame.quit()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
