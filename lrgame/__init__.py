"""lrgame: learning-rate schedules you can watch, exact to PyTorch."""

import os

# pygame-ce greets on import; a classroom tool and its test output have no use for that.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
