"""One analytics tool for every kind of number the API has, in one compact report shape.

`KINDS` maps each `kind` to the function that reads it. Most of these need the Analytics add-on; `explained`
makes a 402/403 say so plainly.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import unquote

from pydantic import Field

from ..errors import InputError
from ..models.analytics import AnalyticsReport, AnalyticsRow, LinkedInAnalytics
from ._args import check_id, platform_name
from ._context import Ctx, state
from ._hints import explained
from ._params import DateArg, LimitArg, PageArg
from ._shared import date_arg, fitting, known_profile, optional_id
from ._spec import read, tool, toolset
from .accounts.find import find_account
from .analytics_rows import numbers, post_row

if TYPE_CHECKING:
    from ..client import LateClient

Kind = Literal["posts", "post", "followers", "youtube_daily", "linkedin_account", "linkedin_post"]

_YOUTUBE_ID = re.compile(r"(?:v=|youtu\.be/|shorts/|embed/|live/)([A-Za-z0-9_-]{11})")
_BARE_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_LINKEDIN_URN = re.compile(r"urn:li:(?:share|ugcPost|activity):\d+")
_LINKEDIN_ACTIVITY = re.compile(r"activity[-:](\d{15,20})")


def youtube_video_id(value: str) -> str:
    """A YouTube video id from an id or any watch / share / shorts URL."""
    text = value.strip()
    if _BARE_YOUTUBE_ID.match(text):
        return text
    match = _YOUTUBE_ID.search(text)
    if not match:
        raise InputError(f"video_id {value!r} is not a YouTube video id or URL (e.g. dQw4w9WgXcQ).")
    return match.group(1)


def linkedin_urn(value: str) -> str:
    """A LinkedIn post's URN, or the URN in its address (feed/update/urn:li:..., posts/...-activity-N-...)."""
    text = unquote(value.strip())
    found = _LINKEDIN_URN.search(text)
    if found:
        return found.group(0)
    activity = _LINKEDIN_ACTIVITY.search(text)
    if activity:
        return f"urn:li:activity:{activity.group(1)}"
    raise InputError(
        f"urn {value!r} is not a LinkedIn post URN or post address (e.g. urn:li:share:7123456789012345678)."
    )


def _period(start: Any, end: Any) -> str | None:
    """'YYYY-MM-DD to YYYY-MM-DD' from dates or timestamps."""
    if not start and not end:
        return None
    return f"{str(start)[:10] if start else 'start'} to {str(end)[:10] if end else 'today'}"


def _linkedin(result: LinkedInAnalytics, kind: str) -> AnalyticsReport:
    """TOTAL answers are numbers; DAILY answers are per-metric lists of {date, count}, merged here by day."""
    totals = numbers(result.analytics)
    days: dict[str, dict[str, int | float]] = {}
    for metric, series in result.analytics.items():
        if not isinstance(series, list):
            continue
        for point in series:
            if isinstance(point, dict) and point.get("date"):
                value = point.get("count", point.get("value"))
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    days.setdefault(str(point["date"])[:10], {})[metric] = value
    rows = [AnalyticsRow(date=day, metrics=metrics) for day, metrics in sorted(days.items())]
    notes = [
        n
        for n in (result.note, f"skipped: {', '.join(result.skipped_metrics)}" if result.skipped_metrics else None)
        if n
    ]
    return AnalyticsReport(
        kind=kind,
        period=_period(result.date_range.get("startDate"), result.date_range.get("endDate")),
        totals=totals,
        rows=rows,
        note="; ".join(notes) or None,
    )


