"""Twitter/X: 280 characters, up to 4 images or 1 video or 1 GIF alone, threads."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Any, Literal

from pydantic import Field

from late_mcp.rules.formats import GIF, JPEG, MOV, MP4, PNG, WEBP
from late_mcp.rules.model import MB, MediaKind, PlatformRules
from late_mcp.rules.options import CamelOptions, GeoRestriction, ThreadableOptions
from late_mcp.rules.spec import THREAD_TEXT_FIX, Platform, TargetCheck


class Poll(CamelOptions):
    options: list[str] = Field(min_length=2, max_length=4)
    duration_minutes: int = Field(ge=5, le=10080, alias="duration_minutes")


class SensitiveMedia(CamelOptions):
    adult_content: bool | None = None
    graphic_violence: bool | None = None
    other: bool | None = None


class TwitterOptions(ThreadableOptions):
    """TwitterPlatformData (late-sdk 1.4.1385): threads, replies, quotes, polls and the post's labels."""

    article: dict[str, Any] | None = None
    reply_to_tweet_id: str | None = None
    quote_tweet_id: str | None = None
    reply_settings: Literal["following", "mentionedUsers", "subscribers", "verified"] | None = None
    poll: Poll | None = None
    long_video: bool | None = None
    geo_restriction: GeoRestriction | None = None
    paid_partnership: bool | None = None
    made_with_ai: bool | None = None
    sensitive_media: SensitiveMedia | None = None
    media_tagged_users: list[str] | None = Field(None, max_length=10)


class Twitter(Platform):
    rules = PlatformRules(
        platform="twitter",
        name="Twitter/X",
        # The Twitter/X guide states no text limit. 280 is X's widely documented limit for standard
        # (non-Premium) accounts; enforced as such (Premium accounts may post longer).
        max_chars=280,
        max_images=4,  # Twitter/X guide, "Image Requirements": Max Images 4 per post
        max_videos=1,  # Twitter/X guide, "Video Requirements": Max Videos 1 per post
        # The Twitter/X guide is silent on images with a video; X's own media docs allow "up to 4 photos, 1 GIF
        # or 1 video" per post, and the sandbox refuses the mix too.
        allows_mixed_media=False,
        # Twitter/X guide: images, videos and GIFs; no documents.
        allowed_types=frozenset({"image", "video", "gif"}),
        # Twitter/X guide, "Image Requirements": 5 MB images, but "Late will attempt automatic compression"
        # ("Common Issues"): not enforced.
        max_image_bytes=None,
        max_video_bytes=512 * MB,  # Twitter/X guide, "Video Requirements": Max File Size 512 MB
        max_gif_bytes=15 * MB,  # Twitter/X guide, "GIF Support": Max file size 15 MB
        # Twitter/X guide, "GIF Support": Only 1 GIF per post (counts as all 4 image slots)
        gif_counts_as="image",
        # Twitter/X guide: images JPEG, PNG, WebP, GIF; videos MP4, MOV
        allowed_formats=JPEG | PNG | WEBP | GIF | MP4 | MOV,
        notes=(
            "The text limit is X's documented one for standard accounts (the Twitter/X guide gives none).",
            "A GIF goes alone: only 1 GIF per post and nothing else with it (it takes all the image slots).",
            "Images over 5 MB are compressed by Late; videos up to 140 s.",
        ),
    )
    sources = MappingProxyType(
        {
            "twitter.max_chars": "280 for standard accounts: X's documented limit (the Twitter/X guide gives none)",
            "twitter.max_images": 'Twitter/X guide, "Image Requirements": Max Images 4 per post',
            "twitter.max_videos": 'Twitter/X guide, "Video Requirements": Max Videos 1 per post',
            "twitter.no_mixed_media": "X's media docs: up to 4 photos, 1 GIF or 1 video per post (the guide is silent)",
            "twitter.gif_alone": 'Twitter/X guide, "GIF Support": only 1 GIF per post (counts as all 4 image slots)',
            "twitter.media_type": "Twitter/X guide: images, videos and GIFs only",
            "twitter.media_format": "Twitter/X guide: JPEG, PNG, WebP, GIF; MP4, MOV",
            "twitter.max_gif_bytes": 'Twitter/X guide, "GIF Support": max file size 15 MB',
            "twitter.max_video_bytes": 'Twitter/X guide, "Video Requirements": max file size 512 MB',
        }
    )
    options = TwitterOptions
    aliases = ("x", "x.com", "twitter/x")
    threads = True
    text_fix = THREAD_TEXT_FIX

    def check_media(self, check: TargetCheck, kinds: Sequence[MediaKind], field: str, where: str) -> None:
        gifs = kinds.count("gif")
        if gifs and len(kinds) > 1:
            check.add(
                "twitter.gif_alone",
                field,
                f"Twitter/X allows only 1 GIF per post and nothing else with it "
                f"(it takes all 4 image slots); {where} has {gifs} GIF{'' if gifs == 1 else 's'} and "
                f"{len(kinds) - gifs} other media. Post the GIF on its own.",
            )


PLATFORM = Twitter()
