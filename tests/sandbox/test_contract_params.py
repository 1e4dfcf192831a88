"""The sandbox's side of today's contract (late-sdk 1.4.1385) for the last divergences of issue 11: presign's
MediaContentType, the posts list's sortBy / fromDate / accountId and its unknown-parameter 400, profiles by name
and the duplicate-name 409, an account's publishing cooldown (429), and a fault carrying an error code (Reddit's
503 PLATFORM_DISABLED)."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from late_mcp.sandbox.clock import iso
from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN
from late_mcp.sandbox.store import Store

from .helpers import ROOT

#: MediaContentType: the 22 values presign takes
MEDIA_CONTENT_TYPES = [
    "image/jpeg", "image/jpg", "image/png", "image/webp", "image/gif",
    "video/mp4", "video/mpeg", "video/quicktime", "video/avi", "video/x-msvideo", "video/webm", "video/x-m4v",
    "application/pdf",
    "audio/mpeg", "audio/mp4", "audio/aac", "audio/ogg", "audio/wav", "audio/webm", "audio/x-m4a",
    "application/x-subrip", "text/vtt",
]  # fmt: skip


@pytest.mark.parametrize("content_type", MEDIA_CONTENT_TYPES)
async def test_presign_takes_every_media_content_type(client: httpx.AsyncClient, content_type: str) -> None:
    response = await client.post("/v1/media/presign", json={"filename": "f", "contentType": content_type})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("content_type", ["application/octet-stream", "audio/flac", "text/plain", "image/heic"])
async def test_presign_refuses_other_types_as_invalid_field_value(client: httpx.AsyncClient, content_type: str) -> None:
    response = await client.post("/v1/media/presign", json={"filename": "f", "contentType": content_type})
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["param"]) == ("INVALID_FIELD_VALUE", "contentType")


async def test_a_subtitle_file_goes_up_and_is_served_as_itself(client: httpx.AsyncClient) -> None:
    vtt = b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n"
    presigned = (await client.post("/v1/media/presign", json={"filename": "a.vtt", "contentType": "text/vtt"})).json()
    async with httpx.AsyncClient(transport=client._transport, base_url=ROOT) as raw:
        put = await raw.put(presigned["uploadUrl"], content=vtt, headers={"Content-Type": "text/vtt"})
        assert put.status_code == 200, put.text
        served = await raw.get(presigned["publicUrl"])
    assert served.content == vtt
    assert served.headers["content-type"].startswith("text/vtt")


async def test_posts_list_sorts_by_creation_from_an_instant_for_one_account(
    client: httpx.AsyncClient, store: Store
) -> None:
    twitter = ACCOUNT_IDS["twitter"]
    since = store.now() - timedelta(seconds=1)
    made = []
    for text in ("first", "second"):
        body = {"content": text, "isDraft": True, "platforms": [{"platform": "twitter", "accountId": twitter}]}
        made.append((await client.post("/v1/posts", json=body)).json()["post"]["_id"])
        store.clock.advance(5)
    params = {"sortBy": "created-desc", "fromDate": iso(since), "accountId": twitter, "limit": 100}
    listed = (await client.get("/v1/posts", params=params)).json()["posts"]
    ids = [p["_id"] for p in listed]
    assert set(made) <= set(ids)
    created = [p["createdAt"] for p in listed]
    assert created == sorted(created, reverse=True)
    assert all(any(e["accountId"]["_id"] == twitter for e in p["platforms"]) for p in listed)


@pytest.mark.parametrize(
    ("params", "field"),
    [({"sortBy": "newest"}, "sortBy"), ({"postId": "x"}, "postId"), ({"fromDate": "2026-1-2"}, "fromDate")],
)
async def test_posts_list_refuses_unknown_parameters_and_bad_values(
    client: httpx.AsyncClient, params: dict[str, str], field: str
) -> None:
    response = await client.get("/v1/posts", params=params)
    assert response.status_code == 400
    assert field in response.text


async def test_profiles_by_exact_name_and_the_duplicate_409(client: httpx.AsyncClient) -> None:
    by_name = (await client.get("/v1/profiles", params={"name": "Acme Studio"})).json()["profiles"]
    assert [p["_id"] for p in by_name] == [PROFILE_MAIN]
    assert (await client.get("/v1/profiles", params={"name": "acme"})).json()["profiles"] == []
    taken = await client.post("/v1/profiles", json={"name": "ACME STUDIO"})
    assert taken.status_code == 409
    assert taken.json()["details"]["existingProfileId"] == PROFILE_MAIN
    paged = (await client.get("/v1/profiles", params={"limit": 1, "skip": 1})).json()
    assert (len(paged["profiles"]), paged["total"], paged["skip"]) == (1, 2, 1)


async def test_an_account_in_cooldown_refuses_creates_but_not_drafts(client: httpx.AsyncClient, store: Store) -> None:
    twitter = ACCOUNT_IDS["twitter"]
    until = iso(store.now() + timedelta(minutes=20))
    async with httpx.AsyncClient(transport=client._transport, base_url=ROOT) as raw:
        assert (await raw.post(f"/_sandbox/accounts/{twitter}", json={"rateLimitedUntil": until})).status_code == 200
    listed = (await client.get("/v1/accounts")).json()["accounts"]
    assert [a["rateLimitedUntil"] for a in listed if a["_id"] == twitter] == [until]
    target = [{"platform": "twitter", "accountId": twitter}]
    refused = await client.post("/v1/posts", json={"content": "now", "publishNow": True, "platforms": target})
    assert refused.status_code == 429
    assert "retry-after" not in refused.headers  # an account's refusal, not the request rate limit
    [named] = refused.json()["details"]["rateLimitedAccounts"]
    assert (named["accountId"], named["username"], named["rateLimitedUntil"]) == (twitter, "acmestudio", until)
    draft = await client.post("/v1/posts", json={"content": "later", "isDraft": True, "platforms": target})
    assert draft.status_code == 201


async def test_a_fault_can_carry_the_apis_error_code(client: httpx.AsyncClient) -> None:
    rule = {"path": "/api/v1/accounts/*/reddit-subreddits", "status": 503, "code": "PLATFORM_DISABLED"}
    async with httpx.AsyncClient(transport=client._transport, base_url=ROOT) as raw:
        assert (await raw.post("/_sandbox/faults", json=rule)).status_code < 300
    answer = await client.get(f"/v1/accounts/{ACCOUNT_IDS['twitter']}/reddit-subreddits")
    assert answer.status_code == 503
    assert answer.json()["code"] == "PLATFORM_DISABLED"
