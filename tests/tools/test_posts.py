"""posts_* through an MCP client against the sandbox: results, annotations, errors, and the sandbox afterwards."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Literal
from zoneinfo import ZoneInfo

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, oid

from ..conftest import BERLIN, Sandbox, annotations_of, parse_dt, tools

UTC = timezone.utc
LA = ZoneInfo("America/Los_Angeles")
UNKNOWN_ID = "0123456789abcdef01234567"

# seeded posts
DRAFT_NEWSLETTER = oid("post:draft-newsletter")  # linkedin draft
SCHEDULED_WEBINAR = oid("post:scheduled-webinar")  # twitter + linkedin
SCHEDULED_PIN = oid("post:scheduled-pin")  # pinterest, one image
SCHEDULED_YOUTUBE = oid("post:scheduled-youtube")
PUBLISHED_PHOTO = oid("post:published-photo")
PARTIAL_EVENT = oid("post:partial-event")  # twitter published, facebook failed
FAILED_FACEBOOK = oid("post:failed-facebook")
FAILED_RATELIMIT = oid("post:failed-ratelimit")  # twitter: fails no more once retried
SEEDED_POSTS = 13

WRITE = {"read_only_hint": False, "open_world_hint": True}
READ = {"read_only_hint": True, "open_world_hint": True}


def berlin_day(days_ahead: int, hour: int = 9) -> tuple[str, datetime]:
    """A naive ISO time `days_ahead` days from today at `hour`:00, and that wall time as an aware Berlin time."""
    day = date.today() + timedelta(days=days_ahead)
    naive = datetime.combine(day, time(hour, 0))
    return naive.isoformat(timespec="minutes"), naive.replace(tzinfo=BERLIN)


def dst_gap() -> str:
    """02:30 on the next spring-forward Sunday in Berlin (the last Sunday of March): a wall time that never exists."""
    year = date.today().year + 1
    day = date(year, 3, 31)
    day -= timedelta(days=(day.weekday() - 6) % 7)
    return f"{day.isoformat()}T02:30"


def is_berlin_time(value: str) -> bool:
    parsed = parse_dt(value)
    return parsed.utcoffset() == parsed.astimezone(BERLIN).utcoffset()


def is_utc_time(value: str) -> bool:
    return parse_dt(value).utcoffset() == timedelta(0)


def compact(result: dict[str, Any]) -> dict[str, Any]:
    """A result without its null fields (whether nulls are sent or dropped is not the contract)."""
    return {key: value for key, value in result.items() if value is not None}


def account_of(entry: dict[str, Any]) -> str:
    """The account id of a platform entry as the API shows it (populated object or bare id)."""
    ref = entry["accountId"]
    return str(ref["_id"] if isinstance(ref, dict) else ref)


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
    assert stored["isDraft"] is True
    assert stored["scheduledFor"] is None
    assert stored["content"] == "Idea: studio tour"
    assert [(e["platform"], account_of(e)) for e in stored["platforms"]] == [("threads", ACCOUNT_IDS["threads"])]
    assert out["status"] == "draft"
    assert out["already_posted"] is False
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
    assert url.startswith("https://www.threads.net/@acme.studio/post/")
    assert out["status"] == "published"
    assert [compact(p) for p in out["platforms"]] == [{
        "platform": "threads", "account_id": ACCOUNT_IDS["threads"], "username": "acme.studio",
        "status": "published", "url": url,
    }]  # fmt: skip
    assert url in out["summary"]


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
    assert before + timedelta(minutes=60, milliseconds=-1) <= utc <= after + timedelta(minutes=60)  # ms precision
    assert is_berlin_time(out["scheduled_for"])
    assert is_utc_time(out["scheduled_for_utc"])
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert stored["status"] == "scheduled"
    assert stored["isDraft"] is False
    assert abs(parse_dt(stored["scheduledFor"]) - utc) < timedelta(milliseconds=1)
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
        ({"scheduled_for": "2020-01-01T09:00"}, ["in the past", "future", "publish_now"]),
        ({"scheduled_for": "next tuesday"}, ["scheduled_for", "ISO 8601"]),
        ({"scheduled_for": "2099-01-01T09:00", "timezone": "Mars/Olympus"}, ["Mars/Olympus", "IANA"]),
        ({"is_draft": True, "publish_now": True}, ["is_draft", "publish_now"]),
        ({"publish_now": True, "scheduled_for": "2099-01-01T09:00"}, ["scheduled_for", "publish_now"]),
        ({"platform": "myspace"}, ["myspace", "twitter", "bluesky", "threads"]),
        ({"content": "   "}, ["content", "empty", "media_urls"]),
        ({"account_id": "../accounts"}, ["account_id", "accounts_list"]),
        ({"scheduled_for": dst_gap()}, ["does not exist", "Europe/Berlin"]),
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


# --- posts_create: which account ----------------------------------------------------------------------------


async def test_create_on_twitter_without_account_id_lists_both_and_creates_nothing(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    posts = await sandbox.watch("/api/v1/posts", "POST")
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": "Which one?", "platform": "twitter"})
    assert ACCOUNT_IDS["twitter"] in text
    assert ACCOUNT_IDS["twitter_personal"] in text
    assert "@acmestudio" in text
    assert "@janedoe_dev" in text
    assert "account_id" in text
    assert "Ask the user" in text
    assert await sandbox.hits(posts) == 0
    assert sandbox.posts_count() == before


@pytest.mark.parametrize("key", ["twitter", "twitter_personal"])
async def test_create_on_twitter_with_account_id(server: MCPServer[Any], sandbox: Sandbox, key: str) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": f"From {key}", "platform": "x", "account_id": ACCOUNT_IDS[key]})
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert [(e["platform"], account_of(e)) for e in stored["platforms"]] == [("twitter", ACCOUNT_IDS[key])]
    assert out["platforms"][0]["account_id"] == ACCOUNT_IDS[key]


async def test_create_with_profile_id_picks_that_profiles_account(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "Brand voice", "platform": "linkedin", "profile_id": PROFILE_MAIN})
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert account_of(stored["platforms"][0]) == ACCOUNT_IDS["linkedin"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({"platform": "threads", "account_id": ACCOUNT_IDS["linkedin"]}, ["linkedin account", "threads"]),
        ({"platform": "twitter", "account_id": ACCOUNT_IDS["linkedin"]}, ["linkedin account", "twitter"]),
        ({"platform": "threads", "account_id": UNKNOWN_ID}, [UNKNOWN_ID, "accounts_list"]),
        ({"platform": "reddit"}, ["No reddit account", "getlate.dev"]),
    ],
)
async def test_create_with_a_wrong_account_creates_nothing(
    server: MCPServer[Any], sandbox: Sandbox, args: dict[str, Any], words: list[str]
) -> None:
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": "Mismatch", **args})
    for word in words:
        assert word in text, text
    assert sandbox.posts_count() == before


async def test_create_on_a_disconnected_account_is_refused_before_sending(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    await sandbox.control(f"accounts/{ACCOUNT_IDS['threads']}", {"isActive": False})
    posts = await sandbox.watch("/api/v1/posts", "POST")
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": "Hello?", "platform": "threads", "publish_now": True})
    assert ACCOUNT_IDS["threads"] in text
    assert "reconnect" in text.lower()
    assert await sandbox.hits(posts) == 0
    assert sandbox.posts_count() == before


async def test_publish_now_to_an_account_that_needs_reconnection_is_refused_before_sending(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    before = sandbox.post_ids()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": "Open day!", "platform": "facebook", "publish_now": True})
    assert "reconnect" in text.lower()
    assert sandbox.new_posts(before) == []


async def test_publish_now_to_an_account_that_needs_reconnection_reports_why(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """Whatever else happens, the model must read the reason and nothing must say it was published."""
    before = sandbox.post_ids()
    async with tools(server) as t:
        text = await t.error("posts_publish_now", {"content": "Open day!", "platform": "fb"})
    assert "facebook" in text.lower()
    assert "Reconnect" in text
    assert all(p["status"] != "published" for p in sandbox.new_posts(before))


# --- posts_create: media, title, pre-flight -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("platform", "account", "media_urls", "types"),
    [
        (
            "instagram",
            "instagram",
            "https://cdn.example.com/a.jpg, https://cdn.example.com/b.MP4?x=1,https://cdn.example.com/c.png",
            ["image", "video", "image"],
        ),
        ("twitter", "twitter", ["https://cdn.example.com/anim.gif"], ["gif"]),
        ("linkedin", "linkedin", "https://cdn.example.com/deck.pdf", ["document"]),
        ("threads", "threads", '["https://cdn.example.com/my%20photo.webp"]', ["image"]),
    ],
)
async def test_create_media_urls_are_typed_by_extension(
    server: MCPServer[Any],
    sandbox: Sandbox,
    platform: str,
    account: str,
    media_urls: str | list[str],
    types: list[str],
) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_create", {
            "content": "With media", "platform": platform, "account_id": ACCOUNT_IDS[account], "media_urls": media_urls,
        })  # fmt: skip
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert [m["type"] for m in stored["mediaItems"]] == types
    urls = media_urls if isinstance(media_urls, list) else media_urls.strip('[]"').split(",")
    assert [m["url"] for m in stored["mediaItems"]] == [u.strip() for u in urls]


async def test_create_media_urls_as_json_with_explicit_types(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """What media_check_upload_status hands out when a storage URL has no extension."""
    media = '[{"url": "https://storage.example.com/f/8d1e", "type": "video"}, {"url": "https://cdn.example.com/b.png"}]'
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "Typed", "platform": "instagram", "media_urls": media})
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert stored["mediaItems"] == [
        {"type": "video", "url": "https://storage.example.com/f/8d1e"},
        {"type": "image", "url": "https://cdn.example.com/b.png"},
    ]


@pytest.mark.parametrize(
    "url",
    [
        "https://cdn.example.com/file.xyz",
        "https://cdn.example.com/clip.mp4.html",
        "https://cdn.example.com/get?file=a.png",
    ],
)
async def test_create_unknown_media_extension_names_the_url(server: MCPServer[Any], sandbox: Sandbox, url: str) -> None:
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error(
            "posts_create",
            {"content": "?", "platform": "threads", "media_urls": f"https://cdn.example.com/ok.jpg,{url}"},
        )
    assert url in text
    assert "media type" in text
    assert sandbox.posts_count() == before


async def test_create_title_is_the_youtube_video_title(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_create", {
            "content": "Full walkthrough of the new editor.", "platform": "youtube", "title": "Editor walkthrough",
            "media_urls": "https://cdn.example.com/walkthrough.mp4",
        })  # fmt: skip
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert stored["title"] == "Editor walkthrough"
    [entry] = stored["platforms"]
    assert entry["platform"] == "youtube"
    assert entry["platformSpecificData"]["title"] == "Editor walkthrough"
    assert stored["mediaItems"] == [{"type": "video", "url": "https://cdn.example.com/walkthrough.mp4"}]


async def test_create_title_elsewhere_stays_the_post_title(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "Body", "platform": "threads", "title": "Internal name"})
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert stored["title"] == "Internal name"
    assert "title" not in stored["platforms"][0]["platformSpecificData"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            {"content": "x" * 301, "platform": "bluesky", "account_id": ACCOUNT_IDS["bluesky"]},
            ["bluesky", "300", "301"],
        ),
        ({"content": "Behind the scenes", "platform": "instagram"}, ["instagram", "image or a video"]),
        ({"content": "A clip", "platform": "youtube"}, ["youtube", "video"]),
    ],
)
async def test_create_preflight_problems_are_refused_and_nothing_is_created(
    server: MCPServer[Any], sandbox: Sandbox, args: dict[str, Any], words: list[str]
) -> None:
    posts = await sandbox.watch("/api/v1/posts", "POST")
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_create", args)
    for word in words:
        assert word.lower() in text.lower(), text
    assert await sandbox.hits(posts) == 0
    assert sandbox.posts_count() == before


async def test_create_instagram_draft_without_media_is_allowed(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "Reel idea", "platform": "instagram", "is_draft": True})
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert stored["status"] == "draft"


# --- duplicates and lost answers ----------------------------------------------------------------------------


async def test_the_same_content_twice_is_already_posted_not_an_error(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = sandbox.post_ids()
    args = {"content": "Doors open at 10.", "platform": "threads"}
    async with tools(server) as t:
        first = await t.ok("posts_create", args)
        second = await t.ok("posts_create", {**args, "schedule_minutes": 120})
    assert first["already_posted"] is False
    assert second["already_posted"] is True
    assert second["post_id"] == first["post_id"]
    assert "Already posted" in second["summary"]
    assert "nothing new" in second["summary"]
    assert [p["_id"] for p in sandbox.new_posts(before)] == [first["post_id"]]


async def test_a_create_that_fails_with_500_is_not_replayed(server: MCPServer[Any], sandbox: Sandbox) -> None:
    rule = await sandbox.fault(path="/api/v1/posts", method="POST", fail_count=1, status=500)
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": "Once only", "platform": "threads"})
    assert "500" in text
    assert "nothing was posted" in text
    assert "safe to try again" in text
    assert await sandbox.hits(rule) == 1  # one POST, never sent again
    assert sandbox.posts_count() == before


async def test_a_create_whose_answer_is_lost_finds_the_post(server: MCPServer[Any], sandbox: Sandbox) -> None:
    rule = await sandbox.fault(path="/api/v1/posts", method="POST", drop=True, after=True, fail_count=1)
    before = sandbox.post_ids()
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "Lost in transit", "platform": "threads"})
    [created] = sandbox.new_posts(before)
    assert out["post_id"] == created["_id"]
    assert "answer was lost" in out["summary"]
    assert await sandbox.hits(rule) == 1


async def test_a_create_refused_with_429_is_sent_again(server: MCPServer[Any], sandbox: Sandbox) -> None:
    rule = await sandbox.fault(path="/api/v1/posts", method="POST", fail_count=1, status=429, retry_after=0)
    before = sandbox.post_ids()
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "Rate limited once", "platform": "threads"})
    assert [p["_id"] for p in sandbox.new_posts(before)] == [out["post_id"]]
    assert await sandbox.hits(rule) == 2


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
    assert entry["platformPostUrl"].startswith("https://bsky.app/profile/janedoe.bsky.social/post/")
    assert out["platforms"][0]["url"] == entry["platformPostUrl"]
    assert out["status"] == "published"


async def test_publish_now_on_an_ambiguous_platform_is_refused(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_publish_now", {"content": "Which?", "platform": "bluesky"})
    assert ACCOUNT_IDS["bluesky"] in text
    assert ACCOUNT_IDS["bluesky_personal"] in text
    assert sandbox.posts_count() == before


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


# --- posts_list ---------------------------------------------------------------------------------------------


async def test_posts_list_first_page_matches_the_api(server: MCPServer[Any], sandbox: Sandbox) -> None:
    api = (await sandbox.api("GET", "posts", params={"limit": 10})).json()["posts"]
    async with tools(server) as t:
        out = await t.ok("posts_list")
    assert out["total"] == SEEDED_POSTS
    assert out["returned"] == 10
    assert [p["id"] for p in out["posts"]] == [p["_id"] for p in api]
    assert "page=2" in out["more"]
    for summary, raw in zip(out["posts"], api, strict=False):
        assert summary["status"] == raw["status"]
        assert summary["platforms"] == [e["platform"] for e in raw["platforms"]]
        assert len(summary["preview"]) <= 80
        assert raw["content"].startswith(summary["preview"].rstrip("…"))
        if raw["scheduledFor"]:
            assert parse_dt(summary["scheduled_for"]) == parse_dt(raw["scheduledFor"])
            assert is_berlin_time(summary["scheduled_for"])


async def test_posts_list_long_content_preview_is_cut(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_list", {"status": "scheduled"})
    webinar = next(p for p in out["posts"] if p["id"] == SCHEDULED_WEBINAR)
    assert len(webinar["preview"]) == 80
    assert webinar["preview"].endswith("…")


@pytest.mark.parametrize(
    ("status", "count"), [("draft", 3), ("scheduled", 4), ("published", 3), ("failed", 2), ("partial", 1)]
)
async def test_posts_list_status_filter(server: MCPServer[Any], status: str, count: int) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_list", {"status": status, "limit": 100})
    assert out["total"] == out["returned"] == count
    assert {p["status"] for p in out["posts"]} == {status}
    assert out.get("more") is None


async def test_posts_list_page_two(server: MCPServer[Any], sandbox: Sandbox) -> None:
    api = (await sandbox.api("GET", "posts", params={"limit": 5, "page": 2})).json()["posts"]
    async with tools(server) as t:
        out = await t.ok("posts_list", {"limit": 5, "page": 2})
        last = await t.ok("posts_list", {"limit": 5, "page": 3})
    assert [p["id"] for p in out["posts"]] == [p["_id"] for p in api]
    assert out["total"] == SEEDED_POSTS
    assert out["returned"] == 5
    assert "page=3" in out["more"]
    assert last["returned"] == 3
    assert last.get("more") is None


async def test_posts_list_more_hint_counts_what_is_left(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_list", {"limit": 5, "page": 2})
    assert out["more"].startswith("3 more")


@pytest.mark.parametrize(("args", "field"), [({"status": "lost"}, "status"), ({"limit": 101}, "limit"),
                                            ({"page": 0}, "page")])  # fmt: skip
async def test_posts_list_bad_arguments_name_the_field(
    server: MCPServer[Any], args: dict[str, Any], field: str
) -> None:
    async with tools(server) as t:
        text = await t.error("posts_list", args)
    assert field in text


# --- posts_get ----------------------------------------------------------------------------------------------


async def test_posts_get_partly_failed_post_shows_each_platform(server: MCPServer[Any], sandbox: Sandbox) -> None:
    stored = await sandbox.post(PARTIAL_EVENT)
    assert stored is not None
    async with tools(server) as t:
        out = await t.ok("posts_get", {"post_id": PARTIAL_EVENT})
    assert out["id"] == PARTIAL_EVENT
    assert out["status"] == "partial"
    assert out["content"] == stored["content"]
    twitter, facebook = out["platforms"]
    assert compact(twitter) == {
        "platform": "twitter", "account_id": ACCOUNT_IDS["twitter"], "username": "acmestudio", "status": "published",
        "url": stored["platforms"][0]["platformPostUrl"],
    }  # fmt: skip
    assert twitter["url"].startswith("https://x.com/acmestudio/status/")
    assert facebook["status"] == "failed"
    assert facebook.get("url") is None
    assert facebook["error"] == stored["platforms"][1]["errorMessage"]
    assert "Reconnect" in facebook["error"]
    assert is_berlin_time(out["published_at"])
    assert is_berlin_time(out["created_at"])


async def test_posts_get_failed_post(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_get", {"post_id": FAILED_RATELIMIT})
    assert out["status"] == "failed"
    assert "rate limit" in out["platforms"][0]["error"]


async def test_posts_get_media_and_schedule(server: MCPServer[Any], sandbox: Sandbox) -> None:
    stored = await sandbox.post(SCHEDULED_PIN)
    assert stored is not None
    async with tools(server) as t:
        out = await t.ok("posts_get", {"post_id": SCHEDULED_PIN})
    assert out["media"] == [{"type": "image", "url": "https://cdn.example.com/acme/moodboard.jpg"}]
    assert parse_dt(out["scheduled_for"]) == parse_dt(out["scheduled_for_utc"]) == parse_dt(stored["scheduledFor"])
    assert is_berlin_time(out["scheduled_for"])
    assert is_utc_time(out["scheduled_for_utc"])


async def test_posts_get_youtube_title(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_get", {"post_id": SCHEDULED_YOUTUBE})
    assert out["title"] == "Plan a month of content in one afternoon"
    assert out["media"][0]["type"] == "video"


async def test_posts_get_unknown_id_is_a_404_with_the_next_step(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("posts_get", {"post_id": UNKNOWN_ID})
    assert "404" in text
    assert "Not found" in text
    assert UNKNOWN_ID in text
    assert "posts_list" in text


async def test_posts_get_malformed_id_is_refused_locally(server: MCPServer[Any], sandbox: Sandbox) -> None:
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error("posts_get", {"post_id": "../accounts"})
    assert "post_id" in text
    assert "posts_list" in text
    assert await sandbox.hits(watch) == 0


async def test_posts_get_recovers_from_one_500(server: MCPServer[Any], sandbox: Sandbox) -> None:
    rule = await sandbox.fault(path=f"/api/v1/posts/{PARTIAL_EVENT}", method="GET", fail_count=1, status=500)
    async with tools(server) as t:
        out = await t.ok("posts_get", {"post_id": PARTIAL_EVENT})
    assert out["id"] == PARTIAL_EVENT
    assert await sandbox.hits(rule) == 2  # the failure, then the retry


async def test_posts_get_persistent_500_surfaces_status_and_message(server: MCPServer[Any], sandbox: Sandbox) -> None:
    rule = await sandbox.fault(path="/api/v1/posts/*", method="GET", status=503, retry_after=0)
    async with tools(server) as t:
        text = await t.error("posts_get", {"post_id": PARTIAL_EVENT})
    assert "503" in text
    assert "Injected fault" in text
    assert "try again" in text
    assert await sandbox.hits(rule) == 3  # max_retries=2: three attempts in all


# --- posts_update -------------------------------------------------------------------------------------------


async def test_update_content_only(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = await sandbox.post(SCHEDULED_WEBINAR)
    assert before is not None
    async with tools(server) as t:
        out = await t.ok("posts_update", {"post_id": SCHEDULED_WEBINAR, "content": "Demo moved to 16:00."})
    after = await sandbox.post(SCHEDULED_WEBINAR)
    assert after is not None
    assert after["content"] == "Demo moved to 16:00."
    for key in ("scheduledFor", "status", "title", "mediaItems", "timezone"):
        assert after[key] == before[key], key
    assert [account_of(e) for e in after["platforms"]] == [account_of(e) for e in before["platforms"]]
    assert out["post_id"] == SCHEDULED_WEBINAR
    assert out["status"] == "scheduled"
    assert parse_dt(out["scheduled_for"]) == parse_dt(before["scheduledFor"])


async def test_update_scheduled_for_turns_a_draft_into_a_scheduled_post(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    text, wall = berlin_day(5, hour=10)
    async with tools(server) as t:
        out = await t.ok("posts_update", {"post_id": DRAFT_NEWSLETTER, "scheduled_for": text})
    after = await sandbox.post(DRAFT_NEWSLETTER)
    assert after is not None
    assert after["status"] == "scheduled"
    assert after["isDraft"] is False
    assert parse_dt(after["scheduledFor"]) == wall.astimezone(UTC)
    assert after["content"].startswith("Draft: three lessons")  # untouched
    assert out["status"] == "scheduled"
    assert parse_dt(out["scheduled_for"]) == wall
    assert is_berlin_time(out["scheduled_for"])


async def test_update_scheduled_for_with_a_timezone(server: MCPServer[Any], sandbox: Sandbox) -> None:
    text, _ = berlin_day(6, hour=8)
    wall_la = datetime.fromisoformat(text).replace(tzinfo=LA)
    async with tools(server) as t:
        out = await t.ok(
            "posts_update",
            {"post_id": SCHEDULED_WEBINAR, "scheduled_for": text, "timezone": "America/Los_Angeles"},
        )
    after = await sandbox.post(SCHEDULED_WEBINAR)
    assert after is not None
    assert parse_dt(after["scheduledFor"]) == wall_la.astimezone(UTC)
    assert after["status"] == "scheduled"
    assert parse_dt(out["scheduled_for"]) == wall_la
    assert is_berlin_time(out["scheduled_for"])


async def test_update_title_of_a_youtube_post_reaches_the_video_title(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        await t.ok("posts_update", {"post_id": SCHEDULED_YOUTUBE, "title": "One afternoon, one month"})
    after = await sandbox.post(SCHEDULED_YOUTUBE)
    assert after is not None
    assert after["title"] == "One afternoon, one month"
    assert after["platforms"][0]["platformSpecificData"]["title"] == "One afternoon, one month"
    assert after["content"] == "How we plan a month of content in one afternoon."


async def test_update_a_published_post_is_refused(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = await sandbox.post(PUBLISHED_PHOTO)
    async with tools(server) as t:
        text = await t.error("posts_update", {"post_id": PUBLISHED_PHOTO, "content": "Edited"})
    assert "published" in text
    assert "draft, scheduled, failed and partial" in text
    assert await sandbox.post(PUBLISHED_PHOTO) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({}, ["Nothing to update", "content", "scheduled_for", "title"]),
        ({"content": "  "}, ["Nothing to update"]),
        ({"scheduled_for": "2020-05-01T10:00"}, ["in the past"]),
        ({"post_id": "bad id"}, ["post_id", "posts_list"]),
    ],
)
async def test_update_local_refusals(
    server: MCPServer[Any], sandbox: Sandbox, args: dict[str, Any], words: list[str]
) -> None:
    before = await sandbox.post(SCHEDULED_WEBINAR)
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error("posts_update", {"post_id": SCHEDULED_WEBINAR, **args})
    for word in words:
        assert word in text
    assert await sandbox.hits(watch) == 0
    assert await sandbox.post(SCHEDULED_WEBINAR) == before


async def test_update_unknown_post_is_a_404(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("posts_update", {"post_id": UNKNOWN_ID, "content": "Ghost"})
    assert "404" in text


async def test_update_content_that_breaks_a_platform_rule_is_refused(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = await sandbox.post(SCHEDULED_WEBINAR)
    async with tools(server) as t:
        text = await t.error("posts_update", {"post_id": SCHEDULED_WEBINAR, "content": "z" * 281})
    assert "twitter" in text.lower()
    assert "280" in text
    assert await sandbox.post(SCHEDULED_WEBINAR) == before


# --- posts_delete -------------------------------------------------------------------------------------------


async def test_delete_a_scheduled_post(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_delete", {"post_id": SCHEDULED_WEBINAR})
        again = await t.error("posts_delete", {"post_id": SCHEDULED_WEBINAR})
    assert out == {"post_id": SCHEDULED_WEBINAR, "deleted": True}
    assert await sandbox.post(SCHEDULED_WEBINAR) is None
    assert "404" in again


async def test_delete_a_published_post_is_refused_with_the_apis_message(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    async with tools(server) as t:
        text = await t.error("posts_delete", {"post_id": PUBLISHED_PHOTO})
    assert "400" in text
    assert "Published posts cannot be deleted" in text
    assert await sandbox.post(PUBLISHED_PHOTO) is not None


# --- posts_retry, posts_list_failed, posts_retry_all_failed -------------------------------------------------


async def test_retry_a_failed_post_publishes_it(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_retry", {"post_id": FAILED_RATELIMIT})
    stored = await sandbox.post(FAILED_RATELIMIT)
    assert stored is not None
    assert stored["status"] == "published"
    assert out["status"] == "published"
    assert out["platforms"][0]["url"] == stored["platforms"][0]["platformPostUrl"]
    assert out["platforms"][0]["url"] in out["summary"]


async def test_retry_a_post_that_is_not_failed_is_refused_with_the_apis_message(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    before = await sandbox.post(PUBLISHED_PHOTO)
    async with tools(server) as t:
        text = await t.error("posts_retry", {"post_id": PUBLISHED_PHOTO})
    assert "Only failed or partial posts can be retried" in text
    assert "published" in text
    assert await sandbox.post(PUBLISHED_PHOTO) == before


async def test_retry_that_fails_again_says_why_and_what_to_do(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        text = await t.error("posts_retry", {"post_id": FAILED_FACEBOOK})
    assert "Reconnect" in text
    assert "posts_retry" in text
    stored = await sandbox.post(FAILED_FACEBOOK)
    assert stored is not None
    assert stored["status"] == "failed"


async def test_retry_after_reconnecting_the_account(server: MCPServer[Any], sandbox: Sandbox) -> None:
    await sandbox.heal_account(ACCOUNT_IDS["facebook"])
    async with tools(server) as t:
        out = await t.ok("posts_retry", {"post_id": PARTIAL_EVENT})
    assert out["status"] == "published"
    assert all(p["status"] == "published" and p["url"] for p in out["platforms"])


async def test_list_failed_shows_failed_and_partial_posts(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_list_failed")
        one = await t.ok("posts_list_failed", {"limit": 1})
    assert out["total"] == out["returned"] == 3
    assert {p["id"] for p in out["posts"]} == {FAILED_FACEBOOK, FAILED_RATELIMIT, PARTIAL_EVENT}
    assert {p["status"] for p in out["posts"]} == {"failed", "partial"}
    assert out.get("more") is None
    assert one["returned"] == 1
    assert one["total"] == 3
    assert "2 more" in one["more"]
    assert "limit" in one["more"]


async def test_list_failed_reports_an_api_error(server: MCPServer[Any], sandbox: Sandbox) -> None:
    await sandbox.fault(path="/api/v1/posts", method="GET", status=500, retry_after=0)
    async with tools(server) as t:
        text = await t.error("posts_list_failed")
    assert "500" in text
    assert "Injected fault" in text


@pytest.mark.parametrize("mode", ["auto", "legacy"])
async def test_retry_all_failed_retries_every_failed_post_with_progress(
    server: MCPServer[Any], sandbox: Sandbox, mode: Literal["auto", "legacy"]
) -> None:
    await sandbox.heal_account(ACCOUNT_IDS["facebook"])
    progress: list[tuple[float, float | None, str | None]] = []

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        progress.append((done, total, message))

    async with tools(server, mode=mode) as t:
        out = await t.ok("posts_retry_all_failed", progress_callback=on_progress)
        after = await t.ok("posts_list_failed")
    assert out["found"] == 3
    assert out["succeeded"] == 3
    assert out["failed"] == 0
    assert {r["post_id"] for r in out["results"]} == {FAILED_FACEBOOK, FAILED_RATELIMIT, PARTIAL_EVENT}
    assert all(r["ok"] is True and r["status"] == "published" for r in out["results"])
    for post_id in (FAILED_FACEBOOK, FAILED_RATELIMIT, PARTIAL_EVENT):
        stored = await sandbox.post(post_id)
        assert stored is not None
        assert stored["status"] == "published"
    assert after["total"] == 0
    assert [(done, total) for done, total, _ in progress] == [(1, 3), (2, 3), (3, 3)]
    assert progress[-1][2] == "retried 3 of 3"


async def test_retry_all_failed_reports_each_posts_outcome(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_retry_all_failed")
    results = {r["post_id"]: r for r in out["results"]}
    assert (out["found"], out["succeeded"], out["failed"]) == (3, 1, 2)
    assert results[FAILED_RATELIMIT]["ok"] is True
    assert results[FAILED_FACEBOOK]["ok"] is False
    assert "Reconnect" in results[FAILED_FACEBOOK]["error"]
    assert results[PARTIAL_EVENT]["ok"] is False
    assert results[PARTIAL_EVENT]["status"] == "partial"
    assert "facebook" in results[PARTIAL_EVENT]["error"]


async def test_retry_all_failed_reports_an_api_error_per_post(server: MCPServer[Any], sandbox: Sandbox) -> None:
    await sandbox.fault(path=f"/api/v1/posts/{FAILED_RATELIMIT}/retry", method="POST", status=500)
    async with tools(server) as t:
        out = await t.ok("posts_retry_all_failed")
    results = {r["post_id"]: r for r in out["results"]}
    assert results[FAILED_RATELIMIT]["ok"] is False
    assert results[FAILED_RATELIMIT]["error"].startswith("500:")
    assert out["found"] == 3


async def test_retry_all_failed_with_nothing_failed(server: MCPServer[Any], sandbox: Sandbox) -> None:
    for post_id in (FAILED_FACEBOOK, FAILED_RATELIMIT, PARTIAL_EVENT):
        await sandbox.api("PUT", f"posts/{post_id}", json={"isDraft": True})
    async with tools(server) as t:
        out = await t.ok("posts_retry_all_failed")
    assert out == {"found": 0, "succeeded": 0, "failed": 0, "results": []}


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
    assert target["url"].startswith("https://www.threads.net/")
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
