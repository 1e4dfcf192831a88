"""Checks of ``platformSpecificData``: each platform's documented options, their types, enums and ranges.

The API docs' "Platform Settings" page documents each platform's options with their types and enums; these checks
refuse a documented option with the wrong type or a value outside its enum or range. Keys the docs do not list are
ignored, as a JSON API that does not document strictness would. Where an option names something the connection
owns (a Page, an organization, a location, a board, a TikTok privacy level) it must be one the account has.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from late_mcp.sandbox import targets
from late_mcp.sandbox.errors import ApiError
from late_mcp.sandbox.post_target import Target, invalid, media_type
from late_mcp.sandbox.store import Doc

# "Title | 100 characters" (YouTube guide); Pinterest "title ... max 100 chars" (Platform Settings, Pinterest).
YOUTUBE_TITLE_LIMIT = 100
PINTEREST_TITLE_LIMIT = 100

_PSD = "platformSpecificData"
# FacebookPlatformData.contentType: "story" | "reel".
FACEBOOK_CONTENT_TYPES = ("story", "reel")
# InstagramPlatformData.contentType: "story" only ("Set to 'story' to publish as a Story. Default posts become Reels
# or feed depending on media").
INSTAGRAM_CONTENT_TYPES = ("story",)
INSTAGRAM_COLLABORATORS = 3  # "Up to 3 usernames to invite as collaborators"
GRADUATION_STRATEGIES = ("MANUAL", "SS_PERFORMANCE")
YOUTUBE_VISIBILITY = ("public", "private", "unlisted")
YOUTUBE_FIRST_COMMENT_LIMIT = 10_000  # "Auto-post a first comment (max 10,000 chars)"
TIKTOK_DESCRIPTION_LIMIT = 4000  # "Long-form description for photo posts (max 4000 chars)"
TIKTOK_COMMERCIAL = ("none", "brand_organic", "brand_content")
TIKTOK_MEDIA_TYPES = ("video", "photo")
CALL_TO_ACTION_TYPES = ("LEARN_MORE", "BOOK", "ORDER", "SHOP", "SIGN_UP", "CALL")
GBP_TOPIC_TYPES = ("STANDARD", "EVENT", "OFFER")
TIKTOK_PUBLIC = "PUBLIC_TO_EVERYONE"
TELEGRAM_PARSE_MODES = ("HTML", "Markdown", "MarkdownV2")
SNAPCHAT_CONTENT_TYPES = ("story", "saved_story", "spotlight")
REDDIT_TITLE_LIMIT = 300  # Reddit's own title limit (not stated in the docs)
_SUBREDDIT = re.compile(r"^(?:/?r/)?[A-Za-z0-9][A-Za-z0-9_]{1,20}$")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


class _Options:
    """Typed access to one target's options; every failure names the platform and the field."""

    def __init__(self, platform: str, data: dict[str, Any], prefix: str, *, snake_too: bool = False) -> None:
        self.platform = platform
        self.data = data
        self.prefix = prefix
        # TikTokPlatformData: "Both camelCase and snake_case accepted"
        self.snake_too = snake_too

    def where(self, key: str) -> str:
        return f"{self.prefix}.{key}"

    def fail(self, key: str, message: str, **details: Any) -> ApiError:
        return invalid(self.platform, f"{self.where(key)} {message}", field=self.where(key), **details)

    def get(self, key: str) -> Any:
        """The option's value; None when it is absent or null (the docs treat both as "not given")."""
        value = self.data.get(key)
        if value is None and self.snake_too:
            value = self.data.get(re.sub(r"(?<!^)([A-Z])", r"_\1", key).lower())
        return value

    def _checked(self, key: str, ok: Callable[[Any], bool], message: str) -> Any:
        """The option's value (None when not given); 400 with ``message`` when ``ok`` refuses it."""
        value = self.get(key)
        if value is not None and not ok(value):
            raise self.fail(key, message)
        return value

    def string(self, key: str, *, limit: int | None = None) -> str | None:
        value: str | None = self._checked(key, lambda v: isinstance(v, str), "must be a string")
        if value is not None and limit is not None and len(value) > limit:
            raise self.fail(key, f"is limited to {limit} characters (got {len(value)})", limit=limit, length=len(value))
        return value

    def boolean(self, key: str) -> bool | None:
        value: bool | None = self._checked(key, lambda v: isinstance(v, bool), "must be true or false")
        return value

    def integer(self, key: str, *, minimum: int = 0) -> int | None:
        value: int | None = self._checked(key, _is_int, "must be an integer")
        if value is not None and value < minimum:
            raise self.fail(key, f"must be at least {minimum}", minimum=minimum)
        return value

    def number(self, key: str, low: float, high: float) -> float:
        value = self.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(key, f"must be a number from {low} to {high}")
        if not low <= value <= high:
            raise self.fail(key, f"must be between {low} and {high} (got {value})", minimum=low, maximum=high)
        return float(value)

    def enum(self, key: str, allowed: tuple[str, ...]) -> str | None:
        value = self.get(key)
        if value is None:
            return None
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)} (got {value!r})", allowed=list(allowed))
        return str(value)

    def uri(self, key: str) -> str | None:
        value = self.string(key)
        if value is not None and not re.match(r"^https?://[^\s/]+\S*$", value):
            raise self.fail(key, "must be an http(s) URL")
        return value

    def strings(self, key: str, *, max_items: int | None = None) -> list[str] | None:
        value: list[str] | None = self._checked(key, _is_str_list, "must be an array of strings")
        if value is not None and max_items is not None and len(value) > max_items:
            raise self.fail(key, f"takes at most {max_items} entries (got {len(value)})", limit=max_items)
        return None if value is None else list(value)

    def obj(self, key: str) -> _Options | None:
        value = self._checked(key, lambda v: isinstance(v, dict), "must be an object")
        return None if value is None else _Options(self.platform, value, self.where(key))

    def owned(self, key: str, allowed: list[str], what: str) -> None:
        """A string option that, when given, names one of the account's own ``what`` (Pages, locations...)."""
        value = self.string(key)
        if value is not None:
            self.one_of(key, value, allowed, what)

    def one_of(self, key: str, value: str, allowed: list[str], what: str) -> None:
        if value not in allowed:
            raise self.fail(
                key,
                f"{value!r} is not one of this account's {what} ({targets.describe(allowed)})",
                allowed=allowed,
            )


