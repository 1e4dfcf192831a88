"""Fixtures for the security suite: the sandbox served on a loopback port (from the root conftest)."""

from __future__ import annotations

import pytest

from late_mcp.sandbox.runner import RunningSandbox


@pytest.fixture
def sandbox(live_sandbox: RunningSandbox) -> RunningSandbox:
    """The server under test reaches the sandbox over a real socket."""
    return live_sandbox
