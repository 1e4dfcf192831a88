"""Defects found by calling the changed tools the way a model does (w7 round), each shown by a failing test:
a series sent again that the API answers with the posts already there, cooldowns the series dry run, the retry of
every failed post and one account's health leave out, and a LinkedIn choice dropped for personal=true."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ..conftest import BERLIN, Sandbox, tools
from ._toolsets import serving
from .conftest import Router
from .posts._seeded import FAILED_RATELIMIT

LINKEDIN, TWITTER = ACCOUNT_IDS["linkedin"], ACCOUNT_IDS["twitter"]


@pytest.fixture
def server(router: Router, app: Starlette) -> Iterator[MCPServer[Any]]:
    with serving(router, app) as full:
        yield full


async def cool(sandbox: Sandbox, minutes: float) -> datetime:
    until = sandbox.store.now().replace(microsecond=0) + timedelta(minutes=minutes)
    await sandbox.control(f"accounts/{TWITTER}", {"rateLimitedUntil": until.isoformat()})
    return until


def berlin(until: datetime) -> str:
    return until.astimezone(BERLIN).isoformat(timespec="minutes")


def series(**extra: Any) -> dict[str, Any]:
    return {
        "contents": ["Tip one", "Tip two"],
        "platforms": "linkedin",
        "account_ids": LINKEDIN,
        "at": "09:00",
        "on": "mon",
        "count": 2,
        "dry_run": False,
        **extra,
    }


async def test_a_series_the_api_answers_with_existing_posts_is_not_reported_created(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """Sent again with a new image, every date is a 409 duplicate of the first series' post at the same time: the
    answer said "Created 2 of 2", created=2, and the new image was silently not used (posts_create says
    "Already posted ... nothing new was created" in the same case)."""
    async with tools(server) as t:
        first = await t.ok("posts_schedule_series", series())
        before = sandbox.post_ids()
        again = await t.ok("posts_schedule_series", series(media_urls="https://cdn.example.com/new.jpg"))
    assert sandbox.post_ids() == before  # nothing was made
    assert again["post_ids"] == first["post_ids"]
    assert again["created"] == 0, again["summary"]
    assert not again["summary"].startswith("Created 2 of 2"), again["summary"]


async def test_a_series_dry_run_warns_of_an_account_in_its_cooldown(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """The dry run said nothing, then dry_run=false failed on every date (the API refuses creates, scheduled ones
    too, while the cooldown lasts); posts_validate warns of the same cooldown."""
    until = await cool(sandbox, 60)
    async with tools(server) as t:
        dry = await t.ok("posts_schedule_series", series(account_ids=TWITTER, platforms="twitter", dry_run=True))
    assert f"twitter @acmestudio until {berlin(until)}" in str(dry), dry


async def test_retrying_every_failed_post_explains_a_cooldown(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """posts_retry explains it (who, until when in the user's zone, what to do); posts_retry_all_failed gave the
    raw '429: Account in publishing cooldown ... until <UTC>' and a next_step about Facebook only."""
    until = await cool(sandbox, 30)
    async with tools(server) as t:
        out = await t.ok("posts_retry_all_failed")
    [outcome] = [r for r in out["results"] if r["post_id"] == FAILED_RATELIMIT]
    assert outcome["ok"] is False
    assert f"twitter @acmestudio until {berlin(until)}" in outcome["error"], outcome["error"]


async def test_one_accounts_health_shows_its_cooldown(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """accounts_health without account_id lists the cooldown; with the account's id it said healthy, can_post
    true, and nothing of the cooldown."""
    until = await cool(sandbox, 30)
    async with tools(server) as t:
        one = await t.ok("accounts_health", {"account_id": TWITTER})
    assert f"twitter @acmestudio until {berlin(until)}" in str(one), one


async def test_a_linkedin_choice_with_personal_true_is_not_dropped(server: MCPServer[Any], sandbox: Sandbox) -> None:
    """choice_id (an organization) and personal=true contradict each other: the account was switched to the
    personal profile and the organization silently ignored."""
    async with tools(server) as t:
        text = await t.error("accounts_select", {"account_id": LINKEDIN, "choice_id": "90312345", "personal": True})
    assert "choice_id" in text
    assert "personal" in text
