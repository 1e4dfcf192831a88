"""Posting queues: weekly time slots per profile, and the next free slot."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from ._base import APIDateTime, APIModel, RefId, Result, id_field


class QueueSlot(APIModel):
    day_of_week: int = Field(alias="dayOfWeek", description="0 = Sunday ... 6 = Saturday")
    time: str


class QueueSchedule(APIModel):
    id: str = id_field()
    profile_id: RefId = Field(None, alias="profileId")
    name: str | None = None
    timezone: str | None = None
    slots: list[QueueSlot] = Field(default_factory=list)
    active: bool = True
    is_default: bool = Field(False, alias="isDefault")


class QueueState(APIModel):
    """GET/POST/PUT /v1/queue/slots for one queue: the schedule and its next slots."""

    exists: bool = True
    schedule: QueueSchedule | None = None
    next_slots: list[APIDateTime] = Field(default_factory=list, alias="nextSlots")
    reshuffled_count: int | None = Field(None, alias="reshuffledCount")


class NextSlot(APIModel):
    profile_id: str | None = Field(None, alias="profileId")
    next_slot: APIDateTime = Field(None, alias="nextSlot")
    timezone: str | None = None
    queue_id: str | None = Field(None, alias="queueId")
    queue_name: str | None = Field(None, alias="queueName")


# --- tool results -----------------------------------------------------------------------------


class QueueOut(Result):
    id: str
    name: str | None = None
    timezone: str | None = None
    active: bool = True
    is_default: bool = False
    slots: list[str] = Field(description="Weekly slots, e.g. 'Mon 09:00', in the queue's time zone")
    next_slots: list[datetime] = Field(default_factory=list, description="In the user's time zone")


class QueuesList(Result):
    profile_id: str
    count: int
    queues: list[QueueOut]
    note: str | None = None


class QueueSaved(Result):
    queue: QueueOut
    reshuffled: int | None = Field(None, description="Queued posts moved to the new slots")
    summary: str


class QueueDeleted(Result):
    queue_id: str
    deleted: bool = True


class QueuePreview(Result):
    profile_id: str
    queue_id: str | None = None
    queue_name: str | None = None
    next_free: datetime | None = Field(None, description="Next slot not taken by a queued post (user's zone)")
    upcoming: list[datetime] = Field(default_factory=list, description="Upcoming slots (user's zone)")
    note: str | None = None
