"""Fixtures for the tool tests: a fresh sandbox per test, a server whose LateClient talks to it in process.

The MCP client is opened inside each test (`async with tools(server) as t:`), never in a yield fixture: pytest-asyncio
runs a fixture's setup and teardown in different tasks, and the SDK's cancel scopes refuse that.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

import httpx
import jsonschema
import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult, TextContent, Tool
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


# --- the sandbox --------------------------------------------------------------------------------------------


@dataclass
class Sandbox:
    """Direct access to the sandbox behind the server: its API (with the key), its control endpoints, its store."""

    app: Starlette
    store: Store

    @asynccontextmanager
    async def _http(self) -> AsyncIterator[httpx.AsyncClient]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=ROOT) as http:
            yield http

    async def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """`/api/v1/...` with the workspace's key."""
        async with self._http() as http:
            headers = {"Authorization": f"Bearer {self.store.api_key}"}
            return await http.request(method, f"/api/v1/{path.lstrip('/')}", headers=headers, **kwargs)

    async def control(self, path: str, body: Any) -> Any:
        """`POST /_sandbox/...` (no key: loopback only)."""
        async with self._http() as http:
            response = await http.post(f"/_sandbox/{path.lstrip('/')}", json=body)
        assert response.status_code < 300, response.text
        return response.json()

    async def raw(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """Any other path (the upload page's endpoints), no key."""
        async with self._http() as http:
            return await http.request(method, path, **kwargs)

    async def post(self, post_id: str) -> dict[str, Any] | None:
        """A post as the API shows it, or None when it does not exist."""
        response = await self.api("GET", f"posts/{post_id}")
        if response.status_code == 404:
            return None
        assert response.status_code == 200, response.text
        post: dict[str, Any] = response.json()["post"]
        return post

    async def profile(self, profile_id: str) -> dict[str, Any] | None:
        response = await self.api("GET", f"profiles/{profile_id}")
        if response.status_code == 404:
            return None
        assert response.status_code == 200, response.text
        profile: dict[str, Any] = response.json()["profile"]
        return profile

    def post_ids(self) -> set[str]:
        return {str(p["_id"]) for p in self.store.all("posts")}

    def posts_count(self) -> int:
        return len(self.store.all("posts"))

    def new_posts(self, before: set[str]) -> list[dict[str, Any]]:
        """Posts (stored documents) created since `before` was taken."""
        return [p for p in self.store.all("posts") if p["_id"] not in before]

    async def advance(self, seconds: float) -> dict[str, Any]:
        result: dict[str, Any] = await self.control("clock", {"advance": seconds})
        return result

    async def fault(self, **rule: Any) -> int:
        """Add a fault rule; its id. Rules are tried in order and the first match wins."""
        added = await self.control("faults", rule)
        return int(added["rules"][0]["id"])

    async def watch(self, path: str = "/api/*", method: str | None = None) -> int:
        """Start counting requests to `path` (a do-nothing fault rule); pass its id to `hits`."""
        return await self.fault(path=path, method=method)

    async def hits(self, rule_id: int) -> int:
        """How many requests matched a fault rule so far."""
        response = await self.raw("GET", "/_sandbox/faults")
        [rule] = [r for r in response.json()["rules"] if r["id"] == rule_id]
        return int(rule["hits"])

    async def heal_account(self, account_id: str) -> None:
        await self.control(f"accounts/{account_id}", {"needsReconnect": False})


#: Every test's sandbox gets this key, so one server (building one costs ~0.1 s of pydantic work) serves them all.
API_KEY = "sk_" + "5a" * 32


class Router(httpx.AsyncBaseTransport):
    """The shared server's network: whichever sandbox app the current test points it at."""

    def __init__(self) -> None:
        self.app: Starlette | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        assert self.app is not None, "no sandbox for this test"
        return await httpx.ASGITransport(app=self.app).handle_async_request(request)


@pytest.fixture
def store() -> Iterator[Store]:
    opened = seeded_store(":memory:")
    opened.api_key = API_KEY
    yield opened
    opened.close()


@pytest.fixture
def app(store: Store) -> Starlette:
    return create_app(store)


@pytest.fixture
def sandbox(app: Starlette, store: Store) -> Sandbox:
    return Sandbox(app=app, store=store)


def make_server(app: Starlette | httpx.AsyncBaseTransport, **overrides: Any) -> MCPServer[Any]:
    """A server for the sandbox `app` (or any transport): the user's zone is Berlin, retries are few."""
    settings = Settings(
        **{"api_key": API_KEY, "base_url": BASE_URL, "timezone": ZONE_NAME, "max_retries": 2, **overrides}
    )
    transport = app if isinstance(app, httpx.AsyncBaseTransport) else httpx.ASGITransport(app=app)
    return build_server(settings, transport=transport)


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


# --- the MCP client -----------------------------------------------------------------------------------------


def schema_validator(schema: Mapping[str, Any]) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator: jsonschema.protocols.Validator = cls(schema, format_checker=jsonschema.FormatChecker())
    return validator


@dataclass
class Tools:
    """An open MCP client plus the listed tools; every successful structured result is schema-checked."""

    client: Client
    listed: dict[str, Tool]
    validated: set[str] = field(default_factory=set)

    async def call(self, name: str, arguments: Mapping[str, Any] | None = None, **kwargs: Any) -> CallToolResult:
        result = await self.client.call_tool(name, dict(arguments or {}), **kwargs)
        if not result.is_error:
            check_output(self.listed[name], result)
            self.validated.add(name)
        return result

    async def ok(self, name: str, arguments: Mapping[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        """Call a tool that must succeed; its structured content."""
        result = await self.call(name, arguments, **kwargs)
        assert not result.is_error, f"{name} failed: {text_of(result)}"
        content: dict[str, Any] | None = result.structured_content
        assert content is not None
        return content

    async def error(self, name: str, arguments: Mapping[str, Any] | None = None) -> str:
        """Call a tool that must fail; its error text."""
        result = await self.call(name, arguments)
        assert result.is_error, f"{name} should have failed, got {result.structured_content}"
        return text_of(result)


def check_output(tool: Tool, result: CallToolResult) -> None:
    """The structured result validates, formats included, against the tool's outputSchema."""
    assert tool.output_schema is not None, f"{tool.name} has no outputSchema"
    assert result.structured_content is not None, f"{tool.name} returned no structured content"
    schema_validator(tool.output_schema).validate(result.structured_content)


def text_of(result: CallToolResult) -> str:
    return " ".join(block.text for block in result.content if isinstance(block, TextContent))


@asynccontextmanager
async def tools(server: MCPServer[Any], *, mode: Literal["auto", "legacy"] = "auto") -> AsyncIterator[Tools]:
    async with Client(server, mode=mode) as client:
        listed = await client.list_tools()
        yield Tools(client=client, listed={tool.name: tool for tool in listed.tools})


# --- small helpers ------------------------------------------------------------------------------------------


def parse_dt(value: str) -> datetime:
    """An ISO date-time from a result or the API; it must carry an offset."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert parsed.tzinfo is not None, f"{value} is naive"
    return parsed


def annotations_of(t: Tools, name: str) -> dict[str, Any]:
    tool = t.listed[name]
    assert tool.annotations is not None, f"{name} has no annotations"
    return tool.annotations.model_dump(exclude_none=True)
