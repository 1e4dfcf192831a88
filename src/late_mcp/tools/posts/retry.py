"""Failed posts: finding them (failed, and partly failed) and retrying them all, with an outcome per post."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import tzinfo
from typing import TYPE_CHECKING

import anyio

from ...errors import LateAPIError, LateError
from ...models.posts import PostsList, RetryAll, RetryOutcome
from .._shared import side_by_side
from .text import failed_listing

if TYPE_CHECKING:
    from ...client import LateClient

#: progress so far, the total, and a line for the user (the MCP context's report_progress)
Progress = Callable[[float, float | None, str | None], Awaitable[None]]

FAILED = ("failed", "partial")


async def list_failed(client: LateClient, limit: int, zone: tzinfo) -> PostsList:
    """The newest failed and partly failed posts, with the total of both."""
    # Two plain awaits, not a task group: an error must reach the tool's error handling as itself.
    pages = {status: await client.posts.list(page=1, limit=limit, status=status) for status in FAILED}
    total = sum(page.pagination.total for page in pages.values())
    return failed_listing([post for page in pages.values() for post in page.posts], total, limit, zone)


async def retry_all(client: LateClient, *, concurrency: int, progress: Progress) -> RetryAll:
    """Retry every failed or partly failed post (all pages), `concurrency` at a time."""

    async def every(status: str) -> list[str]:
        return [post.id async for post in client.posts.iterate(status=status)]

    failed, partial = await side_by_side(lambda: every("failed"), lambda: every("partial"))
    ids = list(dict.fromkeys([*failed, *partial]))
    outcomes: dict[str, RetryOutcome] = {}
    limiter = anyio.CapacityLimiter(concurrency)

    async def retry_one(pid: str) -> None:
        async with limiter:
            outcomes[pid] = await retry_outcome(client, pid)
            await progress(len(outcomes), len(ids), f"retried {len(outcomes)} of {len(ids)}")

    async with anyio.create_task_group() as tg:
        for pid in ids:
            tg.start_soon(retry_one, pid)
    results = [outcomes[pid] for pid in ids]
    ok = sum(1 for r in results if r.ok)
    return RetryAll(found=len(ids), succeeded=ok, failed=len(ids) - ok, results=results)


async def retry_outcome(client: LateClient, post_id: str) -> RetryOutcome:
    """One retry, its failure included in the outcome rather than raised."""
    try:
        post = await client.posts.retry(post_id)
    except LateAPIError as exc:
        return RetryOutcome(post_id=post_id, ok=False, error=f"{exc.status}: {exc.message}")
    except LateError as exc:
        return RetryOutcome(post_id=post_id, ok=False, error=str(exc))
    error = "; ".join(f"{p.platform}: {p.error_message}" for p in post.platforms if p.status == "failed")
    return RetryOutcome(post_id=post_id, ok=post.status == "published", status=post.status, error=error or None)
