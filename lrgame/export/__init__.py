"""Ways to take a schedule out of the simulator: PyTorch code, CSV, PNG."""
