"""Toolsets on demand: the `toolsets` tool lists every toolset and turns more on in the running session (the
client is told the list changed); read-only and --exclude-tools still hold; --toolsets sets the start; a setting
turns the tool off; over stateless HTTP each request names its toolsets in a header or the URL's query."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Literal

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.types import ToolListChangedNotification
from starlette.applications import Starlette

from late_mcp.config import Settings
from late_mcp.http_app import create_app
from late_mcp.sandbox.app import create_app as create_sandbox_app
from late_mcp.sandbox.store import Store
from late_mcp.tools import ABOUT, toolset

from ..conftest import API_KEY, Sandbox, tools
from .conftest import make_server

Mode = Literal["auto", "legacy"]


def names_of(sets: str) -> set[str]:
    return {spec.name for name in sets.split(",") for spec in toolset(name)}


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_enable_analytics_then_call_it(app: Starlette, mode: Mode) -> None:
    server = make_server(app)
    changed: list[Any] = []

    async def on_message(message: Any) -> None:
        if isinstance(message, ToolListChangedNotification):
            changed.append(message)

    async with Client(server, mode=mode, message_handler=on_message) as client:
        before = {t.name for t in (await client.list_tools()).tools}
        assert "toolsets" in before
        assert "analytics_get" not in before
        listing = (await client.call_tool("toolsets", {})).structured_content or {}
        assert [line["name"] for line in listing["toolsets"]] == list(ABOUT)
        assert {line["name"]: line["on"] for line in listing["toolsets"]}["analytics"] is False
        assert "enable='queue'" in listing["note"]

        result = await client.call_tool("toolsets", {"enable": "analytics"})
        assert not result.is_error, result.content
        out = result.structured_content or {}
        assert out["added"] == ["analytics_get"]
        assert {line["name"]: line["on"] for line in out["toolsets"]}["analytics"] is True
        after = {t.name for t in (await client.list_tools()).tools}
        assert after == before | {"analytics_get"}
        report = await client.call_tool("analytics_get", {"kind": "followers"})
        assert not report.is_error, report.content
        assert (report.structured_content or {})["rows"]
        again = (await client.call_tool("toolsets", {"enable": ["analytics"]})).structured_content or {}
        assert again["added"] == []
        assert "Nothing new" in again["note"]
        if mode == "legacy":  # the handshake era: a notification on the connection, and the capability says so
            assert client.server_capabilities.tools is not None
            assert client.server_capabilities.tools.list_changed is True
            assert len(changed) == 1
    # a session's toolsets end with it: the next one starts from the settings again
    async with Client(server, mode=mode) as client:
        assert "analytics_get" not in {t.name for t in (await client.list_tools()).tools}


async def test_read_only_and_exclusions_hold_for_enabled_toolsets(app: Starlette) -> None:
    server = make_server(app, read_only=True, exclude_tools=("logs_get",))
    async with tools(server) as t:
        out = await t.ok("toolsets", {"enable": "queue,logs,connect"})
        listed = {tool.name: tool for tool in (await t.client.list_tools()).tools}
    assert set(out["added"]) == {"queue_list", "queue_preview", "logs_list", "connect_options"}
    assert all(listed[name].annotations and listed[name].annotations.read_only_hint for name in listed)
    assert "logs_get" not in listed
    assert "queue_create" not in listed


async def test_unknown_toolset_names_the_known_ones(server: Any, sandbox: Sandbox) -> None:
    async with tools(server) as t:
        text = await t.error("toolsets", {"enable": "analytcs"})
    assert "Unknown toolset(s) analytcs. Did you mean analytics?" in text


async def test_all_turns_every_toolset_on_as_the_setting_does(app: Starlette) -> None:
    async with tools(make_server(app)) as t:
        report = await t.ok("toolsets", {"enable": "all"})
        listed = await t.tool_names()
    assert all(line["on"] for line in report["toolsets"])
    assert {"queue_list", "webhooks_save", "posts_calendar", "media_download"} <= listed
    assert "restart it with --toolsets core,queue,analytics," in report["note"]


@pytest.mark.parametrize(
    ("settings", "offered", "line"),
    [
        ({}, True, "More toolsets (queue, analytics, logs, accounts, connect, webhooks, team, media_tools, live, "
         "planner): the toolsets tool lists them and turns one on when asked."),
        ({"toolsets": ("core", "analytics")}, True, "More toolsets (queue, logs, accounts, connect, webhooks, team, "
         "media_tools, live, planner)"),
        ({"dynamic_toolsets": False}, False, "Not loaded here: the queue, analytics, logs, accounts, connect, "
         "webhooks, team, media_tools, live, planner toolsets (the user adds them with --toolsets)."),
        ({"toolsets": ("all",)}, False, None),
    ],
)  # fmt: skip
async def test_the_instructions_say_in_one_line_that_more_toolsets_exist(
    app: Starlette, settings: dict[str, Any], offered: bool, line: str | None
) -> None:
    server = make_server(app, **settings)
    async with Client(server, mode="legacy") as client:
        listed = {t.name for t in (await client.list_tools()).tools}
        text = client.instructions or ""
    assert ("toolsets" in listed) is offered
    if line is None:
        assert "toolsets" not in text.lower()
    else:
        assert line in text


async def test_the_start_comes_from_the_settings(app: Starlette) -> None:
    server = make_server(app, toolsets=("core", "logs"), tools=("analytics_get",))
    async with tools(server) as t:
        out = await t.ok("toolsets")
    on = {line["name"]: line["on"] for line in out["toolsets"]}
    assert on["core"]
    assert on["logs"]
    assert on["analytics"]
    assert not on["queue"]


# --- stateless HTTP: each request names its toolsets ----------------------------------------------------------


@asynccontextmanager
async def http_client(store: Store, url: str, mode: Mode, **headers: str) -> AsyncIterator[Client]:
    sandbox = httpx.ASGITransport(app=create_sandbox_app(store))
    app = create_app(Settings(base_url="http://sandbox.test/api", timezone="UTC"), host="127.0.0.1", transport=sandbox)
    async with app.router.lifespan_context(app):
        http = httpx2.AsyncClient(
            transport=httpx2.ASGITransport(app=app),
            headers={"Authorization": f"Bearer {API_KEY}", **headers},
        )
        async with http, Client(streamable_http_client(url, http_client=http), mode=mode) as client:
            yield client


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_over_http_each_request_names_its_toolsets(store: Store, mode: Mode) -> None:
    base = "http://127.0.0.1:8000/mcp"
    async with http_client(store, base, mode) as client:
        plain = {t.name for t in (await client.list_tools()).tools}
        refused = await client.call_tool("analytics_get", {"kind": "followers"})
        answer = (await client.call_tool("toolsets", {"enable": "analytics"})).structured_content or {}
    assert "analytics_get" not in plain
    assert "toolsets" in plain
    assert refused.is_error
    assert "X-Late-Toolsets: analytics" in refused.content[0].text  # type: ignore[union-attr]
    assert answer["added"] == []
    assert "stateless HTTP" in answer["note"]
    assert "?toolsets=analytics" in answer["note"]

    async with http_client(store, base + "?toolsets=logs", mode, **{"X-Late-Toolsets": "analytics"}) as client:
        asked = {t.name for t in (await client.list_tools()).tools}
        report = await client.call_tool("analytics_get", {"kind": "followers"})
        on = (await client.call_tool("toolsets", {})).structured_content or {}
    assert asked == plain | names_of("analytics,logs")
    assert not report.is_error, report.content
    assert {line["name"]: line["on"] for line in on["toolsets"]}["analytics"] is True


async def test_over_http_reconnect_advice_follows_the_requests_toolsets(store: Store) -> None:
    """A request that names the connect toolset is offered connect_start; one that does not is told how to ask."""
    base = "http://127.0.0.1:8000/mcp"
    async with http_client(store, base, "auto") as client:
        plain = (await client.call_tool("accounts_health", {})).structured_content or {}
    async with http_client(store, base, "auto", **{"X-Late-Toolsets": "connect"}) as client:
        asked = (await client.call_tool("accounts_health", {})).structured_content or {}
    assert plain["next_step"].endswith(
        "in the Late dashboard or with a link from the connect toolset (the toolsets tool says how to turn it on)."
    )
    assert asked["next_step"].endswith("in the Late dashboard or with a link from connect_start.")
