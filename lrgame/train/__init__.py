"""A real (small) network trained under a schedule: the proof behind the ball in the valley.

numpy only (no pygame, no torch):

- `data`: the seeded three-armed spiral;
- `mlp`: the 2-64-64-3 ReLU network, softmax cross-entropy, exact backpropagation;
- `run`: `TrainingRun` (a few epochs at a time, for a window) and `train` (all at once);
- `compare`: the grand comparison of every schedule against constant-rate baselines;
- `range_test`: Smith's learning-rate range test and its suggested η₀;
- `sharpness`: the training loss's sharpness (exact Hessian-vector products, Lanczos), for the edge of stability;
- `plateau`: PyTorch's ReduceLROnPlateau as a loss-driven controller;
- `bench`: speed measurements (`python main.py bench --what train`; the window part loads pygame).
"""
