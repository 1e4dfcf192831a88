"""Writes to what is not a post (profiles, accounts, queues, webhooks, groups, invites): deleting one is asked about
like deleting a post, changing one like updating a post (under LATE_CONFIRM=all), and a "no" sends nothing."""

from __future__ import annotations

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, PROFILE_PERSONAL, QUEUE_MAIN
from late_mcp.tools import all_tools
from late_mcp.tools._safety import REACH

from ..conftest import Sandbox
from .conftest import Person, client, make_server


def test_every_destructive_tool_is_asked_about() -> None:
    destructive = {spec.name for spec in all_tools() if spec.annotations.destructive_hint}
    assert destructive - set(REACH) == set()


async def test_deleting_a_profile_is_asked_and_a_no_keeps_it(sandbox: Sandbox) -> None:
    no = Person("decline")
    async with client(make_server(sandbox.app), no) as t:
        empty = (await t.ok("profiles_create", {"name": "Side project"}))["id"]
        deletes = await sandbox.watch(f"/api/v1/profiles/{empty}", method="DELETE")
        result = await t.call("profiles_delete", {"profile_id": empty})
    assert result.is_error
    # the person knows it by its name, not its id
    assert no.asked == [f"Delete profile 'Side project' ({empty}) (this cannot be undone):\nConfirm to go ahead."]
    assert await sandbox.hits(deletes) == 0


async def test_a_profile_with_accounts_is_not_asked_about_deleting(sandbox: Sandbox) -> None:
    """Late refuses to delete a profile with connected accounts: said first, with the accounts and where they are
    disconnected, and the person is not asked about a delete that cannot happen."""
    deletes = await sandbox.watch(method="DELETE")
    yes = Person("accept")
    async with client(make_server(sandbox.app), yes) as t:
        refused = await t.error("profiles_delete", {"profile_id": PROFILE_PERSONAL})
    assert "3 connected account(s) (twitter @janedoe_dev, bluesky @janedoe.bsky.social, linkedin @jane-doe)" in refused
    assert "with accounts_disconnect, from the accounts toolset (the toolsets tool turns it on)" in refused
    assert "Details" not in refused
    assert yes.asked == []
    assert await sandbox.hits(deletes) == 0


async def test_changing_a_profile_is_asked_only_under_confirm_all(sandbox: Sandbox) -> None:
    yes = Person("accept")
    async with client(make_server(sandbox.app), yes) as t:
        await t.ok("profiles_update", {"profile_id": PROFILE_PERSONAL, "description": "Jane's own"})
    assert yes.asked == []
    async with client(make_server(sandbox.app, confirm="all"), yes) as t:
        await t.ok("profiles_update", {"profile_id": PROFILE_PERSONAL, "description": "Jane's, again"})
    assert yes.asked == [
        f"Change profile 'Jane Doe (personal)' ({PROFILE_PERSONAL}), setting description=\"Jane's, again\":\n"
        "Confirm to go ahead."
    ]


async def test_disconnecting_an_account_names_it(sandbox: Sandbox) -> None:
    no = Person("decline")
    async with client(make_server(sandbox.app, toolsets=("core", "accounts")), no) as t:
        await t.error("accounts_disconnect", {"account_id": f'"{ACCOUNT_IDS["twitter_personal"]}"'})
    assert "Disconnect account twitter @janedoe_dev" in no.asked[0]