def validate_specific(target: Target, account: Doc | None, *, draft: bool) -> None:
    """Check ``platformSpecificData`` of one target against Platform Settings and the account's own lists."""
    platform = target.platform
    opts = _Options(platform, target.specific, _PSD)
    has_video = any(media_type(m) == "video" for m in target.media)
    if platform == "facebook":
        opts.enum("contentType", FACEBOOK_CONTENT_TYPES)
        opts.string("firstComment")
        opts.owned("pageId", targets.page_ids(account), "Facebook Pages")
    elif platform == "instagram":
        opts.enum("contentType", INSTAGRAM_CONTENT_TYPES)
        opts.boolean("shareToFeed")
        opts.strings("collaborators", max_items=INSTAGRAM_COLLABORATORS)
        opts.string("firstComment")
        opts.string("audioName")
        # The API changelog: "thumbOffset: integer, minimum 0 (milliseconds)", the Reel cover frame.
        opts.integer("thumbOffset")
        trial = opts.obj("trialParams")
        if trial is not None:
            if trial.enum("graduationStrategy", GRADUATION_STRATEGIES) is None:
                raise trial.fail("graduationStrategy", f"is required ({', '.join(GRADUATION_STRATEGIES)})")
            if target.media and not has_video:
                # Instagram guide: "Trial Reels only apply to video posts (Reels)".
                raise opts.fail("trialParams", "applies to Reels only (a video post)")
        tags = opts.get("userTags")
        if tags is not None:
            if not isinstance(tags, list):
                raise opts.fail("userTags", "must be an array of {username, x, y}")
            for index, tag in enumerate(tags):
                if not isinstance(tag, dict):
                    raise opts.fail(f"userTags[{index}]", "must be an object with username, x and y")
                tag_opts = _Options(platform, tag, opts.where(f"userTags[{index}]"))
                if not (tag_opts.string("username") or "").lstrip("@"):
                    raise tag_opts.fail("username", "is required")
                # UserTag: x and y are optional (Reels take a username only), mediaIndex >= 0.
                for axis in ("x", "y"):
                    if tag_opts.get(axis) is not None:
                        tag_opts.number(axis, 0.0, 1.0)
                tag_opts.integer("mediaIndex")
        for key in ("muteAudio", "isAiGenerated", "isPaidPartnership", "commentsEnabled"):
            opts.boolean(key)
        opts.strings("brandedContentSponsors", max_items=2)
        opts.uri("instagramThumbnail")
        opts.uri("reelCover")
        location = opts.string("locationId")
        if location is not None and not location.isdigit():
            raise opts.fail("locationId", "must be a numeric Facebook Page id")
    elif platform == "linkedin":
        opts.string("firstComment")
        opts.boolean("disableLinkPreview")
        opts.owned("organizationUrn", targets.organization_urns(account), "LinkedIn organizations")
    elif platform == "pinterest":
        opts.string("title", limit=PINTEREST_TITLE_LIMIT)
        opts.uri("link")
        opts.uri("coverImageUrl")
        opts.integer("coverImageKeyFrameTime")
        board = opts.string("boardId")
        if board is not None and board.strip():
            opts.one_of("boardId", board, targets.board_ids(account), "Pinterest boards")
    elif platform == "youtube":
        opts.string("title", limit=YOUTUBE_TITLE_LIMIT)
        opts.enum("visibility", YOUTUBE_VISIBILITY)
        opts.string("firstComment", limit=YOUTUBE_FIRST_COMMENT_LIMIT)
        # YouTubePlatformData has no tags: they are the post's root `tags` (an unknown key here is ignored).
        for key in ("containsSyntheticMedia", "madeForKids", "notifySubscribers"):
            opts.boolean(key)
        opts.string("categoryId")
        opts.string("playlistId")
    elif platform == "tiktok":
        _validate_tiktok(opts, account, draft=draft, has_video=has_video)
    elif platform == "googlebusiness":
        cta = opts.obj("callToAction")
        if cta is not None:
            if cta.enum("type", CALL_TO_ACTION_TYPES) is None:
                raise cta.fail("type", f"is required ({', '.join(CALL_TO_ACTION_TYPES)})")
            # GoogleBusinessPlatformData.callToAction: type and url are both required.
            if cta.uri("url") is None:
                raise cta.fail("url", "is required")
        opts.enum("topicType", GBP_TOPIC_TYPES)
        opts.string("languageCode")
        opts.obj("event")
        opts.obj("offer")
        opts.owned("locationId", targets.location_ids(account), "Google Business locations")
    elif platform == "telegram":
        opts.enum("parseMode", TELEGRAM_PARSE_MODES)
        for key in ("disableWebPagePreview", "disableNotification", "protectContent"):
            opts.boolean(key)
    elif platform == "snapchat":
        opts.enum("contentType", SNAPCHAT_CONTENT_TYPES)
    elif platform == "reddit":
        subreddit = opts.string("subreddit")
        if subreddit is not None and not _SUBREDDIT.match(subreddit):
            raise opts.fail("subreddit", f"is not a subreddit name (got {subreddit!r})")
        opts.string("title", limit=REDDIT_TITLE_LIMIT)