async def analytics_get(
    ctx: Ctx,
    kind: Annotated[Kind, Field(description="What to measure; see the tool description")] = "posts",
    post_id: str = "",
    account_id: str = "",
    platform: Annotated[str, Field(description="posts: only this platform")] = "",
    profile_id: str = "",
    from_date: DateArg = "",
    to_date: DateArg = "",
    sort_by: Literal["date", "engagement"] = "date",
    limit: LimitArg = 10,
    page: PageArg = 1,
    video_id: Annotated[str, Field(description="YouTube video id or URL")] = "",
    urn: Annotated[str, Field(description="LinkedIn post URN")] = "",
    daily: Annotated[bool, Field(description="linkedin_account: per-day series")] = False,
) -> AnalyticsReport:
    """Performance numbers (Analytics add-on), rows paged by limit/page. kind: posts (sort_by engagement = best),
    post (post_id), followers, youtube_daily (video_id, account_id), linkedin_account (account_id), linkedin_post
    (account_id, urn)."""
    app = state(ctx)
    start, end = date_range(from_date, to_date)
    pid = optional_id(profile_id, "profile_id", list_tool="profiles_list")
    aid = optional_id(account_id, "account_id", list_tool="accounts_list")
    query = Query(kind, start, end, pid, aid, post_id, platform, sort_by, limit, page, video_id, urn, daily, app.zone)
    await known_filters(app.client, query)
    with explained(ctx):
        return trimmed(paged(await KINDS[kind](app.client, query), query))


#: the longest span the API reads at once ("max range 366 days")
MAX_DAYS = 366


def date_range(from_date: str, to_date: str) -> tuple[str | None, str | None]:
    """from_date and to_date checked before any call: real dates, in order, at most `MAX_DAYS` apart."""
    start, end = date_arg(from_date, "from_date"), date_arg(to_date, "to_date")
    if start and end and start > end:
        raise InputError(f"from_date {start} is after to_date {end}: give the earlier date as from_date.")
    if start and end and (date.fromisoformat(end) - date.fromisoformat(start)).days > MAX_DAYS:
        last = date.fromisoformat(start) + timedelta(days=MAX_DAYS)
        raise InputError(
            f"from_date {start} to to_date {end} is over {MAX_DAYS} days, the most the API reads at once: give "
            f"to_date={last} at the latest, and the rest in another call from {last + timedelta(days=1)}."
        )
    return start, end


def paged(report: AnalyticsReport, q: Query) -> AnalyticsReport:
    """One page of the report's rows (the API pages posts itself; every other kind is paged here)."""
    if q.kind == "posts" or (len(report.rows) <= q.limit and q.page == 1):
        return report
    total = len(report.rows)
    rows = report.rows[(q.page - 1) * q.limit : q.page * q.limit]
    more = (
        f"{total - q.page * q.limit} more rows: call again with page={q.page + 1}."
        if q.page * q.limit < total
        else past_the_end(q, total)
    )
    return report.model_copy(update={"rows": rows, "total_rows": total, "more": more})


async def known_filters(client: LateClient, q: Query) -> None:
    """A profile or account filter that is none of the person's is refused once the arguments are checked: the API
    answers it with nothing, read as "no posts" or "no followers" (the other kinds need their account, and the API
    refuses one it does not know)."""
    if q.kind not in ("posts", "followers"):
        return
    if q.profile_id:
        await known_profile(client, q.profile_id)
    if q.account_id:
        await find_account(client, q.account_id)


def trimmed(report: AnalyticsReport) -> AnalyticsReport:
    """The rows that fit one answer; where some are left out, `more` says to ask for fewer rows a page."""
    kept = fitting(report.rows)
    if kept == len(report.rows):
        return report
    more = f"{len(report.rows) - kept} more rows of this page left out to keep the answer short: ask limit={kept}."
    return report.model_copy(update={"rows": report.rows[:kept], "more": more})


