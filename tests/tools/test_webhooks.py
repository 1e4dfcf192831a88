"""The webhooks toolset through an MCP client against the sandbox: create, change, list (secrets never shown),
test deliveries that succeed and fail, delivery logs, delete."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from ..conftest import Sandbox, annotations_of, tools
from ._toolsets import serving
from .conftest import Router


@pytest.fixture
def server(router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    with serving(router, app) as full:
        yield full


async def test_lifecycle_without_leaking_secrets(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        created = await t.ok(
            "webhooks_save",
            {
                "url": "https://hooks.example.com/late",
                "events": ["post.failed", "post.partial"],
                "secret": "whsec_topsecret",
                "headers": {"Authorization": "Bearer hook-token"},
            },
        )
        hook = created["webhook"]
        assert created["created"] is True
        assert hook["events"] == ["post.failed", "post.partial"]
        assert hook["active"] is True
        assert hook["header_names"] == ["Authorization"]
        stored = sandbox.store.get("webhooks", hook["id"])
        assert stored is not None
        assert stored["__secret"] == "whsec_topsecret"

        listed = await t.ok("webhooks_list")
        text = json.dumps(listed)
        assert listed["count"] == 1
        assert "whsec_topsecret" not in text
        assert "hook-token" not in text

        changed = await t.ok("webhooks_save", {"webhook_id": hook["id"], "active": False, "name": "Ops alerts"})
        assert changed["created"] is False
        assert changed["webhook"]["active"] is False
        assert changed["webhook"]["name"] == "Ops alerts"
        assert changed["webhook"]["events"] == ["post.failed", "post.partial"]  # untouched

        await t.ok("webhooks_delete", {"webhook_id": hook["id"]})
        assert sandbox.store.all("webhooks") == []
        assert annotations_of(t, "webhooks_delete")["destructive_hint"] is True


async def test_new_webhook_defaults_to_every_event(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        created = await t.ok("webhooks_save", {"url": "https://example.org/hook"})
    assert "account.disconnected" in created["webhook"]["events"]
    assert len(created["webhook"]["events"]) == 15  # the post and account events of the API
    assert created["webhook"]["name"] == "example.org"


async def test_event_names_are_read_in_any_case_and_all_is_every_event(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        cased = await t.ok("webhooks_save", {"url": "https://example.org/a", "events": "Post.Published, POST.FAILED"})
        hook = await t.ok("webhooks_save", {"url": "https://example.org/b", "events": ["post.failed"]})
        every = await t.ok("webhooks_save", {"webhook_id": hook["webhook"]["id"], "events": "all"})
    assert cased["webhook"]["events"] == ["post.published", "post.failed"]
    assert len(every["webhook"]["events"]) == 15  # an update too: "all" is not "keep"


async def test_deliveries_succeed_and_fail_and_are_logged(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        good = (await t.ok("webhooks_save", {"url": "https://example.com/ok", "name": "good"}))["webhook"]
        bad = (await t.ok("webhooks_save", {"url": "https://nowhere.invalid/hook", "name": "bad"}))["webhook"]
        delivered = await t.ok("webhooks_test", {"webhook_id": good["id"]})
        assert delivered["delivered"] is True
        refused = await t.ok("webhooks_test", {"webhook_id": bad["id"]})
        assert refused["delivered"] is False
        assert "nowhere.invalid" in refused["message"]

        logs = await t.ok("webhooks_logs")
        assert logs["count"] == 2
        by_name = {d["webhook"]: d for d in logs["deliveries"]}
        assert by_name["good"]["status"] == "success"
        assert by_name["good"]["code"] == 200
        assert by_name["bad"]["status"] == "failed"
        assert by_name["bad"]["webhook_id"] == bad["id"]  # the name alone leads to no other webhook tool
        assert "ENOTFOUND" in by_name["bad"]["error"]
        failed_only = await t.ok("webhooks_logs", {"status": "failed"})
        assert [d["webhook"] for d in failed_only["deliveries"]] == ["bad"]
        listed = await t.ok("webhooks_list")
        failures = {w["name"]: w.get("failures") for w in listed["webhooks"]}
        assert failures == {"good": 0, "bad": 1}


async def test_an_event_filter_is_read_as_events_are_saved(server: MCPServer[Any]) -> None:
    """webhooks_save takes 'Post.Failed'; the deliveries are filtered by the same words, in any case."""
    async with tools(server) as t:
        hook = (await t.ok("webhooks_save", {"url": "https://example.com/hook"}))["webhook"]["id"]
        await t.ok("webhooks_test", {"webhook_id": hook})
        tests = await t.ok("webhooks_logs", {"event": "Webhook.Test"})
        failures = await t.ok("webhooks_logs", {"event": "POST.FAILED"})
    assert [d["event"] for d in tests["deliveries"]] == ["webhook.test"]
    assert failures["count"] == 0


async def test_mistakes_are_caught_locally(server: MCPServer[Any], sandbox: Sandbox) -> None:
    watch = await sandbox.watch("/api/v1/webhooks/*")
    async with tools(server) as t:
        assert "needs url" in await t.error("webhooks_save", {"name": "x"})
        assert "https://" in await t.error("webhooks_save", {"url": "ftp://example.com"})
        plain = await t.error("webhooks_save", {"url": "http://example.com/hook"})  # the description says HTTPS
        assert "Late delivers webhooks only to HTTPS endpoints. Nothing was sent." in plain
        assert "https://example.com/hook" in plain
        assert "Unknown event" in await t.error("webhooks_logs", {"event": "post.deleted"})
        assert "Unknown event 'failed'. Did you mean post.failed?" in await t.error(
            "webhooks_logs", {"event": "failed"}
        )
        bad_event = await t.call("webhooks_save", {"url": "https://example.com", "events": ["post.deleted"]})
        assert bad_event.is_error  # the enum in the input schema refuses it
    assert await sandbox.hits(watch) == 0


async def test_a_delivery_at_the_end_of_the_calendar_is_shown_in_utc(server: MCPServer[Any], sandbox: Sandbox) -> None:
    sandbox.store.put("webhook_logs", {
        "_id": "far", "eventId": "far", "webhookId": "w1", "event": "post.published", "url": "https://example.com/h",
        "status": "success", "statusCode": 200, "attemptNumber": 1, "createdAt": "9999-12-31T23:59:00.000Z",
    })  # fmt: skip
    async with tools(server) as t:
        logs = await t.ok("webhooks_logs")
    [far] = [log for log in logs["deliveries"] if log.get("event") == "post.published"]
    assert far["at"] == "9999-12-31T23:59:00Z"
