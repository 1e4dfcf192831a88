"""Request validation for posts: the platform rules from the platform guides in seed 002.

Every rule raises :class:`ApiError` 400 with a sentence saying what is wrong and ``details`` naming the platform,
the field and the limit, so a client can show the user what to fix. Line numbers cite
``seeds/002_01d22fe6a5793225.txt`` (the API reference) unless another seed is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from late_mcp.sandbox import targets
from late_mcp.sandbox.errors import ApiError
from late_mcp.sandbox.store import Doc

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

# The media kinds each platform takes: the platform guides' image and video "Formats" rows (no GIF on Instagram,
# TikTok, Google Business or Snapchat; documents on LinkedIn only). Reddit takes a native video too (the SDK's
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
    # Not stated in the seed's Twitter/X guide; X's own limit for a standard (non-Premium) post.
    "twitter": 280,
    # "Post text: 300 characters" (Bluesky guide, "Character Limits", line 789).
    "bluesky": 300,
    # "Post text | 500 characters" (Threads guide, "Text Limits", line 3818).
    "threads": 500,
    # Not stated in the seed's LinkedIn guide; LinkedIn's own limit for a post's commentary.
    "linkedin": 3000,
    # Not stated in the seed's Instagram guide; Instagram's own caption limit.
    "instagram": 2200,
    # "Video | 2200 chars | Full content used as title" (TikTok guide, "Title/Caption Limits", line 4061).
    "tiktok": 2200,
    # "Description | 5000 characters | Full content used" (YouTube guide, "Title and Description", line 4486).
    "youtube": 5000,
    # "Post text | 1500 characters" (Google Business guide, "Character Limits", line 1239).
    "googlebusiness": 1500,
    # "Text posts | Up to 4096 characters" (Telegram guide, line 3289); captions are checked separately.
    "telegram": 4096,
    # Not stated in the seed's Facebook guide; Facebook's own post limit.
    "facebook": 63206,
    # Not stated in the seed; Reddit's own self-post body limit.
    "reddit": 40000,
}
# "Media captions | Up to 1024 characters" (Telegram guide, line 3290).
TELEGRAM_CAPTION_LIMIT = 1024
# "Title | 100 characters" (YouTube guide, line 4485); Pinterest "title ... max 100 chars" (Platform Settings, 6778).
YOUTUBE_TITLE_LIMIT = 100
PINTEREST_TITLE_LIMIT = 100
# Snapchat: "Saved Story ... Title | 45 characters", "Spotlight ... Description | 160 characters" (lines 3002-3003).
SNAPCHAT_LIMITS = {"saved_story": 45, "spotlight": 160}
# YouTube tags: "Each tag must be ≤ 100 characters", "Combined total across all tags ≤ 500" (lines 6801-6802).
YOUTUBE_TAG_LIMIT = 100
YOUTUBE_TAGS_TOTAL = 500

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


def _fail(platform: str, message: str, **details: Any) -> ApiError:
    return ApiError(400, message, {"platform": platform, **details})


def _count(media: list[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(MEDIA_TYPES, 0)
    for item in media:
        counts[media_type(item)] += 1
    return counts


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
        raise _fail(target.platform, f"{field} must be a non-empty array of {{content, mediaItems}}", field=field)
    items: list[tuple[str, list[dict[str, Any]]]] = []
    for index, item in enumerate(raw):
        where = f"{field}[{index}]"
        if not isinstance(item, dict):
            raise _fail(target.platform, f"{where} must be an object with content", field=where)
        content = item.get("content", "")
        if content is None:
            content = ""
        if not isinstance(content, str):
            raise _fail(target.platform, f"{where}.content must be a string", field=f"{where}.content")
        items.append((content, check_media_items(item.get("mediaItems"), f"{where}.mediaItems")))
    return items


def validate_target(
    target: Target, *, title: str | None, tags: list[str], draft: bool, account: Doc | None = None
) -> None:
    """Apply one platform's rules to what it will receive; a thread's rules apply to each item as a post of its
    own. Drafts skip the "requires media/board/consent" rules (the API lets a draft be finished later, seed 001
    "drafts may omit media until finalized"), but not the hard limits."""
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
    """Platform Settings, TikTok: ``mediaType`` is an "optional override", else it "defaults based on provided media
    items"."""
    settings = target.specific.get("tiktokSettings")
    override = settings.get("media_type", settings.get("mediaType")) if isinstance(settings, dict) else None
    if override in ("video", "photo"):
        return str(override)
    kinds = {media_type(item) for item in target.media}
    return "photo" if kinds and "video" not in kinds else "video"


