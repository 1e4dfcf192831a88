"""A queued post's queue, checked before sending: the API refuses a post for a profile without a queue, or for a
paused queue, only once it is sent, which is after the person was asked to confirm it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from ...errors import InputError, NotFoundError, ServerError
from .._hints import DASHBOARD

if TYPE_CHECKING:
    from ...client import LateClient

log = logging.getLogger("late_mcp.tools.posts")

NOT_SENT = "Not created: nothing was posted."


async def check_queue(client: LateClient, payload: dict[str, Any], *, queues: str, resume: str) -> None:
    """Refuse, before anything is asked or sent, a post for a profile with no queue, a queue id not among the
    profile's, or a paused queue (`queues`: where the profile's queues are seen; `resume`: how this request
    resumes one, "with queue_update", empty where it cannot). Best effort: where the queues cannot be read, the API
    judges the post when it is sent."""
    profile, wanted = str(payload["queuedFromProfile"]), payload.get("queueId")
    try:
        found = await client.queue.list(profile)
    except (NotFoundError, ServerError) as exc:
        log.info("could not read the queues of profile %s: %r", profile, exc)
        return
    if wanted:
        queue = next((q for q in found if q.id == wanted), None)
        missing = f"queue_id {wanted} is not one of this profile's queues."
    else:
        queue = next((q for q in found if q.is_default), found[0] if found else None)
        missing = "This profile has no queue, so use_queue has no slot to take."
    if queue is None:
        raise InputError(f"{missing} {NOT_SENT}", hint=queues)
    if not queue.active:
        where = resume or DASHBOARD
        raise InputError(
            f"Queue {queue.name or queue.id!r} is paused, so it gives no slot. {NOT_SENT}",
            hint=f"Resume it (queue_id {queue.id}, active=true) {where}, or give the post a time in scheduled_for.",
        )
