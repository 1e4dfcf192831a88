"""Creates under an Idempotency-Key, x-request-id on every call, a delete whose answer was lost, and the bounds
on waiting (one call's total, absurd Retry-After values)."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable

import httpx
import pytest

from late_mcp.client import LateClient, RetryPolicy
from late_mcp.client._retry import one_call, server_wait
from late_mcp.errors import (
    BadRequestError,
    ConflictError,
    DuplicateError,
    InFlightError,
    KeyedRequestFailed,
    LateAPIError,
    LateTimeoutError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TransportError,
    message_for,
)

from .conftest import FakeAPI, MakeClient, R, Reply

CREATED = {"post": {"_id": "post_1", "status": "draft"}, "profile": {"_id": "prof_1", "name": "Brand"}}
IN_FLIGHT = R(409, {"error": "A request with this key is still in progress", "code": "idempotency_conflict"})
Create = Callable[[LateClient], Awaitable[object]]
CREATES: dict[str, Create] = {
    "posts.create": lambda c: c.posts.create({"content": "x", "isDraft": True}),
    "posts.create(publish_now)": lambda c: c.posts.create({"content": "x", "publishNow": True}, publish_now=True),
    "profiles.create": lambda c: c.profiles.create(name="Brand"),
}
#: answers that may follow an attempt the API carried out: each is sent again under the same key
LOST: dict[str, Reply] = {
    "ReadTimeout": httpx.ReadTimeout,
    "WriteTimeout": httpx.WriteTimeout,
    "RemoteProtocolError": httpx.RemoteProtocolError,
    "ReadError": httpx.ReadError,
    "500": R(500, {"error": "boom"}),
    "502": R(502, text="bad gateway"),
    "503": R(503, {"error": "maintenance"}),
    "504": R(504),
    "409 in flight": IN_FLIGHT,
}


def keys(api: FakeAPI) -> list[str | None]:
    return [r.headers.get("idempotency-key") for r in api.requests]


@pytest.mark.parametrize("lost", list(LOST))
@pytest.mark.parametrize("create", list(CREATES))
async def test_a_lost_answer_is_sent_again_under_the_same_key_and_bytes(
    create: str, lost: str, make_client: MakeClient, sleeps: list[float]
) -> None:
    api = FakeAPI(LOST[lost], R(201, CREATED, headers={"Idempotent-Replayed": "true"}))
    client = make_client(api)

    await CREATES[create](client)

    assert api.calls == 2
    first, second = api.requests
    assert first.headers["idempotency-key"] == second.headers["idempotency-key"]
    assert first.headers["idempotency-key"].startswith("late-mcp-")
    assert first.content == second.content
    assert first.headers["x-request-id"] == second.headers["x-request-id"]
    assert len(sleeps) == 1


async def test_the_create_reports_a_replay_and_the_lost_answers_before_it(make_client: MakeClient) -> None:
    api = FakeAPI(httpx.ReadTimeout, R(503), R(201, CREATED, headers={"Idempotent-Replayed": "true"}))
    created = await make_client(api).posts.create_keyed({"content": "x"})
    assert created.post.id == "post_1"
    assert created.reply.replayed is True
    assert created.reply.lost == ("timeout", "503")
    assert created.reply.attempts == 3
    fresh = await make_client(FakeAPI(R(201, CREATED))).posts.create_keyed({"content": "x"})
    assert (fresh.reply.replayed, fresh.reply.lost, fresh.reply.attempts) == (False, (), 1)


async def test_every_create_has_its_own_key(make_client: MakeClient) -> None:
    api = FakeAPI(R(201, CREATED))
    client = make_client(api)
    await client.posts.create({"content": "x"})
    await client.posts.create({"content": "x"})
    await client.posts.create_keyed({"content": "x"}, key="mine")
    first, second, third = keys(api)
    assert first != second
    assert third == "mine"


async def test_only_creates_carry_a_key(make_client: MakeClient) -> None:
    api = FakeAPI(R(200, {**CREATED, "token": "t", "status": "pending"}))
    client = make_client(api)
    await client.posts.retry("post_1")
    await client.posts.get("post_1")
    await client.media.create_upload_token()
    assert keys(api) == [None, None, None]


async def test_every_call_has_its_own_request_id(make_client: MakeClient) -> None:
    api = FakeAPI(R(503), R(200, {"accounts": []}))
    client = make_client(api)
    await client.accounts.list()
    await client.accounts.list()
    ids = [r.headers["x-request-id"] for r in api.requests]
    assert ids[0] == ids[1]  # one call, retried: the same id, as the API's logs expect
    assert ids[1] != ids[2]


async def test_the_request_id_is_in_the_error_text(make_client: MakeClient) -> None:
    api = FakeAPI(R(400, {"error": "content is required"}))
    with pytest.raises(BadRequestError) as caught:
        await make_client(api).posts.create({"content": ""})
    sent = api.last.headers["x-request-id"]
    assert caught.value.request_id == sent
    assert f"x-request-id {sent}" in message_for(caught.value)
    transport = FakeAPI(httpx.ConnectError)
    with pytest.raises(TransportError) as lost:
        await make_client(transport, retry=RetryPolicy(max_retries=0)).accounts.list()
    assert transport.last.headers["x-request-id"] in message_for(lost.value)


@pytest.mark.parametrize(
    "refusal",
    [
        R(400, {"error": "bad"}),
        R(403, {"error": "plan limit", "planName": "Free", "limit": 10}),
        R(409, {"error": "Duplicate", "details": {"existingPostId": "old"}}),
        R(422, {"error": "This Idempotency-Key was already used with a different request"}),
    ],
)
async def test_a_refusal_is_not_sent_again(refusal: R, make_client: MakeClient, sleeps: list[float]) -> None:
    api = FakeAPI(refusal, R(201, CREATED))
    with pytest.raises(LateAPIError) as caught:
        await make_client(api).posts.create({"content": "x"})
    assert caught.value.status == refusal.status
    assert api.calls == 1
    assert sleeps == []


async def test_the_two_409s_are_told_apart(make_client: MakeClient) -> None:
    duplicate = FakeAPI(R(409, {"error": "already posted", "details": {"existingPostId": "old"}}))
    with pytest.raises(DuplicateError):
        await make_client(duplicate).posts.create({"content": "x"})
    assert duplicate.calls == 1
    busy = FakeAPI(IN_FLIGHT, IN_FLIGHT, R(201, CREATED, headers={"Idempotent-Replayed": "true"}))
    created = await make_client(busy).posts.create_keyed({"content": "x"})
    assert (busy.calls, created.reply.lost) == (3, ("key in flight (409)", "key in flight (409)"))
    # without a key a 409 is never "in flight": a busy post (retry while publishing) is not sent again
    publishing = FakeAPI(R(409, {"error": "Post is currently publishing"}))
    with pytest.raises(ConflictError) as caught:
        await make_client(publishing).posts.retry("post_1")
    assert not isinstance(caught.value, InFlightError)
    assert publishing.calls == 1


async def test_in_flight_waits_grow_without_jitter(make_client: MakeClient, sleeps: list[float]) -> None:
    api = FakeAPI(IN_FLIGHT)
    client = make_client(api, retry=RetryPolicy(max_retries=3, base_delay=0.5, max_delay=8))
    with pytest.raises(KeyedRequestFailed) as caught:
        await client.posts.create({"content": "x"})
    assert sleeps == [0.5, 1.0, 2.0]
    assert isinstance(caught.value.last, InFlightError)
    assert caught.value.settled is False


async def test_no_confirmation_after_every_attempt_says_what_happened(
    make_client: MakeClient, sleeps: list[float]
) -> None:
    api = FakeAPI(httpx.ReadTimeout, R(502), httpx.RemoteProtocolError, httpx.ReadTimeout)
    with pytest.raises(KeyedRequestFailed) as caught:
        await make_client(api).posts.create({"content": "x"})
    failed = caught.value
    assert (failed.attempts, failed.lost) == (4, ("timeout", "502", "no answer", "timeout"))
    assert isinstance(failed.last, LateTimeoutError)
    assert failed.settled is False
    assert "4 attempts under one Idempotency-Key" in str(failed)
    assert failed.request_id == api.last.headers["x-request-id"]


async def test_a_refusal_after_a_lost_answer_is_settled(make_client: MakeClient) -> None:
    """Had the lost attempt been carried out, the key would have replayed it: a refusal now means nothing was."""
    api = FakeAPI(R(503), R(400, {"error": "scheduledFor is in the past"}))
    with pytest.raises(KeyedRequestFailed) as caught:
        await make_client(api).posts.create({"content": "x"})
    assert caught.value.settled is True
    assert isinstance(caught.value.last, BadRequestError)
    assert api.calls == 2


async def test_connect_errors_and_429s_are_not_lost_answers(make_client: MakeClient) -> None:
    api = FakeAPI(httpx.ConnectError, R(429, headers={"Retry-After": "1"}), R(400, {"error": "bad"}))
    with pytest.raises(BadRequestError):  # the plain error: no attempt could have been carried out
        await make_client(api).posts.create({"content": "x"})


# --- a DELETE whose answer was lost ------------------------------------------------------------


@pytest.mark.parametrize("lost", ["ReadTimeout", "RemoteProtocolError", "503"])
async def test_a_404_on_the_retry_of_a_delete_means_deleted(lost: str, make_client: MakeClient) -> None:
    api = FakeAPI(LOST[lost], R(404, {"error": "Not found"}))
    assert await make_client(api).posts.delete("post_1") is None
    assert [r.method for r in api.requests] == ["DELETE", "DELETE"]


async def test_a_404_on_the_first_delete_is_not_found(make_client: MakeClient) -> None:
    with pytest.raises(NotFoundError):
        await make_client(FakeAPI(R(404, {"error": "Not found"}))).posts.delete("post_1")
    with pytest.raises(NotFoundError):  # a 429 was refused unprocessed: it deleted nothing
        await make_client(FakeAPI(R(429), R(404, {"error": "Not found"}))).posts.delete("post_1")


# --- how long one call may wait ----------------------------------------------------------------


async def test_rate_limit_waits_of_one_request_stop_at_the_total_cap(
    make_client: MakeClient, sleeps: list[float]
) -> None:
    """Three `Retry-After: 29` once made one accounts_list take 87 s; the default total is 20 s."""
    api = FakeAPI(R(429, {"error": "slow down"}, headers={"Retry-After": "29"}))
    with pytest.raises(RateLimitError) as caught:
        await make_client(api).accounts.list()
    assert sum(sleeps) <= RetryPolicy().max_total_wait < 60
    assert caught.value.retry_after == 29
    assert "29 s" in str(caught.value)
    assert "20 s one call may wait" in str(caught.value)


async def test_the_waits_stop_when_the_next_one_would_pass_the_cap(
    make_client: MakeClient, sleeps: list[float]
) -> None:
    api = FakeAPI(R(429, {"error": "slow down"}, headers={"Retry-After": "8"}))
    with pytest.raises(RateLimitError) as caught:
        await make_client(api, retry=RetryPolicy(max_retries=5, max_total_wait=20)).accounts.list()
    assert sleeps == [8.0, 8.0]
    assert "16 s used" in str(caught.value)
    assert "wait about 8 s" in message_for(caught.value)  # the wait still needed


async def test_one_tool_call_shares_one_total_across_its_requests(make_client: MakeClient, sleeps: list[float]) -> None:
    limited = R(429, {"error": "slow down"}, headers={"Retry-After": "12"})
    api = FakeAPI(limited, R(200, {"accounts": []}), limited, limited, R(200, {"accounts": []}))
    client = make_client(api, retry=RetryPolicy(max_total_wait=20))
    with one_call():
        await client.accounts.list()
        with pytest.raises(RateLimitError):
            await client.accounts.list()
    assert sleeps == [12.0]
    await client.accounts.list()  # a new call: a new total
    assert sleeps == [12.0, 12.0]


@pytest.mark.parametrize(
    "headers",
    [
        {"Retry-After": "inf"},
        {"Retry-After": "1e400"},
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1e400"},
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "inf"},
    ],
)
async def test_an_absurd_wait_is_too_long_and_still_a_readable_error(
    headers: dict[str, str], make_client: MakeClient, sleeps: list[float]
) -> None:
    api = FakeAPI(R(429, {"error": "Rate limit exceeded"}, headers=headers))
    with pytest.raises(RateLimitError) as caught:
        await make_client(api).accounts.list()
    text = message_for(caught.value)
    assert "too long" in text
    assert "inf" not in text
    assert sleeps == []


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "inf"}, math.inf),
        ({"retry-after": "1e400"}, math.inf),
        ({"retry-after": "1e12"}, math.inf),
        ({"retry-after": "nan"}, None),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1e400"}, math.inf),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "nan"}, None),
        ({"retry-after": "Fri, 31 Dec 9999 23:59:59 GMT"}, math.inf),
    ],
)
def test_server_wait_of_absurd_values(headers: dict[str, str], expected: float | None) -> None:
    assert server_wait(headers, now=1767225600) == expected


async def test_a_5xx_backoff_past_the_cap_is_the_error_itself(make_client: MakeClient, sleeps: list[float]) -> None:
    api = FakeAPI(R(503, {"error": "maintenance"}, headers={"Retry-After": "15"}))
    with pytest.raises(ServerError):
        await make_client(api, retry=RetryPolicy(max_total_wait=20)).accounts.list()
    assert sleeps == [15.0]
