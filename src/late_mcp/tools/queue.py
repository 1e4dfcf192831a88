"""Queue tools: a profile's weekly posting slots, and which slot a queued post takes next.

`parse_slots` turns what people say ("weekdays 9:00, sat 10am") into the API's {dayOfWeek, time} list.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from typing import Annotated, Any

from pydantic import Field

from ..errors import BadRequestError, InputError, NotFoundError
from ..models.queue import QueueDeleted, QueueOut, QueuePreview, QueueSaved, QueueSchedule, QueuesList, QueueState
from ..timeutil import parse_api_datetime, zone_or_error
from ._args import check_id, text_list
from ._context import Ctx, state
from ._errors import reports_errors
from ._shared import optional_id, profile_or_default

DAY_NAMES = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")
_FULL_DAYS = ("sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
_GROUPS = {
    "daily": list(range(7)),
    "everyday": list(range(7)),
    "every day": list(range(7)),
    "weekdays": [1, 2, 3, 4, 5],
    "weekday": [1, 2, 3, 4, 5],
    "weekends": [0, 6],
    "weekend": [0, 6],
}
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$")

ProfileArg = Annotated[str, Field(description="Profile ID; empty = the default profile")]
QueueIdArg = Annotated[str, Field(description="Queue ID; empty = the profile's default queue")]
SlotsArg = Annotated[
    str | list[str], Field(description="Weekly times, e.g. 'weekdays 09:00, sat 10:30' or 'mon/wed 18:00'")
]
ZoneArg = Annotated[str, Field(description="IANA zone of the slots; default the user's")]


def _day(token: str) -> list[int]:
    token = token.strip().lower().rstrip(".")
    if token in _GROUPS:
        return _GROUPS[token]
    if token.isdigit() and int(token) <= 6:
        return [int(token)]
    for index, full in enumerate(_FULL_DAYS):
        if len(token) >= 3 and full.startswith(token):
            return [index]
    if "-" in token:
        first, _, last = token.partition("-")
        start, end = _day(first), _day(last)
        if len(start) == 1 and len(end) == 1:
            return [(start[0] + i) % 7 for i in range((end[0] - start[0]) % 7 + 1)]
    raise InputError(f"Unknown day {token!r}: use mon..sun, mon-fri, weekdays, weekends or daily.")


def _time(token: str) -> str | None:
    match = _TIME.match(token.strip().lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_slots(value: str | list[str]) -> list[dict[str, Any]]:
    """'weekdays 09:00, sat 10:30am' -> [{dayOfWeek: 1, time: '09:00'}, ...] (0 = Sunday), sorted, no repeats.

    Days may be listed before the time they share: 'mon, wed 18:00' and 'mon/wed 18:00' mean the same.
    """
    slots: set[tuple[int, str]] = set()
    pending: list[int] = []
    items = [part for item in text_list(value, "slots") for part in re.split(r"[;\n]", item)]
    for item in items:
        text = re.sub(r"\s+(am|pm)\b", r"\1", item.strip().lower()).replace("every day", "everyday")
        words = [w for w in re.split(r"[\s/+&]+|\band\b", text) if w]
        if not words:
            continue
        time = _time(words[-1])
        if time is None and re.match(r"^\d", words[-1]) and not words[-1].isdigit():
            raise InputError(f"Unknown time {words[-1]!r}: use 24-hour HH:MM such as 09:00 or 18:30.")
        day_words = words[:-1] if time else words
        days = pending + [d for w in day_words for d in _day(w)]
        if time is None:
            pending = days
            continue
        if not days:
            raise InputError(f"Slot {item.strip()!r} has no day: write e.g. 'mon {time}' or 'daily {time}'.")
        slots.update((d, time) for d in days)
        pending = []
    if pending:
        raise InputError("The last day(s) in slots have no time: write e.g. 'fri 17:00'.")
    if not slots:
        raise InputError("slots is empty: give weekly times such as 'weekdays 09:00'.")
    return [{"dayOfWeek": d, "time": t} for d, t in sorted(slots)]


def slot_labels(queue: QueueSchedule) -> list[str]:
    return [f"{DAY_NAMES[s.day_of_week % 7]} {s.time}" for s in queue.slots]


def queue_out(queue: QueueSchedule, zone: tzinfo, next_slots: list[Any] | None = None) -> QueueOut:
    nexts = [parse_api_datetime(s) if isinstance(s, str) else s for s in (next_slots or [])]
    return QueueOut(
        id=queue.id,
        name=queue.name,
        timezone=queue.timezone,
        active=queue.active,
        is_default=queue.is_default,
        slots=slot_labels(queue),
        next_slots=[n.astimezone(zone) for n in nexts if n is not None][:5],
    )


def _saved(result: QueueState, zone: tzinfo, *, verb: str) -> QueueSaved:
    if result.schedule is None:
        raise InputError("The API saved the queue but did not return it; call queue_list to see it.")
    out = queue_out(result.schedule, zone, list(result.next_slots))
    first = f" Next slot: {out.next_slots[0]:%a %Y-%m-%d %H:%M %Z}." if out.next_slots else ""
    moved = f" {result.reshuffled_count} queued post(s) moved." if result.reshuffled_count else ""
    summary = f"Queue {out.name or out.id} {verb}: {', '.join(out.slots) or 'no slots'} ({out.timezone}).{first}{moved}"
    return QueueSaved(queue=out, reshuffled=result.reshuffled_count, summary=summary)


@reports_errors
async def queue_list(ctx: Ctx, profile_id: ProfileArg = "") -> QueuesList:
    """List a profile's posting queues: weekly slots, time zone, default, next free slots."""
    app = state(ctx)
    pid = await profile_or_default(app, profile_id)
    queues = await app.client.queue.list(pid)
    out = []
    for queue in queues:
        one = await app.client.queue.get(pid, queue.id)
        out.append(queue_out(queue, app.zone, list(one.next_slots)))
    note = None if out else "This profile has no queue yet: create one with queue_create."
    return QueuesList(profile_id=pid, count=len(out), queues=out, note=note)


