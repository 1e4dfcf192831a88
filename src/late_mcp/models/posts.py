"""Posts: the API's shape and the compact results the tools return."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BeforeValidator, Field, model_validator

from ..timeutil import local as _local
from ._base import APIDateTime, APIModel, RefId, Result, id_field

MediaType = Literal["image", "video", "gif", "document"]


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


class Post(APIModel):
    id: str = id_field()
    title: str | None = None
    content: str | None = None
    status: str | None = None
    media_items: list[MediaItem] = Field(default_factory=list, alias="mediaItems")
    platforms: list[PlatformTarget] = Field(default_factory=list)
    scheduled_for: APIDateTime = Field(None, alias="scheduledFor")
    timezone: str | None = None
    published_at: APIDateTime = Field(None, alias="publishedAt")
    created_at: APIDateTime = Field(None, alias="createdAt")
    updated_at: APIDateTime = Field(None, alias="updatedAt")


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
    error: str | None = None
    scheduled_for: datetime | None = Field(None, description="Own time (user's zone)")

    @classmethod
    def of(cls, target: PlatformTarget, zone: tzinfo | None = None) -> PlatformStatus:
        return cls(
            platform=target.platform,
            account_id=target.account_id,
            username=target.account_username,
            status=target.status,
            url=target.platform_post_url,
            error=target.error_message,
            scheduled_for=_local(target.scheduled_for, zone) if zone is not None else None,
        )


class PostSummary(Result):
    id: str
    status: str | None
    platforms: list[str]
    scheduled_for: datetime | None = Field(None, description="In the user's time zone")
    published_at: datetime | None = None
    preview: str = Field(description="First 80 characters of the content")

    @classmethod
    def of(cls, post: Post, zone: tzinfo) -> PostSummary:
        text = (post.content or post.title or "").replace("\n", " ")
        return cls(
            id=post.id,
            status=post.status,
            platforms=[p.platform for p in post.platforms],
            scheduled_for=_local(post.scheduled_for, zone),
            published_at=_local(post.published_at, zone),
            preview=text if len(text) <= 80 else text[:79] + "…",
        )


class PostsList(Result):
    total: int = Field(description="Posts matching the filter, across all pages")
    returned: int
    posts: list[PostSummary]
    more: str | None = Field(None, description="How to see more, when there are more")


class PostDetail(Result):
    id: str
    status: str | None
    title: str | None = None
    content: str | None = None
    media: list[MediaItem] = Field(default_factory=list)
    platforms: list[PlatformStatus]
    scheduled_for: datetime | None = Field(None, description="In the user's time zone")
    scheduled_for_utc: datetime | None = None
    published_at: datetime | None = None
    created_at: datetime | None = None

    @classmethod
    def of(cls, post: Post, zone: tzinfo) -> PostDetail:
        return cls(
            id=post.id,
            status=post.status,
            title=post.title or None,
            content=post.content,
            media=[MediaItem(type=m.type, url=m.url) for m in post.media_items if m.url],
            platforms=[PlatformStatus.of(p, zone) for p in post.platforms],
            scheduled_for=_local(post.scheduled_for, zone),
            scheduled_for_utc=post.scheduled_for,
            published_at=_local(post.published_at, zone),
            created_at=_local(post.created_at, zone),
        )


class PostWritten(Result):
    """What a create/publish/update did, in one glance."""

    post_id: str
    status: str | None
    summary: str = Field(description="One line to tell the user")
    platforms: list[PlatformStatus]
    scheduled_for: datetime | None = Field(None, description="In the user's time zone")
    scheduled_for_utc: datetime | None = None
    already_posted: bool = Field(False, description="True when the API said this exact post exists already")


class PostDeleted(Result):
    post_id: str
    deleted: bool = True


class RetryOutcome(Result):
    post_id: str
    ok: bool
    status: str | None = None
    error: str | None = None


class RetryAll(Result):
    found: int
    succeeded: int
    failed: int
    results: list[RetryOutcome]


class ProblemOut(Result):
    platform: str
    field: str
    message: str


class Validation(Result):
    ok: bool
    summary: str
    problems: list[ProblemOut]
    would_send: dict[str, Any] = Field(description="The POST /v1/posts body that would be sent")
