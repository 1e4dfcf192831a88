"""Accounts, profiles and usage stats (the API docs' Accounts, Profiles and Usage references; plans and limits)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox import plans
from late_mcp.sandbox.accounts import health, health_summary, public, render_account
from late_mcp.sandbox.clock import iso
from late_mcp.sandbox.context import sandbox_of
from late_mcp.sandbox.errors import ApiError, bad_request, not_found
from late_mcp.sandbox.http import json_body, path_param, query, respond
from late_mcp.sandbox.logs import record_connection_log
from late_mcp.sandbox.params import int_param, required_str
from late_mcp.sandbox.store import Doc, Store


def _analytics(store: Store) -> bool:
    return bool(store.meta_get("analytics_addon", False))


def _account(store: Store, account_id: str) -> Doc:
    account = store.get("accounts", account_id)
    if account is None:
        raise not_found()
    return account


async def list_accounts(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    params = query(request)
    profile_id = params.get("profileId")
    platform = params.get("platform")
    # "enabled: false" accounts cannot be posted to and are listed unless excludeHidden=true
    visible = params.get("excludeHidden", "false").lower() != "true"
    with store.transaction():
        accounts = [
            a
            for a in store.all("accounts")
            if (not profile_id or a["profileId"] == profile_id)
            and (not platform or a["platform"] == platform)
            and (visible or a.get("enabled", True) is not False)
        ]
        analytics = _analytics(store)
        body = {
            "accounts": [render_account(store, a, analytics=analytics) for a in accounts],
            "hasAnalyticsAccess": analytics,
        }
    return respond(body)


async def accounts_health(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    params = query(request)
    now = store.now()
    reports = [
        health(a, now)
        for a in store.all("accounts")
        if (not params.get("profileId") or a["profileId"] == params["profileId"])
        and (not params.get("platform") or a["platform"] == params["platform"])
    ]
    if params.get("status"):
        reports = [r for r in reports if r["status"] == params["status"]]
    return respond(health_summary(reports))


async def account_health(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    report = health(_account(store, path_param(request, "account_id")), store.now())
    report.pop("profileId", None)
    return respond(report)


async def update_account(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    with store.transaction():
        account = _account(store, path_param(request, "account_id"))
        for field in ("username", "displayName"):
            if field in body:
                if not isinstance(body[field], str) or not body[field].strip():
                    raise bad_request(f"{field} must be a non-empty string", field=field)
                account[field] = body[field].strip()
        store.put("accounts", account)
    return respond(
        {
            "message": "Account updated successfully",
            "username": account["username"],
            "displayName": account["displayName"],
        }
    )


async def delete_account(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    with store.transaction():
        account = _account(store, path_param(request, "account_id"))
        store.delete("accounts", account["_id"])
        record_connection_log(store, account, "disconnect")
    return respond({"message": "Account disconnected successfully"})


# profiles -------------------------------------------------------------------------------------------------


def _profile(store: Store, profile_id: str) -> Doc:
    profile = store.get("profiles", profile_id)
    if profile is None:
        raise not_found()
    return profile


def _profile_fields(body: Doc, *, creating: bool) -> Doc:
    out: Doc = {}
    if creating or "name" in body:
        name = required_str(body, "name")
        out["name"] = name.strip()
    for field in ("description", "color"):
        if field in body:
            if body[field] is not None and not isinstance(body[field], str):
                raise bad_request(f"{field} must be a string", field=field)
            out[field] = body[field]
    if "isDefault" in body:
        if not isinstance(body["isDefault"], bool):
            raise bad_request("isDefault must be a boolean", field="isDefault")
        out["isDefault"] = body["isDefault"]
    return out


def _check_name(store: Store, name: str | None, own_id: str | None) -> None:
    """ "Names are unique per team: a duplicate returns a 409 whose details.existingProfileId carries the id of the
    existing profile" (POST /v1/profiles)."""
    if name is None:
        return
    for other in store.all("profiles"):
        if other["_id"] != own_id and str(other["name"]).lower() == name.lower():
            raise ApiError(409, f"A profile named {name!r} already exists", {"existingProfileId": other["_id"]})


def _make_default(store: Store, profile_id: str) -> None:
    for other in store.all("profiles"):
        if other["_id"] != profile_id and other.get("isDefault"):
            other["isDefault"] = False
            store.put("profiles", other)


