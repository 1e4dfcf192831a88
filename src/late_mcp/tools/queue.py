"""Queue tools: a profile's weekly posting slots, and which slot a queued post takes next.

Slots are read from what people say by `slots.parse_slots`. The toolset also holds `posts_bulk_upload`, which
schedules many posts at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from ..errors import BadRequestError, InputError, NotFoundError
from ..models.queue import (
    NextSlot,
    QueueDeleted,
    QueueOut,
    QueuePreview,
    QueueSaved,
    QueueSchedule,
    QueuesList,
    QueueState,
)
from ..timeutil import local, now_utc, parse_api_datetime, zone_or_error
from ..wallclock import queue_zone, weekly_in_changes
from ._args import check_id
from ._context import Ctx, state
from ._hints import DASHBOARD, via, with_tool
from ._params import DefaultProfileArg, QueueIdArg, SlotsArg, SlotZoneArg
from ._shared import optional_id, profile_or_default
from ._spec import read, tool, toolset, write
from .posts.bulk import posts_bulk_upload
from .slots import parse_slots, slot_labels

if TYPE_CHECKING:
    from ..client import LateClient


async def queue_list(ctx: Ctx, profile_id: DefaultProfileArg = "") -> QueuesList:
    """List a profile's posting queues: weekly slots, time zone, default, next free slots."""
    app = state(ctx)
    pid = await profile_or_default(app.client, profile_id)
    queues = await app.client.queue.list(pid)
    out = []
    for queue in queues:
        one = await app.client.queue.get(pid, queue.id)
        out.append(queue_out(queue, app.zone, list(one.next_slots)))
    note = None if out else no_queue(via(ctx)("queue_create"))
    return QueuesList(profile_id=pid, count=len(out), queues=out, note=note)


async def queue_create(
    name: Annotated[str, Field(description="Queue name, e.g. 'Weekday mornings'")],
    slots: SlotsArg,
    ctx: Ctx,
    profile_id: DefaultProfileArg = "",
    timezone: SlotZoneArg = "",
) -> QueueSaved:
    """Create a posting queue of weekly slots for a profile (its first queue becomes the default)."""
    app = state(ctx)
    if not name.strip():
        raise InputError("name is empty: give the queue a name.")
    zone_name = timezone.strip() or app.settings.timezone
    zone_or_error(zone_name)
    weekly = parse_slots(slots)  # refused before any call, like the zone
    result = await app.client.queue.create(
        profile_id=await profile_or_default(app.client, profile_id), name=name.strip(), timezone=zone_name, slots=weekly
    )
    return _saved(result, app.zone, verb="created")


async def queue_update(
    ctx: Ctx,
    profile_id: DefaultProfileArg = "",
    queue_id: QueueIdArg = "",
    slots: Annotated[str | list[str], Field(description="New weekly times (replace all); empty = keep")] = "",
    timezone: SlotZoneArg = "",
    name: str = "",
    active: Annotated[bool | None, Field(description="false pauses the queue")] = None,
    set_as_default: bool = False,
    reshuffle_existing: Annotated[bool, Field(description="Move queued posts onto the new slots")] = False,
) -> QueueSaved:
    """Change a queue: replace its slots, zone, name, pause/resume, make it the default."""
    app = state(ctx)
    qid = optional_id(queue_id, "queue_id", list_tool="queue_list")
    edit = QueueEdit.read(
        slots, timezone, name, active, set_as_default=set_as_default, reshuffle_existing=reshuffle_existing
    )
    pid = await profile_or_default(app.client, profile_id)
    result = await edit.apply(app.client, pid, qid, default_zone=app.settings.timezone, create=via(ctx)("queue_create"))
    return _saved(result, app.zone, verb="updated")


