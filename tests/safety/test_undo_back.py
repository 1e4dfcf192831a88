"""posts_undo puts back what it says: a title that was empty is cleared, a time no longer ahead is refused before
asking, and a retry that published nothing is said to have nothing live to take down."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS, PINTEREST_BOARD, PROFILE_MAIN, oid
from late_mcp.timeutil import iso_utc

from ..conftest import Sandbox
from .conftest import TWITTER, Person, client, make_server

POST = {"content": "Undo me", "platform": "twitter", "account_id": TWITTER}


def server(sandbox: Sandbox, tmp_path: Path, **settings: Any) -> MCPServer[Any]:
    return make_server(sandbox.app, journal=str(tmp_path / "journal.sqlite3"), **{"confirm": "off", **settings})


@pytest.mark.parametrize("when", [{}, {"scheduled_for": "2031-05-02T09:30"}])
async def test_undoing_a_title_given_clears_it_again(sandbox: Sandbox, tmp_path: Path, when: dict[str, str]) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", POST)
        await t.ok("posts_update", {"post_id": made["post_id"], "title": "A title", **when})
        undone = await t.ok("posts_undo", {})
        shown = await t.ok("posts_get", {"post_id": made["post_id"]})
    assert "the title (empty)" in undone["summary"]
    assert not shown.get("title"), shown
    assert not (await sandbox.post(made["post_id"]) or {}).get("title")


async def test_undoing_a_pins_title_given_takes_it_off_the_pin(sandbox: Sandbox, tmp_path: Path) -> None:
    """A Pin's title is its target's platformSpecificData.title; the targets are put back whole, without it."""
    pin = {"content": "Five desks", "platform": "pinterest", "media_urls": "https://cdn.example.com/acme/desk.jpg",
           "options": {"boardId": PINTEREST_BOARD}}  # fmt: skip
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", pin)
        await t.ok("posts_update", {"post_id": made["post_id"], "title": "Warm minimal desks"})
        titled = await sandbox.post(made["post_id"])
        await t.ok("posts_undo", {})
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert titled is not None
    assert titled["platforms"][0]["platformSpecificData"]["title"] == "Warm minimal desks"  # the update reached it
    assert not post.get("title")
    assert post["platforms"][0]["platformSpecificData"] == {"boardId": PINTEREST_BOARD}


async def test_a_time_passed_since_is_refused_before_asking(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime.now(timezone.utc).replace(microsecond=0)
    soon = now + timedelta(hours=2)
    person = Person()
    async with client(server(sandbox, tmp_path, confirm="live"), person) as t:
        made = await t.ok("posts_create", {**POST, "is_draft": True})
        await t.ok("posts_update", {"post_id": made["post_id"], "scheduled_for": iso_utc(soon)})
        await t.ok("posts_undo", {})
        back = (await t.ok("posts_history", {}))["entries"][0]
        later = now + timedelta(hours=3)
        monkeypatch.setattr("late_mcp.safety.undo.now_utc", lambda: later)  # the server's clock, moved on
        await sandbox.control("clock", {"now": iso_utc(later)})
        asked = len(person.asked)
        refused = await t.error("posts_undo", {"entry_id": back["id"]})
    assert "has passed" in refused
    assert "posts_update" in refused  # what to do instead
    assert len(person.asked) == asked  # refused before asking
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["status"] == "draft"


async def test_a_targets_own_time_passed_since_is_refused_too(
    sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    early = {"platform": "twitter", "scheduled_for": "2099-05-04T08:00"}
    cross = {"content": "Two times", "platforms": "linkedin", "profile_id": PROFILE_MAIN,
             "scheduled_for": "2099-05-04T12:00", "targets": [early]}  # fmt: skip
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_cross_post", cross)
        await t.ok("posts_update", {"post_id": made["post_id"], "scheduled_for": "2099-05-05T12:00"})
        later = datetime(2099, 5, 4, 7, 30, tzinfo=timezone.utc)  # 09:30 in Berlin: twitter's 08:00 has passed
        monkeypatch.setattr("late_mcp.safety.undo.now_utc", lambda: later)
        await sandbox.control("clock", {"now": iso_utc(later)})
        refused = await t.error("posts_undo", {})
    assert "Mon 2099-05-04 08:00 CEST, has passed" in refused
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["scheduledFor"] == "2099-05-05T10:00:00.000Z"  # left as the update made it


async def test_undoing_a_retry_with_nothing_live_says_so(sandbox: Sandbox, tmp_path: Path) -> None:
    # the seeded open day: live on X, failed on Facebook; retried, then taken down in the dashboard
    post_id = oid("post:partial-event")
    await sandbox.heal_account(ACCOUNT_IDS["facebook"])
    async with client(server(sandbox, tmp_path)) as t:
        await t.ok("posts_retry", {"post_id": post_id})
        retry = (await t.ok("posts_history", {}))["entries"][0]
        gone = await sandbox.api("POST", f"posts/{post_id}/unpublish", json={"platform": "facebook"})  # the dashboard
        assert gone.status_code == 200, gone.text
        refused = await t.error("posts_undo", {"entry_id": retry["id"]})
    assert retry["action"] == "retry"
    assert "nothing it retried (facebook) is live now, so there is nothing to take down" in refused
    assert "the post is" not in refused  # not its status, which reads as if another status could be undone
