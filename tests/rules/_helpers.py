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
    platform: str, content: str = "hi", m: tuple[MediaRef, ...] = (), *, post_title: str | None = None, **options: Any
) -> TargetDraft:
    """A target: platform, text, media, platformSpecificData as keyword arguments; post_title is the post title."""
    return TargetDraft(platform=platform, content=content, media=m, options=options, title=post_title)


# Every TikTok setting the guide requires, consent given.
TIKTOK_OK: dict[str, Any] = {
    "privacy_level": "PUBLIC_TO_EVERYONE",
    "allow_comment": True,
    "allow_duet": True,
    "allow_stitch": True,
    "content_preview_confirmed": True,
    "express_consent_given": True,
}


def tiktok(content: str = "hi", m: tuple[MediaRef, ...] | None = None, **settings: Any) -> TargetDraft:
    """A valid TikTok video target unless the settings or media given make it otherwise (None drops a key)."""
    merged = {k: v for k, v in {**TIKTOK_OK, **settings}.items() if v is not None}
    return t("tiktok", content, vid() if m is None else m, tiktokSettings=merged)


def pin(content: str = "hi", m: tuple[MediaRef, ...] | None = None, **options: Any) -> TargetDraft:
    """A valid Pinterest target (board set, one image) unless told otherwise."""
    return t("pinterest", content, img() if m is None else m, **{"boardId": "board-1", **options})
