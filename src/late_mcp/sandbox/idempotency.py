"""The ``Idempotency-Key`` header on the writes that declare it: ``POST /v1/posts`` and ``POST /v1/profiles``.

As the API documents its idempotent writes: the first request with a key is carried out and, when it succeeds
(2xx), its answer is stored; a repeat with the same key and the same body replays that answer with
``Idempotent-Replayed: true``; the same key with another body is 422, and so is the same key on another path
("reusing a key against a different postId returns 422 rather than replaying the other post's response"); a key
whose first request is still running is 409 ("retry after a short backoff"). Only 2xx answers are stored: a
non-2xx answer, or a request that throws, releases the key. Keys are kept 24 hours (on the sandbox clock) and are
scoped to the credential.

The stored answers live in the store (kind ``idempotency``), so they outlive a restart like the posts they
describe; the keys in flight live in memory, since a request in progress dies with the process.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
from datetime import timedelta

import anyio
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from late_mcp.sandbox.clock import iso, parse_instant
from late_mcp.sandbox.store import Doc, Store

#: (method, path) of every operation we serve that declares the header
KEYED = frozenset({("POST", "/api/v1/posts"), ("POST", "/api/v1/profiles")})
TTL = timedelta(hours=24)
_KIND = "idempotency"
_MAX_KEY = 255


class KeysInFlight:
    """The keys whose first request is still being carried out."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running: set[str] = set()

    def clear(self) -> None:
        with self.lock:
            self.running.clear()


async def keyed(
    app: ASGIApp,
    scope: Scope,
    receive: Receive,
    send: Send,
    *,
    store: Store,
    keys: KeysInFlight,
    credential: str,
    processing_s: float = 0.0,
) -> None:
    """Run the route under the request's Idempotency-Key, when it has one and the operation declares it."""
    key = Headers(scope=scope).get("idempotency-key")
    if key is None or (str(scope["method"]), str(scope["path"])) not in KEYED:
        await anyio.sleep(processing_s)
        await app(scope, receive, send)
        return
    if not key.strip() or len(key) > _MAX_KEY:
        await _answer(send, 400, {"error": f"Idempotency-Key must be 1 to {_MAX_KEY} characters"})
        return
    body = await _read_body(receive)
    if body is None:
        return  # the client went away before sending the body: nothing is carried out
    slot = hashlib.sha256(f"{credential}\0{key}".encode()).hexdigest()
    fingerprint = hashlib.sha256(str(scope["path"]).encode() + b"\0" + body).hexdigest()
    with keys.lock:  # decide under the lock, answer outside it
        busy = slot in keys.running
        stored = None if busy else _stored(store, slot)
        if not busy and stored is None:
            keys.running.add(slot)
    if busy:
        await _answer(
            send,
            409,
            {
                "error": "A request with this Idempotency-Key is still in progress; retry after a short wait.",
                "code": "idempotency_conflict",
            },
        )
        return
    if stored is not None:
        if stored["fingerprint"] != fingerprint:
            await _answer(
                send, 422, {"error": "This Idempotency-Key was already used with a different request (body or path)."}
            )
            return
        await _replay(send, stored)
        return
    try:
        await anyio.sleep(processing_s)
        start, chunks = await _run(app, scope, body)
        status = int(start["status"])
        if 200 <= status < 300:
            _store(store, slot, fingerprint, start, b"".join(chunks))
    finally:
        with keys.lock:
            keys.running.discard(slot)
    await send(start)
    await send({"type": "http.response.body", "body": b"".join(chunks)})


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _run(app: ASGIApp, scope: Scope, body: bytes) -> tuple[Message, list[bytes]]:
    """The route's answer, captured whole: it is stored before any byte of it is sent."""
    delivered = False
    start: Message = {}
    chunks: list[bytes] = []

    async def replay_body() -> Message:
        nonlocal delivered
        if delivered:
            await anyio.sleep_forever()  # the route reads the body once; nothing else will come
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def capture(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            start = message
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, replay_body, capture)
    return start, chunks


def _stored(store: Store, slot: str) -> Doc | None:
    record = store.get(_KIND, slot)
    if record is None:
        return None
    if parse_instant(str(record["createdAt"])) + TTL <= store.now():
        store.delete(_KIND, slot)
        return None
    return record


def _store(store: Store, slot: str, fingerprint: str, start: Message, body: bytes) -> None:
    headers = [
        [name.decode("latin-1"), value.decode("latin-1")]
        for name, value in start.get("headers", [])
        if name.lower() in (b"content-type", b"location")
    ]
    record = {
        "fingerprint": fingerprint,
        "status": int(start["status"]),
        "headers": headers,
        "body": base64.b64encode(body).decode("ascii"),
        "createdAt": iso(store.now()),
    }
    store.put(_KIND, record, doc_id=slot)


async def _replay(send: Send, record: Doc) -> None:
    body = base64.b64decode(record["body"])
    headers = [(str(name).encode("latin-1"), str(value).encode("latin-1")) for name, value in record["headers"]]
    headers += [(b"content-length", str(len(body)).encode()), (b"idempotent-replayed", b"true")]
    await send({"type": "http.response.start", "status": int(record["status"]), "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _answer(send: Send, status: int, body: dict[str, str]) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})
