"""Connecting accounts (the API docs' Connect reference): OAuth start and manual completion, the headless selection
steps for Facebook, Google Business, LinkedIn, Pinterest and Snapchat, Bluesky app passwords, Telegram codes.

There is no real OAuth provider, so ``authUrl`` points at ``/connect/{platform}/authorize`` here: opening it
plays the user approving access. Without ``headless`` the account is connected at once (the first page / org /
board is picked, as Late's hosted picker would default); with ``headless`` the browser is sent to
``redirect_url`` carrying ``profileId``, ``connect_token``, ``platform`` and ``step``, and:

* for LinkedIn, Google Business, Snapchat and Pinterest, a ``pendingDataToken``: "the selection list is too large
  to fit in URL params", so ``GET /v1/connect/pending-data?token=`` gives it (with the tokens and the user's
  profile); "Reading the token does not consume it, so this fetch is repeatable until the token expires 1 hour
  after issuance. Completing the platform selection deletes the pending record";
* for Facebook, ``tempToken`` and ``userProfile``, the latter "JSON that was percent-encoded once before being set
  as a query param, so it is encoded twice on the wire" (pending-data answers 404 for it).

``POST /_sandbox/connect/telegram`` (loopback only) plays the user sending the access code to the bot.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
from datetime import timedelta
from html import escape
from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from late_mcp.sandbox.clock import iso, parse_instant
from late_mcp.sandbox.connections import connect_account, digest, guard_loopback, profile_or_404, shown
from late_mcp.sandbox.context import root_url, sandbox_of
from late_mcp.sandbox.errors import ApiError, bad_request
from late_mcp.sandbox.http import json_body, path_param, query, respond
from late_mcp.sandbox.post_target import PLATFORMS
from late_mcp.sandbox.store import Doc, Store
from late_mcp.sandbox.targets import default_choices

#: platform -> (step named in the headless redirect, kind of choice, body field naming the pick)
HEADLESS: dict[str, tuple[str, str]] = {
    "facebook": ("select_page", "pages"),
    "googlebusiness": ("select_location", "locations"),
    "linkedin": ("select_organization", "organizations"),
    "pinterest": ("select_board", "boards"),
    "snapchat": ("select_public_profile", "publicProfiles"),
}
#: headless platforms whose redirect carries a pendingDataToken instead of the selection data
PENDING_DATA = ("linkedin", "googlebusiness", "snapchat", "pinterest")
#: the platforms POST /v1/connect/{platform} completes by hand; "Facebook, Google Business Profile, Snapchat and
#: WhatsApp are not accepted here: their account identity is a destination chosen after OAuth"
MANUAL = ("instagram", "twitter", "threads", "linkedin", "youtube", "tiktok", "reddit", "pinterest")
#: the list endpoints that need the redirect's X-Connect-Token
NEEDS_CONNECT_TOKEN = ("pinterest", "snapchat")
_TEMP_TTL = timedelta(minutes=15)
_PENDING_TTL = timedelta(hours=1)
_CODE_TTL = timedelta(minutes=15)
_APP_PASSWORD = re.compile(r"^[a-z0-9]{4}(-[a-z0-9]{4}){3}$")


def _oauth_user(platform: str, profile_id: str) -> Doc:
    """Who "logged in" at the provider: deterministic per platform and profile."""
    n = digest(f"oauth:{platform}:{profile_id}") % 900 + 100
    return {
        "id": f"{platform}-user-{n}",
        "username": f"demo_{platform}_{n}",
        "displayName": f"Demo {platform.title()} {n}",
        "profilePicture": f"https://cdn.example.com/avatars/{platform}-demo.png",
    }


def _choices(platform: str, user: Doc) -> list[Doc]:
    kind = HEADLESS[platform][1]
    if platform == "snapchat":
        return [
            {
                "id": f"snap-{user['id']}-{n}",
                "display_name": f"{user['displayName']} {label}",
                "username": f"{user['username']}{suffix}",
                "profile_image_url": None,
                "subscriber_count": 1200 * n,
            }
            for n, (label, suffix) in enumerate((("Main", ""), ("Studio", "_studio")), start=1)
        ]
    found = default_choices(platform, str(user["username"]), str(user["displayName"])).get(kind, [])
    if platform == "linkedin" and not found:
        found = [
            {
                "id": str(90000000 + digest(f"org:{user['id']}:{n}") % 999999),
                "name": f"{user['displayName']} Org {n}",
                "vanityName": f"{user['username']}-org-{n}",
            }
            for n in (1, 2)
        ]
    return [dict(c) for c in found]


# --- OAuth ---------------------------------------------------------------------------------------------


def _platform(request: Request) -> str:
    platform = path_param(request, "platform").lower()
    if platform not in PLATFORMS:
        raise bad_request(f"Unsupported platform {platform!r}", field="platform")
    return platform


async def start(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    platform = _platform(request)
    if platform == "bluesky":
        raise bad_request("Bluesky connects with an app password: POST /v1/connect/bluesky/credentials")
    params = query(request)
    profile = profile_or_404(store, params.get("profileId"))
    state = secrets.token_urlsafe(16)
    store.put(
        "connect_states",
        {
            "_id": state,
            "platform": platform,
            "profileId": profile["_id"],
            "redirectUrl": params.get("redirect_url"),
            "headless": params.get("headless") == "true",
            "createdAt": iso(store.now()),
            "used": False,
        },
    )
    return respond(
        {"authUrl": f"{root_url(request)}/connect/{platform}/authorize?{urlencode({'state': state})}", "state": state}
    )


def _connect_user(store: Store, platform: str, profile_id: str, user: Doc) -> Doc:
    """Connect the account the (pretend) provider authorized, posting to its first Page/board/... by default."""
    return connect_account(
        store,
        platform=platform,
        profile_id=profile_id,
        username=user["username"],
        display_name=user["displayName"],
        extra=_default_pick(platform, user),
    )


async def authorize(request: Request) -> Response:
    """The user's browser, back from the (pretend) provider: connect, or hand over to the headless UI."""
    store = sandbox_of(request).store
    platform = path_param(request, "platform")
    flow = store.get("connect_states", query(request).get("state", ""))
    if flow is None or flow["platform"] != platform or flow.get("used"):
        return HTMLResponse("<h1>This connection link is invalid or was already used.</h1>", status_code=400)
    flow["used"] = True
    store.put("connect_states", flow)
    user = _oauth_user(platform, flow["profileId"])
    redirect = flow.get("redirectUrl")
    if flow.get("headless") and platform in HEADLESS:
        params = _headless(store, platform, flow["profileId"], user)
        if redirect:
            return RedirectResponse(_with_query(redirect, params), status_code=302)
        url = _with_query(f"{root_url(request)}/connect/callback", params)
        return HTMLResponse(f"<h1>Authorized</h1><p>Give this address to your assistant:</p><pre>{escape(url)}</pre>")
    with store.transaction():
        account = _connect_user(store, platform, flow["profileId"], user)
    if redirect:
        done = {"connected": platform, "profileId": flow["profileId"], "username": account["username"]}
        return RedirectResponse(_with_query(redirect, done), status_code=302)
    return HTMLResponse(
        f"<h1>Connected</h1><p>{escape(platform)} account @{escape(account['username'])} is connected. "
        "You can close this tab.</p>"
    )


