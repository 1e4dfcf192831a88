"""Webhooks (the API docs' Webhooks reference): settings CRUD (10 per user), a test delivery, delivery logs.

A test delivery really POSTs to the webhook's URL (signed with ``X-Zernio-Signature`` when a secret is set), except
for the reserved demo hosts: ``example.com``/``.org``/``.net`` always accept and ``*.invalid`` never answers, so
tests through the in-process app need no network. ``/_sandbox/webhook-sink`` (loopback only) is a receiver that
keeps what it got, for tests over real HTTP.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlparse

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox.clock import iso, parse_instant
from late_mcp.sandbox.connections import guard_loopback
from late_mcp.sandbox.context import sandbox_of
from late_mcp.sandbox.errors import ApiError, bad_request
from late_mcp.sandbox.http import json_body, query, respond
from late_mcp.sandbox.params import int_param
from late_mcp.sandbox.store import Doc, Store

# The post and account events of the API's Event enum (its message, comment, review and ads families are not
# modelled here). "Supports up to 50 webhooks per user"; delivery logs are kept 30 days.
EVENTS = (
    "post.scheduled",
    "post.published",
    "post.failed",
    "post.partial",
    "post.cancelled",
    "post.recycled",
    "post.platform.published",
    "post.platform.failed",
    "post.platform.deleted",
    "post.tiktok.url_resolved",
    "post.external.created",
    "post.external.updated",
    "post.external.deleted",
    "account.connected",
    "account.disconnected",
)
MAX_WEBHOOKS = 50
RETENTION = timedelta(days=30)
_DEMO_HOSTS = ("example.com", "example.org", "example.net")


def _public(hook: Doc) -> Doc:
    return {k: v for k, v in hook.items() if not k.startswith("__")}


def _fields(body: dict[str, Any], *, creating: bool) -> Doc:
    out: Doc = {}
    if "name" in body or creating:
        name = body.get("name", "")
        if not isinstance(name, str) or len(name) > 50:
            raise bad_request("name must be a string of at most 50 characters", field="name")
        out["name"] = name
    if "url" in body or creating:
        url = body.get("url")
        parsed = urlparse(url) if isinstance(url, str) else None
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise bad_request("url must be an http(s) URL", field="url")
        out["url"] = url
    if "events" in body or creating:
        events = body.get("events", [])
        if not isinstance(events, list) or any(e not in EVENTS for e in events):
            raise bad_request(f"events must be a list of: {', '.join(EVENTS)}", field="events")
        out["events"] = list(dict.fromkeys(events))
    if "isActive" in body:
        if not isinstance(body["isActive"], bool):
            raise bad_request("isActive must be a boolean", field="isActive")
        out["isActive"] = body["isActive"]
    if "customHeaders" in body:
        headers = body["customHeaders"]
        if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
            raise bad_request("customHeaders must be an object of strings", field="customHeaders")
        out["customHeaders"] = headers
    if "secret" in body:
        if not isinstance(body["secret"], str):
            raise bad_request("secret must be a string", field="secret")
        out["__secret"] = body["secret"]
    return out


async def list_webhooks(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return respond({"webhooks": [_public(h) for h in store.all("webhooks")]})


async def create_webhook(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    with store.transaction():
        if len(store.all("webhooks")) >= MAX_WEBHOOKS:
            raise bad_request(f"Maximum of {MAX_WEBHOOKS} webhooks reached")
        hook: Doc = {
            "_id": store.new_id(),
            "isActive": True,
            "failureCount": 0,
            "lastFiredAt": None,
            "customHeaders": {},
            **_fields(body, creating=True),
        }
        store.put("webhooks", hook)
    return respond({"success": True, "webhook": _public(hook)})


def _hook(store: Store, webhook_id: object) -> Doc:
    if not isinstance(webhook_id, str) or not webhook_id:
        raise bad_request("Webhook ID required", field="webhookId")
    hook = store.get("webhooks", webhook_id)
    if hook is None:
        raise ApiError(404, "Webhook not found")
    return hook


async def update_webhook(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    with store.transaction():
        # webhookId; `_id` is its deprecated name, still accepted
        hook = _hook(store, body.get("webhookId") or body.get("_id"))
        hook.update(_fields(body, creating=False))
        if body.get("isActive") is True:
            hook["failureCount"] = 0
        store.put("webhooks", hook)
    return respond({"success": True, "webhook": _public(hook)})


async def delete_webhook(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    params = query(request)
    hook_id = params.get("webhookId") or params.get("id")  # `id`: "Alias of webhookId, kept for existing callers"
    if not hook_id:
        raise bad_request("Webhook ID required", field="webhookId")
    if not store.delete("webhooks", hook_id):
        raise ApiError(404, "Webhook not found")
    return respond({"success": True})


async def _deliver(hook: Doc, payload: Doc) -> tuple[bool, int | None, str | None, str | None]:
    """(delivered, status code, response body, error) for one POST of ``payload`` to the hook's URL."""
    host = (urlparse(hook["url"]).hostname or "").lower()
    if host.endswith(".invalid"):
        return False, None, None, f"getaddrinfo ENOTFOUND {host}"
    if any(host == d or host.endswith("." + d) for d in _DEMO_HOSTS):
        return True, 200, '{"ok":true}', None
    raw = json.dumps(payload).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Zernio-Event": str(payload.get("event")),
        **hook.get("customHeaders", {}),
    }
    if hook.get("__secret"):
        headers["X-Zernio-Signature"] = hmac.new(hook["__secret"].encode(), raw, hashlib.sha256).hexdigest()
    try:
        async with httpx.AsyncClient(timeout=5.0, follow_redirects=False) as client:
            response = await client.post(hook["url"], content=raw, headers=headers)
    except httpx.HTTPError as exc:
        return False, None, None, f"{type(exc).__name__}: {exc}"[:300]
    ok = response.status_code < 400
    return ok, response.status_code, response.text[:10_240], None if ok else f"HTTP {response.status_code}"


