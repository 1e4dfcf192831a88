"""Check what `uv build` made: the wheel and the sdist hold the package, its data and the license, and nothing else.

Run: uv run python scripts/check_dist.py dist/   (exit 1 with the problems listed; scripts/build_check.sh runs it)
"""

from __future__ import annotations

import sys
import tarfile
import zipfile
from pathlib import Path

PACKAGE = "late_mcp"
#: files the package needs at run time besides its modules
DATA = ("py.typed", "sandbox/upload_page.html")
#: never shipped: the test suite, caches, compiled files, the repository's own helpers, local notes
FORBIDDEN = ("tests/", "__pycache__", ".pyc", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".venv", ".ci/", ".github")


def _problems(names: list[str], where: str, package_root: str, license_path: str, version: str) -> list[str]:
    found: list[str] = []
    for data in DATA:
        if f"{package_root}{PACKAGE}/{data}" not in names:
            found.append(f"{where}: {PACKAGE}/{data} is missing")
    for module in ("__init__.py", "cli.py", "server.py", "sandbox/app.py"):
        if f"{package_root}{PACKAGE}/{module}" not in names:
            found.append(f"{where}: {PACKAGE}/{module} is missing")
    if license_path not in names:
        found.append(f"{where}: the license ({license_path}) is missing")
    found += [f"{where}: {name} should not be shipped" for name in names if any(bad in name for bad in FORBIDDEN)]
    return found


def check(dist: Path) -> list[str]:
    """Every problem with the one wheel and one sdist in `dist`; an empty list when both are right."""
    from late_mcp import __version__ as version

    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    if len(wheels) != 1 or len(sdists) != 1:
        return [f"{dist}: expected one wheel and one sdist, found {[p.name for p in [*wheels, *sdists]]}"]
    wheel, sdist = wheels[0], sdists[0]
    found: list[str] = []
    if f"-{version}-" not in wheel.name or not sdist.name.endswith(f"-{version}.tar.gz"):
        found.append(f"built {wheel.name}, {sdist.name}, but __version__ is {version}")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        info = f"{PACKAGE}-{version}.dist-info"
        found += _problems(names, wheel.name, "", f"{info}/licenses/LICENSE", version)
        metadata = zf.read(f"{info}/METADATA").decode() if f"{info}/METADATA" in names else ""
        entry_points = zf.read(f"{info}/entry_points.txt").decode() if f"{info}/entry_points.txt" in names else ""
    for field in ("Name: late-mcp", f"Version: {version}", "License-Expression: MIT", "Requires-Python:",
                  "Classifier:", "Project-URL:", "Description-Content-Type: text/markdown"):  # fmt: skip
        if field not in metadata:
            found.append(f"{wheel.name}: METADATA has no {field!r}")
    if "late-mcp = late_mcp.cli:main" not in entry_points:
        found.append(f"{wheel.name}: no late-mcp console script")
    root = f"{PACKAGE}-{version}/"
    with tarfile.open(sdist) as tf:
        names = tf.getnames()
    found += _problems(names, sdist.name, f"{root}src/", f"{root}LICENSE", version)
    for name in ("README.md", "pyproject.toml", "CHANGELOG.md"):
        if f"{root}{name}" not in names:
            found.append(f"{sdist.name}: {name} is missing")
    return found


def main(argv: list[str]) -> int:
    dist = Path(argv[0] if argv else "dist")
    problems = check(dist)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"{dist}: the wheel and the sdist hold what they should", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
