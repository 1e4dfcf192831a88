"""Writes to what is not a post (profiles, accounts, queues, webhooks, groups, invites): deleting one is asked about
like deleting a post, changing one like updating a post (under LATE_CONFIRM=all), and a "no" sends nothing."""

from __future__ import annotations

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_PERSONAL
from late_mcp.tools import all_tools
from late_mcp.tools._safety import REACH

from ..conftest import Sandbox
from .conftest import Person, client, make_server


def test_every_destructive_tool_is_asked_about() -> None:
    destructive = {spec.name for spec in all_tools() if spec.annotations.destructive_hint}
    assert destructive - set(REACH) == set()


async def test_deleting_a_profile_is_asked_and_a_no_keeps_it(sandbox: Sandbox) -> None:
    deletes = await sandbox.watch(f"/api/v1/profiles/{PROFILE_PERSONAL}", method="DELETE")
    no = Person("decline")
    async with client(make_server(sandbox.app), no) as t:
        result = await t.call("profiles_delete", {"profile_id": PROFILE_PERSONAL})
    assert result.is_error
    # the person knows it by its name, not its id
    assert no.asked == [
        f"Delete profile 'Jane Doe (personal)' ({PROFILE_PERSONAL}) (this cannot be undone):\nConfirm to go ahead."
    ]
    assert await sandbox.hits(deletes) == 0


async def test_changing_a_profile_is_asked_only_under_confirm_all(sandbox: Sandbox) -> None:
    yes = Person("accept")
    async with client(make_server(sandbox.app), yes) as t:
        await t.ok("profiles_update", {"profile_id": PROFILE_PERSONAL, "description": "Jane's own"})
    assert yes.asked == []
    async with client(make_server(sandbox.app, confirm="all"), yes) as t:
        await t.ok("profiles_update", {"profile_id": PROFILE_PERSONAL, "description": "Jane's, again"})
    assert yes.asked == [f"Change profile 'Jane Doe (personal)' ({PROFILE_PERSONAL}):\nConfirm to go ahead."]


async def test_disconnecting_an_account_names_it(sandbox: Sandbox) -> None:
    no = Person("decline")
    async with client(make_server(sandbox.app, toolsets=("core", "accounts")), no) as t:
        await t.error("accounts_disconnect", {"account_id": f'"{ACCOUNT_IDS["twitter_personal"]}"'})
    assert "Disconnect account twitter @janedoe_dev" in no.asked[0]
