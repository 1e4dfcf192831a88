"""Connect tools: a link the user opens to connect an account, Bluesky and Telegram, and the headless steps.

In headless mode the platform sends the user back to a redirect URL carrying temporary tokens; the user
pastes that URL, and `read_callback` takes everything the next call needs from it, so the model never
handles the tokens one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import parse_qs, urlparse

from pydantic import Field

from ..errors import InputError
from ..models.connect import AccountConnected, ConnectChoice, Connected, ConnectLink, ConnectOptions
from ._args import json_value, platform_name
from ._context import Ctx, state
from ._errors import reports_errors
from ._shared import clip, profile_or_default

#: the `step` a headless redirect names -> the platform it belongs to
STEPS = {
    "select_page": "facebook",
    "select_location": "googlebusiness",
    "select_organization": "linkedin",
    "select_board": "pinterest",
    "select_public_profile": "snapchat",
}

PlatformArg = Annotated[str, Field(description="twitter, instagram, linkedin, tiktok, youtube, facebook, ...")]
ProfileArg = Annotated[str, Field(description="Profile to connect to; empty = the default profile")]
CallbackArg = Annotated[str, Field(description="The full URL the user landed on after authorizing")]


@dataclass
class Callback:
    """What a headless OAuth redirect carries."""

    platform: str
    profile_id: str
    temp_token: str
    connect_token: str | None = None
    user_profile: dict[str, Any] | None = None
    organizations: list[dict[str, Any]] = field(default_factory=list)
    public_profiles: list[dict[str, Any]] = field(default_factory=list)
    refresh_token: str | None = None
    expires_in: int | None = None


def _json(raw: str | None, name: str) -> Any:
    if not raw:
        return None
    return json_value(raw, f"The URL's {name} (paste the whole URL exactly as shown)")


def read_callback(url: str) -> Callback:
    """The headless redirect's parameters (query string already URL-decoded once by parse_qs)."""
    parsed = urlparse(url.strip())
    query = {k: v[0] for k, v in parse_qs(parsed.query, keep_blank_values=False).items()}
    if "pendingDataToken" in query:
        raise InputError(
            "This LinkedIn redirect uses the newer pendingDataToken flow, which this server does not handle: "
            "connect without headless (connect_start), where Late shows the organization picker."
        )
    step = query.get("step", "")
    platform = query.get("platform") or STEPS.get(step, "")
    if not platform or not query.get("tempToken") or not query.get("profileId"):
        raise InputError(
            "That URL has no headless connection data (platform, tempToken, profileId). Ask the user for the "
            "full address of the page they landed on after authorizing."
        )
    platform = platform_name(platform)
    if platform not in STEPS.values():
        raise InputError(f"{platform} needs no selection step: the account is already connected.")
    expires = query.get("expiresIn")
    return Callback(
        platform=platform,
        profile_id=query["profileId"],
        temp_token=query["tempToken"],
        connect_token=query.get("connect_token") or query.get("connectToken"),
        user_profile=_json(query.get("userProfile"), "userProfile"),
        organizations=_json(query.get("organizations"), "organizations") or [],
        public_profiles=_json(query.get("publicProfiles"), "publicProfiles") or [],
        refresh_token=query.get("refreshToken"),
        expires_in=int(expires) if expires and expires.isdigit() else None,
    )


def _account(platform: str, answer: Connected, *, status: str = "connected") -> AccountConnected:
    acc = answer.account
    username = acc.get("username")
    name = acc.get("displayName")
    shown = f"@{str(username).lstrip('@')}" if username else name or "the account"
    return AccountConnected(
        platform=str(acc.get("platform") or platform),
        status=status,
        account_id=acc.get("_id") or acc.get("id"),
        username=username,
        display_name=name,
        summary=answer.message or f"Connected {platform} {shown}.",
    )


