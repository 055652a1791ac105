"""lrgame: learning-rate schedules you can watch, exact to PyTorch."""

import os

# pygame-ce greets on import; a classroom tool and its test output have no use for that.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
# The training view's matrices are tiny (300×64): OpenBLAS's thread hand-off costs several times
# the multiplication itself (measured 430 µs threaded vs 75 µs on one thread). Before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
