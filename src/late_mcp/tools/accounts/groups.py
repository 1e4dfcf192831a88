"""Account groups: named sets of account ids, to post to or report on together."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ...errors import InputError
from ...models.account_groups import AccountGroup, GroupDeleted, GroupOut, GroupSaved, GroupsList
from .._args import check_id, text_list
from .._context import Ctx, state
from .find import account_id_arg, connected_ids

GroupIdArg = Annotated[str, Field(description="Group ID from account_groups_list")]


def _group(group: AccountGroup) -> GroupOut:
    return GroupOut(id=group.id, name=group.name, account_ids=group.account_ids)


def _group_id(value: str) -> str:
    return check_id(value, "group_id", list_tool="account_groups_list")


async def account_groups_list(ctx: Ctx) -> GroupsList:
    """List account groups: named sets of account ids."""
    groups = await state(ctx).client.account_groups.list()
    return GroupsList(count=len(groups), groups=[_group(g) for g in groups])


async def account_groups_save(
    ctx: Ctx,
    name: str = "",
    account_ids: Annotated[str | list[str], Field(description="Comma-separated account IDs (the whole set)")] = "",
    group_id: Annotated[str, Field(description="Update this group; empty creates one")] = "",
) -> GroupSaved:
    """Create an account group, or rename it / replace its accounts when group_id is given."""
    app = state(ctx)
    ids = await connected_ids(app.client, [account_id_arg(a) for a in text_list(account_ids, "account_ids")])
    if group_id.strip():
        gid = _group_id(group_id)
        if not name.strip() and not ids:
            raise InputError("Nothing to update: give name or account_ids.")
        group = await app.client.account_groups.update(gid, name=name.strip() or None, account_ids=ids or None)
        return GroupSaved(group=_group(group), created=False)
    if not name.strip() or not ids:
        raise InputError("A new group needs name and account_ids.")
    group = await app.client.account_groups.create(name=name.strip(), account_ids=ids)
    return GroupSaved(group=_group(group), created=True)


async def account_groups_delete(group_id: GroupIdArg, ctx: Ctx) -> GroupDeleted:
    """Delete an account group (the accounts stay connected)."""
    gid = _group_id(group_id)
    await state(ctx).client.account_groups.delete(gid)
    return GroupDeleted(group_id=gid)
