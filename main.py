"""Start lrgame: `python main.py` opens the simulator; `python main.py --help` lists the rest."""

import sys

from lrgame.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
