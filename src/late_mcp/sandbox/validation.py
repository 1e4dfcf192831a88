"""Request validation for posts: the platform rules from the platform guides in the API docs.

Every rule raises :class:`ApiError` 400 with a sentence saying what is wrong and ``details`` naming the platform,
the field and the limit, so a client can show the user what to fix. Quotes name the page of the Late API docs
(https://docs.getlate.dev) they come from: a platform's guide, "Platform Settings" or the Posts reference.
"""

from __future__ import annotations

from typing import Any

from late_mcp.sandbox.errors import ApiError
from late_mcp.sandbox.platform_data import PINTEREST_TITLE_LIMIT, YOUTUBE_TITLE_LIMIT, validate_specific
from late_mcp.sandbox.post_target import (
    MEDIA_TYPES,
    THREAD_PLATFORMS,
    Target,
    check_media_items,
    invalid,
    media_counts,
    media_type,
)
from late_mcp.sandbox.store import Doc

# The media kinds each platform takes: the platform guides' image and video "Formats" rows (no GIF on Instagram,
# TikTok, Google Business or Snapchat; documents on LinkedIn only). Reddit takes a native video too (the API's
# RedditPlatformData: "link (with URL/media), native video (via nativeVideo), or self (text-only)").
ACCEPTED_KINDS: dict[str, tuple[str, ...]] = {
    "twitter": ("image", "video", "gif"),
    "instagram": ("image", "video"),
    "facebook": ("image", "video", "gif"),
    "linkedin": ("image", "video", "gif", "document"),
    "tiktok": ("image", "video"),
    "youtube": ("video",),
    "pinterest": ("image", "video", "gif"),
    "reddit": ("image", "video", "gif"),
    "bluesky": ("image", "video", "gif"),
    "threads": ("image", "video", "gif"),
    "googlebusiness": ("image",),
    "telegram": ("image", "video", "gif"),
    "snapchat": ("image", "video"),
}
# Where a GIF counts as a video, not an image: Facebook guide "GIF Support" ("Treated as videos internally"),
# LinkedIn guide "GIF Support" ("Counts as video (1 per post limit)").
GIF_IS_VIDEO = ("facebook", "linkedin")

# Character limits for the post text per platform.
CHAR_LIMITS: dict[str, int] = {
    # Not stated in the docs' Twitter/X guide; X's own limit for a standard (non-Premium) post.
    "twitter": 280,
    # "Post text: 300 characters" (Bluesky guide, "Character Limits").
    "bluesky": 300,
    # "Post text | 500 characters" (Threads guide, "Text Limits").
    "threads": 500,
    # Not stated in the docs' LinkedIn guide; LinkedIn's own limit for a post's commentary.
    "linkedin": 3000,
    # Not stated in the docs' Instagram guide; Instagram's own caption limit.
    "instagram": 2200,
    # "Video | 2200 chars | Full content used as title" (TikTok guide, "Title/Caption Limits").
    "tiktok": 2200,
    # "Description | 5000 characters | Full content used" (YouTube guide, "Title and Description").
    "youtube": 5000,
    # "Post text | 1500 characters" (Google Business guide, "Character Limits").
    "googlebusiness": 1500,
    # "Text posts | Up to 4096 characters" (Telegram guide); captions are checked separately.
    "telegram": 4096,
    # Not stated in the docs' Facebook guide; Facebook's own post limit.
    "facebook": 63206,
    # Not stated in the docs; Reddit's own self-post body limit.
    "reddit": 40000,
}
# "Media captions | Up to 1024 characters" (Telegram guide).
TELEGRAM_CAPTION_LIMIT = 1024
# Snapchat: "Saved Story ... Title | 45 characters", "Spotlight ... Description | 160 characters" (Snapchat guide).
SNAPCHAT_LIMITS = {"saved_story": 45, "spotlight": 160}
# YouTube tags: "Each tag must be ≤ 100 characters", "Combined total across all tags ≤ 500" (Platform
# Settings, YouTube).
YOUTUBE_TAG_LIMIT = 100
YOUTUBE_TAGS_TOTAL = 500


