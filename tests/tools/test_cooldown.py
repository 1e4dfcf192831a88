"""An account in its publishing cooldown (SocialAccount.rateLimitedUntil), through the MCP client and the sandbox:
posts to it are refused once with 429 (never sent again by the backoff) and the error names the account and the
end in the user's zone (Berlin); accounts_list, accounts_get, accounts_health, posts_validate and bulk results show
it; drafts still go through; a cooldown that has ended is no warning."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN

from ..conftest import BERLIN, Sandbox, tools
from ._toolsets import serving
from .conftest import Router
from .posts._seeded import FAILED_RATELIMIT

TWITTER = ACCOUNT_IDS["twitter"]


@pytest.fixture
def server(router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    """Every toolset (posts_bulk_upload is in queue)."""
    with serving(router, app) as full:
        yield full


async def cool(sandbox: Sandbox, minutes: float) -> datetime:
    """Start (or, with minutes < 0, end) the seeded X account's cooldown; when it ends."""
    until = sandbox.store.now().replace(microsecond=0) + timedelta(minutes=minutes)
    await sandbox.control(f"accounts/{TWITTER}", {"rateLimitedUntil": until.isoformat()})
    return until


def berlin(until: datetime) -> str:
    return until.astimezone(BERLIN).isoformat(timespec="minutes")


async def test_a_create_for_an_account_in_cooldown_is_refused_once_and_says_until_when(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    until = await cool(sandbox, 40)
    watch = await sandbox.watch("/api/v1/posts", "POST")
    before = sandbox.post_ids()
    async with tools(server) as t:
        text = await t.error(
            "posts_create", {"content": "in the cooldown", "platform": "twitter", "account_id": TWITTER}
        )
    assert await sandbox.hits(watch) == 1  # not retried: the same request would be refused again
    assert sandbox.post_ids() == before
    assert "Not created" in text
    assert "twitter @acmestudio" in text
    assert f"{berlin(until)} (Europe/Berlin)" in text
    assert "draft" in text
    assert "x-request-id" in text


async def test_a_draft_for_an_account_in_cooldown_is_accepted(server: MCPServer[Any], sandbox: Sandbox) -> None:
    await cool(sandbox, 40)
    async with tools(server) as t:
        out = await t.ok(
            "posts_create", {"content": "later", "platform": "twitter", "account_id": TWITTER, "is_draft": True}
        )
    assert out["status"] == "draft"


async def test_a_retry_for_an_account_in_cooldown_is_refused_once_and_says_until_when(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    until = await cool(sandbox, 15)
    watch = await sandbox.watch("/api/v1/posts/*/retry", "POST")
    async with tools(server) as t:
        text = await t.error("posts_retry", {"post_id": FAILED_RATELIMIT})
    assert await sandbox.hits(watch) == 1
    assert "Not retried" in text
    assert f"twitter @acmestudio until {berlin(until)}" in text
    stored = await sandbox.post(FAILED_RATELIMIT)
    assert stored is not None
    assert stored["status"] == "failed"


async def test_accounts_health_and_validation_warn_of_a_cooldown(server: MCPServer[Any], sandbox: Sandbox) -> None:
    until = await cool(sandbox, 40)
    async with tools(server) as t:
        listed = await t.ok("accounts_list")
        got = await t.ok("accounts_get", {"platform": "twitter"})
        health = await t.ok("accounts_health")
        checked = await t.ok("posts_validate", {"content": "soon", "platforms": "twitter", "account_ids": TWITTER})
    [x] = [a for a in listed["accounts"] if a["id"] == TWITTER]
    assert datetime.fromisoformat(x["cooling_down_until"]) == until
    assert x["cooling_down_until"].endswith("+01:00") or x["cooling_down_until"].endswith("+02:00")  # Berlin
    assert [a for a in listed["accounts"] if a.get("cooling_down_until")] == [x]
    assert "publishing cooldown" in listed["note"]
    assert got["accounts"][0]["cooling_down_until"] == x["cooling_down_until"]
    assert health["cooling_down"] == [f"twitter @acmestudio until {berlin(until)} (Europe/Berlin)"]
    assert "twitter @acmestudio" in checked["warning"]


async def test_a_cooldown_that_has_ended_is_no_warning_and_no_refusal(server: MCPServer[Any], sandbox: Sandbox) -> None:
    await cool(sandbox, -5)
    async with tools(server) as t:
        listed = await t.ok("accounts_list")
        health = await t.ok("accounts_health")
        out = await t.ok("posts_create", {"content": "after it", "platform": "twitter", "account_id": TWITTER})
    assert not any(a.get("cooling_down_until") for a in listed["accounts"])
    assert "cooldown" not in (listed.get("note") or "")
    assert "cooling_down" not in health
    assert out["status"] == "scheduled"


async def test_bulk_rows_for_an_account_in_cooldown_show_it(server: MCPServer[Any], sandbox: Sandbox) -> None:
    until = await cool(sandbox, 40)
    csv = (
        "platforms,profiles,schedule_time,tz,post_content\n"
        f"twitter,{PROFILE_MAIN},2030-01-05 09:00,Europe/Berlin,Bulk to X\n"
        f"bluesky,{PROFILE_MAIN},2030-01-05 09:00,Europe/Berlin,Bulk to Bluesky\n"
    )
    async with tools(server) as t:
        dry = await t.ok("posts_bulk_upload", {"csv": csv})
    assert (dry["valid"], dry["invalid"]) == (1, 1)
    [problem] = dry["problems"]
    assert problem["row"] == 1
    assert problem["errors"][0].startswith("rate_limited:twitter:@acmestudio:")
    assert dry["rate_limited"] == [f"twitter @acmestudio until {berlin(until)} (Europe/Berlin)"]
    assert "publishing cooldown" in dry["summary"]
