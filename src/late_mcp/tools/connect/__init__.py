"""Connect tools: a link the user opens to connect an account, Bluesky and Telegram, and the headless steps.

The redirect URL of a headless connection is read in `callback`; the steps' shapes and bodies are in `steps`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ...errors import InputError
from ...models.connect import AccountConnected, ConnectLink, ConnectOptions
from .._args import personal_choice, picked
from .._context import Ctx, state
from .._hints import named, with_tool
from .._params import CallbackUrlArg, ConnectPlatformArg, ConnectProfileArg
from .._shared import profile_or_default
from .._spec import read, tool, toolset, write
from .callback import read_callback
from .steps import (
    HEADLESS_STEP,
    LINK_STEP,
    choice,
    connected,
    link_platform,
    manual_platform,
    options,
    pick_step,
    resolved,
    selection_body,
    started,
    telegram_checked,
    telegram_link,
)


async def connect_start(
    platform: ConnectPlatformArg,
    ctx: Ctx,
    profile_id: ConnectProfileArg = "",
    redirect_url: Annotated[str, Field(description="Where the user lands afterwards (optional)")] = "",
    headless: Annotated[bool, Field(description="Pick page/org/board yourself: then connect_options")] = False,
) -> ConnectLink:
    """Get a link the user opens to connect a social account to a profile (Telegram: an access code)."""
    app = state(ctx)
    name, landing = link_platform(platform, redirect_url, headless)
    pid = await profile_or_default(app.client, profile_id)
    if name == "telegram":
        return telegram_link(await app.client.connect.telegram_code(pid), pid, app.zone)
    start = await app.client.connect.start(name, pid, redirect_url=landing, headless=headless)
    listing = named(ctx, "accounts_list") or "the Late dashboard"
    return started(name, pid, start, HEADLESS_STEP if headless else LINK_STEP, listing)


async def connect_complete(
    platform: ConnectPlatformArg,
    code: Annotated[str, Field(description="The OAuth code from the redirect")],
    oauth_state: Annotated[str, Field(description="The state from the same redirect")],
    ctx: Ctx,
    profile_id: ConnectProfileArg = "",
) -> AccountConnected:
    """Finish an OAuth connection by hand with the code and state the platform redirected with."""
    if not code.strip() or not oauth_state.strip():
        raise InputError("code and oauth_state are both needed: they are in the URL the user was sent back to.")
    app = state(ctx)
    name = manual_platform(platform)
    answer = await app.client.connect.complete(
        name, code=code.strip(), state=oauth_state.strip(), profile_id=await profile_or_default(app.client, profile_id)
    )
    return connected(name, answer)


async def connect_bluesky(
    identifier: Annotated[str, Field(description="Handle (name.bsky.social) or email")],
    app_password: Annotated[str, Field(description="An app password from Bluesky settings, not the main one")],
    ctx: Ctx,
    profile_id: ConnectProfileArg = "",
) -> AccountConnected:
    """Connect a Bluesky account with an app password."""
    if not identifier.strip() or not app_password.strip():
        raise InputError("identifier and app_password are both needed.")
    app = state(ctx)
    pid = await profile_or_default(app.client, profile_id)
    users = await app.client.team.users()
    if not users.current_user_id:
        raise InputError("The API did not say who the current user is (GET /v1/users); try again later.")
    answer = await app.client.connect.bluesky(
        identifier=identifier.strip().lstrip("@"),
        app_password=app_password.strip(),
        state=f"{users.current_user_id}-{pid}",
    )
    return connected("bluesky", answer)


async def connect_telegram(
    ctx: Ctx,
    code: Annotated[str, Field(description="Check this access code (from connect_start)")] = "",
    chat_id: Annotated[str, Field(description="Or connect directly: -100... or @channel (bot is admin)")] = "",
    profile_id: ConnectProfileArg = "",
) -> AccountConnected:
    """Telegram: check whether an access code was used, or connect a channel directly by chat id."""
    app = state(ctx)
    if code.strip() and chat_id.strip():
        raise InputError("Give code (check an access code) or chat_id (connect a channel), not both.")
    if code.strip():
        return telegram_checked(await app.client.connect.telegram_status(code.strip()))
    if not chat_id.strip():
        raise InputError("Give code (from connect_start with platform=telegram) or chat_id.")
    answer = await app.client.connect.telegram_connect(
        chat_id=chat_id.strip(), profile_id=await profile_or_default(app.client, profile_id)
    )
    return connected("telegram", answer)


async def connect_options(callback_url: CallbackUrlArg, ctx: Ctx) -> ConnectOptions:
    """Headless step 2: what the user can pick (Facebook pages, LinkedIn orgs, boards, locations, Snapchat)."""
    app = state(ctx)
    start = with_tool(ctx, "connect_start")
    cb = await resolved(app.client, read_callback(callback_url), start=start)
    found = [c for c in (choice(cb.platform, o) for o in await options(app.client, cb, start=start)) if c is not None]
    step = pick_step(cb.platform, with_tool(ctx, "connect_select"))
    return ConnectOptions(platform=cb.platform, profile_id=cb.profile_id, options=found, next_step=step)


async def connect_select(
    callback_url: CallbackUrlArg,
    ctx: Ctx,
    selection_id: Annotated[str, Field(description="An id from connect_options")] = "",
    personal: Annotated[bool, Field(description="LinkedIn: connect the personal profile")] = False,
) -> AccountConnected:
    """Headless step 3: save the user's pick and finish connecting the account."""
    wanted = picked(selection_id, "selection_id", personal=personal, list_tool="connect_options")
    app = state(ctx)
    start = with_tool(ctx, "connect_start")
    cb = await resolved(app.client, read_callback(callback_url), start=start)
    personal_choice(wanted, cb.platform, "selection_id", list_tool="connect_options")
    body = await selection_body(app.client, cb, wanted, personal, start=start)
    answer = await app.client.connect.select(cb.platform, body, connect_token=cb.connect_token)
    return connected(cb.platform, answer)


TOOLSET = toolset(
    "connect",
    # Creates a pending OAuth state / Telegram code on the API: not read-only, nothing lost.
    tool(connect_start, write("Connect link")),
    tool(connect_complete, write("Complete OAuth")),
    tool(connect_bluesky, write("Connect Bluesky")),
    tool(connect_telegram, write("Connect Telegram")),
    tool(connect_options, read("Connection choices")),
    tool(connect_select, write("Finish connection")),
)
