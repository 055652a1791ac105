"""lrgame: learning-rate schedules you can watch, exact to PyTorch."""
