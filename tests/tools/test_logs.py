"""The logs toolset through an MCP client against the sandbox: publishing, per-post and connection logs, one log
in full."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import ACCOUNT_IDS, oid

from ..conftest import Sandbox, annotations_of, parse_dt, text_of, tools
from ._toolsets import serving
from .conftest import Router


@pytest.fixture
def server(router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    with serving(router, app) as full:
        yield full


async def test_failed_publishing_attempts_say_why(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        failed = await t.ok("logs_list", {"status": "failed"})
        for name in ("logs_list", "logs_get"):
            assert annotations_of(t, name)["read_only_hint"] is True
    assert failed["kind"] == "publishing"
    assert failed["total"] == failed["returned"] >= 3
    assert all(log["status"] == "failed" for log in failed["logs"])
    reasons = {log["platform"]: log["error"] for log in failed["logs"]}
    assert "rate limit" in reasons["twitter"].lower()
    assert "reconnect" in reasons["facebook"].lower()
    ats = [parse_dt(log["at"]) for log in failed["logs"]]
    assert ats == sorted(ats, reverse=True)  # newest first


async def test_paging_and_platform_filter(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        first = await t.ok("logs_list", {"limit": 2})
        second = await t.ok("logs_list", {"limit": 2, "skip": 2})
        twitter = await t.ok("logs_list", {"platform": "x"})  # the alias for twitter
    assert first["returned"] == 2
    assert "skip=2" in first["more"]
    assert {log["id"] for log in first["logs"]}.isdisjoint(log["id"] for log in second["logs"])
    assert twitter["logs"]
    assert {log["platform"] for log in twitter["logs"]} == {"twitter"}


async def test_one_posts_history_and_one_log_in_full(server: MCPServer[Any]) -> None:
    partial = oid("post:partial-event")
    async with tools(server) as t:
        history = await t.ok("logs_list", {"kind": "post", "post_id": partial})
        assert {log["platform"] for log in history["logs"]} == {"twitter", "facebook"}
        assert all(log["post_id"] == partial for log in history["logs"])
        failed = next(log for log in history["logs"] if log["status"] == "failed")
        detail = await t.ok("logs_get", {"log_id": failed["id"]})
    assert detail["platform"] == "facebook"
    assert detail["code"] == 401
    assert detail["error_code"] == "TOKEN_EXPIRED"
    assert detail["endpoint"].startswith("graph.facebook.com")
    assert detail["content"].startswith("Studio open day")
    assert '"text"' in detail["request_body"]
    assert "error" in detail["response_body"]


async def test_connection_events(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        events = await t.ok("logs_list", {"kind": "connection", "status": "failed"})
    [event] = events["logs"]
    assert event["platform"] == "facebook"
    assert event["event"] == "reconnect_failed"
    assert event["account"] == ACCOUNT_IDS["facebook"]
    assert "authorized" in event["error"]


async def test_bad_ids_and_unknown_logs(server: MCPServer[Any], sandbox: Sandbox) -> None:
    watch = await sandbox.watch("/api/v1/*")
    async with tools(server) as t:
        assert "not a valid id" in await t.error("logs_list", {"kind": "post", "post_id": "../x"})
        assert "Unknown platform" in await t.error("logs_list", {"platform": "myspace"})
        assert await sandbox.hits(watch) == 0
        text = await t.error("logs_get", {"log_id": "ffffffffffffffffffffffff"})
    assert "404" in text
    # GET /v1/logs/{id} is only in the seeds: a 404 may mean the API no longer serves it, and the hint says so,
    # naming the listing that exists, and nothing about one post's logs (logs_list offers kind=post)
    assert "no longer serves one log in full" in text
    assert "post's logs" not in text
    assert "logs_list with kind=publishing" in text
    async with tools(server) as t:
        text = await t.error("logs_list", {"kind": "post", "post_id": "ffffffffffffffffffffffff"})
    assert "404" in text
    assert "no longer serves one post's logs" in text
    assert "logs_list with kind=publishing" in text


async def test_a_long_page_keeps_to_an_answers_size_and_says_where_the_rest_starts(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """Twenty logs are about 6 KB: the answer keeps what fits in 4 KB, and skip picks up exactly where it stopped."""
    for n in range(25):
        body = {"content": f"Post {n} of a busy week", "publishNow": True,
                "platforms": [{"platform": "bluesky", "accountId": ACCOUNT_IDS["bluesky"]}]}  # fmt: skip
        assert (await sandbox.api("POST", "posts", json=body)).status_code < 300
    async with tools(server) as t:
        first = await t.call("logs_list", {})
        page = first.structured_content or {}
        rest = await t.ok("logs_list", {"skip": page["returned"], "limit": 5})
        whole = await t.ok("logs_list", {"limit": 5, "skip": 0, "days": 7})
    assert len(text_of(first).encode()) <= 4096
    kept = page["returned"]
    assert 1 <= kept < 20
    assert (
        page["more"] == f"{20 - kept} more of this page left out to keep the answer short: call again with skip={kept}."
    )
    assert [log["id"] for log in page["logs"][:5]] == [log["id"] for log in whole["logs"]]
    assert rest["logs"][0]["id"] not in {log["id"] for log in page["logs"]}


async def test_a_skip_past_the_end_says_so(server: MCPServer[Any]) -> None:
    """An empty page after the last one is not "no logs": it says how many there are."""
    async with tools(server) as t:
        past = await t.ok("logs_list", {"skip": "500"})
    assert past["logs"] == []
    assert past["more"] == f"skip=500 is past the end: {past['total']} log(s) in all; call with a smaller skip."
