"""A real (small) network trained under a schedule: the proof behind the ball in the valley."""
