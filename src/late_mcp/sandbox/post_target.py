"""What one platform of a post receives (:class:`Target`), the platforms and media types the API knows, and the
shape check of a ``mediaItems`` list: the ground the post validation rules stand on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from late_mcp.sandbox.errors import ApiError

PLATFORMS = (
    "twitter",
    "instagram",
    "facebook",
    "linkedin",
    "tiktok",
    "youtube",
    "pinterest",
    "reddit",
    "bluesky",
    "threads",
    "googlebusiness",
    "telegram",
    "snapchat",
)
MEDIA_TYPES = ("image", "video", "gif", "document")
THREAD_PLATFORMS = ("twitter", "threads", "bluesky")
_VIDEO_EXT = (".mp4", ".mov", ".webm", ".m4v", ".avi", ".mpeg", ".mpg", ".wmv", ".flv", ".3gp", ".mkv")


@dataclass(frozen=True)
class Target:
    """One resolved platform target of a post: what this platform will actually receive."""

    platform: str
    account_id: str
    content: str
    media: list[dict[str, Any]]
    specific: dict[str, Any]


def media_type(item: dict[str, Any]) -> str:
    """The item's ``type``; when absent (the guides' examples often omit it) infer it from the URL."""
    declared = item.get("type")
    if isinstance(declared, str) and declared:
        return declared
    url = str(item.get("url", "")).lower().split("?", 1)[0]
    if url.endswith(_VIDEO_EXT):
        return "video"
    if url.endswith(".gif"):
        return "gif"
    if url.endswith(".pdf"):
        return "document"
    return "image"


def check_media_items(items: Any, field: str) -> list[dict[str, Any]]:
    """Shape check for a ``mediaItems`` list: objects with a ``url`` and a known ``type``."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise ApiError(400, f"{field} must be an array", {"field": field})
    checked: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        where = f"{field}[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("url"), str) or not item["url"].strip():
            raise ApiError(400, f"{where} must be an object with a url", {"field": where})
        kind = media_type(item)
        if kind not in MEDIA_TYPES:
            raise ApiError(400, f"{where}.type must be one of {', '.join(MEDIA_TYPES)}", {"field": f"{where}.type"})
        checked.append(item)
    return checked


def invalid(platform: str, message: str, **details: Any) -> ApiError:
    return ApiError(400, message, {"platform": platform, **details})


def media_counts(media: list[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(MEDIA_TYPES, 0)
    for item in media:
        counts[media_type(item)] += 1
    return counts
