"""Staggered cross-posts: each target's own scheduled_for, read in the user's zone (or `timezone`), sent as the
per-platform scheduledFor, shown per platform in the result and in posts_get, and published by the sandbox at
each platform's own time; on the day Berlin springs forward, so the local times really are read on that date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN
from late_mcp.timeutil import iso_utc

from ..conftest import Sandbox, tools
from .conftest import berlin

NOW = berlin(2027, 3, 26, 10)  # Friday before the change (Sunday 28 March, 02:00 -> 03:00)


@pytest.fixture
async def frozen(freeze: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The core tools read the same frozen clock as the planner and the sandbox."""
    monkeypatch.setattr("late_mcp.tools.posts.when.now_utc", lambda: NOW)
    await freeze(NOW)
    return NOW


def staggered(**extra: Any) -> dict[str, Any]:
    return {
        "content": "Spring schedule: new studio hours from Monday.",
        "platforms": "bluesky",
        "profile_id": PROFILE_MAIN,
        "scheduled_for": "2027-03-28T08:00",
        "targets": [
            {"platform": "twitter", "scheduled_for": "2027-03-28T12:00"},
            {"platform": "threads", "scheduled_for": "2027-03-28T01:30"},
        ],
        **extra,
    }


async def test_each_target_at_its_own_local_time(server: MCPServer[Any], sandbox: Sandbox, frozen: datetime) -> None:
    before = sandbox.post_ids()
    async with tools(server) as t:
        out = await t.ok("posts_cross_post", staggered())
        detail = await t.ok("posts_get", {"post_id": out["post_id"]})
    [created] = sandbox.new_posts(before)
    sent = {e["platform"]: e.get("scheduledFor") for e in created["platforms"]}
    # 12:00 is after the change (CEST, UTC+2), 01:30 before it (CET, UTC+1); bluesky keeps the post's time
    assert sent == {"bluesky": None, "twitter": "2027-03-28T10:00:00.000Z", "threads": "2027-03-28T00:30:00.000Z"}
    assert created["scheduledFor"] == "2027-03-28T06:00:00.000Z"  # 08:00 CEST
    shown = {p["platform"]: p.get("scheduled_for") for p in out["platforms"]}
    assert shown == {"bluesky": None, "twitter": "2027-03-28T12:00:00+02:00", "threads": "2027-03-28T01:30:00+01:00"}
    assert {p["platform"]: p.get("scheduled_for") for p in detail["platforms"]} == shown
    summary = out["summary"]
    assert "bluesky @acmestudio.bsky.social at Sun 2027-03-28 08:00 CEST (06:00 UTC)" in summary
    assert "twitter @acmestudio at Sun 2027-03-28 12:00 CEST (10:00 UTC)" in summary
    assert "threads @acme.studio at Sun 2027-03-28 01:30 CET (00:30 UTC)" in summary


async def test_the_sandbox_publishes_each_platform_at_its_own_time(
    server: MCPServer[Any], sandbox: Sandbox, frozen: datetime
) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_cross_post", staggered())

    async def state() -> tuple[str, dict[str, str]]:
        post = await sandbox.post(out["post_id"])
        assert post is not None
        return post["status"], {e["platform"]: e["status"] for e in post["platforms"]}

    await sandbox.control("clock", {"now": "2027-03-28T00:31:00Z"})
    assert await state() == ("scheduled", {"bluesky": "pending", "twitter": "pending", "threads": "published"})
    await sandbox.control("clock", {"now": "2027-03-28T06:00:00Z"})
    assert await state() == ("scheduled", {"bluesky": "published", "twitter": "pending", "threads": "published"})
    await sandbox.control("clock", {"now": "2027-03-28T10:00:00Z"})
    assert await state() == ("published", {"bluesky": "published", "twitter": "published", "threads": "published"})


async def test_timezone_reads_the_targets_times_too(server: MCPServer[Any], sandbox: Sandbox, frozen: datetime) -> None:
    before = sandbox.post_ids()
    async with tools(server) as t:
        await t.ok("posts_cross_post", staggered(timezone="America/New_York"))
    [created] = sandbox.new_posts(before)
    # New York is already on summer time (since 14 March): 12:00 EDT is 16:00 UTC
    assert {e["platform"]: e.get("scheduledFor") for e in created["platforms"]}["twitter"] == "2027-03-28T16:00:00.000Z"


