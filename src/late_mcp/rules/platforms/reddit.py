"""Reddit: text, link or single-image posts; a subreddit and a title."""

from __future__ import annotations

from types import MappingProxyType

from pydantic import Field

from late_mcp.rules.formats import GIF, JPEG, PNG
from late_mcp.rules.model import MB, PlatformRules
from late_mcp.rules.options import CamelOptions
from late_mcp.rules.spec import Platform


class RedditOptions(CamelOptions):
    """POST /v1/posts multi-target posting: subreddit; and the post's own title."""

    subreddit: str | None = None
    title: str | None = Field(None, max_length=300)


class Reddit(Platform):
    rules = PlatformRules(
        platform="reddit",
        name="Reddit",
        # The Reddit guide states no limit for the text or the title: not enforced.
        max_chars=None,
        max_images=1,  # Reddit guide, "Image Requirements": Max Images 1 per post
        allows_mixed_media=False,
        # Reddit guide, "Overview": "Video posts (not supported via API)"; images JPEG, PNG, GIF
        allowed_types=frozenset({"image", "gif"}),
        max_image_bytes=20 * MB,  # Reddit guide, "Image Requirements": Max File Size 20 MB (GIFs "Max 20 MB")
        gif_counts_as="image",
        allowed_formats=JPEG | PNG | GIF,
        notes=(
            "Text, link or single-image posts; videos are not supported by Reddit's API (Reddit guide).",
            "Images JPEG/PNG/GIF up to 20 MB. With a link, the content becomes the post title.",
        ),
    )
    sources = MappingProxyType(
        {
            "reddit.max_images": 'Reddit guide, "Image Requirements": max 1 image per post',
            "reddit.media_type": 'Reddit guide, "Video Limitations": no video uploads via the API',
            "reddit.media_format": "Reddit guide: JPEG, PNG, GIF",
            "reddit.max_image_bytes": 'Reddit guide, "Image Requirements" / "GIF Support": max 20 MB',
        }
    )
    options = RedditOptions


PLATFORM = Reddit()
