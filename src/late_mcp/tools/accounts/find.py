"""One account by the id the model gave: checked before it reaches a URL, and found among the connected ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...errors import InputError
from ...models.accounts import Account
from .._args import check_id, needing

if TYPE_CHECKING:
    from ...client import LateClient


def account_id_arg(value: str) -> str:
    return check_id(value, "account_id", list_tool="accounts_list")


async def find_account(client: LateClient, account_id: str) -> Account:
    """The connected account with this id (one list call), or an error naming the way to find ids."""
    aid = account_id_arg(account_id)
    for account in await client.accounts.list():
        if account.id == aid:
            return account
    raise needing(
        InputError(f"account_id {aid!r} is not one of your connected accounts", hint="Call accounts_list to get ids."),
        "accounts_list",
        "The connected accounts are in the Late dashboard.",
    )
