"""The one build step pyproject.toml cannot say: `assets/` stays at the top of the repository (the
design card), and the wheel carries it inside the package as `lrgame/assets`, where the installed
program finds it (lrgame/look/theme.py). Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["lrgame", "lrgame.*"]), "lrgame.assets"],
    package_dir={"lrgame.assets": "assets"},
    package_data={"lrgame.assets": ["*.json", "fonts/*"]},
)
