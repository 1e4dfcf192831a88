"""End-to-end fixtures: the installed console script, and a sandbox API on a loopback port."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from late_mcp.sandbox.runner import RunningSandbox


@pytest.fixture(scope="session")
def late_mcp_exe() -> str:
    """The console script installed in this environment (what `uvx`/a host would run)."""
    candidate = Path(sys.executable).parent / "late-mcp"
    found = str(candidate) if candidate.exists() else shutil.which("late-mcp")
    if not found:
        pytest.fail("the late-mcp console script is not installed; run `uv sync`")
    return found


@pytest.fixture
def sandbox(live_sandbox: RunningSandbox) -> RunningSandbox:
    """The console script reaches the sandbox over a real socket."""
    return live_sandbox
