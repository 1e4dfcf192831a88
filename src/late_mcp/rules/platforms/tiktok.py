"""TikTok: one video or up to 35 photos, never mixed; flat TikTokPlatformData; the user's consent; privacy levels
the account offers (creator-info), public only for a video unless it is a TikTok draft."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, Literal

from pydantic import Field

from late_mcp.rules.formats import JPEG, MOV, MP4, PNG, WEBM, WEBP
from late_mcp.rules.model import GB, MB, PlatformRules, TargetDraft
from late_mcp.rules.options import CamelOptions
from late_mcp.rules.spec import Platform, TargetCheck, TextLimit

_PSD = "platformSpecificData"
#: the one privacy level a video may have when it is not a TikTok draft (TikTok for Business connections)
PUBLIC = "PUBLIC_TO_EVERYONE"


class MusicSoundInfo(CamelOptions):
    music_sound_id: str
    music_sound_volume: int | None = Field(None, ge=0, le=100)
    music_sound_start: int | None = Field(None, ge=0)
    music_sound_end: int | None = Field(None, ge=0)


class TikTokOptions(CamelOptions):
    """TikTokPlatformData (late-sdk 1.4.1385): flat keys of platformSpecificData, camelCase ("Both camelCase and
    snake_case accepted"). The seeds' nested `tiktokSettings` object is not part of it: given here, it is read as
    the flat settings (see `unwrap`)."""

    privacy_level: str | None = None
    allow_comment: bool | None = None
    allow_duet: bool | None = None
    allow_stitch: bool | None = None
    content_preview_confirmed: bool | None = None
    express_consent_given: bool | None = None
    draft: bool | None = None
    description: str | None = Field(None, max_length=4000)
    video_cover_timestamp_ms: int | None = Field(None, ge=0)
    video_cover_image_url: str | None = None
    photo_cover_index: int | None = Field(None, ge=0)
    auto_add_music: bool | None = None
    music_sound_info: MusicSoundInfo | None = None
    video_original_sound_volume: int | None = Field(None, ge=0, le=100)
    video_made_with_ai: bool | None = None
    commercial_content_type: Literal["none", "brand_organic", "brand_content"] | None = None
    brand_partner_promote: bool | None = None
    is_brand_organic_post: bool | None = None
    media_type: Literal["video", "photo"] | None = None
    location_id: str | None = None
    location_name: str | None = None
    is_ads_only: bool | None = None

    @classmethod
    def unwrap(cls, data: dict[str, Any]) -> dict[str, Any]:
        """A caller using the older nested form ({"tiktokSettings": {...}}) gets its settings read flat."""
        nested = data.get("tiktokSettings")
        if isinstance(nested, dict):
            return {**nested, **{k: v for k, v in data.items() if k != "tiktokSettings"}}
        return data


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
        # TikTokPlatformData: allowDuet and allowStitch are "required for video posts"; privacyLevel is one of the
        # account's creator-info values. The TikTok guide also requires allowComment and both consent flags.
        required_options=(
            "privacyLevel",
            "allowComment",
            "allowDuet (videos)",
            "allowStitch (videos)",
            "contentPreviewConfirmed = true",
            "expressConsentGiven = true",
        ),
        notes=(
            "Photo posts: a title longer than photo_title is cut, not refused; put longer text in "
            "platformSpecificData.description (photo_description).",
            "platformSpecificData is flat, camelCase; privacyLevel must be one the account offers "
            "(posts_validate checks it).",
            "A video is PUBLIC_TO_EVERYONE unless draft=true (sent to the creator's TikTok inbox).",
            "Videos 3 s to 10 min.",
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
            "tiktok.consent_required": "TikTok guide: contentPreviewConfirmed and expressConsentGiven must be true",
            "tiktok.settings_required": 'TikTok guide, "Required TikTok Settings"; TikTokPlatformData: allowDuet and '
            'allowStitch "required for video posts"',
            "tiktok.privacy_level": 'TikTokPlatformData.privacyLevel: "One of the values returned by the TikTok '
            'creator info API for the account"',
            "tiktok.video_public_only": 'TikTokPlatformData.privacyLevel: TikTok for Business accounts "publish '
            'videos as public only ... unless draft is true"',
            "tiktok.location_name": 'TikTokPlatformData.locationName: "Required with locationId"',
        }
    )
    publish_time = frozenset(
        {"tiktok.media_required", "tiktok.consent_required", "tiktok.settings_required", "tiktok.video_public_only"}
    )
    options = TikTokOptions
    text_what = "TikTok video captions"
    media_needed = "a video or up to 35 photos"

    def variant(self, check: TargetCheck) -> str:
        override = check.opts.get("mediaType")  # TikTokPlatformData.mediaType: an optional override
        if override in ("video", "photo"):
            return str(override)
        kinds = {m.type for m in check.t.media}
        return "photo" if kinds and "video" not in kinds else "video"

    def text_limit(self, check: TargetCheck, has_media: bool) -> TextLimit | None:
        if check.variant == "photo":
            return None  # TikTok guide: photo titles are auto-truncated to 90 characters, not refused
        return super().text_limit(check, has_media)

    def check_options(self, check: TargetCheck) -> None:
        s = check.opts
        description = s.get("description")
        limit = self.rules.max_chars_by_type["photo_description"]
        if isinstance(description, str) and len(description) > limit:
            check.add(
                "tiktok.max_description_chars",
                f"{_PSD}.description",
                f"TikTok descriptions can be at most {limit} characters; this one has {len(description)}. Shorten it.",
            )
        if s.get("locationId") and not s.get("locationName"):
            check.add(
                "tiktok.location_name",
                f"{_PSD}.locationName",
                "TikTok needs locationName with locationId (the name listed next to the location's id).",
            )
        self._privacy(check)
        needed = ["privacyLevel", "allowComment"]
        if check.variant == "video":
            needed += ["allowDuet", "allowStitch"]
        missing = [f for f in needed if s.get(f) is None or (f == "privacyLevel" and not str(s.get(f)).strip())]
        if missing:
            check.add(
                "tiktok.settings_required",
                _PSD,
                f"TikTok requires {', '.join(missing)} in {_PSD} "
                f"(the {'video' if check.variant == 'video' else 'photo'} post is refused without them). "
                f"Ask the user for each; privacyLevel is one of {_levels(check.t)}, never guessed.",
            )
        unconfirmed = [f for f in ("contentPreviewConfirmed", "expressConsentGiven") if s.get(f) is not True]
        if unconfirmed:
            check.add(
                "tiktok.consent_required",
                _PSD,
                f"TikTok requires the user's consent: {' and '.join(unconfirmed)} must be true in {_PSD}. Show "
                "the user the post, ask for their consent, and set them only if they agree.",
            )

    def _privacy(self, check: TargetCheck) -> None:
        """privacyLevel against what the account offers (creator-info), and public only for a video unless it is
        a TikTok draft."""
        level = check.opts.get("privacyLevel")
        if not isinstance(level, str) or not level.strip():
            return
        offered = check.t.offered.get("privacyLevel")
        if offered and level not in offered:
            check.add(
                "tiktok.privacy_level",
                f"{_PSD}.privacyLevel",
                f"This TikTok account does not offer privacyLevel {level!r}; it offers {', '.join(offered)}. "
                "Ask the user which one.",
            )
        elif check.variant == "video" and level != PUBLIC and check.opts.get("draft") is not True:
            check.add(
                "tiktok.video_public_only",
                f"{_PSD}.privacyLevel",
                f"TikTok publishes videos as {PUBLIC} only (TikTok for Business); {level} is refused. Use {PUBLIC}, "
                "or draft=true to send the video to the creator's TikTok inbox.",
            )


def _levels(target: TargetDraft) -> str:
    offered = target.offered.get("privacyLevel")
    return ", ".join(offered) if offered else "a level the account offers (its TikTok creator info)"


PLATFORM = TikTok()
