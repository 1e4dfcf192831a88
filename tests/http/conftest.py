"""Fixtures for the streamable HTTP tests: a recording stand-in API on loopback, the sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from late_mcp.sandbox.runner import RunningSandbox
from late_mcp.sandbox.seed import seeded_store
from late_mcp.sandbox.store import Store

from ._servers import Recorder, serving


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    rec = Recorder()
    with serving(rec.app(), lifespan="off") as url:
        rec.base_url = f"{url}/api"
        yield rec


@pytest.fixture
def two_stores() -> Iterator[tuple[Store, Store]]:
    """Two users' workspaces (each sandbox store has its own random key)."""
    stores = (seeded_store(":memory:"), seeded_store(":memory:"))
    yield stores
    for store in stores:
        store.close()


@pytest.fixture
def sandbox(live_sandbox: RunningSandbox) -> RunningSandbox:
    """The HTTP servers reach the sandbox over a real socket."""
    return live_sandbox
