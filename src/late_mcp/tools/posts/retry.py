"""Failed posts: finding them (failed, and partly failed) and retrying them all, with an outcome per post."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import tzinfo
from typing import TYPE_CHECKING

import anyio

from ...errors import CooldownError, InputError, LateAPIError, LateError
from ...models.accounts import Account
from ...models.posts import Post, PostsList, RetryAll, RetryOutcome, SkippedPost
from ...timeutil import local
from .._shared import side_by_side
from ..accounts.connected import connected_accounts
from ..accounts.cooldown import Cooling, cooldown_error, cooling, refused_for
from .text import failed_listing, published_at

if TYPE_CHECKING:
    from ...client import LateClient

#: progress so far, the total, and a line for the user (the MCP context's report_progress)
Progress = Callable[[float, float | None, str | None], Awaitable[None]]

FAILED = ("failed", "partial")


async def list_failed(client: LateClient, limit: int, zone: tzinfo, lister: str | None) -> PostsList:
    """The newest failed and partly failed posts, with the total of both and, when some are not shown, the
    posts_list calls (`lister`) that go on with each."""
    # Two plain awaits, not a task group: an error must reach the tool's error handling as itself.
    pages = {status: await client.posts.list(page=1, limit=limit, status=status) for status in FAILED}
    streams = {status: (page.posts, page.pagination.total) for status, page in pages.items()}
    return failed_listing(streams, limit, zone, lister)


async def retry_all(
    client: LateClient, *, concurrency: int, progress: Progress, zone: tzinfo, where: Callable[[], str]
) -> RetryAll:
    """Retry every failed or partly failed post (all pages), `concurrency` at a time.

    A post whose every failed platform is on an account that needs reconnecting would only fail again: it is
    skipped and listed with the fix (reconnecting it `where()`, worded only then).
    """

    async def every(status: str) -> list[Post]:
        return [post async for post in client.posts.iterate(status=status)]

    failed, partial, accounts = await side_by_side(
        lambda: every("failed"), lambda: every("partial"), lambda: connected_accounts(client)
    )
    posts = list({post.id: post for post in [*failed, *partial]}.values())
    broken = {a.id: a for a in accounts if a.needs_reconnect or not a.is_active}
    skipped = [s for s in (_blocked(post, broken) for post in posts) if s is not None]
    listed = {post.id: post for post in posts if post.id not in {s.post_id for s in skipped}}
    cool = {c.account_id: c for c in cooling(accounts)}
    # a post whose failed platforms are all cooling down would be refused (429): not sent, its outcome says why
    outcomes = {pid: out for pid, post in listed.items() if (out := _cooling(post, cool, zone)) is not None}
    waiting = len(outcomes)
    limiter = anyio.CapacityLimiter(concurrency)

    async def retry_one(pid: str) -> None:
        async with limiter:
            outcomes[pid] = await retry_outcome(client, pid, zone, listed=listed[pid])
            await progress(len(outcomes), len(listed), f"retried {len(outcomes) - waiting} of {len(listed) - waiting}")

    async with anyio.create_task_group() as tg:
        for pid in listed:
            if pid not in outcomes:
                tg.start_soon(retry_one, pid)
    results = [outcomes[pid] for pid in listed]
    ok = sum(1 for r in results if r.ok)
    return RetryAll(
        found=len(posts),
        succeeded=ok,
        failed=len(listed) - ok,
        results=results,
        skipped=skipped or None,
        next_step=" ".join(filter(None, (_reconnect_step(skipped, where), _cooling_step(waiting)))) or None,
    )


def _failed_on(post: Post) -> set[str]:
    """The accounts a post failed on (those a retry sends to)."""
    return {p.account_id or "" for p in post.platforms if p.status == "failed"}


def _cooling(post: Post, cool: dict[str, Cooling], zone: tzinfo) -> RetryOutcome | None:
    """The outcome of a post not sent because every platform of it that failed is on an account cooling down."""
    failed = [p.account_id or "" for p in post.platforms if p.status == "failed"]
    if not failed or not all(a in cool for a in failed):
        return None
    names = "; ".join(dict.fromkeys(cool[a].text(zone) for a in failed))
    error = f"Not retried: Late refuses posts to an account in its publishing cooldown: {names}."
    return RetryOutcome(post_id=post.id, ok=False, status=post.status, error=error)


def _cooling_step(waiting: int) -> str | None:
    if not waiting:
        return None
    return (
        f"{waiting} post{'s were' if waiting > 1 else ' was'} not retried: their accounts are in a publishing "
        "cooldown (see each error); call posts_retry_all_failed again once it is over."
    )


def _blocked(post: Post, broken: dict[str, Account]) -> SkippedPost | None:
    """The post, when every platform that failed is on an account that must be reconnected first."""
    failed = [p for p in post.platforms if p.status == "failed"]
    if not failed or not all(p.account_id in broken for p in failed):
        return None
    who = [f"{p.platform} @{(broken[p.account_id or ''].username or p.account_id or '?').lstrip('@')}" for p in failed]
    return SkippedPost(post_id=post.id, accounts=list(dict.fromkeys(who)))


def _reconnect_step(skipped: list[SkippedPost], where: Callable[[], str]) -> str | None:
    if not skipped:
        return None
    accounts = ", ".join(dict.fromkeys(a for s in skipped for a in s.accounts))
    return (
        f"{len(skipped)} post{'s were' if len(skipped) > 1 else ' was'} not retried: reconnect {accounts} {where()}, "
        "then call posts_retry_all_failed again."
    )


async def retried(client: LateClient, post_id: str, zone: tzinfo, *, where: Callable[[], str]) -> Post:
    """Retry one post; a 429 for an account's cooldown is explained (who, until when, what to do). A post neither
    failed nor partly failed is refused before sending (the API's 400), whether a question is asked or not.

    A post whose every failed platform is on an account that needs reconnecting would only fail again (as
    `retry_all` skips it): refused before sending, naming the accounts and where to reconnect them (`where()`).
    """
    post, accounts = await side_by_side(lambda: client.posts.get(post_id), lambda: connected_accounts(client))
    if post.status not in FAILED:  # the API retries only these (400): refused here, with or without a question
        raise InputError(
            f"Post {post.id} is {post.status}: only a failed or partly failed post can be retried. Nothing was sent."
        )
    blocked = _blocked(post, {a.id: a for a in accounts if a.needs_reconnect or not a.is_active})
    if blocked is not None:
        raise InputError(
            f"Not retried: post {post.id} failed on {', '.join(blocked.accounts)}, which must be reconnected first "
            f"(it would fail again): reconnect {'it' if len(blocked.accounts) == 1 else 'them'} {where()}, then call "
            "posts_retry again. Nothing was sent."
        )
    held = [c for c in cooling(accounts) if c.account_id in _failed_on(post)]
    if held and {c.account_id for c in held} == _failed_on(post):  # the API would refuse it (429) until the end
        raise refused_for(held, zone, "Not retried: nothing was sent. ")
    try:
        return await client.posts.retry(post_id, listed=post)
    except CooldownError as exc:
        raise await cooldown_error(client, exc, zone, what="Not retried.") from None


async def retry_outcome(client: LateClient, post_id: str, zone: tzinfo, *, listed: Post | None = None) -> RetryOutcome:
    """One retry, its failure included in the outcome rather than raised."""
    try:
        post = await client.posts.retry(post_id, listed=listed)
    except CooldownError as exc:  # a cooldown the accounts list did not show
        explained = await cooldown_error(client, exc, zone, what="Not retried.")
        return RetryOutcome(post_id=post_id, ok=False, error=str(explained))
    except LateAPIError as exc:
        return RetryOutcome(post_id=post_id, ok=False, error=f"{exc.status}: {exc.message}")
    except LateError as exc:
        return RetryOutcome(post_id=post_id, ok=False, error=str(exc))
    error = "; ".join(f"{p.platform}: {p.error_message}" for p in post.platforms if p.status == "failed")
    return RetryOutcome(
        post_id=post_id,
        ok=post.status == "published",
        status=post.status,
        published_at=local(published_at(post), zone),
        error=error or None,
    )
