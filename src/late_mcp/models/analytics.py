"""Analytics: post metrics, follower growth, YouTube daily views, LinkedIn analytics; one compact report."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AliasChoices, Field

from ._base import APIDateTime, APIModel, RefId, Result
from .posts import Pagination


class PlatformMetrics(APIModel):
    platform: str | None = None
    account_id: RefId = Field(None, alias="accountId")
    account_username: str | None = Field(None, alias="accountUsername")
    platform_post_url: str | None = Field(None, alias="platformPostUrl")
    analytics: dict[str, Any] = Field(default_factory=dict)


class PostAnalytics(APIModel):
    """One post's numbers (single-post answer, or one row of the list)."""

    id: str | None = Field(None, validation_alias=AliasChoices("postId", "_id", "id"))
    status: str | None = None
    content: str | None = None
    platform: str | None = None
    platform_post_url: str | None = Field(None, alias="platformPostUrl")
    published_at: APIDateTime = Field(None, alias="publishedAt")
    analytics: dict[str, Any] = Field(default_factory=dict)
    platform_analytics: list[PlatformMetrics] = Field(default_factory=list, alias="platformAnalytics")
    is_external: bool | None = Field(None, alias="isExternal")
    #: the API's words for a post pending, partly published or failed (single-post answer)
    message: str | None = None


class AnalyticsPage(APIModel):
    overview: dict[str, Any] = Field(default_factory=dict)
    posts: list[PostAnalytics] = Field(default_factory=list)
    pagination: Pagination = Field(default_factory=Pagination)


class FollowerAccount(APIModel):
    id: str | None = Field(None, validation_alias=AliasChoices("_id", "id", "accountId"))
    platform: str | None = None
    username: str | None = None
    current_followers: int | None = Field(
        None, validation_alias=AliasChoices("currentFollowers", "followersCount", "followers")
    )
    growth: int | float | None = None
    growth_percentage: float | None = Field(None, alias="growthPercentage")


class FollowerStats(APIModel):
    accounts: list[FollowerAccount] = Field(default_factory=list)
    #: per account id, the follower count over time ({"date", "followers"} points)
    stats: dict[str, Any] = Field(default_factory=dict)
    date_range: dict[str, Any] = Field(default_factory=dict, alias="dateRange")
    granularity: str | None = None


class DailyViews(APIModel):
    video_id: str | None = Field(None, alias="videoId")
    date_range: dict[str, Any] = Field(default_factory=dict, alias="dateRange")
    total_views: int | None = Field(None, alias="totalViews")
    daily_views: list[dict[str, Any]] = Field(default_factory=list, alias="dailyViews")


class LinkedInAnalytics(APIModel):
    """Aggregate (TOTAL: numbers; DAILY: lists of {date, count}) or one post's analytics by URN."""

    account_id: str | None = Field(None, alias="accountId")
    account_type: str | None = Field(None, alias="accountType")
    username: str | None = None
    aggregation: str | None = None
    post_urn: str | None = Field(None, alias="postUrn")
    date_range: dict[str, Any] = Field(default_factory=dict, alias="dateRange")
    analytics: dict[str, Any] = Field(default_factory=dict)
    skipped_metrics: list[str] = Field(default_factory=list, alias="skippedMetrics")
    note: str | None = None


# --- tool result ------------------------------------------------------------------------------


class AnalyticsRow(Result):
    id: str | None = Field(None, description="Post id, account id, or absent for a day")
    account_id: str | None = Field(None, description="kind=post: the account these numbers are from")
    date: str | None = None
    platform: str | None = None
    name: str | None = Field(None, description="Username, or the post's first words")
    url: str | None = None
    published_at: datetime | None = None
    metrics: dict[str, int | float] = Field(default_factory=dict)


class AnalyticsReport(Result):
    kind: str
    post_id: str | None = Field(None, description="kind=post: the post measured")
    preview: str | None = Field(None, description="kind=post: its first words")
    period: str | None = None
    totals: dict[str, int | float] = Field(default_factory=dict)
    rows: list[AnalyticsRow] = Field(default_factory=list)
    total_rows: int | None = None
    more: str | None = None
    note: str | None = None
