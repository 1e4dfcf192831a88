"""Builders for rule tests: short names for targets and media so a case fits on one line."""

from __future__ import annotations

from typing import Any

from late_mcp.rules import MediaKind, MediaRef, TargetDraft

MB = 1024 * 1024
GB = 1024 * MB

_EXT: dict[str, str] = {"image": "jpg", "video": "mp4", "gif": "gif", "document": "pdf"}


def media(
    kind: MediaKind, n: int = 1, *, size: int | None = None, ct: str | None = None, url: str | None = None
) -> tuple[MediaRef, ...]:
    """n media items of one kind, each with the given size / MIME type."""
    return tuple(
        MediaRef(url=url or f"https://cdn.example.com/{kind}{i}.{_EXT[kind]}", type=kind, size=size, content_type=ct)
        for i in range(n)
    )


def img(n: int = 1, **kw: Any) -> tuple[MediaRef, ...]:
    return media("image", n, **kw)


def vid(n: int = 1, **kw: Any) -> tuple[MediaRef, ...]:
    return media("video", n, **kw)


def gif(n: int = 1, **kw: Any) -> tuple[MediaRef, ...]:
    return media("gif", n, **kw)


def doc(n: int = 1, **kw: Any) -> tuple[MediaRef, ...]:
    return media("document", n, **kw)


def t(
    platform: str,
    content: str = "hi",
    m: tuple[MediaRef, ...] = (),
    *,
    post_title: str | None = None,
    post_tags: tuple[str, ...] = (),
    **options: Any,
) -> TargetDraft:
    """A target: platform, text, media, platformSpecificData as keyword arguments; post_title and post_tags are the
    post's title and root tags."""
    return TargetDraft(platform=platform, content=content, media=m, options=options, title=post_title, tags=post_tags)


# Every TikTok setting the guide requires, consent given (TikTokPlatformData: flat, camelCase).
TIKTOK_OK: dict[str, Any] = {
    "privacyLevel": "PUBLIC_TO_EVERYONE",
    "allowComment": True,
    "allowDuet": True,
    "allowStitch": True,
    "contentPreviewConfirmed": True,
    "expressConsentGiven": True,
}


def tiktok(
    content: str = "hi",
    m: tuple[MediaRef, ...] | None = None,
    *,
    offered: tuple[str, ...] = (),
    **settings: Any,
) -> TargetDraft:
    """A valid TikTok video target unless the settings or media given make it otherwise (None drops a key);
    `offered` is the privacy levels the account's creator-info gives."""
    merged = {k: v for k, v in {**TIKTOK_OK, **settings}.items() if v is not None}
    media = vid() if m is None else m
    return TargetDraft(
        platform="tiktok",
        content=content,
        media=media,
        options=merged,
        offered={"privacyLevel": offered} if offered else {},
    )


def pin(content: str = "hi", m: tuple[MediaRef, ...] | None = None, **options: Any) -> TargetDraft:
    """A valid Pinterest target (board set, one image) unless told otherwise."""
    return t("pinterest", content, img() if m is None else m, **{"boardId": "board-1", **options})
