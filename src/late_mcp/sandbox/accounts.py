"""Accounts and profiles as the API shows them: populated references, health reports, profile URLs.

An account has two independent failure flags: ``isActive: false`` (disconnected; posts to it are refused with
400) and the internal ``__needsReconnect`` (token expired or revoked; posts are accepted but fail to publish with a
per-platform error, and health reports ``needsReconnect``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from late_mcp.sandbox.clock import iso, parse_instant
from late_mcp.sandbox.store import Doc, Store

PROFILE_URLS: dict[str, str] = {
    # SocialAccount.profileUrl formats (API docs, "SocialAccount" schema), under a host that never resolves:
    # these accounts do not exist on the real platforms.
    "twitter": "https://sandbox.invalid/x.com/{u}",
    "instagram": "https://sandbox.invalid/instagram.com/{u}",
    "tiktok": "https://sandbox.invalid/tiktok.com/@{u}",
    "youtube": "https://sandbox.invalid/youtube.com/@{u}",
    "linkedin": "https://sandbox.invalid/www.linkedin.com/in/{u}/",
    "threads": "https://sandbox.invalid/threads.net/@{u}",
    "pinterest": "https://sandbox.invalid/pinterest.com/{u}",
    "reddit": "https://sandbox.invalid/reddit.com/user/{u}",
    "bluesky": "https://sandbox.invalid/bsky.app/profile/{u}",
    "facebook": "https://sandbox.invalid/facebook.com/{u}",
    "googlebusiness": "https://sandbox.invalid/maps.google.com/?q={u}",
    "telegram": "https://sandbox.invalid/t.me/{u}",
    "snapchat": "https://sandbox.invalid/www.snapchat.com/add/{u}",
}

POSTING_SCOPES: dict[str, list[str]] = {
    "twitter": ["tweet.write", "tweet.read", "users.read", "offline.access"],
    "linkedin": ["w_member_social", "r_basicprofile"],
    "instagram": ["instagram_basic", "instagram_content_publish"],
    "facebook": ["pages_manage_posts", "pages_read_engagement"],
    "threads": ["threads_basic", "threads_content_publish"],
    "tiktok": ["video.publish", "user.info.basic"],
    "youtube": ["youtube.upload"],
    "pinterest": ["pins:write", "boards:read"],
    "bluesky": ["app_password"],
}


def is_internal(key: str) -> bool:
    return key.startswith("__")


def public(doc: Doc) -> Doc:
    """A copy without the sandbox's internal keys."""
    return {key: value for key, value in doc.items() if not is_internal(key)}


def needs_reconnect(account: Doc) -> bool:
    return bool(account.get("__needsReconnect"))


def _populated(store: Store, collection: str, doc_id: str, fields: dict[str, bool]) -> dict[str, Any] | str:
    """A reference the API sends populated: the named fields of the document (`True`: required, read as is;
    `False`: optional), or the bare id when the document is gone."""
    doc = store.get(collection, doc_id)
    if doc is None:
        return doc_id
    return {name: doc[name] if required else doc.get(name) for name, required in fields.items()}


def profile_ref(store: Store, profile_id: str) -> dict[str, Any] | str:
    ref = _populated(store, "profiles", profile_id, {"_id": True, "name": True, "color": False, "isDefault": False})
    if isinstance(ref, dict):
        ref["isDefault"] = bool(ref["isDefault"])
    return ref


def render_account(store: Store, account: Doc, *, analytics: bool) -> Doc:
    out = public(account)
    out["profileId"] = profile_ref(store, str(account["profileId"]))
    # SocialAccount: enabled (false: "cannot be posted to") and needsReconnection
    out.setdefault("enabled", True)
    out["needsReconnection"] = needs_reconnect(account)
    if not analytics:
        out.pop("followersCount", None)
        out.pop("followersLastUpdated", None)
    return out