async def queue_delete(
    queue_id: Annotated[str, Field(description="Queue ID from queue_list")],
    ctx: Ctx,
    profile_id: DefaultProfileArg = "",
) -> QueueDeleted:
    """Delete a queue; if it was the default, another becomes the default."""
    app = state(ctx)
    qid = check_id(queue_id, "queue_id", list_tool="queue_list")
    await app.client.queue.delete(profile_id=await profile_or_default(app.client, profile_id), queue_id=qid)
    return QueueDeleted(queue_id=qid)


async def queue_preview(
    ctx: Ctx,
    profile_id: DefaultProfileArg = "",
    queue_id: QueueIdArg = "",
    count: Annotated[int, Field(ge=1, le=50, description="Upcoming slots to show")] = 5,
) -> QueuePreview:
    """Next free queue slot and upcoming slots, in the user's zone (to schedule with use_queue)."""
    app = state(ctx)
    pid = await profile_or_default(app.client, profile_id)
    qid = optional_id(queue_id, "queue_id", list_tool="queue_list")
    nxt, note = await next_free(app.client, pid, qid, resume=with_tool(ctx, "queue_update"))
    upcoming = await preview(app.client, pid, qid, count, create=via(ctx)("queue_create"))
    times = [local(parse_api_datetime(s), app.zone) for s in upcoming]
    return QueuePreview(
        profile_id=pid,
        queue_id=(nxt.queue_id if nxt else None) or qid,
        queue_name=nxt.queue_name if nxt else None,
        next_free=local(nxt.next_slot, app.zone) if nxt else None,
        upcoming=[t for t in times if t is not None],
        note=note,
    )


# --- the domain -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueEdit:
    """What queue_update asks to change, checked before any call (`read`); None or empty keeps the queue's own."""

    slots: list[dict[str, Any]] | None
    timezone: str
    name: str
    active: bool | None
    set_as_default: bool = False
    reshuffle_existing: bool = False

    @classmethod
    def read(cls, slots: str | list[str], timezone: str, name: str, active: bool | None, **flags: bool) -> QueueEdit:
        """The edit as the model gave it; bad slots or an unknown zone are refused here, before any call."""
        if timezone.strip():
            zone_or_error(timezone.strip())
        given = slots if isinstance(slots, list) else slots.strip()
        if not (given or timezone.strip() or name.strip() or active is not None or any(flags.values())):
            raise InputError(
                "Nothing to change: give slots, timezone, name, active, set_as_default or reshuffle_existing."
            )
        return cls(parse_slots(slots) if given else None, timezone.strip(), name.strip(), active, **flags)

    async def apply(
        self, client: LateClient, profile_id: str, queue_id: str | None, *, default_zone: str, create: str
    ) -> QueueState:
        """`create`: how a queue is created here (`no_queue`). The update replaces the queue, and the contract's
        `active` defaults to true: a paused queue is paused again unless `active` says otherwise."""
        current = await client.queue.get(profile_id, queue_id)
        schedule = current.schedule
        if schedule is None:
            raise InputError(no_queue(create))
        return await client.queue.update(
            profile_id=profile_id,
            queue_id=schedule.id,
            timezone=self.timezone or schedule.timezone or default_zone,
            slots=self.slots if self.slots is not None else [s.model_dump(by_alias=True) for s in schedule.slots],
            name=self.name or None,
            active=schedule.active if self.active is None else self.active,
            set_as_default=self.set_as_default,
            reshuffle_existing=self.reshuffle_existing,
        )


async def preview(client: LateClient, profile_id: str, queue_id: str | None, count: int, *, create: str) -> list[str]:
    """The upcoming slot times (none past the next one when `count` is 1); where no queue was named, a 404 is a
    profile without a queue, and says how one is made (`create`, as `no_queue`)."""
    if count <= 1:
        return []
    try:
        return await client.queue.preview(profile_id, count=count, queue_id=queue_id)
    except NotFoundError as exc:
        if queue_id is None:
            exc.hint = no_queue(create)
        raise