async def list_profiles(request: Request) -> JSONResponse:
    """Default first, then by creation; `name` filters on the exact name ("to recover a profile id after an
    ambiguous create"); `limit`/`skip` page it, and then the answer also has total and skip (GET /v1/profiles)."""
    store = sandbox_of(request).store
    asked = query(request)
    profiles = sorted(store.all("profiles"), key=lambda p: (not p.get("isDefault"), str(p["createdAt"])))
    if asked.get("name"):
        profiles = [p for p in profiles if p["name"] == asked["name"]]
    if "limit" not in asked and "skip" not in asked:
        return respond({"profiles": [public(p) for p in profiles]})
    skip = int_param(asked, "skip", 0, minimum=0)
    limit = int_param(asked, "limit", len(profiles) or 1, minimum=1)
    window = [public(p) for p in profiles[skip : skip + limit]]
    return respond({"profiles": window, "total": len(profiles), "skip": skip, "limit": limit})


async def create_profile(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    fields = _profile_fields(await json_body(request), creating=True)
    with store.transaction():
        existing = store.all("profiles")
        _check_name(store, fields["name"], None)
        plans.check_profile_allowed(store, len(existing))
        profile: Doc = {
            "_id": store.new_id(),
            "userId": store.meta_get("user_id"),
            "name": fields["name"],
            "description": fields.get("description"),
            "color": fields.get("color") or "#ffeda0",
            "isDefault": bool(fields.get("isDefault")) or not existing,
            "createdAt": iso(store.now()),
        }
        if profile["isDefault"]:
            _make_default(store, profile["_id"])
        store.put("profiles", profile)
    return respond({"message": "Profile created successfully", "profile": profile}, 201)


async def get_profile(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    return respond({"profile": public(_profile(store, path_param(request, "profile_id")))})


async def update_profile(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    fields = _profile_fields(await json_body(request), creating=False)
    with store.transaction():
        profile = _profile(store, path_param(request, "profile_id"))
        _check_name(store, fields.get("name"), profile["_id"])
        if fields.get("isDefault") is False and profile.get("isDefault"):
            raise bad_request("Make another profile the default instead of unsetting this one", field="isDefault")
        profile.update(fields)
        if fields.get("isDefault"):
            _make_default(store, profile["_id"])
        store.put("profiles", profile)
    return respond({"message": "Profile updated successfully", "profile": public(profile)})


async def delete_profile(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    with store.transaction():
        profile = _profile(store, path_param(request, "profile_id"))
        connected = [a["_id"] for a in store.all("accounts") if a["profileId"] == profile["_id"]]
        if connected:
            raise ApiError(
                400,
                "Cannot delete a profile with connected accounts; disconnect them first",
                {"profileId": profile["_id"], "accountIds": connected},
            )
        store.delete("profiles", profile["_id"])
        if profile.get("isDefault"):
            remaining = sorted(store.all("profiles"), key=lambda p: str(p["createdAt"]))
            if remaining:
                remaining[0]["isDefault"] = True
                store.put("profiles", remaining[0])
    return respond({"message": "Profile deleted successfully"})


async def usage_stats(request: Request) -> JSONResponse:
    return respond(plans.usage_stats(sandbox_of(request).store))


routes = [
    Route("/api/v1/accounts", list_accounts, methods=["GET"]),
    Route("/api/v1/accounts/health", accounts_health, methods=["GET"]),
    Route("/api/v1/accounts/{account_id}/health", account_health, methods=["GET"]),
    Route("/api/v1/accounts/{account_id}", update_account, methods=["PUT"]),
    Route("/api/v1/accounts/{account_id}", delete_account, methods=["DELETE"]),
    Route("/api/v1/profiles", list_profiles, methods=["GET"]),
    Route("/api/v1/profiles", create_profile, methods=["POST"]),
    Route("/api/v1/profiles/{profile_id}", get_profile, methods=["GET"]),
    Route("/api/v1/profiles/{profile_id}", update_profile, methods=["PUT"]),
    Route("/api/v1/profiles/{profile_id}", delete_profile, methods=["DELETE"]),
    Route("/api/v1/usage-stats", usage_stats, methods=["GET"]),
]
