"""One pass's reads (`onepass`): a GET made twice is sent once, until a write or a person's answer; outside a pass,
every request reaches the API."""

from __future__ import annotations

import pytest

from late_mcp.errors import NotFoundError
from late_mcp.onepass import afresh, one_pass
from late_mcp.rehearsal import Rehearsed, rehearsal

from .conftest import FakeAPI, MakeClient, R

POST = {"post": {"_id": "p1", "status": "scheduled", "content": "Hi"}}


def sent(api: FakeAPI) -> list[str]:
    return [f"{r.method} {r.url.path.removeprefix('/api')}{'?' if r.url.query else ''}{r.url.query.decode()}"
            for r in api.requests]  # fmt: skip


async def test_outside_a_pass_every_get_is_sent(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, POST))
    late = make_client(api)
    await late.posts.get("p1")
    await late.posts.get("p1")
    assert sent(api) == ["GET /v1/posts/p1", "GET /v1/posts/p1"]


async def test_in_a_pass_the_same_get_is_sent_once_and_each_caller_has_its_own_copy(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, POST))
    late = make_client(api)
    with one_pass():
        first = await late.http.request("GET", "v1/posts/p1")
        first["post"]["content"] = "changed by its caller"
        again = await late.posts.get("p1")
        await late.http.request("GET", "v1/posts", params={"limit": 1})
        await late.http.request("GET", "v1/posts", params={"limit": 2})
    assert again.content == "Hi"
    assert sent(api) == ["GET /v1/posts/p1", "GET /v1/posts?limit=1", "GET /v1/posts?limit=2"]


async def test_a_write_ends_the_keeping_so_a_read_after_it_sees_what_it_did(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, POST), R(200, POST), R(200, {"post": {**POST["post"], "content": "Bye"}}))
    late = make_client(api)
    with one_pass():
        await late.posts.get("p1")
        await late.http.request("PUT", "v1/posts/p1", json={"content": "Bye"})
        after = await late.posts.get("p1")
        await late.posts.get("p1")  # a loop waiting for a change reaches the API each time
    assert after.content == "Bye"
    assert sent(api) == ["GET /v1/posts/p1", "PUT /v1/posts/p1", "GET /v1/posts/p1", "GET /v1/posts/p1"]


async def test_a_rehearsed_write_sends_nothing_and_keeps_the_reads(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, POST))
    late = make_client(api)
    with one_pass():
        await late.posts.get("p1")
        with pytest.raises(Rehearsed), rehearsal():
            await late.http.request("DELETE", "v1/posts/p1")
        await late.posts.get("p1")
    assert sent(api) == ["GET /v1/posts/p1"]


async def test_afresh_forgets_and_a_refused_read_is_not_kept(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, POST), R(200, POST), R(404, {"error": "Post not found"}))
    late = make_client(api)
    with one_pass():
        await late.posts.get("p1")
        afresh()  # the person is asked here: what runs after the answer reads after it
        await late.posts.get("p1")
        for _ in range(2):
            with pytest.raises(NotFoundError):
                await late.http.request("GET", "v1/posts/p2")
    assert sent(api) == ["GET /v1/posts/p1", "GET /v1/posts/p1", "GET /v1/posts/p2", "GET /v1/posts/p2"]
