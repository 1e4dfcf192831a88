"""The official SDK is the contract tests' reference, never a dependency of the server nor installed in its venv.

late-sdk ships a console script named `late-mcp` (its own MCP server): installed next to ours, whichever package
was installed last owns .venv/bin/late-mcp, so `uv run late-mcp` could start the SDK's. It lives in a venv of its
own (tests/contract/sdk, see conftest.py); these tests check the project's venv and lock file stay without it.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from importlib.metadata import distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SDK_PROJECT = ROOT / "tests" / "contract" / "sdk"
#: the venv pytest runs in (the project's; the SDK's site-packages is only appended to sys.path)
VENV_PACKAGES = sysconfig.get_path("purelib")
SYNC_HINT = "run `uv sync --reinstall-package late-mcp` (or delete .venv and `uv sync`)"

_PROBE = """
import importlib.util
import sys
from late_mcp.config import Settings
from late_mcp.server import build_server
from late_mcp.client import operations
from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.seed import seeded_store

build_server(Settings(api_key="k", toolsets=("all",)))
operations()
create_app(seeded_store(":memory:"))
loaded = sorted(name for name in sys.modules if name == "late" or name.startswith("late."))
print(",".join(loaded))
print(importlib.util.find_spec("late") is not None)
"""


def test_building_the_server_and_the_sandbox_imports_no_sdk() -> None:
    # A fresh interpreter: this test process imports the SDK for the other contract tests.
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120, check=True)
    loaded, importable = done.stdout.splitlines()
    assert loaded == "", f"late_mcp imported the SDK at runtime: {loaded}"
    assert importable == "False", f"the project's interpreter can import the SDK's `late`: {SYNC_HINT}"


def test_the_projects_venv_has_no_sdk() -> None:
    installed = {dist.metadata["Name"].lower() for dist in distributions(path=[VENV_PACKAGES])}
    assert "late-mcp" in installed, f"{VENV_PACKAGES} is not the project's venv"
    assert "late-sdk" not in installed, f"late-sdk is installed in the project's venv: {SYNC_HINT}"


def test_the_venvs_late_mcp_command_is_ours() -> None:
    scripts = [
        f"{dist.metadata['Name']}: {ep.value}"
        for dist in distributions(path=[VENV_PACKAGES])
        for ep in dist.entry_points
        if ep.group == "console_scripts" and ep.name == "late-mcp"
    ]
    assert scripts == ["late-mcp: late_mcp.cli:main"], f"`late-mcp` commands in the venv: {scripts}; {SYNC_HINT}"
    if sys.platform != "win32":  # elsewhere a launcher .exe, not a text script
        script = Path(sysconfig.get_path("scripts")) / "late-mcp"
        assert script.is_file(), f"{script} is missing: {SYNC_HINT}"
        text = script.read_text(encoding="utf-8")
        assert "from late_mcp.cli import main" in text, f"{script} is not late-mcp's: {SYNC_HINT}\n{text}"


def test_the_sdk_is_pinned_in_its_own_project_only() -> None:
    # Read as text (tomllib is 3.11+, the project supports 3.10).
    assert '"late-sdk' not in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'name = "late-sdk"' not in (ROOT / "uv.lock").read_text(encoding="utf-8")
    assert '"late-sdk==1.4.1385"' in (SDK_PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    pinned = (SDK_PROJECT / "uv.lock").read_text(encoding="utf-8").split('name = "late-sdk"\n', 1)[1]
    assert pinned.startswith('version = "1.4.1385"\n')
