"""The planner: the API's best-time analytics, and the compact calendar, best-times and series results.

Results keep one line per post or date where a nested object would cost several: a week of 20 posts stays
under 4 KB of text.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import APIModel, Result
from .posts import RecyclingOut

# --- the API's shape --------------------------------------------------------------------------------------


class BestTimeSlot(APIModel):
    """GET /v1/analytics/best-time: one day-of-week and UTC hour with the engagement of the posts made then."""

    day_of_week: int  # 0 = Monday (the SDK's reading of this field; the queue's dayOfWeek has 0 = Sunday)
    hour: int  # UTC
    avg_engagement: float = 0.0
    post_count: int = 0


class BestTimeAnswer(APIModel):
    slots: list[BestTimeSlot] = Field(default_factory=list)


# --- tool results -----------------------------------------------------------------------------------------


class CalendarDay(Result):
    day: str = Field(description="Weekday and local date")
    posts: list[str] | None = Field(None, description="By time: 'HH:MM status platform@account “preview” post_id'")
    free: list[str] | None = Field(None, description="Free queue slots (local HH:MM)")
    marks: list[str] | None = Field(None, description="empty day, clashes, duplicates, failed, approval, clocks")


class Calendar(Result):
    timezone: str
    period: str
    summary: str
    days: list[CalendarDay]
    next_start: str = Field(description="start= for the following period")
    note: str | None = None


class BestSlot(Result):
    local: str = Field(description="Weekday and time in the user's zone for the coming weeks")
    utc: str | None = Field(None, description="The API's slot: weekday and hour in UTC")
    avg_engagement: float | None = None
    posts: int | None = Field(None, description="Posts the average is based on")
    later: str | None = Field(None, description="The local time after a coming clock change, and from when")


class BestTimes(Result):
    timezone: str
    source: Literal["analytics", "queue"]
    summary: str
    slots: list[BestSlot]
    based_on_posts: int | None = None
    note: str | None = None


class SeriesDate(Result):
    n: int
    local: str
    utc: str
    text: int | None = Field(None, description="Which of contents this date uses (1 = the first)")
    note: str | None = Field(None, description="Why the time or day differs from the one asked for")
    problems: list[str] | None = Field(None, description="Clashes and duplicates with other posts")
    post_id: str | None = None
    existing: bool | None = Field(None, description="True: the API already had this post; nothing new was made")
    error: str | None = None


class SeriesResult(Result):
    dry_run: bool
    timezone: str
    summary: str
    dates: list[SeriesDate]
    created: int | None = None
    failed: int | None = None
    post_ids: list[str] | None = Field(None, description="The series' posts (created or already there), in order")
    problems: list[str] | None = Field(None, description="Pre-flight rule problems (nothing is sent while any)")


class Recycled(Result):
    """What posts_recycle set on a post."""

    post_id: str
    status: str | None = None
    summary: str = Field(description="One line to tell the user")
    recycling: RecyclingOut | None = Field(None, description="As the API now has it")
