"""Snapchat: exactly one image or video; story, saved story (45-character title) or spotlight (video, 160)."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Literal

from late_mcp.rules.formats import JPEG, MP4, PNG
from late_mcp.rules.model import MB, MediaKind, PlatformRules
from late_mcp.rules.options import CamelOptions
from late_mcp.rules.spec import Platform, TargetCheck, TextLimit


class SnapchatOptions(CamelOptions):
    """Platform Settings, Snapchat."""

    content_type: Literal["story", "saved_story", "spotlight"] | None = None


class Snapchat(Platform):
    rules = PlatformRules(
        platform="snapchat",
        name="Snapchat",
        # Snapchat guide, "Content Types": story has no caption (content is ignored), so no default limit.
        max_chars=None,
        max_chars_by_type={
            "saved_story": 45,  # Snapchat guide, "Caption/Title Limits": Saved Story title 45 characters
            "spotlight": 160,  # Snapchat guide, "Caption/Title Limits": Spotlight description 160 characters
        },
        # Snapchat guide, "Media Requirements": "Media is required for all Snapchat posts."
        media_required=True,
        allows_mixed_media=False,
        # Snapchat guide: images JPEG, PNG; video MP4. No GIFs, no documents.
        allowed_types=frozenset({"image", "video"}),
        max_image_bytes=20 * MB,  # Snapchat guide, "Images": Max File Size 20 MB
        max_video_bytes=500 * MB,  # Snapchat guide, "Videos": Max File Size 500 MB
        # Platform Settings, Snapchat: "Only one media item per post"
        max_media_items=1,
        allowed_formats=JPEG | PNG | MP4,
        notes=(
            "contentType story (default, no caption), saved_story (content = title), spotlight (video only, "
            "content = description).",
            "Videos 5-60 s, 9:16.",
        ),
    )
    sources = MappingProxyType(
        {
            "snapchat.media_required": 'Snapchat guide: "Media is required for all Snapchat posts"',
            "snapchat.max_media_items": 'Platform Settings, Snapchat: "Only one media item per post"',
            "snapchat.max_saved_story_chars": 'Snapchat guide, "Caption/Title Limits": saved story title 45 characters',
            "snapchat.max_spotlight_chars": 'Snapchat guide, "Caption/Title Limits": '
            "spotlight description 160 characters",
            "snapchat.spotlight_video": 'Snapchat guide, "Spotlight Posts": "Only video content is supported"',
            "snapchat.media_type": "Snapchat guide: images and videos only",
            "snapchat.media_format": "Snapchat guide: JPEG, PNG; MP4",
            "snapchat.max_image_bytes": 'Snapchat guide, "Images": max file size 20 MB',
            "snapchat.max_video_bytes": 'Snapchat guide, "Videos": max file size 500 MB',
        }
    )
    publish_time = frozenset({"snapchat.media_required"})
    options = SnapchatOptions
    media_needed = "one image or one video (Snapchat has no text-only posts)"

    def variant(self, check: TargetCheck) -> str:
        # Platform Settings, Snapchat: contentType default "story"
        content_type = check.opts.get("contentType")
        return str(content_type) if content_type in ("saved_story", "spotlight") else "story"

    def text_limit(self, check: TargetCheck, has_media: bool) -> TextLimit | None:
        if check.variant == "saved_story":
            limit = self.rules.max_chars_by_type["saved_story"]
            return TextLimit(limit, "snapchat.max_saved_story_chars", "Snapchat saved story titles (the post text)")
        if check.variant == "spotlight":
            limit = self.rules.max_chars_by_type["spotlight"]
            return TextLimit(limit, "snapchat.max_spotlight_chars", "Snapchat spotlight descriptions (the post text)")
        return None  # stories take no caption; the text is ignored

    def check_media(self, check: TargetCheck, kinds: Sequence[MediaKind], field: str, where: str) -> None:
        if check.variant == "spotlight" and any(kind != "video" for kind in kinds):
            check.add(
                "snapchat.spotlight_video",
                field,
                "Snapchat Spotlight takes video only; "
                f"{where} has an image. Attach one MP4 video, or use contentType 'story' or 'saved_story'.",
            )


PLATFORM = Snapchat()