@reports_errors
async def queue_create(
    name: Annotated[str, Field(description="Queue name, e.g. 'Weekday mornings'")],
    slots: SlotsArg,
    ctx: Ctx,
    profile_id: ProfileArg = "",
    timezone: ZoneArg = "",
) -> QueueSaved:
    """Create a posting queue of weekly slots for a profile (its first queue becomes the default)."""
    app = state(ctx)
    if not name.strip():
        raise InputError("name is empty: give the queue a name.")
    zone_name = timezone.strip() or app.settings.timezone
    zone_or_error(zone_name)
    result = await app.client.queue.create(
        profile_id=await profile_or_default(app, profile_id),
        name=name.strip(),
        timezone=zone_name,
        slots=parse_slots(slots),
    )
    return _saved(result, app.zone, verb="created")


@reports_errors
async def queue_update(
    ctx: Ctx,
    profile_id: ProfileArg = "",
    queue_id: QueueIdArg = "",
    slots: Annotated[str | list[str], Field(description="New weekly times (replace all); empty = keep")] = "",
    timezone: ZoneArg = "",
    name: str = "",
    active: Annotated[bool | None, Field(description="false pauses the queue")] = None,
    set_as_default: bool = False,
    reshuffle_existing: Annotated[bool, Field(description="Move queued posts onto the new slots")] = False,
) -> QueueSaved:
    """Change a queue: replace its slots, zone, name, pause/resume, make it the default."""
    app = state(ctx)
    pid = await profile_or_default(app, profile_id)
    qid = optional_id(queue_id, "queue_id", list_tool="queue_list")
    current = await app.client.queue.get(pid, qid)
    if current.schedule is None:
        raise InputError("This profile has no queue yet: create one with queue_create.")
    new_slots = parse_slots(slots) if (slots if isinstance(slots, list) else slots.strip()) else None
    if timezone.strip():
        zone_or_error(timezone.strip())
    result = await app.client.queue.update(
        profile_id=pid,
        queue_id=current.schedule.id,
        timezone=timezone.strip() or current.schedule.timezone or app.settings.timezone,
        slots=new_slots if new_slots is not None else [s.model_dump(by_alias=True) for s in current.schedule.slots],
        name=name.strip() or None,
        active=active,
        set_as_default=set_as_default,
        reshuffle_existing=reshuffle_existing,
    )
    return _saved(result, app.zone, verb="updated")


@reports_errors
async def queue_delete(
    queue_id: Annotated[str, Field(description="Queue ID from queue_list")], ctx: Ctx, profile_id: ProfileArg = ""
) -> QueueDeleted:
    """Delete a queue; if it was the default, another becomes the default."""
    app = state(ctx)
    qid = check_id(queue_id, "queue_id", list_tool="queue_list")
    await app.client.queue.delete(profile_id=await profile_or_default(app, profile_id), queue_id=qid)
    return QueueDeleted(queue_id=qid)


@reports_errors
async def queue_preview(
    ctx: Ctx,
    profile_id: ProfileArg = "",
    queue_id: QueueIdArg = "",
    count: Annotated[int, Field(ge=1, le=50, description="Upcoming slots to show")] = 5,
) -> QueuePreview:
    """Next free queue slot and upcoming slots, in the user's zone (to schedule with use_queue)."""
    app = state(ctx)
    pid = await profile_or_default(app, profile_id)
    qid = optional_id(queue_id, "queue_id", list_tool="queue_list")
    note = None
    try:
        nxt = await app.client.queue.next_slot(pid, queue_id=qid)
    except NotFoundError:
        nxt = None  # no free slot (or no queue: the preview below says which)
        note = "No free slot in this queue."
    except BadRequestError as exc:
        nxt = None  # a paused queue has upcoming slots but gives none out
        note = f"{exc.message}: queued posts wait until it is resumed (queue_update active=true)."
    upcoming = await app.client.queue.preview(pid, count=count, queue_id=qid) if count > 1 else []
    times = [parse_api_datetime(s) for s in upcoming]
    return QueuePreview(
        profile_id=pid,
        queue_id=(nxt.queue_id if nxt else None) or qid,
        queue_name=nxt.queue_name if nxt else None,
        next_free=nxt.next_slot.astimezone(app.zone) if nxt and nxt.next_slot else None,
        upcoming=[t.astimezone(app.zone) for t in times if t is not None],
        note=note,
    )
