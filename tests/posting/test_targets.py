"""Per-platform content in one call, end to end: the tool's answer and the post the sandbox stored.

An X thread, a cross-post with per-platform text, a YouTube video with title and visibility, a Pinterest pin with
board; and multi-page Facebook posting from one connection (Late API docs, POST /v1/posts: "Multi-page/multi-location
posting").
"""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS, FACEBOOK_PAGES, PINTEREST_BOARD, PROFILE_MAIN

from ..conftest import Sandbox
from ..conftest import tools as session
from .conftest import RecordingTransport

IMG = "https://cdn.example.com/acme/launch.jpg"
VIDEO = "https://cdn.example.com/acme/tour.mp4"


async def test_x_thread_reaches_the_api_and_publishes_as_a_thread(server: MCPServer[Any], sandbox: Sandbox) -> None:
    items = [
        {"content": "1/ We rebuilt our editor. Here is what changed 🧵"},
        {"content": "2/ Exports are 4x faster.", "media_urls": IMG},
        {"content": "3/ Shared libraries for teams. /end"},
    ]
    async with session(server) as s:
        result = await s.ok(
            "posts_create",
            {
                "content": items[0]["content"],
                "platform": "twitter",
                "account_id": ACCOUNT_IDS["twitter"],
                "publish_now": True,
                "options": {"threadItems": items},
            },
        )
    assert result["status"] == "published"
    post = await sandbox.post(result["post_id"])
    [entry] = post["platforms"]
    assert entry["platformSpecificData"]["threadItems"] == [
        {"content": items[0]["content"]},
        {"content": items[1]["content"], "mediaItems": [{"type": "image", "url": IMG}]},
        {"content": items[2]["content"]},
    ]
    assert entry["status"] == "published"
    thread = entry["threadPosts"]  # the sandbox published three linked posts: the root and two replies
    assert len(thread) == 3
    assert thread[0]["platformPostUrl"] == entry["platformPostUrl"]
    assert entry["platformPostUrl"] in result["summary"]  # the user is shown the thread's root
    assert len({t["platformPostId"] for t in thread}) == 3


async def test_cross_post_with_its_own_text_per_platform(server: MCPServer[Any], sandbox: Sandbox) -> None:
    long_text = "Our design system, one year in: what worked, what did not, and what we would do again. " * 8
    async with session(server) as s:
        result = await s.ok(
            "posts_cross_post",
            {
                "content": long_text,  # ~700 characters: fine on LinkedIn, too long for X and Bluesky
                "platforms": "linkedin",
                "profile_id": PROFILE_MAIN,
                "targets": [
                    {"platform": "twitter", "content": "Our design system, one year in 🧵 (short for X)"},
                    {"platform": "bluesky", "content": "One year of our design system, the Bluesky cut"},
                ],
                "publish_now": True,
            },
        )
    assert result["status"] == "published"
    post = await sandbox.post(result["post_id"])
    got = {e["platform"]: (e["accountId"]["_id"], e.get("customContent")) for e in post["platforms"]}
    assert got == {
        "linkedin": (ACCOUNT_IDS["linkedin"], None),
        "twitter": (ACCOUNT_IDS["twitter"], "Our design system, one year in 🧵 (short for X)"),
        "bluesky": (ACCOUNT_IDS["bluesky"], "One year of our design system, the Bluesky cut"),
    }
    assert post["content"] == long_text
    # What each network was sent (the publishing log records the text per platform).
    logs = (await sandbox.get(f"posts/{post['_id']}/logs"))["logs"]
    sent = {log["platform"]: log["request"]["contentPreview"] for log in logs}
    assert sent["twitter"].endswith("(short for X)")
    assert sent["linkedin"] == long_text[:200]


