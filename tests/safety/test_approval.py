"""LATE_REQUIRE_APPROVAL: scheduled posts go in pending approval and publish only once a person approves them."""

from __future__ import annotations

from pathlib import Path

from ..conftest import Sandbox
from .conftest import TWITTER, Person, client, make_server

POST = {"content": "Needs a yes", "platform": "twitter", "account_id": TWITTER}


async def test_scheduled_posts_wait_for_approval_until_reviewed(sandbox: Sandbox, tmp_path: Path) -> None:
    settings = {"require_approval": True, "toolsets": ("core", "live"), "journal": str(tmp_path / "j.sqlite3")}
    person = Person("accept")
    async with client(make_server(sandbox.app, **settings), person) as t:
        made = await t.ok("posts_create", POST)
        draft = await t.ok("posts_create", {**POST, "content": "Just a draft", "is_draft": True})
        waiting = await t.ok("posts_list", {"status": "pending_approval"})
        approved = await t.ok("posts_review", {"post_id": made["post_id"], "decision": "approve"})
    assert made["status"] == "pending_approval"
    assert made["summary"].startswith("Waiting for approval")
    assert draft["status"] == "draft"
    assert [p["id"] for p in waiting["posts"]] == [made["post_id"]]
    assert approved["status"] == "scheduled"
    assert "Approve post" in person.asked[0]


async def test_the_sandbox_refuses_approval_on_a_draft(sandbox: Sandbox) -> None:
    body = {"content": "x", "isDraft": True, "requiresApproval": True, "platforms": [
        {"platform": "twitter", "accountId": TWITTER}]}  # fmt: skip
    answer = await sandbox.api("POST", "posts", json=body)
    assert answer.status_code == 400
    assert "requiresApproval" in answer.text
