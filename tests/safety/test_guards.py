"""Guard rails: each refusal names its setting and comes before any write reaches the API."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from late_mcp.safety.guards import Guards, Refused

from ..conftest import Sandbox
from .conftest import LINKEDIN, TWITTER, client, make_server

POST = {"content": "Guarded", "platform": "twitter", "account_id": TWITTER}


async def _refused(sandbox: Sandbox, tool: str, args: dict[str, Any], **settings: Any) -> str:
    """The error text of a call the settings refuse, checked to have sent no write to the API."""
    writes = await sandbox.watch("/api/v1/posts*", method="POST")
    before = sandbox.post_ids()
    async with client(make_server(sandbox.app, **{"confirm": "off", **settings})) as t:
        text = await t.error(tool, args)
    assert await sandbox.hits(writes) == 0
    assert sandbox.post_ids() == before
    return text


async def test_allow_accounts_by_id(sandbox: Sandbox) -> None:
    text = await _refused(sandbox, "posts_create", POST, allow_accounts=(LINKEDIN,))
    assert "LATE_ALLOW_ACCOUNTS" in text
    assert "do not look for a way round it" in text


async def test_allow_accounts_by_username(sandbox: Sandbox) -> None:
    text = await _refused(sandbox, "posts_create", POST, allow_accounts=("@janedoe_dev",))
    assert "twitter @acmestudio" in text
    async with client(make_server(sandbox.app, confirm="off", allow_accounts=("@AcmeStudio",))) as t:
        await t.ok("posts_create", POST)


async def test_allow_accounts_covers_deletes(sandbox: Sandbox) -> None:
    async with client(make_server(sandbox.app, confirm="off")) as t:
        made = await t.ok("posts_create", {**POST, "is_draft": True})
    deletes = await sandbox.watch("/api/v1/posts/*", method="DELETE")
    async with client(make_server(sandbox.app, confirm="off", allow_accounts=(LINKEDIN,))) as t:
        assert "LATE_ALLOW_ACCOUNTS" in await t.error("posts_delete", {"post_id": made["post_id"]})
    assert await sandbox.hits(deletes) == 0


async def test_publish_now_refused_scheduling_still_works(sandbox: Sandbox) -> None:
    text = await _refused(sandbox, "posts_publish_now", POST, allow_publish_now=False)
    assert "LATE_ALLOW_PUBLISH_NOW=false" in text
    await _refused(sandbox, "posts_create", {**POST, "publish_now": True}, allow_publish_now=False)
    async with client(make_server(sandbox.app, confirm="off", allow_publish_now=False)) as t:
        assert (await t.ok("posts_create", POST))["status"] == "scheduled"


async def test_a_retry_publishes_at_once_so_it_is_refused_with_the_way_to_schedule_it(sandbox: Sandbox) -> None:
    """LATE_ALLOW_PUBLISH_NOW=false: "nothing goes out immediately", and a retry sends a failed post out now."""
    async with client(make_server(sandbox.app, confirm="off")) as t:
        made = await t.ok("posts_create", {**POST, "is_draft": True})
    [doc] = [p for p in sandbox.store.all("posts") if p["_id"] == made["post_id"]]
    sandbox.store.put("posts", {**doc, "status": "failed"})
    retry = {"post_id": made["post_id"]}
    for confirm in ("off", "live"):
        text = await _refused(sandbox, "posts_retry", retry, allow_publish_now=False, confirm=confirm)
        assert "Refused by LATE_ALLOW_PUBLISH_NOW=false" in text
        assert "Give it a new time with posts_update scheduled_for" in text
    text = await _refused(sandbox, "posts_retry_all_failed", {}, allow_publish_now=False)
    assert "Refused by LATE_ALLOW_PUBLISH_NOW=false" in text
    # with approval required a failed post cannot be given a time (Late submits only drafts): a new post can
    text = await _refused(sandbox, "posts_retry", retry, allow_publish_now=False, require_approval=True)
    assert "Create it again with posts_create and scheduled_for, and delete this one with posts_delete" in text
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["status"] == "failed"


async def test_daily_cap_counts_from_the_journal(sandbox: Sandbox) -> None:
    server = make_server(sandbox.app, confirm="off", max_posts_per_day=2)
    writes = await sandbox.watch("/api/v1/posts", method="POST")
    async with client(server) as t:
        await t.ok("posts_create", {**POST, "content": "one"})
        await t.ok("posts_create", {**POST, "content": "two"})
        text = await t.error("posts_create", {**POST, "content": "three"})
    assert "LATE_MAX_POSTS_PER_DAY=2" in text
    assert "2 posts were created in the last 24 hours" in text
    assert "next one is allowed at" in text
    assert await sandbox.hits(writes) == 2


def test_the_daily_cap_is_a_rolling_24_hours_and_names_when_the_next_post_is_allowed() -> None:
    """Creates older than 24 hours do not count; the next one is allowed once enough of the recent ones are 24 hours
    old (the cap lowered below what was already made: two of three must age out, not only the oldest)."""
    now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    made = [now - timedelta(hours=h) for h in (30, 20, 10, 1)]  # oldest first; the 30-hour one no longer counts
    Guards(max_posts_per_day=4).check_daily(made, now)
    with pytest.raises(Refused, match="3 posts were created in the last 24 hours") as caught:
        Guards(max_posts_per_day=2).check_daily(made, now)
    assert f"the next one is allowed at {(made[2] + timedelta(hours=24)).isoformat(timespec='minutes')}" in str(
        caught.value
    )
