"""The connecting steps' shapes: a connected account, a Telegram code, the choices after a headless redirect,
and the body that saves the user's pick (Late API docs, the connect endpoints per platform).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import tzinfo
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from ...errors import AuthError, InputError, NotFoundError
from ...models.connect import (
    AccountConnected,
    AuthStart,
    ConnectChoice,
    Connected,
    ConnectLink,
    TelegramCode,
    TelegramStatus,
)
from ...timeutil import local
from .._args import platform_name
from .._shared import clip, pick
from .callback import Callback

if TYPE_CHECKING:
    from ...client import LateClient

#: `{listing}`: where this request sees the accounts (accounts_list, as `_hints.named` words it, or the dashboard)
LINK_STEP = "Give the user this link to authorize; when they are done, the new account shows in {listing}."
HEADLESS_STEP = (
    "Give the user this link. After authorizing they land on the redirect URL: ask them to paste that "
    "full URL, then call connect_options with it."
)


#: what POST /v1/connect/{platform} completes by hand: "Facebook, Google Business Profile, Snapchat and WhatsApp are
#: not accepted here: their account identity is a destination chosen after OAuth"
MANUAL = ("instagram", "twitter", "threads", "linkedin", "youtube", "tiktok", "reddit", "pinterest")


def manual_platform(raw: str) -> str:
    """The platform to complete by hand, refused before any call where the API refuses it."""
    name = platform_name(raw)
    if name not in MANUAL:
        raise InputError(
            f"{name} cannot be completed by hand: its account is chosen after sign-in. Use connect_start (with "
            "headless=true to pick it here), or connect_bluesky / connect_telegram for those."
        )
    return name


def link_platform(raw: str, redirect_url: str, headless: bool) -> tuple[str, str | None]:
    """The platform connect_start links to and the address the user lands on, checked before any call: Bluesky
    takes no link, Telegram's access code no landing page or headless step, and the landing page is a whole address
    with its scheme (https://..., or an app's own such as myapp://done)."""
    name = platform_name(raw)
    if name == "bluesky":
        raise InputError("Bluesky connects with an app password, not a link: use connect_bluesky.")
    landing = redirect_url.strip() or None
    if name == "telegram" and (landing or headless):
        raise InputError("Telegram connects with an access code: redirect_url and headless do not apply to it.")
    parsed = urlparse(landing or "https://x")
    if not parsed.scheme or not parsed.netloc:
        raise InputError(
            f"redirect_url {redirect_url.strip()!r} must be a whole address with its scheme (https://...), or empty."
        )
    return name, landing


def started(platform: str, profile_id: str, start: AuthStart, step: str, listing: str) -> ConnectLink:
    """The link to authorize at; or, when the API re-enabled a previously disconnected account instead, that
    (`listing`: where this request sees the accounts)."""
    if start.auth_url is None and start.account:
        who = start.account.get("username") or start.account.get("displayName") or start.account.get("_id")
        done = f"Already connected: Late re-enabled the {platform} account {who}; it shows in {listing}."
        return ConnectLink(platform=platform, profile_id=profile_id, next_step=done)
    if start.auth_url is None:
        raise InputError(f"The API gave no link to connect {platform}; try again.")
    return ConnectLink(
        platform=platform, profile_id=profile_id, url=start.auth_url, next_step=step.format(listing=listing)
    )


def connected(platform: str, answer: Connected, *, status: str = "connected") -> AccountConnected:
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


def telegram_link(code: TelegramCode, profile_id: str, zone: tzinfo) -> ConnectLink:
    """The access code the user sends the bot, and how."""
    steps = " ".join(code.instructions) or (
        f"Add @{code.bot_username or 'LateScheduleBot'} as an admin of the channel, then send it "
        f"'{code.code} @yourchannel' in a private chat."
    )
    return ConnectLink(
        platform="telegram",
        profile_id=profile_id,
        code=code.code,
        expires_at=local(code.expires_at, zone),
        next_step=f"{steps} Then call connect_telegram with code={code.code} to check.",
    )


def telegram_checked(status: TelegramStatus) -> AccountConnected:
    """Whether the user has sent the access code yet, and the channel when they have."""
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


def choice(platform: str, item: dict[str, Any]) -> ConnectChoice | None:
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


#: the connection cannot be finished or started again where this server runs
IN_DASHBOARD = "The user can connect the account in the Late dashboard instead."


def pick_step(platform: str, select: str | None) -> str:
    """What follows the choices: finishing `select`ed (`_hints.with_tool`), or the dashboard where this server
    cannot finish a connection (read-only mode)."""
    if select is None:
        return f"This server cannot finish a connection. {IN_DASHBOARD}"
    step = f"Ask the user which one, then finish {select}, giving the same URL and selection_id."
    if platform == "linkedin":
        step += " Or personal=true to connect the person's own profile."
    return step


async def resolved(client: LateClient, cb: Callback, *, start: str | None) -> Callback:
    """A pendingDataToken redirect completed with GET /v1/connect/pending-data (the tokens, the user's profile and
    the list to pick from); other redirects carry everything already. Google Business needs none of it: its
    listing and its selection take the pendingDataToken itself. `start`: how a connection is started again here
    (`_hints.with_tool`), None where it cannot be."""
    if not cb.pending_token or (cb.platform == "googlebusiness" and cb.profile_id):
        return cb
    try:
        data = await client.connect.pending_data(cb.pending_token)
    except NotFoundError:
        raise InputError(gone(start)) from None
    return replace(
        cb,
        profile_id=cb.profile_id or data.profile_id or "",
        temp_token=data.temp_token or cb.temp_token,
        user_profile=data.user_profile if data.user_profile is not None else cb.user_profile,
        organizations=data.organizations or cb.organizations,
        public_profiles=data.public_profiles or cb.public_profiles,
        boards=data.boards,
        refresh_token=data.refresh_token or cb.refresh_token,
        expires_in=data.expires_in if data.expires_in is not None else cb.expires_in,
    )


#: how the API's 401 names a connection's own token (not the API key): used once, or its hour ran out
_SPENT = ("pendingdatatoken", "temptoken", "temporary token")


def gone(start: str | None) -> str:
    """A headless connection whose data the API no longer has (`start`: as in `resolved`)."""
    again = f"Start again {start}, headless=true." if start else IN_DASHBOARD
    return f"This connection's data is gone: it was completed already, or its hour ran out. {again}"


async def options(client: LateClient, cb: Callback, *, start: str | None = None) -> list[dict[str, Any]]:
    """What the user can pick after authorizing: pages, organizations, boards, locations, public profiles. A 401
    about the connection's own token is that token spent or expired (`gone`), not the API key refused."""
    if cb.platform == "linkedin":
        ids = [str(o.get("id")) for o in cb.organizations if o.get("id")]
        details = await client.connect.options("linkedin", temp_token=cb.temp_token, org_ids=ids) if ids else []
        by_id = {str(d.get("id")): d for d in details}
        return [{**org, **by_id.get(str(org.get("id")), {})} for org in cb.organizations]
    if cb.platform == "pinterest" and cb.boards:
        return cb.boards
    if cb.platform == "snapchat" and cb.public_profiles:
        return cb.public_profiles
    try:
        found: list[dict[str, Any]] = await client.connect.options(
            cb.platform,
            temp_token=None if cb.platform == "googlebusiness" else cb.temp_token,
            pending_token=cb.pending_token if cb.platform == "googlebusiness" else None,
            profile_id=cb.profile_id,
            connect_token=cb.connect_token,
        )
    except AuthError as exc:
        if any(word in exc.message.lower() for word in _SPENT):
            raise InputError(gone(start)) from None
        raise
    return found


async def selection_body(
    client: LateClient, cb: Callback, wanted: str, personal: bool, *, start: str | None = None
) -> dict[str, Any]:
    """The body that saves the user's pick and finishes the connection, in the shape its platform expects (`start`:
    as in `resolved`, for a connection whose choices can no longer be read)."""
    if cb.platform == "googlebusiness":
        # select-location: profileId, pendingDataToken (required) and the location, with the Google account
        # that owns it ("Optional but recommended ... required for accounts that own many locations").
        location = _find(await options(client, cb, start=start), wanted)
        picked: dict[str, Any] = {"profileId": cb.profile_id, "pendingDataToken": cb.pending_token}
        picked["locationId"] = wanted
        if isinstance(location.get("accountId"), str):
            picked["accountId"] = location["accountId"]
        return picked
    body: dict[str, Any] = {"profileId": cb.profile_id, "tempToken": cb.temp_token}
    if cb.user_profile is not None:
        body["userProfile"] = cb.user_profile
    if cb.platform in ("pinterest", "snapchat"):
        if cb.refresh_token:
            body["refreshToken"] = cb.refresh_token
        if cb.expires_in is not None:
            body["expiresIn"] = cb.expires_in
    if cb.platform == "facebook":  # a page that is not among the choices is refused here, not by the API's 404
        body["pageId"] = str(_find(await options(client, cb, start=start), wanted)["id"])
    elif cb.platform == "linkedin":
        body["userProfile"] = cb.user_profile or {}
        if personal:
            body["accountType"] = "personal"
        else:
            body["accountType"] = "organization"
            body["selectedOrganization"] = _find(cb.organizations, wanted)
    elif cb.platform == "pinterest":
        body["boardId"] = wanted
        board = _find(await options(client, cb, start=start), wanted)
        if board.get("name"):
            body["boardName"] = board["name"]
    else:  # snapchat
        body["userProfile"] = cb.user_profile or {}
        body["selectedPublicProfile"] = _find(await options(client, cb, start=start), wanted)
    return body


def _find(items: list[dict[str, Any]], wanted: str) -> dict[str, Any]:
    def refusal() -> str:
        listed = ", ".join(str(i.get("id")) for i in items) or "none"
        return f"{wanted!r} is not one of the choices ({listed}); call connect_options."

    return pick(items, lambda item: str(item.get("id")) == wanted, refusal)
