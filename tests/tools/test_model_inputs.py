"""Inputs models often get wrong, through the MCP client: zone abbreviations, invisible text, two ways of saying
when, HEIC with a type given, every ambiguous platform at once, targets beside account_ids, threads as plain text.
Each refusal happens before any HTTP call; each acceptance does what was asked."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ..conftest import Sandbox, parse_dt, tools
from .conftest import make_server


@pytest.mark.parametrize(
    ("zone", "words"),
    [
        ("EST", ["abbreviation", "America/New_York"]),
        ("PST", ["abbreviation", "America/Los_Angeles"]),
        ("CET", ["abbreviation", "Europe/Berlin"]),
        ("GMT+1", ["fixed offset", "Europe/"]),
        ("Etc/GMT+5", ["fixed offset", "America/"]),
        # the same letters name other places' zones too: every one is offered, and the person asked
        ("IST", ["abbreviation", "Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem", "ask the user"]),
        ("BST", ["abbreviation", "Europe/London", "Asia/Dhaka", "ask the user"]),
        ("CST", ["abbreviation", "America/Chicago", "Asia/Shanghai", "ask the user"]),
    ],
)
async def test_zone_abbreviations_and_offsets_are_refused_with_the_place(
    server: MCPServer[Any], sandbox: Sandbox, zone: str, words: list[str]
) -> None:
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error(
            "posts_create",
            {"content": "Zone", "platform": "bluesky", "scheduled_for": "2030-11-25T09:00", "timezone": zone},
        )
        assert "an hour wrong half the year" in await t.error("now", {"timezone": zone})
    for word in words:
        assert word in text
    assert await sandbox.hits(watch) == 0


async def test_utc_and_place_zones_are_accepted(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        for zone in ("UTC", "America/New_York", "Etc/UTC"):
            await t.ok("now", {"timezone": zone})


@pytest.mark.parametrize(
    ("zone", "said"),
    [
        ("america/new_york", "did you mean 'America/New_York'? IANA names are written with their capitals"),
        ("utc", "did you mean 'UTC'?"),
        ("Z", "did you mean 'UTC'? Z is ISO 8601's mark for UTC, not a zone's name"),
        ("EUROPE/LONDON", "did you mean 'Europe/London'?"),
        # zoneinfo opens these, but none is a place's zone the API knows: right/ counts leap seconds (Berlin's
        # January reads +02:00 there), posix/ is a copy under another name, localtime is this machine's
        ("right/Europe/Berlin", "did you mean 'Europe/Berlin'? right/ and posix/ are copies of the zones"),
        ("posix/Asia/Tokyo", "did you mean 'Asia/Tokyo'? right/ and posix/ are copies of the zones"),
        # a typo: the nearest names, found only on the way to this error
        ("Europe/Berln", "did you mean 'Europe/Berlin'?"),
        ("America/New_Yrok", "did you mean 'America/New_York'?"),
        ("localtime", "Unknown time zone 'localtime'"),
        ("Factory", "Unknown time zone 'Factory'"),
    ],
)
async def test_a_zone_name_that_is_almost_a_place_is_refused_with_the_place(
    server: MCPServer[Any], sandbox: Sandbox, zone: str, said: str
) -> None:
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error(
            "posts_create",
            {"content": "Zone", "platform": "bluesky", "scheduled_for": "2030-01-25T09:00", "timezone": zone},
        )
    assert said in text, text
    assert await sandbox.hits(watch) == 0


@pytest.mark.parametrize("content", ["\u200b", "\u200b\u200d\ufeff", " \u2800 ", "\u3164"])
async def test_invisible_content_is_empty_content(server: MCPServer[Any], sandbox: Sandbox, content: str) -> None:
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": content, "platform": "bluesky", "is_draft": True})
    assert "only invisible characters" in text
    assert await sandbox.hits(watch) == 0


@pytest.mark.parametrize("minutes", [30, 60, "60"])
async def test_schedule_minutes_with_scheduled_for_names_both(
    server: MCPServer[Any], sandbox: Sandbox, minutes: object
) -> None:
    """Even 60, the default, said out loud beside a time is two answers to one question."""
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error(
            "posts_create",
            {"content": "When", "platform": "bluesky", "schedule_minutes": minutes, "scheduled_for": "2030-11-25"},
        )
    assert "schedule_minutes=" in text
    assert "scheduled_for=" in text
    assert await sandbox.hits(watch) == 0


async def test_heic_is_refused_even_with_a_type(server: MCPServer[Any], sandbox: Sandbox) -> None:
    media = json.dumps([{"url": "https://cdn.example/IMG_0001.HEIC", "type": "image"}])
    watch = await sandbox.watch(path="/api/v1/posts*")
    async with tools(server) as t:
        for tool in ("posts_validate", "posts_create"):
            args = {"content": "Photo", "media_urls": media, "is_draft": True}
            args |= {"platforms": "bluesky"} if tool == "posts_validate" else {"platform": "bluesky"}
            text = await t.error(tool, args)
            assert "HEIC" in text
            assert "JPEG" in text
    assert await sandbox.hits(watch) == 0


async def test_every_ambiguous_platform_is_named_at_once(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_cross_post", {"content": "Both", "platforms": "linkedin,bluesky"})
    for key in ("linkedin", "linkedin_personal", "bluesky", "bluesky_personal"):
        assert ACCOUNT_IDS[key] in text, key
    assert "2 platforms" in text
    assert sandbox.posts_count() == before


async def test_targets_with_account_ids_take_the_given_account(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """account_ids names the personal X account; the twitter target entry has its own text and no account: the
    entry goes out on that account, and the shared text on LinkedIn."""
    async with tools(server) as t:
        out = await t.ok(
            "posts_cross_post",
            {
                "content": "The long version for LinkedIn",
                "platforms": "twitter,linkedin",
                "account_ids": f"{ACCOUNT_IDS['twitter_personal']},{ACCOUNT_IDS['linkedin']}",
                "targets": [{"platform": "twitter", "content": "Short for X"}],
                "is_draft": True,
            },
        )
        detail = await t.ok("posts_get", {"post_id": out["post_id"]})
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    by_platform = {e["platform"]: e for e in stored["platforms"]}
    assert set(by_platform) == {"twitter", "linkedin"}
    account = by_platform["twitter"]["accountId"]
    assert (account["_id"] if isinstance(account, dict) else account) == ACCOUNT_IDS["twitter_personal"]
    shown = {p["platform"]: p for p in detail["platforms"]}
    assert shown["twitter"]["content"] == "Short for X"  # what goes out where, before approving
    assert shown["twitter"]["username"] == "janedoe_dev"
    assert "content" not in shown["linkedin"]


async def test_a_thread_of_plain_strings_is_a_thread(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok(
            "posts_create",
            {
                "content": "1/ A thread",
                "platform": "bluesky",
                "account_id": ACCOUNT_IDS["bluesky"],
                "options": {"threadItems": ["1/ A thread", "2/ continued"]},
                "is_draft": True,
            },
        )
        detail = await t.ok("posts_get", {"post_id": out["post_id"]})
        refused = await t.error(
            "posts_create",
            {
                "content": "x",
                "platform": "bluesky",
                "account_id": ACCOUNT_IDS["bluesky"],
                "options": {"threadItems": [{"text": "wrong key"}]},
                "is_draft": True,
            },
        )
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    items = stored["platforms"][0]["platformSpecificData"]["threadItems"]
    assert [i["content"] for i in items] == ["1/ A thread", "2/ continued"]
    [bluesky] = detail["platforms"]
    assert [i["content"] for i in bluesky["thread"]] == ["1/ A thread", "2/ continued"]
    assert "threadItems[0].text is not a field of a thread item" in refused
    assert "{content, media_urls}" in refused


async def test_day_words_are_scheduled_for_that_day_in_the_users_zone(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """A model passes on "tomorrow 9am" as said: the server, which knows the date and the zone, reads it."""
    berlin = ZoneInfo("Europe/Berlin")

    def tomorrow_at_nine() -> datetime:
        return datetime.combine(datetime.now(berlin).date() + timedelta(days=1), time(9), tzinfo=berlin)

    before = tomorrow_at_nine()
    async with tools(server) as t:
        out = await t.ok(
            "posts_create", {"content": "Day words", "platform": "threads", "scheduled_for": "tomorrow 9am"}
        )
        watch = await sandbox.watch()
        refused = await t.error(
            "posts_create", {"content": "Next", "platform": "threads", "scheduled_for": "next Friday 9am"}
        )
    assert "can mean Fri" in refused
    assert await sandbox.hits(watch) == 0
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert parse_dt(stored["scheduledFor"]) in {before, tomorrow_at_nine()}  # a call across midnight: either day


async def test_a_day_without_a_time_is_refused_with_that_days_date(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """ "Friday" alone was answered with tomorrow's date as the example: a model copying it posted on Thursday."""
    here = datetime.now(ZoneInfo("Europe/Berlin")).date()
    friday = here + timedelta(days=(4 - here.weekday()) % 7)
    async with tools(server) as t:
        watch = await sandbox.watch()
        alone = await t.error("posts_create", {"content": "F", "platform": "threads", "scheduled_for": "Friday"})
        nxt = await t.error("posts_create", {"content": "M", "platform": "threads", "scheduled_for": "next Monday"})
    assert await sandbox.hits(watch) == 0
    assert "'Friday' has no time of day" in alone
    assert f"'{friday:%Y-%m-%d}T09:00'" in alone or f"'{friday + timedelta(days=7):%Y-%m-%d}T09:00'" in alone
    assert "ask the user which" in nxt
    assert nxt.count("Mon 20") == 2


