"""The official SDK is the contract tests' reference, never a runtime dependency of the server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
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
"""


def test_building_the_server_and_the_sandbox_imports_no_sdk() -> None:
    # A fresh interpreter: this test process imports the SDK for the other contract tests.
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.strip() == "", f"late_mcp imported the SDK at runtime: {done.stdout.strip()}"


def test_the_sdk_is_a_dev_group_only() -> None:
    # Read as text (tomllib is 3.11+, the project supports 3.10): the runtime list ends at its first "]".
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    runtime = text.split("dependencies = [", 1)[1].split("]", 1)[0]
    groups = text.split("[dependency-groups]", 1)[1].split("\n[", 1)[0]
    assert "late-sdk" not in runtime
    assert '"late-sdk==1.4.1385"' in groups.split("contract = [", 1)[1].split("]", 1)[0]
    assert '{ include-group = "contract" }' in groups.split("dev = [", 1)[1].split("]", 1)[0]
