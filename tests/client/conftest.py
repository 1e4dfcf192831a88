"""Shared helpers for the client tests: a scripted fake Late API behind httpx.MockTransport."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from late_mcp.client import LateClient, RetryPolicy

BASE_URL = "https://example.test/api"
#: a key of the real shape (sk_ + 64 hex); tests grep for it to prove it never leaks
KEY = "sk_" + "0123456789abcdef" * 4


@dataclass
class R:
    """One scripted answer: status, JSON (or raw text) body, headers."""

    status: int = 200
    json: Any = None
    text: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def build(self, request: httpx.Request) -> httpx.Response:
        if self.text is not None:
            return httpx.Response(self.status, text=self.text, headers=self.headers, request=request)
        if self.json is None:
            return httpx.Response(self.status, headers=self.headers, request=request)
        return httpx.Response(self.status, json=self.json, headers=self.headers, request=request)


Reply = R | type[httpx.TransportError] | Callable[[httpx.Request], httpx.Response]


class FakeAPI:
    """A MockTransport handler that plays its replies in order (the last one repeats) and records requests."""

    def __init__(self, *replies: Reply) -> None:
        self.replies: list[Reply] = list(replies) or [R(200, {})]
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        if isinstance(reply, R):
            return reply.build(request)
        if isinstance(reply, type) and issubclass(reply, httpx.TransportError):
            raise reply("scripted failure", request=request)
        return reply(request)

    @property
    def calls(self) -> int:
        return len(self.requests)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def raw_path(request: httpx.Request) -> str:
    """The path exactly as sent on the wire (still percent-encoded), without the query."""
    return request.url.raw_path.split(b"?", 1)[0].decode("ascii")


def sent_json(request: httpx.Request) -> Any:
    return json.loads(request.content) if request.content else None


def read_timeout(request: httpx.Request) -> float:
    timeouts: dict[str, float] = request.extensions["timeout"]
    return timeouts["read"]


MakeClient = Callable[..., LateClient]


@pytest.fixture
def sleeps() -> list[float]:
    """Every delay the client asked to sleep, in order (nothing really waits)."""
    return []


@pytest.fixture
async def make_client(sleeps: list[float]) -> AsyncIterator[MakeClient]:
    clients: list[LateClient] = []

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    def make(
        api: FakeAPI,
        *,
        api_key: str | None = KEY,
        retry: RetryPolicy | None = None,
        **kwargs: Any,
    ) -> LateClient:
        client = LateClient(
            api_key=api_key,
            base_url=BASE_URL,
            transport=httpx.MockTransport(api),
            sleep=fake_sleep,
            retry=retry,
            **kwargs,
        )
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()
