"""posts_create and posts_publish_now: the mode (draft, now, scheduled, queue) and the time, read in the user's zone."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ...conftest import BERLIN, Sandbox, annotations_of, as_shown, parse_dt, tools
from ._seeded import (
    LA,
    READ,
    UTC,
    WRITE,
    account_of,
    berlin_day,
    compact,
    dst_gap,
    dst_overlap,
    is_berlin_time,
    is_utc_time,
)


async def test_posts_annotations(server: MCPServer[Any]) -> None:
    expected = {
        "posts_list": {"title": "List posts", **READ},
        "posts_get": {"title": "Get post", **READ},
        "posts_list_failed": {"title": "List failed posts", **READ},
        # publishing cannot be undone: every tool that may publish is destructive, and none is idempotent
        "posts_create": {"title": "Create post", **WRITE, "destructive_hint": True, "idempotent_hint": False},
        "posts_publish_now": {"title": "Publish now", **WRITE, "destructive_hint": True, "idempotent_hint": False},
        "posts_cross_post": {"title": "Cross-post", **WRITE, "destructive_hint": True, "idempotent_hint": False},
        "posts_retry": {"title": "Retry post", **WRITE, "destructive_hint": True, "idempotent_hint": False},
        "posts_retry_all_failed": {
            "title": "Retry all failed",
            **WRITE,
            "destructive_hint": True,
            "idempotent_hint": False,
        },
        # overwrites and deletes: destructive, and repeating them changes nothing more
        "posts_update": {"title": "Update post", **WRITE, "destructive_hint": True, "idempotent_hint": True},
        "posts_delete": {"title": "Delete post", **WRITE, "destructive_hint": True, "idempotent_hint": True},
    }
    async with tools(server) as t:
        assert {name: annotations_of(t, name) for name in expected} == expected


# --- posts_create: the three modes --------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_create_draft(server: MCPServer[Any], sandbox: Sandbox, mode: Literal["auto", "legacy"]) -> None:
    async with tools(server, mode=mode) as t:
        out = await t.ok("posts_create", {"content": "Idea: studio tour", "platform": "threads", "is_draft": True})
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert stored["status"] == "draft"
    assert stored["scheduledFor"] is None
    assert stored["content"] == "Idea: studio tour"
    assert [(e["platform"], account_of(e)) for e in stored["platforms"]] == [("threads", ACCOUNT_IDS["threads"])]
    assert out["status"] == "draft"
    assert "already_posted" not in out  # said only when true
    assert out.get("scheduled_for") is None
    assert out.get("scheduled_for_utc") is None
    assert out["summary"].startswith("Draft saved for threads")


async def test_create_publish_now_publishes_and_returns_the_url(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "Live now", "platform": "threads", "publish_now": True})
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert stored["status"] == "published"
    url = stored["platforms"][0]["platformPostUrl"]
    assert url.startswith("https://sandbox.invalid/www.threads.net/@acme.studio/post/")
    assert out["status"] == "published"
    assert [compact(p) for p in out["platforms"]] == [{
        "platform": "threads", "account_id": ACCOUNT_IDS["threads"], "username": "acme.studio",
        "status": "published", "url": url, "published_at": out["published_at"],
    }]  # fmt: skip
    assert url in out["summary"]
    assert parse_dt(out["published_at_utc"]) == as_shown(stored["platforms"][0]["publishedAt"])
    assert parse_dt(out["published_at"]) == parse_dt(out["published_at_utc"])


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_create_default_is_scheduled_in_an_hour(
    server: MCPServer[Any], sandbox: Sandbox, mode: Literal["auto", "legacy"]
) -> None:
    async with tools(server, mode=mode) as t:
        before = datetime.now(UTC)
        out = await t.ok("posts_create", {"content": "In an hour", "platform": "threads"})
        after = datetime.now(UTC)
    local, utc = parse_dt(out["scheduled_for"]), parse_dt(out["scheduled_for_utc"])
    assert local == utc
    earliest = (before + timedelta(minutes=60)).replace(microsecond=0)  # shown cut to the second
    assert earliest <= utc <= after + timedelta(minutes=60)
    assert is_berlin_time(out["scheduled_for"])
    assert is_utc_time(out["scheduled_for_utc"])
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert stored["status"] == "scheduled"
    assert as_shown(stored["scheduledFor"]) == utc
    assert out["status"] == "scheduled"
    assert local.strftime("%H:%M") in out["summary"]
    assert utc.strftime("%H:%M UTC") in out["summary"]


async def test_create_schedule_minutes(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "In a day", "platform": "threads", "schedule_minutes": 1440})
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    delta = parse_dt(stored["scheduledFor"]) - datetime.now(UTC)
    assert timedelta(hours=23, minutes=59) < delta <= timedelta(hours=24)


async def test_create_schedule_minutes_below_one_is_refused(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": "Now?", "platform": "threads", "schedule_minutes": 0})
    assert "schedule_minutes" in text
    assert sandbox.posts_count() == before


async def test_create_scheduled_for_without_offset_is_read_in_the_users_zone(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    text, wall = berlin_day(2)
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "Berlin morning", "platform": "threads", "scheduled_for": text})
    assert parse_dt(out["scheduled_for"]) == wall
    assert parse_dt(out["scheduled_for"]).replace(tzinfo=None) == wall.replace(tzinfo=None)  # shown as given
    assert is_berlin_time(out["scheduled_for"])
    assert is_utc_time(out["scheduled_for_utc"])
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert parse_dt(stored["scheduledFor"]) == wall.astimezone(UTC)


async def test_create_scheduled_for_with_a_timezone_argument(server: MCPServer[Any], sandbox: Sandbox) -> None:
    text, _ = berlin_day(3)
    wall_la = datetime.fromisoformat(text).replace(tzinfo=LA)
    async with tools(server) as t:
        out = await t.ok(
            "posts_create",
            {"content": "LA morning", "platform": "threads", "scheduled_for": text, "timezone": "America/Los_Angeles"},
        )
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert parse_dt(stored["scheduledFor"]) == wall_la.astimezone(UTC)
    # the result still speaks the user's zone
    assert parse_dt(out["scheduled_for"]) == wall_la
    assert is_berlin_time(out["scheduled_for"])
    # and its line leads with the time as the call gave it, so the person recognises it, then here and in UTC
    here, utc = wall_la.astimezone(BERLIN), wall_la.astimezone(UTC)
    said = f"{wall_la:%a %Y-%m-%d} 09:00 America/Los_Angeles ({here:%H:%M %Z}, {utc:%H:%M} UTC)"  # the same day
    assert said in out["summary"], out["summary"]


async def test_a_timezone_that_is_the_users_own_is_said_once(server: MCPServer[Any]) -> None:
    text, wall = berlin_day(3)
    async with tools(server) as t:
        out = await t.ok(
            "posts_create",
            {"content": "Berlin morning", "platform": "threads", "scheduled_for": text, "timezone": "Europe/Berlin"},
        )
    utc = wall.astimezone(UTC)
    assert out["summary"].endswith(f"at {wall:%a %Y-%m-%d} 09:00 {wall:%Z} ({utc:%H:%M} UTC)."), out["summary"]


async def test_create_scheduled_for_with_an_offset_keeps_the_offset(server: MCPServer[Any], sandbox: Sandbox) -> None:
    text, _ = berlin_day(4)
    async with tools(server) as t:
        out = await t.ok(
            "posts_create", {"content": "India", "platform": "threads", "scheduled_for": f"{text}:00+05:30"}
        )
    expected = datetime.fromisoformat(f"{text}:00+05:30")
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert parse_dt(stored["scheduledFor"]) == expected


@pytest.mark.parametrize(
    ("args", "words"),
    [
        # said in the user's zone, as it was asked: a UTC reading looks like a different time
        ({"scheduled_for": "2020-01-01T09:00"}, ["2020-01-01T09:00+01:00 is in the past", "future", "publish_now"]),
        ({"scheduled_for": "next tuesday"}, ["scheduled_for", "no time of day", "ask the user which"]),
        ({"scheduled_for": "whenever suits"}, ["scheduled_for", "ISO 8601"]),
        ({"scheduled_for": "2099-01-01T09:00", "timezone": "Mars/Olympus"}, ["Mars/Olympus", "IANA"]),
        ({"is_draft": True, "publish_now": True}, ["is_draft", "publish_now"]),
        ({"publish_now": True, "scheduled_for": "2099-01-01T09:00"}, ["scheduled_for", "publish_now"]),
        ({"platform": "myspace"}, ["myspace", "twitter", "bluesky", "threads"]),
        ({"content": "   "}, ["content", "empty", "media_urls"]),
        ({"account_id": "../accounts"}, ["account_id", "accounts_list"]),
        ({"scheduled_for": dst_gap()}, ["does not exist", "Europe/Berlin"]),
        ({"scheduled_for": dst_overlap()}, ["happens twice", "+02:00 (CEST", "+01:00 (CET"]),
        ({"scheduled_for": "9999-12-31T23:59Z"}, ["out of range"]),  # Berlin could not show it
        ({"scheduled_for": "2099-06-07T09:30+02:00", "timezone": "Asia/Tokyo"}, ["+02:00", "Asia/Tokyo", "+09:00"]),
    ],
)
async def test_create_local_refusals_send_nothing(
    server: MCPServer[Any], sandbox: Sandbox, args: dict[str, Any], words: list[str]
) -> None:
    watch = await sandbox.watch()
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": "Hello", "platform": "threads", **args})
    for word in words:
        assert word in text, text
    assert await sandbox.hits(watch) == 0  # refused before any request
    assert sandbox.posts_count() == before


# --- posts_publish_now --------------------------------------------------------------------------------------


async def test_publish_now_tool(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_publish_now", {
            "content": "Shipping day", "platform": "bluesky", "account_id": ACCOUNT_IDS["bluesky_personal"],
        })  # fmt: skip
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert stored["status"] == "published"
    [entry] = stored["platforms"]
    assert account_of(entry) == ACCOUNT_IDS["bluesky_personal"]
    assert entry["platformPostUrl"].startswith("https://sandbox.invalid/bsky.app/profile/janedoe.bsky.social/post/")
    assert out["platforms"][0]["url"] == entry["platformPostUrl"]
    assert out["status"] == "published"


async def test_publish_now_on_an_ambiguous_platform_is_refused(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_publish_now", {"content": "Which?", "platform": "bluesky"})
    assert ACCOUNT_IDS["bluesky"] in text
    assert ACCOUNT_IDS["bluesky_personal"] in text
    assert sandbox.posts_count() == before


async def test_a_post_the_api_holds_at_the_end_of_the_calendar_does_not_break_the_listing(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    made = await sandbox.api("POST", "posts", json={
        "content": "Far", "scheduledFor": "9999-12-31T23:59:00Z",
        "platforms": [{"platform": "threads", "accountId": ACCOUNT_IDS["threads"]}],
    })  # fmt: skip
    assert made.status_code < 300, made.text
    async with tools(server) as t:
        listed = await t.ok("posts_list", {"limit": 50})
        got = await t.ok("posts_get", {"post_id": made.json()["post"]["_id"]})
    [far] = [p for p in listed["posts"] if p["preview"] == "Far"]
    assert far["scheduled_for"] == far["scheduled_for_utc"] == "9999-12-31T23:59:00Z"  # shown in UTC, once
    assert got["scheduled_for_utc"] == "9999-12-31T23:59:00Z"