def _default_pick(platform: str, user: Doc) -> Doc:
    if platform not in HEADLESS:
        return {}
    first = _choices(platform, user)[0]
    return {
        "facebook": {"selectedPageId": first["id"], "selectedPageName": first.get("name")},
        "googlebusiness": {"selectedLocationId": first["id"], "selectedLocationName": first.get("name")},
        "linkedin": {"accountType": "personal"},
        "pinterest": {"defaultBoardId": first["id"], "defaultBoardName": first.get("name")},
        "snapchat": {"publicProfileName": first.get("display_name")},
    }[platform]


def _with_query(url: str, params: dict[str, str]) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)


def _headless(store: Store, platform: str, profile_id: str, user: Doc) -> dict[str, str]:
    temp = "tmp_" + secrets.token_hex(12)
    connect_token = "ct_" + secrets.token_hex(12)
    options = _choices(platform, user)
    pending_token = "pdt_" + secrets.token_hex(16) if platform in PENDING_DATA else None
    store.put(
        "connect_pending",
        {
            "_id": temp,
            "platform": platform,
            "profileId": profile_id,
            "connectToken": connect_token,
            "pendingDataToken": pending_token,
            "user": user,
            "options": options,
            "expiresAt": iso(store.now() + (_PENDING_TTL if pending_token else _TEMP_TTL)),
            "used": False,
        },
    )
    params = {"profileId": profile_id, "connect_token": connect_token, "platform": platform}
    params["step"] = HEADLESS[platform][0]
    if pending_token:
        params["pendingDataToken"] = pending_token
    else:  # Facebook: the selection state rides on the redirect, userProfile encoded twice
        params["tempToken"] = temp
        params["userProfile"] = quote(json.dumps(user), safe="")
    return params


