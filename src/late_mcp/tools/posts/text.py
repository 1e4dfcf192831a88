"""The results the posting tools return: one line that says what happened where, and the lists."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import partial
from itertools import islice
from typing import TYPE_CHECKING

from ...models.posts import (
    PlatformStatus,
    PlatformTarget,
    Post,
    PostsList,
    PostSummary,
    PostWritten,
    ProblemOut,
    Validation,
)
from ...rules import format_problems
from ...timeutil import UTC, local, now_utc
from .._hints import DASHBOARD
from .._shared import fitting, fitting_page
from ..accounts.cooldown import cooling_note

if TYPE_CHECKING:
    from .plan import Plan


def platform_status(target: PlatformTarget, zone: tzinfo) -> PlatformStatus:
    return PlatformStatus.carry(
        target,
        username=target.account_username,
        url=target.platform_post_url,
        published_at=local(target.published_at, zone),
        scheduled_for=local(target.scheduled_for, zone),
        error=target.error_message,
    )


def published_at(post: Post) -> datetime | None:
    """When the post went out: the latest of its platforms' publishedAt (the API has no post-level one)."""
    times = [p.published_at for p in post.platforms if p.published_at is not None]
    return max(times) if times else None


def _who(platform: str, username: str | None) -> str:
    return f"{platform} @{username.lstrip('@')}" if username else platform


def _fmt(when: datetime, zone: tzinfo, named: tzinfo | None = None) -> str:
    """`when` in the person's zone with its UTC time; first in `named`, the zone the call gave, when it is another
    one: the time they said (09:00 Europe/Berlin) leads, then what it is here and in UTC."""
    local_time = local(when, zone)
    if named is not None and str(named) != str(zone):
        there = local(when, named)
        others = [f"{_day(at, there)}{at:%H:%M} {at.tzname()}" for at in (local_time, when.astimezone(UTC))]
        return f"{there:%a %Y-%m-%d %H:%M} {named} ({', '.join(dict.fromkeys(others))})"
    shown = f"{local_time:%a %Y-%m-%d %H:%M} {local_time.tzname()}"
    return shown if local_time.tzname() == "UTC" else f"{shown} ({when.astimezone(UTC):%H:%M} UTC)"


def _day(at: datetime, there: datetime) -> str:
    """The weekday and date of `at`, when it falls on another day than `there`."""
    return "" if at.date() == there.date() else f"{at:%a %Y-%m-%d} "


def written(
    post: Post,
    zone: tzinfo,
    *,
    already: bool = False,
    note: str = "",
    review: str = "",
    retry: str = DASHBOARD,
    named: tzinfo | None = None,
) -> PostWritten:
    """The result of a write, with one line that says what happened where; `review`: how a post pending approval
    is approved here besides the dashboard ("with posts_review"), empty where this server cannot; `retry`: how a
    partly failed post is retried here ("with posts_retry", "in the Late dashboard"); `named`: the zone the call
    gave its time in, whose reading the line shows first."""
    statuses = [platform_status(p, zone) for p in post.platforms]
    summary = _summary(
        post, statuses, partial(_fmt, zone=zone, named=named), already=already, review=review, retry=retry
    )
    went_out = published_at(post)
    return PostWritten(
        post_id=post.id,
        status=post.status,
        summary=f"{note} {summary}" if note else summary,
        platforms=statuses,
        scheduled_for=local(post.scheduled_for, zone),
        scheduled_for_utc=post.scheduled_for,
        published_at=local(went_out, zone),
        published_at_utc=went_out,
        already_posted=already,
    )


def _summary(
    post: Post,
    statuses: list[PlatformStatus],
    fmt: Callable[[datetime], str],
    *,
    already: bool,
    review: str,
    retry: str,
) -> str:
    names = ", ".join(_who(s.platform, s.username) for s in statuses) or "no platform"
    status = post.status or "unknown"
    if already:
        return f"Already posted: post {post.id} ({status}) has this content for {names}; nothing new was created."
    if status == "draft":
        return f"Draft saved for {names}."
    times = [(s, s.scheduled_for or post.scheduled_for) for s in statuses if s.status != "published"]
    live = [f"{_who(s.platform, s.username)} live already" for s in statuses if s.status == "published"]
    if status == "scheduled" and (live or len({at for _, at in times}) > 1):  # staggered: each at its own time
        each = [f"{_who(s.platform, s.username)} at {fmt(at)}" for s, at in times if at]
        return "Scheduled: " + "; ".join(each + live) + "."
    if status == "scheduled" and post.scheduled_for:
        return f"Scheduled for {names} at {fmt(post.scheduled_for)}."
    if status == "pending_approval":
        when = f" at {fmt(post.scheduled_for)}" if post.scheduled_for else ""
        return (
            f"Waiting for approval: post {post.id} for {names}{when}; it publishes only once approved in Late's "
            f"dashboard{f' or {review}' if review else ''}."
        )
    if status == "published":
        urls = [s.url for s in statuses if s.url]
        return f"Published to {names}." + (f" {' '.join(urls)}" if urls else "")
    if status == "partial":
        failed = [f"{s.platform}: {(s.error or 'failed').rstrip('. ')}" for s in statuses if s.status == "failed"]
        return f"Partly published. Failed on {'; '.join(failed)}. Fix the cause, then retry it {retry}."
    return f"Post {post.id} is {status} for {names}."