async def test_noon_tomorrow_is_read_not_answered_with_a_nine_oclock_example(server: MCPServer[Any]) -> None:
    """ "tomorrow noon" and "tonight 8pm" were refused with tomorrow at 09:00 as the example: copied, the post
    went out at the wrong hour (or the wrong day)."""
    berlin = ZoneInfo("Europe/Berlin")

    def noon() -> datetime:
        return datetime.combine(datetime.now(berlin).date() + timedelta(days=1), time(12), tzinfo=berlin)

    before = noon()
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "N", "platform": "threads", "scheduled_for": "tomorrow noon"})
    assert parse_dt(out["scheduled_for"]) in {before, noon()}


async def test_a_zone_word_after_day_words_says_to_give_it_as_timezone(server: MCPServer[Any]) -> None:
    """ "tomorrow 9am PST" was called not ISO 8601, with an example in the user's own zone: hours off for PST."""
    async with tools(server) as t:
        refused = await t.error(
            "posts_create", {"content": "W", "platform": "threads", "scheduled_for": "tomorrow 9am PST"}
        )
        out = await t.ok(
            "posts_create",
            {"content": "W", "platform": "threads", "scheduled_for": "tomorrow 9am", "timezone": "America/Los_Angeles"},
        )
    assert "'PST' is a time zone" in refused
    assert "timezone='America/Los_Angeles'" in refused
    assert out["scheduled_for_utc"][10:] in ("T16:00:00Z", "T17:00:00Z")  # 9am in Los Angeles, summer or winter


