"""Helpers the account-management, connect, team and tools routes share: finding an account, making a new
connection look like a seeded one, and the analytics add-on / plan gates."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from starlette.requests import Request

from late_mcp.sandbox import plans
from late_mcp.sandbox.accounts import PROFILE_URLS, render_account
from late_mcp.sandbox.clock import iso
from late_mcp.sandbox.control_guard import is_loopback
from late_mcp.sandbox.errors import ApiError, not_found
from late_mcp.sandbox.logs import record_connection_log
from late_mcp.sandbox.store import Doc, Store
from late_mcp.sandbox.targets import default_choices


def digest(seed: str) -> int:
    """A stable number from a string, for deterministic demo data."""
    return int(hashlib.sha256(seed.encode()).hexdigest()[:12], 16)


def account_or_404(store: Store, account_id: str) -> Doc:
    account = store.get("accounts", account_id)
    if account is None:
        raise not_found()
    return account


def require_platform(account: Doc, platform: str, label: str) -> None:
    if account.get("platform") != platform:
        raise ApiError(
            400, f"Not a {label} account", {"accountId": account["_id"], "platform": account.get("platform")}
        )


def profile_or_404(store: Store, profile_id: object) -> Doc:
    if not isinstance(profile_id, str) or not profile_id:
        raise ApiError(400, "profileId is required", {"field": "profileId"})
    profile = store.get("profiles", profile_id)
    if profile is None:
        raise ApiError(404, "Profile not found")
    return profile


def analytics_addon(store: Store) -> bool:
    return bool(store.meta_get("analytics_addon", False))


def require_addon(store: Store) -> None:
    """402 with the documented body (Analytics reference) when the add-on is off."""
    if not analytics_addon(store):
        raise ApiError(402, "Analytics add-on required", extra={"code": "analytics_addon_required"})


def connect_account(
    store: Store,
    *,
    platform: str,
    profile_id: str,
    username: str,
    display_name: str,
    extra: dict[str, Any] | None = None,
    method: str = "oauth",
) -> Doc:
    """A new connected account shaped like the seeded ones, plus its `connect_success` connection log.

    Connecting the same platform user to the same profile again reconnects the existing account.
    """
    now = store.now()
    existing = next(
        (
            a
            for a in store.all("accounts")
            if a["platform"] == platform and a["profileId"] == profile_id and a["username"] == username
        ),
        None,
    )
    account: Doc = existing or {
        "_id": store.new_id(),
        "platform": platform,
        "profileId": profile_id,
        "username": username,
        "createdAt": iso(now),
        "followersCount": digest(f"followers:{platform}:{username}") % 9000 + 50,
        "followersLastUpdated": iso(now),
    }
    account.update(
        {
            "displayName": display_name,
            "profileUrl": PROFILE_URLS.get(platform, "https://sandbox.invalid/{u}").format(u=username),
            "profilePicture": f"https://cdn.example.com/avatars/{platform}-{username}.png",
            "isActive": True,
            "tokenExpiresAt": iso(now + timedelta(days=60)),
            "permissions": ["posts:write", "posts:read"],
            "__needsReconnect": False,
            "__choices": account.get("__choices") or default_choices(platform, username, display_name),
            **(extra or {}),
        }
    )
    store.put("accounts", account)
    log = record_connection_log(store, account, "reconnect_success" if existing else "connect_success")
    log["connectionMethod"] = method
    store.put("connection_logs", log)
    return account


def shown(store: Store, account: Doc) -> Doc:
    return render_account(store, account, analytics=analytics_addon(store))


def guard_loopback(request: Request) -> None:
    if not is_loopback(request.client.host if request.client else None):
        raise ApiError(403, "Sandbox control endpoints are only reachable from loopback")


def tools_gate(store: Store) -> None:
    """The Tools API: paid plans only, with a daily allowance (Build 50, Accelerate 500, Unlimited)."""
    plan = plans.current_plan(store)
    if plan.name == "Free":
        raise ApiError(403, "Tools API not available on free plan")
    daily = {"Basic": 50, "Professional": 500}.get(plan.name)
    day = store.now().date().isoformat()
    used = store.meta_get("tools_usage", {})
    count = int(used.get(day, 0)) if isinstance(used, dict) else 0
    if daily is not None and count >= daily:
        raise ApiError(429, f"Daily rate limit exceeded: {daily} Tools API requests per day on the {plan.name} plan")
    store.meta_set("tools_usage", {day: count + 1})
