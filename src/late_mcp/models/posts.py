"""Posts: the API's shape and the compact results the tools return."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BeforeValidator, Field, model_validator

from ..timeutil import iso_utc
from ._base import APIDateTime, APIModel, RefId, Result, id_field

MediaType = Literal["image", "video", "gif", "document"]


#: PUT /v1/posts/{postId}: "Draft, scheduled, failed, partial, and cancelled posts can be edited."
EDITABLE = frozenset({"draft", "scheduled", "failed", "partial", "cancelled"})


class MediaItem(APIModel):
    type: str | None = None
    url: str | None = None


class PlatformTarget(APIModel):
    platform: str
    account_id: RefId = Field(None, alias="accountId")
    account_username: str | None = None
    status: str | None = None
    platform_post_id: str | None = Field(None, alias="platformPostId")
    platform_post_url: str | None = Field(None, alias="platformPostUrl")
    error_message: str | None = Field(None, validation_alias=AliasChoices("errorMessage", "error"))
    published_at: APIDateTime = Field(None, alias="publishedAt")
    scheduled_for: APIDateTime = Field(None, alias="scheduledFor")  # a per-platform override of the post's time

    @model_validator(mode="before")
    @classmethod
    def _username(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("accountId"), dict):
            data = {**data, "account_username": data["accountId"].get("username")}
        if isinstance(data, dict) and isinstance(data.get("error"), dict):
            data = {**data, "error": data["error"].get("message")}
        return data

    @property
    def own_text(self) -> str:
        """This target's own text (`customContent`), or "" where it posts the post's shared text."""
        own = (self.model_extra or {}).get("customContent")
        return own if isinstance(own, str) else ""

    def as_sent(self, *, title: str | None = None, at: datetime | None = None) -> dict[str, Any]:
        """This target as a create or PUT body carries it: its own text, media, options and time (what is empty
        carries nothing; the API replaces `platforms` whole, so a target resent without its own time loses it);
        `title` sets the options' title (YouTube's video title), `at` its own time."""
        kept = self.model_extra or {}
        item: dict[str, Any] = {"platform": self.platform, "accountId": self.account_id}
        item.update({k: kept[k] for k in ("customContent", "customMedia") if kept.get(k)})
        options = dict(kept.get("platformSpecificData") or {})
        if title is not None:
            options["title"] = title
        if options:
            item["platformSpecificData"] = options
        own = at or self.scheduled_for
        if own is not None:
            item["scheduledFor"] = iso_utc(own)
        return item


class RecyclingState(APIModel):
    """The API's RecyclingState: the settings, and counters Late keeps (read-only)."""

    enabled: bool | None = None
    gap: int | None = None
    gap_freq: str | None = Field(None, alias="gapFreq")
    start_date: APIDateTime = Field(None, alias="startDate")
    expire_count: int | None = Field(None, alias="expireCount")
    expire_date: APIDateTime = Field(None, alias="expireDate")
    content_variations: list[str] | None = Field(None, alias="contentVariations")
    content_variation_index: int | None = Field(None, alias="contentVariationIndex")
    recycle_count: int | None = Field(None, alias="recycleCount")
    next_recycle_at: APIDateTime = Field(None, alias="nextRecycleAt")
    last_recycled_at: APIDateTime = Field(None, alias="lastRecycledAt")

    def config(self) -> dict[str, Any]:
        """The settings as a RecyclingConfig sends them back (every key, so an update puts back exactly these)."""
        return {
            "enabled": bool(self.enabled),
            "gap": self.gap,
            "gapFreq": self.gap_freq or "month",
            "startDate": self.start_date.isoformat() if self.start_date else None,
            "expireCount": self.expire_count,
            "expireDate": self.expire_date.isoformat() if self.expire_date else None,
            "contentVariations": list(self.content_variations or []),
        }


class Post(APIModel):
    id: str = id_field()
    title: str | None = None
    content: str | None = None
    status: str | None = None
    media_items: list[MediaItem] = Field(default_factory=list, alias="mediaItems")
    platforms: list[PlatformTarget] = Field(default_factory=list)
    scheduled_for: APIDateTime = Field(None, alias="scheduledFor")
    timezone: str | None = None
    tags: list[str] = Field(default_factory=list)
    #: the API's Post has no post-level publishedAt (each platform entry has its own): the latest of those
    published_at: APIDateTime = Field(None, alias="publishedAt")
    created_at: APIDateTime = Field(None, alias="createdAt")
    updated_at: APIDateTime = Field(None, alias="updatedAt")
    recycling: RecyclingState | None = None
    recycled_from_post_id: str | None = Field(None, alias="recycledFromPostId")
    #: set on a post that took its time from a queue (the slot it holds)
    queued_from_profile: str | None = Field(None, alias="queuedFromProfile")
    queue_id: str | None = Field(None, alias="queueId")

    @model_validator(mode="after")
    def _published_at(self) -> Post:
        times = [p.published_at for p in self.platforms if p.published_at is not None]
        if self.published_at is None and times:
            self.published_at = max(times)
        return self


