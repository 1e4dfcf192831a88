"""Accounts tools, and the guardrail that turns platform names into account ids without guessing."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from ..errors import AmbiguousAccountError, InputError, LateError
from ..models.accounts import Account, AccountMatch, AccountOut, AccountsList
from ._args import check_id, platform_name
from ._context import Ctx, state
from ._errors import reports_errors
from ._shared import side_by_side

if TYPE_CHECKING:
    from ..client import LateClient

log = logging.getLogger("late_mcp.tools.accounts")

PlatformArg = Annotated[
    str,
    Field(
        description="twitter, instagram, linkedin, tiktok, bluesky, facebook, youtube, pinterest, threads, "
        "googlebusiness, telegram, snapchat, reddit"
    ),
]


def _label(account: Account) -> str:
    who = f"@{account.username.lstrip('@')}" if account.username else account.display_name or "?"
    profile = f", profile {account.profile_name or account.profile_id}" if account.profile_id else ""
    return f"{account.id} ({account.platform} {who}{profile})"


@dataclass(frozen=True)
class Target:
    platform: str
    account: Account


def resolve_targets(
    accounts: Sequence[Account],
    *,
    platforms: Sequence[str],
    account_ids: Sequence[str] = (),
    profile_id: str | None = None,
) -> list[Target]:
    """Pick exactly one active account per requested platform, or explain why not.

    Explicit ids win; a platform with several candidates is an error listing them (never a guess).
    """
    by_id = {a.id: a for a in accounts}
    chosen: list[Target] = []
    for raw in account_ids:
        account = by_id.get(raw)
        if account is None:
            raise InputError(f"account_id {raw!r} is not one of your connected accounts. Call accounts_list.")
        chosen.append(Target(platform_name(account.platform), account))
    stray = [t for t in chosen if platforms and t.platform not in platforms]
    if stray:
        raise InputError(
            f"account_id {stray[0].account.id} is a {stray[0].platform} account, but the post targets "
            f"{', '.join(platforms)}. Pass an account of that platform (accounts_get), or target {stray[0].platform}."
        )
    covered = {t.platform for t in chosen}
    for platform in platforms:
        if platform in covered:
            continue
        candidates = [a for a in accounts if platform_name_or_none(a.platform) == platform]
        if profile_id:
            candidates = [a for a in candidates if a.profile_id == profile_id]
        if not candidates:
            connected = sorted({a.platform for a in accounts}) or ["none"]
            scope = f" in profile {profile_id}" if profile_id else ""
            raise InputError(
                f"No {platform} account is connected{scope}. Connected platforms: {', '.join(connected)}. "
                "Connect accounts at https://getlate.dev."
            )
        if len(candidates) > 1:
            raise AmbiguousAccountError(
                f"Several {platform} accounts are connected: {'; '.join(_label(a) for a in candidates)}. "
                "Ask the user which one, then pass its id as account_id(s)."
            )
        chosen.append(Target(platform, candidates[0]))
        covered.add(platform)
    inactive = [t for t in chosen if not t.account.is_active or t.account.needs_reconnect]
    if inactive:
        raise InputError(
            f"{'; '.join(_label(t.account) for t in inactive)} needs reconnecting before it can post. "
            "Reconnect it at https://getlate.dev."
        )
    return chosen


def platform_name_or_none(value: str) -> str | None:
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


async def accounts_out(client: LateClient) -> AccountsList:
    """The accounts as the model reads them (the accounts_list tool and the late://accounts resource)."""
    accounts = await connected_accounts(client)
    note = None if accounts else "No accounts are connected. Connect them at https://getlate.dev."
    if any(a.needs_reconnect for a in accounts):
        note = "Accounts with needs_reconnect=true cannot post until reconnected at https://getlate.dev."
    return AccountsList(count=len(accounts), accounts=[AccountOut.of(a) for a in accounts], note=note)


@reports_errors
async def accounts_list(ctx: Ctx) -> AccountsList:
    """List connected social accounts (id, platform, username, profile, active). Call first to get account ids."""
    return await accounts_out(state(ctx).client)


@reports_errors
async def accounts_get(platform: PlatformArg, ctx: Ctx) -> AccountMatch:
    """Get the account(s) connected on one platform. Several matches are marked ambiguous: ask which one."""
    name = platform_name(platform)
    accounts = await connected_accounts(state(ctx).client)
    matches = [a for a in accounts if platform_name_or_none(a.platform) == name]
    if not matches:
        connected = sorted({a.platform for a in accounts}) or ["none"]
        raise InputError(f"No {name} account is connected. Connected platforms: {', '.join(connected)}.")
    ambiguous = len(matches) > 1
    return AccountMatch(
        platform=name,
        ambiguous=ambiguous,
        accounts=[AccountOut.of(a) for a in matches],
        note=f"{len(matches)} {name} accounts: ask the user which one and pass its id as account_id."
        if ambiguous
        else None,
    )


__all__ = ["Target", "accounts_get", "accounts_list", "check_id", "resolve_targets"]
