"""The wheel: it carries assets/ (as lrgame/assets), and the installed program, console script and
all, runs from a folder outside the checkout. (CI also installs it into a fresh venv: .ci/run.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("lrgame", "assets", "setup.py", "pyproject.toml", "README.md")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (a build writes build/ and *.egg-info beside them)."""
    pytest.importorskip("setuptools")
    work = tmp_path_factory.mktemp("wheel")
    for name in SOURCES:
        source = ROOT / name
        if not source.exists():
            continue
        if source.is_dir():
            shutil.copytree(source, work / "src" / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, work / "src" / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(work / "dist"), str(work / "src")], check=True, capture_output=True, timeout=300)
    (built,) = (work / "dist").glob("lrgame-*.whl")
    return built


def test_the_wheel_carries_every_asset(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assets = {f"lrgame/assets/{p.relative_to(ROOT / 'assets').as_posix()}" for p in (ROOT / "assets").rglob("*")
              if p.is_file()}
    assert {"lrgame/assets/theme.json", "lrgame/assets/fonts/DejaVuSans.ttf"} <= assets <= names
    packages = {p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "lrgame").rglob("__init__.py")}
    assert {f"{p}/__init__.py" for p in packages} <= names  # every subpackage, found by setup.py


@pytest.mark.slow
def test_the_installed_wheel_runs_from_any_folder(wheel: Path, tmp_path: Path) -> None:
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(site),
                    str(wheel)], check=True, capture_output=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(site), "SDL_VIDEODRIVER": "dummy", "LRGAME_OUTPUT": str(tmp_path / "out")}
    script = site / "bin" / "lrgame"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*args], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)

    where = run(sys.executable, "-c", "import lrgame.look.theme as t, lrgame; print(lrgame.__file__, t.ASSETS)")
    assert where.stdout.split() == [str(site / "lrgame" / "__init__.py"), str(site / "lrgame" / "assets")]
    shown = run(str(script), "--headless", "--frames", "5", "--projector", "--screenshot", "shot.png")
    assert (shown.returncode, shown.stderr) == (0, "") and (elsewhere / "shot.png").stat().st_size > 10_000
    curve = run(str(script), "export", "--schedule", "cosine", "--lr0", "0.1", "--epochs", "50")
    assert curve.returncode == 0 and curve.stdout.startswith("epoch,lr\n0,0.1\n")