async def test_scheduled_posts_are_listed_soonest_first(server: MCPServer[Any]) -> None:
    soon = datetime.now(timezone.utc) + timedelta(days=2)
    async with tools(server) as t:
        for days in (30, 3, 10):
            when = (soon + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
            await t.ok("posts_create", {"content": f"in {days}", "platform": "threads", "scheduled_for": when})
        out = await t.ok("posts_list", {"status": "scheduled", "limit": 100})
    times = [row["scheduled_for_utc"] for row in out["posts"]]
    assert times == sorted(times)
    assert all("@" in p for row in out["posts"] for p in row["platforms"])


async def test_hints_name_what_the_tool_can_do(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """posts_update has no publish_now; a published post cannot be deleted (only taken down from a platform), so
    "fix the fields" would be false."""
    published = next(p for p in sandbox_posts(sandbox) if p["status"] == "published")
    async with tools(server) as t:
        draft = await t.ok("posts_create", {"content": "Later", "platform": "threads", "is_draft": True})
        past = await t.error("posts_update", {"post_id": draft["post_id"], "scheduled_for": "2020-01-01T09:00"})
        gone = await t.error("posts_delete", {"post_id": published["_id"]})
    assert "publish_now" not in past
    assert "in the past" in past
    assert "stays on the platforms" in gone
    assert "fix the fields" not in gone.lower()


def sandbox_posts(sandbox: Sandbox) -> list[dict[str, Any]]:
    return list(sandbox.store.all("posts"))


async def test_null_or_empty_text_for_an_optional_argument_is_its_default(sandbox: Sandbox) -> None:
    """Models fill every argument: null (or "" where the parameter takes no text) means not given, in every
    toolset; what the call does is what the same call without them does."""
    async with tools(make_server(sandbox.app, toolsets=("all",))) as t:
        posts = await t.ok("posts_list", {"status": None, "limit": None, "page": ""})
        assert posts == await t.ok("posts_list", {})
        hook = await t.ok("webhooks_save", {"url": "https://example.com/h", "events": "", "active": "", "headers": ""})
        assert hook["webhook"]["active"] is True
        assert hook["webhook"]["header_names"] == []
        [stored] = sandbox.store.all("webhooks")
        assert stored["isActive"] is True
        assert stored.get("customHeaders") in (None, {})
        assert (await t.ok("logs_list", {"days": "", "kind": None, "status": None}))["kind"] == "publishing"
        assert (await t.ok("posts_calendar", {"days": "", "start": None}))["days"]
        # a required argument sent as null is still missing, and said so
        assert "webhook_id" in await t.error("webhooks_delete", {"webhook_id": None})


async def test_a_platform_cut_short_is_matched_among_a_tools_own_choices(sandbox: Sandbox) -> None:
    """media_download lists its seven platforms in its schema: "Instag" is refused with the one it begins, as
    every other platform argument does ("Insta" is Instagram's nickname, read as it)."""
    async with tools(make_server(sandbox.app, toolsets=("all",))) as t:
        text = await t.error("media_download", {"platform": "Instag", "url": "https://www.instagram.com/p/abc/"})
    assert 'platform="instag" is not allowed (did you mean instagram?)' in text


@pytest.mark.parametrize(("tool", "field"), [("posts_calendar", "start"), ("analytics_get", "from_date")])
async def test_an_iso_time_where_a_day_belongs_is_refused_with_its_day(sandbox: Sandbox, tool: str, field: str) -> None:
    watch = await sandbox.watch()
    async with tools(make_server(sandbox.app, toolsets=("all",))) as t:
        text = await t.error(tool, {field: "2026-11-25T09:00:00+01:00"})
    assert f"must be a date as YYYY-MM-DD without a time, e.g. {field}=2026-11-25." in text
    assert await sandbox.hits(watch) == 0