async def send_test(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    hook = _hook(store, body.get("webhookId"))
    payload = {
        "event": "webhook.test",
        "timestamp": iso(store.now()),
        "data": {"message": "This is a test webhook from Late", "webhookId": hook["_id"]},
    }
    started = time.perf_counter()
    ok, code, text, error = await _deliver(hook, payload)
    elapsed = int((time.perf_counter() - started) * 1000)
    with store.transaction():
        hook = _hook(store, hook["_id"])
        hook["failureCount"] = 0 if ok else int(hook.get("failureCount") or 0) + 1
        if ok:
            hook["lastFiredAt"] = iso(store.now())
        # Disabled "only once the endpoint has had no successful delivery for 3 days AND has either reached 20
        # consecutive terminal failures ... or been failing continuously for 3 days"
        last = hook.get("lastFiredAt")
        quiet = last is None or parse_instant(str(last)) < store.now() - timedelta(days=3)
        if hook["failureCount"] >= 20 and quiet:
            hook["isActive"] = False
        store.put("webhooks", hook)
        event_id = store.new_id()
        store.put(
            "webhook_logs",
            {
                "_id": event_id,
                "eventId": event_id,
                "webhookId": hook["_id"],
                "webhookName": hook.get("name"),
                "event": "webhook.test",
                "url": hook["url"],
                "status": "success" if ok else "failed",
                "statusCode": code,
                "requestPayload": payload,
                "responseBody": text,
                "errorMessage": error,
                "attemptNumber": 1,
                "responseTime": elapsed,
                "createdAt": iso(store.now()),
            },
        )
    if not ok:
        return respond({"success": False, "message": f"Test webhook failed to deliver: {error}"}, 500)
    return respond({"success": True, "message": "Test webhook sent successfully"})


async def webhook_logs(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    params = query(request)
    limit = int_param(params, "limit", 50, minimum=1, maximum=100)
    cutoff = store.now() - RETENTION
    logs = [
        log
        for log in store.all("webhook_logs")
        if parse_instant(log["createdAt"]) >= cutoff
        and (not params.get("status") or log["status"] == params["status"])
        and (not params.get("event") or log["event"] == params["event"])
        and (not params.get("webhookId") or log["webhookId"] == params["webhookId"])
    ]
    logs.sort(key=lambda log: str(log["createdAt"]), reverse=True)
    # WebhookLog has no `_id`: the stored key stays inside the sandbox
    return respond({"logs": [{k: v for k, v in log.items() if k != "_id"} for log in logs[:limit]]})


async def sink_receive(request: Request) -> JSONResponse:
    guard_loopback(request)
    store = sandbox_of(request).store
    store.put(
        "webhook_sink",
        {
            "_id": store.new_id(),
            "headers": dict(request.headers),
            "body": (await request.body()).decode("utf-8", "replace"),
        },
    )
    return respond({"received": True})


async def sink_list(request: Request) -> JSONResponse:
    guard_loopback(request)
    return respond({"received": sandbox_of(request).store.all("webhook_sink")})


routes = [
    Route("/api/v1/webhooks/settings", list_webhooks, methods=["GET"]),
    Route("/api/v1/webhooks/settings", create_webhook, methods=["POST"]),
    Route("/api/v1/webhooks/settings", update_webhook, methods=["PUT"]),
    Route("/api/v1/webhooks/settings", delete_webhook, methods=["DELETE"]),
    Route("/api/v1/webhooks/test", send_test, methods=["POST"]),
    Route("/api/v1/webhooks/logs", webhook_logs, methods=["GET"]),
    Route("/_sandbox/webhook-sink", sink_receive, methods=["POST"]),
    Route("/_sandbox/webhook-sink", sink_list, methods=["GET"]),
]
