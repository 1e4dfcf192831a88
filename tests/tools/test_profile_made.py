"""profiles_create's truth after lost answers, on a mock API: a 409 answering a retry (an API that compared the
name, not the key) is this call's profile only when it was created after the request was sent; with no answer at
all, the profile is looked up by name (`GET /v1/profiles?name=`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from late_mcp.client import LateClient, RetryPolicy
from late_mcp.errors import LateError
from late_mcp.models.profiles import ProfileMade
from late_mcp.tools.profile_made import EXISTS_NOTE, LOST_NOTE, create_profile

UTC = timezone.utc
NOW = datetime.now(UTC).replace(microsecond=0)
TAKEN = {"error": "A profile with this name already exists", "details": {"existingProfileId": "prof_1"}}


def profile(created: datetime) -> dict[str, Any]:
    return {"_id": "prof_1", "name": "Brand", "createdAt": created.isoformat().replace("+00:00", "Z")}


class API:
    """POST plays `creates` in order (the last repeats); GET /profiles/prof_1 and GET /profiles?name= answer
    from `stored`."""

    def __init__(self, *creates: Callable[[httpx.Request], httpx.Response], stored: list[dict[str, Any]]) -> None:
        self.creates = list(creates)
        self.stored = stored
        self.requests: list[httpx.Request] = []
        self.list_status = 200

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.method == "POST":
            return (self.creates.pop(0) if len(self.creates) > 1 else self.creates[0])(request)
        if request.url.path.endswith("/profiles"):
            if self.list_status != 200:
                return httpx.Response(self.list_status, json={"error": "down"})
            name = request.url.params.get("name")
            return httpx.Response(200, json={"profiles": [p for p in self.stored if p["name"] == name]})
        return httpx.Response(200, json={"profile": self.stored[0]})


def dropped(request: httpx.Request) -> httpx.Response:
    raise httpx.RemoteProtocolError("dropped", request=request)


def taken(request: httpx.Request) -> httpx.Response:
    return httpx.Response(409, json=TAKEN)


@pytest.fixture
async def create() -> AsyncIterator[Callable[[API], Any]]:
    clients: list[LateClient] = []

    async def run(api: API) -> ProfileMade:
        client = LateClient(
            api_key="sk_" + "0" * 64,
            base_url="https://late.test/api",
            transport=httpx.MockTransport(api),
            retry=RetryPolicy(max_retries=2, base_delay=0, max_delay=0),
        )
        client.http.clock_offset = 0.0  # the API's clock is known and in step with this machine's
        clients.append(client)
        return await create_profile(client, name="Brand", description=None, color=None, now=NOW)

    yield run
    for client in clients:
        await client.aclose()


async def test_a_409_on_the_retry_pointing_at_a_profile_made_since_sending_is_this_calls(
    create: Callable[[API], Any],
) -> None:
    made = await create(API(dropped, taken, stored=[profile(NOW)]))
    assert (made.id, made.created, made.note) == ("prof_1", True, LOST_NOTE)


async def test_a_409_on_the_retry_pointing_at_an_older_profile_means_nothing_was_made(
    create: Callable[[API], Any],
) -> None:
    made = await create(API(dropped, taken, stored=[profile(NOW - timedelta(days=3))]))
    assert (made.id, made.created, made.note) == ("prof_1", False, EXISTS_NOTE)


async def test_every_answer_lost_finds_the_profile_by_name(create: Callable[[API], Any]) -> None:
    api = API(dropped, stored=[profile(NOW)])
    made = await create(api)
    assert (made.created, made.note) == (True, LOST_NOTE)
    [look] = [r for r in api.requests if r.method == "GET"]
    assert look.url.params["name"] == "Brand"


async def test_every_answer_lost_and_only_an_older_namesake_is_not_created(create: Callable[[API], Any]) -> None:
    with pytest.raises(LateError, match="Not created: 3 attempts"):
        await create(API(dropped, stored=[profile(NOW - timedelta(days=3))]))


async def test_every_answer_lost_and_no_listing_says_it_is_unknown(create: Callable[[API], Any]) -> None:
    api = API(dropped, stored=[])
    api.list_status = 500
    with pytest.raises(LateError, match="could not be asked whether the profile exists") as caught:
        await create(api)
    assert "Do not create it again yet" in caught.value.hint
