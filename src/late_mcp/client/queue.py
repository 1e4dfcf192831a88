"""/v1/queue: weekly posting slots per profile, their preview and the next free slot."""

from __future__ import annotations

import builtins
from typing import Any

from ..models.queue import NextSlot, QueueSchedule, QueueState
from ._ops import operation
from ._transport import HTTP, items


class Queue:
    def __init__(self, http: HTTP) -> None:
        self._http = http

    @operation("GET /v1/queue/slots")
    async def list(self, profile_id: str) -> builtins.list[QueueSchedule]:
        """Every queue of a profile (`all=true`)."""
        body = await self._http.request("GET", "v1/queue/slots", params={"profileId": profile_id, "all": True})
        return [QueueSchedule.model_validate(q) for q in items(body, "queues")]

    @operation("GET /v1/queue/slots")
    async def get(self, profile_id: str, queue_id: str | None = None) -> QueueState:
        """One queue (the default when no id) with its next slots; `exists` is false when there is none."""
        return await self._http.parsed(
            QueueState, "GET", "v1/queue/slots", params={"profileId": profile_id, "queueId": queue_id}
        )

    @operation("POST /v1/queue/slots")
    async def create(
        self, *, profile_id: str, name: str, timezone: str, slots: builtins.list[dict[str, Any]], active: bool = True
    ) -> QueueState:
        """An additional queue; the profile's first queue becomes its default."""
        payload = {"profileId": profile_id, "name": name, "timezone": timezone, "slots": slots, "active": active}
        return QueueState.model_validate(await self._http.request("POST", "v1/queue/slots", json=payload))

    @operation("PUT /v1/queue/slots")
    async def update(
        self,
        *,
        profile_id: str,
        timezone: str,
        slots: builtins.list[dict[str, Any]],
        queue_id: str | None = None,
        name: str | None = None,
        active: bool | None = None,
        set_as_default: bool = False,
        reshuffle_existing: bool = False,
    ) -> QueueState:
        """Replace a queue's slots (the default queue when no id; the API creates it if missing)."""
        payload: dict[str, Any] = {"profileId": profile_id, "timezone": timezone, "slots": slots}
        if queue_id:
            payload["queueId"] = queue_id
        if name:
            payload["name"] = name
        if active is not None:
            payload["active"] = active
        if set_as_default:
            payload["setAsDefault"] = True
        if reshuffle_existing:
            payload["reshuffleExisting"] = True
        return QueueState.model_validate(await self._http.request("PUT", "v1/queue/slots", json=payload))

    @operation("DELETE /v1/queue/slots")
    async def delete(self, *, profile_id: str, queue_id: str) -> None:
        await self._http.request("DELETE", "v1/queue/slots", params={"profileId": profile_id, "queueId": queue_id})

    @operation("GET /v1/queue/preview")
    async def preview(self, profile_id: str, *, count: int = 10, queue_id: str | None = None) -> builtins.list[str]:
        """Upcoming slot times (ISO strings) of a profile's queue."""
        body = await self._http.request(
            "GET", "v1/queue/preview", params={"profileId": profile_id, "count": count, "queueId": queue_id}
        )
        return [str(s) for s in items(body, "slots") if s]

    @operation("GET /v1/queue/next-slot")
    async def next_slot(self, profile_id: str, *, queue_id: str | None = None) -> NextSlot:
        """The next slot no scheduled post holds yet."""
        return await self._http.parsed(
            NextSlot, "GET", "v1/queue/next-slot", params={"profileId": profile_id, "queueId": queue_id}
        )
