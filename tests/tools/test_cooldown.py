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


async def test_a_create_for_an_account_in_cooldown_is_refused_unsent_and_says_until_when(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    until = await cool(sandbox, 40)
    watch = await sandbox.watch("/api/v1/posts", "POST")
    before = sandbox.post_ids()
    async with tools(server) as t:
        text = await t.error(
            "posts_create", {"content": "in the cooldown", "platform": "twitter", "account_id": TWITTER}
        )
    assert await sandbox.hits(watch) == 0  # the accounts list shows the cooldown: the API would refuse it
    assert sandbox.post_ids() == before
    assert "Not created: nothing was sent" in text
    assert "twitter @acmestudio" in text
    assert f"{berlin(until)} (Europe/Berlin)" in text
    assert "draft" in text


async def test_a_draft_for_an_account_in_cooldown_is_accepted(server: MCPServer[Any], sandbox: Sandbox) -> None:
    await cool(sandbox, 40)
    async with tools(server) as t:
        out = await t.ok(
            "posts_create", {"content": "later", "platform": "twitter", "account_id": TWITTER, "is_draft": True}
        )
    assert out["status"] == "draft"


async def test_a_retry_for_an_account_in_cooldown_is_refused_unsent_and_says_until_when(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    until = await cool(sandbox, 15)
    watch = await sandbox.watch("/api/v1/posts/*/retry", "POST")
    async with tools(server) as t:
        text = await t.error("posts_retry", {"post_id": FAILED_RATELIMIT})
    assert await sandbox.hits(watch) == 0
    assert "Not retried: nothing was sent" in text
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
    assert problem["errors"][0].startswith("row 1: twitter @acmestudio is in a publishing cooldown (")
    assert "send this row again after it" in problem["errors"][0]
    assert "(rate_limited:twitter:@acmestudio:" in problem["errors"][0]
    assert dry["rate_limited"] == [f"twitter @acmestudio until {berlin(until)} (Europe/Berlin)"]
    assert "publishing cooldown" in dry["summary"]


def twitter_series(**extra: Any) -> dict[str, Any]:
    """Two Mondays on the seeded X account, for real unless dry_run."""
    return {
        "contents": ["Tip one", "Tip two"],
        "platforms": "twitter",
        "account_ids": TWITTER,
        "at": "09:00",
        "on": "mon",
        "count": 2,
        "dry_run": False,
        **extra,
    }


async def test_a_series_dry_run_warns_of_an_account_in_its_cooldown(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """The dry run said nothing, then dry_run=false failed on every date (the API refuses creates, scheduled ones
    too, while the cooldown lasts); posts_validate warns of the same cooldown."""
    until = await cool(sandbox, 60)
    before = sandbox.post_ids()
    async with tools(server) as t:
        dry = await t.ok("posts_schedule_series", twitter_series(dry_run=True))
        real = await t.error("posts_schedule_series", twitter_series())
    assert f"twitter @acmestudio until {berlin(until)}" in str(dry), dry
    assert (  # one sentence: no capital after the semicolon, one colon
        f"; a real run is refused while this account is in a publishing cooldown: twitter @acmestudio until "
        f"{berlin(until)} (Europe/Berlin); call again with dry_run=false to create them."
    ) in dry["summary"]
    # the real run is refused before anything is sent, with who and until when
    assert "Nothing was created: In a publishing cooldown (posts to it are refused, drafts excepted): " in real
    assert f"twitter @acmestudio until {berlin(until)}" in real
    assert sandbox.post_ids() == before


async def test_retrying_every_failed_post_explains_a_cooldown(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """posts_retry explains it (who, until when in the user's zone, what to do); posts_retry_all_failed gave the
    raw '429: Account in publishing cooldown ... until <UTC>' and a next_step about Facebook only."""
    until = await cool(sandbox, 30)
    async with tools(server) as t:
        out = await t.ok("posts_retry_all_failed")
    [outcome] = [r for r in out["results"] if r["post_id"] == FAILED_RATELIMIT]
    assert outcome["ok"] is False
    assert f"twitter @acmestudio until {berlin(until)}" in outcome["error"], outcome["error"]
    assert "publishing cooldown" in out["next_step"]  # not sent: the API would refuse it until then


async def test_one_accounts_health_shows_its_cooldown(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """accounts_health without account_id lists the cooldown; with the account's id it said healthy, can_post
    true, and nothing of the cooldown."""
    until = await cool(sandbox, 30)
    async with tools(server) as t:
        one = await t.ok("accounts_health", {"account_id": TWITTER})
    assert f"twitter @acmestudio until {berlin(until)}" in str(one), one
    [account] = one["accounts"]
    assert account["can_post"] is False
    assert one["cooling_down"] == [f"twitter @acmestudio until {berlin(until)} (Europe/Berlin)"]


async def test_a_retry_refused_for_a_cooldown_the_accounts_did_not_show_is_explained(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """A 429 without Retry-After on a retry is an account's cooldown (docs/api-contract.md) even when the accounts
    list shows none: the outcome says so in words, not as the raw status."""
    await sandbox.fault(path=f"/api/v1/posts/{FAILED_RATELIMIT}/retry", method="POST", status=429, fail_count=1)
    async with tools(server) as t:
        out = await t.ok("posts_retry_all_failed")
    [outcome] = [r for r in out["results"] if r["post_id"] == FAILED_RATELIMIT]
    assert outcome["ok"] is False
    assert outcome["error"].startswith("Not retried. The API refused it with 429 and asked for no wait"), outcome
    assert "accounts_list shows cooling_down_until" in outcome["error"]


async def test_a_series_refused_on_every_date_ends_its_error_once(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """Every date of a series refused by a cooldown 429 (one the accounts list did not show): the error quotes the
    first date's error, whose last sentence ends in brackets, and read '... quote it to Late's support.).'."""
    await sandbox.fault(path="/api/v1/posts", method="POST", status=429)
    async with tools(server) as t:
        text = await t.error("posts_schedule_series", twitter_series(start="2030-01-07"))
    assert "Nothing was created: all 2 dates failed. The first: Not created. The API refused it with 429" in text
    assert text.endswith("quote it to Late's support.)"), text
    assert ".)." not in text
    assert "..)" not in text


async def test_a_cooldown_at_the_end_of_the_calendar_is_shown_in_utc(server: MCPServer[Any], sandbox: Sandbox) -> None:
    # Berlin is ahead of UTC: the API's last minute has no Berlin time, and showing it there must not break the tool
    await sandbox.control(f"accounts/{TWITTER}", {"rateLimitedUntil": "9999-12-31T23:59:00Z"})
    async with tools(server) as t:
        listed = await t.ok("accounts_list")
        health = await t.ok("accounts_health")
        text = await t.error("posts_create", {"content": "x", "platform": "twitter", "account_id": TWITTER})
    [x] = [a for a in listed["accounts"] if a["id"] == TWITTER]
    assert datetime.fromisoformat(x["cooling_down_until"]) == datetime.fromisoformat("9999-12-31T23:59:00+00:00")
    assert health["cooling_down"] == ["twitter @acmestudio until 9999-12-31T23:59+00:00 (UTC)"]
    assert "9999-12-31T23:59+00:00" in text
