"""When a post goes out: exactly one mode (draft, now, queue or scheduled) and, if scheduled, an aware time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Literal

from ...errors import InputError
from ...timeutil import in_minutes, now_utc, parse_user_datetime, require_future, zone_or_error
from .._args import check_id
from .._params import DEFAULT_MINUTES

Mode = Literal["draft", "now", "scheduled", "queue"]


@dataclass(frozen=True)
class When:
    mode: Mode
    at: datetime | None = None  # aware UTC, for scheduled
    queue_id: str | None = None


def choose_when(
    is_draft: bool,
    publish_now: bool,
    schedule_minutes: int,
    scheduled_for: str,
    timezone: str,
    zone: tzinfo,
    use_queue: bool = False,
    queue_id: str = "",
    now: datetime | None = None,
) -> When:
    """Exactly one mode; a scheduled time is aware, in the future, and read in the user's zone.

    The arguments carry the posting tools' parameter names, so a tool passes its own in this order.
    """
    if scheduled_for.strip() and schedule_minutes is not DEFAULT_MINUTES:
        raise InputError(
            f"schedule_minutes={schedule_minutes} and scheduled_for={scheduled_for.strip()!r} both say when: "
            "give one of them (scheduled_for for a time, schedule_minutes for minutes from now)."
        )
    if sum((is_draft, publish_now, use_queue)) > 1:
        raise InputError("Choose one of is_draft, publish_now and use_queue (draft saves, publish_now posts now).")
    if scheduled_for.strip() and (is_draft or publish_now or use_queue):
        raise InputError("scheduled_for goes with a scheduled post: drop it, or set is_draft/publish_now false.")
    if queue_id.strip() and not use_queue:
        raise InputError("queue_id needs use_queue=true.")
    if is_draft:
        return When("draft")
    if publish_now:
        return When("now")
    if use_queue:
        qid = check_id(queue_id, "queue_id", list_tool="queue_list") if queue_id.strip() else None
        return When("queue", queue_id=qid)
    current = now or now_utc()
    if scheduled_for.strip():
        at = parse_user_datetime(scheduled_for, zone_or_error(timezone) if timezone.strip() else zone)
        require_future(at, now=current)
        return When("scheduled", at)
    return When("scheduled", in_minutes(schedule_minutes, now=current))
