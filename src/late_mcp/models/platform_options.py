"""Typed `platformSpecificData` per platform, from the seed's "Platform Settings" section and guides.

The model sends options as a plain object (camelCase as in the API docs, or snake_case); they are
validated here, so an unknown option, a wrong type or a value out of range is refused locally with
the platform and field named, and dumped back in the API's own spelling.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.alias_generators import to_camel

from ..errors import InputError


class _Options(BaseModel):
    """Options for one platform: unknown keys are errors (a typo must not be silently dropped)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, alias_generator=to_camel)

    def to_api(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True, mode="json")


class ThreadItem(_Options):
    """One post of a thread (X, Threads, Bluesky): the first item is the root."""

    content: str = Field(min_length=1)
    media_items: list[dict[str, Any]] | None = None


class _Threadable(_Options):
    # Seed "Platform Settings" > Twitter/X and Threads: threadItems[].content / .mediaItems.
    thread_items: list[ThreadItem] | None = Field(None, min_length=1)


class TwitterOptions(_Threadable):
    pass


class ThreadsOptions(_Threadable):
    pass


class BlueskyOptions(_Threadable):
    # The Bluesky section lists no platformSpecificData; the issue asks for threads on it too.
    pass


class FacebookOptions(_Options):
    # Seed "Platform Settings" > Facebook; Facebook guide: Pages, Stories, Reels.
    content_type: Literal["story", "reel"] | None = None
    first_comment: str | None = None
    page_id: str | None = None


class UserTag(_Options):
    username: str = Field(min_length=1)
    x: float = Field(ge=0.0, le=1.0)
    y: float = Field(ge=0.0, le=1.0)


class TrialParams(_Options):
    graduation_strategy: Literal["MANUAL", "SS_PERFORMANCE"]


class InstagramOptions(_Options):
    # Seed "Platform Settings" > Instagram; Instagram guide "Trial Reels", "audioName".
    content_type: Literal["story", "reels"] | None = None
    share_to_feed: bool | None = None
    collaborators: list[str] | None = Field(None, max_length=3)
    first_comment: str | None = None
    trial_params: TrialParams | None = None
    user_tags: list[UserTag] | None = None
    audio_name: str | None = None
    # Changelog (seed 003): the Reel cover frame, in milliseconds from the start.
    thumb_offset: int | None = Field(None, ge=0)


class LinkedInOptions(_Options):
    # Seed "Platform Settings" > LinkedIn; multi-organization posting (seed 001): organizationUrn.
    first_comment: str | None = None
    disable_link_preview: bool | None = None
    organization_urn: str | None = None


class PinterestOptions(_Options):
    # Seed "Platform Settings" > Pinterest: title max 100 chars, boardId, link, cover.
    title: str | None = Field(None, max_length=100)
    board_id: str | None = None
    link: str | None = None
    cover_image_url: str | None = None
    cover_image_key_frame_time: int | None = Field(None, ge=0)


class YouTubeOptions(_Options):
    # Seed "Platform Settings" > YouTube: title ≤ 100, visibility, firstComment ≤ 10,000, tags, AI flag.
    title: str | None = Field(None, max_length=100)
    visibility: Literal["public", "private", "unlisted"] | None = None
    first_comment: str | None = Field(None, max_length=10_000)
    tags: list[str] | None = None
    contains_synthetic_media: bool | None = None

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str] | None) -> list[str] | None:
        # "Each tag must be ≤ 100 characters; combined total ≤ 500 characters (YouTube's limit)".
        if tags is None:
            return None
        if any(len(t) > 100 for t in tags):
            raise ValueError("each tag must be at most 100 characters")
        if sum(len(t) for t in tags) > 500:
            raise ValueError("all tags together must be at most 500 characters")
        return list(dict.fromkeys(tags))


