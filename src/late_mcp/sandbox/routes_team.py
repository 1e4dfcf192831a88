"""Team (the API docs' Users, Invites and API Keys references): users, member invite tokens, platform connection
invites, and listing API keys. Creating or deleting keys is not served: late-mcp never sends those requests.

The team beyond the owner (one invited editor) is added the first time any of these routes is used, so the
shared seed stays as it is.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from late_mcp.sandbox.clock import iso, parse_instant
from late_mcp.sandbox.connections import profile_or_404
from late_mcp.sandbox.context import root_url, sandbox_of
from late_mcp.sandbox.errors import ApiError, bad_request, not_found
from late_mcp.sandbox.http import json_body, path_param, query, respond
from late_mcp.sandbox.post_target import PLATFORMS
from late_mcp.sandbox.seed import PROFILE_MAIN, oid
from late_mcp.sandbox.store import Doc, Store

INVITE_TTL = timedelta(days=7)


def _team(store: Store) -> list[Doc]:
    """The owner and the invited users, created on first use."""
    if not store.meta_get("team_seeded", False):
        with store.transaction():
            created = store.meta_get("signup_date") or iso(store.now())
            store.put(
                "users",
                {
                    "_id": store.meta_get("user_id") or oid("user"),
                    "name": "Jane Doe",
                    "email": "jane@acme.example",
                    "role": "owner",
                    "disabledResourceGroups": [],  # "Empty for owners and unrestricted members"
                    "createdAt": created,
                },
            )
            store.put(
                "users",
                {
                    "_id": oid("user:sam"),
                    "name": "Sam Lee",
                    "email": "sam@acme.example",
                    "role": "member",
                    "disabledResourceGroups": ["billing", "ads"],
                    "createdAt": iso(store.now() - timedelta(days=20)),
                },
            )
            key = store.api_key
            store.put(
                "api_keys",
                {
                    "_id": oid("apikey:demo"),
                    "name": "Sandbox demo key",
                    "keyPreview": f"{key[:7]}...{key[-4:]}",
                    "expiresAt": None,
                    "createdAt": iso(store.now() - timedelta(days=30)),
                    "scope": "full",
                    "permission": "read-write",
                },
            )
            store.put(
                "api_keys",
                {
                    "_id": oid("apikey:reports"),
                    "name": "Reporting dashboard",
                    "keyPreview": "sk_9c1e...04d2",
                    "expiresAt": iso(store.now() + timedelta(days=335)),
                    "createdAt": iso(store.now() - timedelta(days=30)),
                    # ApiKey: a key limited to profiles lists them "populated with name and color"
                    "scope": "profiles",
                    "profileIds": [PROFILE_MAIN],
                    "permission": "read",
                },
            )
            store.meta_set("team_seeded", True)
    return store.all("users")


async def list_users(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    users = _team(store)
    return respond({"currentUserId": store.meta_get("user_id"), "users": users})


async def get_user(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    _team(store)
    user = store.get("users", path_param(request, "user_id"))
    if user is None:
        raise not_found()
    return respond({"user": {k: v for k, v in user.items() if k != "createdAt"}})


async def invite_token(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    scope = body.get("scope")
    if scope not in ("all", "profiles"):
        raise bad_request("scope must be 'all' or 'profiles'", field="scope")
    ids = body.get("profileIds") or []
    if scope == "profiles":
        if not isinstance(ids, list) or not ids:
            raise bad_request("profileIds is required when scope is 'profiles'", field="profileIds")
        if any(not isinstance(i, str) or store.get("profiles", i) is None for i in ids):
            raise ApiError(403, "One or more profiles not found or not owned")
    token = secrets.token_urlsafe(24)
    expires = store.now() + INVITE_TTL
    store.put(
        "invite_tokens",
        {
            "_id": token,
            "scope": scope,
            "invitedProfileIds": ids if scope == "profiles" else [],
            "expiresAt": iso(expires),
            "used": False,
        },
    )
    return respond(
        {
            "token": token,
            "scope": scope,
            "invitedProfileIds": ids if scope == "profiles" else [],
            "expiresAt": iso(expires),
            "inviteUrl": f"{root_url(request)}/invite/{token}",
        },
        201,
    )


def _render_invite(store: Store, invite: Doc) -> Doc:
    profile = store.get("profiles", invite["profileId"])
    out = {k: v for k, v in invite.items() if k != "profileId"}
    out["profileId"] = {"_id": invite["profileId"], "name": profile["name"] if profile else None}
    return out


async def list_platform_invites(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    profile_id = query(request).get("profileId")
    invites = [i for i in store.all("platform_invites") if not profile_id or i["profileId"] == profile_id]
    invites.sort(key=lambda i: str(i["createdAt"]), reverse=True)
    return respond({"invites": [_render_invite(store, i) for i in invites]})


async def create_platform_invite(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    platform = body.get("platform")
    if platform not in PLATFORMS:
        raise bad_request(f"platform must be one of: {', '.join(PLATFORMS)}", field="platform")
    profile = profile_or_404(store, body.get("profileId"))
    _team(store)
    token = secrets.token_urlsafe(24)
    invite: Doc = {
        "_id": store.new_id(),
        "token": token,
        "userId": store.meta_get("user_id"),
        "profileId": profile["_id"],
        "platform": platform,
        "inviterName": "Jane Doe",
        "inviterEmail": "jane@acme.example",
        "expiresAt": iso(store.now() + INVITE_TTL),
        "isUsed": False,
        "createdAt": iso(store.now()),
        "inviteUrl": f"{root_url(request)}/invite/connect/{token}",
    }
    store.put("platform_invites", invite)
    return respond({"invite": _render_invite(store, invite)})


async def revoke_platform_invite(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    invite_id = query(request).get("id")
    if not invite_id:
        raise bad_request("Invite ID required", field="id")
    invite = store.get("platform_invites", invite_id)
    if invite is None or invite.get("isUsed") or parse_instant(invite["expiresAt"]) < store.now():
        raise ApiError(404, "Invite not found or cannot be deleted")
    store.delete("platform_invites", invite_id)
    return respond({"message": "Invite revoked"})


async def list_api_keys(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    _team(store)
    keys = [_key(store, k) for k in store.all("api_keys")]
    return respond({"apiKeys": keys})


def _key(store: Store, key: Doc) -> Doc:
    """An ApiKey as listed: never the key itself; `profileIds` only when the scope is profiles, populated."""
    shown: Doc = {"id": key["_id"], **{f: key.get(f) for f in ("name", "keyPreview", "expiresAt", "createdAt")}}
    shown["scope"], shown["permission"] = key.get("scope", "full"), key.get("permission", "read-write")
    if shown["scope"] == "profiles":
        profiles = [store.get("profiles", pid) for pid in key.get("profileIds", [])]
        shown["profileIds"] = [{"_id": p["_id"], "name": p["name"], "color": p.get("color")} for p in profiles if p]
    return shown


routes = [
    Route("/api/v1/users", list_users, methods=["GET"]),
    Route("/api/v1/users/{user_id}", get_user, methods=["GET"]),
    Route("/api/v1/invite/tokens", invite_token, methods=["POST"]),
    Route("/api/v1/platform-invites", list_platform_invites, methods=["GET"]),
    Route("/api/v1/platform-invites", create_platform_invite, methods=["POST"]),
    Route("/api/v1/platform-invites", revoke_platform_invite, methods=["DELETE"]),
    Route("/api/v1/api-keys", list_api_keys, methods=["GET"]),
]
