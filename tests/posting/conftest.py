"""Fixtures for the posting end-to-end tests: a server with every toolset whose client reaches the test's sandbox
through a transport that records every request (the sandbox and the MCP client helper are in the root conftest).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.store import Store

from ..conftest import ZONE_NAME, serve


class RecordingTransport(httpx.AsyncBaseTransport):
    """The sandbox's ASGI app as the network, remembering (method, path) of every request the server sends."""

    def __init__(self, app: Starlette) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self.requests: list[tuple[str, str]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.path))
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()

    def creates(self) -> int:
        """How many POST /api/v1/posts requests (creates) reached the sandbox."""
        return sum(1 for method, path in self.requests if method == "POST" and path == "/api/v1/posts")


@pytest.fixture
def transport(app: Starlette) -> RecordingTransport:
    return RecordingTransport(app)


def make_server(store: Store, transport: httpx.AsyncBaseTransport, **overrides: Any) -> MCPServer[Any]:
    """Every toolset, no retries (a test sees each request the server sends), the user's zone Berlin."""
    settings = {"api_key": store.api_key, "timezone": ZONE_NAME, "max_retries": 0, "toolsets": ("all",)}
    return serve(transport, **{**settings, **overrides})


@pytest.fixture
def server(store: Store, transport: RecordingTransport) -> MCPServer[Any]:
    return make_server(store, transport)
