"""The API gate in front of every ``/api/`` route: faults, auth, rate limit, the lazy publish clock, and
idempotency keys.

Order per request: injected latency / drop / timeout / failure (so a fault looks like the network or the server
misbehaving before anything else), then ``401`` for a wrong key, then ``429`` over the per-minute limit, then
scheduled posts whose time has passed are published, then the route runs under its Idempotency-Key (see
:mod:`late_mcp.sandbox.idempotency`). A fault rule with ``after`` fails the request once it was carried out: its
answer (already stored under the key) is dropped, replaced by the rule's status, or held back.

Every ``/api/`` response carries ``X-RateLimit-Limit``, ``X-RateLimit-Remaining``, ``X-RateLimit-Reset``, the
request's ``x-request-id`` (the client's, or a new one) and a ``Date`` on the sandbox clock, the API's clock.
"""

from __future__ import annotations

import hmac
import json
import uuid
from email.utils import format_datetime

import anyio
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from late_mcp.sandbox.context import Sandbox
from late_mcp.sandbox.faults import ConnectionDropped, FaultDecision
from late_mcp.sandbox.idempotency import keyed
from late_mcp.sandbox.publishing import process_due


async def _drop(send: Send) -> None:
    """Start a response and abort it: under uvicorn the socket closes mid-response (see ConnectionDropped)."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"2")],
        }
    )
    raise ConnectionDropped()


async def _json(send: Send, status: int, body: dict[str, object], headers: dict[str, str]) -> None:
    payload = json.dumps(body).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})


def bearer_key(headers: Headers) -> str | None:
    value = headers.get("authorization", "")
    scheme, _, key = value.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    return key.strip()


class ApiMiddleware:
    def __init__(self, app: ASGIApp, sandbox: Sandbox) -> None:
        self.app = app
        self.sandbox = sandbox

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not str(scope["path"]).startswith("/api/"):
            await self.app(scope, receive, _dated(send, self.sandbox))
            return
        sandbox = self.sandbox
        decision = sandbox.faults.decide(str(scope["method"]), str(scope["path"])) or FaultDecision()
        await anyio.sleep(decision.latency_s)
        if decision.fails and not decision.after:
            if decision.drop:
                await _drop(send)
            if decision.timeout_s is not None:
                await anyio.sleep(decision.timeout_s)

        store = sandbox.store
        request_headers = Headers(scope=scope)
        key = bearer_key(request_headers)
        limit = sandbox.settings.rate_limit_per_minute
        remaining, reset, allowed = sandbox.limiter.hit(key or "anonymous", store.now(), limit)
        api_headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(reset),
            "x-request-id": request_headers.get("x-request-id") or str(uuid.uuid4()),
            "Date": format_datetime(store.now(), usegmt=True),
        }

        if decision.status is not None and not decision.after:
            await _injected(send, decision, api_headers)
            return
        if key is None or not hmac.compare_digest(key.encode(), store.api_key.encode()):
            await _json(send, 401, {"error": "Unauthorized"}, api_headers)
            return
        if not allowed:
            retry_after = max(1, reset - int(store.now().timestamp()))
            await _json(
                send,
                429,
                {"error": f"Rate limit exceeded: {limit} requests per minute. Try again in {retry_after} seconds."},
                {**api_headers, "Retry-After": str(retry_after)},
            )
            return

        process_due(store)

        lost = decision.after and (decision.drop or decision.status is not None)

        async def send_with_headers(message: Message) -> None:
            if lost:
                return
            if message["type"] == "http.response.start":
                if decision.after and decision.timeout_s is not None:
                    await anyio.sleep(decision.timeout_s)  # carried out; the answer comes too late
                headers = MutableHeaders(scope=message)
                for name, value in api_headers.items():
                    headers[name] = value
            await send(message)

        await keyed(
            self.app,
            scope,
            receive,
            send_with_headers,
            store=store,
            keys=sandbox.keys,
            credential=key,
            processing_s=decision.processing_s,
        )
        if lost and decision.drop:
            await _drop(send)
        elif lost:
            await _injected(send, decision, api_headers)


def _dated(send: Send, sandbox: Sandbox) -> Send:
    """Every answer of the host carries its Date on the sandbox clock (uvicorn's own is turned off)."""

    async def dated(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers.setdefault("date", format_datetime(sandbox.store.now(), usegmt=True))
        await send(message)

    return dated


async def _injected(send: Send, decision: FaultDecision, headers: dict[str, str]) -> None:
    """The fault rule's status, with the API's headers (and Retry-After when the rule gives one)."""
    assert decision.status is not None
    extra = dict(headers)
    if decision.retry_after is not None:
        extra["Retry-After"] = str(decision.retry_after)
    message = "Rate limit exceeded" if decision.status == 429 else f"Injected fault: HTTP {decision.status}"
    body: dict[str, object] = {"error": f"{message} (sandbox fault rule {decision.rule_id})"}
    if decision.code is not None:
        body["code"] = decision.code
    await _json(send, decision.status, body, extra)
