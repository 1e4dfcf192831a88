"""scheduled_for="best" on posts_create and posts_cross_post, on the sandbox: the soonest of the three best
weekly slots (worked out here from the sandbox's own best-time answer, across Berlin's March change), the queue's
next free slot without the Analytics add-on, a clear error when neither exists, and the rule in the summary."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, PROFILE_PERSONAL
from late_mcp.timeutil import UTC

from ..conftest import BERLIN, Sandbox, parse_dt, tools
from ..tools.conftest import make_server
from .conftest import berlin

NOW = berlin(2027, 3, 26, 10)  # Friday; Berlin goes on summer time on Sunday the 28th


@pytest.fixture
async def frozen(freeze: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The core tools read the same frozen clock as the planner and the sandbox."""
    monkeypatch.setattr("late_mcp.tools.posts.now_utc", lambda: NOW)
    monkeypatch.setattr("late_mcp.tools.posts.when.now_utc", lambda: NOW)
    await freeze(NOW)
    return NOW


def soonest_of_top_three(slots: list[dict[str, Any]], after: datetime) -> datetime:
    """The expectation, from the API's answer: rank by engagement then posts, take three, the soonest next one."""
    top = sorted(slots, key=lambda s: (-s["avg_engagement"], -s["post_count"], s["day_of_week"], s["hour"]))[:3]
    found = []
    for slot in top:
        day = after.replace(hour=slot["hour"], minute=0, second=0, microsecond=0)
        day += timedelta(days=(slot["day_of_week"] - after.weekday()) % 7)
        found.append(day if day > after else day + timedelta(days=7))
    return min(found)


def local_label(at: datetime) -> str:
    local = at.astimezone(BERLIN)
    return f"{local:%a %Y-%m-%d %H:%M} {local.tzname()}"


async def test_best_is_the_soonest_of_the_three_best_slots(
    server: MCPServer[Any], sandbox: Sandbox, frozen: datetime
) -> None:
    api = await sandbox.get("analytics/best-time", platform="twitter", profileId=PROFILE_MAIN)
    expected = soonest_of_top_three(api["slots"], NOW + timedelta(minutes=10))
    before = sandbox.post_ids()
    async with tools(server) as t:
        out = await t.ok(
            "posts_create",
            {
                "content": "New studio hours.",
                "platform": "twitter",
                "profile_id": PROFILE_MAIN,
                "scheduled_for": "best",
            },
        )
    [created] = sandbox.new_posts(before)
    assert parse_dt(created["scheduledFor"]) == expected
    assert out["status"] == "scheduled"
    assert f'"best" chose {local_label(expected)}: the soonest of the 3 best weekly slots on twitter' in out["summary"]
    # how many posts the chosen slot averages depends on the seeded history, which is dated from the real clock
    [slot] = [s for s in api["slots"] if (s["day_of_week"], s["hour"]) == (expected.weekday(), expected.hour)]
    posts = slot["post_count"]
    assert (f"over {posts} posts)" if posts != 1 else "over 1 post)") in out["summary"]


async def test_cross_post_best_reads_every_platform(server: MCPServer[Any], sandbox: Sandbox, frozen: datetime) -> None:
    api = await sandbox.get("analytics/best-time", profileId=PROFILE_MAIN)
    expected = soonest_of_top_three(api["slots"], NOW + timedelta(minutes=10))
    async with tools(server) as t:
        out = await t.ok(
            "posts_cross_post",
            {
                "content": "Open day.",
                "platforms": "twitter,bluesky",
                "profile_id": PROFILE_MAIN,
                "scheduled_for": "Best",
            },
        )
    assert parse_dt(out["scheduled_for_utc"]) == expected
    assert "the soonest of the 3 best weekly slots (" in out["summary"]


async def test_without_analytics_best_is_the_queues_next_slot_taken_through_the_queue(
    server: MCPServer[Any], sandbox: Sandbox, frozen: datetime
) -> None:
    """The API docs: "Do not call /v1/queue/next-slot and then use that time in scheduledFor. That bypasses the
    queue system and can cause duplicate slot assignments". So the post goes through the queue: it holds the slot,
    and the queue's next slot moves on."""
    await sandbox.control("plan", {"analytics": False})
    queue = await sandbox.get("queue/next-slot", profileId=PROFILE_MAIN)
    before = sandbox.post_ids()
    async with tools(server) as t:
        out = await t.ok(
            "posts_create",
            {"content": "Queued by best.", "platform": "bluesky", "profile_id": PROFILE_MAIN, "scheduled_for": "best"},
        )
    [created] = sandbox.new_posts(before)
    at = parse_dt(queue["nextSlot"])
    assert parse_dt(out["scheduled_for_utc"]) == at.astimezone(UTC)
    assert (created["queuedFromProfile"], created["queueId"]) == (PROFILE_MAIN, queue["queueId"])
    assert (
        '"best" took the queue\'s next free slot (no Analytics add-on), as a queued post: it holds that slot.'
        in (out["summary"])
    )
    assert (await sandbox.get("queue/next-slot", profileId=PROFILE_MAIN))["nextSlot"] != queue["nextSlot"]


