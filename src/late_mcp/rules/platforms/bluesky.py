"""Bluesky: 300 characters, up to 4 images or 1 video, threads."""

from __future__ import annotations

from types import MappingProxyType

from pydantic import Field

from late_mcp.rules.formats import GIF, JPEG, MP4, PNG, WEBP
from late_mcp.rules.model import MB, PlatformRules
from late_mcp.rules.options import ThreadableOptions
from late_mcp.rules.spec import Platform


class BlueskyOptions(ThreadableOptions):
    """BlueskyPlatformData (late-sdk 1.4.1385): threadItems and the post's languages (1 to 3 BCP-47 tags)."""

    langs: list[str] | None = Field(None, min_length=1, max_length=3)


class Bluesky(Platform):
    rules = PlatformRules(
        platform="bluesky",
        name="Bluesky",
        max_chars=300,  # Bluesky guide, "Character Limits": Post text 300 characters
        max_images=4,  # Bluesky guide, "Image Requirements": Max Images 4 per post (POST /v1/posts agrees)
        max_videos=1,  # Bluesky guide, "Video Requirements": Max Videos 1 per post
        # The Bluesky guide is silent; the official SDK (late-sdk 1.4.1385, BlueskyPlatformData): "up to 4 images
        # or a single video".
        allows_mixed_media=False,
        # Bluesky guide: images JPEG, PNG, WebP, GIF; video MP4
        allowed_types=frozenset({"image", "video", "gif"}),
        # Bluesky guide: 1 MB per image, but Late recompresses larger images (Platform Settings): not enforced.
        max_image_bytes=None,
        max_video_bytes=50 * MB,  # Bluesky guide, "Video Requirements": Max File Size 50 MB
        gif_counts_as="image",
        allowed_formats=JPEG | PNG | WEBP | GIF | MP4,
        notes=("Images over ~1 MB are recompressed by Late; videos up to 60 s.",),
    )
    sources = MappingProxyType(
        {
            "bluesky.max_chars": 'Bluesky guide, "Character Limits": post text 300 characters',
            "bluesky.max_images": 'Bluesky guide, "Image Requirements": max 4 images per post',
            "bluesky.max_videos": 'Bluesky guide, "Video Requirements": max 1 video per post',
            "bluesky.no_mixed_media": 'Late SDK, BlueskyPlatformData: "up to 4 images or a single video"',
            "bluesky.media_type": "Bluesky guide: images and videos only",
            "bluesky.media_format": "Bluesky guide: JPEG, PNG, WebP, GIF; MP4",
            "bluesky.max_video_bytes": 'Bluesky guide, "Video Requirements": max file size 50 MB',
        }
    )
    options = BlueskyOptions
    aliases = ("bsky",)
    threads = True


PLATFORM = Bluesky()
