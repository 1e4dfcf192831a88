"""The connected accounts as the tools see them: listed, and marked where their health says they cannot post.

No MCP here: the posting tools resolve their targets from these accounts, and the late://accounts resource
shows them as accounts_list does.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import tzinfo
from typing import TYPE_CHECKING

from ...errors import InputError, LateError
from ...models.accounts import Account, AccountOut, AccountsList
from ...timeutil import local
from .._args import platform_name
from .._shared import side_by_side
from .cooldown import cooling, cooling_note

if TYPE_CHECKING:
    from ...client import LateClient

log = logging.getLogger("late_mcp.tools.accounts")


def platform_name_or_none(value: str) -> str | None:
    """The API's name for an account's platform, or None for one this server does not know."""
    try:
        return platform_name(value)
    except InputError:
        return None


async def connected_accounts(client: LateClient) -> list[Account]:
    """The accounts, each marked when its health says it needs reconnecting.

    Health is best effort: if that endpoint fails, the accounts are returned as listed. Both calls run
    side by side.
    """

    async def health() -> set[str]:
        try:
            found = await client.accounts.health()
        except LateError as exc:
            log.info("account health unavailable: %r", exc)
            return set()
        return {h.account_id for h in found if h.needs_reconnect or h.can_post is False}

    listed, broken = await side_by_side(client.accounts.list, health)
    return [a.model_copy(update={"needs_reconnect": True}) if a.id in broken else a for a in listed]


AccountsReader = Callable[[], Awaitable[list[Account]]]


def read_once(client: LateClient) -> AccountsReader:
    """`connected_accounts`, read at the first call and kept: a series plans each text against one read (60 texts
    must not cost 120 calls of the user's per-minute allowance), and input refused before that costs none."""
    kept: list[list[Account]] = []

    async def accounts() -> list[Account]:
        if not kept:
            kept.append(await connected_accounts(client))
        return kept[0]

    return accounts


async def accounts_out(client: LateClient, zone: tzinfo) -> AccountsList:
    """The accounts as the model reads them (the accounts_list tool and the late://accounts resource), with the
    end of each one's publishing cooldown, if it has one now, in the user's zone."""
    accounts = await connected_accounts(client)
    note = None if accounts else "No accounts are connected. Connect them at https://getlate.dev."
    if any(a.needs_reconnect for a in accounts):
        note = "Accounts with needs_reconnect=true cannot post until reconnected at https://getlate.dev."
    out, note = shown(accounts, zone, note)
    return AccountsList(count=len(accounts), accounts=out, note=note)


def shown(accounts: list[Account], zone: tzinfo, note: str | None) -> tuple[list[AccountOut], str | None]:
    """The accounts as results, each with its cooldown's end (if one runs now), and the note with a line on them."""
    found = cooling(accounts)
    until = {c.account_id: local(c.until, zone) for c in found}
    out = [AccountOut.of(a, cooling_until=until.get(a.id)) for a in accounts]
    return out, " ".join(filter(None, (note, cooling_note(found, zone)))) or None
