"""The schedule engine: every rate exact to PyTorch's lr_scheduler; numpy and the standard library only."""
