"""When a post goes out: exactly one mode (draft, now, queue or scheduled) and, if scheduled, an aware time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Literal

from ...errors import InputError
from ...timeutil import in_minutes, iso_utc, now_utc, require_future, user_time, zone_or_error
from .._args import check_id, platform_name
from .._params import DEFAULT_MINUTES
from .args import TargetIn

Mode = Literal["draft", "now", "scheduled", "queue"]


@dataclass(frozen=True)
class When:
    mode: Mode
    at: datetime | None = None  # aware UTC, for scheduled
    queue_id: str | None = None
    named: tzinfo | None = None  # the zone the call gave (`timezone`): the answer shows the time there too


#: what a queue_id that is not an id is told where this server cannot list queues
NO_QUEUE_LIST = "Leave queue_id empty to use the profile's default queue."


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
    *,
    ids: str | Callable[[], str] = NO_QUEUE_LIST,
) -> When:
    """Exactly one mode; a scheduled time is aware, in the future, and read in the user's zone.

    The arguments carry the posting tools' parameter names, so a tool passes its own in this order; `ids`:
    where a queue's id is found in this request (`_hints.ids_from`), worded only for a bad id.
    """
    one_time(schedule_minutes, scheduled_for)
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
        qid = check_id(queue_id, "queue_id", list_tool="queue_list", ids=ids) if queue_id.strip() else None
        return When("queue", queue_id=qid)
    current = now or now_utc()
    if scheduled_for.strip():
        at = user_time(scheduled_for, timezone, zone, now=current)
        require_future(at, now=current, zone=zone)
        return When("scheduled", at, named=named_zone(timezone))
    return When("scheduled", in_minutes(schedule_minutes, now=current))


def one_time(schedule_minutes: int, scheduled_for: str) -> None:
    """Refuse a call that says when twice; checked before "best" is read, as it quotes the words as given."""
    if scheduled_for.strip() and schedule_minutes is not DEFAULT_MINUTES:
        raise InputError(
            f"schedule_minutes={schedule_minutes} and scheduled_for={scheduled_for.strip()!r} both say when: "
            "give one of them (scheduled_for for a time, schedule_minutes for minutes from now)."
        )


def named_zone(timezone: str) -> tzinfo | None:
    """The zone a call's `timezone` names (checked already by `user_time`), None when it names none: a time the
    person gave in a zone is told back in that zone, so they recognise it."""
    return zone_or_error(timezone) if timezone.strip() else None


def target_times(
    targets: Sequence[TargetIn] | None, when: When, timezone: str, zone: tzinfo, now: datetime | None = None
) -> list[TargetIn] | None:
    """Targets with their own `scheduled_for` read like every time (the user's zone unless `timezone`), checked
    to be ahead, and rewritten as UTC instants: the API takes them as per-platform scheduledFor overrides of the
    post's time ("LinkedIn at 9, X at 12")."""
    if not targets or not any(t.scheduled_for.strip() for t in targets):
        return list(targets) if targets is not None else None
    if when.mode != "scheduled":
        raise InputError(
            "A target's scheduled_for goes with a scheduled post: drop it, or drop is_draft/publish_now/use_queue."
        )
    current = now or now_utc()
    timed = []
    for target in targets:
        if not target.scheduled_for.strip():
            timed.append(target)
            continue
        field = f"targets[{platform_name(target.platform)}].scheduled_for"
        at = user_time(target.scheduled_for, timezone, zone, field=field, now=current)
        require_future(at, now=current, field=field, zone=zone)
        timed.append(target.model_copy(update={"scheduled_for": iso_utc(at)}))
    return timed
