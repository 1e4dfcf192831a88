"""Data types of the pre-flight rules: what a post looks like per target, and what can be wrong with it.

Pure data, no I/O: the server builds these from a tool call and checks them before any HTTP request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

MediaKind = Literal["image", "video", "gif", "document"]
MEDIA_KINDS: frozenset[MediaKind] = frozenset({"image", "video", "gif", "document"})

# Sizes in the guides are written "10 MB", "4 GB"; read them as binary units so a file the guide's own
# number allows is never refused by rounding.
MB = 1024 * 1024
GB = 1024 * MB


@dataclass(frozen=True)
class MediaRef:
    """One media item as it will be sent (`mediaItems` / `customMedia` entry)."""

    url: str
    type: MediaKind
    size: int | None = None  # bytes, when known (local uploads)
    content_type: str | None = None  # MIME, when known


@dataclass(frozen=True)
class TargetDraft:
    """What one platform will receive: resolved text, media and `platformSpecificData`."""

    platform: str
    content: str  # customContent or the shared content
    media: tuple[MediaRef, ...] = ()  # customMedia or the shared media
    options: Mapping[str, Any] = field(default_factory=dict)  # platformSpecificData, camelCase keys
    title: str | None = None  # the post title (YouTube uses it as the video title)
    tags: tuple[str, ...] = ()  # the post's root tags (YouTube's keywords)
    # What the account offers for an option, when the API says (TikTok privacyLevel from creator-info)
    offered: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """One reason the post would fail on one platform, phrased so a model can fix it."""

    platform: str
    field: str  # e.g. "content", "media", "platformSpecificData.boardId"
    message: str  # what is wrong and how to fix it, with the numbers
    rule: str  # stable id, e.g. "bluesky.max_images"
    #: the fix is a file put at a public HTTPS URL: the tool layer adds how to upload one where the server it runs
    #: in offers a way (the rules know no tools)
    upload: bool = False


@dataclass(frozen=True, kw_only=True)
class PlatformRules:
    """One platform's documented limits; also shown to the model as a resource.

    `None` means the guides state no limit (nothing is enforced). Limits of the platform's default content
    type; other content types (stories, spotlight, photo posts...) are in `max_chars_by_type` and the
    platform's own checks. Keyword-only with defaults, so a platform states only what its guide says.
    """

    platform: str
    name: str  # display name for messages ("Twitter/X", "Google Business")
    allowed_types: frozenset[MediaKind]
    max_chars: int | None = None  # main text (content) of the default content type
    max_chars_by_type: Mapping[str, int] = field(default_factory=dict)  # per content type / text field
    media_required: bool = False  # for the default content type, at publish time
    max_images: int | None = None  # images per post (GIFs included when `gif_counts_as == "image"`)
    max_videos: int | None = None  # videos per post (GIFs included when `gif_counts_as == "video"`)
    max_documents: int | None = None
    max_media_items: int | None = None  # items per post whatever their kind (album / carousel size)
    allows_mixed_media: bool = True  # images, videos and documents in one post
    max_image_bytes: int | None = None
    max_video_bytes: int | None = None
    max_gif_bytes: int | None = None  # GIFs' own limit (else the image limit when a GIF counts as an image)
    max_document_bytes: int | None = None
    gif_counts_as: Literal["image", "video"] | None = None  # how a GIF counts; None when GIFs are not accepted
    allowed_formats: frozenset[str] = frozenset()  # MIME types accepted; checked only when a MediaRef knows its own
    required_options: tuple[str, ...] = ()  # platformSpecificData keys required at publish time
    notes: tuple[str, ...] = ()  # only what the fields above cannot say (describe() renders them)
