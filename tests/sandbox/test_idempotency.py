"""Idempotency-Key on POST /v1/posts and POST /v1/profiles, as the API documents it; x-request-id and Date."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

import anyio
import httpx
import pytest

from late_mcp.sandbox.store import Store

from .helpers import ROOT, advance, target


def draft(content: str) -> dict[str, Any]:
    return {"content": content, "platforms": [target("twitter")], "isDraft": True}


async def create(client: httpx.AsyncClient, body: dict[str, Any], key: str, path: str = "/v1/posts") -> httpx.Response:
    return await client.post(path, json=body, headers={"Idempotency-Key": key})


def drafts(store: Store, content: str) -> list[str]:
    return [p["_id"] for p in store.all("posts") if p["content"] == content]


async def test_a_repeat_with_the_same_key_replays_the_first_answer(client: httpx.AsyncClient, store: Store) -> None:
    first = await create(client, draft("once"), "key-1")
    assert first.status_code == 201
    assert "idempotent-replayed" not in first.headers
    again = await create(client, draft("once"), "key-1")
    assert (again.status_code, again.headers["idempotent-replayed"]) == (201, "true")
    assert again.json() == first.json()
    assert drafts(store, "once") == [first.json()["post"]["_id"]]
    other = await create(client, draft("once"), "key-2")  # another key is another request (drafts may repeat)
    assert other.status_code == 201
    assert len(drafts(store, "once")) == 2


async def test_the_same_key_with_another_body_or_path_is_422(client: httpx.AsyncClient, store: Store) -> None:
    assert (await create(client, draft("first body"), "key-3")).status_code == 201
    changed = await create(client, draft("second body"), "key-3")
    assert changed.status_code == 422
    assert "different request" in changed.json()["error"]
    elsewhere = await create(client, draft("first body"), "key-3", path="/v1/profiles")  # the same body
    assert elsewhere.status_code == 422
    assert drafts(store, "second body") == []


async def test_keys_are_scoped_to_the_credential(client: httpx.AsyncClient, store: Store) -> None:
    """The same key and body under another API key (the workspace's key rotated) is another request."""
    first = await create(client, draft("per key"), "key-9")
    store.api_key = "sk_" + "0f" * 32
    rotated = await create(client, draft("per key"), "key-9")
    assert rotated.status_code == 401  # the old key is refused before the idempotency layer
    client.headers["Authorization"] = f"Bearer {store.api_key}"
    again = await create(client, draft("per key"), "key-9")
    assert again.status_code == 201, again.text
    assert "idempotent-replayed" not in again.headers
    assert again.json()["post"]["_id"] != first.json()["post"]["_id"]


async def test_a_failed_request_releases_its_key(client: httpx.AsyncClient, store: Store) -> None:
    refused = await create(client, {"content": "two modes", "isDraft": True, "publishNow": True}, "key-4")
    assert refused.status_code == 400
    retried = await create(client, draft("with a target"), "key-4")  # another body: allowed, nothing was stored
    assert retried.status_code == 201
    assert "idempotent-replayed" not in retried.headers


async def test_a_key_still_in_flight_is_409_then_replays(client: httpx.AsyncClient, store: Store) -> None:
    await client.post(f"{ROOT}/_sandbox/faults", json={"path": "/api/v1/posts", "method": "POST", "processing_ms": 300})
    answers: dict[str, httpx.Response] = {}

    async def first() -> None:
        answers["first"] = await create(client, draft("slow"), "key-5")

    async with anyio.create_task_group() as tg:
        tg.start_soon(first)
        await anyio.sleep(0.1)
        busy = await create(client, draft("slow"), "key-5")
    assert busy.status_code == 409
    assert busy.json()["code"] == "idempotency_conflict"
    assert "existingPostId" not in str(busy.json())  # not the duplicate-content 409
    assert answers["first"].status_code == 201
    replay = await create(client, draft("slow"), "key-5")
    assert replay.headers["idempotent-replayed"] == "true"
    assert drafts(store, "slow") == [answers["first"].json()["post"]["_id"]]


async def test_keys_expire_after_24_hours_on_the_sandbox_clock(client: httpx.AsyncClient, store: Store) -> None:
    assert (await create(client, draft("kept a day"), "key-6")).status_code == 201
    await advance(client, 24 * 3600 - 60)
    assert (await create(client, draft("kept a day"), "key-6")).headers.get("idempotent-replayed") == "true"
    await advance(client, 120)
    later = await create(client, draft("kept a day"), "key-6")
    assert (later.status_code, later.headers.get("idempotent-replayed")) == (201, None)
    assert len(drafts(store, "kept a day")) == 2


async def test_profiles_declare_the_key_too(client: httpx.AsyncClient, store: Store) -> None:
    first = await create(client, {"name": "Keyed brand"}, "key-7", path="/v1/profiles")
    again = await create(client, {"name": "Keyed brand"}, "key-7", path="/v1/profiles")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert sum(p["name"] == "Keyed brand" for p in store.all("profiles")) == 1


async def test_a_dropped_answer_is_replayed_under_its_key(client: httpx.AsyncClient, store: Store) -> None:
    await client.post(
        f"{ROOT}/_sandbox/faults",
        json={"path": "/api/v1/posts", "method": "POST", "drop": True, "after": True, "fail_count": 1},
    )
    with pytest.raises(httpx.RemoteProtocolError):
        await create(client, draft("dropped"), "key-8")
    [made] = drafts(store, "dropped")
    again = await create(client, draft("dropped"), "key-8")
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["post"]["_id"] == made


@pytest.mark.parametrize("key", ["", " ", "k" * 256])
async def test_an_unusable_key_is_400(client: httpx.AsyncClient, key: str) -> None:
    assert (await create(client, draft("bad key"), key)).status_code == 400


async def test_every_answer_carries_the_request_id_and_the_sandbox_clocks_date(
    client: httpx.AsyncClient, store: Store
) -> None:
    mine = await client.get("/v1/accounts", headers={"x-request-id": "req-abc"})
    assert mine.headers["x-request-id"] == "req-abc"
    assert (await client.get("/v1/accounts")).headers["x-request-id"]  # made up when the client sent none
    await advance(client, 86400 * 3)
    shown = parsedate_to_datetime((await client.get("/v1/accounts")).headers["date"])
    assert abs((shown - store.now()).total_seconds()) < 5
    assert (shown - datetime.now(timezone.utc)).total_seconds() > 86400 * 3 - 5
