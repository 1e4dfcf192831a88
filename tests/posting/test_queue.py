"""Scheduling through the queue, end to end: a post placed in the queue's next slot."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, QUEUE_MAIN

from ..conftest import BERLIN, Sandbox, parse_dt
from ..conftest import tools as session
from .conftest import RecordingTransport


def in_berlin(value: str) -> datetime:
    """A time from a tool result: aware, and written with the user's zone's offset at that instant."""
    when = parse_dt(value)
    assert when.utcoffset() == when.astimezone(BERLIN).utcoffset(), f"{value} is not in Europe/Berlin"
    return when


async def test_queued_posts_take_the_next_free_slots_in_the_users_zone(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    async with session(server) as s:
        preview = await s.ok("queue_preview", {"profile_id": PROFILE_MAIN, "count": 3})
        first = await s.ok(
            "posts_create",
            {"content": "Tip: batch your captions", "platform": "twitter", "account_id": ACCOUNT_IDS["twitter"],
             "use_queue": True},
        )  # fmt: skip
        second = await s.ok(
            "posts_cross_post",
            {"content": "Tip: reuse your best posts", "platforms": "linkedin,bluesky", "profile_id": PROFILE_MAIN,
             "use_queue": True, "queue_id": QUEUE_MAIN},
        )  # fmt: skip
        after = await s.ok("queue_preview", {"profile_id": PROFILE_MAIN, "count": 2})
    slots = [in_berlin(v) for v in preview["upcoming"]]
    assert in_berlin(preview["next_free"]) == slots[0]
    assert first["status"] == "scheduled"
    assert in_berlin(first["scheduled_for"]) == slots[0]  # the result equals the preview's first slot...
    assert in_berlin(second["scheduled_for"]) == slots[1]  # ...and the next queued post gets the one after
    assert in_berlin(after["next_free"]) == slots[2]
    assert "CET" in first["summary"] or "CEST" in first["summary"]  # said in the user's zone
    stored = await sandbox.post(first["post_id"])
    assert parse_dt(stored["scheduledFor"]) == slots[0]
    assert (stored["queuedFromProfile"], stored["queueId"]) == (PROFILE_MAIN, QUEUE_MAIN)
    assert parse_dt((await sandbox.post(second["post_id"]))["scheduledFor"]) == slots[1]


async def test_a_queue_belongs_to_one_profile(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport
) -> None:
    """Targets in two profiles cannot share one profile's queue: refused before anything is sent."""
    async with session(server) as s:
        text = await s.error(
            "posts_cross_post",
            {
                "content": "Queued everywhere",
                "platforms": "",
                "targets": [
                    {"platform": "twitter", "account_id": ACCOUNT_IDS["twitter"]},
                    {"platform": "twitter", "account_id": ACCOUNT_IDS["twitter_personal"]},
                ],
                "use_queue": True,
            },
        )
    assert "use_queue needs every target in one profile" in text
    assert transport.creates() == 0


async def test_profile_id_and_an_account_of_another_profile_are_refused_before_anything_is_sent(
    server: MCPServer[Any], sandbox: Sandbox, transport: RecordingTransport
) -> None:
    """profile_id names the profile whose accounts (and queue) a post uses; an account_id of another profile is a
    contradiction: refused, never settled by posting from the account's own profile and queue."""
    personal = ACCOUNT_IDS["twitter_personal"]
    asked: list[tuple[str, dict[str, Any]]] = [
        ("posts_create", {"platform": "twitter", "account_id": personal, "use_queue": True}),
        ("posts_create", {"platform": "twitter", "account_id": personal, "is_draft": True}),
        ("posts_cross_post", {"platforms": "", "targets": [{"platform": "twitter", "account_id": personal}],
                              "use_queue": True}),
        ("posts_cross_post", {"platforms": "twitter", "account_ids": [personal], "use_queue": True}),
    ]  # fmt: skip
    before = sandbox.post_ids()
    async with session(server) as s:
        for tool, args in asked:
            text = await s.error(tool, {"content": "Queued", "profile_id": PROFILE_MAIN, **args})
            assert f"{personal} (twitter @janedoe_dev, profile Jane Doe (personal)) is not in profile" in text, text
            assert "Nothing was sent" in text
    assert transport.creates() == 0
    assert sandbox.post_ids() == before
