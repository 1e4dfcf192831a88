"""Sending a post exactly once, and telling the truth about it.

Every create goes out under one Idempotency-Key (the client makes a fresh one for each create and keeps it across
that create's attempts). When an answer is lost (timeout, dropped connection, 5xx, 409 "key in flight") the
client sends the same request again under the same key, and an API that honours the key replays the post it
already made instead of making another. So the answer is: created (with the post), or not created after N
attempts; or, when the API's last word is that it is still carrying the request out, in progress.

The one limit is an API that does not honour the key. This is how it is noticed, and what is done then:

- A retry under the key is answered with the duplicate-content 409 (`details.existingPostId`): the API compared
  the content before (or instead of) the key. The existing post is this request's when `lookup.Sent.made` says
  so (created after the request was sent, in the mode asked, on every requested account); otherwise it is an
  older post and nothing new was made.
- A fresh 2xx (no `Idempotent-Replayed: true`) after an attempt whose answer was lost: either the lost attempt
  was never carried out (the usual case) or the API ignored the key and made the post twice. The posts made since
  sending are looked up: only this one, created; more, the API made it more than once, and every id is named.
- No attempt was confirmed: the posts made since sending are looked up. Found, created. Otherwise not created,
  unless the API's last answer was "key in flight": then it is still working on it, and the result says so.

The client, the clock and the sleep are arguments, so this is tested with a mock transport and a fake clock.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, tzinfo
from functools import partial
from typing import TYPE_CHECKING, Any

from ...errors import (
    CooldownError,
    DuplicateError,
    InFlightError,
    InputError,
    KeyedRequestFailed,
    LateAPIError,
    LateError,
    TransportError,
    clause,
)
from ...models.posts import Post, PostWritten
from ...rules import format_problems
from ...timeutil import require_future
from .._hints import DASHBOARD
from ..accounts.cooldown import cooldown_error, refused_for
from .lookup import Sent, posts_made
from .plan import Plan
from .queued import check_queue
from .text import written

if TYPE_CHECKING:
    from ...client import LateClient
    from ...client.posts import Created

log = logging.getLogger("late_mcp.tools.posts")

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]

#: when the API is still carrying the create out (409 in flight): how often, how many seconds apart, to look again
LOOKUP_RETRIES = 3
LOOKUP_WAIT = 2.0

LOST_NOTE = "The first answer was lost; the post was created once."


async def send_post(
    client: LateClient,
    plan: Plan,
    *,
    zone: tzinfo,
    now: Clock,
    sleep: Sleep,
    review: str = "",
    retry: str = DASHBOARD,
    queues: str = "",
    resume: str = "",
) -> PostWritten:
    """Create the post exactly once under its Idempotency-Key, and say what exists (`review`, `retry`: see
    `written`; `queues`: where the profile's queues are seen, for a refusal of the queue asked for; `resume`: how
    a paused queue is resumed here, see `queued.check_queue`)."""
    if plan.problems:
        raise InputError(format_problems(plan.problems))
    if plan.cooling:  # the API refuses a post (drafts excepted: they have none here) to these until the end
        raise refused_for(list(plan.cooling), zone, "Not created: nothing was sent. ")
    if plan.when.at is not None:
        require_future(plan.when.at, now=now(), zone=zone)  # the accounts call took time; still in the future?
    if plan.when.mode == "queue":
        await check_queue(client, plan.payload, queues=queues, resume=resume)
    sent = Sent.at(client, plan.payload, plan.when, now())
    told = partial(written, zone=zone, review=review, retry=retry, named=plan.when.named)
    try:
        created = await client.posts.create_keyed(plan.payload, publish_now=plan.when.mode == "now")
    except DuplicateError as exc:
        post = await _already_posted(client, plan.payload, exc)
        return told(post, already=True)
    except CooldownError as exc:  # an account's cooldown, not a rate limit: the same request would be refused again
        targets = {p["accountId"] for p in plan.payload["platforms"]}
        raise await cooldown_error(client, exc, zone, account_ids=targets, what="Not created.") from None
    except (LateAPIError, TransportError) as exc:
        # Refused, or never reached the API (a connection refused, a 429): no attempt was carried out.
        step = queues if queues and plan.when.mode == "queue" and _about_the_queue(exc) else exc.hint
        exc.hint = f"Not created: nothing was posted. {step}".strip()
        raise
    except KeyedRequestFailed as exc:
        post, already = await _unconfirmed(client, sent, exc, sleep)
        if already:
            return told(post, already=True)
        client.posts.made_after_all(post, exc)  # journaled as created, not as the failure it first looked like
        return told(not_failed(post, retry=retry), note=LOST_NOTE)
    if created.reply.lost and not created.reply.replayed:
        await _only_one(client, sent, created)
    note = LOST_NOTE if created.reply.lost else ""
    return told(not_failed(created.post, retry=retry), note=note)


def _about_the_queue(exc: LateError) -> bool:
    """A refusal of the queue asked for: its field, or the API's words, name the queue (not its profile)."""
    if not isinstance(exc, LateAPIError) or exc.status not in (400, 404):
        return False
    return exc.details.get("field") == "queueId" or "queue" in exc.message.lower()