async def pending_data(request: Request) -> JSONResponse:
    """GET /v1/connect/pending-data: what a pendingDataToken redirect left out, repeatable until it expires."""
    store = sandbox_of(request).store
    token = query(request).get("token")
    pending = _by_pending_token(store, token)
    if pending is None:
        raise ApiError(404, "Pending data not found or expired")
    options = pending["options"]
    if pending["platform"] == "linkedin":
        options = [{k: o.get(k) for k in ("id", "urn", "name")} for o in options]
    return respond(
        {
            "platform": pending["platform"],
            "profileId": pending["profileId"],
            "tempToken": pending["_id"],
            "refreshToken": "rt_" + pending["_id"][4:],
            "expiresIn": 3600,
            "userProfile": pending["user"],
            HEADLESS[pending["platform"]][1]: options,
        }
    )


def _by_pending_token(store: Store, token: object) -> Doc | None:
    if not isinstance(token, str) or not token:
        return None
    for pending in store.all("connect_pending"):
        if pending.get("pendingDataToken") and hmac.compare_digest(pending["pendingDataToken"], token):
            if pending.get("used") or parse_instant(pending["expiresAt"]) < store.now():
                return None
            return pending
    return None


async def complete(request: Request) -> JSONResponse:
    """POST /v1/connect/{platform}: a server-side flow trades the provider's code for the connection."""
    store = sandbox_of(request).store
    platform = _platform(request)
    if platform not in MANUAL:
        raise bad_request(
            f"{platform} cannot be completed here: connect it through the redirect flow (GET /v1/connect/{platform})",
            field="platform",
        )
    body = await json_body(request)
    code, state = body.get("code"), body.get("state")
    if not isinstance(code, str) or not code or not isinstance(state, str) or not state:
        raise bad_request("code and state are required")
    profile = profile_or_404(store, body.get("profileId"))
    with store.transaction():
        flow = store.get("connect_states", state)
        if flow is None or flow["platform"] != platform or flow["profileId"] != profile["_id"] or flow.get("used"):
            raise bad_request("Invalid or expired state", field="state")
        flow["used"] = True
        store.put("connect_states", flow)
        account = _connect_user(store, platform, profile["_id"], _oauth_user(platform, profile["_id"]))
    return respond({"message": f"{platform} account connected", "account": shown(store, account)})


# --- headless selection --------------------------------------------------------------------------------


