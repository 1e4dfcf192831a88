"""Answers that sending again cannot change: an account's publishing cooldown (429), Reddit's 503
PLATFORM_DISABLED, and a profile name that is taken (409 existingProfileId). The request rate limit (a 429 with
Retry-After) is still waited out and sent again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from late_mcp.client import LateClient
from late_mcp.errors import (
    CooldownError,
    LateError,
    PlatformDisabledError,
    ProfileExistsError,
    RateLimitError,
    clause,
    error_from_response,
    message_for,
)

from .conftest import FakeAPI, MakeClient, R

UNTIL = "2026-11-24T21:40:00.000Z"
ACCOUNT = {"accountId": "acc_x", "platform": "twitter", "username": "acme", "rateLimitedUntil": UNTIL}
#: 429 bodies that name an account cooldown (rateLimitedUntil at the top, in details, or as RateLimitedAccounts)
COOLDOWN_BODIES: dict[str, Any] = {
    "details.rateLimitedAccounts": {"error": "cooling", "details": {"rateLimitedAccounts": [ACCOUNT]}},
    "details.rateLimitedUntil": {"error": "cooling", "details": ACCOUNT},
    "top-level rateLimitedUntil": {"error": "cooling", **ACCOUNT},
}


@pytest.mark.parametrize("shape", list(COOLDOWN_BODIES))
def test_a_429_naming_rate_limited_until_is_a_cooldown_with_its_accounts(shape: str) -> None:
    error = error_from_response(429, COOLDOWN_BODIES[shape], method="POST", path="/v1/posts", retry_after=3)
    assert isinstance(error, CooldownError)
    assert error.final
    assert [a["accountId"] for a in error.accounts] == ["acc_x"]
    assert error.accounts[0]["rateLimitedUntil"] == UNTIL


def test_a_plain_429_stays_the_rate_limit() -> None:
    error = error_from_response(429, {"error": "Rate limit exceeded"}, method="GET", path="/v1/posts", retry_after=2)
    assert type(error) is RateLimitError
    assert not error.final


@pytest.mark.parametrize("shape", list(COOLDOWN_BODIES))
async def test_a_cooldown_429_on_a_create_is_not_sent_again(
    shape: str, make_client: MakeClient, sleeps: list[float]
) -> None:
    api = FakeAPI(R(429, COOLDOWN_BODIES[shape], headers={"Retry-After": "1"}), R(201, {"post": {"_id": "p"}}))
    with pytest.raises(CooldownError):
        await make_client(api).posts.create({"content": "x", "publishNow": True}, publish_now=True)
    assert (api.calls, sleeps) == (1, [])


COOLDOWN_CALLS: dict[str, Callable[[LateClient], Awaitable[object]]] = {
    "create": lambda c: c.posts.create({"content": "x", "publishNow": True}, publish_now=True),
    "retry": lambda c: c.posts.retry("p"),
}


@pytest.mark.parametrize("path", list(COOLDOWN_CALLS))
async def test_a_429_asking_no_wait_on_a_create_or_retry_is_the_cooldown(
    path: str, make_client: MakeClient, sleeps: list[float]
) -> None:
    """The SDK: the rate limit's 429s carry Retry-After; a create's or retry's 429 without one is an account's."""
    api = FakeAPI(R(429, {"error": "Too many requests"}), R(200, {"post": {"_id": "p"}}))
    client = make_client(api)
    with pytest.raises(CooldownError) as caught:
        await COOLDOWN_CALLS[path](client)
    assert (api.calls, sleeps) == (1, [])
    assert caught.value.accounts == []


async def test_a_429_with_retry_after_on_a_create_is_still_waited_out(
    make_client: MakeClient, sleeps: list[float]
) -> None:
    api = FakeAPI(
        R(429, {"error": "Rate limit exceeded"}, headers={"Retry-After": "2"}), R(201, {"post": {"_id": "p"}})
    )
    post = await make_client(api).posts.create({"content": "x", "isDraft": True})
    assert (post.id, api.calls, sleeps) == ("p", 2, [2.0])


async def test_a_429_without_retry_after_on_a_read_is_still_retried(make_client: MakeClient) -> None:
    api = FakeAPI(R(429, {"error": "slow down"}), R(200, {"posts": [], "pagination": {}}))
    await make_client(api).posts.list()
    assert api.calls == 2


async def test_reddit_platform_disabled_is_final_and_explained(make_client: MakeClient, sleeps: list[float]) -> None:
    body = {"error": "Reddit is temporarily unavailable", "code": "PLATFORM_DISABLED", "type": "platform_error"}
    api = FakeAPI(R(503, body), R(200, {"subreddits": []}))
    with pytest.raises(PlatformDisabledError) as caught:
        await make_client(api).accounts.reddit_subreddits("acc_r")
    assert (api.calls, sleeps) == (1, [])
    text = message_for(caught.value)
    assert "Reddit has blocked third-party apps" in text
    assert "trying again will not help" in text
    assert "It may have been carried out" not in text


async def test_a_plain_503_on_a_read_is_still_retried(make_client: MakeClient) -> None:
    api = FakeAPI(R(503, {"error": "maintenance"}), R(200, {"subreddits": []}))
    await make_client(api).accounts.reddit_subreddits("acc_r")
    assert api.calls == 2


@pytest.mark.parametrize("where", ["details", "top"])
async def test_a_taken_profile_name_is_its_own_error_with_the_existing_id(where: str, make_client: MakeClient) -> None:
    body: dict[str, Any] = {"error": "A profile with this name already exists"}
    body.update({"details": {"existingProfileId": "prof_9"}} if where == "details" else {"existingProfileId": "prof_9"})
    api = FakeAPI(R(409, body))
    with pytest.raises(ProfileExistsError) as caught:
        await make_client(api).profiles.create(name="Brand")
    assert caught.value.existing_profile_id == "prof_9"
    assert api.calls == 1


def test_a_message_ends_in_one_period_also_after_brackets() -> None:
    """A message quoting another ends once: no period after one closed in brackets, none doubled inside them."""
    assert message_for(LateError("The first: refused (x-request-id 1: quote it.)")) == (
        "The first: refused (x-request-id 1: quote it.)"
    )
    assert message_for(LateError("until 09:00 (Europe/Berlin)")) == "until 09:00 (Europe/Berlin)."
    assert message_for(LateError("Done..")) == "Done."
    assert f"({clause('Account in cooldown. ')}):" == "(Account in cooldown):"
