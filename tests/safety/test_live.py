"""The live toolset against the sandbox: unpublish, edit a published post, review; limits checked before sending."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mcp.server.mcpserver import MCPServer

from ..conftest import Sandbox
from .conftest import LINKEDIN, TWITTER, Person, client, make_server

POST = {"content": "Out there", "platform": "twitter", "account_id": TWITTER}


def server(sandbox: Sandbox, tmp_path: Path, **settings: Any) -> MCPServer[Any]:
    return make_server(
        sandbox.app, journal=str(tmp_path / "j.sqlite3"), toolsets=("core", "live"), **{"confirm": "off", **settings}
    )


async def test_unpublish_then_edit_is_refused_and_undo_has_the_entry(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_publish_now", POST)
        gone = await t.ok("posts_unpublish", {"post_id": made["post_id"], "platform": "twitter"})
        text = await t.error("posts_edit_published", {"post_id": made["post_id"], "platform": "x", "content": "new"})
        history = await t.ok("posts_history", {})
    assert gone["status"] == "cancelled"
    assert "not published on twitter" in text
    assert [e["action"] for e in history["entries"]] == ["unpublish", "publish"]
    assert history["entries"][0]["what"] == "unpublished from twitter"
    assert "what" not in history["entries"][1]  # a publish says it all


async def test_unpublish_where_the_api_cannot_is_refused_before_sending(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_publish_now", {"content": "Gram", "platform": "instagram",
                                                "media_urls": "https://cdn.example.com/a.png"})  # fmt: skip
        writes = await sandbox.watch("/api/v1/posts/*/unpublish", method="POST")
        text = await t.error("posts_unpublish", {"post_id": made["post_id"], "platform": "instagram"})
    assert "cannot unpublish from instagram" in text
    assert await sandbox.hits(writes) == 0


async def test_edit_a_published_x_post_gets_a_new_id_and_undo_puts_the_text_back(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_publish_now", POST)
        edited = await t.ok("posts_edit_published", {"post_id": made["post_id"], "platform": "twitter",
                                                      "content": "Out there (fixed)"})  # fmt: skip
        await t.ok("posts_undo", {})
        undo, edit, _ = (await t.ok("posts_history", {}))["entries"]
    assert edited["new_id"]
    assert edit["what"] == "text edited on twitter (was 'Out there')"
    assert undo["what"] == "text edited on twitter (was 'Out there (fixed)')"
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["platforms"][0]["customContent"] == "Out there"


async def test_an_older_edit_is_not_undone_over_a_later_edit_on_that_platform(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_publish_now", POST)
        for text in ("Second", "Third"):
            await t.ok("posts_edit_published", {"post_id": made["post_id"], "platform": "twitter", "content": text})
        [third, second, _] = (await t.ok("posts_history", {}))["entries"]
        refused = await t.error("posts_undo", {"entry_id": second["id"]})
        await t.ok("posts_undo", {"entry_id": third["id"]})
        await t.ok("posts_undo", {"entry_id": second["id"]})
    assert f"later entry {third['id']} changed the text on twitter of post" in refused
    post = await sandbox.post(made["post_id"])
    assert post is not None
    assert post["platforms"][0]["customContent"] == "Out there"


async def test_x_edits_only_within_an_hour(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_publish_now", POST)
        await sandbox.advance(2 * 3600)
        writes = await sandbox.watch("/api/v1/posts/*/edit", method="POST")
        # Checked on the API's clock (its Date header), before sending.
        text = await t.error("posts_edit_published", {"post_id": made["post_id"], "platform": "twitter",
                                                      "content": "late fix"})  # fmt: skip
    assert "within one hour" in text
    assert await sandbox.hits(writes) == 0


async def test_review_always_asks_even_with_confirm_off(sandbox: Sandbox, tmp_path: Path) -> None:
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_create", POST)
    [doc] = [p for p in sandbox.store.all("posts") if p["_id"] == made["post_id"]]
    sandbox.store.put("posts", {**doc, "status": "pending_approval"})
    person = Person("decline")
    async with client(server(sandbox, tmp_path), person) as t:
        await t.error("posts_review", {"post_id": made["post_id"], "decision": "approve"})
        person.answer = "accept"
        approved = await t.ok("posts_review", {"post_id": made["post_id"], "decision": "approve"})
        again = await t.error("posts_review", {"post_id": made["post_id"], "decision": "approve"})
        refused, review = (await t.ok("posts_history", {}))["entries"][:2]
    assert approved["status"] == "scheduled"
    assert (review["action"], review["what"]) == ("review", "approved: scheduled")
    assert "what" not in refused  # it changed nothing
    assert "Only posts pending approval" in refused["outcome"]
    assert "pending approval" in again
    assert len(person.asked) == 3


async def test_an_edit_is_not_undone_on_a_platform_unpublished_since(sandbox: Sandbox, tmp_path: Path) -> None:
    """The text cannot go back where the post is no longer live: refused before sending, naming the unpublish,
    instead of the API's 400 and its generic 'fix what the API's message points at'."""
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_publish_now", POST)
        await t.ok("posts_edit_published", {"post_id": made["post_id"], "platform": "twitter", "content": "Second"})
        await t.ok("posts_unpublish", {"post_id": made["post_id"], "platform": "twitter"})
        [unpublished, edited, _] = (await t.ok("posts_history", {}))["entries"]
        text = await t.error("posts_undo", {"entry_id": edited["id"]})
        [last, *_] = (await t.ok("posts_history", {}))["entries"]
    assert f"was unpublished from twitter after entry {edited['id']} (entry {unpublished['id']}" in text
    assert "try again" not in text
    assert last["id"] == unpublished["id"]  # nothing sent, nothing journaled


async def test_edits_on_linkedin_do_not_count_towards_the_five_edits_x_allows(sandbox: Sandbox, tmp_path: Path) -> None:
    both = {"content": "Out there", "platforms": "twitter,linkedin", "account_ids": f"{TWITTER},{LINKEDIN}"}
    async with client(server(sandbox, tmp_path)) as t:
        made = await t.ok("posts_cross_post", {**both, "publish_now": True})
        for n in range(5):
            await t.ok("posts_edit_published", {"post_id": made["post_id"], "platform": "linkedin",
                                                 "content": f"Out there ({n})"})  # fmt: skip
        await t.ok("posts_edit_published", {"post_id": made["post_id"], "platform": "x", "content": "Out there!"})
        history = (await t.ok("posts_history", {}))["entries"]
    assert [e["platforms"] for e in history[:2]] == [["twitter"], ["linkedin"]]