def summary_row(post: Post, zone: tzinfo) -> PostSummary:
    """One post in a list: who it goes to (with each platform's status where it differs), when, its first words."""
    text = (post.content or post.title or "").replace("\n", " ")
    return PostSummary(
        id=post.id,
        status=post.status,
        platforms=[
            _who(p.platform, p.account_username)
            + (f" {p.status}" if p.status in ("failed", "published") and p.status != post.status else "")
            for p in post.platforms
        ],
        scheduled_for=local(post.scheduled_for, zone),
        scheduled_for_utc=post.scheduled_for,
        published_at=local(published_at(post), zone),
        preview=text if len(text) <= 80 else text[:79] + "…",
    )


def listing(posts: list[Post], total: int, pages: int, page: int, limit: int, zone: tzinfo) -> PostsList:
    """One page of posts, as many as fit one answer, and how to see the next when there is one: a page cut short
    goes on with the page and limit that start at the very next post (`fitting_page`), both named: after a page
    cut short, the limit is not the one the model first asked for."""
    rows = [summary_row(p, zone) for p in posts]
    size, after, step = fitting_page(rows, page, limit)
    left = total - (page - 1) * limit - size
    cut = f" (these {len(rows)} posts do not fit one answer)" if size < len(rows) else ""
    more = (
        f"{left} more: call again with page={after} and limit={step}{cut}."
        if cut or (page < pages and left > 0)
        else None
    )
    if not rows and total and page > 1:  # a page past the end is no sign that there are none
        more = (
            f"None on page {page} at limit={limit}: all {total} come before it. Call again with page=1 and "
            f"limit={limit}, then follow each answer's `more`."
        )
    return PostsList(total=total, returned=size, posts=rows[:size], more=more)


def failed_listing(
    streams: dict[str, tuple[list[Post], int]], limit: int, zone: tzinfo, lister: str | None
) -> PostsList:
    """Failed and partly failed posts merged newest first, as many as fit one answer (`limit` at most). Each status's
    posts keep the API's order (`heapq.merge` takes from the head of each), so what is shown of one is the start of
    its posts_list (`lister`, where this request has it), and `more` names the page and limit of posts_list that go
    on right after the last one shown; a status not shown at all starts at page 1."""
    tagged = [[(status, post) for post in posts] for status, (posts, _) in streams.items()]
    merged = list(islice(heapq.merge(*tagged, key=lambda pair: _newest(pair[1]), reverse=True), limit))
    rows = [summary_row(post, zone) for _, post in merged]
    size = fitting(rows)
    shown = Counter(status for status, _ in merged[:size])
    rest = {status: total - shown[status] for status, (_, total) in streams.items() if total > shown[status]}
    steps = [
        f"posts_list status={status} page={2 if shown[status] else 1} limit={shown[status] or limit} ({left} more)"
        for status, left in rest.items()
    ]
    more = None
    if rest:
        where = (lister or "").removeprefix("posts_list")  # ", from the ... toolset (...)": said once for both calls
        goes_on = f": {' and '.join(steps)}{where}, each answer's `more` going on from there" if lister else ""
        unseen = sum(rest.values())
        more = f"{unseen} more failed post{'s' * (unseen != 1)} not shown{goes_on or f'; see them {DASHBOARD}'}."
    return PostsList(total=sum(total for _, total in streams.values()), returned=size, posts=rows[:size], more=more)


def _newest(post: Post) -> datetime:
    """What the API lists posts newest first by: the post's time, else when it went out, else when it was made."""
    return post.scheduled_for or published_at(post) or post.created_at or now_utc()


def validation(plan: Plan, zone: tzinfo) -> Validation:
    """What posts_validate found: the problems, one line of them, a target account's cooldown, and the body that
    would be sent."""
    return Validation(
        ok=not plan.problems,
        summary=format_problems(plan.problems),
        problems=[ProblemOut(platform=p.platform, field=p.field, message=p.message) for p in plan.problems],
        warning=cooling_note(list(plan.cooling), zone),
        would_send=plan.payload,
    )
