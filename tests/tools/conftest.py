"""Fixtures for the tool tests: one server for the whole session, pointed at each test's fresh sandbox.

The sandbox, the MCP client helper and the shared constants are in the root conftest.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from ..conftest import ZONE_NAME, serve

#: the 19 documented tools
DOCUMENTED_TOOLS = (
    "accounts_list", "accounts_get",
    "profiles_list", "profiles_get", "profiles_create", "profiles_update", "profiles_delete",
    "posts_list", "posts_get", "posts_create", "posts_publish_now", "posts_cross_post", "posts_update",
    "posts_delete", "posts_retry", "posts_list_failed", "posts_retry_all_failed",
    "media_generate_upload_link", "media_check_upload_status",
)  # fmt: skip

#: A small but real PNG (the upload page checks magic bytes).
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa75\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


class Router(httpx.AsyncBaseTransport):
    """The shared server's network: whichever sandbox app the current test points it at."""

    def __init__(self) -> None:
        self.app: Starlette | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert self.app is not None, "no sandbox for this test"
        return await httpx.ASGITransport(app=self.app).handle_async_request(request)


def make_server(app: Starlette | httpx.AsyncBaseTransport, **overrides: Any) -> MCPServer[Any]:
    """A server for the sandbox `app` (or any transport): the user's zone is Berlin, retries are few."""
    return serve(app, **{"timezone": ZONE_NAME, "max_retries": 2, **overrides})


@pytest.fixture(scope="session")
def router() -> Router:
    return Router()


@pytest.fixture(scope="session")
def shared_server(router: Router) -> MCPServer[Any]:
    return make_server(router)


@pytest.fixture
def server(shared_server: MCPServer[Any], router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    """The server, talking to this test's fresh sandbox."""
    router.app = app
    yield shared_server
    router.app = None
