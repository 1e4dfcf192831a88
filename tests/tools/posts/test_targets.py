"""posts_create: which account a post goes to, never a guess; disconnected accounts refused before sending."""

from __future__ import annotations

from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN

from ...conftest import Sandbox, tools
from ._seeded import UNKNOWN_ID, account_of

# --- posts_create: which account ----------------------------------------------------------------------------


async def test_create_on_twitter_without_account_id_lists_both_and_creates_nothing(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    posts = await sandbox.watch("/api/v1/posts", "POST")
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": "Which one?", "platform": "twitter"})
    assert ACCOUNT_IDS["twitter"] in text
    assert ACCOUNT_IDS["twitter_personal"] in text
    assert "@acmestudio" in text
    assert "@janedoe_dev" in text
    assert "account_id" in text
    assert "Ask the user" in text
    assert await sandbox.hits(posts) == 0
    assert sandbox.posts_count() == before


@pytest.mark.parametrize("key", ["twitter", "twitter_personal"])
async def test_create_on_twitter_with_account_id(server: MCPServer[Any], sandbox: Sandbox, key: str) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": f"From {key}", "platform": "x", "account_id": ACCOUNT_IDS[key]})
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert [(e["platform"], account_of(e)) for e in stored["platforms"]] == [("twitter", ACCOUNT_IDS[key])]
    assert out["platforms"][0]["account_id"] == ACCOUNT_IDS[key]


async def test_create_with_profile_id_picks_that_profiles_account(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_create", {"content": "Brand voice", "platform": "linkedin", "profile_id": PROFILE_MAIN})
    stored = await sandbox.post(out["post_id"])
    assert stored is not None
    assert account_of(stored["platforms"][0]) == ACCOUNT_IDS["linkedin"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({"platform": "threads", "account_id": ACCOUNT_IDS["linkedin"]}, ["linkedin account", "threads"]),
        ({"platform": "twitter", "account_id": ACCOUNT_IDS["linkedin"]}, ["linkedin account", "twitter"]),
        ({"platform": "threads", "account_id": UNKNOWN_ID}, [UNKNOWN_ID, "accounts_list"]),
        ({"platform": "reddit"}, ["No reddit account", "getlate.dev"]),
    ],
)
async def test_create_with_a_wrong_account_creates_nothing(
    server: MCPServer[Any], sandbox: Sandbox, args: dict[str, Any], words: list[str]
) -> None:
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": "Mismatch", **args})
    for word in words:
        assert word in text, text
    assert sandbox.posts_count() == before


async def test_create_on_a_disconnected_account_is_refused_before_sending(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    await sandbox.control(f"accounts/{ACCOUNT_IDS['threads']}", {"isActive": False})
    posts = await sandbox.watch("/api/v1/posts", "POST")
    before = sandbox.posts_count()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": "Hello?", "platform": "threads", "publish_now": True})
    assert ACCOUNT_IDS["threads"] in text
    assert "reconnect" in text.lower()
    assert await sandbox.hits(posts) == 0
    assert sandbox.posts_count() == before


async def test_publish_now_to_an_account_that_needs_reconnection_is_refused_before_sending(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    before = sandbox.post_ids()
    async with tools(server) as t:
        text = await t.error("posts_create", {"content": "Open day!", "platform": "facebook", "publish_now": True})
    assert "reconnect" in text.lower()
    assert sandbox.new_posts(before) == []


async def test_publish_now_to_an_account_that_needs_reconnection_reports_why(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """Whatever else happens, the model must read the reason and nothing must say it was published."""
    before = sandbox.post_ids()
    async with tools(server) as t:
        text = await t.error("posts_publish_now", {"content": "Open day!", "platform": "fb"})
    assert "facebook" in text.lower()
    assert "Reconnect" in text
    assert all(p["status"] != "published" for p in sandbox.new_posts(before))