def thread_items(target: Target) -> list[tuple[str, list[dict[str, Any]]]] | None:
    """A thread target's items as (text, media), checked for shape; None when this target is not a thread.

    Platform Settings, Twitter/X and Threads: ``threadItems`` is the "sequence of tweets in a thread. First item
    is the root tweet", each with ``content`` and ``mediaItems``. The items are what is posted, so the post's own
    ``content``/``mediaItems`` are not used for a thread target. Bluesky threads are accepted the same way.
    """
    if target.platform not in THREAD_PLATFORMS or "threadItems" not in target.specific:
        return None
    raw = target.specific["threadItems"]
    field = "platformSpecificData.threadItems"
    if not isinstance(raw, list) or not raw:
        raise invalid(target.platform, f"{field} must be a non-empty array of {{content, mediaItems}}", field=field)
    items: list[tuple[str, list[dict[str, Any]]]] = []
    for index, item in enumerate(raw):
        where = f"{field}[{index}]"
        if not isinstance(item, dict):
            raise invalid(target.platform, f"{where} must be an object with content", field=where)
        content = item.get("content", "")
        if content is None:
            content = ""
        if not isinstance(content, str):
            raise invalid(target.platform, f"{where}.content must be a string", field=f"{where}.content")
        items.append((content, check_media_items(item.get("mediaItems"), f"{where}.mediaItems")))
    return items


def validate_target(
    target: Target, *, title: str | None, tags: list[str], draft: bool, account: Doc | None = None
) -> None:
    """Apply one platform's rules to what it will receive; a thread's rules apply to each item as a post of its
    own. Drafts skip the "requires media/board/consent" rules (the API lets a draft be finished later, Posts
    reference: "drafts may omit media until finalized"), but not the hard limits."""
    validate_specific(target, account, draft=draft)
    items = thread_items(target)
    if items is None:
        _check_body(target, title=title, tags=tags, draft=draft)
        return
    rest = {key: value for key, value in target.specific.items() if key != "threadItems"}
    for index, (content, media) in enumerate(items):
        item = Target(target.platform, target.account_id, content, media, rest)
        try:
            _check_body(item, title=title, tags=tags, draft=draft)
        except ApiError as exc:
            details = dict(exc.details or {})
            prefix = f"platformSpecificData.threadItems[{index}]"
            details["field"] = f"{prefix}.{details.get('field', 'content')}"
            details["threadItem"] = index
            raise ApiError(400, f"Thread item {index + 1}: {exc.error}", details) from None


def _tiktok_media_type(target: Target) -> str:
    """TikTokPlatformData.mediaType: an "Optional override. Defaults based on provided media items"."""
    override = target.specific.get("mediaType", target.specific.get("media_type"))
    if override in ("video", "photo"):
        return str(override)
    kinds = {media_type(item) for item in target.media}
    return "photo" if kinds and "video" not in kinds else "video"


