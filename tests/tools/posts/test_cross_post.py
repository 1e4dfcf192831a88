"""posts_cross_post: one post on several platforms, platforms and account ids as lists or text."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN

from ...conftest import BERLIN, Sandbox, tools
from ._seeded import UTC

# --- posts_cross_post ---------------------------------------------------------------------------------------


async def test_cross_post_one_post_on_several_platforms(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = sandbox.post_ids()
    async with tools(server) as t:
        out = await t.ok("posts_cross_post", {
            "content": "Acme Studio 2.1 is out.", "platforms": "twitter, linkedin,bluesky", "profile_id": PROFILE_MAIN,
        })  # fmt: skip
    [created] = sandbox.new_posts(before)
    assert created["_id"] == out["post_id"]
    expected = [("twitter", ACCOUNT_IDS["twitter"]), ("linkedin", ACCOUNT_IDS["linkedin"]),
                ("bluesky", ACCOUNT_IDS["bluesky"])]  # fmt: skip
    assert [(e["platform"], e["accountId"]) for e in created["platforms"]] == expected
    assert [(p["platform"], p["account_id"]) for p in out["platforms"]] == expected
    assert created["status"] == "scheduled"


async def test_cross_post_platforms_as_a_list_with_duplicates_and_account_ids(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    before = sandbox.post_ids()
    async with tools(server) as t:
        out = await t.ok("posts_cross_post", {
            "content": "Personal news", "platforms": ["threads", "x", "Threads", "twitter"],
            "account_ids": [ACCOUNT_IDS["twitter_personal"]], "is_draft": True,
        })  # fmt: skip
    [created] = sandbox.new_posts(before)
    assert sorted((e["platform"], e["accountId"]) for e in created["platforms"]) == [
        ("threads", ACCOUNT_IDS["threads"]),
        ("twitter", ACCOUNT_IDS["twitter_personal"]),
    ]
    assert created["status"] == "draft"
    assert out["status"] == "draft"


async def test_cross_post_comma_text_duplicates_collapse(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = sandbox.post_ids()
    async with tools(server) as t:
        await t.ok("posts_cross_post", {"content": "Once", "platforms": "threads, THREADS ,threads,"})
    [created] = sandbox.new_posts(before)
    assert [e["platform"] for e in created["platforms"]] == ["threads"]


async def test_cross_post_account_ids_as_comma_text(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = sandbox.post_ids()
    async with tools(server) as t:
        await t.ok("posts_cross_post", {
            "content": "Both personal", "platforms": "twitter,linkedin",
            "account_ids": f"{ACCOUNT_IDS['twitter_personal']}, {ACCOUNT_IDS['linkedin_personal']}",
        })  # fmt: skip
    [created] = sandbox.new_posts(before)
    assert {e["accountId"] for e in created["platforms"]} == {
        ACCOUNT_IDS["twitter_personal"],
        ACCOUNT_IDS["linkedin_personal"],
    }


async def test_cross_post_publish_now_returns_every_url(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_cross_post", {
            "content": "Everywhere at once", "platforms": "threads,linkedin", "profile_id": PROFILE_MAIN,
            "publish_now": True,
        })  # fmt: skip
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert stored["status"] == "published"
    urls = {e["platform"]: e["platformPostUrl"] for e in stored["platforms"]}
    assert {p["platform"]: p["url"] for p in out["platforms"]} == urls
    assert all(urls.values())


async def test_cross_post_ambiguous_platform_needs_account_ids(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_cross_post", {"content": "Hi all", "platforms": "threads,twitter"})
    assert ACCOUNT_IDS["twitter"] in text
    assert ACCOUNT_IDS["twitter_personal"] in text
    assert "account_id" in text
    assert sandbox.posts_count() == before


@pytest.mark.parametrize(
    ("platforms", "words"),
    [("", ["platforms", "empty"]), (" , ", ["platforms", "empty"]), ("threads,myspace", ["myspace", "twitter"])],
)
async def test_cross_post_bad_platforms_are_refused(
    server: MCPServer[Any], sandbox: Sandbox, platforms: str, words: list[str]
) -> None:
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_cross_post", {"content": "Hi", "platforms": platforms})
    for word in words:
        assert word in text
    assert sandbox.posts_count() == before


async def test_cross_post_preflight_lists_every_problem(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_cross_post", {
            "content": "y" * 301, "platforms": "bluesky,instagram", "profile_id": PROFILE_MAIN,
        })  # fmt: skip
    assert "bluesky" in text.lower()
    assert "instagram" in text.lower()
    assert "2 problems" in text
    assert sandbox.posts_count() == before


async def test_targets_times_are_told_in_the_zone_the_call_gave(server: MCPServer[Any]) -> None:
    """The person said 05:00 and 06:00 Tokyo: the line says so, and what each is here and in UTC (the day before)."""
    day = date.today() + timedelta(days=3)
    args = {
        "content": "Tokyo launch",
        "platforms": "threads,bluesky",
        "account_ids": f"{ACCOUNT_IDS['threads']},{ACCOUNT_IDS['bluesky']}",
        "scheduled_for": f"{day}T05:00",
        "timezone": "Asia/Tokyo",
        "targets": [{"platform": "bluesky", "scheduled_for": f"{day}T06:00"}],
    }
    async with tools(server) as t:
        out = await t.ok("posts_cross_post", args)
    for hour in (5, 6):
        there = datetime.combine(day, time(hour), tzinfo=ZoneInfo("Asia/Tokyo"))
        here, utc = there.astimezone(BERLIN), there.astimezone(UTC)
        said = f"{there:%a %Y-%m-%d %H:%M} Asia/Tokyo ({here:%a %Y-%m-%d %H:%M %Z}, {here:%a %Y-%m-%d} {utc:%H:%M} UTC)"
        assert said in out["summary"], out["summary"]