def _check_body(target: Target, *, title: str | None, tags: list[str], draft: bool) -> None:
    """The per-post rules: text required and its limit, media counts, kinds and mixing, required media/board."""
    platform = target.platform
    media = target.media
    counts = _count(media)
    gif_is_video = platform in GIF_IS_VIDEO
    images = counts["image"] + (0 if gif_is_video else counts["gif"])
    videos = counts["video"] + (counts["gif"] if gif_is_video else 0)
    documents = counts["document"]

    # Text-only posts require content (seed 001: "Text-only posts (no media) require content"); YouTube uses
    # the title instead.
    has_text = bool(target.content.strip())
    if not draft and not media and not has_text and platform != "youtube":
        raise _fail(
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
        raise _fail(
            platform,
            f"Content is too long for {platform}: {len(text)} characters, the limit is {limit}",
            field="content",
            limit=limit,
            length=len(text),
        )

    requires_media = not draft
    if platform == "instagram":
        # "Instagram requires media for all posts" (Instagram guide, line 1417); carousels "up to 10" (1423).
        if requires_media and not media:
            raise _fail(platform, "Instagram posts require at least one image or video", field="mediaItems")
        if len(media) > 10:
            raise _fail(
                platform,
                f"Instagram carousels support up to 10 items, got {len(media)}",
                field="mediaItems",
                limit=10,
                count=len(media),
            )
        content_type = target.specific.get("contentType")
        if content_type == "story" and len(media) > 1:
            # Instagram guide, "Image Requirements": a Story takes one image (Story Videos: one video).
            raise _fail(platform, "Instagram Stories take a single image or video", field="mediaItems")
        if content_type in ("reel", "reels") and media and (len(media) > 1 or videos != 1):
            # Instagram guide, "Content Types": a Reel is a short-form video.
            raise _fail(platform, "An Instagram Reel is a single video", field="mediaItems")
    elif platform == "tiktok":
        # "Instagram and TikTok require media; do not mix videos and images for TikTok" (Posts reference, 7058);
        # "Photo carousels support up to 35 images" (Platform Settings, 6838).
        if requires_media and not media:
            raise _fail(platform, "TikTok posts require a video or photos", field="mediaItems")
        if videos and images:
            raise _fail(platform, "TikTok does not allow mixing photos and videos in one post", field="mediaItems")
        if videos > 1:
            raise _fail(platform, "TikTok posts support one video", field="mediaItems", limit=1, count=videos)
        if images > 35:
            raise _fail(
                platform,
                f"TikTok photo carousels support up to 35 images, got {images}",
                field="mediaItems",
                limit=35,
                count=images,
            )
    elif platform == "youtube":
        # "YouTube requires a video in mediaItems" (Posts reference, line 7057); title ≤ 100 (line 4485).
        if requires_media and videos == 0:
            raise _fail(platform, "YouTube posts require a video in mediaItems", field="mediaItems")
        if videos > 1:
            raise _fail(platform, "YouTube posts support one video", field="mediaItems", limit=1, count=videos)
        yt_title = target.specific.get("title") or title or ""
        if isinstance(yt_title, str) and len(yt_title) > YOUTUBE_TITLE_LIMIT:
            raise _fail(
                platform,
                f"YouTube titles are limited to {YOUTUBE_TITLE_LIMIT} characters",
                field="title",
                limit=YOUTUBE_TITLE_LIMIT,
                length=len(yt_title),
            )
        yt_tags = target.specific.get("tags") if isinstance(target.specific.get("tags"), list) else tags
        for tag in yt_tags or []:
            if len(str(tag)) > YOUTUBE_TAG_LIMIT:
                raise _fail(
                    platform,
                    f"YouTube tags must be at most {YOUTUBE_TAG_LIMIT} characters each",
                    field="tags",
                    limit=YOUTUBE_TAG_LIMIT,
                )
        total = sum(len(str(tag)) for tag in set(yt_tags or []))
        if total > YOUTUBE_TAGS_TOTAL:
            raise _fail(
                platform,
                f"YouTube tags may total at most {YOUTUBE_TAGS_TOTAL} characters",
                field="tags",
                limit=YOUTUBE_TAGS_TOTAL,
                length=total,
            )
    elif platform == "bluesky":
        # "Max Images | 4 per post" (Bluesky guide, line 709); "Max Videos | 1 per post" (line 774).
        if images > 4:
            raise _fail(
                platform,
                f"Bluesky supports up to 4 images per post, got {images}",
                field="mediaItems",
                limit=4,
                count=images,
            )
        if videos > 1 or (videos and images):
            raise _fail(platform, "Bluesky posts support one video, not combined with images", field="mediaItems")
    elif platform == "threads":
        # "Threads carousels support up to 10 images (no videos in carousels); single posts support one image or
        # video" (Posts reference, line 7060). The Threads guide says 20 (line 3798); the create endpoint's own
        # rule is the stricter one, so the sandbox enforces 10.
        if len(media) > 1 and videos:
            raise _fail(platform, "Threads carousels cannot contain videos", field="mediaItems")
        if len(media) > 10:
            raise _fail(
                platform,
                f"Threads carousels support up to 10 images, got {len(media)}",
                field="mediaItems",
                limit=10,
                count=len(media),
            )
    elif platform == "pinterest":
        # "Pinterest supports single image ... or a single video per Pin; boardId is required" (Posts reference,
        # line 7063); "Max Images | 1 per Pin" (Pinterest guide, line 2188).
        if requires_media and not media:
            raise _fail(platform, "Pinterest Pins require one image or video", field="mediaItems")
        if len(media) > 1:
            raise _fail(
                platform,
                "Pinterest Pins support a single image or a single video",
                field="mediaItems",
                limit=1,
                count=len(media),
            )
        board = target.specific.get("boardId")
        if requires_media and not (isinstance(board, str) and board.strip()):
            raise _fail(
                platform,
                "Pinterest requires platformSpecificData.boardId (the board to pin to)",
                field="platformSpecificData.boardId",
            )
        pin_title = target.specific.get("title")
        if isinstance(pin_title, str) and len(pin_title) > PINTEREST_TITLE_LIMIT:
            raise _fail(
                platform,
                f"Pin titles are limited to {PINTEREST_TITLE_LIMIT} characters",
                field="platformSpecificData.title",
                limit=PINTEREST_TITLE_LIMIT,
            )
    elif platform == "twitter":
        # "Max Images | 4 per post" (line 4182), "Max Videos | 1 per post" (line 4265), "Only 1 GIF per post
        # (counts as all 4 image slots)" (line 4250).
        if images > 4:
            raise _fail(
                platform,
                f"Twitter/X supports up to 4 images per post, got {images}",
                field="mediaItems",
                limit=4,
                count=images,
            )
        if counts["gif"] and len(media) > 1:
            raise _fail(platform, "Twitter/X allows only one GIF per post, with no other media", field="mediaItems")
        if videos > 1 or (videos and images):
            raise _fail(platform, "Twitter/X posts support one video, not combined with images", field="mediaItems")
    elif platform == "linkedin":
        # "LinkedIn multi-image supports up to 20 images; single PDF documents supported ... cannot mix with
        # other media" (Posts reference, line 7062); "Multi-video posts not supported" (line 6765).
        if images > 20:
            raise _fail(
                platform,
                f"LinkedIn supports up to 20 images per post, got {images}",
                field="mediaItems",
                limit=20,
                count=images,
            )
        if videos > 1:
            raise _fail(platform, "LinkedIn does not support multi-video posts", field="mediaItems")
        if documents and (documents > 1 or len(media) > 1):
            raise _fail(
                platform, "LinkedIn supports a single PDF document, not mixed with other media", field="mediaItems"
            )
        if videos and images:
            raise _fail(platform, "LinkedIn posts cannot mix videos and images", field="mediaItems")
    elif platform == "facebook":
        # "Cannot mix videos and images", "Up to 10 images for feed posts", "Stories require media" (6714-6716).
        if videos and images:
            raise _fail(platform, "Facebook posts cannot mix videos and images", field="mediaItems")
        if images > 10:
            raise _fail(
                platform,
                f"Facebook supports up to 10 images per post, got {images}",
                field="mediaItems",
                limit=10,
                count=images,
            )
        if videos > 1:
            # Facebook guide, "Video Requirements": Max Videos 1 (a GIF counts as a video).
            raise _fail(platform, "Facebook posts support one video", field="mediaItems", limit=1, count=videos)
        # A draft may leave the media out ("drafts may omit media until finalized"), never attach too much.
        if target.specific.get("contentType") == "story" and (len(media) > 1 or (requires_media and not media)):
            raise _fail(platform, "Facebook Stories require a single image or video", field="mediaItems")
    elif platform == "snapchat":
        # "Media required for all content types", "Only one media item per post" (Platform Settings, 6912-6913).
        # A draft may leave the media out ("drafts may omit media until finalized"), never attach too much.
        if len(media) > 1 or (requires_media and not media):
            raise _fail(platform, "Snapchat posts require exactly one image or video", field="mediaItems")
        kind = str(target.specific.get("contentType", "story"))
        if kind == "spotlight" and media and videos != len(media):
            # Snapchat guide, "Spotlight Posts": "Only video content is supported".
            raise _fail(platform, "Snapchat Spotlight takes video only", field="mediaItems")
        snap_limit = SNAPCHAT_LIMITS.get(kind)
        if snap_limit is not None and len(target.content) > snap_limit:
            raise _fail(
                platform,
                f"Snapchat {kind} text is limited to {snap_limit} characters",
                field="content",
                limit=snap_limit,
                length=len(target.content),
            )
    elif platform == "googlebusiness":
        # "Text content + single image only", "Videos not supported" (Platform Settings, 6865-6866).
        if videos or documents or len(media) > 1:
            raise _fail(platform, "Google Business posts support text and a single image only", field="mediaItems")
    elif platform == "telegram" and len(media) > 10:
        # "Media albums support up to 10 items" (Telegram guide, line 3479).
        raise _fail(
            platform,
            f"Telegram albums support up to 10 items, got {len(media)}",
            field="mediaItems",
            limit=10,
            count=len(media),
        )
    elif platform == "reddit" and len(media) > 1:
        # Reddit guide, "Image Requirements": Max Images 1 per post; the SDK's RedditPlatformData: a post is a
        # link (one image), a native video, or a self post.
        raise _fail(platform, "Reddit posts take a single image or a single video", field="mediaItems")
    refused = [kind for kind in MEDIA_TYPES if counts[kind] and kind not in ACCEPTED_KINDS[platform]]
    if refused:
        raise _fail(
            platform,
            f"{platform} does not accept {refused[0]} media; it takes {', '.join(ACCEPTED_KINDS[platform])}",
            field="mediaItems",
        )


# platformSpecificData -------------------------------------------------------------------------------------
#
# Seed 002 "Platform Settings" documents each platform's options with their types and enums; these checks refuse a
# documented option with the wrong type or a value outside its enum or range. Keys the docs do not list are
# ignored, as a JSON API that does not document strictness would. Where an option names something the connection
# owns (a Page, an organization, a location, a board, a TikTok privacy level) it must be one the account has.

_PSD = "platformSpecificData"
_TIKTOK = f"{_PSD}.tiktokSettings"
_MISSING = object()
# Platform Settings, Facebook: contentType "story"; the Facebook guide's title also promises Reels.
FACEBOOK_CONTENT_TYPES = ("story", "reel")
# Platform Settings, Instagram: contentType "story"; the guide's "Feed Videos / Reels" and trialParams ("Reels
# only") make reels a content type too; both spellings are accepted.
INSTAGRAM_CONTENT_TYPES = ("story", "reels", "reel")
INSTAGRAM_COLLABORATORS = 3  # "Up to 3 usernames to invite as collaborators"
GRADUATION_STRATEGIES = ("MANUAL", "SS_PERFORMANCE")
YOUTUBE_VISIBILITY = ("public", "private", "unlisted")
YOUTUBE_FIRST_COMMENT_LIMIT = 10_000  # "Auto-post a first comment (max 10,000 chars)"
TIKTOK_DESCRIPTION_LIMIT = 4000  # "Long-form description for photo posts (max 4000 chars)"
TIKTOK_COMMERCIAL = ("none", "brand_organic", "brand_content")
TIKTOK_MEDIA_TYPES = ("video", "photo")
CALL_TO_ACTION_TYPES = ("LEARN_MORE", "BOOK", "ORDER", "SHOP", "SIGN_UP", "CALL")
TELEGRAM_PARSE_MODES = ("HTML", "Markdown", "MarkdownV2")
SNAPCHAT_CONTENT_TYPES = ("story", "saved_story", "spotlight")
REDDIT_TITLE_LIMIT = 300  # Reddit's own title limit (not stated in the seed)
_SUBREDDIT = re.compile(r"^(?:/?r/)?[A-Za-z0-9][A-Za-z0-9_]{1,20}$")


class _Options:
    """Typed access to one target's options; every failure names the platform and the field."""

    def __init__(self, platform: str, data: dict[str, Any], prefix: str) -> None:
        self.platform = platform
        self.data = data
        self.prefix = prefix

    def where(self, key: str) -> str:
        return f"{self.prefix}.{key}"

    def fail(self, key: str, message: str, **details: Any) -> ApiError:
        return _fail(self.platform, f"{self.where(key)} {message}", field=self.where(key), **details)

    def get(self, key: str) -> Any:
        return self.data.get(key, _MISSING)

    def string(self, key: str, *, limit: int | None = None) -> str | None:
        value = self.get(key)
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(key, "must be a string")
        if limit is not None and len(value) > limit:
            raise self.fail(key, f"is limited to {limit} characters (got {len(value)})", limit=limit, length=len(value))
        return value

    def boolean(self, key: str) -> bool | None:
        value = self.get(key)
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def integer(self, key: str, *, minimum: int = 0) -> int | None:
        value = self.get(key)
        if value is _MISSING or value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, "must be an integer")
        if value < minimum:
            raise self.fail(key, f"must be at least {minimum}", minimum=minimum)
        return value

    def number(self, key: str, low: float, high: float) -> float:
        value = self.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(key, f"must be a number from {low} to {high}")
        if not low <= value <= high:
            raise self.fail(key, f"must be between {low} and {high} (got {value})", minimum=low, maximum=high)
        return float(value)

    def enum(self, key: str, allowed: tuple[str, ...]) -> str | None:
        value = self.get(key)
        if value is _MISSING or value is None:
            return None
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)} (got {value!r})", allowed=list(allowed))
        return str(value)

    def uri(self, key: str) -> str | None:
        value = self.string(key)
        if value is not None and not re.match(r"^https?://[^\s/]+\S*$", value):
            raise self.fail(key, "must be an http(s) URL")
        return value

    def strings(self, key: str, *, max_items: int | None = None) -> list[str] | None:
        value = self.get(key)
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be an array of strings")
        if max_items is not None and len(value) > max_items:
            raise self.fail(key, f"takes at most {max_items} entries (got {len(value)})", limit=max_items)
        return list(value)

    def obj(self, key: str) -> _Options | None:
        value = self.get(key)
        if value is _MISSING or value is None:
            return None
        if not isinstance(value, dict):
            raise self.fail(key, "must be an object")
        return _Options(self.platform, value, self.where(key))

    def one_of(self, key: str, value: str, allowed: list[str], what: str) -> None:
        if value not in allowed:
            raise self.fail(
                key,
                f"{value!r} is not one of this account's {what} ({targets.describe(allowed)})",
                allowed=allowed,
            )