@reports_errors
async def connect_start(
    platform: PlatformArg,
    ctx: Ctx,
    profile_id: ProfileArg = "",
    redirect_url: Annotated[str, Field(description="Where the user lands afterwards (optional)")] = "",
    headless: Annotated[bool, Field(description="Pick page/org/board yourself: then connect_options")] = False,
) -> ConnectLink:
    """Get a link the user opens to connect a social account to a profile (Telegram: an access code)."""
    app = state(ctx)
    name = platform_name(platform)
    pid = await profile_or_default(app, profile_id)
    if name == "bluesky":
        raise InputError("Bluesky connects with an app password, not a link: use connect_bluesky.")
    if name == "telegram":
        code = await app.client.connect.telegram_code(pid)
        steps = " ".join(code.instructions) or (
            f"Add @{code.bot_username or 'LateScheduleBot'} as an admin of the channel, then send it "
            f"'{code.code} @yourchannel' in a private chat."
        )
        return ConnectLink(
            platform=name,
            profile_id=pid,
            code=code.code,
            expires_at=code.expires_at.astimezone(app.zone) if code.expires_at else None,
            next_step=f"{steps} Then call connect_telegram with code={code.code} to check.",
        )
    start = await app.client.connect.start(name, pid, redirect_url=redirect_url.strip() or None, headless=headless)
    if headless:
        step = (
            "Give the user this link. After authorizing they land on the redirect URL: ask them to paste that "
            "full URL, then call connect_options with it."
        )
    else:
        step = "Give the user this link to authorize; when they are done, accounts_list shows the new account."
    return ConnectLink(platform=name, profile_id=pid, url=start.auth_url, next_step=step)


@reports_errors
async def connect_complete(
    platform: PlatformArg,
    code: Annotated[str, Field(description="The OAuth code from the redirect")],
    oauth_state: Annotated[str, Field(description="The state from the same redirect")],
    ctx: Ctx,
    profile_id: ProfileArg = "",
) -> AccountConnected:
    """Finish an OAuth connection by hand with the code and state the platform redirected with."""
    if not code.strip() or not oauth_state.strip():
        raise InputError("code and oauth_state are both needed: they are in the URL the user was sent back to.")
    app = state(ctx)
    name = platform_name(platform)
    answer = await app.client.connect.complete(
        name, code=code.strip(), state=oauth_state.strip(), profile_id=await profile_or_default(app, profile_id)
    )
    return _account(name, answer)


@reports_errors
async def connect_bluesky(
    identifier: Annotated[str, Field(description="Handle (name.bsky.social) or email")],
    app_password: Annotated[str, Field(description="An app password from Bluesky settings, not the main one")],
    ctx: Ctx,
    profile_id: ProfileArg = "",
) -> AccountConnected:
    """Connect a Bluesky account with an app password."""
    if not identifier.strip() or not app_password.strip():
        raise InputError("identifier and app_password are both needed.")
    app = state(ctx)
    pid = await profile_or_default(app, profile_id)
    users = await app.client.team.users()
    if not users.current_user_id:
        raise InputError("The API did not say who the current user is (GET /v1/users); try again later.")
    answer = await app.client.connect.bluesky(
        identifier=identifier.strip().lstrip("@"),
        app_password=app_password.strip(),
        state=f"{users.current_user_id}-{pid}",
    )
    return _account("bluesky", answer)


@reports_errors
async def connect_telegram(
    ctx: Ctx,
    code: Annotated[str, Field(description="Check this access code (from connect_start)")] = "",
    chat_id: Annotated[str, Field(description="Or connect directly: -100... or @channel (bot is admin)")] = "",
    profile_id: ProfileArg = "",
) -> AccountConnected:
    """Telegram: check whether an access code was used, or connect a channel directly by chat id."""
    app = state(ctx)
    if code.strip():
        status = await app.client.connect.telegram_status(code.strip())
        acc = status.account or {}
        summary = {
            "connected": f"Connected Telegram {status.chat_title or acc.get('displayName') or status.chat_id}.",
            "expired": "The code expired: call connect_start with platform=telegram for a new one.",
        }.get(status.status, "Not yet: the user has not sent the code to the bot. Check again in a moment.")
        return AccountConnected(
            platform="telegram",
            status=status.status,
            account_id=acc.get("_id") or acc.get("id"),
            username=acc.get("username"),
            display_name=acc.get("displayName") or status.chat_title,
            summary=summary,
        )
    if not chat_id.strip():
        raise InputError("Give code (from connect_start with platform=telegram) or chat_id.")
    answer = await app.client.connect.telegram_connect(
        chat_id=chat_id.strip(), profile_id=await profile_or_default(app, profile_id)
    )
    return _account("telegram", answer)


