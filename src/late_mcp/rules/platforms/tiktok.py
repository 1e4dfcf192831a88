"""TikTok: one video or up to 35 photos, never mixed; settings nested in tiktokSettings; the user's consent."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from pydantic import AliasChoices, AliasGenerator, ConfigDict, Field
from pydantic.alias_generators import to_camel

from late_mcp.rules.formats import JPEG, MOV, MP4, PNG, WEBM, WEBP
from late_mcp.rules.model import GB, MB, PlatformRules
from late_mcp.rules.options import PlatformOptions
from late_mcp.rules.spec import Platform, TargetCheck, TextLimit

_SETTINGS = "platformSpecificData.tiktokSettings"


def _either_spelling(name: str) -> AliasChoices:
    return AliasChoices(name, to_camel(name))


class TikTokOptions(PlatformOptions):
    """Platform Settings, TikTok: sent nested as platformSpecificData.tiktokSettings (snake_case; camelCase
    is accepted too)."""

    model_config = ConfigDict(extra="forbid", alias_generator=AliasGenerator(validation_alias=_either_spelling))

    privacy_level: str | None = None
    allow_comment: bool | None = None
    allow_duet: bool | None = None
    allow_stitch: bool | None = None
    content_preview_confirmed: bool | None = None
    express_consent_given: bool | None = None
    draft: bool | None = None
    description: str | None = Field(None, max_length=4000)
    video_cover_timestamp_ms: int | None = Field(None, ge=0)
    photo_cover_index: int | None = Field(None, ge=0)
    auto_add_music: bool | None = None
    video_made_with_ai: bool | None = None
    commercial_content_type: Literal["none", "brand_organic", "brand_content"] | None = None
    brand_partner_promote: bool | None = None
    is_brand_organic_post: bool | None = None
    media_type: Literal["video", "photo"] | None = None

    @classmethod
    def unwrap(cls, data: dict[str, Any]) -> dict[str, Any]:
        """The settings may come bare or already nested as {"tiktokSettings": {...}}."""
        if isinstance(data.get("tiktokSettings"), dict) and len(data) == 1:
            return dict(data["tiktokSettings"])
        return data

    def to_api(self) -> dict[str, Any]:
        return {"tiktokSettings": self.model_dump(exclude_none=True, mode="json")}


class TikTok(Platform):
    rules = PlatformRules(
        platform="tiktok",
        name="TikTok",
        # TikTok guide, "Title/Caption Limits": Video 2200 chars (full content used as title).
        max_chars=2200,
        max_chars_by_type={
            "video": 2200,
            # TikTok guide: photo titles 90 chars, "Auto-truncated": not an error, not enforced.
            "photo_title": 90,
            # Platform Settings, TikTok: `description` "Long-form description for photo posts (max 4000 chars)"
            "photo_description": 4000,
        },
        # POST /v1/posts: "Instagram and TikTok require media"
        media_required=True,
        max_images=35,  # TikTok guide, "Content Types": Photo Carousel max 35
        max_videos=1,  # TikTok guide, "Content Types": Video, single video post, max 1
        # TikTok guide: "You cannot mix photos and videos in the same post."
        allows_mixed_media=False,
        # TikTok guide: photos JPEG, PNG, WebP; videos MP4, MOV, WebM. No GIFs, no documents.
        allowed_types=frozenset({"image", "video"}),
        max_image_bytes=20 * MB,  # TikTok guide, "Photo Carousel Requirements": 20 MB per image
        max_video_bytes=4 * GB,  # TikTok guide, "Video Requirements": Max File Size 4 GB
        allowed_formats=JPEG | PNG | WEBP | MP4 | MOV | WEBM,
        # TikTok guide, "Required TikTok Settings" / Platform Settings (nested in tiktokSettings):
        # privacy_level, allow_comment (all); allow_duet, allow_stitch (videos);
        # content_preview_confirmed and express_consent_given must be true.
        required_options=(
            "tiktokSettings.privacy_level",
            "tiktokSettings.allow_comment",
            "tiktokSettings.allow_duet (videos)",
            "tiktokSettings.allow_stitch (videos)",
            "tiktokSettings.content_preview_confirmed = true",
            "tiktokSettings.express_consent_given = true",
        ),
        notes=(
            "Media required: 1 video, or a carousel of up to 35 photos; never mixed (TikTok guide).",
            "Caption up to 2200 characters for videos; photo titles are cut to 90 "
            "(use tiktokSettings.description, max 4000).",
            "Required in platformSpecificData.tiktokSettings: privacy_level (from the account's options), "
            "allow_comment, allow_duet and allow_stitch (videos), content_preview_confirmed=true, "
            "express_consent_given=true.",
            "Videos up to 4 GB, 3 s to 10 min; photos JPEG/PNG/WebP up to 20 MB.",
        ),
    )
    sources = MappingProxyType(
        {
            "tiktok.media_required": 'POST /v1/posts: "Instagram and TikTok require media"',
            "tiktok.max_chars": 'TikTok guide, "Title/Caption Limits": video 2200 chars',
            "tiktok.max_description_chars": "Platform Settings, TikTok: description max 4000 chars",
            "tiktok.max_images": 'TikTok guide, "Content Types": photo carousel max 35',
            "tiktok.max_videos": 'TikTok guide, "Content Types": video max 1',
            "tiktok.no_mixed_media": 'TikTok guide: "You cannot mix photos and videos in the same post"',
            "tiktok.media_type": "TikTok guide: photos (JPEG, PNG, WebP) and videos only",
            "tiktok.media_format": "TikTok guide: JPEG, PNG, WebP; MP4, MOV, WebM",
            "tiktok.max_image_bytes": 'TikTok guide, "Photo Carousel Requirements": 20 MB per image',
            "tiktok.max_video_bytes": 'TikTok guide, "Video Requirements": max file size 4 GB',
            "tiktok.consent_required": "TikTok guide / Platform Settings: content_preview_confirmed and "
            "express_consent_given must be true",
            "tiktok.settings_required": 'TikTok guide, "Required TikTok Settings": privacy_level, allow_comment; '
            "allow_duet, allow_stitch for videos",
        }
    )
    publish_time = frozenset({"tiktok.media_required", "tiktok.consent_required", "tiktok.settings_required"})
    options = TikTokOptions
    text_what = "TikTok video captions"
    media_needed = "a video or up to 35 photos"

    @staticmethod
    def settings(check: TargetCheck) -> Mapping[str, Any]:
        # Platform Settings, TikTok: "TikTok settings are nested inside platformSpecificData.tiktokSettings"
        settings = check.opts.get("tiktokSettings")
        return settings if isinstance(settings, Mapping) else {}

    def variant(self, check: TargetCheck) -> str:
        override = self.settings(check).get("media_type")  # Platform Settings: optional override
        if override in ("video", "photo"):
            return str(override)
        kinds = {m.type for m in check.t.media}
        return "photo" if kinds and "video" not in kinds else "video"

    def text_limit(self, check: TargetCheck, has_media: bool) -> TextLimit | None:
        if check.variant == "photo":
            return None  # TikTok guide: photo titles are auto-truncated to 90 characters, not refused
        return super().text_limit(check, has_media)

    def check_options(self, check: TargetCheck) -> None:
        s = self.settings(check)
        description = s.get("description")
        limit = self.rules.max_chars_by_type["photo_description"]
        if isinstance(description, str) and len(description) > limit:
            check.add(
                "tiktok.max_description_chars",
                f"{_SETTINGS}.description",
                f"TikTok descriptions can be at most {limit} characters; this one has {len(description)}. Shorten it.",
            )
        needed = ["privacy_level", "allow_comment"]
        if check.variant == "video":
            needed += ["allow_duet", "allow_stitch"]
        missing = [f for f in needed if s.get(f) is None or (f == "privacy_level" and not str(s.get(f)).strip())]
        if missing:
            check.add(
                "tiktok.settings_required",
                _SETTINGS,
                f"TikTok requires {', '.join(missing)} in {_SETTINGS} "
                f"(the {'video' if check.variant == 'video' else 'photo'} post is refused without them). "
                "Ask the user for each; take privacy_level from the account's allowed options, never guess.",
            )
        unconfirmed = [f for f in ("content_preview_confirmed", "express_consent_given") if s.get(f) is not True]
        if unconfirmed:
            flags = " and ".join(unconfirmed)
            check.add(
                "tiktok.consent_required",
                _SETTINGS,
                f"TikTok requires the user's consent: {flags} "
                f"must be true in {_SETTINGS}. Show the user the post, ask for their consent, and set them only "
                "if they agree.",
            )


PLATFORM = TikTok()
