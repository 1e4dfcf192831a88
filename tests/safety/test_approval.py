"""LATE_REQUIRE_APPROVAL: scheduled posts go in pending approval and publish only once a person approves them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from late_mcp.sandbox.seed import ACCOUNT_IDS

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
    assert made["summary"].endswith("it publishes only once approved in Late's dashboard or with posts_review.")
    assert draft["status"] == "draft"
    assert [p["id"] for p in waiting["posts"]] == [made["post_id"]]
    assert approved["status"] == "scheduled"
    assert "Approve post" in person.asked[0]


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({}, "approved in Late's dashboard or with posts_review, from the live toolset (the toolsets tool turns it"),
        ({"dynamic_toolsets": False}, "approved in Late's dashboard."),
        ({"toolsets": ("core", "live"), "exclude_tools": ("posts_review",)}, "approved in Late's dashboard."),
    ],
)
async def test_waiting_for_approval_names_posts_review_only_where_it_can_be_had(
    sandbox: Sandbox, tmp_path: Path, settings: dict[str, Any], said: str
) -> None:
    settings = {"require_approval": True, "journal": str(tmp_path / "j.sqlite3"), **settings}
    async with client(make_server(sandbox.app, **settings), Person("accept")) as t:
        made = await t.ok("posts_create", POST)
        cross = await t.ok("posts_cross_post", {"content": "Also needs a yes", "platforms": "twitter,bluesky",
                                                "account_ids": f"{TWITTER},{ACCOUNT_IDS['bluesky']}"})  # fmt: skip
    for out in (made, cross):
        assert out["status"] == "pending_approval"
        assert f"it publishes only once {said}" in out["summary"], out["summary"]
        assert out["summary"].endswith(".")


async def test_the_sandbox_refuses_approval_on_a_draft(sandbox: Sandbox) -> None:
    body = {"content": "x", "isDraft": True, "requiresApproval": True, "platforms": [
        {"platform": "twitter", "accountId": TWITTER}]}  # fmt: skip
    answer = await sandbox.api("POST", "posts", json=body)
    assert answer.status_code == 400
    assert "requiresApproval" in answer.text


def approving(tmp_path: Path, **more: Any) -> dict[str, Any]:
    return {"require_approval": True, "journal": str(tmp_path / "j.sqlite3"), "confirm": "off", **more}


async def test_a_draft_given_a_time_waits_for_approval_and_undo_makes_it_a_draft_again(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """posts_update on a draft with scheduled_for was a way round the setting: the post went out unapproved."""
    async with client(make_server(sandbox.app, **approving(tmp_path))) as t:
        draft = await t.ok("posts_create", {**POST, "is_draft": True})
        timed = await t.ok("posts_update", {"post_id": draft["post_id"], "scheduled_for": "2031-05-06T10:00:00Z"})
        undone = await t.ok("posts_undo", {})
    # requiresApproval on a draft is the only way to pending_approval (the sandbox refuses it beside isDraft)
    assert timed["status"] == "pending_approval"
    assert timed["summary"].startswith("Waiting for approval")
    assert "put back" in undone["summary"]
    post = await sandbox.post(draft["post_id"])
    assert post is not None
    assert post["status"] == "draft"


@pytest.mark.parametrize("status", ["failed", "cancelled"])
async def test_a_post_that_would_publish_unapproved_is_not_given_a_time(
    sandbox: Sandbox, tmp_path: Path, status: str
) -> None:
    async with client(make_server(sandbox.app, **approving(tmp_path))) as t:
        made = await t.ok("posts_create", {**POST, "is_draft": True})
        [doc] = [p for p in sandbox.store.all("posts") if p["_id"] == made["post_id"]]
        sandbox.store.put("posts", {**doc, "status": status})
        puts = await sandbox.watch("/api/v1/posts/*", method="PUT")
        text = await t.error("posts_update", {"post_id": made["post_id"], "scheduled_for": "2031-05-06T10:00:00Z"})
        retitled = await t.ok("posts_update", {"post_id": made["post_id"], "content": "New words only"})
    assert f"is {status}: giving it a time is refused while LATE_REQUIRE_APPROVAL is set" in text
    assert "posts_create and scheduled_for" in text
    assert await sandbox.hits(puts) == 1  # the text change only: no time, so nothing goes out
    assert retitled["status"] == status


async def test_a_queued_post_is_refused_while_approval_is_required(sandbox: Sandbox, tmp_path: Path) -> None:
    """Late cannot hold a queued post for approval (requiresApproval is refused with queueId / queuedFromProfile)."""
    writes = await sandbox.watch("/api/v1/posts", method="POST")
    async with client(make_server(sandbox.app, **approving(tmp_path, confirm="all")), Person("accept")) as t:
        text = await t.error("posts_create", {**POST, "use_queue": True})
        timed = await t.ok("posts_create", {**POST, "scheduled_for": "2031-05-06T10:00:00Z"})
    assert "Adding a post to a queue is refused while LATE_REQUIRE_APPROVAL is set" in text
    assert "Give scheduled_for" in text
    assert await sandbox.hits(writes) == 1  # the timed one only
    assert timed["status"] == "pending_approval"


async def test_the_sandbox_submits_only_a_bare_draft_for_approval(sandbox: Sandbox) -> None:
    """PUT requiresApproval: on a draft only (409 otherwise), never beside isDraft, publishNow or a queue."""
    made = await sandbox.api("POST", "posts", json={"content": "x", "isDraft": True, "platforms": [
        {"platform": "twitter", "accountId": TWITTER}]})  # fmt: skip
    post_id = made.json()["post"]["_id"]
    mixed = await sandbox.api("PUT", f"posts/{post_id}", json={"requiresApproval": True, "isDraft": False,
                                                              "scheduledFor": "2031-05-06T10:00:00Z"})  # fmt: skip
    bare = await sandbox.api("PUT", f"posts/{post_id}", json={"requiresApproval": True,
                                                             "scheduledFor": "2031-05-06T10:00:00Z"})  # fmt: skip
    again = await sandbox.api("PUT", f"posts/{post_id}", json={"requiresApproval": True})
    assert mixed.status_code == 400
    assert "cannot be combined with isDraft" in mixed.text
    assert bare.status_code == 200
    assert bare.json()["post"]["status"] == "pending_approval"
    assert again.status_code in (400, 409)  # no longer a draft (pending_approval is not editable at all)
