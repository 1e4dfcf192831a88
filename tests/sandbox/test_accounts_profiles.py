"""Accounts (list, filter, health), profiles CRUD with the plan limit, usage stats."""

from __future__ import annotations

import httpx

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, PROFILE_PERSONAL

from .helpers import ROOT


async def test_list_accounts_and_filter_by_profile(client: httpx.AsyncClient) -> None:
    body = (await client.get("/v1/accounts")).json()
    assert body["hasAnalyticsAccess"] is True
    accounts = body["accounts"]
    assert len(accounts) == 12
    twitter = next(a for a in accounts if a["_id"] == ACCOUNT_IDS["twitter"])
    assert twitter["profileId"]["_id"] == PROFILE_MAIN
    assert twitter["profileId"]["name"] == "Acme Studio"
    assert twitter["profileUrl"] == "https://sandbox.invalid/x.com/acmestudio"
    assert twitter["isActive"] is True
    assert not any(key.startswith("__") for a in accounts for key in a)

    personal = (await client.get("/v1/accounts", params={"profileId": PROFILE_PERSONAL})).json()["accounts"]
    assert {a["platform"] for a in personal} == {"twitter", "bluesky", "linkedin"}
    assert all(a["profileId"]["_id"] == PROFILE_PERSONAL for a in personal)


async def test_health_reports_the_account_needing_reconnection(client: httpx.AsyncClient) -> None:
    body = (await client.get("/v1/accounts/health")).json()
    assert body["summary"]["total"] == 12
    assert body["summary"]["needsReconnect"] == 1
    assert body["summary"]["error"] == 1
    broken = next(a for a in body["accounts"] if a["needsReconnect"])
    assert broken["platform"] == "facebook"
    assert broken["canPost"] is False

    one = (await client.get(f"/v1/accounts/{ACCOUNT_IDS['facebook']}/health")).json()
    assert one["status"] == "error"
    assert one["tokenStatus"]["valid"] is False
    assert one["recommendations"]
    healthy = (await client.get(f"/v1/accounts/{ACCOUNT_IDS['twitter']}/health")).json()
    assert healthy["status"] == "healthy"
    assert healthy["canPost"] is True
    errors = (await client.get("/v1/accounts/health", params={"status": "error"})).json()
    assert [a["platform"] for a in errors["accounts"]] == ["facebook"]


async def test_profiles_crud(client: httpx.AsyncClient) -> None:
    listed = (await client.get("/v1/profiles")).json()["profiles"]
    assert [p["_id"] for p in listed] == [PROFILE_MAIN, PROFILE_PERSONAL]  # oldest first

    created = await client.post(
        "/v1/profiles", json={"name": "Client A", "description": "Agency client", "color": "#22c55e"}
    )
    assert created.status_code == 201
    profile = created.json()["profile"]
    assert profile["isDefault"] is False
    taken = await client.post("/v1/profiles", json={"name": "client a"})  # names are unique per team
    assert taken.status_code == 409
    assert taken.json()["details"] == {"existingProfileId": profile["_id"]}
    assert (await client.post("/v1/profiles", json={})).status_code == 400

    fetched = (await client.get(f"/v1/profiles/{profile['_id']}")).json()["profile"]
    assert fetched["name"] == "Client A"
    updated = await client.put(f"/v1/profiles/{profile['_id']}", json={"name": "Client B", "isDefault": True})
    assert updated.json()["profile"]["isDefault"] is True
    defaults = [p for p in (await client.get("/v1/profiles")).json()["profiles"] if p["isDefault"]]
    assert [p["_id"] for p in defaults] == [profile["_id"]]

    deleted = await client.delete(f"/v1/profiles/{profile['_id']}")
    assert deleted.status_code == 200
    assert (await client.get(f"/v1/profiles/{profile['_id']}")).status_code == 404
    defaults = [p for p in (await client.get("/v1/profiles")).json()["profiles"] if p["isDefault"]]
    assert len(defaults) == 1


async def test_profile_with_accounts_cannot_be_deleted(client: httpx.AsyncClient) -> None:
    refused = await client.delete(f"/v1/profiles/{PROFILE_PERSONAL}")
    assert refused.status_code == 400
    assert "connected accounts" in refused.json()["error"]
    for key in ("twitter_personal", "bluesky_personal", "linkedin_personal"):
        assert (await client.delete(f"/v1/accounts/{ACCOUNT_IDS[key]}")).status_code == 200
    assert (await client.delete(f"/v1/profiles/{PROFILE_PERSONAL}")).status_code == 200
    logs = (await client.get("/v1/connections/logs", params={"eventType": "disconnect"})).json()["logs"]
    assert len(logs) == 3


async def test_profile_limit_is_403_with_plan_body(client: httpx.AsyncClient) -> None:
    await client.post(f"{ROOT}/_sandbox/plan", json={"plan": "free"})
    response = await client.post("/v1/profiles", json={"name": "Third"})
    assert response.status_code == 403
    assert response.json() == {
        "error": "Profile limit reached. Your free plan allows 2 profiles. You currently have 2.",
        "planName": "free",
        "limit": 2,
        "current": 2,
        "details": {"resource": "profiles", "plan": "free", "currentUsage": 2, "limit": 2, "window": "total"},
    }


async def test_usage_stats(client: httpx.AsyncClient) -> None:
    body = (await client.get("/v1/usage-stats")).json()
    assert body["planName"] == "Basic"
    assert body["limits"] == {"uploads": 120, "profiles": 10}
    assert body["usage"]["profiles"] == 2
    assert body["usage"]["uploads"] > 0
    assert body["hasAccess"] is True
    assert "canUpload" not in body  # not in today's UsageStats


async def test_update_account(client: httpx.AsyncClient) -> None:
    response = await client.put(f"/v1/accounts/{ACCOUNT_IDS['twitter']}", json={"displayName": "Acme"})
    assert response.json()["displayName"] == "Acme"
    assert (await client.put("/v1/accounts/nope", json={"displayName": "x"})).status_code == 404
