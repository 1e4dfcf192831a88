"""A server offering every toolset (or any settings), on the shared per-test sandbox router of conftest.

Built once per distinct settings: building a server costs pydantic work, and the router points it at the
current test's sandbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from .conftest import Router, make_server

_SERVERS: dict[tuple[tuple[str, Any], ...], MCPServer[Any]] = {}


@contextmanager
def serving(router: Router, app: Starlette, **overrides: Any) -> Iterator[MCPServer[Any]]:
    """The server for these settings (default: every toolset), talking to `app` for the duration."""
    overrides.setdefault("toolsets", ("all",))
    key = tuple(sorted(overrides.items()))
    server = _SERVERS.get(key)
    if server is None:
        server = _SERVERS[key] = make_server(router, **overrides)
    router.app = app
    try:
        yield server
    finally:
        router.app = None
