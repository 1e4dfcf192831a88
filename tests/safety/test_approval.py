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