class TikTokOptions(BaseModel):
    """Seed "Platform Settings" > TikTok: sent nested as platformSpecificData.tiktokSettings (snake_case)."""

    model_config = ConfigDict(extra="forbid")

    privacy_level: str | None = Field(None, validation_alias=AliasChoices("privacy_level", "privacyLevel"))
    allow_comment: bool | None = Field(None, validation_alias=AliasChoices("allow_comment", "allowComment"))
    allow_duet: bool | None = Field(None, validation_alias=AliasChoices("allow_duet", "allowDuet"))
    allow_stitch: bool | None = Field(None, validation_alias=AliasChoices("allow_stitch", "allowStitch"))
    content_preview_confirmed: bool | None = Field(
        None, validation_alias=AliasChoices("content_preview_confirmed", "contentPreviewConfirmed")
    )
    express_consent_given: bool | None = Field(
        None, validation_alias=AliasChoices("express_consent_given", "expressConsentGiven")
    )
    draft: bool | None = None
    description: str | None = Field(None, max_length=4000)
    video_cover_timestamp_ms: int | None = Field(
        None, ge=0, validation_alias=AliasChoices("video_cover_timestamp_ms", "videoCoverTimestampMs")
    )
    photo_cover_index: int | None = Field(
        None, ge=0, validation_alias=AliasChoices("photo_cover_index", "photoCoverIndex")
    )
    auto_add_music: bool | None = Field(None, validation_alias=AliasChoices("auto_add_music", "autoAddMusic"))
    video_made_with_ai: bool | None = Field(
        None, validation_alias=AliasChoices("video_made_with_ai", "videoMadeWithAi")
    )
    commercial_content_type: Literal["none", "brand_organic", "brand_content"] | None = Field(
        None, validation_alias=AliasChoices("commercial_content_type", "commercialContentType")
    )
    brand_partner_promote: bool | None = Field(
        None, validation_alias=AliasChoices("brand_partner_promote", "brandPartnerPromote")
    )
    is_brand_organic_post: bool | None = Field(
        None, validation_alias=AliasChoices("is_brand_organic_post", "isBrandOrganicPost")
    )
    media_type: Literal["video", "photo"] | None = Field(None, validation_alias=AliasChoices("media_type", "mediaType"))

    def to_api(self) -> dict[str, Any]:
        return {"tiktokSettings": self.model_dump(exclude_none=True, mode="json")}


class CallToAction(_Options):
    type: Literal["LEARN_MORE", "BOOK", "ORDER", "SHOP", "SIGN_UP", "CALL"]
    url: str | None = None


class GoogleBusinessOptions(_Options):
    # Seed "Platform Settings" > Google Business Profile; multi-location posting (seed 001): locationId.
    call_to_action: CallToAction | None = None
    location_id: str | None = None


class TelegramOptions(_Options):
    # Seed "Platform Settings" > Telegram.
    parse_mode: Literal["HTML", "Markdown", "MarkdownV2"] | None = None
    disable_web_page_preview: bool | None = None
    disable_notification: bool | None = None
    protect_content: bool | None = None


class RedditOptions(_Options):
    # Seed 001 multi-target posting: subreddit; the issue asks for a per-post title too.
    subreddit: str | None = None
    title: str | None = Field(None, max_length=300)


class SnapchatOptions(_Options):
    # Seed "Platform Settings" > Snapchat.
    content_type: Literal["story", "saved_story", "spotlight"] | None = None


OPTIONS: dict[str, type[BaseModel]] = {
    "twitter": TwitterOptions,
    "threads": ThreadsOptions,
    "bluesky": BlueskyOptions,
    "facebook": FacebookOptions,
    "instagram": InstagramOptions,
    "linkedin": LinkedInOptions,
    "pinterest": PinterestOptions,
    "youtube": YouTubeOptions,
    "tiktok": TikTokOptions,
    "googlebusiness": GoogleBusinessOptions,
    "telegram": TelegramOptions,
    "reddit": RedditOptions,
    "snapchat": SnapchatOptions,
}


def option_names(platform: str) -> list[str]:
    model = OPTIONS[platform]
    if model is TikTokOptions:
        return list(model.model_fields)
    return [to_camel(name) for name in model.model_fields]


def parse_options(platform: str, raw: dict[str, Any]) -> dict[str, Any]:
    """Validate one platform's options and return them as the API's platformSpecificData."""
    model = OPTIONS[platform]
    data = dict(raw)
    if model is TikTokOptions and isinstance(data.get("tiktokSettings"), dict) and len(data) == 1:
        data = dict(data["tiktokSettings"])
    try:
        parsed = model.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False, include_input=False):
            where = ".".join(str(p) for p in err["loc"]) or "options"
            if err["type"] == "extra_forbidden":
                problems.append(f"{where} is not a {platform} option (known: {', '.join(option_names(platform))})")
            else:
                problems.append(f"{where}: {err['msg']}")
        raise InputError(f"{platform} options: " + "; ".join(problems) + ".") from None
    result: dict[str, Any] = parsed.to_api()  # type: ignore[attr-defined]
    return result
