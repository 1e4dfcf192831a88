"""Retry policy: what is sent again, how long the client waits, and what is never replayed."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import pytest

from late_mcp.client import LateClient, RetryPolicy
from late_mcp.client._retry import server_wait
from late_mcp.errors import (
    BadRequestError,
    ConflictError,
    LateAPIError,
    LateTimeoutError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
)

from .conftest import FakeAPI, MakeClient, R, Reply, read_timeout

#: a success body every call in these tests can read (post, profile and upload-token shapes at once)
POST_JSON = {
    "post": {"_id": "post_1", "status": "scheduled"},
    "profile": {"_id": "prof_1", "name": "Brand"},
    "token": "tok_1",
    "status": "pending",
}
Call = Callable[[LateClient], Awaitable[object]]

SAFE_CALLS: dict[str, Call] = {
    "GET": lambda c: c.posts.get("post_1"),
    "PUT": lambda c: c.posts.update("post_1", {"content": "x"}),
    "DELETE": lambda c: c.posts.delete("post_1"),
}
#: POSTs without an Idempotency-Key: never sent again once they may have reached the API
UNKEYED_POSTS: dict[str, Call] = {
    "posts.retry": lambda c: c.posts.retry("post_1"),
    "media.create_upload_token": lambda c: c.media.create_upload_token(),
}
#: creates under an Idempotency-Key (tests/client/test_idempotent.py): sent again under it after a lost answer
KEYED_CREATES: dict[str, Call] = {
    "posts.create": lambda c: c.posts.create({"content": "x"}),
    "posts.create(publish_now)": lambda c: c.posts.create({"content": "x", "publishNow": True}, publish_now=True),
    "profiles.create": lambda c: c.profiles.create(name="Brand"),
}
POST_CALLS: dict[str, Call] = {**KEYED_CREATES, **UNKEYED_POSTS}
TRANSIENT: dict[str, Reply] = {
    "ConnectError": httpx.ConnectError,
    "ConnectTimeout": httpx.ConnectTimeout,
    "ReadTimeout": httpx.ReadTimeout,
    "RemoteProtocolError": httpx.RemoteProtocolError,
    "ReadError": httpx.ReadError,
    "429": R(429, {"error": "Too many requests"}),
    "500": R(500, {"error": "boom"}),
    "502": R(502, text="bad gateway"),
    "503": R(503, {"error": "maintenance"}),
    "504": R(504),
}


# --- safe methods ------------------------------------------------------------------------------


@pytest.mark.parametrize("failure", list(TRANSIENT))
@pytest.mark.parametrize("method", list(SAFE_CALLS))
async def test_safe_methods_are_retried_until_they_succeed(
    method: str, failure: str, make_client: MakeClient, sleeps: list[float]
) -> None:
    bad = TRANSIENT[failure]
    api = FakeAPI(bad, bad, bad, R(200, POST_JSON))
    client = make_client(api)

    await SAFE_CALLS[method](client)

    assert api.calls == 4
    assert {r.method for r in api.requests} == {method}
    assert len(sleeps) == 3
    # jittered exponential backoff: 0..0.5, 0..1, 0..2 seconds
    assert all(0 <= s <= cap for s, cap in zip(sleeps, (0.5, 1.0, 2.0), strict=True))


@pytest.mark.parametrize(
    ("failure", "error", "maybe_sent"),
    [
        (httpx.ConnectError, TransportError, False),
        (httpx.ReadError, TransportError, False),
        (httpx.ReadTimeout, LateTimeoutError, False),
    ],
)
async def test_safe_method_gives_up_after_max_retries_on_transport_errors(
    failure: type[httpx.TransportError],
    error: type[TransportError],
    maybe_sent: bool,
    make_client: MakeClient,
    sleeps: list[float],
) -> None:
    api = FakeAPI(failure)
    client = make_client(api, retry=RetryPolicy(max_retries=2))

    with pytest.raises(error) as caught:
        await client.posts.list()

    assert type(caught.value) is error
    assert caught.value.maybe_sent is maybe_sent
    assert "GET" in caught.value.message
    assert caught.value.hint
    assert api.calls == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize(("status", "error"), [(429, RateLimitError), (500, ServerError), (503, ServerError)])
async def test_safe_method_gives_up_after_max_retries_on_statuses(
    status: int, error: type[LateAPIError], make_client: MakeClient, sleeps: list[float]
) -> None:
    api = FakeAPI(R(status, {"error": "still failing"}))
    client = make_client(api)

    with pytest.raises(error) as caught:
        await client.accounts.list()

    assert (caught.value.status, caught.value.message) == (status, "still failing")
    assert api.calls == 1 + RetryPolicy().max_retries
    assert len(sleeps) == RetryPolicy().max_retries


async def test_max_retries_zero_sends_once(make_client: MakeClient, sleeps: list[float]) -> None:
    api = FakeAPI(R(503))
    client = make_client(api, retry=RetryPolicy(max_retries=0))
    with pytest.raises(ServerError):
        await client.accounts.list()
    assert api.calls == 1
    assert sleeps == []


@pytest.mark.parametrize(
    ("status", "error"),
    [(400, BadRequestError), (401, LateAPIError), (403, LateAPIError), (404, NotFoundError), (409, ConflictError)],
)
@pytest.mark.parametrize("method", list(SAFE_CALLS))
async def test_client_errors_are_not_retried(
    status: int, error: type[LateAPIError], method: str, make_client: MakeClient, sleeps: list[float]
) -> None:
    api = FakeAPI(R(status, {"error": "no"}), R(200, POST_JSON))
    client = make_client(api)
    with pytest.raises(error):
        await SAFE_CALLS[method](client)
    assert api.calls == 1
    assert sleeps == []


# --- POST without a key: never replayed once it may have reached the API -----------------------


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (httpx.ReadTimeout, LateTimeoutError),
        (httpx.WriteTimeout, LateTimeoutError),
        (httpx.RemoteProtocolError, TransportError),
        (httpx.ReadError, TransportError),
    ],
)
@pytest.mark.parametrize("call", list(UNKEYED_POSTS))
async def test_post_that_may_have_arrived_is_sent_once_and_says_maybe_sent(
    call: str,
    failure: type[httpx.TransportError],
    error: type[TransportError],
    make_client: MakeClient,
    sleeps: list[float],
) -> None:
    api = FakeAPI(failure, R(200, POST_JSON))
    client = make_client(api)

    with pytest.raises(error) as caught:
        await UNKEYED_POSTS[call](client)

    assert type(caught.value) is error
    assert caught.value.maybe_sent is True
    assert api.calls == 1
    assert sleeps == []


@pytest.mark.parametrize("status", [500, 502, 503, 504])
@pytest.mark.parametrize("call", list(UNKEYED_POSTS))
async def test_post_that_got_a_5xx_is_sent_once(
    call: str, status: int, make_client: MakeClient, sleeps: list[float]
) -> None:
    api = FakeAPI(R(status, {"error": "upstream failed"}), R(200, POST_JSON))
    client = make_client(api)

    with pytest.raises(ServerError) as caught:
        await UNKEYED_POSTS[call](client)

    assert (caught.value.status, caught.value.method) == (status, "POST")
    assert api.calls == 1
    assert sleeps == []


async def test_post_5xx_with_retry_after_is_still_sent_once(make_client: MakeClient, sleeps: list[float]) -> None:
    api = FakeAPI(R(503, {"error": "later"}, headers={"Retry-After": "1"}), R(201, POST_JSON))
    client = make_client(api)
    with pytest.raises(ServerError):
        await client.posts.retry("post_1")
    assert api.calls == 1
    assert sleeps == []


@pytest.mark.parametrize("failure", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
@pytest.mark.parametrize("call", list(POST_CALLS))
async def test_post_that_never_connected_is_retried(
    call: str, failure: type[httpx.TransportError], make_client: MakeClient, sleeps: list[float]
) -> None:
    api = FakeAPI(failure, failure, R(201, POST_JSON))
    client = make_client(api)

    await POST_CALLS[call](client)

    assert api.calls == 3
    assert len(sleeps) == 2


async def test_post_connect_errors_exhausted_say_not_sent(make_client: MakeClient, sleeps: list[float]) -> None:
    api = FakeAPI(httpx.ConnectError)
    client = make_client(api)

    with pytest.raises(TransportError) as caught:
        await client.posts.create({"content": "x"})

    assert type(caught.value) is TransportError
    assert caught.value.maybe_sent is False
    assert api.calls == 1 + RetryPolicy().max_retries
    assert len(sleeps) == RetryPolicy().max_retries


async def test_post_connect_timeout_exhausted_says_not_sent(make_client: MakeClient) -> None:
    api = FakeAPI(httpx.ConnectTimeout)
    client = make_client(api, retry=RetryPolicy(max_retries=1))
    with pytest.raises(LateTimeoutError) as caught:
        await client.posts.create({"content": "x"})
    assert caught.value.maybe_sent is False
    assert api.calls == 2


@pytest.mark.parametrize("call", list(POST_CALLS))
async def test_post_refused_with_429_is_retried_after_the_asked_wait(
    call: str, make_client: MakeClient, sleeps: list[float]
) -> None:
    api = FakeAPI(R(429, {"error": "Too many requests"}, headers={"Retry-After": "2"}), R(201, POST_JSON))
    client = make_client(api)

    await POST_CALLS[call](client)

    assert api.calls == 2
    assert api.requests[0].content == api.requests[1].content
    assert sleeps == [2.0]


async def test_post_429_exhausted_is_a_rate_limit_error(make_client: MakeClient, sleeps: list[float]) -> None:
    api = FakeAPI(R(429, {"error": "Too many requests"}, headers={"Retry-After": "1"}))
    client = make_client(api, retry=RetryPolicy(max_retries=2))
    with pytest.raises(RateLimitError) as caught:
        await client.posts.create({"content": "x"})
    assert caught.value.retry_after == 1.0
    assert api.calls == 3
    assert sleeps == [1.0, 1.0]


# --- how long to wait ---------------------------------------------------------------------------


async def test_retry_after_seconds_is_honoured(make_client: MakeClient, sleeps: list[float]) -> None:
    api = FakeAPI(
        R(429, headers={"Retry-After": "3"}), R(503, headers={"Retry-After": "4.5"}), R(200, {"accounts": []})
    )
    client = make_client(api)
    await client.accounts.list()
    assert sleeps == [3.0, 4.5]


async def test_retry_after_http_date_is_honoured(make_client: MakeClient, sleeps: list[float]) -> None:
    when = datetime.now(timezone.utc) + timedelta(seconds=20)
    api = FakeAPI(R(429, headers={"Retry-After": format_datetime(when, usegmt=True)}), R(200, {"accounts": []}))
    client = make_client(api)

    await client.accounts.list()

    (wait,) = sleeps
    assert 17.0 <= wait <= 20.0


async def test_rate_limit_reset_is_honoured_when_nothing_remains(make_client: MakeClient, sleeps: list[float]) -> None:
    reset = int(time.time()) + 12
    headers = {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
    api = FakeAPI(R(429, {"error": "slow"}, headers=headers), R(200, {"accounts": []}))
    client = make_client(api)

    await client.accounts.list()

    (wait,) = sleeps
    assert 10.0 <= wait <= 12.0


async def test_rate_limit_reset_is_ignored_while_requests_remain(make_client: MakeClient, sleeps: list[float]) -> None:
    headers = {"X-RateLimit-Remaining": "5", "X-RateLimit-Reset": str(int(time.time()) + 25)}
    api = FakeAPI(R(503, headers=headers), R(200, {"accounts": []}))
    client = make_client(api)

    await client.accounts.list()

    (wait,) = sleeps
    assert 0 <= wait <= 0.5  # ordinary backoff, not the 25 s reset


async def test_retry_after_wins_over_rate_limit_reset(make_client: MakeClient, sleeps: list[float]) -> None:
    headers = {"Retry-After": "2", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 20)}
    api = FakeAPI(R(429, headers=headers), R(200, {"accounts": []}))
    client = make_client(api)
    await client.accounts.list()
    assert sleeps == [2.0]


@pytest.mark.parametrize("call", ["GET", "POST"])
async def test_a_wait_longer_than_max_wait_is_not_waited(
    call: str, make_client: MakeClient, sleeps: list[float]
) -> None:
    api = FakeAPI(R(429, {"error": "Rate limit exceeded"}, headers={"Retry-After": "120"}), R(200, POST_JSON))
    client = make_client(api, retry=RetryPolicy(max_wait=30))

    with pytest.raises(RateLimitError) as caught:
        await (client.posts.get("post_1") if call == "GET" else client.posts.create({"content": "x"}))

    err = caught.value
    assert err.retry_after == 120.0
    assert err.status == 429
    assert "Rate limit exceeded" in err.message
    assert "120 s" in err.hint
    assert api.calls == 1
    assert sleeps == []


async def test_a_far_rate_limit_reset_is_not_waited(make_client: MakeClient, sleeps: list[float]) -> None:
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + 3600)}
    api = FakeAPI(R(429, {"error": "Hourly limit"}, headers=headers))
    client = make_client(api)

    with pytest.raises(RateLimitError) as caught:
        await client.accounts.list()

    assert caught.value.retry_after is not None
    assert 3500 < caught.value.retry_after <= 3600
    assert api.calls == 1
    assert sleeps == []


async def test_a_too_long_rate_limit_keeps_the_api_details(make_client: MakeClient) -> None:
    body = {"error": "Rate limit exceeded", "details": {"limit": 60, "window": "1m"}, "code": "RATE_LIMITED"}
    client = make_client(FakeAPI(R(429, body, headers={"Retry-After": "600"})))

    with pytest.raises(RateLimitError) as caught:
        await client.accounts.list()

    assert caught.value.details == {"limit": 60, "window": "1m"}
    assert caught.value.code == "RATE_LIMITED"


async def test_a_long_retry_after_on_5xx_is_not_waited(make_client: MakeClient, sleeps: list[float]) -> None:
    api = FakeAPI(R(503, {"error": "maintenance"}, headers={"Retry-After": "900"}), R(200, {"accounts": []}))
    client = make_client(api)
    with pytest.raises(ServerError):
        await client.accounts.list()
    assert api.calls == 1
    assert sleeps == []


async def test_backoff_doubles_up_to_the_cap(
    make_client: MakeClient, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("late_mcp.client._retry.random.uniform", lambda low, high: high)
    api = FakeAPI(R(500))
    client = make_client(api, retry=RetryPolicy(max_retries=6, base_delay=0.5, max_delay=8.0, max_total_wait=60))

    with pytest.raises(ServerError):
        await client.accounts.list()

    assert sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert api.calls == 7


def test_backoff_is_jittered_within_bounds() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=4.0)
    for attempt, cap in enumerate((1.0, 2.0, 4.0, 4.0, 4.0)):
        samples = {policy.backoff(attempt) for _ in range(50)}
        assert all(0 <= s <= cap for s in samples)
        assert len(samples) > 1  # jitter, not a fixed schedule


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "5"}, 5.0),
        ({"retry-after": "0"}, 0.0),
        ({"retry-after": "-3"}, 0.0),
        ({"retry-after": "Thu, 01 Jan 2026 00:00:30 GMT"}, 30.0),
        ({"retry-after": "Wed, 31 Dec 2025 23:59:00 GMT"}, 0.0),
        ({"retry-after": "soon", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1767225610"}, 10.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1767225645"}, 45.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1767225620000"}, 20.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "15"}, 15.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1767225000"}, 0.0),
        ({"x-ratelimit-remaining": "3", "x-ratelimit-reset": "1767225645"}, None),
        ({"x-ratelimit-reset": "1767225645"}, None),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "tomorrow"}, None),
        ({}, None),
    ],
)
def test_server_wait(headers: dict[str, str], expected: float | None) -> None:
    now = datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp()  # 1767225600
    wait = server_wait(headers, now=now)
    if expected is None:
        assert wait is None
    else:
        assert wait == pytest.approx(expected)


def test_server_wait_reads_httpx_headers_case_insensitively() -> None:
    assert server_wait(httpx.Headers({"Retry-After": "9"}), now=0) == 9.0


async def test_rate_limit_headers_are_remembered(make_client: MakeClient) -> None:
    headers = {"X-RateLimit-Limit": "120", "X-RateLimit-Remaining": "119", "X-RateLimit-Reset": "1767225660"}
    client = make_client(FakeAPI(R(200, {"accounts": []}, headers=headers)))
    await client.accounts.list()
    assert client.http.rate_limit == {
        "x-ratelimit-limit": "120",
        "x-ratelimit-remaining": "119",
        "x-ratelimit-reset": "1767225660",
    }


# --- timeouts ------------------------------------------------------------------------------------


async def test_publish_now_gets_the_long_timeout_and_an_ordinary_create_does_not(make_client: MakeClient) -> None:
    api = FakeAPI(R(201, POST_JSON))
    client = make_client(api, timeout=30.0, publish_timeout=300.0)

    await client.posts.create({"content": "x", "publishNow": True}, publish_now=True)
    await client.posts.create({"content": "x", "scheduledFor": "2026-12-01T08:00:00Z"})
    # the timeout is the caller's explicit choice, never sniffed from the body
    await client.posts.create({"content": "x", "publishNow": True})

    assert [read_timeout(r) for r in api.requests] == [300.0, 30.0, 30.0]


async def test_retrying_a_post_gets_the_publish_timeout(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, POST_JSON))
    client = make_client(api, timeout=20.0, publish_timeout=240.0)
    await client.posts.retry("post_1")
    await client.posts.get("post_1")
    assert [read_timeout(r) for r in api.requests] == [240.0, 20.0]


async def test_timeouts_cap_the_connect_phase(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, POST_JSON))
    client = make_client(api, timeout=5.0, publish_timeout=600.0)
    await client.posts.get("post_1")
    await client.posts.create({"content": "x"}, publish_now=True)
    ordinary, publish = (r.extensions["timeout"] for r in api.requests)
    assert ordinary == {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}
    assert publish["connect"] == 10.0
    assert publish["read"] == 600.0


async def test_retrying_a_post_after_a_timeout_is_not_replayed(make_client: MakeClient, sleeps: list[float]) -> None:
    api = FakeAPI(httpx.ReadTimeout, R(201, POST_JSON))
    client = make_client(api)

    with pytest.raises(LateTimeoutError) as caught:
        await client.posts.retry("post_1")

    assert caught.value.maybe_sent is True
    assert api.calls == 1
    assert read_timeout(api.last) == 300.0
    assert sleeps == []
