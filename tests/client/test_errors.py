"""The status-to-error table, the error's fields, and a missing key."""

from __future__ import annotations

from typing import Any

import pytest

from late_mcp.client import LateClient, RetryPolicy
from late_mcp.errors import (
    AuthError,
    BadRequestError,
    ConflictError,
    DuplicateError,
    ForbiddenError,
    LateAPIError,
    LateError,
    MissingKeyError,
    NotFoundError,
    PaymentRequiredError,
    PlanLimitError,
    RateLimitError,
    ServerError,
    error_from_response,
)

from .conftest import FakeAPI, MakeClient, R

NO_RETRY = RetryPolicy(max_retries=0)

UPLOAD_LIMIT = {
    "error": "Upload limit reached. Your Free plan allows 10 uploads per month. You have used 10.",
    "planName": "Free",
    "limit": 10,
    "current": 10,
    "billingPeriod": "monthly",
}
PROFILE_LIMIT = {
    "error": "Profile limit reached. Your basic plan allows 10 profiles. You currently have 10.",
    "planName": "basic",
    "limit": 10,
    "current": 10,
}


@pytest.mark.parametrize(
    ("status", "body", "cls", "message", "details"),
    [
        (
            400,
            {"error": "content is required", "details": {"field": "content"}},
            BadRequestError,
            "content is required",
            {"field": "content"},
        ),
        (401, {"error": "Invalid API key"}, AuthError, "Invalid API key", {}),
        (402, {"error": "Analytics add-on required"}, PaymentRequiredError, "Analytics add-on required", {}),
        (403, {"error": "Forbidden"}, ForbiddenError, "Forbidden", {}),
        (404, {"error": "Not found"}, NotFoundError, "Not found", {}),
        (
            409,
            {"error": "Post is being published", "details": {"status": "publishing"}},
            ConflictError,
            "Post is being published",
            {"status": "publishing"},
        ),
        (422, {"error": "Invalid scheduledFor"}, BadRequestError, "Invalid scheduledFor", {}),
        (429, {"error": "Too many requests"}, RateLimitError, "Too many requests", {}),
        (
            500,
            {"error": "Internal error", "details": {"requestId": "r1"}},
            ServerError,
            "Internal error",
            {"requestId": "r1"},
        ),
        (502, {"error": "Bad gateway"}, ServerError, "Bad gateway", {}),
        (503, {"error": "Maintenance"}, ServerError, "Maintenance", {}),
        (504, {"error": "Upstream timeout"}, ServerError, "Upstream timeout", {}),
        (418, {"error": "I'm a teapot"}, LateAPIError, "I'm a teapot", {}),
    ],
)
async def test_status_table(
    status: int,
    body: dict[str, Any],
    cls: type[LateAPIError],
    message: str,
    details: dict[str, Any],
    make_client: MakeClient,
) -> None:
    api = FakeAPI(R(status, body))
    client = make_client(api, retry=NO_RETRY)

    with pytest.raises(LateAPIError) as caught:
        await client.posts.get("post_1")

    err = caught.value
    assert type(err) is cls
    assert (err.status, err.message, err.details) == (status, message, details)
    assert (err.method, err.path) == ("GET", "/v1/posts/post_1")
    assert str(err) == f"Late API {status} on GET /v1/posts/post_1: {message}"
    # every mapped status tells the model what to do next
    assert bool(err.hint) == (cls is not LateAPIError)
    assert api.calls == 1


@pytest.mark.parametrize(("body", "plan"), [(UPLOAD_LIMIT, "Free"), (PROFILE_LIMIT, "basic")])
async def test_403_plan_limit(body: dict[str, Any], plan: str, make_client: MakeClient) -> None:
    client = make_client(FakeAPI(R(403, body)))

    with pytest.raises(PlanLimitError) as caught:
        await client.profiles.create(name="One too many")

    err = caught.value
    assert isinstance(err, ForbiddenError)
    assert (err.status, err.message) == (403, body["error"])
    assert (err.plan_name, err.limit, err.current) == (plan, 10, 10)
    assert "upgrade" in err.hint.lower()


async def test_plan_limit_keeps_billing_period_in_details(make_client: MakeClient) -> None:
    client = make_client(FakeAPI(R(403, UPLOAD_LIMIT)))
    with pytest.raises(PlanLimitError) as caught:
        await client.posts.create({"content": "x"})
    assert caught.value.details["billingPeriod"] == "monthly"


async def test_409_duplicate_carries_the_existing_post(make_client: MakeClient) -> None:
    body = {
        "error": "This exact content was already posted to this account within the last 24 hours.",
        "details": {"existingPostId": "post_0ld", "platform": "twitter"},
    }
    api = FakeAPI(R(409, body))
    client = make_client(api)

    with pytest.raises(DuplicateError) as caught:
        await client.posts.create({"content": "same again"})

    err = caught.value
    assert isinstance(err, ConflictError)
    assert (err.status, err.existing_post_id) == (409, "post_0ld")
    assert err.details == {"existingPostId": "post_0ld", "platform": "twitter"}
    assert err.message == body["error"]
    assert api.calls == 1


