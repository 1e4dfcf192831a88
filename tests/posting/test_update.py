"""Editing a post with per-target content and options, and options the Late API changelog added later."""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import PROFILE_MAIN

from ..conftest import Sandbox
from ..conftest import tools as session
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
        await s.ok("posts_update", {"post_id": post["_id"], "content": new_text})
    after = await sandbox.post(post["_id"])
    assert after["content"] == new_text
    assert after["platforms"][1]["customContent"] == "Studio tour is up ▶️"


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
