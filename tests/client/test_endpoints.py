"""Every endpoint the client uses: method, path, query, body and headers on the wire."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from late_mcp import __version__
from late_mcp.client import LateClient

from .conftest import KEY, FakeAPI, MakeClient, R, raw_path, sent_json

POST_JSON = {"_id": "post_1", "content": "hi", "status": "draft", "platforms": []}
PROFILE_JSON = {"_id": "prof_1", "name": "Brand"}
TOKEN_JSON = {"token": "tok_1", "uploadUrl": "https://example.test/upload/tok_1", "status": "pending"}
PAGE_JSON = {"posts": [POST_JSON], "pagination": {"page": 1, "limit": 10, "total": 1, "pages": 1}}

CREATE_PAYLOAD: dict[str, Any] = {
    "content": "Hello from late-mcp",
    "platforms": [{"platform": "twitter", "accountId": "acc_1"}],
    "mediaItems": [{"type": "image", "url": "https://cdn.example/a.png"}],
    "scheduledFor": "2026-12-01T08:00:00.000Z",
    "timezone": "Europe/Berlin",
}


@dataclass(frozen=True)
class Case:
    call: Callable[[LateClient], Awaitable[object]]
    reply: Any
    method: str
    path: str
    query: dict[str, str]
    body: Any = None


CASES: dict[str, Case] = {
    # excludeHidden: accounts with enabled: false cannot be posted to
    "accounts.list": Case(
        lambda c: c.accounts.list(), {"accounts": []}, "GET", "/api/v1/accounts", {"excludeHidden": "true"}
    ),
    "accounts.list(profile)": Case(
        lambda c: c.accounts.list(profile_id="prof_1"),
        {"accounts": []},
        "GET",
        "/api/v1/accounts",
        {"profileId": "prof_1", "excludeHidden": "true"},
    ),
    "accounts.health": Case(
        lambda c: c.accounts.health(profile_id="prof_1", platform="twitter"),
        {"summary": {"total": 0}, "accounts": []},
        "GET",
        "/api/v1/accounts/health",
        {"profileId": "prof_1", "platform": "twitter"},
    ),
    "accounts.account_health": Case(
        lambda c: c.accounts.account_health("acc_1"),
        {"accountId": "acc_1", "status": "healthy"},
        "GET",
        "/api/v1/accounts/acc_1/health",
        {},
    ),
    "profiles.list": Case(lambda c: c.profiles.list(), {"profiles": []}, "GET", "/api/v1/profiles", {}),
    "profiles.get": Case(
        lambda c: c.profiles.get("prof_1"), {"profile": PROFILE_JSON}, "GET", "/api/v1/profiles/prof_1", {}
    ),
    "profiles.create": Case(
        lambda c: c.profiles.create(name="Brand", description="Our brand", color="#4ade80"),
        {"message": "created", "profile": PROFILE_JSON},
        "POST",
        "/api/v1/profiles",
        {},
        {"name": "Brand", "description": "Our brand", "color": "#4ade80"},
    ),
    "profiles.create(name only)": Case(
        lambda c: c.profiles.create(name="Brand"),
        {"profile": PROFILE_JSON},
        "POST",
        "/api/v1/profiles",
        {},
        {"name": "Brand"},
    ),
    "profiles.update": Case(
        lambda c: c.profiles.update("prof_1", {"name": "New name"}),
        {"profile": PROFILE_JSON},
        "PUT",
        "/api/v1/profiles/prof_1",
        {},
        {"name": "New name"},
    ),
    "profiles.delete": Case(
        lambda c: c.profiles.delete("prof_1"), {"message": "deleted"}, "DELETE", "/api/v1/profiles/prof_1", {}
    ),
    "posts.list": Case(lambda c: c.posts.list(), PAGE_JSON, "GET", "/api/v1/posts", {"page": "1", "limit": "10"}),
    "posts.list(filters)": Case(
        lambda c: c.posts.list(
            page=3,
            limit=100,
            status="failed",
            platform="twitter",
            profile_id="prof_1",
            date_from="2026-01-01",
            date_to="2026-02-01",
        ),
        PAGE_JSON,
        "GET",
        "/api/v1/posts",
        {
            "page": "3",
            "limit": "100",
            "status": "failed",
            "platform": "twitter",
            "profileId": "prof_1",
            "fromDate": "2026-01-01",
            "toDate": "2026-02-01",
        },
    ),
    "posts.list(empty filters dropped)": Case(
        lambda c: c.posts.list(status="", platform=None, profile_id=""),
        PAGE_JSON,
        "GET",
        "/api/v1/posts",
        {"page": "1", "limit": "10"},
    ),
    "posts.get": Case(lambda c: c.posts.get("post_1"), {"post": POST_JSON}, "GET", "/api/v1/posts/post_1", {}),
    "posts.create": Case(
        lambda c: c.posts.create(CREATE_PAYLOAD),
        {"message": "Post scheduled", "post": POST_JSON},
        "POST",
        "/api/v1/posts",
        {},
        CREATE_PAYLOAD,
    ),
    "posts.create(publish_now)": Case(
        lambda c: c.posts.create({**CREATE_PAYLOAD, "publishNow": True}, publish_now=True),
        {"post": POST_JSON},
        "POST",
        "/api/v1/posts",
        {},
        {**CREATE_PAYLOAD, "publishNow": True},
    ),
    "posts.update": Case(
        lambda c: c.posts.update("post_1", {"content": "edited"}),
        {"post": POST_JSON},
        "PUT",
        "/api/v1/posts/post_1",
        {},
        {"content": "edited"},
    ),
    "posts.delete": Case(
        lambda c: c.posts.delete("post_1"), {"message": "Post deleted"}, "DELETE", "/api/v1/posts/post_1", {}
    ),
    "posts.retry": Case(
        lambda c: c.posts.retry("post_1"), {"post": POST_JSON}, "POST", "/api/v1/posts/post_1/retry", {}
    ),
    "media.create_upload_token": Case(
        lambda c: c.media.create_upload_token(), TOKEN_JSON, "POST", "/api/v1/media/upload-token", {}
    ),
    "media.upload_token_status": Case(
        lambda c: c.media.upload_token_status("tok_1"),
        TOKEN_JSON,
        "GET",
        "/api/v1/media/upload-token",
        {"token": "tok_1"},
    ),
    "media.presign": Case(
        lambda c: c.media.presign(filename="a.png", content_type="image/png", size=2048),
        {"uploadUrl": "https://s3.example/put", "publicUrl": "https://cdn.example/a.png"},
        "POST",
        "/api/v1/media/presign",
        {},
        {"filename": "a.png", "contentType": "image/png", "size": 2048},
    ),
    "media.presign(no size)": Case(
        lambda c: c.media.presign(filename="a.pdf", content_type="application/pdf"),
        {"uploadUrl": "https://s3.example/put", "publicUrl": "https://cdn.example/a.pdf"},
        "POST",
        "/api/v1/media/presign",
        {},
        {"filename": "a.pdf", "contentType": "application/pdf"},
    ),
    "usage.stats": Case(lambda c: c.usage.stats(), {"planName": "Free"}, "GET", "/api/v1/usage-stats", {}),
}


@pytest.mark.parametrize("name", list(CASES))
async def test_request_on_the_wire(name: str, make_client: MakeClient) -> None:
    case = CASES[name]
    api = FakeAPI(R(200, case.reply))
    client = make_client(api)

    await case.call(client)

    assert api.calls == 1
    request = api.last
    assert request.method == case.method
    assert raw_path(request) == case.path
    assert dict(request.url.params) == case.query
    assert len(request.url.params.multi_items()) == len(case.query)
    assert sent_json(request) == case.body
    if case.body is not None:
        assert request.headers["content-type"] == "application/json"
    else:
        assert request.content == b""
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.headers["accept"] == "application/json"
    user_agent = request.headers["user-agent"]
    assert "late-mcp" in user_agent
    assert __version__ in user_agent


async def test_query_booleans_become_true_false_and_empty_values_are_dropped(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, {}))
    client = make_client(api)

    await client.http.request(
        "GET", "v1/things", params={"yes": True, "no": False, "none": None, "empty": "", "zero": 0, "word": "x"}
    )

    assert api.last.url.params.multi_items() == [("yes", "true"), ("no", "false"), ("zero", "0"), ("word", "x")]


async def test_base_url_with_trailing_slash_keeps_its_path(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, {"accounts": []}))
    client = LateClient(api_key=KEY, base_url="https://example.test/api/", transport=httpx.MockTransport(api))
    async with client:
        await client.accounts.list()
    assert str(api.last.url) == "https://example.test/api/v1/accounts?excludeHidden=true"


@pytest.mark.parametrize(
    ("post_id", "wire"),
    [
        ("a/b", "a%2Fb"),
        ("../x", "..%2Fx"),
        ("x?y", "x%3Fy"),
        ("x#y", "x%23y"),
        ("a b", "a%20b"),
        ("%2F", "%252F"),
        ("65f1c0ffee", "65f1c0ffee"),
    ],
)
@pytest.mark.parametrize(
    ("call", "method", "suffix"),
    [
        (lambda c, i: c.posts.get(i), "GET", ""),
        (lambda c, i: c.posts.update(i, {"content": "x"}), "PUT", ""),
        (lambda c, i: c.posts.delete(i), "DELETE", ""),
        (lambda c, i: c.posts.retry(i), "POST", "/retry"),
    ],
    ids=["get", "update", "delete", "retry"],
)
async def test_post_ids_are_one_escaped_path_segment(
    post_id: str,
    wire: str,
    call: Callable[[LateClient, str], Awaitable[object]],
    method: str,
    suffix: str,
    make_client: MakeClient,
) -> None:
    api = FakeAPI(R(200, {"post": POST_JSON}))
    client = make_client(api)

    await call(client, post_id)

    assert api.last.method == method
    assert raw_path(api.last) == f"/api/v1/posts/{wire}{suffix}"
    assert dict(api.last.url.params) == {}
    assert api.last.url.fragment == ""


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda c, i: c.profiles.get(i), "/api/v1/profiles/{}"),
        (lambda c, i: c.profiles.update(i, {"name": "n"}), "/api/v1/profiles/{}"),
        (lambda c, i: c.profiles.delete(i), "/api/v1/profiles/{}"),
        (lambda c, i: c.accounts.account_health(i), "/api/v1/accounts/{}/health"),
    ],
    ids=["profiles.get", "profiles.update", "profiles.delete", "accounts.account_health"],
)
async def test_other_path_ids_are_escaped(
    call: Callable[[LateClient, str], Awaitable[object]], path: str, make_client: MakeClient
) -> None:
    api = FakeAPI(R(200, {"profile": PROFILE_JSON}))
    client = make_client(api)

    await call(client, "../x?y")

    assert raw_path(api.last) == path.format("..%2Fx%3Fy")
    assert dict(api.last.url.params) == {}


@pytest.mark.parametrize("post_id", [".", "..", ""])
async def test_dot_and_empty_ids_never_reach_another_resource(post_id: str, make_client: MakeClient) -> None:
    api = FakeAPI(R(200, {"message": "deleted"}))
    client = make_client(api)

    # refusing the id locally is fine: what matters is where a request went
    with contextlib.suppress(Exception):
        await client.posts.delete(post_id)

    for request in api.requests:
        path = raw_path(request)
        assert path.startswith("/api/v1/posts/")
        assert path != "/api/v1/posts/"


async def test_client_used_as_async_context_manager_closes_its_pool() -> None:
    api = FakeAPI(R(200, {"accounts": []}))
    async with LateClient(api_key=KEY, base_url="https://example.test/api", transport=httpx.MockTransport(api)) as late:
        await late.accounts.list()
    with pytest.raises(RuntimeError):
        await late.accounts.list()
    assert api.calls == 1