async def test_429_carries_retry_after_when_retries_are_spent(make_client: MakeClient, sleeps: list[float]) -> None:
    api = FakeAPI(R(429, {"error": "Rate limit exceeded"}, headers={"Retry-After": "7"}))
    client = make_client(api, retry=RetryPolicy(max_retries=1))

    with pytest.raises(RateLimitError) as caught:
        await client.accounts.list()

    assert caught.value.retry_after == 7.0
    assert "7 s" in caught.value.hint
    assert api.calls == 2
    assert sleeps == [7.0]


async def test_non_json_error_body_becomes_the_message(make_client: MakeClient) -> None:
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    client = make_client(FakeAPI(R(502, text=html, headers={"content-type": "text/html"})), retry=NO_RETRY)

    with pytest.raises(ServerError) as caught:
        await client.accounts.list()

    assert caught.value.status == 502
    assert "502 Bad Gateway" in caught.value.message
    assert caught.value.details == {}


async def test_long_text_error_body_is_cut(make_client: MakeClient) -> None:
    client = make_client(FakeAPI(R(400, text="x" * 5000)))
    with pytest.raises(BadRequestError) as caught:
        await client.accounts.list()
    assert len(caught.value.message) <= 300


@pytest.mark.parametrize(
    ("status", "cls", "reason"), [(404, NotFoundError, "Not Found"), (401, AuthError, "Unauthorized")]
)
async def test_empty_error_body_uses_the_reason_phrase(
    status: int, cls: type[LateAPIError], reason: str, make_client: MakeClient
) -> None:
    client = make_client(FakeAPI(R(status)))
    with pytest.raises(cls) as caught:
        await client.posts.get("post_1")
    assert (caught.value.status, caught.value.message, caught.value.details) == (status, reason, {})


async def test_non_json_success_body_is_an_error(make_client: MakeClient) -> None:
    client = make_client(FakeAPI(R(200, text="<html>login page</html>")))
    with pytest.raises(LateAPIError) as caught:
        await client.accounts.list()
    assert "not JSON" in caught.value.message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"message": "Alternative key"}, "Alternative key"),
        ({"error": {"message": "Nested message", "code": 17}}, "Nested message"),
        ({"error": "  padded  "}, "padded"),
        ({"error": ""}, "Bad Request"),
        ("plain JSON string", "plain JSON string"),
        (["a", "list"], "Bad Request"),
    ],
)
async def test_error_message_shapes(body: Any, message: str, make_client: MakeClient) -> None:
    client = make_client(FakeAPI(R(400, body)))
    with pytest.raises(BadRequestError) as caught:
        await client.accounts.list()
    assert caught.value.message == message


async def test_error_code_is_kept(make_client: MakeClient) -> None:
    client = make_client(FakeAPI(R(400, {"error": "Bad media", "code": "MEDIA_INVALID"})))
    with pytest.raises(BadRequestError) as caught:
        await client.posts.create({"content": "x"})
    assert caught.value.code == "MEDIA_INVALID"


def test_409_without_existing_id_but_saying_duplicate() -> None:
    err = error_from_response(409, {"error": "Duplicate post"}, method="POST", path="/v1/posts")
    assert type(err) is DuplicateError
    assert isinstance(err, DuplicateError)
    assert err.existing_post_id is None


def test_409_existing_id_at_the_top_level() -> None:
    err = error_from_response(409, {"error": "Exists", "existingPostId": "p7"}, method="POST", path="/v1/posts")
    assert isinstance(err, DuplicateError)
    assert err.existing_post_id == "p7"


def test_every_api_error_is_a_late_error() -> None:
    for status in (400, 401, 402, 403, 404, 409, 422, 429, 500, 599):
        assert isinstance(error_from_response(status, {}, method="GET", path="/v1/x"), LateError)


@pytest.mark.parametrize("api_key", [None, ""])
@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.accounts.list(),
        lambda c: c.posts.create({"content": "x"}, publish_now=True),
        lambda c: c.media.create_upload_token(),
        lambda c: c.usage.stats(),
    ],
    ids=["accounts.list", "posts.create", "media.create_upload_token", "usage.stats"],
)
async def test_missing_key_fails_before_any_http(
    api_key: str | None, call: Any, make_client: MakeClient, sleeps: list[float]
) -> None:
    api = FakeAPI(R(200, {}))
    client: LateClient = make_client(api, api_key=api_key)

    with pytest.raises(MissingKeyError) as caught:
        await call(client)

    assert api.calls == 0
    assert sleeps == []
    assert "LATE_API_KEY" in caught.value.hint


def test_rate_limit_hint_without_retry_after() -> None:
    err = RateLimitError(429, "slow down", retry_after=None)
    assert "wait" in err.hint


def test_rate_limit_error_accepts_a_hint_like_every_other_error() -> None:
    err = RateLimitError(429, "slow down", retry_after=3.0, hint="Wait for the queue.")
    assert err.hint == "Wait for the queue."


def test_other_errors_accept_a_custom_hint() -> None:
    assert NotFoundError(404, "gone", hint="List posts first.").hint == "List posts first."
    assert MissingKeyError("no key", hint="x").hint == "x"
