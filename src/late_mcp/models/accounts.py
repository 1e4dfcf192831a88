"""Connected social accounts: the API's shape and what the tools return."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AliasChoices, Field, model_validator

from ._base import APIDateTime, APIModel, RefId, Result, WithProfileName, id_field


class Account(WithProfileName):
    id: str = id_field()
    platform: str
    username: str | None = None
    display_name: str | None = Field(None, alias="displayName")
    profile_id: RefId = Field(None, alias="profileId")
    profile_name: str | None = None
    profile_url: str | None = Field(None, alias="profileUrl")
    is_active: bool = Field(True, validation_alias=AliasChoices("isActive", "is_active"))
    #: SocialAccount.enabled: false means it "cannot be posted to (ACCOUNT_NOT_ENABLED_FOR_POSTING)"
    enabled: bool | None = None
    #: SocialAccount.needsReconnection; also set from GET /v1/accounts/health where that answers
    needs_reconnect: bool = Field(False, validation_alias=AliasChoices("needsReconnection", "needs_reconnect"))
    #: SocialAccount.rateLimitedUntil: the end of its publishing cooldown (in the past: over)
    rate_limited_until: APIDateTime = Field(None, alias="rateLimitedUntil")


class CreatorInfo(APIModel):
    """GET /v1/accounts/{id}/tiktok/creator-info: what the TikTok account offers. The SDK documents no response
    model; TikTok's own creator_info names are read in either spelling, at the root or under `creatorInfo`."""

    privacy_levels: list[str] = Field(
        default_factory=list,
        validation_alias=AliasChoices("privacyLevelOptions", "privacy_level_options", "privacyLevels"),
    )
    max_video_seconds: int | None = Field(
        None, validation_alias=AliasChoices("maxVideoPostDurationSec", "max_video_post_duration_sec")
    )
    comment_disabled: bool | None = Field(None, validation_alias=AliasChoices("commentDisabled", "comment_disabled"))
    duet_disabled: bool | None = Field(None, validation_alias=AliasChoices("duetDisabled", "duet_disabled"))
    stitch_disabled: bool | None = Field(None, validation_alias=AliasChoices("stitchDisabled", "stitch_disabled"))

    @model_validator(mode="before")
    @classmethod
    def _nested(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("creatorInfo", "creator_info", "data"):
                if isinstance(data.get(key), dict):
                    return {**data, **data[key]}
        return data


class AccountHealth(APIModel):
    account_id: str = Field(alias="accountId")
    platform: str
    username: str | None = None
    status: str | None = None
    can_post: bool | None = Field(None, alias="canPost")
    needs_reconnect: bool | None = Field(None, alias="needsReconnect")
    issues: list[str] = Field(default_factory=list)


class AccountOut(Result):
    id: str
    platform: str
    username: str | None = None
    display_name: str | None = None
    profile_id: str | None = None
    profile_name: str | None = None
    active: bool
    needs_reconnect: bool = Field(False, description="True: it cannot post until reconnected at getlate.dev")
    cooling_down_until: datetime | None = Field(None, description="Posts to it are refused until then (not drafts)")

    @classmethod
    def of(cls, account: Account, *, cooling_until: datetime | None = None) -> AccountOut:
        return cls.carry(account, active=account.is_active, cooling_down_until=cooling_until)


class AccountsList(Result):
    count: int
    accounts: list[AccountOut]
    note: str | None = None


class AccountMatch(Result):
    platform: str
    ambiguous: bool = Field(description="True when several accounts match: ask the user which one.")
    accounts: list[AccountOut]
    note: str | None = None


# --- account management (the `accounts` toolset) ----------------------------------------------


class AccountHealthDetail(APIModel):
    """GET /v1/accounts/{accountId}/health: token, permissions and what to do about them."""

    account_id: str = Field(alias="accountId")
    platform: str | None = None
    username: str | None = None
    status: str | None = None
    token_status: dict[str, Any] = Field(default_factory=dict, alias="tokenStatus")
    can_post: bool | None = Field(None, alias="canPost")
    can_fetch_analytics: bool | None = Field(None, alias="canFetchAnalytics")
    missing_required: list[str] = Field(default_factory=list, alias="missingRequired")
    issues: list[str] = Field(default_factory=list)
    recommendations: list[str] = Field(default_factory=list)


class AccountChange(APIModel):
    """What PUT /v1/accounts/{id}[/...] answers: a message and (mostly) the updated account."""

    message: str | None = None
    username: str | None = None
    display_name: str | None = Field(None, alias="displayName")
    account: Account | None = None


class Choice(APIModel):
    """Something an account can post to: a LinkedIn organization, a Pinterest board, a subreddit."""

    id: str | None = Field(None, validation_alias=AliasChoices("id", "_id"))
    name: str | None = None
    display_name: str | None = Field(
        None, validation_alias=AliasChoices("displayName", "localizedName", "display_name")
    )
    description: str | None = Field(None, validation_alias=AliasChoices("description", "public_description"))


class LinkedInMention(APIModel):
    urn: str
    type: str | None = None
    display_name: str | None = Field(None, alias="displayName")
    mention_format: str | None = Field(None, alias="mentionFormat")
    vanity_name: str | None = Field(None, alias="vanityName")
    warning: str | None = None


class Review(APIModel):
    id: str | None = None
    reviewer: dict[str, Any] = Field(default_factory=dict)
    rating: int | None = None
    comment: str | None = None
    create_time: APIDateTime = Field(None, alias="createTime")
    review_reply: dict[str, Any] | None = Field(None, alias="reviewReply")


class Reviews(APIModel):
    account_id: str | None = Field(None, alias="accountId")
    location_id: str | None = Field(None, alias="locationId")
    reviews: list[Review] = Field(default_factory=list)
    average_rating: float | None = Field(None, alias="averageRating")
    total_review_count: int | None = Field(None, alias="totalReviewCount")
    next_page_token: str | None = Field(None, alias="nextPageToken")


class HealthOut(Result):
    account_id: str
    platform: str | None = None
    username: str | None = None
    status: str | None = Field(None, description="healthy, warning or error")
    can_post: bool | None = None
    needs_reconnect: bool | None = None
    token_expires_at: datetime | None = None
    issues: list[str] = Field(default_factory=list)
    recommendations: list[str] = Field(default_factory=list)


class HealthReport(Result):
    total: int
    healthy: int
    warning: int
    error: int
    needs_reconnect: int
    accounts: list[HealthOut] = Field(description="The accounts with a problem (with account_id: that one)")
    cooling_down: list[str] | None = Field(None, description="Accounts in a publishing cooldown, until when")
    next_step: str | None = None


class AccountChanged(Result):
    account_id: str
    summary: str
    account: AccountOut | None = None


class ChoiceOut(Result):
    id: str
    name: str | None = None
    detail: str | None = None


class AccountChoices(Result):
    account_id: str
    platform: str
    kind: str = Field(description="pages, organizations, locations, boards or subreddits")
    choices: list[ChoiceOut]
    next_step: str


class MentionOut(Result):
    urn: str
    type: str | None = None
    display_name: str | None = None
    mention: str | None = Field(None, description="Paste this into the post text")
    warning: str | None = None

    @classmethod
    def of(cls, found: LinkedInMention) -> MentionOut:
        return cls.carry(found, mention=found.mention_format)


class ReviewOut(Result):
    id: str | None = None
    rating: int | None = None
    reviewer: str | None = None
    comment: str | None = None
    at: datetime | None = None
    reply: str | None = Field(None, description="The owner's reply, if any")


class ReviewsOut(Result):
    account_id: str
    average_rating: float | None = None
    total: int | None = None
    reviews: list[ReviewOut]
    next_page_token: str | None = None
