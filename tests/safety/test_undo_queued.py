"""Undoing the delete of a queued post: Late puts a post in a queue's slot only when it picks the slot itself
(POST /v1/posts: queuedFromProfile "without scheduledFor"), and its queue counts only queued posts. So the post made
again is scheduled by its time and holds no slot: the question and the answer say so, and how to queue it again."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, QUEUE_MAIN
from late_mcp.timeutil import now_utc

from ..conftest import Sandbox, parse_dt
from .conftest import TWITTER, Person, client, make_server

NO_SLOT = "by time: it no longer holds its queue slot, so a post queued later can get the same time"


@pytest.fixture(autouse=True)
async def clear_of_a_slot(sandbox: Sandbox) -> None:
    """The queue's next slot well ahead of the real clock the undo reads (within a minute it makes a draft)."""
    slot = parse_dt((await sandbox.get("queue/next-slot", profileId=PROFILE_MAIN))["nextSlot"])
    if slot - now_utc() < timedelta(minutes=3):
        await sandbox.advance(300)


def server(sandbox: Sandbox, tmp_path: Path, **settings: Any) -> MCPServer[Any]:
    return make_server(sandbox.app, journal=str(tmp_path / "journal.sqlite3"), **settings)


async def test_a_queued_post_made_again_says_it_no_longer_holds_its_slot(sandbox: Sandbox, tmp_path: Path) -> None:
    person = Person()
    async with client(server(sandbox, tmp_path), person) as t:
        made = await t.ok("posts_create", {"content": "Queued tip", "platform": "twitter", "account_id": TWITTER,
                                           "use_queue": True})  # fmt: skip
        was = await sandbox.post(made["post_id"])
        before = sandbox.post_ids()
        await t.ok("posts_delete", {"post_id": made["post_id"]})
        undone = await t.ok("posts_undo", {})
        [again] = sandbox.new_posts(before - {made["post_id"]})
        later = await t.ok("posts_create", {"content": "Next tip", "platform": "twitter", "account_id": TWITTER,
                                            "use_queue": True})  # fmt: skip
    assert was is not None
    assert (was["queuedFromProfile"], was["queueId"]) == (PROFILE_MAIN, QUEUE_MAIN)
    # made again at its time, by time: what the words say is so, the queue gives its slot to the next queued post
    assert (again["status"], again["scheduledFor"], again["queueId"]) == ("scheduled", was["scheduledFor"], None)
    assert (await sandbox.post(later["post_id"]) or {}).get("scheduledFor") == was["scheduledFor"]
    question = person.asked[-1]
    assert f"as before, {NO_SLOT}" in question
    assert question.endswith(
        "; to take the queue's next free slot instead, decline and post it again with posts_create use_queue=true "
        f"queue_id={QUEUE_MAIN}. Confirm to go ahead."
    )
    assert f"as before, {NO_SLOT}: {again['_id']}, a new post; " in undone["summary"]
    assert undone["summary"].endswith(
        "to take the queue's next free slot instead, delete it with posts_delete and post it again with posts_create "
        f"use_queue=true queue_id={QUEUE_MAIN}."
    )


async def test_a_queued_cross_post_names_the_tool_that_posts_it_again_everywhere(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    person = Person()
    async with client(server(sandbox, tmp_path), person) as t:
        made = await t.ok("posts_cross_post", {"content": "Queued for two", "platforms": "linkedin,bluesky",
                                               "profile_id": PROFILE_MAIN, "use_queue": True})  # fmt: skip
        await t.ok("posts_delete", {"post_id": made["post_id"]})
        await t.ok("posts_undo", {})
    assert NO_SLOT in person.asked[-1]
    assert f"decline and post it again with posts_cross_post use_queue=true queue_id={QUEUE_MAIN}" in person.asked[-1]


async def test_a_best_post_that_went_through_the_queue_says_so_too(sandbox: Sandbox, tmp_path: Path) -> None:
    await sandbox.control("plan", {"analytics": False})  # "best" is then the queue's next slot, taken as queued
    person = Person()
    async with client(server(sandbox, tmp_path), person) as t:
        made = await t.ok("posts_create", {"content": "Queued by best", "platform": "bluesky",
                                           "profile_id": PROFILE_MAIN, "scheduled_for": "best"})  # fmt: skip
        await t.ok("posts_delete", {"post_id": made["post_id"]})
        undone = await t.ok("posts_undo", {})
    assert (await sandbox.post(made["post_id"])) is None
    assert NO_SLOT in person.asked[-1]
    assert NO_SLOT in undone["summary"]


async def test_a_post_scheduled_by_time_says_nothing_of_a_queue(sandbox: Sandbox, tmp_path: Path) -> None:
    person = Person()
    async with client(server(sandbox, tmp_path), person) as t:
        timed = {"content": "By time", "platform": "twitter", "account_id": ACCOUNT_IDS["twitter"]}
        made = await t.ok("posts_create", {**timed, "scheduled_for": "2099-05-04T09:00"})
        await t.ok("posts_delete", {"post_id": made["post_id"]})
        undone = await t.ok("posts_undo", {})
    assert "queue" not in person.asked[-1]
    assert "queue" not in undone["summary"]