def past_the_end(q: Query, total: int) -> str | None:
    """What to ask for when `page` is beyond the last page of `total` rows (None when it is not)."""
    last = max(1, -(-total // q.limit))
    if q.page <= last:
        return None
    return f"page={q.page} is past the end: {total} row(s) make {last} page(s) of {q.limit}; call with page={last}."


@dataclass(frozen=True)
class Query:
    """analytics_get's arguments, the dates and ids checked, in the order the tool passes them."""

    kind: Kind
    start: str | None
    end: str | None
    profile_id: str | None
    account_id: str | None
    post_id: str
    platform: str
    sort_by: str
    limit: int
    page: int
    video_id: str
    urn: str
    daily: bool
    zone: tzinfo

    def __post_init__(self) -> None:
        """An argument this kind does not read is refused, never dropped (post_id with kind=posts would list every
        post), with the kinds that read it."""
        given = {
            "post_id": self.post_id.strip(),
            "account_id": self.account_id,
            "platform": self.platform.strip() and _other_platform(self.kind, self.platform),
            "profile_id": self.profile_id,
            "from_date": self.start,
            "to_date": self.end,
            "sort_by": self.sort_by != "date",
            "video_id": self.video_id.strip(),
            "urn": self.urn.strip(),
            "daily": self.daily,
        }
        unread = [name for name, value in given.items() if value and name not in READS[self.kind]]
        if unread:
            where = "; ".join(f"{name}: kind={', '.join(k for k in READS if name in READS[k])}" for name in unread)
            instead = "".join(INSTEAD.get((self.kind, name), "") for name in unread)
            raise InputError(f"kind={self.kind} does not read {', '.join(unread)} (read by {where}).{instead}")

    def need(self, value: str | None, field: str) -> str:
        """An argument this kind cannot do without."""
        if not value:
            raise InputError(f"kind={self.kind} needs {field}.")
        return value


async def _posts(client: LateClient, q: Query) -> AnalyticsReport:
    result = await client.analytics.posts(
        platform=platform_name(q.platform) if q.platform.strip() else None,
        profile_id=q.profile_id,
        account_id=q.account_id,
        from_date=q.start,
        to_date=q.end,
        sort_by=q.sort_by,
        order="desc",
        page=q.page,
        limit=q.limit,
    )
    total = result.pagination.total or len(result.posts)
    more = f"Call again with page={q.page + 1} for more." if q.page * q.limit < total else past_the_end(q, total)
    return AnalyticsReport(
        kind="posts",
        period=_period(q.start, q.end),
        totals=numbers(result.overview),
        rows=[
            post_row(p, q.zone, filtered=bool(q.platform.strip() or q.account_id or q.profile_id)) for p in result.posts
        ],
        total_rows=total,
        more=more,
    )


async def _post(client: LateClient, q: Query) -> AnalyticsReport:
    post = await client.analytics.post(
        check_id(q.need(q.post_id.strip(), "post_id"), "post_id", list_tool="posts_list")
    )
    rows = [
        AnalyticsRow.carry(p, name=p.account_username, url=p.platform_post_url, metrics=numbers(p.analytics))
        for p in post.platform_analytics
    ]  # one per account it went out on: the post is the report's own, its id is no row's
    row = post_row(post, q.zone)
    return AnalyticsReport(
        kind="post",
        post_id=post.id or q.post_id.strip(),
        preview=row.name,
        totals=row.metrics,
        rows=rows,
        note=post.message or _not_out(post.status),
    )


def _not_out(status: str | None) -> str | None:
    """Why a post's numbers are all zero when the API says nothing: it has not gone out (its `message` is the
    API's words "for pending, partial, or failed states", where it gives one)."""
    if status in ("draft", "pending_approval", "scheduled", "publishing"):  # the Post statuses before it goes out
        return f"The post is {status.replace('_', ' ')}, not published yet: it has no numbers until it goes out."
    return None


async def _followers(client: LateClient, q: Query) -> AnalyticsReport:
    result = await client.analytics.follower_stats(
        account_ids=[q.account_id] if q.account_id else None, profile_id=q.profile_id, from_date=q.start, to_date=q.end
    )
    rows = []
    for account in result.accounts:
        metrics: dict[str, int | float] = {}
        if account.current_followers is not None:
            metrics["followers"] = account.current_followers
        if account.growth is not None:
            metrics["growth"] = account.growth
        if account.growth_percentage is not None:
            metrics["growth_percent"] = account.growth_percentage
        rows.append(AnalyticsRow(id=account.id, platform=account.platform, name=account.username, metrics=metrics))
    totals = {
        name: sum(r.metrics.get(name, 0) for r in rows)
        for name in ("followers", "growth")
        if any(name in r.metrics for r in rows)
    }
    return AnalyticsReport(
        kind="followers",
        period=_period(result.date_range.get("from", q.start), result.date_range.get("to", q.end)),
        totals=totals,
        rows=rows,
        total_rows=len(rows),
        note=f"No follower numbers for account {q.account_id}: check the id (a new account has none before its "
        "first daily refresh)."
        if q.account_id and not rows
        else "Follower counts refresh once a day.",
    )


async def _youtube_account(client: LateClient, q: Query) -> str:
    """The YouTube account given, else the only one connected: models leave it out where there is just one."""
    if q.account_id:
        return q.account_id
    youtube = [a for a in await client.accounts.list() if a.platform == "youtube"]
    if len(youtube) == 1:
        return youtube[0].id
    listed = "; ".join(f"{a.id} (@{a.username})" for a in youtube) or "none is connected"
    raise InputError(f"kind=youtube_daily needs account_id, the YouTube account: {listed}.")


async def _youtube_daily(client: LateClient, q: Query) -> AnalyticsReport:
    views = await client.analytics.youtube_daily_views(
        video_id=youtube_video_id(q.need(q.video_id.strip(), "video_id")),
        account_id=await _youtube_account(client, q),
        start_date=q.start,
        end_date=q.end,
    )
    days = [AnalyticsRow(date=str(d.get("date", ""))[:10] or None, metrics=numbers(d)) for d in views.daily_views]
    return AnalyticsReport(
        kind=q.kind,
        period=_period(views.date_range.get("startDate"), views.date_range.get("endDate")),
        totals={"views": views.total_views} if views.total_views is not None else {},
        rows=days,
        total_rows=len(days),
        note="YouTube data lags 2-3 days; at most 90 days.",
    )


async def _linkedin_account(client: LateClient, q: Query) -> AnalyticsReport:
    result = await client.analytics.linkedin_aggregate(
        q.need(q.account_id, "account_id (a LinkedIn personal account)"),
        daily=q.daily,
        start_date=q.start,
        end_date=q.end,
    )
    return _linkedin(result, q.kind)


async def _linkedin_post(client: LateClient, q: Query) -> AnalyticsReport:
    result = await client.analytics.linkedin_post(
        q.need(q.account_id, "account_id (the LinkedIn account)"), linkedin_urn(q.need(q.urn.strip(), "urn"))
    )
    return _linkedin(result, q.kind)


#: kind -> the arguments it reads (limit and page: every kind)
READS: dict[str, frozenset[str]] = {
    "posts": frozenset({"platform", "profile_id", "account_id", "from_date", "to_date", "sort_by"}),
    "post": frozenset({"post_id"}),
    "followers": frozenset({"account_id", "profile_id", "from_date", "to_date"}),
    "youtube_daily": frozenset({"video_id", "account_id", "from_date", "to_date"}),
    "linkedin_account": frozenset({"account_id", "daily", "from_date", "to_date"}),
    "linkedin_post": frozenset({"account_id", "urn"}),
}


def _other_platform(kind: str, platform: str) -> bool:
    """Whether `platform` says more than `kind` does (youtube with youtube_daily says nothing new)."""
    return not kind.startswith(f"{platform_name(platform)}_")


#: (kind, an argument it does not read) -> what it reads instead, where something does
INSTEAD = {
    ("followers", "platform"): " For one platform's followers give its account's account_id (each row's id).",
}

#: kind -> the function that reads it
KINDS: dict[str, Callable[[LateClient, Query], Awaitable[AnalyticsReport]]] = {
    "posts": _posts,
    "post": _post,
    "followers": _followers,
    "youtube_daily": _youtube_daily,
    "linkedin_account": _linkedin_account,
    "linkedin_post": _linkedin_post,
}

TOOLSET = toolset("analytics", tool(analytics_get, read("Analytics")))
