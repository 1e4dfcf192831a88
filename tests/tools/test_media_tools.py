"""The media_tools toolset through an MCP client against the sandbox: downloads (and formats), YouTube
transcripts, the hashtag checker, and the plan errors of the paid Tools API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from ..conftest import Sandbox, annotations_of, tools
from ._toolsets import serving
from .conftest import Router

URLS = {
    "youtube": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "instagram": "https://www.instagram.com/reel/C0ABC123/",
    "tiktok": "https://www.tiktok.com/@acme/video/7300000000000000000",
    "twitter": "https://x.com/acme/status/1800000000000000000",
    "facebook": "https://www.facebook.com/watch/?v=1234567890",
    "linkedin": "https://www.linkedin.com/posts/acme_activity-7100000000000000000",
    "bluesky": "https://bsky.app/profile/acme.bsky.social/post/3k2abc",
}


@pytest.fixture
def server(router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    with serving(router, app) as full:
        yield full


async def test_download_every_platform(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        for platform, url in URLS.items():
            found = await t.ok("media_download", {"platform": platform, "url": url})
            assert found["platform"] == platform
            assert found["download_url"].endswith(".mp4"), platform
        formats = await t.ok("media_download", {"platform": "youtube", "url": "dQw4w9WgXcQ", "list_formats": True})
        ids = [f["id"] for f in formats["formats"]]
        assert "22" in ids
        assert "download_url" not in formats
        chosen = await t.ok("media_download", {"platform": "youtube", "url": "dQw4w9WgXcQ", "format_id": "22"})
        assert chosen["download_url"].endswith("-22.mp4")
        wrong = await t.error("media_download", {"platform": "tiktok", "url": URLS["instagram"]})
        assert "not a tiktok URL" in wrong
        unknown = await t.call("media_download", {"platform": "myspace", "url": "https://myspace.com/x"})
        assert unknown.is_error  # refused by the input schema's enum
        for name in ("media_download", "media_youtube_transcript", "media_check_hashtags"):
            assert annotations_of(t, name)["read_only_hint"] is True


async def test_transcript_and_hashtags(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        transcript = await t.ok("media_youtube_transcript", {"url": URLS["youtube"], "lang": "en"})
        assert transcript["video_id"] == "dQw4w9WgXcQ"
        assert transcript["language"] == "en"
        assert transcript["text"].startswith("Welcome back")
        assert transcript["truncated"] is False
        assert transcript["chars"] == len(transcript["text"])

        checked = await t.ok("media_check_hashtags", {"hashtags": "#travel, #desk, followforfollow, #travel, bad tag"})
        assert checked["safe"] == ["travel"]
        assert {(h["hashtag"], h["status"]) for h in checked["avoid"]} == {
            ("desk", "banned"),
            ("followforfollow", "restricted"),
        }
        assert checked["unknown"] == ["bad tag"]
        assert "at most 30" in await t.error("media_check_hashtags", {"hashtags": [f"t{i}" for i in range(31)]})


async def test_free_plan_and_daily_limit_say_what_to_do(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        await sandbox.control("plan", {"plan": "free"})
        text = await t.error("media_youtube_transcript", {"url": "dQw4w9WgXcQ"})
        assert "403" in text
        assert "paid Late plan" in text
        await sandbox.control("plan", {"plan": "basic"})
        sandbox.store.meta_set("tools_usage", {sandbox.store.now().date().isoformat(): 50})
        limited = await t.error("media_check_hashtags", {"hashtags": "travel"})
    assert "429" in limited
    assert "daily limit" in limited