def account_ref(store: Store, account_id: str) -> dict[str, Any] | str:
    """The populated ``accountId`` inside a post's platform entry: a SocialAccount (``_id``, ``platform``,
    ``profileId`` and ``isActive`` required), or the bare id when the account is gone."""
    fields = {"_id": True, "platform": True, "profileId": True, "username": True, "displayName": False}
    ref = _populated(store, "accounts", account_id, {**fields, "isActive": False})
    if isinstance(ref, dict):
        ref["isActive"] = bool(ref["isActive"])
    return ref


def health(account: Doc, now: datetime) -> Doc:
    """The per-account health report (GET /v1/accounts/{id}/health)."""
    expires_text = account.get("tokenExpiresAt")
    expires = parse_instant(expires_text) if isinstance(expires_text, str) else None
    reconnect = needs_reconnect(account) or not account.get("isActive", True)
    token_valid = not reconnect and (expires is None or expires > now)
    issues: list[str] = []
    recommendations: list[str] = []
    if not account.get("isActive", True):
        issues.append("Account is disconnected")
        recommendations.append("Reconnect the account from the Late dashboard or via GET /v1/connect/{platform}")
    elif not token_valid:
        issues.append("Access token expired or was revoked")
        recommendations.append("Reconnect the account to grant a fresh access token")
    needs_refresh = bool(token_valid and expires is not None and (expires - now).total_seconds() < 86400)
    if needs_refresh:
        issues.append("Access token expires within 24 hours")
    status = "error" if not token_valid else ("warning" if needs_refresh else "healthy")
    scopes = POSTING_SCOPES.get(str(account["platform"]), ["publish"])
    posting = [{"scope": scope, "granted": token_valid, "required": True} for scope in scopes]
    expires_in = None
    if expires is not None:
        seconds = int((expires - now).total_seconds())
        expires_in = "expired" if seconds <= 0 else f"{seconds // 86400} days"
    return {
        "accountId": account["_id"],
        "platform": account["platform"],
        "username": account["username"],
        "displayName": account.get("displayName"),
        "profileId": account["profileId"],
        "status": status,
        "tokenStatus": {
            "valid": token_valid,
            "expiresAt": iso(expires),
            "expiresIn": expires_in,
            "needsRefresh": needs_refresh,
        },
        "permissions": {"posting": posting, "analytics": [], "optional": []},
        "canPost": token_valid,
        "canFetchAnalytics": token_valid,
        "missingRequired": [] if token_valid else scopes,
        "needsReconnect": reconnect,
        "issues": issues,
        "recommendations": recommendations,
    }


def health_summary(reports: list[Doc]) -> Doc:
    return {
        "summary": {
            "total": len(reports),
            "healthy": sum(1 for r in reports if r["status"] == "healthy"),
            "warning": sum(1 for r in reports if r["status"] == "warning"),
            "error": sum(1 for r in reports if r["status"] == "error"),
            "needsReconnect": sum(1 for r in reports if r["needsReconnect"]),
        },
        "accounts": [
            {
                key: r[key]
                for key in (
                    "accountId",
                    "platform",
                    "username",
                    "displayName",
                    "profileId",
                    "status",
                    "canPost",
                    "canFetchAnalytics",
                    "needsReconnect",
                    "issues",
                )
            }
            | {"tokenValid": r["tokenStatus"]["valid"], "tokenExpiresAt": r["tokenStatus"]["expiresAt"]}
            for r in reports
        ],
    }


def cooling_down(store: Store, account_ids: list[str]) -> list[Doc]:
    """The accounts among these in their publishing cooldown, as `RateLimitedAccount`s.

    SocialAccount.rateLimitedUntil: "While it is in the future, POST /v1/posts (drafts excepted) and
    POST /v1/posts/{postId}/retry return 429 for this account"; a value in the past means the cooldown ended.
    """
    now = store.now()
    found: list[Doc] = []
    for account_id in dict.fromkeys(account_ids):
        account = store.get("accounts", account_id)
        until = account.get("rateLimitedUntil") if account else None
        if account and until and parse_instant(str(until)) > now:
            found.append(
                {
                    "accountId": account["_id"],
                    "platform": account["platform"],
                    "username": account["username"],
                    "rateLimitedUntil": str(until),
                }
            )
    return found