async def test_only_every_target_timed_needs_no_post_time_at_the_api(sandbox: Sandbox, frozen: datetime) -> None:
    """The sandbox takes a post whose every platform has its own time as scheduled, due at the first."""
    response = await sandbox.api(
        "POST",
        "posts",
        json={
            "content": "Two times",
            "platforms": [
                {"platform": "twitter", "accountId": ACCOUNT_IDS["twitter"], "scheduledFor": "2027-03-29T12:00:00Z"},
                {"platform": "bluesky", "accountId": ACCOUNT_IDS["bluesky"], "scheduledFor": "2027-03-29T09:00:00Z"},
            ],
        },
    )
    assert response.status_code == 201, response.text
    post = response.json()["post"]
    assert (post["status"], post["scheduledFor"]) == ("scheduled", "2027-03-29T09:00:00.000Z")


async def test_bad_target_times_are_refused_before_any_call(
    server: MCPServer[Any], sandbox: Sandbox, frozen: datetime
) -> None:
    watch = await sandbox.watch()
    past = staggered(targets=[{"platform": "twitter", "scheduled_for": "2027-03-25T12:00"}])
    async with tools(server) as t:
        errors = {
            "past": await t.error("posts_cross_post", past),
            "garbled": await t.error(
                "posts_cross_post", staggered(targets=[{"platform": "x", "scheduled_for": "noon"}])
            ),
            "draft": await t.error("posts_cross_post", staggered(scheduled_for="", is_draft=True)),
            "series": await t.error(
                "posts_schedule_series",
                {
                    "at": "09:00",
                    "count": 2,
                    "content": "x",
                    "targets": [{"platform": "twitter", "scheduled_for": "2027-04-01T09:00"}],
                },
            ),
        }
    assert "targets[twitter].scheduled_for" in errors["past"]
    assert "in the past" in errors["past"]
    assert "targets[twitter].scheduled_for" in errors["garbled"]
    assert "goes with a scheduled post" in errors["draft"]
    assert "drop scheduled_for from the targets" in errors["series"]
    assert await sandbox.hits(watch) == 0


async def test_a_live_target_is_said_live_not_scheduled_in_the_past(
    server: MCPServer[Any], sandbox: Sandbox, frozen: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with tools(server) as t:
        made = staggered(targets=[{"platform": "twitter", "scheduled_for": "2027-03-28T12:00"}])
        out = await t.ok("posts_cross_post", made)
        now = berlin(2027, 3, 28, 8, 1)  # bluesky went out at the post's time, 08:00
        monkeypatch.setattr("late_mcp.tools.posts.when.now_utc", lambda: now)
        await sandbox.control("clock", {"now": iso_utc(now)})
        moved = await t.ok("posts_update", {"post_id": out["post_id"], "scheduled_for": "2027-03-28T10:00"})
    summary = moved["summary"]
    assert "bluesky @acmestudio.bsky.social live already" in summary, summary
    assert "08:00" not in summary


async def test_moving_a_partly_live_post_leaves_the_live_targets_past_time_out(
    server: MCPServer[Any], sandbox: Sandbox, frozen: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_cross_post", staggered())
        now = berlin(2027, 3, 28, 1, 31)  # threads went out at its own 01:30
        monkeypatch.setattr("late_mcp.tools.posts.when.now_utc", lambda: now)
        monkeypatch.setattr("late_mcp.tools.posts.update.now_utc", lambda: now)
        await sandbox.control("clock", {"now": iso_utc(now)})
        moved = await t.ok("posts_update", {"post_id": out["post_id"], "scheduled_for": "2027-03-28T09:00"})
    post = await sandbox.post(out["post_id"])
    assert post is not None
    threads = next(e for e in post["platforms"] if e["platform"] == "threads")
    assert threads["status"] == "published"
    assert "threads @acme.studio live already" in moved["summary"]
