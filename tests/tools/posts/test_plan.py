"""posts_create: media typed from the URL, the title, and the pre-flight rules, checked before anything is sent."""

from __future__ import annotations

from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ...conftest import Sandbox, tools

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
