"""Fixtures for the issue-4 end-to-end tests: a fresh sandbox per test, a server whose LateClient reaches it in
process through a transport that records every request, and a real MCP client opened inside each test.

The MCP client is never held across a yield fixture (pytest-asyncio runs a fixture's setup and teardown in
different tasks, and the SDK's cancel scopes refuse that): tests open it with ``async with session(server)``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult, TextContent
from starlette.applications import Starlette

from late_mcp.config import Settings
from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.seed import seeded_store
from late_mcp.sandbox.store import Store
from late_mcp.server import build_server

ROOT = "http://127.0.0.1"
BASE_URL = f"{ROOT}/api"
ZONE_NAME = "Europe/Berlin"
BERLIN = ZoneInfo(ZONE_NAME)


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


@dataclass
class Sandbox:
    """The sandbox behind the server, read with the demo key (what a test asserts is the API's stored state)."""

    app: Starlette
    store: Store

    @asynccontextmanager
    async def _http(self) -> AsyncIterator[httpx.AsyncClient]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=ROOT) as http:
            yield http

    async def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        async with self._http() as http:
            headers = {"Authorization": f"Bearer {self.store.api_key}"}
            return await http.request(method, f"/api/v1/{path.lstrip('/')}", headers=headers, **kwargs)

    async def get(self, path: str, **params: Any) -> dict[str, Any]:
        response = await self.api("GET", path, params=params)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def post(self, post_id: str) -> dict[str, Any]:
        """A post as GET /v1/posts/{id} shows it."""
        post: dict[str, Any] = (await self.get(f"posts/{post_id}"))["post"]
        return post

    async def total(self) -> int:
        return int((await self.get("posts", limit=1))["pagination"]["total"])

    async def fetch(self, url: str) -> httpx.Response:
        """Any URL the sandbox serves (a media publicUrl), without the key, as a browser would."""
        async with self._http() as http:
            return await http.get(url)

    async def control(self, path: str, body: Any) -> Any:
        async with self._http() as http:
            response = await http.post(f"/_sandbox/{path.lstrip('/')}", json=body)
        assert response.status_code < 300, response.text
        return response.json()


@pytest.fixture
def store() -> Iterator[Store]:
    opened = seeded_store(":memory:")
    yield opened
    opened.close()


@pytest.fixture
def app(store: Store) -> Starlette:
    return create_app(store)


@pytest.fixture
def sandbox(app: Starlette, store: Store) -> Sandbox:
    return Sandbox(app=app, store=store)


@pytest.fixture
def transport(app: Starlette) -> RecordingTransport:
    return RecordingTransport(app)


def make_server(store: Store, transport: httpx.AsyncBaseTransport | None, **overrides: Any) -> MCPServer[Any]:
    settings = Settings(
        **{
            "api_key": store.api_key,
            "base_url": BASE_URL,
            "timezone": ZONE_NAME,
            "max_retries": 0,
            "toolsets": ("all",),
            **overrides,
        }
    )
    return build_server(settings, transport=transport)


@pytest.fixture
def server(store: Store, transport: RecordingTransport) -> MCPServer[Any]:
    return make_server(store, transport)


@dataclass
class Session:
    """An open MCP client."""

    client: Client
    progress: list[tuple[float, float | None, str | None]] = field(default_factory=list)

    async def call(self, name: str, arguments: Mapping[str, Any], *, progress: bool = False) -> CallToolResult:
        async def on_progress(progress: float, total: float | None, message: str | None) -> None:
            self.progress.append((progress, total, message))

        return await self.client.call_tool(name, dict(arguments), progress_callback=on_progress if progress else None)

    async def ok(self, name: str, arguments: Mapping[str, Any], *, progress: bool = False) -> dict[str, Any]:
        """Call a tool that must succeed; its structured content."""
        result = await self.call(name, arguments, progress=progress)
        assert not result.is_error, f"{name} failed: {text_of(result)}"
        content: dict[str, Any] | None = result.structured_content
        assert content is not None
        return content

    async def error(self, name: str, arguments: Mapping[str, Any]) -> str:
        """Call a tool that must fail; its error text."""
        result = await self.call(name, arguments)
        assert result.is_error, f"{name} should have failed, got {result.structured_content}"
        return text_of(result)

    async def tool_names(self) -> set[str]:
        return {tool.name for tool in (await self.client.list_tools()).tools}


@asynccontextmanager
async def session(server: MCPServer[Any] | str) -> AsyncIterator[Session]:
    async with Client(server) as client:
        yield Session(client=client)


def text_of(result: CallToolResult) -> str:
    return " ".join(block.text for block in result.content if isinstance(block, TextContent))


def parse_dt(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert parsed.tzinfo is not None, f"{value} is naive"
    return parsed
