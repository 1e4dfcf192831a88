"""Fixtures for the streamable HTTP tests: a recording stand-in API on loopback, the sandbox."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from late_mcp.sandbox.runner import RunningSandbox

from ._servers import Recorder, loopback_socket


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    rec = Recorder()
    sock = loopback_socket()
    port = sock.getsockname()[1]
    config = uvicorn.Config(rec.app(), log_config=None, access_log=False, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "the recorder did not start"
        time.sleep(0.01)
    rec.base_url = f"http://127.0.0.1:{port}/api"
    try:
        yield rec
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture
def sandbox(live_sandbox: RunningSandbox) -> RunningSandbox:
    """The HTTP servers reach the sandbox over a real socket."""
    return live_sandbox
