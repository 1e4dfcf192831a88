"""Recycling in the sandbox, as the API reference gives it (RecyclingConfig, RecyclingState, recycledFromPostId):
a published post makes its next scheduled copy, the copies rotate the content variations and stop at expireCount
or expireDate, a published post may change only its recycling, and an account has at most 10 recycling posts."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

from .helpers import ROOT, acc, target

START = datetime(2027, 1, 31, 9, 0, tzinfo=timezone.utc)


def z(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


async def clock(client: httpx.AsyncClient, when: datetime) -> None:
    response = await client.post(f"{ROOT}/_sandbox/clock", json={"now": z(when)})
    assert response.status_code == 200, response.text


async def post(client: httpx.AsyncClient, post_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/posts/{post_id}")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()["post"]
    return found


async def copies_of(client: httpx.AsyncClient, original: str) -> list[dict[str, Any]]:
    listed = (await client.get("/v1/posts", params={"limit": 100, "sortBy": "scheduled-asc"})).json()["posts"]
    return [p for p in listed if p.get("recycledFromPostId") == original]


async def recycled(client: httpx.AsyncClient, recycling: dict[str, Any], key: str = "twitter", **extra: Any) -> str:
    body = {
        "content": "Our evergreen guide",
        "scheduledFor": z(START),
        "platforms": [target(key)],
        "recycling": recycling,
        **extra,
    }
    response = await client.post("/v1/posts", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["post"]["_id"])


async def test_each_publish_makes_the_next_copy_with_the_next_variation_until_expire_count(
    client: httpx.AsyncClient,
) -> None:
    await clock(client, START - timedelta(hours=1))
    variations = ["Guide, take two", "Guide, take three", "Guide, take four"]
    original = await recycled(client, {"gap": 2, "gapFreq": "week", "expireCount": 2, "contentVariations": variations})
    assert await copies_of(client, original) == []  # nothing before it is published
    await clock(client, START + timedelta(minutes=1))
    state = (await post(client, original))["recycling"]
    [first] = await copies_of(client, original)
    assert first["status"] == "scheduled"
    assert first["scheduledFor"] == z(START + timedelta(weeks=2))
    assert first["content"] == "Guide, take two"
    assert [p["platform"] for p in first["platforms"]] == ["twitter"]
    assert first["platforms"][0]["status"] == "pending"
    assert first["recycling"] is None
    assert (state["recycleCount"], state["contentVariationIndex"]) == (1, 1)
    assert state["nextRecycleAt"] == first["scheduledFor"]
    assert state["lastRecycledAt"].startswith("2027-01-31T09:01:")  # the sandbox clock runs on

    await clock(client, START + timedelta(weeks=2, minutes=1))
    assert (await post(client, first["_id"]))["status"] == "published"
    _, second = await copies_of(client, original)
    assert second["scheduledFor"] == z(START + timedelta(weeks=4))
    assert second["content"] == "Guide, take three"
    state = (await post(client, original))["recycling"]
    assert (state["recycleCount"], state["contentVariationIndex"]) == (2, 2)

    await clock(client, START + timedelta(weeks=4, minutes=1))
    assert len(await copies_of(client, original)) == 2  # expireCount 2: no third copy
    state = (await post(client, original))["recycling"]
    assert (state["recycleCount"], state["nextRecycleAt"]) == (2, None)


async def test_months_from_start_date_clamped_and_stopped_by_expire_date(client: httpx.AsyncClient) -> None:
    await clock(client, START - timedelta(hours=1))
    original = await recycled(client, {"gap": 1, "expireDate": "2027-04-15T00:00:00Z"})  # gapFreq: month
    for month, day in ((1, 31), (2, 28), (3, 31)):  # each copy goes out at its time, then the next is made
        await clock(client, START.replace(month=month, day=day) + timedelta(minutes=1))
    made = await copies_of(client, original)
    # from 31 January: 28 February (the month's last day), then 31 March; 30 April would pass 15 April
    assert [p["scheduledFor"] for p in made] == [z(START.replace(month=2, day=28)), z(START.replace(month=3))]
    assert all(p["status"] == "published" and p["content"] == "Our evergreen guide" for p in made)
    state = (await post(client, original))["recycling"]
    assert (state["recycleCount"], state["nextRecycleAt"]) == (2, None)


async def test_a_jump_of_the_clock_schedules_no_copy_in_the_past(client: httpx.AsyncClient) -> None:
    await clock(client, START - timedelta(hours=1))
    original = await recycled(client, {"gap": 1, "gapFreq": "week"})
    await clock(client, START + timedelta(days=10))  # published late, at the jump: the first time still ahead
    [made] = await copies_of(client, original)
    assert made["scheduledFor"] == z(START + timedelta(weeks=2))


async def test_a_published_post_may_change_only_its_recycling(client: httpx.AsyncClient) -> None:
    await clock(client, START - timedelta(hours=1))
    original = await recycled(client, {"gap": 1, "gapFreq": "week", "expireCount": 3})
    plain = await recycled(client, None, key="bluesky")  # type: ignore[arg-type]
    await clock(client, START + timedelta(minutes=1))

    mixed = await client.put(f"/v1/posts/{original}", json={"content": "new", "recycling": {"gap": 2}})
    assert mixed.status_code == 400
    assert "can only have their recycling config updated" in mixed.text
    one = await client.put(f"/v1/posts/{original}", json={"recycling": {"gap": 1, "contentVariations": ["x"]}})
    assert one.status_code == 400
    changed = await client.put(
        f"/v1/posts/{original}",
        json={"recycling": {"gap": 3, "gapFreq": "week", "expireCount": None, "contentVariations": ["a", "b"]}},
    )
    assert changed.status_code == 200, changed.text
    state = changed.json()["post"]["recycling"]
    assert (state["gap"], state["expireCount"], state["contentVariations"], state["recycleCount"]) == (
        3, None, ["a", "b"], 1,
    )  # fmt: skip
    cleared = await client.put(f"/v1/posts/{original}", json={"recycling": {"gap": 3, "contentVariations": []}})
    assert cleared.json()["post"]["recycling"]["contentVariations"] == []
    stopped = await client.put(f"/v1/posts/{original}", json={"recycling": {"enabled": False}})
    assert stopped.json()["post"]["recycling"]["enabled"] is False
    assert stopped.json()["post"]["recycling"]["nextRecycleAt"] is None

    assert await copies_of(client, plain) == []
    started = await client.put(f"/v1/posts/{plain}", json={"recycling": {"gap": 1, "gapFreq": "week"}})
    assert started.status_code == 200, started.text
    [copy] = await copies_of(client, plain)  # published already: its first copy is made at once
    assert copy["scheduledFor"] == z(START + timedelta(weeks=1))


async def test_the_config_is_checked_on_create_and_update(client: httpx.AsyncClient) -> None:
    await clock(client, START - timedelta(hours=1))
    draft = await client.post("/v1/posts", json={"content": "d", "platforms": [target("twitter")]})
    draft_id = draft.json()["post"]["_id"]
    for bad in (
        {"gap": 0},
        {"gap": 1, "gapFreq": "day"},
        {"gap": 1, "contentVariations": [f"v{i}" for i in range(21)]},
        {"gap": 1, "expireCount": 0},
        {"gap": 1, "expireDate": "soon"},
    ):
        for response in (
            await client.post(
                "/v1/posts",
                json={"content": "c", "scheduledFor": z(START), "platforms": [target("twitter")], "recycling": bad},
            ),
            await client.put(f"/v1/posts/{draft_id}", json={"recycling": bad}),
        ):
            assert response.status_code == 400, (bad, response.text)
    tiktok = await client.put(f"/v1/posts/{draft_id}", json={"platforms": [target("tiktok")], "recycling": {"gap": 1}})
    assert tiktok.status_code == 400
    assert "not available for tiktok" in tiktok.text


async def test_at_most_ten_active_recycling_posts_per_account(client: httpx.AsyncClient) -> None:
    await clock(client, START - timedelta(hours=1))
    made = [
        await recycled(client, {"gap": 1}, content=f"Evergreen {n}", scheduledFor=z(START + timedelta(days=n)))
        for n in range(10)
    ]
    body = {
        "content": "Evergreen 11",
        "scheduledFor": z(START + timedelta(days=11)),
        "platforms": [target("twitter"), target("linkedin")],
        "recycling": {"gap": 1},
    }
    refused = await client.post("/v1/posts", json=body)
    assert refused.status_code == 400
    assert refused.json()["details"]["accountId"] == acc("twitter")
    assert "Maximum 10 active recycling posts per account" in refused.text
    elsewhere = await client.post("/v1/posts", json={**body, "platforms": [target("twitter_personal")]})
    assert elsewhere.status_code == 201, elsewhere.text  # another account has room
    off = await client.put(f"/v1/posts/{made[0]}", json={"recycling": {"enabled": False}})
    assert off.status_code == 200, off.text
    assert (await client.post("/v1/posts", json=body)).status_code == 201
