"""Posting queues: weekly time slots per profile, and the next free slot a queued post takes.

A slot is ``{"dayOfWeek": 0-6 (0 = Sunday), "time": "HH:MM"}`` in the queue's IANA timezone. A slot is taken
when a scheduled post of the same queue is already at that instant.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from late_mcp.sandbox.clock import UTC, get_zone, iso
from late_mcp.sandbox.errors import ApiError
from late_mcp.sandbox.store import Doc, Store

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_HORIZON_DAYS = 366


def check_slots(raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise ApiError(400, "slots must be an array of {dayOfWeek, time}", {"field": "slots"})
    slots: list[dict[str, Any]] = []
    for index, slot in enumerate(raw):
        where = f"slots[{index}]"
        if not isinstance(slot, dict):
            raise ApiError(400, f"{where} must be an object", {"field": where})
        day = slot.get("dayOfWeek")
        time = slot.get("time")
        if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
            raise ApiError(400, f"{where}.dayOfWeek must be 0 (Sunday) to 6 (Saturday)", {"field": where})
        if not isinstance(time, str) or not _TIME.match(time):
            raise ApiError(400, f"{where}.time must be HH:MM (24-hour)", {"field": where})
        slots.append({"dayOfWeek": day, "time": time})
    slots.sort(key=lambda s: (s["dayOfWeek"], s["time"]))
    return slots


def check_timezone(raw: Any) -> str:
    if not isinstance(raw, str) or not raw:
        raise ApiError(400, "timezone is required (an IANA name such as America/New_York)", {"field": "timezone"})
    try:
        get_zone(raw)
    except ValueError:
        raise ApiError(400, f"Unknown timezone {raw!r}", {"field": "timezone"}) from None
    return raw


def queues_of(store: Store, profile_id: str) -> list[Doc]:
    return [q for q in store.all("queues") if q["profileId"] == profile_id]


def find_queue(store: Store, profile_id: str, queue_id: str | None) -> Doc | None:
    queues = queues_of(store, profile_id)
    if queue_id:
        return next((q for q in queues if q["_id"] == queue_id), None)
    return next((q for q in queues if q.get("isDefault")), queues[0] if queues else None)


def upcoming(store: Store, queue: Doc, count: int, *, skip_taken: bool = True) -> list[datetime]:
    """The next ``count`` slot instants after now, skipping those already holding a scheduled post."""
    if not queue.get("slots"):
        return []
    now = store.now()
    zone = get_zone(str(queue["timezone"]))
    taken: set[str] = set()
    if skip_taken:
        taken = {
            str(p["scheduledFor"])
            for p in store.all("posts")
            if p.get("queueId") == queue["_id"] and p.get("status") in ("scheduled", "publishing")
        }
    start = now.astimezone(zone).date()
    found: list[datetime] = []
    for offset in range(_HORIZON_DAYS):
        day = start + timedelta(days=offset)
        dow = (day.weekday() + 1) % 7
        for slot in queue["slots"]:
            if slot["dayOfWeek"] != dow:
                continue
            hour, minute = (int(part) for part in str(slot["time"]).split(":"))
            when = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(UTC)
            if when <= now or iso(when) in taken:
                continue
            found.append(when)
            if len(found) >= count:
                return found
    return found


def render_queue(queue: Doc) -> Doc:
    return dict(queue)
