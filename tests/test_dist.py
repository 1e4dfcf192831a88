"""The wheel and the sdist `uv build` makes hold the package, its data files and the license, and no tests or
caches (scripts/check_dist.py says what is checked; scripts/build_check.sh also installs and runs the wheel)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

from .environment import missing

ROOT = Path(__file__).resolve().parents[1]


def _check_dist() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_dist", ROOT / "scripts" / "check_dist.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_dist"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    uv = shutil.which("uv")
    if uv is None:
        missing("uv is not on PATH: cannot build the package")
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([uv, "build", "--out-dir", str(out), str(ROOT)], check=True, capture_output=True, timeout=300)
    return out


def test_the_built_wheel_and_sdist_hold_what_they_should(dist: Path) -> None:
    assert _check_dist().check(dist) == []


def test_the_check_catches_a_wheel_with_tests_and_no_license(dist: Path, tmp_path: Path) -> None:
    """The check itself can fail: a wheel that ships tests and lost its license and upload page is refused."""
    wheel = next(dist.glob("*.whl"))
    bad = tmp_path / wheel.name
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            if not item.filename.endswith(("LICENSE", "upload_page.html")):
                dst.writestr(item, src.read(item))
        dst.writestr("tests/test_x.py", "")
    shutil.copy(next(dist.glob("*.tar.gz")), tmp_path)
    problems = "\n".join(_check_dist().check(tmp_path))
    assert "license" in problems
    assert "upload_page.html is missing" in problems
    assert "tests/test_x.py should not be shipped" in problems


def test_the_sdist_has_no_tests_caches_or_notes(dist: Path) -> None:
    with tarfile.open(next(dist.glob("*.tar.gz"))) as tf:
        names = tf.getnames()
    assert not [n for n in names if "/tests/" in n or "__pycache__" in n or "/.venv" in n]
    assert any(n.endswith("/docs/tools.md") for n in names)
