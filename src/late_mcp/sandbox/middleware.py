"""The API gate in front of every ``/api/`` route: faults, auth, rate limit, and the lazy publish clock.

Order per request: injected latency / drop / timeout / failure (so a fault looks like the network or the server
misbehaving before anything else), then ``401`` for a wrong key, then ``429`` over the per-minute limit, then
scheduled posts whose time has passed are published, then the route runs. Every ``/api/`` response carries
``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset``.
"""

from __future__ import annotations

import hmac
import json

import anyio
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from late_mcp.sandbox.context import Sandbox
from late_mcp.sandbox.faults import ConnectionDropped
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
        if scope["type"] != "http" or not str(scope["path"]).startswith("/api/"):
            await self.app(scope, receive, send)
            return
        sandbox = self.sandbox
        decision = sandbox.faults.decide(str(scope["method"]), str(scope["path"]))
        if decision is not None:
            if decision.latency_s:
                await anyio.sleep(decision.latency_s)
            if decision.drop:
                await _drop(send)
            if decision.timeout_s is not None:
                await anyio.sleep(decision.timeout_s)

        store = sandbox.store
        key = bearer_key(Headers(scope=scope))
        limit = sandbox.settings.rate_limit_per_minute
        remaining, reset, allowed = sandbox.limiter.hit(key or "anonymous", store.now(), limit)
        limit_headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(reset),
        }

        if decision is not None and decision.status is not None:
            headers = dict(limit_headers)
            if decision.retry_after is not None:
                headers["Retry-After"] = str(decision.retry_after)
            message = "Rate limit exceeded" if decision.status == 429 else f"Injected fault: HTTP {decision.status}"
            await _json(send, decision.status, {"error": f"{message} (sandbox fault rule {decision.rule_id})"}, headers)
            return
        if key is None or not hmac.compare_digest(key.encode(), store.api_key.encode()):
            await _json(send, 401, {"error": "Unauthorized"}, limit_headers)
            return
        if not allowed:
            retry_after = max(1, reset - int(store.now().timestamp()))
            await _json(
                send,
                429,
                {"error": f"Rate limit exceeded: {limit} requests per minute. Try again in {retry_after} seconds."},
                {**limit_headers, "Retry-After": str(retry_after)},
            )
            return

        process_due(store)

        swallow = decision is not None and decision.drop_after

        async def send_with_headers(message: Message) -> None:
            if swallow:
                return
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in limit_headers.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
        if swallow:
            await _drop(send)
