"""The results the posting tools return: one line that says what happened where, and the lists."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from ...models.posts import PlatformStatus, Post, PostsList, PostSummary, PostWritten, ProblemOut, Validation
from ...rules import format_problems
from ...timeutil import UTC, now_utc

if TYPE_CHECKING:
    from .plan import Plan


def _who(status: PlatformStatus) -> str:
    return f"{status.platform} (@{status.username.lstrip('@')})" if status.username else status.platform


def _fmt(when: datetime, zone: tzinfo) -> str:
    local = when.astimezone(zone)
    return f"{local:%a %Y-%m-%d %H:%M} {local.tzname()} ({when.astimezone(UTC):%H:%M} UTC)"


def written(post: Post, zone: tzinfo, *, already: bool = False, note: str = "") -> PostWritten:
    """The result of a write, with one line that says what happened where."""
    statuses = [PlatformStatus.of(p, zone) for p in post.platforms]
    summary = _summary(post, statuses, zone, already=already)
    return PostWritten(
        post_id=post.id,
        status=post.status,
        summary=f"{note} {summary}" if note else summary,
        platforms=statuses,
        scheduled_for=post.scheduled_for.astimezone(zone) if post.scheduled_for else None,
        scheduled_for_utc=post.scheduled_for,
        already_posted=already,
    )


def _summary(post: Post, statuses: list[PlatformStatus], zone: tzinfo, *, already: bool) -> str:
    names = ", ".join(_who(s) for s in statuses) or "no platform"
    status = post.status or "unknown"
    if already:
        return f"Already posted: post {post.id} ({status}) has this content for {names}; nothing new was created."
    if status == "draft":
        return f"Draft saved for {names}."
    times = [(s, s.scheduled_for or post.scheduled_for) for s in statuses]
    if status == "scheduled" and len({at for _, at in times}) > 1:  # staggered: each platform at its own time
        return "Scheduled: " + "; ".join(f"{_who(s)} at {_fmt(at, zone)}" for s, at in times if at) + "."
    if status == "scheduled" and post.scheduled_for:
        return f"Scheduled for {names} at {_fmt(post.scheduled_for, zone)}."
    if status == "published":
        urls = [s.url for s in statuses if s.url]
        return f"Published to {names}." + (f" {' '.join(urls)}" if urls else "")
    if status == "partial":
        failed = [f"{s.platform}: {s.error or 'failed'}" for s in statuses if s.status == "failed"]
        return f"Partly published. Failed on {'; '.join(failed)}. Fix and call posts_retry."
    return f"Post {post.id} is {status} for {names}."


def listing(posts: list[Post], total: int, pages: int, page: int, limit: int, zone: tzinfo) -> PostsList:
    """One page of posts, and how to see the next when there is one."""
    left = total - (page - 1) * limit - len(posts)
    more = f"{left} more: call again with page={page + 1}." if page < pages and left > 0 else None
    return PostsList(total=total, returned=len(posts), posts=[PostSummary.of(p, zone) for p in posts], more=more)


def failed_listing(posts: list[Post], total: int, limit: int, zone: tzinfo) -> PostsList:
    """Failed and partly failed posts merged, newest first, at most `limit` of them."""
    posts = sorted(posts, key=lambda p: p.updated_at or p.created_at or now_utc(), reverse=True)
    shown = posts[:limit]
    return PostsList(
        total=total,
        returned=len(shown),
        posts=[PostSummary.of(p, zone) for p in shown],
        more=f"{total - len(shown)} more failed posts not shown; raise limit." if total > len(shown) else None,
    )


def validation(plan: Plan) -> Validation:
    """What posts_validate found: the problems, one line of them, and the body that would be sent."""
    return Validation(
        ok=not plan.problems,
        summary=format_problems(plan.problems),
        problems=[ProblemOut(platform=p.platform, field=p.field, message=p.message) for p in plan.problems],
        would_send=plan.payload,
    )