def _pending(
    request: Request, store: Store, platform: str, temp: object, profile_id: object, pending_token: object = None
) -> Doc:
    """The pending connection a request names: by pendingDataToken (Google Business, preferred) or tempToken."""
    if pending_token:
        found = _by_pending_token(store, pending_token)
        if found is None or found["platform"] != platform:
            raise ApiError(401, "Invalid or expired pendingDataToken")
        pending = found
    else:
        if not isinstance(temp, str) or not temp:
            raise bad_request("tempToken is required", field="tempToken")
        stored = store.get("connect_pending", temp)
        if stored is None or stored["platform"] != platform or stored.get("used"):
            raise ApiError(401, "Invalid or expired tempToken")
        pending = stored
    if parse_instant(pending["expiresAt"]) < store.now():
        raise ApiError(401, "The temporary token expired: start the connection again")
    if profile_id is not None and profile_id != pending["profileId"]:
        raise ApiError(403, "User does not have access to the specified profile")
    header = request.headers.get("x-connect-token")
    if header is None and platform in NEEDS_CONNECT_TOKEN and request.method == "GET":
        raise ApiError(401, "X-Connect-Token header is required")
    if header is not None and not hmac.compare_digest(header, pending["connectToken"]):
        raise ApiError(401, "Invalid X-Connect-Token")
    return pending


def _options_route(platform: str) -> Any:
    async def handler(request: Request) -> JSONResponse:
        store = sandbox_of(request).store
        params = query(request)
        if platform == "linkedin":
            pending = _pending(request, store, platform, params.get("tempToken"), None)
            ids = [i for i in (params.get("orgIds") or "").split(",") if i]
            if not ids or len(ids) > 100:
                raise bad_request("orgIds is required (at most 100)", field="orgIds")
            orgs = [
                {
                    "id": o["id"],
                    "logoUrl": f"https://cdn.example.com/logos/{o['id']}.png",
                    "vanityName": o.get("vanityName"),
                    "website": "https://example.com",
                    "industry": "Design",
                    "description": f"{o.get('name')} on LinkedIn",
                }
                for o in pending["options"]
                if str(o["id"]) in ids
            ]
            return respond({"organizations": orgs})
        if not params.get("profileId") and platform != "googlebusiness":
            raise bad_request("profileId is required", field="profileId")
        pending = _pending(
            request, store, platform, params.get("tempToken"), params.get("profileId"), params.get("pendingDataToken")
        )
        return respond({HEADLESS[platform][1]: pending["options"]})

    return handler


def _select_route(platform: str, pick_field: str) -> Any:
    async def handler(request: Request) -> JSONResponse:
        store = sandbox_of(request).store
        body = await json_body(request)
        with store.transaction():
            if platform == "googlebusiness" and not body.get("pendingDataToken"):
                # select-location: "Tokens and profile data are stored server-side, so only the pendingDataToken
                # is needed here" (required).
                raise bad_request("pendingDataToken is required", field="pendingDataToken")
            pending = _pending(
                request,
                store,
                platform,
                body.get("tempToken"),
                body.get("profileId"),
                body.get("pendingDataToken") if platform == "googlebusiness" else None,
            )
            given = body.get("userProfile")
            user: Doc = given if isinstance(given, dict) else pending["user"]
            extra: Doc
            if platform == "linkedin":
                kind = body.get("accountType")
                if kind not in ("personal", "organization"):
                    raise bad_request("accountType must be personal or organization", field="accountType")
                if kind == "organization":
                    org = _pick(pending, body.get("selectedOrganization"), "selectedOrganization")
                    extra = {"accountType": "organization", "selectedOrganization": org}
                else:
                    extra = {"accountType": "personal"}
            else:
                choice = _pick(pending, body.get(pick_field), pick_field)
                extra = {
                    "facebook": {"selectedPageId": choice["id"], "selectedPageName": choice.get("name")},
                    "googlebusiness": {"selectedLocationId": choice["id"], "selectedLocationName": choice.get("name")},
                    "pinterest": {
                        "defaultBoardId": choice["id"],
                        "defaultBoardName": body.get("boardName") or choice.get("name"),
                    },
                    "snapchat": {"publicProfileName": choice.get("display_name")},
                }[platform]
            pending["used"] = True
            store.put("connect_pending", pending)
            account = connect_account(
                store,
                platform=platform,
                profile_id=pending["profileId"],
                username=str(user.get("username")),
                display_name=str(user.get("displayName") or user.get("username")),
                extra=extra,
            )
            account["__choices"] = {HEADLESS[platform][1]: pending["options"]}
            store.put("accounts", account)
        answer: Doc = {"message": f"{platform} account connected", "account": shown(store, account)}
        if isinstance(body.get("redirect_url"), str):
            answer["redirect_url"] = _with_query(body["redirect_url"], {"connected": platform})
        return respond(answer)

    return handler