def _check_body(target: Target, *, title: str | None, tags: list[str], draft: bool) -> None:
    """The per-post rules: text required and its limit, media counts, kinds and mixing, required media/board."""
    platform = target.platform
    media = target.media
    counts = media_counts(media)
    gif_is_video = platform in GIF_IS_VIDEO
    images = counts["image"] + (0 if gif_is_video else counts["gif"])
    videos = counts["video"] + (counts["gif"] if gif_is_video else 0)
    documents = counts["document"]

    # Text-only posts require content (Posts reference: "Text-only posts (no media) require content"); YouTube uses
    # the title instead.
    has_text = bool(target.content.strip())
    if not draft and not media and not has_text and platform != "youtube":
        raise invalid(
            platform, f"Content is required for a text-only {platform} post (no media attached)", field="content"
        )

    limit = CHAR_LIMITS.get(platform)
    if platform == "telegram" and media:
        limit = TELEGRAM_CAPTION_LIMIT
    if platform == "tiktok" and _tiktok_media_type(target) == "photo":
        # TikTok guide: 2200 characters is the video caption; photo titles are "auto-truncated to 90 chars".
        limit = None
    text = target.content
    if limit is not None and len(text) > limit:
        raise invalid(
            platform,
            f"Content is too long for {platform}: {len(text)} characters, the limit is {limit}",
            field="content",
            limit=limit,
            length=len(text),
        )

    requires_media = not draft
    if platform == "instagram":
        # "Instagram requires media for all posts" (Instagram guide); carousels "up to 10" (ibid.).
        if requires_media and not media:
            raise invalid(platform, "Instagram posts require at least one image or video", field="mediaItems")
        _at_most(platform, len(media), 10, "Instagram carousels support up to {limit} items")
        if target.specific.get("contentType") == "story" and len(media) > 1:
            # Instagram guide, "Image Requirements": a Story takes one image (Story Videos: one video).
            raise invalid(platform, "Instagram Stories take a single image or video", field="mediaItems")
    elif platform == "tiktok":
        # "Instagram and TikTok require media; do not mix videos and images for TikTok" (Posts reference);
        # "Photo carousels support up to 35 images" (Platform Settings, TikTok).
        if requires_media and not media:
            raise invalid(platform, "TikTok posts require a video or photos", field="mediaItems")
        if videos and images:
            raise invalid(platform, "TikTok does not allow mixing photos and videos in one post", field="mediaItems")
        if videos > 1:
            raise invalid(platform, "TikTok posts support one video", field="mediaItems", limit=1, count=videos)
        _at_most(platform, images, 35, "TikTok photo carousels support up to {limit} images")
    elif platform == "youtube":
        # "YouTube requires a video in mediaItems" (Posts reference); title ≤ 100 (YouTube guide).
        if requires_media and videos == 0:
            raise invalid(platform, "YouTube posts require a video in mediaItems", field="mediaItems")
        if videos > 1:
            raise invalid(platform, "YouTube posts support one video", field="mediaItems", limit=1, count=videos)
        yt_title = target.specific.get("title") or title or ""
        what = "YouTube titles are limited to {limit} characters"
        _chars_at_most(platform, yt_title, YOUTUBE_TITLE_LIMIT, what, "title")
        # The post's root `tags`: "YouTube constraints: each tag max 100 chars, combined max 500 chars, duplicates
        # auto-removed" (POST /v1/posts).
        yt_tags = tags
        for tag in yt_tags or []:
            if len(str(tag)) > YOUTUBE_TAG_LIMIT:
                raise invalid(
                    platform,
                    f"YouTube tags must be at most {YOUTUBE_TAG_LIMIT} characters each",
                    field="tags",
                    limit=YOUTUBE_TAG_LIMIT,
                )
        total = sum(len(str(tag)) for tag in set(yt_tags or []))
        if total > YOUTUBE_TAGS_TOTAL:
            raise invalid(
                platform,
                f"YouTube tags may total at most {YOUTUBE_TAGS_TOTAL} characters",
                field="tags",
                limit=YOUTUBE_TAGS_TOTAL,
                length=total,
            )
    elif platform == "bluesky":
        # "Max Images | 4 per post" (Bluesky guide); "Max Videos | 1 per post" (ibid.).
        _at_most(platform, images, 4, "Bluesky supports up to {limit} images per post")
        if videos > 1 or (videos and images):
            raise invalid(platform, "Bluesky posts support one video, not combined with images", field="mediaItems")
    elif platform == "threads":
        # "Threads carousels support up to 10 images (no videos in carousels); single posts support one image or
        # video" (Posts reference). The Threads guide says 20; the create endpoint's own
        # rule is the stricter one, so the sandbox enforces 10.
        if len(media) > 1 and videos:
            raise invalid(platform, "Threads carousels cannot contain videos", field="mediaItems")
        _at_most(platform, len(media), 10, "Threads carousels support up to {limit} images")
    elif platform == "pinterest":
        # "Pinterest supports single image ... or a single video per Pin; boardId is required" (Posts reference);
        # "Max Images | 1 per Pin" (Pinterest guide).
        if requires_media and not media:
            raise invalid(platform, "Pinterest Pins require one image or video", field="mediaItems")
        if len(media) > 1:
            raise invalid(
                platform,
                "Pinterest Pins support a single image or a single video",
                field="mediaItems",
                limit=1,
                count=len(media),
            )
        board = target.specific.get("boardId")
        if requires_media and not (isinstance(board, str) and board.strip()):
            raise invalid(
                platform,
                "Pinterest requires platformSpecificData.boardId (the board to pin to)",
                field="platformSpecificData.boardId",
            )
        pin_title = target.specific.get("title")
        what = "Pin titles are limited to {limit} characters"
        _chars_at_most(platform, pin_title, PINTEREST_TITLE_LIMIT, what, "platformSpecificData.title")
    elif platform == "twitter":
        # "Max Images | 4 per post", "Max Videos | 1 per post", "Only 1 GIF per post (counts as all 4 image
        # slots)" (Twitter/X guide).
        _at_most(platform, images, 4, "Twitter/X supports up to {limit} images per post")
        if counts["gif"] and len(media) > 1:
            raise invalid(platform, "Twitter/X allows only one GIF per post, with no other media", field="mediaItems")
        if videos > 1 or (videos and images):
            raise invalid(platform, "Twitter/X posts support one video, not combined with images", field="mediaItems")
    elif platform == "linkedin":
        # "LinkedIn multi-image supports up to 20 images; single PDF documents supported ... cannot mix with
        # other media" (Posts reference); "Multi-video posts not supported" (Platform Settings, LinkedIn).
        _at_most(platform, images, 20, "LinkedIn supports up to {limit} images per post")
        if videos > 1:
            raise invalid(platform, "LinkedIn does not support multi-video posts", field="mediaItems")
        if documents and (documents > 1 or len(media) > 1):
            raise invalid(
                platform, "LinkedIn supports a single PDF document, not mixed with other media", field="mediaItems"
            )
        if videos and images:
            raise invalid(platform, "LinkedIn posts cannot mix videos and images", field="mediaItems")
    elif platform == "facebook":
        # "Cannot mix videos and images", "Up to 10 images for feed posts", "Stories require media" (Platform
        # Settings, Facebook).
        if videos and images:
            raise invalid(platform, "Facebook posts cannot mix videos and images", field="mediaItems")
        _at_most(platform, images, 10, "Facebook supports up to {limit} images per post")
        if videos > 1:
            # Facebook guide, "Video Requirements": Max Videos 1 (a GIF counts as a video).
            raise invalid(platform, "Facebook posts support one video", field="mediaItems", limit=1, count=videos)
        # A draft may leave the media out ("drafts may omit media until finalized"), never attach too much.
        if target.specific.get("contentType") == "story" and (len(media) > 1 or (requires_media and not media)):
            raise invalid(platform, "Facebook Stories require a single image or video", field="mediaItems")
    elif platform == "snapchat":
        # "Media required for all content types", "Only one media item per post" (Platform Settings, Snapchat).
        # A draft may leave the media out ("drafts may omit media until finalized"), never attach too much.
        if len(media) > 1 or (requires_media and not media):
            raise invalid(platform, "Snapchat posts require exactly one image or video", field="mediaItems")
        kind = str(target.specific.get("contentType", "story"))
        if kind == "spotlight" and media and videos != len(media):
            # Snapchat guide, "Spotlight Posts": "Only video content is supported".
            raise invalid(platform, "Snapchat Spotlight takes video only", field="mediaItems")
        snap_limit = SNAPCHAT_LIMITS.get(kind)
        if snap_limit is not None and len(target.content) > snap_limit:
            raise invalid(
                platform,
                f"Snapchat {kind} text is limited to {snap_limit} characters",
                field="content",
                limit=snap_limit,
                length=len(target.content),
            )
    elif platform == "googlebusiness":
        # "Text content + single image only", "Videos not supported" (Platform Settings, Google Business).
        if videos or documents or len(media) > 1:
            raise invalid(platform, "Google Business posts support text and a single image only", field="mediaItems")
    elif platform == "telegram":
        # "Media albums support up to 10 items" (Telegram guide).
        _at_most(platform, len(media), 10, "Telegram albums support up to {limit} items")
    elif platform == "reddit" and len(media) > 1:
        # Reddit guide, "Image Requirements": Max Images 1 per post; the API's RedditPlatformData: a post is a
        # link (one image), a native video, or a self post.
        raise invalid(platform, "Reddit posts take a single image or a single video", field="mediaItems")
    refused = [kind for kind in MEDIA_TYPES if counts[kind] and kind not in ACCEPTED_KINDS[platform]]
    if refused:
        raise invalid(
            platform,
            f"{platform} does not accept {refused[0]} media; it takes {', '.join(ACCEPTED_KINDS[platform])}",
            field="mediaItems",
        )


def _chars_at_most(platform: str, text: object, limit: int, what: str, field: str) -> None:
    """400 when a text field (a title) is longer than ``limit``; ``what`` says so with ``{limit}`` in it."""
    if isinstance(text, str) and len(text) > limit:
        raise invalid(platform, what.format(limit=limit), field=field, limit=limit, length=len(text))


def _at_most(platform: str, count: int, limit: int, what: str) -> None:
    """400 when a post carries more than ``limit`` media items; ``what`` says so with ``{limit}`` in it."""
    if count > limit:
        message = f"{what.format(limit=limit)}, got {count}"
        raise invalid(platform, message, field="mediaItems", limit=limit, count=count)