async def test_best_by_the_queue_stays_a_time_where_a_queued_post_cannot_be(
    server: MCPServer[Any], planner_router: Any, sandbox: Sandbox, frozen: datetime
) -> None:
    """A target with its own time, approval required (Late cannot hold a queued post for it), or no profile_id
    among several profiles (a post takes its accounts' profile's queue, not surely the one read): the post is
    scheduled by the slot's time, and the summary says it does not hold the slot."""
    await sandbox.control("plan", {"analytics": False})
    queue = await sandbox.get("queue/next-slot", profileId=PROFILE_MAIN)
    own_time = {"platform": "linkedin", "account_id": ACCOUNT_IDS["linkedin"], "scheduled_for": "2027-03-29 12:00"}
    cross = {
        "content": "Timed by best.",
        "platforms": "",
        "targets": [{"platform": "bluesky", "account_id": ACCOUNT_IDS["bluesky"]}, own_time],
        "scheduled_for": "best",
    }
    approving = make_server(planner_router, toolsets=("core", "planner"), require_approval=True)
    single = {
        "content": "Approved by best.",
        "platform": "bluesky",
        "profile_id": PROFILE_MAIN,
        "scheduled_for": "best",
    }
    unnamed = {"content": "Whose queue?", "platform": "bluesky", "account_id": ACCOUNT_IDS["bluesky"]}
    before = sandbox.post_ids()
    async with tools(server) as t:
        timed = await t.ok("posts_cross_post", cross)
        by_account = await t.ok("posts_create", {**unnamed, "scheduled_for": "best"})
    async with tools(approving) as t:
        approved = await t.ok("posts_create", single)
    made = sandbox.new_posts(before)
    assert [p["queueId"] for p in made] == [None, None, None]
    assert {p["scheduledFor"] for p in made} == {queue["nextSlot"]}
    assert approved["status"] == "pending_approval"
    for out in (timed, by_account, approved):
        assert (
            "Scheduled by time, the post does not hold it: Late's queue counts only queued posts, so the next one "
            "goes then too" in out["summary"]
        )
    # use_queue=true holds the slot only where a queued post can be: refused under approval, and with a target's time
    assert "(use_queue=true holds it)." in by_account["summary"]
    assert "use_queue" not in timed["summary"] + approved["summary"]
    assert (await sandbox.get("queue/next-slot", profileId=PROFILE_MAIN))["nextSlot"] == queue["nextSlot"]


async def test_best_with_a_timezone_is_not_refused_for_the_offset_of_the_time_it_chose(
    server: MCPServer[Any], sandbox: Sandbox, frozen: datetime
) -> None:
    """A "best" time was a UTC instant, which `timezone` then refused: "scheduled_for='...Z' carries the offset
    +00:00 (UTC), but timezone 'Europe/Berlin' is +02:00 then", quoting a time the call never gave. It is the
    instant in that zone, by the analytics and through the queue alike."""
    api = await sandbox.get("analytics/best-time", platform="twitter", profileId=PROFILE_MAIN)
    expected = soonest_of_top_three(api["slots"], NOW + timedelta(minutes=10))
    best = {"platform": "twitter", "profile_id": PROFILE_MAIN, "scheduled_for": "best", "timezone": "Europe/Berlin"}
    async with tools(server) as t:
        chosen = await t.ok("posts_create", {**best, "content": "Best, said in Berlin."})
        await sandbox.control("plan", {"analytics": False})
        queued = await t.ok("posts_create", {**best, "content": "Queued, said in Berlin."})
    assert parse_dt(chosen["scheduled_for_utc"]) == expected
    assert "as a queued post: it holds that slot." in queued["summary"]


async def test_a_best_post_already_there_is_not_said_to_hold_the_queue_slot(
    server: MCPServer[Any], sandbox: Sandbox, frozen: datetime
) -> None:
    """Sent again through the queue, a post made by its best time is answered "Already posted": nothing new was
    made, so "as a queued post: it holds that slot" (or a recycling rhythm) is not said of the one found."""
    best = {"content": "Said once.", "platform": "bluesky", "profile_id": PROFILE_MAIN, "scheduled_for": "best"}
    async with tools(server) as t:
        first = await t.ok("posts_create", best)
        await sandbox.control("plan", {"analytics": False})
        again = await t.ok("posts_create", {**best, "recycle": "monthly"})
    assert again["already_posted"] is True
    assert again["post_id"] == first["post_id"]
    assert "holds that slot" not in again["summary"]
    assert "Recycled" not in again["summary"]


async def test_without_analytics_or_queue_best_says_why(
    server: MCPServer[Any], sandbox: Sandbox, frozen: datetime
) -> None:
    await sandbox.control("plan", {"analytics": False})
    before = sandbox.post_ids()
    async with tools(server) as t:
        error = await t.error(
            "posts_create",
            {"content": "Nowhere.", "platform": "twitter", "account_id": ACCOUNT_IDS["twitter_personal"],
             "profile_id": PROFILE_PERSONAL, "scheduled_for": "best"},
        )  # fmt: skip
        draft = await t.error("posts_create", {"content": "x", "platform": "twitter", "scheduled_for": "best",
                                              "is_draft": True})  # fmt: skip
    assert sandbox.post_ids() == before
    assert 'scheduled_for="best" found no time' in error
    assert "Analytics add-on" in error
    assert "set up a queue of weekly slots with queue_create, from the queue toolset (the toolsets tool" in error
    assert "scheduled_for goes with a scheduled post" in draft


async def test_best_with_schedule_minutes_is_refused_in_the_words_given(
    server: MCPServer[Any], sandbox: Sandbox, frozen: datetime
) -> None:
    """Both say when: refused before "best" is worked out, quoting "best" (it quoted the time it chose, which the
    call never gave)."""
    before = sandbox.post_ids()
    async with tools(server) as t:
        refused = await t.error(
            "posts_create",
            {"content": "x", "platform": "twitter", "scheduled_for": "best", "schedule_minutes": 30},
        )
    assert "schedule_minutes=30 and scheduled_for='best' both say when" in refused
    assert sandbox.post_ids() == before
