"""Accounts tools: list them and find one by platform (core), and manage them (the `accounts` toolset): rename,
disconnect, where an account posts, LinkedIn mentions, Google reviews, groups. Health is in `health`.
"""

from __future__ import annotations

from ...errors import InputError
from ...models.accounts import AccountChange, AccountChanged, AccountMatch, AccountsList
from .._args import platform_name
from .._context import Ctx, state
from .._params import AccountIdArg, PlatformArg
from .._spec import read, tool, toolset, write
from .choices import accounts_choices, accounts_select, changed
from .connected import accounts_out, connected_accounts, platform_name_or_none, shown
from .find import account_id_arg, find_account
from .groups import account_groups_delete, account_groups_list, account_groups_save
from .lookups import accounts_google_reviews, accounts_linkedin_mention


async def accounts_list(ctx: Ctx) -> AccountsList:
    """List connected social accounts (id, platform, username, profile, active). Call first to get account ids."""
    app = state(ctx)
    return await accounts_out(app.client, app.zone)


async def accounts_get(platform: PlatformArg, ctx: Ctx) -> AccountMatch:
    """Get the account(s) connected on one platform. Several matches are marked ambiguous: ask which one."""
    name, app = platform_name(platform), state(ctx)
    accounts = await connected_accounts(app.client)
    matches = [a for a in accounts if platform_name_or_none(a.platform) == name]
    if not matches:
        connected = sorted({a.platform for a in accounts}) or ["none"]
        raise InputError(f"No {name} account is connected. Connected platforms: {', '.join(connected)}.")
    ambiguous = len(matches) > 1
    ask = f"{len(matches)} {name} accounts: ask the user which one and pass its id as account_id."
    out, note = shown(matches, app.zone, ask if ambiguous else None)
    return AccountMatch(platform=name, ambiguous=ambiguous, accounts=out, note=note)


async def accounts_update(
    account_id: AccountIdArg, ctx: Ctx, username: str = "", display_name: str = ""
) -> AccountChanged:
    """Rename how an account is shown in Late (username, display name); the platform is not changed."""
    if not username.strip() and not display_name.strip():
        raise InputError("Nothing to update: give username or display_name.")
    aid = account_id_arg(account_id)
    change = await state(ctx).client.accounts.update(
        aid, username=username.strip() or None, display_name=display_name.strip() or None
    )
    return changed(aid, change, f"Account {aid} now shows {renamed(change, username, display_name)}.")


def renamed(change: AccountChange, username: str, display_name: str) -> str:
    """What the rename changed, as the answer has it: only the names that were given."""
    parts = []
    if display_name.strip():
        parts.append(f"the name {change.display_name or display_name.strip()}")
    if username.strip():
        parts.append(f"the username {change.username or username.strip()}")
    return " and ".join(parts)


async def accounts_disconnect(account_id: AccountIdArg, ctx: Ctx) -> AccountChanged:
    """Disconnect an account from Late. Its scheduled posts stop; reconnecting needs the user to log in again."""
    app = state(ctx)
    account = await find_account(app.client, account_id)
    await app.client.accounts.disconnect(account.id)
    who = f"{account.platform} @{(account.username or account.id).lstrip('@')}"
    return AccountChanged(account_id=account.id, summary=f"Disconnected {who}.")


#: the `accounts` toolset (accounts_list, accounts_get and accounts_health are in core)
TOOLSET = toolset(
    "accounts",
    tool(accounts_update, write("Rename account", idempotent=True)),
    tool(accounts_disconnect, write("Disconnect account", destructive=True, idempotent=True)),
    tool(accounts_choices, read("Account targets")),
    # Switches the default page/org/board: the previous choice is replaced.
    tool(accounts_select, write("Set account target", destructive=True, idempotent=True)),
    tool(accounts_linkedin_mention, read("LinkedIn mention")),
    tool(accounts_google_reviews, read("Google reviews")),
    tool(account_groups_list, read("List account groups")),
    # With group_id it replaces the group's whole account set.
    tool(account_groups_save, write("Save account group", destructive=True)),
    tool(account_groups_delete, write("Delete account group", destructive=True, idempotent=True)),
)
