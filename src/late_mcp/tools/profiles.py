"""Profiles tools: groups of accounts (a brand, a client)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from ..errors import InputError
from ..models.profiles import ProfileDeleted, ProfileMade, ProfileOut, ProfilesList
from ..timeutil import now_utc
from ._args import check_id
from ._context import Ctx, state
from ._hints import via
from ._params import ProfileIdArg
from .profile_made import create_profile

if TYPE_CHECKING:
    from ..client import LateClient

_HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _color(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if _HEX_COLOR.match(f"#{value}"):  # '4CAF50': models drop the '#'
        value = f"#{value}"
    if not _HEX_COLOR.match(value):
        raise InputError(f"color {value!r} must be a hex color such as '#4CAF50'.")
    return value


def _profile_id(value: str) -> str:
    return check_id(value, "profile_id", list_tool="profiles_list")


async def profiles_out(client: LateClient) -> ProfilesList:
    """The profiles as the model reads them (the profiles_list tool and the late://profiles resource)."""
    profiles = await client.profiles.list()
    return ProfilesList(count=len(profiles), profiles=[ProfileOut.of(p) for p in profiles])


async def profiles_list(ctx: Ctx) -> ProfilesList:
    """List profiles (groups of accounts) with id, name and which is the default."""
    return await profiles_out(state(ctx).client)


async def profiles_get(profile_id: ProfileIdArg, ctx: Ctx) -> ProfileOut:
    """Get one profile's name, description, color and default flag."""
    return ProfileOut.of(await state(ctx).client.profiles.get(_profile_id(profile_id)))


async def profiles_create(
    name: Annotated[str, Field(description="Profile name")],
    ctx: Ctx,
    description: str = "",
    color: Annotated[str, Field(description="Hex color, e.g. '#4CAF50'")] = "",
) -> ProfileMade:
    """Create a profile for grouping social accounts."""
    if not name.strip():
        raise InputError("name must not be empty.")
    client, about = state(ctx).client, description.strip() or None
    return await create_profile(client, name=name.strip(), description=about, color=_color(color), now=now_utc())


async def profiles_update(
    profile_id: ProfileIdArg,
    ctx: Ctx,
    name: Annotated[str, Field(description="Empty keeps the current value (likewise below)")] = "",
    description: str = "",
    color: str = "",
    is_default: Annotated[bool, Field(description="Make this the default profile")] = False,
) -> ProfileOut:
    """Update a profile; only the fields given change."""
    changes: dict[str, Any] = {}
    if name.strip():
        changes["name"] = name.strip()
    if description.strip():
        changes["description"] = description.strip()
    if (hex_color := _color(color)) is not None:
        changes["color"] = hex_color
    if is_default:
        changes["isDefault"] = True
    if not changes:
        raise InputError("Nothing to update: give name, description, color or is_default=true.")
    return ProfileOut.of(await state(ctx).client.profiles.update(_profile_id(profile_id), changes))


async def profiles_delete(profile_id: ProfileIdArg, ctx: Ctx) -> ProfileDeleted:
    """Delete a profile. It must have no connected accounts."""
    pid = _profile_id(profile_id)
    client = state(ctx).client
    await refuse_if_connected(client, pid, via(ctx)("accounts_disconnect"))
    await client.profiles.delete(pid)
    return ProfileDeleted(profile_id=pid)


async def refuse_if_connected(client: LateClient, profile_id: str, disconnect: str) -> None:
    """A profile with connected accounts cannot be deleted (the API refuses it): said before the person is asked,
    naming the accounts and where they are disconnected (`disconnect`)."""
    mine = [a for a in await client.accounts.list() if a.profile_id == profile_id]
    if mine:
        names = ", ".join(f"{a.platform} @{a.username or a.display_name or a.id}" for a in mine)
        raise InputError(
            f"Profile {profile_id} still has {len(mine)} connected account(s) ({names}): Late deletes a profile only "
            f"once they are disconnected, {disconnect}. Nothing was asked or sent."
        )
