"""The core toolset's additions through an MCP client on the default server: accounts_health, usage_get, now."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ..conftest import BERLIN, Sandbox, annotations_of, parse_dt, tools
from .conftest import make_server


async def test_core_additions_are_in_the_default_list(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        assert {"accounts_health", "usage_get", "now"} <= set(t.listed)
        assert annotations_of(t, "now") == {"title": "Current time", "read_only_hint": True, "open_world_hint": False}
        assert annotations_of(t, "usage_get")["read_only_hint"] is True
        assert annotations_of(t, "accounts_health")["read_only_hint"] is True
        assert "queue_list" not in t.listed  # other toolsets stay out by default


async def test_health_finds_the_account_to_reconnect(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        report = await t.ok("accounts_health")
        assert report["total"] == len(sandbox.store.all("accounts"))
        assert report["needs_reconnect"] == 1
        assert report["error"] == 1
        [broken] = report["accounts"]  # only the accounts with a problem are listed; the healthy are counted
        assert report["healthy"] == report["total"] - 1
        assert broken["account_id"] == ACCOUNT_IDS["facebook"]
        assert broken["needs_reconnect"] is True
        assert "Reconnect facebook @AcmeStudioHQ in the Late dashboard" in report["next_step"]
        assert "connect_start" not in report["next_step"]  # not offered by default
        assert parse_dt(broken["token_expires_at"]) < datetime.now(timezone.utc)

        detail = await t.ok("accounts_health", {"account_id": ACCOUNT_IDS["facebook"]})
        [one] = detail["accounts"]
        assert one["status"] == "error"
        assert one["can_post"] is False
        assert one["recommendations"]

        only = await t.ok("accounts_health", {"platform": "bluesky"})
        assert only["accounts"] == []
        assert only["total"] == only["healthy"] == 2
        assert "next_step" not in only

        await sandbox.heal_account(ACCOUNT_IDS["facebook"])
        healed = await t.ok("accounts_health")
        assert healed["needs_reconnect"] == 0


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({"toolsets": ("all",)}, "in the Late dashboard or with a link from connect_start."),
        ({"read_only": True}, "in the Late dashboard."),  # the connect tools write: read-only mode has none
        ({"exclude_tools": ("connect_start",)}, "in the Late dashboard."),
    ],
)
async def test_health_names_only_a_reconnect_this_server_offers(
    app: Starlette, settings: dict[str, Any], said: str
) -> None:
    async with tools(make_server(app, **settings)) as t:
        report = await t.ok("accounts_health")
    assert report["next_step"] == f"Reconnect facebook @AcmeStudioHQ {said}"


async def test_usage_and_the_plan_limit(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        usage = await t.ok("usage_get")
        assert usage["plan"] == "Basic"
        assert usage["uploads_limit"] == 120
        assert usage["profiles_used"] == 2
        assert usage["profiles_limit"] == 10
        assert usage["summary"].startswith("Basic plan (monthly):")
        assert parse_dt(usage["last_reset"]).utcoffset() is not None

        await sandbox.control("plan", {"plan": "free", "uploadsUsed": 10})
        full = await t.ok("usage_get")
        assert full["can_upload"] is False
        assert "limit is reached" in full["summary"]

        await sandbox.control("plan", {"plan": "professional"})
        unlimited = await t.ok("usage_get")
        assert "uploads_limit" not in unlimited  # -1 from the API means unlimited: left out


async def test_now_in_the_users_zone_and_another(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        now = await t.ok("now")
        tokyo = await t.ok("now", {"timezone": "Asia/Tokyo"})
        bad = await t.error("now", {"timezone": "Mars/Olympus"})
    local, utc = parse_dt(now["local"]), parse_dt(now["utc"])
    assert now["timezone"] == "Europe/Berlin"
    assert local.utcoffset() == datetime.now(BERLIN).utcoffset()
    assert utc.utcoffset() == timedelta(0)
    assert abs((local - utc).total_seconds()) < 1
    assert abs((utc - datetime.now(timezone.utc)).total_seconds()) < 5
    assert now["today"] == local.date().isoformat()
    assert now["weekday"] == f"{local:%A}"
    assert parse_dt(tokyo["local"]).utcoffset() == timedelta(hours=9)
    assert "Unknown time zone" in bad


async def test_usage_reset_at_the_end_of_the_calendar_is_shown_in_utc(server: MCPServer[Any], sandbox: Sandbox) -> None:
    sandbox.store.meta_set("last_reset", "9999-12-31T23:59:00.000Z")  # Berlin, ahead of UTC, has no such time
    async with tools(server) as t:
        usage = await t.ok("usage_get")
    assert parse_dt(usage["last_reset"]) == datetime(9999, 12, 31, 23, 59, tzinfo=timezone.utc)
