"""Sending through the sandbox: duplicates, lost answers and retried 429s, and scheduled posts going out."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ...conftest import Sandbox, parse_dt, tools
from ._seeded import UTC

# --- duplicates and lost answers ----------------------------------------------------------------------------


async def test_the_same_content_twice_is_already_posted_not_an_error(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = sandbox.post_ids()
    args = {"content": "Doors open at 10.", "platform": "threads"}
    async with tools(server) as t:
        first = await t.ok("posts_create", args)
        second = await t.ok("posts_create", {**args, "schedule_minutes": 120})
    assert "already_posted" not in first  # said only when true
    assert second["already_posted"] is True
    assert second["post_id"] == first["post_id"]
    assert "Already posted" in second["summary"]
    assert "nothing new" in second["summary"]
    assert [p["_id"] for p in sandbox.new_posts(before)] == [first["post_id"]]


async def test_a_create_that_fails_with_500_is_sent_again_under_its_key(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    rule = await sandbox.fault(path="/api/v1/posts", method="POST", fail_count=1, status=500)
    before = sandbox.post_ids()
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "Once only", "platform": "threads"})
    assert [p["_id"] for p in sandbox.new_posts(before)] == [out["post_id"]]
    assert await sandbox.hits(rule) == 2  # the 500, then the same request under the same key


async def test_a_create_that_keeps_failing_is_not_created(server: MCPServer[Any], sandbox: Sandbox) -> None:
    await sandbox.fault(path="/api/v1/posts", method="POST", status=500)
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": "Never made", "platform": "threads"})
    assert "Not created" in text
    assert "nothing was posted" in text
    assert sandbox.posts_count() == before


async def test_a_create_whose_answer_is_lost_finds_the_post(server: MCPServer[Any], sandbox: Sandbox) -> None:
    rule = await sandbox.fault(path="/api/v1/posts", method="POST", drop=True, after=True, fail_count=1)
    before = sandbox.post_ids()
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "Lost in transit", "platform": "threads"})
    [created] = sandbox.new_posts(before)
    assert out["post_id"] == created["_id"]
    assert "answer was lost" in out["summary"]
    assert await sandbox.hits(rule) == 2  # sent again under its key: the API replayed the post


async def test_a_create_refused_with_429_is_sent_again(server: MCPServer[Any], sandbox: Sandbox) -> None:
    rule = await sandbox.fault(path="/api/v1/posts", method="POST", fail_count=1, status=429, retry_after=0)
    before = sandbox.post_ids()
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "Rate limited once", "platform": "threads"})
    assert [p["_id"] for p in sandbox.new_posts(before)] == [out["post_id"]]
    assert await sandbox.hits(rule) == 2


# --- the publish clock --------------------------------------------------------------------------------------


async def test_a_scheduled_post_is_published_when_its_time_comes(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        created = await t.ok("posts_create", {"content": "Later today", "platform": "threads", "schedule_minutes": 90})
        pending = await t.ok("posts_get", {"post_id": created["post_id"]})
        await sandbox.advance(7200)
        published = await t.ok("posts_get", {"post_id": created["post_id"]})
    assert pending["status"] == "scheduled"
    assert pending["platforms"][0].get("url") is None
    assert published["status"] == "published"
    [target] = published["platforms"]
    assert target["status"] == "published"
    assert target["url"].startswith("https://sandbox.invalid/www.threads.net/")
    assert parse_dt(published["published_at"]) >= parse_dt(created["scheduled_for"])


async def test_a_lost_answer_is_found_behind_many_later_posts(server: MCPServer[Any], sandbox: Sandbox) -> None:
    later = datetime.now(UTC) + timedelta(days=10)
    for i in range(50):
        response = await sandbox.api("POST", "posts", json={
            "content": f"Queued idea #{i}", "platforms": [{"platform": "threads", "accountId": ACCOUNT_IDS["threads"]}],
            "scheduledFor": (later + timedelta(minutes=i)).isoformat(),
        })  # fmt: skip
        assert response.status_code == 201, response.text
    await sandbox.fault(path="/api/v1/posts", method="POST", drop=True, after=True, fail_count=1)
    before = sandbox.post_ids()
    async with tools(server) as t:
        result = await t.call("posts_create", {"content": "Lost among many", "platform": "threads"})
    [created] = sandbox.new_posts(before)
    assert not result.is_error, "the post exists, but the tool says nothing was posted"
    assert result.structured_content is not None
    assert result.structured_content["post_id"] == created["_id"]
