"""Queue routes (API docs, Queue API Reference): slots CRUD, preview, next slot."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox.clock import iso
from late_mcp.sandbox.context import sandbox_of
from late_mcp.sandbox.errors import ApiError, bad_request
from late_mcp.sandbox.http import json_body, query, respond
from late_mcp.sandbox.params import int_param, required_str
from late_mcp.sandbox.queues import check_slots, check_timezone, find_queue, queues_of, upcoming
from late_mcp.sandbox.store import Doc, Store

_NEXT = 10


def _profile_id(store: Store, raw: object) -> str:
    if not isinstance(raw, str) or not raw:
        raise bad_request("profileId is required", field="profileId")
    if store.get("profiles", raw) is None:
        raise ApiError(404, "Profile not found")
    return raw


def _next_slots(store: Store, queue: Doc) -> list[str | None]:
    return [iso(when) for when in upcoming(store, queue, _NEXT)]


async def get_slots(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    params = query(request)
    profile_id = _profile_id(store, params.get("profileId"))
    if params.get("all") == "true":
        queues = queues_of(store, profile_id)
        return respond({"queues": queues, "count": len(queues)})
    queue = find_queue(store, profile_id, params.get("queueId"))
    if queue is None:
        if params.get("queueId"):
            raise ApiError(404, "Queue not found")
        return respond({"exists": False, "schedule": None, "nextSlots": []})
    return respond({"exists": True, "schedule": queue, "nextSlots": _next_slots(store, queue)})


async def create_queue(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    with store.transaction():
        profile_id = _profile_id(store, body.get("profileId"))
        name = required_str(body, "name")
        now = iso(store.now())
        existing = queues_of(store, profile_id)
        queue: Doc = {
            "_id": store.new_id(),
            "profileId": profile_id,
            "name": name.strip(),
            "timezone": check_timezone(body.get("timezone")),
            "slots": check_slots(body.get("slots")),
            "active": body.get("active", True) is not False,
            "isDefault": not existing,
            "createdAt": now,
            "updatedAt": now,
        }
        store.put("queues", queue)
    return respond({"success": True, "schedule": queue, "nextSlots": _next_slots(store, queue)}, 201)


async def put_queue(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    with store.transaction():
        profile_id = _profile_id(store, body.get("profileId"))
        queue_id = body.get("queueId")
        queue = find_queue(store, profile_id, str(queue_id) if queue_id else None)
        if queue is None and queue_id:
            raise ApiError(404, "Queue not found")
        now = iso(store.now())
        if queue is None:
            queue = {
                "_id": store.new_id(),
                "profileId": profile_id,
                "name": "Default queue",
                "isDefault": True,
                "createdAt": now,
            }
        queue.update(
            {
                "timezone": check_timezone(body.get("timezone")),
                "slots": check_slots(body.get("slots")),
                "updatedAt": now,
            }
        )
        if isinstance(body.get("name"), str) and body["name"].strip():
            queue["name"] = body["name"].strip()
        # The update's `active` defaults to true (the SDK's `update_queue_slot(active=True)`): an update that leaves
        # it out resumes a paused queue, as the API's PUT replaces the schedule.
        queue["active"] = body.get("active", True) is not False
        if body.get("setAsDefault") is True:
            for other in queues_of(store, profile_id):
                if other["_id"] != queue["_id"] and other.get("isDefault"):
                    other["isDefault"] = False
                    store.put("queues", other)
            queue["isDefault"] = True
        store.put("queues", queue)
        reshuffled = 0
        if body.get("reshuffleExisting") is True:
            queued = sorted(
                (p for p in store.all("posts") if p.get("queueId") == queue["_id"] and p.get("status") == "scheduled"),
                key=lambda p: str(p["scheduledFor"]),
            )
            for post in queued:
                post["scheduledFor"] = None
                store.put("posts", post)
            for post in queued:
                slots = upcoming(store, queue, 1)
                if slots:
                    post["scheduledFor"] = iso(slots[0])
                    post["timezone"] = queue["timezone"]
                    store.put("posts", post)
                    reshuffled += 1
    return respond(
        {"success": True, "schedule": queue, "nextSlots": _next_slots(store, queue), "reshuffledCount": reshuffled}
    )


async def delete_queue(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    params = query(request)
    with store.transaction():
        profile_id = _profile_id(store, params.get("profileId"))
        queue_id = params.get("queueId")
        if not queue_id:
            raise bad_request("queueId is required", field="queueId")
        queue = find_queue(store, profile_id, queue_id)
        if queue is None:
            raise ApiError(404, "Queue not found")
        store.delete("queues", queue_id)
        if queue.get("isDefault"):
            rest = queues_of(store, profile_id)
            if rest:
                rest[0]["isDefault"] = True
                store.put("queues", rest[0])
    return respond({"success": True, "deleted": True})


async def preview(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    params = query(request)
    profile_id = _profile_id(store, params.get("profileId"))
    count = int_param(params, "count", 20, minimum=1, maximum=100)
    queue = find_queue(store, profile_id, params.get("queueId"))
    if queue is None:
        raise ApiError(404, "Queue schedule not found")
    slots = [iso(when) for when in upcoming(store, queue, count)]
    return respond({"profileId": profile_id, "count": len(slots), "slots": slots})


async def next_slot(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    params = query(request)
    profile_id = _profile_id(store, params.get("profileId"))
    queue = find_queue(store, profile_id, params.get("queueId"))
    if queue is None:
        raise ApiError(404, "Queue schedule not found")
    if not queue.get("active", True):
        raise bad_request("This queue is not active", field="queueId")
    slots = upcoming(store, queue, 1)
    if not slots:
        raise ApiError(404, "No available slots")
    return respond(
        {
            "profileId": profile_id,
            "nextSlot": iso(slots[0]),
            "timezone": queue["timezone"],
            "queueId": queue["_id"],
            "queueName": queue["name"],
        }
    )


routes = [
    Route("/api/v1/queue/slots", get_slots, methods=["GET"]),
    Route("/api/v1/queue/slots", create_queue, methods=["POST"]),
    Route("/api/v1/queue/slots", put_queue, methods=["PUT"]),
    Route("/api/v1/queue/slots", delete_queue, methods=["DELETE"]),
    Route("/api/v1/queue/preview", preview, methods=["GET"]),
    Route("/api/v1/queue/next-slot", next_slot, methods=["GET"]),
]
