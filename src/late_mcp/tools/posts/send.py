"""Sending a post once. A create whose answer is lost is never sent again: the post is looked for, then reported.

The client, the user's zone, the clock and the sleep are arguments, so this is tested with a mock transport and a
fake clock, and the server passes the real ones.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from ...errors import DuplicateError, InputError, LateAPIError, LateError, ServerError, TransportError
from ...models.posts import Post, PostWritten
from ...rules import format_problems
from ...timeutil import require_future
from .plan import Plan
from .text import written

if TYPE_CHECKING:
    from ...client import LateClient

log = logging.getLogger("late_mcp.tools.posts")

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]

#: how far back a lost create is looked for (pages of 100 posts of the target's platform)
LOOKUP_PAGES = 20
#: after a create with no answer: how often, and how many seconds apart, to look for the post again
LOOKUP_RETRIES = 3
LOOKUP_WAIT = 2.0
#: how far before sending a found post may have been created: this machine's clock may be behind the API's
CLOCK_SLACK = timedelta(minutes=10)


async def send_post(client: LateClient, plan: Plan, *, zone: tzinfo, now: Clock, sleep: Sleep) -> PostWritten:
    """Create the post once. A lost answer is never replayed: look for the post, then report."""
    if plan.problems:
        raise InputError(format_problems(plan.problems))
    if plan.when.at is not None:
        require_future(plan.when.at, now=now())  # the accounts call took time; still in the future?
    # An identical post to the same accounts in the last 24 h would have been refused as a duplicate, so a match
    # created since shortly before sending is this request's post.
    sent_at = now() - CLOCK_SLACK
    try:
        post = await client.posts.create(plan.payload, publish_now=plan.when.mode == "now")
    except DuplicateError as exc:
        return written(await _already_posted(client, plan.payload, exc), zone, already=True)
    except (TransportError, ServerError) as exc:
        if isinstance(exc, TransportError) and not exc.maybe_sent:
            raise
        log.warning("create answer lost (%r); checking whether the post exists", exc)
        found = await _look_for(client, plan.payload, exc, since=sent_at, sleep=sleep)
        return written(not_failed(found), zone, note="The API's answer was lost, but the post was created.")
    return written(not_failed(post), zone)


def not_failed(post: Post, *, retried: bool = False) -> Post:
    """The post, unless publishing it came back failed: then an error for the model, with the reason per platform."""
    if post.status != "failed":
        return post
    reasons = "; ".join(f"{p.platform}: {p.error_message or 'failed'}" for p in post.platforms)
    what = "was retried but publishing failed again" if retried else "was created but publishing failed"
    raise LateError(
        f"Post {post.id} {what} ({reasons}).",
        hint="Fix the cause (e.g. reconnect the account), then call posts_retry with this post_id.",
    )


async def _already_posted(client: LateClient, payload: dict[str, Any], exc: DuplicateError) -> Post:
    """A 409 duplicate: the existing post when it covers every account asked for; else nothing was created."""
    if not exc.existing_post_id:
        raise exc
    try:
        existing: Post | None = await client.posts.get(exc.existing_post_id)
    except LateError:
        existing = None
    wanted = {p["accountId"] for p in payload["platforms"]}
    have = {p.account_id for p in existing.platforms} if existing else set()
    if existing is None or not wanted <= have:
        missing = sorted(p["platform"] for p in payload["platforms"] if p["accountId"] not in have)
        raise LateError(
            f"Nothing was created: post {exc.existing_post_id} already has this content for some of these "
            f"accounts (the API refuses the same text to the same account within 24 hours), so "
            f"{', '.join(missing) or 'the other targets'} did not get it either.",
            hint="Send it again without the targets that already have it, or change the text.",
        ) from None
    return existing


async def _look_for(
    client: LateClient, payload: dict[str, Any], exc: TransportError | ServerError, *, since: datetime, sleep: Sleep
) -> Post:
    """The post a create with a lost answer made; an error that says whether to send again when there is none."""
    # No answer at all (or a gateway's): the API may still be working on it, so look again for a while.
    unsure = isinstance(exc, TransportError) or exc.status in (502, 503, 504)
    for attempt in range(1 + (LOOKUP_RETRIES if unsure else 0)):
        if attempt:
            await sleep(LOOKUP_WAIT)
        try:
            found = await find_created(client, payload, since=since)
        except (LateAPIError, TransportError):
            raise LateError(
                f"The create request failed ({exc}) and the API could not be asked whether the post exists.",
                hint="Do not send it again yet: call posts_list in a minute to check, then decide.",
            ) from None
        if found is not None:
            return found
    if unsure:
        raise LateError(
            f"The create request got no answer ({exc}) and the post has not appeared since.",
            hint="It was probably not created, but the API may still be finishing it: check posts_list "
            "in a minute before sending it again.",
        ) from None
    raise LateError(
        f"The create request failed ({exc}) and no such post exists, so nothing was posted.",
        hint="It is safe to try again.",
    ) from None


async def find_created(client: LateClient, payload: dict[str, Any], *, since: datetime) -> Post | None:
    """After a create whose answer was lost: the post it made, if it made one.

    Same content and the same accounts, created since just before we sent it. The list is not sorted by
    creation time, so every page of the target platform's posts is searched; if there are more than
    LOOKUP_PAGES pages the answer is unknown, and that is an error, never "not created".
    """
    wanted_accounts = sorted(p["accountId"] for p in payload["platforms"])
    seen = 0
    async for post in client.posts.iterate(platform=payload["platforms"][0]["platform"], max_pages=LOOKUP_PAGES):
        seen += 1
        if (post.content or "") != payload.get("content", ""):
            continue
        if sorted(p.account_id or "" for p in post.platforms) != wanted_accounts:
            continue
        if post.created_at is not None and post.created_at >= since:
            return post
    if seen >= LOOKUP_PAGES * 100:
        raise LateError(
            "The create request's answer was lost and there are too many posts to check whether it was created.",
            hint="Do not send it again yet: look for it with posts_list first.",
        )
    return None
