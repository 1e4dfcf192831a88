"""Instagram: media required, carousels of up to 10, stories, collaborators and trial reels."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Literal

from pydantic import Field

from late_mcp.rules.formats import JPEG, MOV, MP4, PNG
from late_mcp.rules.model import PlatformRules
from late_mcp.rules.options import CamelOptions
from late_mcp.rules.spec import Platform, TargetCheck


class UserTag(CamelOptions):
    """UserTag: x and y place the tag on an image; a Reel takes the username only."""

    username: str = Field(min_length=1)
    x: float | None = Field(None, ge=0.0, le=1.0)
    y: float | None = Field(None, ge=0.0, le=1.0)
    media_index: int | None = Field(None, ge=0)


class TrialParams(CamelOptions):
    graduation_strategy: Literal["MANUAL", "SS_PERFORMANCE"] | None = None


class AudioConfiguration(CamelOptions):
    audio_id: str
    audio_volume: int | None = Field(None, ge=0, le=100)
    video_volume: int | None = Field(None, ge=0, le=100)


class InstagramOptions(CamelOptions):
    """InstagramPlatformData (late-sdk 1.4.1385). contentType is "story" only: "Default posts become Reels or feed
    depending on media" (a single video is a Reel)."""

    content_type: Literal["story"] | None = None
    share_to_feed: bool | None = None
    collaborators: list[str] | None = Field(None, max_length=3)
    first_comment: str | None = None
    trial_params: TrialParams | None = None
    user_tags: list[UserTag] | None = None
    audio_name: str | None = None
    audio_configuration: AudioConfiguration | None = None
    mute_audio: bool | None = None
    # Late API changelog: the Reel cover frame, in milliseconds from the start.
    thumb_offset: int | None = Field(None, ge=0)
    instagram_thumbnail: str | None = None
    reel_cover: str | None = None
    is_ai_generated: bool | None = None
    is_paid_partnership: bool | None = None
    branded_content_sponsors: list[str] | None = Field(None, max_length=2)
    comments_enabled: bool | None = None
    location_id: str | None = Field(None, pattern=r"^[0-9]+$")


class Instagram(Platform):
    rules = PlatformRules(
        platform="instagram",
        name="Instagram",
        # The Instagram guide states no caption limit; the official SDK (late-sdk 1.4.1385) gives Instagram 2200
        # (CrossPosterPipeline.CHAR_LIMITS), Instagram's own caption limit.
        max_chars=2200,
        # Instagram guide: "Instagram requires media for all posts. Text-only posts are not supported."
        media_required=True,
        # Instagram guide, "Carousel Posts": "Mix of images and videos is allowed"
        allows_mixed_media=True,
        # Instagram guide: images (JPEG, PNG) and videos (MP4, MOV); no GIFs, no documents.
        allowed_types=frozenset({"image", "video"}),
        # Instagram guide, "Automatic Compression": images > 8 MB and videos > 300 MB (Stories 100 MB) are
        # auto-compressed: not enforced.
        max_image_bytes=None,
        max_video_bytes=None,
        # POST /v1/posts: "Instagram carousels support up to 10 items" (Instagram guide "Carousel": up to 10)
        max_media_items=10,
        allowed_formats=JPEG | PNG | MP4 | MOV,
        notes=(
            "Story (contentType 'story', the only content type): one image or video, caption not shown.",
            "Without contentType a single video is a Reel; images or several items a feed post or carousel.",
            "Images over 8 MB (videos over 300 MB, stories 100 MB) are auto-compressed by Late.",
            "Feed aspect ratio 0.8 to 1.91; 9:16 must be a story. Up to 3 collaborators.",
        ),
    )
    sources = MappingProxyType(
        {
            "instagram.max_chars": "Late SDK, CrossPosterPipeline.CHAR_LIMITS: Instagram 2200 (the guide gives none)",
            "instagram.media_required": 'Instagram guide: "Instagram requires media for all posts"',
            "instagram.max_media_items": 'POST /v1/posts: "Instagram carousels support up to 10 items"',
            "instagram.story_single_media": 'Instagram guide, "Image Requirements": Story max 1',
            "instagram.media_type": "Instagram guide: images and videos only",
            "instagram.media_format": "Instagram guide: JPEG, PNG; MP4, MOV",
            "instagram.max_collaborators": 'Instagram guide, "Collaborators": up to 3',
            "instagram.trial_reels_video_only": 'Instagram guide, "Trial Reels": video posts (Reels) only',
        }
    )
    publish_time = frozenset({"instagram.media_required"})
    options = InstagramOptions
    aliases = ("ig", "insta")
    media_needed = "an image or a video (Instagram has no text-only posts)"

    def variant(self, check: TargetCheck) -> str:
        # InstagramPlatformData.contentType: "story" is its only value.
        return "story" if check.opts.get("contentType") == "story" else "feed"

    def media_cap(self, check: TargetCheck) -> tuple[int | None, str, str]:
        return self.story_cap(check)

    def check_options(self, check: TargetCheck) -> None:
        o = check.opts
        collaborators = o.get("collaborators")
        if isinstance(collaborators, Sequence) and not isinstance(collaborators, str) and len(collaborators) > 3:
            check.add(
                "instagram.max_collaborators",
                "platformSpecificData.collaborators",
                "Instagram allows up to 3 "
                f"collaborators; this post invites {len(collaborators)}. Remove {len(collaborators) - 3}.",
            )
        if o.get("trialParams") is not None:
            media = check.t.media
            if check.variant == "story" or len(media) > 1 or any(m.type != "video" for m in media):
                check.add(
                    "instagram.trial_reels_video_only",
                    "platformSpecificData.trialParams",
                    "Instagram trial "
                    "reels apply only to a single video (a Reel), not to images, carousels or stories. Remove "
                    "trialParams, or post one video.",
                )


PLATFORM = Instagram()