def validate_specific(target: Target, account: Doc | None, *, draft: bool) -> None:
    """Check ``platformSpecificData`` of one target against Platform Settings and the account's own lists."""
    platform = target.platform
    opts = _Options(platform, target.specific, _PSD)
    has_video = any(media_type(m) == "video" for m in target.media)
    if platform == "facebook":
        opts.enum("contentType", FACEBOOK_CONTENT_TYPES)
        opts.string("firstComment")
        page = opts.string("pageId")
        if page is not None:
            opts.one_of("pageId", page, targets.page_ids(account), "Facebook Pages")
    elif platform == "instagram":
        opts.enum("contentType", INSTAGRAM_CONTENT_TYPES)
        opts.boolean("shareToFeed")
        opts.strings("collaborators", max_items=INSTAGRAM_COLLABORATORS)
        opts.string("firstComment")
        opts.string("audioName")
        # Seed 003 (changelog): "thumbOffset: integer, minimum 0 (milliseconds)", the Reel cover frame.
        opts.integer("thumbOffset")
        trial = opts.obj("trialParams")
        if trial is not None:
            if trial.enum("graduationStrategy", GRADUATION_STRATEGIES) is None:
                raise trial.fail("graduationStrategy", f"is required ({', '.join(GRADUATION_STRATEGIES)})")
            if target.media and not has_video:
                # Instagram guide: "Trial Reels only apply to video posts (Reels)".
                raise opts.fail("trialParams", "applies to Reels only (a video post)")
        tags = opts.get("userTags")
        if tags is not _MISSING and tags is not None:
            if not isinstance(tags, list):
                raise opts.fail("userTags", "must be an array of {username, x, y}")
            for index, tag in enumerate(tags):
                if not isinstance(tag, dict):
                    raise opts.fail(f"userTags[{index}]", "must be an object with username, x and y")
                tag_opts = _Options(platform, tag, opts.where(f"userTags[{index}]"))
                if not (tag_opts.string("username") or "").lstrip("@"):
                    raise tag_opts.fail("username", "is required")
                tag_opts.number("x", 0.0, 1.0)
                tag_opts.number("y", 0.0, 1.0)
    elif platform == "linkedin":
        opts.string("firstComment")
        opts.boolean("disableLinkPreview")
        urn = opts.string("organizationUrn")
        if urn is not None:
            opts.one_of("organizationUrn", urn, targets.organization_urns(account), "LinkedIn organizations")
    elif platform == "pinterest":
        opts.string("title", limit=PINTEREST_TITLE_LIMIT)
        opts.uri("link")
        opts.uri("coverImageUrl")
        opts.integer("coverImageKeyFrameTime")
        board = opts.string("boardId")
        if board is not None and board.strip():
            opts.one_of("boardId", board, targets.board_ids(account), "Pinterest boards")
    elif platform == "youtube":
        opts.string("title", limit=YOUTUBE_TITLE_LIMIT)
        opts.enum("visibility", YOUTUBE_VISIBILITY)
        opts.string("firstComment", limit=YOUTUBE_FIRST_COMMENT_LIMIT)
        opts.strings("tags")
        opts.boolean("containsSyntheticMedia")
    elif platform == "tiktok":
        _validate_tiktok(opts, account, draft=draft, has_video=has_video)
    elif platform == "googlebusiness":
        cta = opts.obj("callToAction")
        if cta is not None:
            if cta.enum("type", CALL_TO_ACTION_TYPES) is None:
                raise cta.fail("type", f"is required ({', '.join(CALL_TO_ACTION_TYPES)})")
            cta.uri("url")
        location = opts.string("locationId")
        if location is not None:
            opts.one_of("locationId", location, targets.location_ids(account), "Google Business locations")
    elif platform == "telegram":
        opts.enum("parseMode", TELEGRAM_PARSE_MODES)
        for key in ("disableWebPagePreview", "disableNotification", "protectContent"):
            opts.boolean(key)
    elif platform == "snapchat":
        opts.enum("contentType", SNAPCHAT_CONTENT_TYPES)
    elif platform == "reddit":
        subreddit = opts.string("subreddit")
        if subreddit is not None and not _SUBREDDIT.match(subreddit):
            raise opts.fail("subreddit", f"is not a subreddit name (got {subreddit!r})")
        opts.string("title", limit=REDDIT_TITLE_LIMIT)


