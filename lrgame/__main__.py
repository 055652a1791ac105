"""The program's entry (`python main.py`, `python -m lrgame`, the `lrgame` command): the collector
is paused for start-up first (`lrgame.app.heap`), then the command line runs."""

from __future__ import annotations

import sys

from lrgame.app.heap import pause_for_start_up


def main() -> int:
    pause_for_start_up()
    from lrgame.cli import main as run  # after the pause: the imports are a third of start-up

    return run()


if __name__ == "__main__":
    sys.exit(main())
