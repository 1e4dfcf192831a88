"""The sandbox's control routes need no key, so a web page must not be able to drive them from the user's browser.

A cross-site `fetch` with `Content-Type: text/plain` needs no preflight, and a DNS-rebinding page reaches loopback
under its own host name: both used to add fault rules, move the clock (publishing due posts) and wipe the data.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette

from late_mcp.sandbox.store import Store

from .conftest import ROOT

CONTROL = [
    ("POST", "/_sandbox/faults", b'{"path": "/api/v1/posts", "status": 500}'),
    ("POST", "/_sandbox/clock", b'{"advance": 86400}'),
    ("POST", "/_sandbox/reset", b"{}"),
    ("POST", "/_sandbox/settings", b'{"rate_limit_per_minute": 1}'),
    ("DELETE", "/_sandbox/faults", b""),
]


@pytest.fixture
async def raw(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=ROOT) as client:
        yield client


def _state(store: Store) -> tuple[float, int, int]:
    return store.clock.offset_seconds, len(store.all("posts")), len(store.all("accounts"))


@pytest.mark.parametrize(("method", "path", "body"), CONTROL)
async def test_a_cross_site_simple_request_changes_nothing(
    raw: httpx.AsyncClient, store: Store, method: str, path: str, body: bytes
) -> None:
    before = _state(store)
    response = await raw.request(
        method, path, content=body, headers={"Origin": "http://evil.example", "Content-Type": "text/plain"}
    )
    assert response.status_code == 403, response.text
    assert "origin" in response.json()["error"].lower()
    assert _state(store) == before
    assert (await raw.get("/_sandbox/faults")).json()["rules"] == []


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.nip.io"])
async def test_a_rebound_host_name_is_refused(raw: httpx.AsyncClient, store: Store, host: str) -> None:
    before = _state(store)
    response = await raw.post("/_sandbox/clock", json={"advance": 86400}, headers={"Host": host})
    assert response.status_code == 403, response.text
    assert "host" in response.json()["error"].lower()
    assert (await raw.get("/_sandbox/clock", headers={"Host": host})).status_code == 403
    assert _state(store) == before


@pytest.mark.parametrize(
    "content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
async def test_changes_need_a_json_body(raw: httpx.AsyncClient, store: Store, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = await raw.post("/_sandbox/faults", content=b'{"path": "/api/v1/posts", "status": 500}', headers=headers)
    assert response.status_code == 415, response.text
    assert "application/json" in response.json()["error"]
    assert store.clock.offset_seconds == 0
    assert (await raw.get("/_sandbox/faults")).json()["rules"] == []


@pytest.mark.parametrize("origin", [None, "http://127.0.0.1:8765", "http://localhost:3000", "http://[::1]:8765"])
@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765", "127.0.0.1"])
async def test_local_tools_still_work(raw: httpx.AsyncClient, origin: str | None, host: str) -> None:
    headers = {"Host": host, **({"Origin": origin} if origin else {})}
    response = await raw.post("/_sandbox/faults", json={"path": "/api/v1/posts", "status": 500}, headers=headers)
    assert response.status_code == 201, response.text
    charset = await raw.post(
        "/_sandbox/clock",
        content=b'{"advance": 1}',
        headers={**headers, "Content-Type": "application/json; charset=utf-8"},
    )
    assert charset.status_code == 200, charset.text


async def test_only_loopback_clients(app: Starlette) -> None:
    remote = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=("192.0.2.7", 5555)), base_url=ROOT)
    async with remote:
        response = await remote.post("/_sandbox/clock", json={"advance": 60})
    assert response.status_code == 403
    assert "loopback" in response.json()["error"]


async def test_the_api_itself_is_not_affected(raw: httpx.AsyncClient, store: Store) -> None:
    """The key guards /api/: a host name other than loopback (a tunnel, a container name) still reaches it."""
    response = await raw.get(
        "/api/v1/profiles", headers={"Host": "sandbox.internal:8765", "Authorization": f"Bearer {store.api_key}"}
    )
    assert response.status_code == 200, response.text
