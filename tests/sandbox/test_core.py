"""Store, seed, auth, error bodies and rate limiting."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette

from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.seed import ACCOUNT_IDS, ensure_seeded, seeded_store
from late_mcp.sandbox.settings import SandboxSettings
from late_mcp.sandbox.store import Store

from .helpers import ROOT

KEY = re.compile(r"^sk_[0-9a-f]{64}$")


def test_memory_store_has_a_demo_key_and_cleans_its_media_dir() -> None:
    store = Store.open(":memory:")
    media_dir = store.media_dir
    assert KEY.match(store.api_key)
    assert media_dir.is_dir()
    store.close()
    assert not media_dir.exists()


def test_a_store_opens_empty_and_seeding_fills_it_once() -> None:
    with Store.open(":memory:") as store:
        assert store.all("accounts") == []
        assert store.all("posts") == []
        assert store.meta_get("plan") is None
        assert ensure_seeded(store) is store
        assert len(store.all("accounts")) == 12
        assert store.meta_get("plan") == "basic"
        store.delete("accounts", ACCOUNT_IDS["twitter"])
        ensure_seeded(store)  # already seeded: what the user changed stays changed
        assert len(store.all("accounts")) == 11


def test_disk_store_keeps_key_and_data_until_reset(tmp_path: Path) -> None:
    with seeded_store(tmp_path / "data") as first:
        key = first.api_key
        first.put("profiles", {"_id": "x" * 24, "name": "Extra", "createdAt": "2030-01-01T00:00:00.000Z"})
        first.delete("accounts", ACCOUNT_IDS["twitter"])
    with seeded_store(tmp_path / "data") as again:
        assert again.api_key == key
        assert again.get("profiles", "x" * 24) is not None
        assert again.get("accounts", ACCOUNT_IDS["twitter"]) is None  # reopening does not reseed
    with seeded_store(tmp_path / "data", reset=True) as fresh:
        assert KEY.match(fresh.api_key)
        assert fresh.api_key != key
        assert fresh.get("profiles", "x" * 24) is None
        assert len(fresh.all("accounts")) == 12


def test_seed_is_a_believable_workspace(store: Store) -> None:
    profiles = store.all("profiles")
    assert len(profiles) == 2
    assert sum(1 for p in profiles if p["isDefault"]) == 1
    accounts = store.all("accounts")
    platforms = {a["platform"] for a in accounts}
    assert {"twitter", "linkedin", "instagram", "bluesky", "threads", "youtube", "tiktok", "pinterest"} <= platforms
    twitter_profiles = {a["profileId"] for a in accounts if a["platform"] == "twitter"}
    assert len(twitter_profiles) == 2
    assert any(a.get("__needsReconnect") for a in accounts)
    statuses = {p["status"] for p in store.all("posts")}
    assert {"draft", "scheduled", "published", "failed", "partial"} <= statuses
    for post in store.all("posts"):
        for entry in post["platforms"]:
            if entry["status"] == "published":
                assert entry["platformPostUrl"].startswith("https://")
            if entry["status"] == "failed":
                assert entry["errorMessage"]


def test_no_sandbox_link_leads_to_a_real_platform(store: Store) -> None:
    """A made-up post or profile must not link to x.com & co: it would open someone else's page there."""
    from late_mcp.sandbox.accounts import PROFILE_URLS
    from late_mcp.sandbox.publishing import platform_post

    links = [a["profileUrl"] for a in store.all("accounts")]
    links += [e["platformPostUrl"] for p in store.all("posts") for e in p["platforms"] if e.get("platformPostUrl")]
    links += [platform_post(name, "someone", "seed", "target")[1] for name in PROFILE_URLS]
    assert len(links) > len(PROFILE_URLS)
    assert all(link.startswith("https://sandbox.invalid/") for link in links), links


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer sk_" + "0" * 64}, {"Authorization": "Basic x"}])
async def test_wrong_or_missing_key_is_401(app: Starlette, headers: dict[str, str]) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=f"{ROOT}/api") as anon:
        response = await anon.get("/v1/accounts", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorized"}
    assert "x-ratelimit-limit" in response.headers


async def test_unknown_ids_and_routes_are_404_json(client: httpx.AsyncClient) -> None:
    for path in ("/v1/posts/" + "f" * 24, "/v1/profiles/nope", "/v1/accounts/nope/health", "/v1/no-such-thing"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"error": "Not found"}


async def test_invalid_json_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/posts", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "JSON" in response.json()["error"]


async def test_every_api_response_has_rate_limit_headers(client: httpx.AsyncClient) -> None:
    first = await client.get("/v1/accounts")
    second = await client.get("/v1/posts/" + "f" * 24)
    for response in (first, second):
        assert response.headers["x-ratelimit-limit"] == "600"
        assert int(response.headers["x-ratelimit-reset"]) > 1_700_000_000
    assert int(second.headers["x-ratelimit-remaining"]) == int(first.headers["x-ratelimit-remaining"]) - 1


async def test_over_the_limit_is_429_with_retry_after(store: Store) -> None:
    app = create_app(store, settings=SandboxSettings(rate_limit_per_minute=3))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url=f"{ROOT}/api",
        headers={"Authorization": f"Bearer {store.api_key}"},
    ) as http:
        codes = [(await http.get("/v1/profiles")).status_code for _ in range(3)]
        limited = await http.get("/v1/profiles")
    assert codes == [200, 200, 200]
    assert limited.status_code == 429
    assert "Rate limit" in limited.json()["error"]
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert limited.headers["x-ratelimit-remaining"] == "0"


async def test_rate_limit_is_configurable_at_runtime(client: httpx.AsyncClient) -> None:
    response = await client.post(f"{ROOT}/_sandbox/settings", json={"rate_limit_per_minute": 1})
    assert response.json()["rate_limit_per_minute"] == 1
    await client.get("/v1/profiles")
    assert (await client.get("/v1/profiles")).status_code == 429
    bad = await client.post(f"{ROOT}/_sandbox/settings", json={"nope": 1})
    assert bad.status_code == 400


async def test_control_endpoints_refuse_non_loopback_clients(app: Starlette) -> None:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 5000))
    async with httpx.AsyncClient(transport=transport, base_url=ROOT) as remote:
        response = await remote.post("/_sandbox/clock", json={"advance": 60})
    assert response.status_code == 403
    assert "loopback" in response.json()["error"]
