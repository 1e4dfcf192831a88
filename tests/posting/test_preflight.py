"""Pre-flight checks end to end: refused locally with every problem named, before any HTTP request is made.

A TikTok post missing consent and a Bluesky post with 5 images refused locally; ``posts_validate`` on a good and a
bad post; option errors naming the platform and the field.
"""

from __future__ import annotations

from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ..conftest import Sandbox
from ..conftest import tools as session
from .conftest import RecordingTransport

VIDEO = "https://cdn.example.com/acme/dance.mp4"
IMAGES = ",".join(f"https://cdn.example.com/acme/p{i}.jpg" for i in range(5))
# TikTokPlatformData: flat camelCase keys of platformSpecificData
CONSENT: dict[str, Any] = {
    "privacyLevel": "PUBLIC_TO_EVERYONE",
    "allowComment": True,
    "allowDuet": False,
    "allowStitch": False,
    "contentPreviewConfirmed": True,
    "expressConsentGiven": True,
}


async def test_tiktok_without_consent_is_refused_before_any_request(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport
) -> None:
    before = await sandbox.total()
    settings = {k: v for k, v in CONSENT.items() if k not in ("contentPreviewConfirmed", "expressConsentGiven")}
    args = {"content": "New dance 💃", "platform": "tiktok", "media_urls": VIDEO, "publish_now": True}
    # The older nested snake_case form ({"tiktokSettings": {...}}) is still read, and sent flat in camelCase.
    legacy = {
        "privacy_level": "PUBLIC_TO_EVERYONE",
        "allow_comment": True,
        "allow_duet": False,
        "allow_stitch": False,
        "content_preview_confirmed": True,
        "express_consent_given": True,
    }
    async with session(server) as s:
        text = await s.error("posts_create", {**args, "options": settings})
        assert transport.creates() == 0
        # The same post with the user's consent goes through: the refusal was about consent, nothing else.
        done = await s.ok("posts_create", {**args, "options": CONSENT})
        again = await s.ok("posts_create", {**args, "content": "Again 💃", "options": {"tiktokSettings": legacy}})
    assert "tiktok" in text.lower()
    assert "contentPreviewConfirmed" in text
    assert "expressConsentGiven" in text
    assert transport.creates() == 2
    assert await sandbox.total() == before + 2
    for post_id in (done["post_id"], again["post_id"]):
        stored = await sandbox.post(post_id)
        assert stored["platforms"][0]["platformSpecificData"] == CONSENT


async def test_bluesky_with_five_images_is_refused_before_any_request(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport
) -> None:
    before = await sandbox.total()
    async with session(server) as s:
        text = await s.error(
            "posts_create",
            {
                "content": "Five photos from the open day",
                "platform": "bluesky",
                "account_id": ACCOUNT_IDS["bluesky"],
                "media_urls": IMAGES,
                "publish_now": True,
            },
        )
    assert "bluesky" in text.lower()
    assert "at most 4" in text  # the limit
    assert "has 5" in text  # the count
    assert transport.creates() == 0
    assert await sandbox.total() == before


async def test_validate_a_good_post_shows_the_body_and_creates_nothing(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport
) -> None:
    before = await sandbox.total()
    async with session(server) as s:
        result = await s.ok(
            "posts_validate",
            {
                "content": "Our autumn workshop series is open",
                "platforms": "linkedin",
                "account_ids": ACCOUNT_IDS["linkedin"],
                "targets": [
                    {"platform": "twitter", "account_id": ACCOUNT_IDS["twitter"], "content": "Workshops are open!"},
                    {"platform": "pinterest", "media_urls": VIDEO.replace(".mp4", ".jpg"),
                     "options": {"boardId": "board-acme-inspiration"}},
                ],
            },
        )  # fmt: skip
    assert result["ok"] is True
    assert result["problems"] == []
    body = result["would_send"]
    assert body["content"] == "Our autumn workshop series is open"
    by_platform = {p["platform"]: p for p in body["platforms"]}
    assert by_platform["linkedin"]["accountId"] == ACCOUNT_IDS["linkedin"]
    assert by_platform["twitter"]["customContent"] == "Workshops are open!"
    assert by_platform["pinterest"]["platformSpecificData"] == {"boardId": "board-acme-inspiration"}
    assert by_platform["pinterest"]["customMedia"] == [{"type": "image", "url": VIDEO.replace(".mp4", ".jpg")}]
    assert transport.creates() == 0
    assert await sandbox.total() == before
    # What validate says would be sent (scheduled, by default in an hour) is accepted by the API as it is.
    created = await sandbox.api("POST", "posts", json=body)
    assert created.status_code == 201, created.text