def _validate_tiktok(opts: _Options, account: Doc | None, *, draft: bool, has_video: bool) -> None:
    """TikTokPlatformData: flat keys of platformSpecificData, camelCase or snake_case. privacyLevel is "One of the
    values returned by the TikTok creator info API for the account"; connections through the TikTok for Business
    app (every connection today) "publish videos as public only: a non-public value on a video post is rejected
    at creation unless draft is true". allowDuet and allowStitch are "required for video posts"; privacyLevel,
    allowComment and the two consent flags (contentPreviewConfirmed, expressConsentGiven) are required as the
    TikTok guide states. A draft post may leave the required settings for later."""
    tiktok = _Options(opts.platform, opts.data, _PSD, snake_too=True)
    level = tiktok.string("privacyLevel")
    for key in (
        "allowComment",
        "allowDuet",
        "allowStitch",
        "contentPreviewConfirmed",
        "expressConsentGiven",
        "draft",
        "autoAddMusic",
        "videoMadeWithAi",
        "brandPartnerPromote",
        "isBrandOrganicPost",
        "isAdsOnly",
    ):
        tiktok.boolean(key)
    tiktok.string("description", limit=TIKTOK_DESCRIPTION_LIMIT)
    tiktok.integer("videoCoverTimestampMs")
    tiktok.integer("photoCoverIndex")
    tiktok.uri("videoCoverImageUrl")
    tiktok.enum("commercialContentType", TIKTOK_COMMERCIAL)
    tiktok.enum("mediaType", TIKTOK_MEDIA_TYPES)
    music = tiktok.obj("musicSoundInfo")
    if music is not None and not music.string("musicSoundId"):
        raise music.fail("musicSoundId", "is required")
    if tiktok.get("videoOriginalSoundVolume") is not None:
        tiktok.number("videoOriginalSoundVolume", 0, 100)
    if tiktok.string("locationId") and not tiktok.string("locationName"):
        raise tiktok.fail("locationName", "is required with locationId")
    tiktok_draft = tiktok.get("draft") is True
    if level is not None:
        tiktok.one_of("privacyLevel", level, targets.privacy_levels(account), "TikTok privacy levels")
        if has_video and level != TIKTOK_PUBLIC and not tiktok_draft and not draft:
            raise tiktok.fail(
                "privacyLevel",
                f"must be {TIKTOK_PUBLIC} for a video (TikTok for Business accounts publish videos as public only; "
                "set draft to send it to the creator's inbox instead)",
                allowed=[TIKTOK_PUBLIC],
            )
    if draft:
        return
    missing = [key for key in ("privacyLevel", "allowComment") if tiktok.get(key) is None]
    if has_video:
        missing += [key for key in ("allowDuet", "allowStitch") if tiktok.get(key) is None]
    if missing:
        raise invalid(
            opts.platform,
            f"TikTok requires {', '.join(f'{_PSD}.{key}' for key in missing)}",
            field=f"{_PSD}.{missing[0]}",
            missing=missing,
        )
    unconfirmed = [key for key in ("contentPreviewConfirmed", "expressConsentGiven") if tiktok.get(key) is not True]
    if unconfirmed:
        raise invalid(
            opts.platform,
            "TikTok posts require the user's consent: "
            + " and ".join(f"{_PSD}.{key}" for key in unconfirmed)
            + " must be true",
            field=f"{_PSD}.{unconfirmed[0]}",
            missing=unconfirmed,
        )