def _validate_tiktok(opts: _Options, account: Doc | None, *, draft: bool, has_video: bool) -> None:
    """Platform Settings, TikTok: settings nested in ``tiktokSettings``; privacy_level, allow_comment (all),
    allow_duet and allow_stitch (videos) are required, and content_preview_confirmed and express_consent_given
    must be true ("TikTok posts will fail without" them). privacy_level "must match your account's available
    options (no defaults)". A draft may leave the required settings for later."""
    settings = opts.obj("tiktokSettings") or _Options(opts.platform, {}, _TIKTOK)
    level = settings.string("privacy_level")
    for key in ("allow_comment", "allow_duet", "allow_stitch", "content_preview_confirmed", "express_consent_given"):
        settings.boolean(key)
    for key in ("draft", "auto_add_music", "video_made_with_ai", "brand_partner_promote", "is_brand_organic_post"):
        settings.boolean(key)
    settings.string("description", limit=TIKTOK_DESCRIPTION_LIMIT)
    settings.integer("video_cover_timestamp_ms")
    settings.integer("photo_cover_index")
    settings.enum("commercial_content_type", TIKTOK_COMMERCIAL)
    settings.enum("media_type", TIKTOK_MEDIA_TYPES)
    if level is not None:
        settings.one_of("privacy_level", level, targets.privacy_levels(account), "TikTok privacy levels")
    if draft:
        return
    missing = [key for key in ("privacy_level", "allow_comment") if settings.get(key) in (_MISSING, None)]
    if has_video:
        missing += [key for key in ("allow_duet", "allow_stitch") if settings.get(key) in (_MISSING, None)]
    if missing:
        raise _fail(
            opts.platform,
            f"TikTok requires {', '.join(f'{_TIKTOK}.{key}' for key in missing)}",
            field=f"{_TIKTOK}.{missing[0]}",
            missing=missing,
        )
    unconfirmed = [
        key for key in ("content_preview_confirmed", "express_consent_given") if settings.get(key) is not True
    ]
    if unconfirmed:
        raise _fail(
            opts.platform,
            "TikTok posts require the user's consent: "
            + " and ".join(f"{_TIKTOK}.{key}" for key in unconfirmed)
            + " must be true",
            field=f"{_TIKTOK}.{unconfirmed[0]}",
            missing=unconfirmed,
        )