def not_failed(post: Post, *, retried: bool = False, retry: str = DASHBOARD) -> Post:
    """The post, unless publishing it came back failed: then an error for the model, with the reason per platform
    and how to retry it here (`retry`, see `written`)."""
    if post.status != "failed":
        return post
    reasons = "; ".join(f"{p.platform}: {clause(p.error_message or 'failed')}" for p in post.platforms)
    what = "was retried but publishing failed again" if retried else "was created but publishing failed"
    raise LateError(
        f"Post {post.id} {what} ({reasons}).",
        hint=f"Fix the cause (e.g. reconnect the account), then retry post {post.id} {retry}.",
    )


async def _already_posted(client: LateClient, payload: dict[str, Any], exc: DuplicateError) -> Post:
    """A 409 duplicate: the existing post when it covers every account asked for; else nothing was created."""
    if not exc.existing_post_id:
        raise exc
    existing = await _get(client, exc.existing_post_id)
    wanted = {p["accountId"] for p in payload["platforms"]}
    have = {p.account_id for p in existing.platforms} if existing else set()
    if existing is None or not wanted <= have:
        missing = sorted(p["platform"] for p in payload["platforms"] if p["accountId"] not in have)
        raise LateError(
            f"Nothing was created: post {exc.existing_post_id} already has this content for some of these "
            f"accounts (the API refuses the same text to the same account within 24 hours), so "
            f"{', '.join(missing) or 'the other targets'} did not get it either.",
            hint="Send it again without the targets that already have it, or change the text.",
            request_id=exc.request_id,
        ) from None
    return existing


async def _unconfirmed(client: LateClient, sent: Sent, exc: KeyedRequestFailed, sleep: Sleep) -> tuple[Post, bool]:
    """No attempt was confirmed, after one whose answer was lost: the post it made (and whether it is an older one
    that already had this content), or an error that says why there is none."""
    last = exc.last
    if isinstance(last, DuplicateError) and last.existing_post_id:
        # The API answered a retry by content, not by key: the post it points at is either ours or older.
        existing = await _get(client, last.existing_post_id)
        if existing is not None and sent.made(existing):
            log.warning("the API did not honour the Idempotency-Key; post %s is this create's", existing.id)
            return existing, False
        return await _already_posted(client, sent.payload, last), True
    # The last attempt may still be running at the API: the key in flight, or no answer after it was sent.
    running = isinstance(last, InFlightError) or (isinstance(last, TransportError) and last.maybe_sent)
    looks = 1 + (LOOKUP_RETRIES if running else 0)
    for look in range(looks):
        if look:
            await sleep(LOOKUP_WAIT)
        found = await _made(client, sent, exc)
        if found:
            return found[0], False
    if isinstance(last, InFlightError):
        raise LateError(
            "Still in progress: the API was still carrying this create out when it last answered "
            f"({clause(str(exc))}). It ends either with the post made once or with the API refusing it (for example "
            "as a duplicate).",
            hint="Do not send it again now: check posts_list in a few minutes; send it again only if it is not there.",
            request_id=exc.request_id,
        )
    raise LateError(
        f"Not created: {exc.attempts} attempts under one Idempotency-Key were not confirmed ({clause(str(last))}), "
        "and no such post exists, so nothing was posted.",
        hint=(
            "If the API is very slow today, look in posts_list once before sending it again."
            if running
            else last.hint or "It is safe to try again."
        ),
        request_id=exc.request_id,
    )


async def _made(client: LateClient, sent: Sent, exc: KeyedRequestFailed) -> list[Post]:
    """The posts this create made; when they cannot be listed, trust a settled answer, else say it is unknown."""
    try:
        return await posts_made(client, sent)
    except (LateAPIError, TransportError):
        if exc.settled:  # the API refused the last attempt after looking the key up: nothing was carried out
            return []
        raise LateError(
            f"The create request's answer was lost ({clause(str(exc))}) and the API could not be asked whether the "
            "post exists.",
            hint="Do not send it again yet: call posts_list in a minute to check, then decide.",
            request_id=exc.request_id,
        ) from None


async def _only_one(client: LateClient, sent: Sent, created: Created) -> None:
    """A fresh 2xx after a lost answer: fine when this is the only post made; else the API ignored the key."""
    try:
        made = await posts_made(client, sent)
    except LateError as exc:
        log.info("could not check that post %s was made once (%r); the API confirmed it", created.post.id, exc)
        return
    copies = [p for p in made if p.id != created.post.id]
    others = [p.id for p in copies]
    for copy in copies:
        client.posts.made_after_all(copy)  # journaled too, so each can be undone
    if others:
        log.warning("the API did not honour the Idempotency-Key: posts %s and %s", created.post.id, others)
        raise LateError(
            f"The post was created {len(others) + 1} times ({', '.join([created.post.id, *others])}): an answer "
            "was lost and the API did not honour the Idempotency-Key when the request was sent again.",
            hint=f"Keep post {created.post.id} and delete the others with posts_delete.",
            request_id=created.reply.request_id,
        )


async def _get(client: LateClient, post_id: str) -> Post | None:
    try:
        return await client.posts.get(post_id)
    except LateError:
        return None
