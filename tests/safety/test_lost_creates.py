"""The journal says what send_post reports when the API does not honour the Idempotency-Key (cases the sandbox,
which honours it, cannot play; tests/faults covers the rest against the sandbox): a 409 on the retry that points at
this request's post is a create of that post; a post made twice is two creates, each one undoable."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from late_mcp.client import LateClient, RetryPolicy
from late_mcp.errors import LateError
from late_mcp.models.accounts import Account
from late_mcp.safety.guards import Guards
from late_mcp.safety.journal import MEMORY, Journal
from late_mcp.safety.writes import SafePosts
from late_mcp.tools.posts.plan import Plan
from late_mcp.tools.posts.when import When

from ..tools.posts.test_send import AT, BASE_URL, NOW, PAYLOAD, FakeAPI, Run, lost, status, stored

KEY = "sk_" + "0" * 64


@pytest.fixture
async def guarded() -> AsyncIterator[tuple[Run, Journal]]:
    """send_post on a fake API, through a client whose posts area is SafePosts with an in-memory journal."""
    api = FakeAPI()
    client = LateClient(
        api_key=KEY,
        base_url=BASE_URL,
        transport=httpx.MockTransport(api),
        retry=RetryPolicy(max_retries=2, base_delay=0, max_delay=0),
    )
    client.http.clock_offset = 0.0
    journal = Journal(MEMORY, KEY)

    async def no_accounts() -> list[Account]:
        return []

    client.posts = SafePosts(client.posts, journal=journal, guards=Guards(), accounts=no_accounts, now=lambda: NOW)
    yield Run(api, client), journal
    journal.close()
    await client.aclose()


async def test_a_duplicate_409_pointing_at_this_requests_post_is_journaled_as_its_create(
    guarded: tuple[Run, Journal],
) -> None:
    send, journal = guarded
    ours = stored("ours", status="scheduled", scheduled=AT)
    duplicate = status(409, {"error": "Duplicate content", "details": {"existingPostId": "ours"}})
    send.api.creates = [send.made_then_lost(ours), duplicate]
    result = await send(Plan({**PAYLOAD, "isDraft": None, "scheduledFor": "x"}, [], When("scheduled", AT)))
    assert (result.post_id, result.already_posted) == ("ours", False)
    [entry] = journal.recent()
    assert (entry.action, entry.post_id, entry.outcome) == ("create", "ours", "ok")
    assert entry.platforms == ("twitter", "linkedin")
    assert journal.latest_undoable() == entry


async def test_a_duplicate_409_pointing_at_an_older_post_stays_a_failed_entry(guarded: tuple[Run, Journal]) -> None:
    send, journal = guarded
    send.api.posts = [stored("older", created=NOW - timedelta(hours=2), status="scheduled", scheduled=AT)]
    send.api.creates = [lost, status(409, {"error": "Duplicate", "details": {"existingPostId": "older"}})]
    result = await send(Plan({**PAYLOAD, "isDraft": None, "scheduledFor": "x"}, [], When("scheduled", AT)))
    assert result.already_posted
    [entry] = journal.recent()
    assert (entry.post_id, entry.ok) == ("", False)
    assert journal.latest_undoable() is None


async def test_a_post_the_api_made_twice_is_journaled_twice(guarded: tuple[Run, Journal]) -> None:
    send, journal = guarded
    first, second = stored("first", created=NOW + timedelta(seconds=1)), stored("second")
    send.api.creates = [send.made_then_lost(first), send.made(second)]
    with pytest.raises(LateError, match="created 2 times"):
        await send()
    assert sorted((e.post_id, e.action, e.outcome) for e in journal.recent()) == [
        ("first", "create", "ok"),
        ("second", "create", "ok"),
    ]