def _choice(platform: str, item: dict[str, Any]) -> ConnectChoice | None:
    ident = item.get("id")
    if ident is None:
        return None
    name = item.get("name") or item.get("display_name") or item.get("localizedName")
    if platform == "googlebusiness":
        detail = item.get("address")
    elif platform == "snapchat":
        detail = f"@{item['username']}" if item.get("username") else None
    else:
        detail = item.get("category") or item.get("vanityName") or item.get("description")
    # never the page access tokens Facebook returns alongside
    return ConnectChoice(id=str(ident), name=name, detail=clip(str(detail), 120) if detail else None)


async def _options(app: Any, cb: Callback) -> list[dict[str, Any]]:
    if cb.platform == "linkedin":
        ids = [str(o.get("id")) for o in cb.organizations if o.get("id")]
        details = await app.client.connect.options("linkedin", temp_token=cb.temp_token, org_ids=ids) if ids else []
        by_id = {str(d.get("id")): d for d in details}
        return [{**org, **by_id.get(str(org.get("id")), {})} for org in cb.organizations]
    found: list[dict[str, Any]] = await app.client.connect.options(
        cb.platform, temp_token=cb.temp_token, profile_id=cb.profile_id, connect_token=cb.connect_token
    )
    if cb.platform == "snapchat" and not found:
        return cb.public_profiles
    return found


@reports_errors
async def connect_options(callback_url: CallbackArg, ctx: Ctx) -> ConnectOptions:
    """Headless step 2: what the user can pick (Facebook pages, LinkedIn orgs, boards, locations, Snapchat)."""
    app = state(ctx)
    cb = read_callback(callback_url)
    options = [c for c in (_choice(cb.platform, o) for o in await _options(app, cb)) if c is not None]
    step = "Ask the user which one, then call connect_select with the same URL and selection_id."
    if cb.platform == "linkedin":
        step += " Or personal=true to connect the person's own profile."
    return ConnectOptions(platform=cb.platform, profile_id=cb.profile_id, options=options, next_step=step)


@reports_errors
async def connect_select(
    callback_url: CallbackArg,
    ctx: Ctx,
    selection_id: Annotated[str, Field(description="An id from connect_options")] = "",
    personal: Annotated[bool, Field(description="LinkedIn: connect the personal profile")] = False,
) -> AccountConnected:
    """Headless step 3: save the user's pick and finish connecting the account."""
    app = state(ctx)
    cb = read_callback(callback_url)
    pick = selection_id.strip()
    if not pick and not (cb.platform == "linkedin" and personal):
        raise InputError("selection_id is empty: call connect_options for the choices.")
    body: dict[str, Any] = {"profileId": cb.profile_id, "tempToken": cb.temp_token}
    if cb.user_profile is not None:
        body["userProfile"] = cb.user_profile
    if cb.platform in ("pinterest", "snapchat"):
        if cb.refresh_token:
            body["refreshToken"] = cb.refresh_token
        if cb.expires_in is not None:
            body["expiresIn"] = cb.expires_in
    if cb.platform == "facebook":
        body["pageId"] = pick
    elif cb.platform == "googlebusiness":
        body["locationId"] = pick
    elif cb.platform == "linkedin":
        body["userProfile"] = cb.user_profile or {}
        if personal:
            body["accountType"] = "personal"
        else:
            body["accountType"] = "organization"
            body["selectedOrganization"] = _find(cb.organizations, pick)
    elif cb.platform == "pinterest":
        body["boardId"] = pick
        board = _find(await _options(app, cb), pick)
        if board.get("name"):
            body["boardName"] = board["name"]
    else:  # snapchat
        body["userProfile"] = cb.user_profile or {}
        body["selectedPublicProfile"] = _find(await _options(app, cb), pick)
    answer = await app.client.connect.select(cb.platform, body, connect_token=cb.connect_token)
    return _account(cb.platform, answer)


def _find(items: list[dict[str, Any]], wanted: str) -> dict[str, Any]:
    for item in items:
        if str(item.get("id")) == wanted:
            return item
    listed = ", ".join(str(i.get("id")) for i in items) or "none"
    raise InputError(f"{wanted!r} is not one of the choices ({listed}); call connect_options.")