def _or_default(value: Any) -> Any:
    return {} if value is None else value


class Pagination(APIModel):
    page: int = 1
    limit: int = 0
    total: int = 0
    pages: int = 1


class PostPage(APIModel):
    posts: list[Post] = Field(default_factory=list)
    pagination: Annotated[Pagination, BeforeValidator(_or_default)] = Field(default_factory=Pagination)


# --- tool results -----------------------------------------------------------------------------


class PlatformStatus(Result):
    platform: str
    account_id: str | None = None
    username: str | None = None
    status: str | None = None
    url: str | None = Field(None, description="Public URL once published")
    published_at: datetime | None = None
    error: str | None = None
    scheduled_for: datetime | None = Field(None, description="Own time (user's zone)")


class ThreadItemOut(Result):
    content: str
    media: list[str] | None = None
    url: str | None = Field(None, description="This item's public URL once published")


class PlatformDetail(PlatformStatus):
    """What goes out on one platform where it differs from the post's shared text and media."""

    content: str | None = Field(None, description="This platform's own text (customContent)")
    media: list[MediaItem] | None = Field(None, description="This platform's own media (customMedia)")
    options: dict[str, Any] | None = Field(None, description="platformSpecificData")
    thread: list[ThreadItemOut] | None = Field(None, description="The thread posted here, item by item")


class PostSummary(Result):
    id: str
    status: str | None
    platforms: list[str] = Field(description="platform @account, with its status where it differs")
    scheduled_for: datetime | None = Field(None, description="In the user's time zone")
    scheduled_for_utc: datetime | None = None
    published_at: datetime | None = None
    preview: str = Field(description="First 80 characters of the content")


class PostsList(Result):
    total: int = Field(description="Posts matching the filter, across all pages")
    returned: int
    posts: list[PostSummary]
    more: str | None = Field(None, description="How to see more, when there are more")


class RecyclingOut(Result):
    """A post's recycling (Late reposts it on a rhythm after publishing), compact."""

    every: str = Field(description="e.g. '2 weeks'")
    on: bool = Field(description="False: stopped or used up")
    ends: str | None = Field(None, description="'after N copies' or 'after <date>'")
    copies_made: int = Field(0, description="Copies Late created so far (posts of their own; may not be out yet)")
    next_copy_at: datetime | None = Field(None, description="When Late makes the next copy (user's zone)")
    variations: int | None = Field(None, description="Texts the copies use in turn")


class PostDetail(Result):
    id: str
    status: str | None
    title: str | None = None
    content: str | None = None
    media: list[MediaItem] = Field(default_factory=list)
    platforms: list[PlatformDetail]
    scheduled_for: datetime | None = Field(None, description="In the user's time zone")
    scheduled_for_utc: datetime | None = None
    published_at: datetime | None = None
    published_at_utc: datetime | None = None
    created_at: datetime | None = None
    recycling: RecyclingOut | None = None
    recycled_from: str | None = Field(None, description="A recycled copy: the original post's id")


class PostWritten(Result):
    """What a create/publish/update did, in one glance."""

    post_id: str
    status: str | None
    summary: str = Field(description="One line to tell the user")
    platforms: list[PlatformStatus]
    scheduled_for: datetime | None = Field(None, description="In the user's time zone")
    scheduled_for_utc: datetime | None = None
    published_at: datetime | None = None
    published_at_utc: datetime | None = None
    # left out when false: every other answer would carry it for nothing
    already_posted: bool = Field(
        False, description="True when the API said this exact post exists already", exclude_if=lambda v: not v
    )


class PostDeleted(Result):
    post_id: str
    deleted: bool = True


class RetryOutcome(Result):
    post_id: str
    ok: bool
    status: str | None = None
    published_at: datetime | None = None
    error: str | None = None


class SkippedPost(Result):
    post_id: str
    accounts: list[str] = Field(description="platform @account that must be reconnected first")


class RetryAll(Result):
    found: int
    succeeded: int
    failed: int
    results: list[RetryOutcome]
    skipped: list[SkippedPost] | None = Field(None, description="Not retried: their accounts need reconnecting")
    next_step: str | None = None


class ProblemOut(Result):
    platform: str
    field: str
    message: str


class Validation(Result):
    ok: bool
    summary: str
    problems: list[ProblemOut]
    warning: str | None = Field(None, description="e.g. a target account in a publishing cooldown")
    would_send: dict[str, Any] = Field(description="The POST /v1/posts body that would be sent")