def no_queue(create: str) -> str:
    """`create`: how a queue is created here ("with queue_create", "in the Late dashboard": `_hints.via`)."""
    return f"This profile has no queue yet: create one {create}."


async def next_free(
    client: LateClient, profile_id: str, queue_id: str | None, *, resume: str | None
) -> tuple[NextSlot | None, str | None]:
    """The next slot no queued post holds, or None and why there is none (`resume`: how a paused queue is resumed
    here, `_hints.with_tool`; None: in the Late dashboard)."""
    try:
        return await client.queue.next_slot(profile_id, queue_id=queue_id), None
    except NotFoundError:
        return None, "No free slot in this queue."  # no free slot (or no queue: the preview says which)
    except BadRequestError as exc:  # a paused queue has upcoming slots but gives none out
        how = f"(active=true) {resume}" if resume else DASHBOARD
        return None, f"{exc.message}: queued posts wait until it is resumed {how}."


def queue_out(queue: QueueSchedule, zone: tzinfo, next_slots: list[Any] | None = None) -> QueueOut:
    nexts = [parse_api_datetime(s) if isinstance(s, str) else s for s in (next_slots or [])]
    return QueueOut(
        id=queue.id,
        name=queue.name,
        timezone=queue.timezone,
        active=queue.active,
        is_default=queue.is_default,
        slots=slot_labels(queue),
        next_slots=[local(n, zone) for n in nexts if n is not None][:5],
    )


def _saved(result: QueueState, zone: tzinfo, *, verb: str) -> QueueSaved:
    if result.schedule is None:
        raise InputError("The API saved the queue but did not return it; call queue_list to see it.")
    out = queue_out(result.schedule, zone, list(result.next_slots))
    first = f" Next slot: {out.next_slots[0]:%a %Y-%m-%d %H:%M %Z}." if out.next_slots else ""
    if not out.active:
        first = " Paused: queued posts wait until it is resumed (active=true)."
    moved = f" {result.reshuffled_count} queued post(s) moved." if result.reshuffled_count else ""
    summary = f"Queue {out.name or out.id} {verb}: {', '.join(out.slots) or 'no slots'} ({out.timezone}).{first}{moved}"
    summary += _in_changes(result.schedule, zone)
    return QueueSaved(queue=out, reshuffled=result.reshuffled_count, summary=summary)


def _in_changes(queue: QueueSchedule, zone: tzinfo) -> str:
    """The slots a clock change in the coming year skips or repeats (in the queue's zone), said at once: Late
    keeps a slot's wall time, so that week's post goes out at a time Late picks, an hour (or 30 min) off. A zone
    this machine does not know is said first: the check was made in the user's zone instead."""
    there, unknown = queue_zone(queue.timezone, zone, queue=queue.name or queue.id)
    weekly = [((s.day_of_week - 1) % 7, s.time) for s in queue.slots]  # dayOfWeek counts from Sunday = 0
    found = weekly_in_changes(weekly, there, now_utc().astimezone(there).date())
    said = f" {unknown}" if unknown else ""
    if not found:
        return said
    return said + (
        f" Clock changes: {'; '.join(found)}. That week Late puts the post at a time of its own choosing; a slot "
        "outside the change keeps it exact."
    )


TOOLSET = toolset(
    "queue",
    tool(queue_list, read("List queues")),
    tool(queue_preview, read("Queue slots")),
    tool(queue_create, write("Create queue")),
    # Replaces the slots (and may move queued posts), so an update can lose the old schedule.
    tool(queue_update, write("Update queue", destructive=True, idempotent=True)),
    tool(queue_delete, write("Delete queue", destructive=True, idempotent=True)),
    # Creates posts that will publish, like posts_create: destructive. Offered over HTTP too: its csv and rows need
    # no file; its path is refused there unless LATE_MEDIA_DIRS is set (bulk.readable_dirs).
    tool(posts_bulk_upload, write("Bulk upload CSV", destructive=True)),
)
