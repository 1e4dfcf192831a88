"""Threads: 500 characters, one video or a carousel of up to 10 images, reply chains."""

from __future__ import annotations

from types import MappingProxyType

from pydantic import Field

from late_mcp.rules.formats import GIF, JPEG, MOV, MP4, PNG, WEBP
from late_mcp.rules.model import GB, MB, PlatformRules
from late_mcp.rules.options import ThreadableOptions
from late_mcp.rules.spec import THREAD_TEXT_FIX, Platform


class ThreadsOptions(ThreadableOptions):
    """ThreadsPlatformData (late-sdk 1.4.1385): threadItems, firstComment and the topic tag, which the API spells
    snake_case (`topic_tag`)."""

    topic_tag: str | None = Field(None, alias="topic_tag", min_length=1, max_length=50)
    first_comment: str | None = Field(None, max_length=500)

    @classmethod
    def names(cls) -> list[str]:
        return ["threadItems", "topic_tag", "firstComment"]


class Threads(Platform):
    rules = PlatformRules(
        platform="threads",
        name="Threads",
        max_chars=500,  # Threads guide, "Text Limits": Post text 500 characters
        # POST /v1/posts: "Threads carousels support up to 10 images". (The Threads guide says 20; the create
        # endpoint's own rule is the stricter one and the sandbox enforces it too.)
        max_images=10,
        max_videos=1,  # Threads guide, "Video Requirements": Max Videos 1 per post
        # POST /v1/posts: "no videos in carousels; single posts support one image or video"
        allows_mixed_media=False,
        allowed_types=frozenset({"image", "video", "gif"}),
        max_image_bytes=8 * MB,  # Threads guide, "Image Requirements": 8 MB per image (GIFs "Max 8 MB")
        max_video_bytes=1 * GB,  # Threads guide, "Video Requirements": Max File Size 1 GB
        # Threads guide, "GIF Support": "Counts toward image limit"
        gif_counts_as="image",
        # Threads guide: images JPEG, PNG, WebP, GIF; videos MP4, MOV
        allowed_formats=JPEG | PNG | WEBP | GIF | MP4 | MOV,
        notes=("The image limit above is the one POST /v1/posts gives; the Threads guide says 20.",),
    )
    sources = MappingProxyType(
        {
            "threads.max_chars": 'Threads guide, "Text Limits": post text 500 characters',
            "threads.max_images": 'POST /v1/posts: "Threads carousels support up to 10 images"',
            "threads.max_videos": 'Threads guide, "Video Requirements": max 1 video per post',
            "threads.no_mixed_media": 'POST /v1/posts: "no videos in carousels; '
            'single posts support one image or video"',
            "threads.media_type": "Threads guide: images, GIFs and videos only",
            "threads.media_format": "Threads guide: JPEG, PNG, WebP, GIF; MP4, MOV",
            "threads.max_image_bytes": 'Threads guide, "Image Requirements" / "GIF Support": 8 MB',
            "threads.max_video_bytes": 'Threads guide, "Video Requirements": max file size 1 GB',
        }
    )
    options = ThreadsOptions
    threads = True
    text_fix = THREAD_TEXT_FIX


PLATFORM = Threads()
