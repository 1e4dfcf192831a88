"""Editing a post with per-target content and options, and options the Late API changelog added later."""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import PINTEREST_BOARD, PROFILE_MAIN

from ..conftest import Sandbox
from ..conftest import tools as session
from ..tools.posts._seeded import berlin_day
from .conftest import RecordingTransport

VIDEO = "https://cdn.example.com/acme/tour.mp4"


async def _youtube_and_x(s: Any, sandbox: Sandbox, content: str) -> dict[str, Any]:
    result = await s.ok(
        "posts_cross_post",
        {
            "content": content,
            "platforms": "",
            "profile_id": PROFILE_MAIN,
            "media_urls": VIDEO,
            "title": "Studio tour",
            "targets": [
                {"platform": "youtube", "options": {"visibility": "private"}},
                {"platform": "twitter", "content": "Studio tour is up ▶️", "media_urls": VIDEO},
            ],
        },
    )
    post = await sandbox.post(result["post_id"])
    assert [e.get("customContent") for e in post["platforms"]] == [None, "Studio tour is up ▶️"]
    return post


async def test_a_new_title_keeps_the_other_targets_own_text(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with session(server) as s:
        post = await _youtube_and_x(s, sandbox, "A tour of the new studio, room by room.")
        await s.ok("posts_update", {"post_id": post["_id"], "title": "Studio tour, 2025 edition"})
    after = await sandbox.post(post["_id"])
    assert after["platforms"][0]["platformSpecificData"] == {
        "visibility": "private",
        "title": "Studio tour, 2025 edition",
    }
    assert after["platforms"][1]["customContent"] == "Studio tour is up ▶️"
    assert after["platforms"][1]["customMedia"] == [{"type": "video", "url": VIDEO}]


async def test_editing_the_shared_text_respects_a_targets_own_text(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport
) -> None:
    async with session(server) as s:
        post = await _youtube_and_x(s, sandbox, "A tour of the new studio, room by room. " * 10)  # too long for X
        new_text = "A longer tour of the new studio, with the garden this time. " * 8
        out = await s.ok("posts_update", {"post_id": post["_id"], "content": new_text})
    after = await sandbox.post(post["_id"])
    assert after["content"] == new_text
    assert after["platforms"][1]["customContent"] == "Studio tour is up ▶️"
    # said, not passed over: the new text does not go out where a target has its own
    assert out["summary"].endswith("twitter keeps its own text, unchanged: the new text goes out on youtube only.")


async def test_a_new_text_on_a_thread_says_that_the_thread_goes_out_unchanged(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """XPlatformData.threadItems: "the top-level content field is used only for display and search purposes, it
    is NOT published"."""
    items = ["1/ The studio, room by room", "2/ The garden"]
    async with session(server) as s:
        made = await s.ok(
            "posts_create",
            {"content": items[0], "platform": "twitter", "options": {"threadItems": items}, "profile_id": PROFILE_MAIN},
        )
        out = await s.ok("posts_update", {"post_id": made["post_id"], "content": "1/ A new first tweet"})
    assert out["summary"].endswith("twitter keeps its thread, unchanged: the new text goes out on no platform.")
    after = await sandbox.post(made["post_id"])
    assert after is not None
    assert [i["content"] for i in after["platforms"][0]["platformSpecificData"]["threadItems"]] == items


async def test_instagram_reel_thumbnail_offset(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with session(server) as s:
        result = await s.ok(
            "posts_create",
            {
                "content": "Behind the scenes",
                "platform": "instagram",
                "media_urls": VIDEO,
                # InstagramPlatformData.contentType is "story" or absent: a single video in the feed is a Reel
                "options": {"thumbOffset": 1500},
                "is_draft": True,
            },
        )
    stored = await sandbox.post(result["post_id"])
    assert stored["platforms"][0]["platformSpecificData"]["thumbOffset"] == 1500


# --- a post whose targets have times of their own ---------------------------------------------------------------


async def _staggered(s: Any, post_at: str, own_at: str, **extra: Any) -> str:
    """A cross-post: LinkedIn at the post's time, X at its own."""
    made = await s.ok(
        "posts_cross_post",
        {
            "content": "Launch day",
            "platforms": "",
            "profile_id": PROFILE_MAIN,
            "scheduled_for": post_at,
            "targets": [{"platform": "linkedin"}, {"platform": "twitter", "scheduled_for": own_at}],
            **extra,
        },
    )
    return str(made["post_id"])


def _times(post: dict[str, Any]) -> tuple[Any, ...]:
    return post["scheduledFor"], tuple((e["platform"], e.get("scheduledFor")) for e in post["platforms"])


async def test_moving_the_post_moves_each_targets_own_time_as_far(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with session(server) as s:
        post_id = await _staggered(s, "2099-05-04T09:00", "2099-05-04T12:00")
        out = await s.ok("posts_update", {"post_id": post_id, "scheduled_for": "2099-05-06T09:00"})
    after = await sandbox.post(post_id)
    assert after is not None
    # Berlin summer time: 09:00 and 12:00 are 07:00 and 10:00 UTC, two days later
    assert _times(after) == ("2099-05-06T07:00:00.000Z", (("linkedin", None), ("twitter", "2099-05-06T10:00:00.000Z")))
    assert [p.get("scheduled_for") for p in out["platforms"]] == [None, "2099-05-06T12:00:00+02:00"]
    assert "twitter @acmestudio at Wed 2099-05-06 12:00" in out["summary"]
    assert "Own times (twitter) moved with the post, 2 days later." in out["summary"]


async def test_a_move_that_would_put_a_targets_own_time_in_the_past_sends_nothing(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport
) -> None:
    later, _ = berlin_day(3, hour=12)
    earlier, _ = berlin_day(1, hour=9)  # X goes out 2 days 3 hours before the post's time
    async with session(server) as s:
        post_id = await _staggered(s, later, earlier)
        before = await sandbox.post(post_id)
        text = await s.error("posts_update", {"post_id": post_id, "scheduled_for": berlin_day(1, hour=10)[0]})
    for words in ("twitter's own time as far", "which is past", "Nothing was sent"):
        assert words in text, text
    assert ("PUT", f"/api/v1/posts/{post_id}") not in transport.requests
    assert await sandbox.post(post_id) == before


async def test_a_new_title_keeps_the_targets_own_times(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with session(server) as s:
        made = await s.ok(
            "posts_cross_post",
            {
                "content": "Studio tour",
                "platforms": "",
                "profile_id": PROFILE_MAIN,
                "media_urls": VIDEO,
                "title": "Studio tour",
                "scheduled_for": "2099-05-04T09:00",
                "targets": [{"platform": "youtube"}, {"platform": "twitter", "scheduled_for": "2099-05-04T12:00"}],
            },
        )
        await s.ok("posts_update", {"post_id": made["post_id"], "title": "Studio tour, 2025 edition"})
    after = await sandbox.post(made["post_id"])
    assert after is not None
    assert after["platforms"][0]["platformSpecificData"]["title"] == "Studio tour, 2025 edition"
    assert _times(after) == ("2099-05-04T07:00:00.000Z", (("youtube", None), ("twitter", "2099-05-04T10:00:00.000Z")))


async def test_a_title_is_the_pins_title_when_created_and_when_changed(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """PinterestPlatformData.title: "Pin title. Defaults to first line of content"; the post's own title is for
    display only (Post.title), so a title asked for goes to the Pin, as YouTube's goes to the video."""
    async with session(server) as s:
        made = await s.ok(
            "posts_create",
            {
                "content": "Five desks we love\nand why",
                "platform": "pinterest",
                "media_urls": "https://cdn.example.com/acme/desk.jpg",
                "title": "Warm minimal desks",
                "options": {"boardId": PINTEREST_BOARD},
            },
        )
        first = await sandbox.post(made["post_id"])
        await s.ok("posts_update", {"post_id": made["post_id"], "title": "Six desks we love"})
        too_long = await s.error("posts_update", {"post_id": made["post_id"], "title": "x" * 101})
    assert first is not None
    assert first["platforms"][0]["platformSpecificData"] == {"boardId": PINTEREST_BOARD, "title": "Warm minimal desks"}
    after = await sandbox.post(made["post_id"])
    assert after is not None
    assert (after["title"], after["platforms"][0]["platformSpecificData"]["title"]) == ("Six desks we love",) * 2
    assert "at most 100 characters" in too_long
