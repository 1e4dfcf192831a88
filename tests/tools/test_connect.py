"""The connect toolset through an MCP client against the sandbox: the OAuth link, the headless steps for all
five platforms that have one, completing OAuth by hand, Bluesky, Telegram; plus the redirect-URL reader."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlparse

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.errors import InputError
from late_mcp.sandbox.seed import PROFILE_MAIN, PROFILE_PERSONAL
from late_mcp.tools.connect import read_callback

from ..conftest import Sandbox, Tools, annotations_of, tools
from ._toolsets import serving
from .conftest import Router

CALLBACK = "https://app.example.com/late/callback"


@pytest.fixture
def server(router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    with serving(router, app) as full:
        yield full


def accounts_on(sandbox: Sandbox, platform: str) -> list[dict[str, Any]]:
    return [a for a in sandbox.store.all("accounts") if a["platform"] == platform]


async def authorize(sandbox: Sandbox, url: str) -> str:
    """Play the user opening the link and approving access; the URL the browser ends on."""
    parsed = urlparse(url)
    response = await sandbox.raw("GET", f"{parsed.path}?{parsed.query}")
    assert response.status_code == 302, response.text
    return str(response.headers["location"])


def test_read_callback() -> None:
    url = (
        CALLBACK
        + "?"
        + urlencode(
            {
                "profileId": "p1",
                "tempToken": "tmp",
                "userProfile": json.dumps({"id": "u", "username": "jane"}),
                "connect_token": "ct",
                "platform": "linkedin",
                "step": "select_organization",
                "organizations": json.dumps([{"id": "1", "urn": "urn:li:organization:1", "name": "Org"}]),
            }
        )
    )
    cb = read_callback(url)
    assert (cb.platform, cb.profile_id, cb.temp_token, cb.connect_token) == ("linkedin", "p1", "tmp", "ct")
    assert cb.user_profile == {"id": "u", "username": "jane"}
    assert cb.organizations[0]["name"] == "Org"
    with pytest.raises(InputError, match="no headless connection data") as refused:
        read_callback("https://app.example.com/late/callback?connected=twitter")
    assert not re.findall(r"\b[a-z]+(?:[A-Z][a-z]+)+\b", str(refused.value))  # not the API's query names
    # the pendingDataToken flow (LinkedIn, Google Business, Snapchat, Pinterest): the rest comes from pending-data
    pending = read_callback(CALLBACK + "?pendingDataToken=abc&platform=linkedin&step=select_organization")
    assert (pending.platform, pending.pending_token, pending.temp_token, pending.profile_id) == (
        "linkedin",
        "abc",
        "",
        "",
    )
    with pytest.raises(InputError, match="lacks the token Late adds for it: start the connection again") as refused:
        read_callback(CALLBACK + "?tempToken=t&profileId=p&platform=googlebusiness")
    assert not re.findall(r"\b[a-z]+(?:[A-Z][a-z]+)+\b", str(refused.value))
    # Facebook's userProfile "is encoded twice on the wire"
    twice = urlencode(
        {"tempToken": "t", "profileId": "p", "step": "select_page", "userProfile": quote(json.dumps({"id": "u"}))}
    )
    assert read_callback(f"{CALLBACK}?{twice}").user_profile == {"id": "u"}


async def test_link_connects_an_account_when_the_user_approves(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        link = await t.ok("connect_start", {"platform": "tiktok", "profile_id": PROFILE_PERSONAL})
        assert link["url"]
        assert "accounts_list" in link["next_step"]
        assert annotations_of(t, "connect_start")["read_only_hint"] is False
        before = len(accounts_on(sandbox, "tiktok"))
        page = await sandbox.raw("GET", urlparse(link["url"]).path + "?" + urlparse(link["url"]).query)
        assert page.status_code == 200
        assert "Connected" in page.text
        [new] = [a for a in accounts_on(sandbox, "tiktok") if a["profileId"] == PROFILE_PERSONAL]
        assert len(accounts_on(sandbox, "tiktok")) == before + 1
        listed = await t.ok("accounts_list")
        assert new["_id"] in {a["id"] for a in listed["accounts"]}


async def _headless(t: Tools, sandbox: Sandbox, platform: str) -> str:
    link = await t.ok(
        "connect_start", {"platform": platform, "profile_id": PROFILE_MAIN, "headless": True, "redirect_url": CALLBACK}
    )
    assert "connect_options" in link["next_step"]
    landed = await authorize(sandbox, link["url"])
    assert landed.startswith(CALLBACK + "?")
    return landed


@pytest.mark.parametrize("platform", ["facebook", "googlebusiness", "pinterest", "snapchat", "linkedin"])
async def test_headless_selection(server: MCPServer[Any], sandbox: Sandbox, platform: str) -> None:
    async with tools(server) as t:
        landed = await _headless(t, sandbox, platform)
        options = await t.ok("connect_options", {"callback_url": landed})
        assert options["platform"] == platform
        assert options["profile_id"] == PROFILE_MAIN
        assert len(options["options"]) >= 1
        assert "access_token" not in json.dumps(options)
        pick = options["options"][-1]
        before = {a["_id"] for a in accounts_on(sandbox, platform)}
        done = await t.ok("connect_select", {"callback_url": landed, "selection_id": pick["id"]})
        assert done["status"] == "connected"
        assert done["platform"] == platform
        [account] = [a for a in accounts_on(sandbox, platform) if a["_id"] not in before]
        assert account["profileId"] == PROFILE_MAIN
        chosen = json.dumps(account)
        assert pick["id"] in chosen  # the selected page / location / board / profile / organization is saved
        again = await t.error("connect_select", {"callback_url": landed, "selection_id": pick["id"]})
        # completing the selection deletes the pending record; a tempToken is single-use: either way the connection
        # is to start again (not the API key to check, as the API's 401 alone would say)
        assert "This connection's data is gone" in again
        assert again.endswith("Start again with connect_start, headless=true.")
        assert "API key" not in again


async def test_redirects_carry_the_current_flow(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        facebook = parse_qs(urlparse(await _headless(t, sandbox, "facebook")).query)
        linkedin = parse_qs(urlparse(await _headless(t, sandbox, "linkedin")).query)
        gbp = await _headless(t, sandbox, "googlebusiness")
        personal = await t.error("connect_select", {"callback_url": gbp, "personal": True})
        assert "personal=true is LinkedIn's" in personal
        assert "a googlebusiness account needs selection_id: call connect_options" in personal
        # twice-encoded on the wire: still percent-encoded after one decoding
        assert facebook["userProfile"][0].startswith("%7B")
        assert "tempToken" not in linkedin
        assert "organizations" not in linkedin
        token = linkedin["pendingDataToken"][0]
        first = await sandbox.api("GET", f"connect/pending-data?token={token}")
        second = await sandbox.api("GET", f"connect/pending-data?token={token}")
        assert first.status_code == second.status_code == 200  # repeatable until completed
        assert first.json()["organizations"]
        options = await t.ok("connect_options", {"callback_url": gbp})
        # select-location requires the pendingDataToken (the sandbox refuses it without one, as the API does)
        done = await t.ok("connect_select", {"callback_url": gbp, "selection_id": options["options"][0]["id"]})
    assert done["status"] == "connected"
    assert "pendingDataToken" in parse_qs(urlparse(gbp).query)


async def test_linkedin_headless_as_a_person(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        landed = await _headless(t, sandbox, "linkedin")
        assert "selection_id is empty" in await t.error("connect_select", {"callback_url": landed})
        done = await t.ok("connect_select", {"callback_url": landed, "personal": True})
    account = next(a for a in accounts_on(sandbox, "linkedin") if a["_id"] == done["account_id"])
    assert account["accountType"] == "personal"


async def test_complete_oauth_by_hand(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        link = await t.ok("connect_start", {"platform": "youtube"})
        state = dict(p.split("=") for p in urlparse(link["url"]).query.split("&"))["state"]
        done = await t.ok("connect_complete", {"platform": "youtube", "code": "4/0Aabc", "oauth_state": state})
        assert done["status"] == "connected"
        assert done["username"].startswith("demo_youtube")
        replay = await t.error("connect_complete", {"platform": "youtube", "code": "4/0Aabc", "oauth_state": state})
        assert "Invalid or expired state" in replay
        for platform in ("facebook", "googlebusiness", "snapchat"):
            refused = await t.error("connect_complete", {"platform": platform, "code": "c", "oauth_state": "s"})
            assert "cannot be completed by hand" in refused


async def test_bluesky_app_password(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        wrong = await t.error("connect_bluesky", {"identifier": "studio.bsky.social", "app_password": "hunter2"})
        assert "app password" in wrong
        done = await t.ok(
            "connect_bluesky",
            {
                "identifier": "@studio.bsky.social",
                "app_password": "abcd-efgh-ijkl-mnop",
                "profile_id": PROFILE_PERSONAL,
            },
        )
        assert "abcd-efgh" not in json.dumps(done)  # the app password is never echoed
    account = next(a for a in accounts_on(sandbox, "bluesky") if a["username"] == "studio.bsky.social")
    assert account["profileId"] == PROFILE_PERSONAL


async def test_telegram_code_then_connected(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        code = await t.ok("connect_start", {"platform": "telegram"})
        assert code["code"].startswith("LATE-")
        assert code.get("url") is None
        assert "connect_telegram" in code["next_step"]
        assert "@LateScheduleBot" in code["next_step"]
        waiting = await t.ok("connect_telegram", {"code": code["code"]})
        assert waiting["status"] == "pending"
        await sandbox.control("connect/telegram", {"code": code["code"], "chat": "@acme_news"})
        done = await t.ok("connect_telegram", {"code": code["code"]})
        assert done["status"] == "connected"
        assert done["username"] == "acme_news"

        direct = await t.ok("connect_telegram", {"chat_id": "-1001234567890"})
        assert direct["status"] == "connected"
        assert "Give code" in await t.error("connect_telegram")
        await sandbox.advance(16 * 60)
        late = await t.ok("connect_start", {"platform": "telegram"})
        await sandbox.advance(16 * 60)
        expired = await t.ok("connect_telegram", {"code": late["code"]})
        assert expired["status"] == "expired"
        assert "connect_start" in expired["summary"]


async def test_platform_mistakes(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        assert "connect_bluesky" in await t.error("connect_start", {"platform": "bluesky"})
        assert "Unknown platform" in await t.error("connect_start", {"platform": "myspace"})


@pytest.mark.parametrize("platform", ["facebook", "linkedin", "googlebusiness"])
async def test_a_landing_url_copied_with_quotes_is_the_url(
    server: MCPServer[Any], sandbox: Sandbox, platform: str
) -> None:
    """A quote left on would end the last parameter (a token, or Facebook's userProfile): read as "data gone", bad
    JSON, or the API key refused. With quotes or angle brackets around it, it is the same URL."""
    async with tools(server) as t:
        landed = await _headless(t, sandbox, platform)
        plain = await t.ok("connect_options", {"callback_url": landed})
        for copied in (f"'{landed}'", f'"{landed}"', f"<{landed}>"):
            assert await t.ok("connect_options", {"callback_url": copied}) == plain
        pick = plain["options"][0]["id"]
        done = await t.ok("connect_select", {"callback_url": f"'{landed}'", "selection_id": f"'{pick}'"})
    assert done["status"] == "connected"


async def test_a_page_that_is_not_a_choice_is_refused_with_the_choices(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    async with tools(server) as t:
        landed = await _headless(t, sandbox, "facebook")
        refused = await t.error("connect_select", {"callback_url": landed, "selection_id": "123"})
    assert "'123' is not one of the choices (" in refused
    assert "pageId" not in refused
