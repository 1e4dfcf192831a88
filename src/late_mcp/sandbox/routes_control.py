"""Loopback-only control endpoints for tests and demos: the clock, fault rules, settings, plan, account health,
and a reset. They need no API key, so they refuse any client that is not on 127.0.0.0/8 or ::1; in front of them
`control_guard` also refuses other Host names, other web origins and bodies that are not JSON.

    GET  /_sandbox/clock                  -> {"now", "offsetSeconds"}
    POST /_sandbox/clock                  {"advance": seconds} | {"now": iso} | {"reset": true}
    GET|POST|DELETE /_sandbox/faults      list / add (a rule, a list, or {"rules": [...]}) / clear (?id=N: one)
    GET|POST /_sandbox/settings           rate_limit_per_minute, upload_token_ttl_s, presign_ttl_s, max_upload_bytes
    POST /_sandbox/plan                   {"plan": "free", "uploadsUsed": 10, "analytics": true}
    POST /_sandbox/accounts               {"platform", "username", "displayName"?, "profileId"?, "choices"?}: connect
                                          an account (choices: pages, organizations, locations, boards, subreddits,
                                          privacyLevels, see late_mcp.sandbox.targets)
    POST /_sandbox/accounts/{id}          {"needsReconnect": true, "isActive": false, "enabled": false,
                                           "rateLimitedUntil": "2026-11-24T22:00:00Z"}
    GET  /_sandbox/accounts/{id}/choices  the account's pages, organizations, locations, boards, subreddits, privacy
    POST /_sandbox/reset                  wipe and reseed (the API key is kept)
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox import plans
from late_mcp.sandbox.accounts import PROFILE_URLS, public
from late_mcp.sandbox.clock import iso, parse_instant, parse_iso
from late_mcp.sandbox.context import sandbox_of
from late_mcp.sandbox.control_guard import is_loopback
from late_mcp.sandbox.errors import ApiError, bad_request
from late_mcp.sandbox.http import json_body, path_param, respond
from late_mcp.sandbox.logs import record_connection_log
from late_mcp.sandbox.params import required_str
from late_mcp.sandbox.post_target import PLATFORMS
from late_mcp.sandbox.publishing import process_due
from late_mcp.sandbox.seed import ensure_seeded
from late_mcp.sandbox.targets import KINDS, choices


def _guard(request: Request) -> None:
    if not is_loopback(request.client.host if request.client else None):
        raise ApiError(403, "Sandbox control endpoints are only reachable from loopback")


def _clock_json(request: Request, published: int | None = None) -> dict[str, Any]:
    store = sandbox_of(request).store
    body: dict[str, Any] = {"now": iso(store.now()), "offsetSeconds": store.clock.offset_seconds}
    if published is not None:
        body["published"] = published
    return body


async def get_clock(request: Request) -> JSONResponse:
    _guard(request)
    return respond(_clock_json(request))


async def set_clock(request: Request) -> JSONResponse:
    _guard(request)
    store = sandbox_of(request).store
    body = await json_body(request)
    if "advance" in body:
        seconds = body["advance"]
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise bad_request("advance must be a non-negative number of seconds", field="advance")
        store.clock.advance(float(seconds))
    elif "now" in body:
        try:
            store.clock.set_now(parse_iso(str(body["now"])))
        except ValueError:
            raise bad_request("now must be an ISO 8601 date-time", field="now") from None
    elif body.get("reset") is True:
        store.clock.reset()
    else:
        raise bad_request('Send {"advance": seconds}, {"now": "<ISO 8601>"} or {"reset": true}')
    return respond(_clock_json(request, published=process_due(store)))


async def list_faults(request: Request) -> JSONResponse:
    _guard(request)
    return respond({"rules": [rule.to_dict() for rule in sandbox_of(request).faults.rules()]})


async def add_faults(request: Request) -> JSONResponse:
    _guard(request)
    import json

    try:
        raw = json.loads(await request.body())
        added = sandbox_of(request).faults.add_many(raw)
    except ValueError as exc:
        raise bad_request(f"Invalid fault rule: {exc}") from None
    return respond({"rules": [rule.to_dict() for rule in added]}, 201)


async def clear_faults(request: Request) -> JSONResponse:
    _guard(request)
    faults = sandbox_of(request).faults
    rule_id = request.query_params.get("id")
    if rule_id:
        if not rule_id.isdigit() or not faults.remove(int(rule_id)):
            raise ApiError(404, "Not found")
    else:
        faults.clear()
    return respond({"rules": [rule.to_dict() for rule in faults.rules()]})


async def get_settings(request: Request) -> JSONResponse:
    _guard(request)
    return respond(sandbox_of(request).settings.to_dict())


async def set_settings(request: Request) -> JSONResponse:
    _guard(request)
    sandbox = sandbox_of(request)
    try:
        sandbox.settings.update(await json_body(request))
    except ValueError as exc:
        raise bad_request(str(exc)) from None
    return respond(sandbox.settings.to_dict())


async def set_plan(request: Request) -> JSONResponse:
    _guard(request)
    store = sandbox_of(request).store
    body = await json_body(request)
    with store.transaction():
        if "plan" in body:
            name = str(body["plan"]).lower()
            if name not in plans.PLANS:
                raise bad_request(f"plan must be one of {', '.join(plans.PLANS)}", field="plan")
            store.meta_set("plan", name)
        if "uploadsUsed" in body:
            used = body["uploadsUsed"]
            if isinstance(used, bool) or not isinstance(used, int) or used < 0:
                raise bad_request("uploadsUsed must be a non-negative integer", field="uploadsUsed")
            plans.set_uploads_used(store, used)
        if "analytics" in body:
            store.meta_set("analytics_addon", bool(body["analytics"]))
    return respond(plans.usage_stats(store))


async def set_account(request: Request) -> JSONResponse:
    _guard(request)
    store = sandbox_of(request).store
    body = await json_body(request)
    with store.transaction():
        account = store.get("accounts", path_param(request, "account_id"))
        if account is None:
            raise ApiError(404, "Not found")
        if "needsReconnect" in body:
            account["__needsReconnect"] = bool(body["needsReconnect"])
            if not body["needsReconnect"]:
                # Reconnecting grants a fresh token, so health reports the account can post again.
                account["tokenExpiresAt"] = iso(store.now() + timedelta(days=60))
                record_connection_log(store, account, "reconnect_success")
        if "isActive" in body:
            account["isActive"] = bool(body["isActive"])
        if "enabled" in body:  # SocialAccount.enabled: false is listed but cannot be posted to
            account["enabled"] = bool(body["enabled"])
        if "rateLimitedUntil" in body:  # the publishing cooldown's end (an ISO instant), or null
            account["rateLimitedUntil"] = _instant_or_none(body["rateLimitedUntil"], "rateLimitedUntil")
        store.put("accounts", account)
    return respond(
        {
            "accountId": account["_id"],
            "isActive": account["isActive"],
            "needsReconnect": bool(account.get("__needsReconnect")),
        }
    )


def _instant_or_none(value: Any, name: str) -> str | None:
    if value is None:
        return None
    try:
        return iso(parse_instant(str(value)))
    except ValueError:
        raise bad_request(f"{name} must be an ISO 8601 instant or null", field=name) from None


async def add_account(request: Request) -> JSONResponse:
    """Connect an account without an OAuth round trip (for platforms the seed has none of, e.g. Google Business)."""
    _guard(request)
    store = sandbox_of(request).store
    body = await json_body(request)
    platform = body.get("platform")
    if platform not in PLATFORMS:
        raise bad_request(f"platform must be one of {', '.join(PLATFORMS)}", field="platform")
    username = required_str(body, "username")
    choices = body.get("choices")
    if choices is not None and (not isinstance(choices, dict) or not set(choices) <= set(KINDS)):
        raise bad_request(f"choices must be an object with some of {', '.join(KINDS)}", field="choices")
    with store.transaction():
        profile_id = body.get("profileId")
        if profile_id is None:
            default = next((p for p in store.all("profiles") if p.get("isDefault")), None)
            profile_id = default["_id"] if default else None
        if not isinstance(profile_id, str) or store.get("profiles", profile_id) is None:
            raise bad_request("profileId must name an existing profile", field="profileId")
        now = store.now()
        name = username.strip()
        account: dict[str, Any] = {
            "_id": store.new_id(),
            "platform": platform,
            "profileId": profile_id,
            "username": name,
            "displayName": str(body.get("displayName") or name),
            "profileUrl": PROFILE_URLS[platform].format(u=name),
            "profilePicture": None,
            "isActive": True,
            "tokenExpiresAt": iso(now + timedelta(days=60)),
            "permissions": ["posts:write", "posts:read"],
            "followersCount": 0,
            "followersLastUpdated": iso(now),
            "createdAt": iso(now),
            "__needsReconnect": False,
        }
        if choices is not None:
            account["__choices"] = choices
        store.put("accounts", account)
        record_connection_log(store, account, "connect_success")
    return respond({"account": public(account)}, 201)


async def account_choices(request: Request) -> JSONResponse:
    _guard(request)
    store = sandbox_of(request).store
    account = store.get("accounts", path_param(request, "account_id"))
    if account is None:
        raise ApiError(404, "Not found")
    return respond({kind: choices(account, kind) for kind in KINDS})


async def reset(request: Request) -> JSONResponse:
    _guard(request)
    sandbox = sandbox_of(request)
    sandbox.store.wipe()
    ensure_seeded(sandbox.store)
    sandbox.limiter.reset()
    return respond({"status": "reset"})


routes = [
    Route("/_sandbox/clock", get_clock, methods=["GET"]),
    Route("/_sandbox/clock", set_clock, methods=["POST"]),
    Route("/_sandbox/faults", list_faults, methods=["GET"]),
    Route("/_sandbox/faults", add_faults, methods=["POST"]),
    Route("/_sandbox/faults", clear_faults, methods=["DELETE"]),
    Route("/_sandbox/settings", get_settings, methods=["GET"]),
    Route("/_sandbox/settings", set_settings, methods=["POST"]),
    Route("/_sandbox/plan", set_plan, methods=["POST"]),
    Route("/_sandbox/accounts", add_account, methods=["POST"]),
    Route("/_sandbox/accounts/{account_id}", set_account, methods=["POST"]),
    Route("/_sandbox/accounts/{account_id}/choices", account_choices, methods=["GET"]),
    Route("/_sandbox/reset", reset, methods=["POST"]),
]
