"""posts_update and posts_delete: what can change, checked by the same rules, and what cannot."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.models.posts import Post
from late_mcp.tools.posts.update import Edit

from ...conftest import Sandbox, parse_dt, tools
from ..conftest import make_server
from ._seeded import (
    DRAFT_NEWSLETTER,
    LA,
    PARTIAL_EVENT,
    PUBLISHED_PHOTO,
    SCHEDULED_WEBINAR,
    SCHEDULED_YOUTUBE,
    UNKNOWN_ID,
    UTC,
    account_of,
    berlin_day,
    dst_overlap,
    is_berlin_time,
)

# --- posts_update -------------------------------------------------------------------------------------------


async def test_update_content_only(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = await sandbox.post(SCHEDULED_WEBINAR)
    assert before is not None
    async with tools(server) as t:
        out = await t.ok("posts_update", {"post_id": SCHEDULED_WEBINAR, "content": "Demo moved to 16:00."})
    after = await sandbox.post(SCHEDULED_WEBINAR)
    assert after is not None
    assert after["content"] == "Demo moved to 16:00."
    for key in ("scheduledFor", "status", "title", "mediaItems", "timezone"):
        assert after[key] == before[key], key
    assert [account_of(e) for e in after["platforms"]] == [account_of(e) for e in before["platforms"]]
    assert out["post_id"] == SCHEDULED_WEBINAR
    assert out["status"] == "scheduled"
    assert parse_dt(out["scheduled_for"]) == parse_dt(before["scheduledFor"])


async def test_update_scheduled_for_turns_a_draft_into_a_scheduled_post(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    text, wall = berlin_day(5, hour=10)
    async with tools(server) as t:
        out = await t.ok("posts_update", {"post_id": DRAFT_NEWSLETTER, "scheduled_for": text})
    after = await sandbox.post(DRAFT_NEWSLETTER)
    assert after is not None
    assert after["status"] == "scheduled"
    assert parse_dt(after["scheduledFor"]) == wall.astimezone(UTC)
    assert after["content"].startswith("Draft: three lessons")  # untouched
    assert out["status"] == "scheduled"
    assert parse_dt(out["scheduled_for"]) == wall
    assert is_berlin_time(out["scheduled_for"])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({"scheduled_for": dst_overlap()}, ["happens twice", "+02:00 (CEST", "+01:00 (CET"]),
        ({"scheduled_for": "2099-01-07T09:30Z", "timezone": "America/New_York"}, ["+00:00", "-05:00"]),
    ],
)
async def test_update_refuses_a_time_that_could_be_two_instants(
    server: MCPServer[Any], sandbox: Sandbox, args: dict[str, Any], words: list[str]
) -> None:
    before = await sandbox.post(SCHEDULED_WEBINAR)
    async with tools(server) as t:
        text = await t.error("posts_update", {"post_id": SCHEDULED_WEBINAR, **args})
    for word in words:
        assert word in text, text
    assert await sandbox.post(SCHEDULED_WEBINAR) == before


async def test_update_scheduled_for_with_a_timezone(server: MCPServer[Any], sandbox: Sandbox) -> None:
    text, _ = berlin_day(6, hour=8)
    wall_la = datetime.fromisoformat(text).replace(tzinfo=LA)
    async with tools(server) as t:
        out = await t.ok(
            "posts_update",
            {"post_id": SCHEDULED_WEBINAR, "scheduled_for": text, "timezone": "America/Los_Angeles"},
        )
    after = await sandbox.post(SCHEDULED_WEBINAR)
    assert after is not None
    assert parse_dt(after["scheduledFor"]) == wall_la.astimezone(UTC)
    assert after["status"] == "scheduled"
    assert parse_dt(out["scheduled_for"]) == wall_la
    assert is_berlin_time(out["scheduled_for"])
    here = wall_la.astimezone(UTC)  # 08:00 in LA is 16:00 UTC and 17:00 (or 18:00) in Berlin: the same day
    assert f"{wall_la:%a %Y-%m-%d} 08:00 America/Los_Angeles (" in out["summary"], out["summary"]
    assert f", {here:%H:%M} UTC)" in out["summary"]


async def test_update_title_of_a_youtube_post_reaches_the_video_title(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        await t.ok("posts_update", {"post_id": SCHEDULED_YOUTUBE, "title": "One afternoon, one month"})
    after = await sandbox.post(SCHEDULED_YOUTUBE)
    assert after is not None
    assert after["title"] == "One afternoon, one month"
    assert after["platforms"][0]["platformSpecificData"]["title"] == "One afternoon, one month"
    assert after["content"] == "How we plan a month of content in one afternoon."


async def test_update_a_published_post_is_refused(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = await sandbox.post(PUBLISHED_PHOTO)
    async with tools(server) as t:
        text = await t.error("posts_update", {"post_id": PUBLISHED_PHOTO, "content": "Edited"})
    assert "published" in text
    assert "draft, scheduled, failed, partial and cancelled" in text
    assert await sandbox.post(PUBLISHED_PHOTO) == before


async def test_a_cancelled_post_is_edited_and_rescheduled(server: MCPServer[Any], sandbox: Sandbox) -> None:
    # "cancelled posts can be edited and rescheduled like drafts" (the API's Post status)
    # the partial post's one live copy (twitter; facebook failed) deleted from the platform: the post is cancelled
    unpublished = await sandbox.api("POST", f"posts/{PARTIAL_EVENT}/unpublish", json={"platform": "twitter"})
    assert unpublished.status_code == 200, unpublished.text
    assert unpublished.json()["post"]["status"] == "cancelled"
    text, _ = berlin_day(5, hour=10)
    edit = {"post_id": PARTIAL_EVENT, "content": "Back, with a new date", "scheduled_for": text}
    async with tools(server) as t:
        out = await t.ok("posts_update", edit)
    assert out["status"] == "scheduled"
    after = await sandbox.post(PARTIAL_EVENT)
    assert after is not None
    assert after["content"] == "Back, with a new date"


async def test_a_new_text_on_a_partly_published_post_says_the_live_post_keeps_its_text(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    # twitter went out, facebook failed: the new text can only go out on facebook (when retried or rescheduled)
    async with tools(server) as t:
        out = await t.ok("posts_update", {"post_id": PARTIAL_EVENT, "content": "Doors open at 18:00"})
    assert out["summary"].endswith("twitter keeps its live post, unchanged: the new text goes out on facebook only.")
    after = await sandbox.post(PARTIAL_EVENT)
    assert after is not None
    assert after["content"] == "Doors open at 18:00"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ({}, ["Nothing to update", "content", "scheduled_for", "title"]),
        ({"content": "  "}, ["Nothing to update"]),
        ({"scheduled_for": "2020-05-01T10:00"}, ["in the past"]),
        ({"post_id": "bad id"}, ["post_id", "posts_list"]),
    ],
)
async def test_update_local_refusals(
    server: MCPServer[Any], sandbox: Sandbox, args: dict[str, Any], words: list[str]
) -> None:
    before = await sandbox.post(SCHEDULED_WEBINAR)
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error("posts_update", {"post_id": SCHEDULED_WEBINAR, **args})
    for word in words:
        assert word in text
    assert await sandbox.hits(watch) == 0
    assert await sandbox.post(SCHEDULED_WEBINAR) == before


async def test_update_unknown_post_is_a_404(server: MCPServer[Any]) -> None:
    async with tools(server) as t:
        text = await t.error("posts_update", {"post_id": UNKNOWN_ID, "content": "Ghost"})
    assert "404" in text


async def test_update_content_that_breaks_a_platform_rule_is_refused(server: MCPServer[Any], sandbox: Sandbox) -> None:
    before = await sandbox.post(SCHEDULED_WEBINAR)
    async with tools(server) as t:
        text = await t.error("posts_update", {"post_id": SCHEDULED_WEBINAR, "content": "z" * 281})
    assert "twitter" in text.lower()
    assert "280" in text
    assert await sandbox.post(SCHEDULED_WEBINAR) == before


# --- posts_delete -------------------------------------------------------------------------------------------


async def test_delete_a_scheduled_post(server: MCPServer[Any], sandbox: Sandbox) -> None:
    async with tools(server) as t:
        out = await t.ok("posts_delete", {"post_id": SCHEDULED_WEBINAR})
        again = await t.error("posts_delete", {"post_id": SCHEDULED_WEBINAR})
    assert out == {"post_id": SCHEDULED_WEBINAR, "deleted": True}
    assert await sandbox.post(SCHEDULED_WEBINAR) is None
    assert "404" in again


async def test_delete_a_published_post_is_refused_with_the_apis_message(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    async with tools(server) as t:
        text = await t.error("posts_delete", {"post_id": PUBLISHED_PHOTO})
    assert "400" in text
    assert "Published posts cannot be deleted" in text
    assert await sandbox.post(PUBLISHED_PHOTO) is not None
    # Late can take a published post down from a platform: the step names the tool, where this server has it
    assert "cannot be deleted through Late" not in text
    assert "from any but Instagram, TikTok and Snapchat with posts_unpublish, from the live toolset" in text


async def test_delete_a_published_post_names_no_unpublish_a_fixed_tool_list_lacks(
    app: Starlette, sandbox: Sandbox
) -> None:
    async with tools(make_server(app, dynamic_toolsets=False)) as t:
        text = await t.error("posts_delete", {"post_id": PUBLISHED_PHOTO})
    assert "posts_unpublish" not in text
    assert "taken down from each, on the platform itself" in text


def test_a_move_keeps_the_posts_shape_from_its_earliest_own_time_and_leaves_live_targets() -> None:
    """A post with no time of its own (a draft whose targets have theirs) moves from its earliest target's time;
    a target already published is resent as it is, less its own time: that has passed (it went out), and the API
    refuses a past scheduledFor even on a target it keeps as it is."""
    current = Post.model_validate(
        {
            "_id": "p1",
            "status": "draft",
            "content": "Launch",
            "platforms": [
                {"platform": "linkedin", "accountId": "a1", "scheduledFor": "2099-05-04T07:00:00Z"},
                {"platform": "twitter", "accountId": "a2", "scheduledFor": "2099-05-04T10:00:00Z"},
                {"platform": "bluesky", "accountId": "a3", "status": "published", "scheduledFor": "2099-05-01T10:00Z"},
            ],
        }
    )
    edit = Edit.of("", "2099-05-06T07:00Z", "", "", zone=UTC)
    body = edit.body("p1", current)
    assert [p.get("scheduledFor") for p in body["platforms"]] == [
        "2099-05-06T07:00:00.000Z",
        "2099-05-06T10:00:00.000Z",
        None,
    ]
    assert (body["scheduledFor"], body["isDraft"]) == ("2099-05-06T07:00:00.000Z", False)
