"""One account by the id the model gave: checked before it reaches a URL, and found among the connected ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import InputError
from ...models.accounts import Account
from .._args import NeedsTool, check_id

if TYPE_CHECKING:
    from ...client import LateClient


def account_id_arg(value: str) -> str:
    return check_id(value, "account_id", list_tool="accounts_list")


def _not_connected(what: str) -> NeedsTool:
    return NeedsTool(
        f"{what} not one of your connected accounts",
        hint="Call accounts_list to get ids.",
        needs="accounts_list",
        otherwise="The connected accounts are in the Late dashboard.",
    )


async def find_account(client: LateClient, account_id: str) -> Account:
    """The connected account with this id (one list call), or an error naming the way to find ids."""
    aid = account_id_arg(account_id)  # refused before any call
    return _among(await client.accounts.list(), aid)


def _among(accounts: list[Account], account_id: str) -> Account:
    for account in accounts:
        if account.id == account_id:
            return account
    raise _not_connected(f"account_id {account_id!r} is")


async def account_on(client: LateClient, account_id: str, platform: str, label: str) -> str:
    """The id of a connected account on `platform` (`label`: its name for people); another platform's account is
    refused before the API is asked, listing the accounts that are on it."""
    aid = account_id_arg(account_id)
    accounts = await client.accounts.list()
    account = _among(accounts, aid)
    if account.platform == platform:
        return account.id
    mine = [f"{a.id} (@{a.username or a.display_name})" for a in accounts if a.platform == platform]
    where = f"{label} accounts: {', '.join(mine)}." if mine else f"No {label} account is connected."
    raise InputError(f"account_id {aid} is {account.platform} @{account.username}, not {label}. {where}")


async def connected_ids(client: LateClient, ids: list[str]) -> list[str]:
    """`ids`, each a connected account's; the others are refused, by id, before anything is written."""
    known = {a.id for a in await client.accounts.list()} if ids else set()
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise _not_connected(f"account_ids {', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'}")
    return ids
