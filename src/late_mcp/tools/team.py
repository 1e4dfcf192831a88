"""Team tools: who has access, invite links (members, or someone connecting their account), API keys.

API keys are listed only: no tool, and no client method, can create or delete a key.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from ..errors import InputError
from ..models.team import (
    ApiKeyOut,
    ApiKeysList,
    InviteCreated,
    InviteOut,
    InviteRevoked,
    InvitesList,
    UserOut,
    UsersList,
)
from ..timeutil import local
from ._args import check_id, platform_name, text_list
from ._context import Ctx, state
from ._hints import TEAM_PLAN, explained, ids_from, via
from ._shared import known_profile, profile_or_default
from ._spec import read, tool, toolset, write

if TYPE_CHECKING:
    from ..client import LateClient


async def team_users_list(
    ctx: Ctx, user_id: Annotated[str, Field(description="One user; empty = everyone")] = ""
) -> UsersList:
    """List the team: owner and invited users, their roles and what each may not use (cannot_use)."""
    app = state(ctx)
    if user_id.strip():
        user = await app.client.team.user(check_id(user_id, "user_id", list_tool="team_users_list"))
        return UsersList(count=1, users=[UserOut.of(user)])
    users = await app.client.team.users()
    return UsersList(
        current_user_id=users.current_user_id, count=len(users.users), users=[UserOut.of(u) for u in users.users]
    )


async def team_invite(
    ctx: Ctx,
    kind: Annotated[
        Literal["member", "platform"],
        Field(description="member: a teammate joins; platform: someone connects their account to a profile"),
    ] = "member",
    profile_ids: Annotated[str | list[str], Field(description="member: limit to these profiles")] = "",
    platform: Annotated[str, Field(description="platform: which network to connect")] = "",
    profile_id: Annotated[str, Field(description="platform: the profile; empty = default")] = "",
) -> InviteCreated:
    """Create a 7-day invite link: a teammate joins, or a client connects their own account."""
    app = state(ctx)
    ids, network = invite_args(kind, profile_ids, platform, profile_id)
    refused = MEMBER_REFUSED.format(ids=ids_from(ctx, "profiles_list", "")).strip() if ids else TEAM_PLAN
    with explained(ctx, {403: refused.format(where=via(ctx)("usage_get"))}):
        if kind == "member":
            return await invite_member(app.client, ids, app.zone)
        created = await app.client.team.invite_platform(
            profile_id=await profile_or_default(app.client, profile_id), platform=network
        )
    return InviteCreated(
        invite=InviteOut.of(created, app.zone),
        next_step="Send the url to the account owner; they connect without access to this Late account.",
    )


#: the contract's reasons for a 403 on a member invite limited to profiles; `{ids}`: where profile ids are listed
MEMBER_REFUSED = (
    "The API refuses a member invite when a profile in profile_ids is not found or not this team's, or when the key "
    "is a restricted (zrk_) one. {ids}"
)


def invite_args(
    kind: Literal["member", "platform"], profile_ids: str | list[str], platform: str, profile_id: str
) -> tuple[list[str], str]:
    """The profile ids of a member invite and the platform of a platform invite, checked before any call; an
    argument of the other kind is refused, never dropped (a member invite would reach every profile)."""
    ids = [check_id(p, "profile_ids", list_tool="profiles_list") for p in text_list(profile_ids, "profile_ids")]
    if kind == "member":
        if platform.strip() or profile_id.strip():
            raise InputError(
                "platform and profile_id are for kind=platform (someone connects their account); a member invite "
                "is limited to profiles with profile_ids."
            )
        return ids, ""
    if ids:
        raise InputError("profile_ids is for kind=member; a platform invite takes one profile_id.")
    if not platform.strip():
        raise InputError("kind=platform needs platform (the network the other person connects).")
    return [], platform_name(platform)


async def invite_member(client: LateClient, ids: list[str], zone: tzinfo) -> InviteCreated:
    """A one-use link for a teammate, to every profile or to the ones given."""
    token = await client.team.invite_member(profile_ids=ids or None)
    invite = InviteOut(
        kind="member",
        url=token.invite_url,
        scope=token.scope or ("profiles" if ids else "all"),
        expires_at=local(token.expires_at, zone),
    )
    return InviteCreated(invite=invite, next_step="Send the url to the teammate; it works once.")


async def team_invites_list(ctx: Ctx, profile_id: str = "") -> InvitesList:
    """List account-connection invites (platform, profile, used, expiry)."""
    app = state(ctx)
    invites = await app.client.team.platform_invites(profile_id=await known_profile(app.client, profile_id))
    return InvitesList(count=len(invites), invites=[InviteOut.of(i, app.zone) for i in invites])


async def team_invite_revoke(
    invite_id: Annotated[str, Field(description="Invite ID from team_invites_list")], ctx: Ctx
) -> InviteRevoked:
    """Revoke an unused account-connection invite."""
    iid = check_id(invite_id, "invite_id", list_tool="team_invites_list")
    await state(ctx).client.team.revoke_platform_invite(iid)
    return InviteRevoked(invite_id=iid)


async def team_api_keys_list(ctx: Ctx) -> ApiKeysList:
    """List API keys by name, preview and expiry (read-only; keys are managed in the dashboard)."""
    app = state(ctx)
    keys = await app.client.team.api_keys()
    return ApiKeysList(
        count=len(keys),
        keys=[ApiKeyOut.of(k, app.zone) for k in keys],
        note="Creating or deleting keys is done by the user in the Late dashboard, never by this server.",
    )


TOOLSET = toolset(
    "team",
    tool(team_users_list, read("List team")),
    tool(team_invite, write("Create invite")),
    tool(team_invites_list, read("List invites")),
    tool(team_invite_revoke, write("Revoke invite", destructive=True, idempotent=True)),
    tool(team_api_keys_list, read("List API keys")),
)
