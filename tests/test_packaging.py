"""The wheel: built for real, installed in a fresh virtual environment, run from elsewhere."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds and installs a wheel

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    [built] = out.glob("treatyreg-*.whl")
    return built


def test_wheel_contents(wheel: Path) -> None:
    """The wheel ships the dataset, the type marker and the code, and no tests."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "treatyreg/_data/agreements.yaml" in names
    assert "treatyreg/py.typed" in names
    assert "treatyreg/registry.py" in names
    assert not any(n.startswith("tests/") for n in names)
    shipped = zipfile.ZipFile(wheel).read("treatyreg/_data/agreements.yaml")
    assert shipped == (ROOT / "data" / "agreements.yaml").read_bytes()


def test_installed_wheel_runs_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    """In a new venv with only the wheel and its dependencies, `treatyreg list` and
    `load_default()` work from a folder far from the source tree."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bindir = env_dir / "bin"
    subprocess.run(
        [str(bindir / "python"), "-m", "pip", "install", "-q", str(wheel)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    listed = subprocess.run(
        [str(bindir / "treatyreg"), "list"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert "ru-so-2023-military-technical-cooperation" in listed.stdout
    code = (
        "import treatyreg, sys; r = treatyreg.load_default(); "
        "print(len(r), treatyreg.loading.default_path())"
    )
    loaded = subprocess.run(
        [str(bindir / "python"), "-c", code],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    count, path = loaded.stdout.split()
    assert int(count) >= 9
    assert "site-packages" in path
