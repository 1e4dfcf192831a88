"""`scheduled_for="best"` on the create tools: the soonest of the three best weekly slots for the post's platform
(the API's best-time analytics), else the queue's next free slot; with the rule that chose it, to tell the user.

A time taken from the queue is best sent through the queue (`Best.queued`): the API docs warn "Do not call
/v1/queue/next-slot and then use that time in scheduledFor. That bypasses the queue system and can cause duplicate
slot assignments" (POST /v1/posts, `queuedFromProfile`).
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, NamedTuple

from ...errors import LateAPIError, LateError
from ...timeutil import UTC
from ...wallclock import local_label
from .._shared import profile_or_default
from .besttimes import NO_ADDON, Via, needs_addon, next_best, ranked

if TYPE_CHECKING:
    from ...client import LateClient

#: the soonest a "best" time may be: the post must still be scheduled (not published at once) when it arrives
LEAD = timedelta(minutes=10)


class Best(NamedTuple):
    """The instant "best" means and the rule that chose it; `queued`: for a time taken from the queue's next slot,
    the rule when the post goes through the queue instead (and so holds that slot), else empty."""

    at: datetime
    rule: str
    queued: str = ""


async def best_time(
    client: LateClient,
    platforms: list[str],
    profile_id: str,
    zone: tzinfo,
    *,
    now: datetime,
    via: Via,
    queue: bool = True,
) -> Best:
    """The instant "best" means for these platforms, and the rule that chose it (one sentence); without one, an
    error with the queue step `via` says. `queue`: whether the post may go through the queue at all (not under
    approval, nor with a target's own time)."""
    platform = platforms[0] if len(platforms) == 1 else None
    on = f" on {platform}" if platform else ""
    try:
        answer = await client.analytics.best_time(platform=platform, profile_id=profile_id.strip() or None)
    except LateAPIError as exc:
        if not needs_addon(exc):
            raise
        return await _queue_next(client, profile_id, zone, now=now, why="no Analytics add-on", via=via, queue=queue)
    choice = next_best(ranked(answer), now + LEAD)
    if choice is None:
        why = f"no engagement data{on} yet"
        return await _queue_next(client, profile_id, zone, now=now, why=why, via=via, queue=queue)
    at, slot = choice
    basis = (
        f"avg engagement {slot.engagement} over {slot.posts} post{'s' * (slot.posts != 1)}"
        if slot.posts
        else "past engagement"
    )
    return Best(at, f'"best" chose {local_label(at, zone)}: the soonest of the 3 best weekly slots{on} ({basis}).')


async def _queue_next(
    client: LateClient, profile_id: str, zone: tzinfo, *, now: datetime, why: str, via: Via, queue: bool
) -> Best:
    """The queue's next free slot, and the rules for the post sent by that time (which does not hold the slot)
    and through the queue (which does). Through the queue only where the post's accounts are surely that
    queue's profile's: `profile_id` given (the post uses only its accounts) or the one profile there is; the
    queue a post takes is its accounts' profile's."""
    pid = await profile_or_default(client, profile_id)
    try:
        found = await client.queue.next_slot(pid)
    except LateAPIError:
        found = None
    at = found.next_slot if found is not None else None
    if at is None or at.astimezone(UTC) <= now + LEAD:
        raise LateError(
            f'scheduled_for="best" found no time: {why}, and profile {pid} has no free queue slot. '
            + (NO_ADDON if "add-on" in why else ""),
            hint=f"Give scheduled_for a time, or set up a queue of weekly slots {via('queue_create')}.",
        )
    by_time = (
        f'"best" chose {local_label(at, zone)}: the queue\'s next free slot ({why}). Scheduled by time, the post does '
        "not hold it: Late's queue counts only queued posts, so the next one goes then too"
    )
    if not queue:  # approval, or a target's own time: use_queue is refused there too, so it is not offered
        return Best(at, by_time + ".")
    if not profile_id.strip() and len(await client.profiles.list()) > 1:
        return Best(at, by_time + " (use_queue=true holds it).")
    queued = f'"best" took the queue\'s next free slot ({why}), as a queued post: it holds that slot.'
    return Best(at, by_time + ".", queued)