async def test_validate_a_bad_post_lists_every_problem_per_platform(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport
) -> None:
    before = await sandbox.total()
    async with session(server) as s:
        result = await s.ok(
            "posts_validate",
            {
                "content": "x" * 400,  # too long for X (280) and Bluesky (300)
                "platforms": "twitter,bluesky,instagram",
                "account_ids": f"{ACCOUNT_IDS['twitter']},{ACCOUNT_IDS['bluesky']}",
                "media_urls": IMAGES,  # 5 images: too many for X and Bluesky (4)
                "targets": [{"platform": "tiktok", "media_urls": VIDEO}],  # no TikTok settings at all
            },
        )
    assert result["ok"] is False
    problems: dict[str, set[str]] = {}
    for problem in result["problems"]:
        problems.setdefault(problem["platform"], set()).add(problem["field"])
    assert set(problems) == {"twitter", "bluesky", "tiktok"}  # Instagram takes 5 images and 400 characters
    assert {"content", "media"} <= problems["twitter"]
    assert {"content", "media"} <= problems["bluesky"]
    assert "platformSpecificData" in problems["tiktok"]
    for name in ("Twitter", "Bluesky", "TikTok"):
        assert name.lower() in result["summary"].lower()
    assert {p["platform"] for p in result["would_send"]["platforms"]} == {"twitter", "bluesky", "instagram", "tiktok"}
    assert transport.creates() == 0
    assert await sandbox.total() == before


@pytest.mark.parametrize(
    ("platform", "options", "field", "extra"),
    [
        # unknown option for that platform
        ("youtube", {"visiblity": "public"}, "visiblity", {"media_urls": VIDEO}),
        ("linkedin", {"boardId": "b"}, "boardId", {"account_id": ACCOUNT_IDS["linkedin"]}),
        # wrong type
        ("instagram", {"collaborators": "brandpartner"}, "collaborators", {"media_urls": IMAGES.split(",")[0]}),
        ("telegram", {"protectContent": "sometimes"}, "protectContent", {}),
        # out of range / not one of the allowed values
        ("instagram", {"collaborators": ["a", "b", "c", "d"]}, "collaborators", {"media_urls": IMAGES.split(",")[0]}),
        ("youtube", {"visibility": "friends"}, "visibility", {"media_urls": VIDEO}),
        ("pinterest", {"boardId": "b", "title": "t" * 101}, "title", {"media_urls": IMAGES.split(",")[0]}),
        (
            "instagram",
            {"userTags": [{"username": "friend", "x": 1.5, "y": 0.5}]},
            "userTags.0.x",
            {"media_urls": IMAGES.split(",")[0]},
        ),
        ("googlebusiness", {"callToAction": {"type": "BUY"}}, "callToAction.type", {}),
        ("snapchat", {"contentType": "reel"}, "contentType", {"media_urls": VIDEO}),
    ],
)
async def test_option_errors_name_the_platform_and_the_field(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport, platform: str, options: dict[str, Any],
    field: str, extra: dict[str, Any],
) -> None:  # fmt: skip
    if platform in ("googlebusiness", "telegram", "snapchat"):  # the seed has no such account: connect one
        await sandbox.control("accounts", {"platform": platform, "username": f"acme-{platform}"})
    validate_extra = {("account_ids" if k == "account_id" else k): v for k, v in extra.items()}
    async with session(server) as s:
        text = await s.error(
            "posts_validate", {"content": "Options check", "platforms": platform, "options": options, **validate_extra}
        )
        create = await s.error(
            "posts_create",
            {"content": "Options check", "platform": platform, "options": options, "is_draft": True, **extra},
        )
    for message in (text, create):
        assert f"{platform} options" in message
        assert field in message
    assert transport.creates() == 0
