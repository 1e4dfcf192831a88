"""What every test suite shares: the sandbox (in process, or served on a loopback port), a clean environment,
and an MCP client that checks every result against its tool's output schema.

The sandbox's store is created in one place, the `store` fixture (and `sandbox_store` for module-scoped worlds),
so a change in how a store is opened or seeded is made once.

The MCP client is opened inside each test (`async with tools(server) as t:`), never in a yield fixture:
pytest-asyncio runs a fixture's setup and teardown in different tasks, and the SDK's cancel scopes refuse that.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
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
from late_mcp.sandbox.runner import RunningSandbox, start_sandbox
from late_mcp.sandbox.seed import seeded_store
from late_mcp.sandbox.store import Store
from late_mcp.server import build_server

ROOT = "http://127.0.0.1"
BASE_URL = f"{ROOT}/api"
ZONE_NAME = "Europe/Berlin"
BERLIN = ZoneInfo(ZONE_NAME)

#: Every in-process sandbox gets this key, so one server (building one costs ~0.1 s of pydantic work) serves them all.
API_KEY = "sk_" + "5a" * 32


def pytest_configure(config: pytest.Config) -> None:
    """Per-user data (the write journal, the sandbox's workspace: XDG_DATA_HOME on Linux) goes to a private folder
    for the run, in this process and in every process a test starts: a test never reads or adds to the developer's
    own journal, whose entries would also count against a test's daily cap."""
    private = tempfile.mkdtemp(prefix="late-mcp-tests-data-")
    os.environ["XDG_DATA_HOME"] = private
    config.add_cleanup(lambda: shutil.rmtree(private, ignore_errors=True))


# --- the sandbox ---------------------------------------------------------------------------------------------------


def sandbox_store() -> Store:
    """A fresh in-memory sandbox store with the demo workspace and the shared key."""
    opened = seeded_store(":memory:")
    opened.api_key = API_KEY
    return opened


@pytest.fixture
def store() -> Iterator[Store]:
    opened = sandbox_store()
    yield opened
    opened.close()


@pytest.fixture
def app(store: Store) -> Starlette:
    return create_app(store)


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

    async def get(self, path: str, **params: Any) -> dict[str, Any]:
        """`GET /api/v1/...` that must answer 200; its body."""
        response = await self.api("GET", path, params=params)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

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

    async def fetch(self, url: str) -> httpx.Response:
        """Any URL the sandbox serves (a media publicUrl), without the key, as a browser would."""
        return await self.raw("GET", url)

    async def post(self, post_id: str) -> dict[str, Any] | None:
        """A post as GET /v1/posts/{id} shows it, or None when it does not exist."""
        return await self._one(f"posts/{post_id}", "post")

    async def profile(self, profile_id: str) -> dict[str, Any] | None:
        return await self._one(f"profiles/{profile_id}", "profile")

    async def _one(self, path: str, key: str) -> dict[str, Any] | None:
        response = await self.api("GET", path)
        if response.status_code == 404:
            return None
        assert response.status_code == 200, response.text
        found: dict[str, Any] = response.json()[key]
        return found

    async def total(self) -> int:
        """How many posts the API lists."""
        return int((await self.get("posts", limit=1))["pagination"]["total"])

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


@pytest.fixture
def sandbox(app: Starlette, store: Store) -> Sandbox:
    return Sandbox(app=app, store=store)


@contextmanager
def served_sandbox() -> Iterator[RunningSandbox]:
    """A fresh in-memory sandbox served on a free loopback port, for tests that need real sockets."""
    running = start_sandbox(data_dir=":memory:")
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def live_sandbox() -> Iterator[RunningSandbox]:
    with served_sandbox() as running:
        yield running


# --- the environment -----------------------------------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No LATE_* from the developer's shell, and a private HOME so no real host config is read or written."""
    for name in list(os.environ):
        if name.startswith(("LATE_", "ZERNIO_")):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("LATE_TIMEZONE", ZONE_NAME)
    return home


# --- the server and the MCP client ---------------------------------------------------------------------------------


def serve(network: Starlette | httpx.AsyncBaseTransport, **overrides: Any) -> MCPServer[Any]:
    """A server whose client reaches `network` (a sandbox app, or any transport) with the sandboxes' key."""
    settings = Settings(**{"api_key": API_KEY, "base_url": BASE_URL, **overrides})
    transport = network if isinstance(network, httpx.AsyncBaseTransport) else httpx.ASGITransport(app=network)
    return build_server(settings, transport=transport)


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
    #: (progress, total, message) of every progress notification of calls made with progress=True
    progress: list[tuple[float, float | None, str | None]] = field(default_factory=list)

    async def call(
        self, name: str, arguments: Mapping[str, Any] | None = None, *, progress: bool = False, **kwargs: Any
    ) -> CallToolResult:
        async def on_progress(done: float, total: float | None, message: str | None) -> None:
            self.progress.append((done, total, message))

        if progress:
            kwargs["progress_callback"] = on_progress
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

    async def tool_names(self) -> set[str]:
        return {tool.name for tool in (await self.client.list_tools()).tools}


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


# --- small helpers -------------------------------------------------------------------------------------------------


def parse_dt(value: str) -> datetime:
    """An ISO date-time from a result or the API; it must carry an offset."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert parsed.tzinfo is not None, f"{value} is naive"
    return parsed


def as_shown(value: str) -> datetime:
    """An API time as tool answers show it: cut to the whole second (`models._base.whole_seconds`)."""
    return parse_dt(value).replace(microsecond=0)


def annotations_of(t: Tools, name: str) -> dict[str, Any]:
    """The tool's hints and its title (the title is the tool's own; the annotations carry no copy of it)."""
    tool = t.listed[name]
    assert tool.annotations is not None, f"{name} has no annotations"
    assert tool.annotations.title is None, f"{name}: the title belongs on the tool, not in its annotations"
    return {"title": tool.title, **tool.annotations.model_dump(exclude_none=True)}
