"""The `accounts` toolset through an MCP client against the sandbox: rename, disconnect, where an account posts
(choices and select for LinkedIn, Pinterest, Facebook, Reddit), LinkedIn mentions, Google reviews, groups.

(`test_accounts.py` covers the documented accounts_list / accounts_get.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import ACCOUNT_IDS, FACEBOOK_PAGES

from ..conftest import Sandbox, annotations_of, tools
from ._toolsets import serving
from .conftest import Router, make_server


@pytest.fixture
def server(router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    with serving(router, app) as full:
        yield full


async def _add(sandbox: Sandbox, platform: str, username: str) -> str:
    added = await sandbox.control("accounts", {"platform": platform, "username": username})
    return str(added["account"]["_id"])


async def test_rename_and_disconnect(app: Starlette, sandbox: Sandbox) -> None:
    account_id = ACCOUNT_IDS["threads"]
    # Disconnecting is asked about (tests/safety covers the question); this test is about what the tools do.
    async with tools(make_server(app, confirm="off", toolsets=("core", "accounts"))) as t:
        renamed = await t.ok("accounts_update", {"account_id": account_id, "display_name": "Acme on Threads"})
        assert "Acme on Threads" in renamed["summary"]
        stored = sandbox.store.get("accounts", account_id)
        assert stored is not None
        assert stored["displayName"] == "Acme on Threads"

        gone = await t.ok("accounts_disconnect", {"account_id": account_id})
        assert gone["summary"] == "Disconnected threads @acme.studio."
        assert sandbox.store.get("accounts", account_id) is None
        events = await sandbox.api("GET", "connections/logs", params={"eventType": "disconnect"})
        assert [e["accountId"] for e in events.json()["logs"]] == [account_id]

        again = await t.error("accounts_disconnect", {"account_id": account_id})
        assert "not one of your connected accounts" in again
        assert annotations_of(t, "accounts_disconnect")["destructive_hint"] is True
        assert "Nothing to update" in await t.error("accounts_update", {"account_id": account_id})


async def test_linkedin_organization_then_personal(server: MCPServer[Any], sandbox: Sandbox) -> None:
    account_id = ACCOUNT_IDS["linkedin"]
    async with tools(server) as t:
        listed = await t.ok("accounts_choices", {"account_id": account_id})
        assert listed["kind"] == "organizations"
        assert [c["id"] for c in listed["choices"]] == ["90312345", "90398765"]
        assert "personal=true" in listed["next_step"]

        org = await t.ok("accounts_select", {"account_id": account_id, "choice_id": "90398765"})
        assert "Acme Labs" in org["summary"]
        stored = sandbox.store.get("accounts", account_id)
        assert stored is not None
        assert stored["accountType"] == "organization"
        assert stored["selectedOrganization"]["id"] == "90398765"

        person = await t.ok("accounts_select", {"account_id": account_id, "personal": True})
        assert "personal profile" in person["summary"]
        stored = sandbox.store.get("accounts", account_id)
        assert stored is not None
        assert stored["accountType"] == "personal"

        wrong = await t.error("accounts_select", {"account_id": account_id, "choice_id": "123"})
        assert "not one of this account's choices" in wrong
        assert "90312345" in wrong


async def test_pinterest_board_facebook_page_and_subreddit(server: MCPServer[Any], sandbox: Sandbox) -> None:
    reddit = await _add(sandbox, "reddit", "acme_team")
    async with tools(server) as t:
        boards = await t.ok("accounts_choices", {"account_id": ACCOUNT_IDS["pinterest"]})
        assert boards["kind"] == "boards"
        assert len(boards["choices"]) == 3
        await t.ok("accounts_select", {"account_id": ACCOUNT_IDS["pinterest"], "choice_id": "board-acme-launches"})
        pin = sandbox.store.get("accounts", ACCOUNT_IDS["pinterest"])
        assert pin is not None
        assert pin["defaultBoardName"] == "Product launches"

        page = FACEBOOK_PAGES[1]["id"]
        pages = await t.ok("accounts_choices", {"account_id": ACCOUNT_IDS["facebook"]})
        assert pages["kind"] == "pages"
        assert [c["id"] for c in pages["choices"]] == [p["id"] for p in FACEBOOK_PAGES]
        assert "pageId" in pages["next_step"]
        assert "access_token" not in str(pages)
        chosen = await t.ok("accounts_select", {"account_id": ACCOUNT_IDS["facebook"], "choice_id": page})
        assert chosen["summary"].endswith(f"now posts to Acme Studio Events ({page}).")  # not only the id
        fb = sandbox.store.get("accounts", ACCOUNT_IDS["facebook"])
        assert fb is not None
        assert fb["selectedPageId"] == page
        bad = await t.error("accounts_select", {"account_id": ACCOUNT_IDS["facebook"], "choice_id": "999"})
        assert "Page not in available pages" in bad
        # the page by its name, as accounts_choices shows it (as boards and locations are picked)
        first = FACEBOOK_PAGES[0]
        named = await t.ok("accounts_select", {"account_id": ACCOUNT_IDS["facebook"], "choice_id": first["name"]})
        assert named["summary"].endswith(f"now posts to {first['name']} ({first['id']}).")
        assert (sandbox.store.get("accounts", ACCOUNT_IDS["facebook"]) or {})["selectedPageId"] == first["id"]
        # only LinkedIn's personal=true needs no choice (an empty one without it: the test below)
        personal = await t.error("accounts_select", {"account_id": ACCOUNT_IDS["facebook"], "personal": True})
        assert personal.endswith(
            ": personal=true is LinkedIn's (post as the person); a facebook account needs choice_id: call "
            "accounts_choices for the choices."
        )

        subs = await t.ok("accounts_choices", {"account_id": reddit})
        assert subs["kind"] == "subreddits"
        assert subs["choices"][0]["id"] == "test"
        assert "subscribers" in subs["choices"][0]["detail"]
        await t.ok("accounts_select", {"account_id": reddit, "choice_id": "r/test"})
        stored = sandbox.store.get("accounts", reddit)
        assert stored is not None
        assert stored["defaultSubreddit"] == "test"

        gbp = await _add(sandbox, "googlebusiness", "acme-berlin")
        locations = await t.ok("accounts_choices", {"account_id": gbp})
        assert locations["kind"] == "locations"
        assert len(locations["choices"]) == 2
        assert "Main Street" in locations["choices"][0]["detail"]
        assert "locationId" in locations["next_step"]
        # PUT /v1/accounts/{id}/gmb-locations: the connection's default location
        second = locations["choices"][1]["id"]
        await t.ok("accounts_select", {"account_id": gbp, "choice_id": second})
        located = sandbox.store.get("accounts", gbp)
        assert located is not None
        assert located["selectedLocationId"] == second

        # TikTok: the privacy levels the creator offers (creator-info), public only for videos
        levels = await t.ok("accounts_choices", {"account_id": ACCOUNT_IDS["tiktok"]})
        assert levels["kind"] == "privacy levels"
        offered = {c["id"]: c["detail"] for c in levels["choices"]}
        assert offered == {
            "PUBLIC_TO_EVERYONE": "videos and photos",
            "MUTUAL_FOLLOW_FRIENDS": "photos only",
            "SELF_ONLY": "photos only",
        }
        per_post = await t.error("accounts_select", {"account_id": ACCOUNT_IDS["tiktok"], "choice_id": "SELF_ONLY"})
        assert "privacyLevel" in per_post

        nothing = await t.error("accounts_choices", {"account_id": ACCOUNT_IDS["twitter"]})
        assert "nothing to choose" in nothing


async def test_an_empty_choice_without_personal_is_refused_before_any_request(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """Bad input is a clear error before any HTTP call: with personal=false an empty choice_id is refused on every
    platform, so it needs no read of the account (test_pinterest_board_facebook_page_and_subreddit says "refused
    before any request" but counts none)."""
    every = await sandbox.watch("/api/*")
    async with tools(server) as t:
        refused = await t.error("accounts_select", {"account_id": ACCOUNT_IDS["facebook"], "choice_id": "  "})
    assert refused.endswith(": choice_id is empty: call accounts_choices for the choices.")
    assert await sandbox.hits(every) == 0


async def test_linkedin_mentions(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        company = await t.ok(
            "accounts_linkedin_mention",
            {"account_id": ACCOUNT_IDS["linkedin"], "url": "https://www.linkedin.com/company/microsoft"},
        )
        assert company["type"] == "organization"
        assert company["mention"] == f"@[Microsoft]({company['urn']})"
        person = await t.ok(
            "accounts_linkedin_mention", {"account_id": ACCOUNT_IDS["linkedin"], "url": "linkedin.com/in/ada-l"}
        )
        assert person["urn"].startswith("urn:li:person:")
        assert "displayName" in person["warning"]
        # a personal account with no organization cannot resolve people (documented requirement)
        refused = await t.error(
            "accounts_linkedin_mention", {"account_id": ACCOUNT_IDS["linkedin_personal"], "url": "ada-l"}
        )
        assert "organization" in refused
        calls = await sandbox.watch()
        wrong = await t.error("accounts_linkedin_mention", {"account_id": ACCOUNT_IDS["twitter"], "url": "ada-l"})
        assert "is twitter @acmestudio, not LinkedIn. LinkedIn accounts: " in wrong
        assert ACCOUNT_IDS["linkedin_personal"] in wrong
        assert "Details" not in wrong  # not the API's 400 and its raw field names
        assert await sandbox.hits(calls) == 1


async def test_google_reviews_page_by_page(server: MCPServer[Any], sandbox: Sandbox) -> None:
    gbp = await _add(sandbox, "googlebusiness", "acme-studio-berlin")
    async with tools(server) as t:
        first = await t.ok("accounts_google_reviews", {"account_id": gbp, "limit": 5})
        assert len(first["reviews"]) == 5
        assert first["total"] == 7
        assert 1 <= first["average_rating"] <= 5
        assert all(r["reviewer"] and r["comment"] and r["at"] for r in first["reviews"])
        assert any(r["reply"] for r in first["reviews"])
        rest = await t.ok(
            "accounts_google_reviews", {"account_id": gbp, "limit": 5, "page_token": first["next_page_token"]}
        )
        assert len(rest["reviews"]) == 2
        assert rest.get("next_page_token") is None
        # another platform's account: refused before the API is asked, with the accounts that fit
        calls = await sandbox.watch()
        wrong = await t.error("accounts_google_reviews", {"account_id": ACCOUNT_IDS["twitter"]})
        assert wrong.endswith(
            f"is twitter @acmestudio, not Google Business. Google Business accounts: {gbp} (@acme-studio-berlin)."
        )
        assert await sandbox.hits(calls) == 1  # the accounts, read to check


async def test_groups_lifecycle(server: MCPServer[Any], sandbox: Sandbox) -> None:
    ids = [ACCOUNT_IDS["twitter"], ACCOUNT_IDS["linkedin"]]
    async with tools(server) as t:
        created = await t.ok("account_groups_save", {"name": "Brand", "account_ids": ",".join(ids)})
        group = created["group"]
        assert created["created"] is True
        assert group["account_ids"] == ids
        dup = await t.error("account_groups_save", {"name": "brand", "account_ids": ids[:1]})
        assert "409" in dup
        assert "already exists" in dup

        updated = await t.ok("account_groups_save", {"group_id": group["id"], "account_ids": [ids[0]]})
        assert updated["created"] is False
        assert updated["group"]["account_ids"] == [ids[0]]
        listed = await t.ok("account_groups_list")
        assert listed["count"] == 1
        assert listed["groups"][0]["name"] == "Brand"

        await t.ok("account_groups_delete", {"group_id": group["id"]})
        assert sandbox.store.all("account_groups") == []
        assert "needs name and account_ids" in await t.error("account_groups_save", {"name": "Empty"})
        # an id that is no connected account's: refused by id before anything is written, not as the API's 400
        writes = await sandbox.watch(method="POST")
        unknown = await t.error("account_groups_save", {"name": "Typo", "account_ids": [ids[0], "nope"]})
        assert "account_ids nope is not one of your connected accounts. Call accounts_list to get ids." in unknown
        assert await sandbox.hits(writes) == 0


async def test_reddit_blocked_for_third_party_apps_is_said_plainly_and_not_retried(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """Today's API answers the Reddit account endpoints 503 PLATFORM_DISABLED (Reddit blocked third-party apps)."""
    reddit = await _add(sandbox, "reddit", "acme_team")
    rule = await sandbox.fault(path="/api/v1/accounts/*/reddit-subreddits", status=503, code="PLATFORM_DISABLED")
    async with tools(server) as t:
        listed = await t.error("accounts_choices", {"account_id": reddit})
        chosen = await t.error("accounts_select", {"account_id": reddit, "choice_id": "r/test"})
    assert await sandbox.hits(rule) == 2  # one each: a 503 that says so is not sent again
    for text in (listed, chosen):
        assert "Reddit has blocked third-party apps" in text
        assert "trying again will not help" in text


async def test_a_facebook_page_whose_name_cannot_be_read_is_named_by_its_id(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """The page is set; reading the pages for its name fails: the change is still reported, with the id."""
    page = FACEBOOK_PAGES[1]["id"]
    await sandbox.fault(path="/api/v1/accounts/*/facebook-page", method="GET", status=404)
    async with tools(server) as t:
        chosen = await t.ok("accounts_select", {"account_id": ACCOUNT_IDS["facebook"], "choice_id": page})
    assert chosen["summary"].endswith(f"now posts to {page}.")
    stored = sandbox.store.get("accounts", ACCOUNT_IDS["facebook"])
    assert stored is not None
    assert stored["selectedPageId"] == page


async def test_a_linkedin_choice_with_personal_true_is_not_dropped(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """choice_id (an organization) and personal=true contradict each other: the account was switched to the
    personal profile and the organization silently ignored."""
    async with tools(server) as t:
        text = await t.error(
            "accounts_select", {"account_id": ACCOUNT_IDS["linkedin"], "choice_id": "90312345", "personal": True}
        )
    assert "choice_id" in text
    assert "personal" in text


@pytest.mark.parametrize(
    ("settings", "said", "not_said"),
    [
        ({}, "or with a link from connect_start,", "toolsets tool"),  # every toolset: connect_start is offered
        ({"toolsets": ("core", "accounts")}, "the connect toolset (the toolsets tool turns it on)", "connect_start"),
        ({"toolsets": ("core", "accounts"), "dynamic_toolsets": False}, "Late dashboard,", "connect"),
        ({"read_only": True}, "Late dashboard,", "connect"),  # connect tools write: read-only mode hides them
        ({"exclude_tools": ("connect_start",)}, "Late dashboard,", "connect"),
    ],
)
async def test_a_missing_permission_names_only_a_reconnect_this_server_offers(
    router: Router, app: Starlette, sandbox: Sandbox, settings: dict[str, Any], said: str, not_said: str
) -> None:
    """The reconnect advice names a connect link only where the connect tools exist or the toolsets tool can add
    them; otherwise the Late dashboard alone."""
    await sandbox.fault(path="/api/v1/accounts/*/facebook-page", status=403, code="missing_scope")
    with serving(router, app, **settings) as server:
        async with tools(server) as t:
            text = await t.error("accounts_choices", {"account_id": ACCOUNT_IDS["facebook"]})
    assert "reconnect it in the Late dashboard" in text
    assert said in text
    assert not_said not in text.split("reconnect it", 1)[1]