async def test_youtube_video_with_title_and_visibility(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with session(server) as s:
        result = await s.ok(
            "posts_create",
            {
                "content": "A tour of the new studio, room by room.",
                "platform": "youtube",
                "media_urls": VIDEO,
                "title": "Studio tour 2025",
                "options": {"visibility": "unlisted", "tags": ["studio", "tour", "studio"], "firstComment": "Thanks!"},
                "scheduled_for": "2099-05-04T18:30",
            },
        )
    post = await sandbox.post(result["post_id"])
    assert post["status"] == "scheduled"
    assert post["scheduledFor"] == "2099-05-04T16:30:00.000Z"  # 18:30 in the user's zone (Berlin, summer time)
    assert post["title"] == "Studio tour 2025"
    assert post["mediaItems"] == [{"type": "video", "url": VIDEO}]
    # YouTube's tags go to the post's root `tags` (YouTubePlatformData has none), duplicates removed
    assert post["tags"] == ["studio", "tour"]
    [entry] = post["platforms"]
    assert entry["platformSpecificData"] == {
        "title": "Studio tour 2025",
        "visibility": "unlisted",
        "firstComment": "Thanks!",
    }


async def test_pinterest_pin_on_a_board(server: MCPServer[Any], sandbox: Sandbox) -> None:
    options = {"boardId": PINTEREST_BOARD, "title": "Warm minimal desk setups", "link": "https://acme.example/desks"}
    async with session(server) as s:
        result = await s.ok(
            "posts_publish_now",
            {"content": "Five desks we love", "platform": "pinterest", "media_urls": IMG, "options": options},
        )
        # A board the account does not have passes the local checks (only the API knows the boards) and is
        # refused by the API, with the account's boards named so the model can choose.
        wrong = await s.error(
            "posts_publish_now",
            {
                "content": "Elsewhere",
                "platform": "pinterest",
                "media_urls": IMG,
                "options": {"boardId": "board-not-mine"},
            },
        )
    assert result["status"] == "published"
    post = await sandbox.post(result["post_id"])
    [entry] = post["platforms"]
    assert entry["platformSpecificData"] == options
    assert entry["platformPostUrl"].startswith("https://sandbox.invalid/www.pinterest.com/pin/")
    assert "board-not-mine" in wrong
    assert PINTEREST_BOARD in wrong


async def test_one_facebook_connection_posts_to_two_pages(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport
) -> None:
    await sandbox.control(f"accounts/{ACCOUNT_IDS['facebook']}", {"needsReconnect": False})
    page_a, page_b = (page["id"] for page in FACEBOOK_PAGES)
    async with session(server) as s:
        result = await s.ok(
            "posts_cross_post",
            {
                "content": "Studio open day this Saturday",
                "platforms": "",
                "targets": [
                    {"platform": "facebook", "options": {"pageId": page_a}},
                    {"platform": "facebook", "options": {"pageId": page_b, "firstComment": "Free coffee ☕"}},
                ],
                "publish_now": True,
            },
        )
    assert result["status"] == "published"
    post = await sandbox.post(result["post_id"])
    entries = post["platforms"]
    assert [e["accountId"]["_id"] for e in entries] == [ACCOUNT_IDS["facebook"]] * 2
    assert [e["platformSpecificData"].get("pageId") for e in entries] == [page_a, page_b]
    assert entries[1]["platformSpecificData"]["firstComment"] == "Free coffee ☕"
    assert entries[0]["platformPostUrl"].startswith(f"https://sandbox.invalid/www.facebook.com/{page_a}/posts/")
    assert entries[1]["platformPostUrl"].startswith(f"https://sandbox.invalid/www.facebook.com/{page_b}/posts/")
    assert transport.creates() == 1


async def test_a_targets_empty_text_is_the_shared_text_in_the_check_the_body_and_the_post(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """content "" is a target's default: no text of its own, so no customContent is sent and the shared text goes
    out there; what posts_validate would send, what is stored and what went out agree."""
    args = {
        "content": "The shared text",
        "platforms": "",
        "targets": [
            {"platform": "twitter", "account_id": ACCOUNT_IDS["twitter"], "content": ""},
            {"platform": "bluesky", "account_id": ACCOUNT_IDS["bluesky"], "content": "Bluesky's own"},
        ],
    }
    async with session(server) as s:
        checked = await s.ok("posts_validate", args)
        made = await s.ok("posts_cross_post", {**args, "publish_now": True})
        got = await s.ok("posts_get", {"post_id": made["post_id"]})
    assert [p.get("customContent") for p in checked["would_send"]["platforms"]] == [None, "Bluesky's own"]
    post = await sandbox.post(made["post_id"])
    assert [e.get("customContent") for e in post["platforms"]] == [None, "Bluesky's own"]
    assert [p.get("content") for p in got["platforms"]] == [None, "Bluesky's own"]
    logs = (await sandbox.get(f"posts/{post['_id']}/logs"))["logs"]
    sent = {log["platform"]: log["request"]["contentPreview"] for log in logs}
    assert sent == {"twitter": "The shared text", "bluesky": "Bluesky's own"}


async def test_a_targets_blank_text_is_refused_and_nothing_is_sent(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport
) -> None:
    """Only spaces or invisible characters would post an empty text there (customContent replaces the shared
    text): refused, as is an empty target text where there is no shared text or media to fall back on."""
    twitter = {"platform": "twitter", "account_id": ACCOUNT_IDS["twitter"]}
    async with session(server) as s:
        for blank in ("   ", "\u200b", "\n\t"):
            for tool in ("posts_cross_post", "posts_validate"):
                args = {"content": "Shared", "platforms": "", "targets": [{**twitter, "content": blank}]}
                text = await s.error(tool, {**args, "is_draft": True})
                assert "targets (twitter).content has only invisible characters" in text, text
        bare = await s.error("posts_cross_post", {"content": "", "platforms": "", "targets": [twitter]})
    assert "content is empty and there is no media for twitter" in bare
    assert transport.creates() == 0


async def test_validate_shows_a_targets_own_time_as_posts_cross_post_sends_it(server: MCPServer[Any]) -> None:
    target = {"platform": "twitter", "account_id": ACCOUNT_IDS["twitter"], "scheduled_for": "2099-05-04T12:00"}
    async with session(server) as s:
        checked = await s.ok("posts_validate", {"content": "Launch", "platforms": "", "targets": [target]})
        past = await s.error(
            "posts_validate",
            {"content": "Launch", "platforms": "", "targets": [{**target, "scheduled_for": "2020-01-01T09:00"}]},
        )
    # 12:00 in the user's zone (Berlin, summer time), as a UTC instant: what posts_cross_post sends
    assert checked["would_send"]["platforms"][0]["scheduledFor"] == "2099-05-04T10:00:00.000Z"
    assert "targets[twitter].scheduled_for" in past, past
    assert "in the past" in past, past
