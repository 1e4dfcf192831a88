"""Fixtures for the security suite: a sandbox API on a loopback port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from late_mcp.sandbox.runner import RunningSandbox, start_sandbox


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    running = start_sandbox(data_dir=":memory:")
    try:
        yield running
    finally:
        running.stop()