async def test_deleting_a_queue_webhook_group_or_invite_names_it_and_an_unknown_id_is_not_asked_about(
    sandbox: Sandbox,
) -> None:
    """The person sees the name and what it holds, not a bare id; an id that names nothing is refused unasked."""
    everything = make_server(sandbox.app, toolsets=("all",))
    async with client(everything, Person("accept")) as t:
        hook = (await t.ok("webhooks_save", {"url": "https://example.com/hook", "name": "Ops"}))["webhook"]["id"]
        group = await t.ok("account_groups_save", {"name": "Brand", "account_ids": ACCOUNT_IDS["twitter"]})
        invite = (await t.ok("team_invite", {"kind": "platform", "platform": "X"}))["invite"]["id"]
    deletes = await sandbox.watch(method="DELETE")
    no = Person("decline")
    async with client(everything, no) as t:
        for tool, args in [
            ("queue_delete", {"queue_id": QUEUE_MAIN}),
            ("webhooks_delete", {"webhook_id": hook}),
            ("account_groups_delete", {"group_id": group["group"]["id"]}),
            ("team_invite_revoke", {"invite_id": invite}),
        ]:
            assert "declined" in await t.error(tool, args)
        asked = len(no.asked)
        unknown = await t.error("webhooks_delete", {"webhook_id": QUEUE_MAIN})
        assert "is not one of your webhooks: nothing was asked or sent. Call webhooks_list" in unknown
        assert len(no.asked) == asked
    assert [q.split(" (this")[0] for q in no.asked] == [
        f"Delete queue 'Weekday mornings' ({QUEUE_MAIN}, Mon 09:00, Tue 09:00, Wed 09:00, Thu 09:00 and 3 more "
        "America/New_York)",
        f"Delete webhook 'Ops' ({hook}, to https://example.com/hook)",
        f"Delete account group 'Brand' ({group['group']['id']}, 1 account(s))",
        f"Revoke the invite to connect twitter ({invite}, profile 'Acme Studio')",
    ]
    assert await sandbox.hits(deletes) == 0


async def test_a_change_says_what_it_changes_and_of_which_queue(sandbox: Sandbox) -> None:
    """Pausing the default queue (no queue_id) is asked as that, not as replacing the slots of "a new one"."""
    yes = Person("accept")
    async with client(make_server(sandbox.app, toolsets=("all",), confirm="all"), yes) as t:
        await t.ok("queue_update", {"profile_id": PROFILE_MAIN, "active": "false"})
        await t.ok("webhooks_save", {"url": "https://example.com/hook", "secret": "s3cret", "events": ["post.failed"]})
    assert yes.asked[0].startswith(f"Change queue 'Weekday mornings' ({QUEUE_MAIN}, Mon 09:00")
    assert yes.asked[0].endswith("setting active=false:\nConfirm to go ahead.")
    assert yes.asked[1] == (
        "Create a webhook, setting url='https://example.com/hook'; events=post.failed; a new signing secret:\n"
        "Confirm to go ahead."
    )


async def test_a_teammates_invite_link_is_asked_about_and_a_no_makes_none(sandbox: Sandbox) -> None:
    """A member invite lets whoever opens it into every profile it names, and the API has no way to take it back:
    the person is asked, told what it reaches; a link to connect one account is asked only under LATE_CONFIRM=all."""
    invites = await sandbox.watch("/api/v1/invite/tokens", method="POST")
    no = Person("decline")
    async with client(make_server(sandbox.app, toolsets=("core", "team")), no) as t:
        await t.error("team_invite", {})
        await t.error("team_invite", {"kind": "member", "profile_ids": f'"{PROFILE_PERSONAL}"'})
        await t.ok("team_invite", {"kind": "platform", "platform": "X"})
    assert [q.split(" (it works once")[0] for q in no.asked] == [
        "Create a link with which whoever opens it joins this Late account as a teammate, with access to every profile",
        "Create a link with which whoever opens it joins this Late account as a teammate, with access to "
        "'Jane Doe (personal)'",
    ]
    assert await sandbox.hits(invites) == 0
    yes = Person("accept")
    async with client(make_server(sandbox.app, toolsets=("core", "team"), confirm="all"), yes) as t:
        await t.ok("team_invite", {"kind": "platform", "platform": "X", "profile_id": PROFILE_PERSONAL})
    assert yes.asked == [
        "Create a link with which someone connects their twitter account to profile 'Jane Doe (personal)':\n"
        "Confirm to go ahead."
    ]