def _pick(pending: Doc, wanted: Any, field: str) -> Doc:
    ident = wanted.get("id") if isinstance(wanted, dict) else wanted
    if ident is None or ident == "":
        raise bad_request(f"{field} is required", field=field)
    for option in pending["options"]:
        if str(option["id"]) == str(ident):
            return dict(option)
    raise ApiError(404, f"Selected {field} not found in the available options")


# --- Bluesky and Telegram ------------------------------------------------------------------------------


async def bluesky(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    identifier, password, state = body.get("identifier"), body.get("appPassword"), body.get("state")
    if not (isinstance(identifier, str) and identifier and isinstance(password, str) and password):
        raise bad_request("identifier and appPassword are required")
    if not isinstance(state, str) or not state:
        raise bad_request("state is required: {userId}-{profileId}", field="state")
    user_id, _, profile_id = state.partition("-")
    if user_id != store.meta_get("user_id") or not profile_id:
        raise bad_request("Invalid state: use {userId}-{profileId} (GET /v1/users gives currentUserId)", field="state")
    profile = profile_or_404(store, profile_id)
    if not _APP_PASSWORD.match(password):
        raise ApiError(400, "Invalid identifier or app password (use an app password: xxxx-xxxx-xxxx-xxxx)")
    handle = identifier.lstrip("@").lower()
    if "@" in handle:
        handle = handle.split("@")[0] + ".bsky.social"
    elif "." not in handle:
        handle += ".bsky.social"
    with store.transaction():
        account = connect_account(
            store,
            platform="bluesky",
            profile_id=profile["_id"],
            username=handle,
            display_name=handle.split(".")[0].title(),
            method="app_password",
        )
    return respond({"message": "Bluesky connected successfully", "account": shown(store, account)})


async def telegram_code(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    profile = profile_or_404(store, query(request).get("profileId"))
    code = "LATE-" + secrets.token_hex(3).upper()
    expires = store.now() + _CODE_TTL
    store.put(
        "telegram_codes", {"_id": code, "profileId": profile["_id"], "expiresAt": iso(expires), "status": "pending"}
    )
    return respond(
        {
            "code": code,
            "expiresAt": iso(expires),
            "expiresIn": int(_CODE_TTL.total_seconds()),
            "botUsername": "LateScheduleBot",
            "instructions": [
                "Add @LateScheduleBot as an administrator of your channel or group.",
                "Open a private chat with @LateScheduleBot.",
                f"Send: {code} @yourchannel (for a private channel, forward one of its messages with the code).",
            ],
        }
    )


def _telegram_account(store: Store, profile_id: str, chat: str) -> Doc:
    name = chat.lstrip("@") if chat.startswith("@") else f"chat{chat.lstrip('-')}"
    return connect_account(
        store,
        platform="telegram",
        profile_id=profile_id,
        username=name,
        display_name=name.replace("_", " ").title(),
        extra={"chatId": chat, "chatType": "channel"},
        method="bot",
    )


async def telegram_connect(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    body = await json_body(request)
    chat = body.get("chatId")
    if not isinstance(chat, str) or not re.match(r"^(@[A-Za-z0-9_]{4,}|-?\d{5,})$", chat.strip()):
        raise bad_request("Chat ID required: a numeric id such as -1001234567890 or @channelname", field="chatId")
    profile = profile_or_404(store, body.get("profileId"))
    with store.transaction():
        account = _telegram_account(store, profile["_id"], chat.strip())
    public = shown(store, account)
    return respond(
        {
            "message": "Telegram channel connected successfully",
            "account": {
                k: public.get(k) for k in ("_id", "platform", "username", "displayName", "isActive", "chatType")
            },
        }
    )


async def telegram_status(request: Request) -> JSONResponse:
    store = sandbox_of(request).store
    entry = store.get("telegram_codes", query(request).get("code", ""))
    if entry is None:
        raise ApiError(404, "Code not found")
    if entry["status"] == "connected":
        account = store.get("accounts", entry["accountId"]) or {}
        return respond(
            {
                "status": "connected",
                "chatId": account.get("chatId"),
                "chatTitle": account.get("displayName"),
                "chatType": "channel",
                "account": {k: account.get(k) for k in ("_id", "platform", "username", "displayName")},
            }
        )
    expires = parse_instant(entry["expiresAt"])
    if expires <= store.now():
        return respond({"status": "expired", "message": "The code has expired; generate a new one"})
    return respond(
        {
            "status": "pending",
            "expiresAt": entry["expiresAt"],
            "expiresIn": int((expires - store.now()).total_seconds()),
        }
    )


async def telegram_simulate(request: Request) -> JSONResponse:
    """Loopback only: the user sent ``{code} @channel`` to the bot."""
    guard_loopback(request)
    store = sandbox_of(request).store
    body = await json_body(request)
    entry = store.get("telegram_codes", str(body.get("code", "")))
    if entry is None or entry["status"] != "pending" or parse_instant(entry["expiresAt"]) <= store.now():
        raise ApiError(404, "No pending code like that")
    with store.transaction():
        account = _telegram_account(store, entry["profileId"], str(body.get("chat") or "@sandbox_channel"))
        entry.update({"status": "connected", "accountId": account["_id"]})
        store.put("telegram_codes", entry)
    return respond({"connected": True, "accountId": account["_id"]})


async def callback_page(request: Request) -> Response:
    """Where a headless flow without a redirect_url lands: the user copies this address to the assistant."""
    return HTMLResponse(
        "<h1>Almost done</h1><p>Copy this page's full address from the address bar and give it to your assistant "
        "to pick the page, organization, board, location or profile.</p>"
    )


routes = [
    Route("/connect/callback", callback_page, methods=["GET"]),
    Route("/api/v1/connect/telegram", telegram_code, methods=["GET"]),
    Route("/api/v1/connect/telegram", telegram_connect, methods=["POST"]),
    Route("/api/v1/connect/telegram", telegram_status, methods=["PATCH"]),
    Route("/api/v1/connect/bluesky/credentials", bluesky, methods=["POST"]),
    Route("/api/v1/connect/pending-data", pending_data, methods=["GET"]),
    Route("/api/v1/connect/facebook/select-page", _options_route("facebook"), methods=["GET"]),
    Route("/api/v1/connect/facebook/select-page", _select_route("facebook", "pageId"), methods=["POST"]),
    Route("/api/v1/connect/googlebusiness/locations", _options_route("googlebusiness"), methods=["GET"]),
    Route(
        "/api/v1/connect/googlebusiness/select-location",
        _select_route("googlebusiness", "locationId"),
        methods=["POST"],
    ),
    Route("/api/v1/connect/linkedin/organizations", _options_route("linkedin"), methods=["GET"]),
    Route(
        "/api/v1/connect/linkedin/select-organization",
        _select_route("linkedin", "selectedOrganization"),
        methods=["POST"],
    ),
    Route("/api/v1/connect/pinterest/select-board", _options_route("pinterest"), methods=["GET"]),
    Route("/api/v1/connect/pinterest/select-board", _select_route("pinterest", "boardId"), methods=["POST"]),
    Route("/api/v1/connect/snapchat/select-profile", _options_route("snapchat"), methods=["GET"]),
    Route(
        "/api/v1/connect/snapchat/select-profile", _select_route("snapchat", "selectedPublicProfile"), methods=["POST"]
    ),
    Route("/api/v1/connect/{platform}", start, methods=["GET"]),
    Route("/api/v1/connect/{platform}", complete, methods=["POST"]),
    Route("/connect/{platform}/authorize", authorize, methods=["GET"]),
    Route("/_sandbox/connect/telegram", telegram_simulate, methods=["POST"]),
]
