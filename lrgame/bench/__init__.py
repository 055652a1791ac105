"""Speed and memory measurements (`python main.py bench`): ratios side by side in one run."""
