"""posts_best_times through the MCP client on the sandbox: the API's UTC slots as Berlin local times a week
before the March change (and after it), the data's basis, and without the Analytics add-on an error naming it,
with the queue's slots where the profile has a queue. Also the sandbox's route itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from starlette.applications import Starlette

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, PROFILE_PERSONAL

from ..conftest import Sandbox, tools
from ..tools.conftest import make_server
from .conftest import PLANNER, berlin

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def shifted(label: str, hours: int) -> str:
    """'Tue 23:00' moved by `hours`, across midnight into the next weekday."""
    day, clock = label.split()
    moved = datetime(2027, 3, 1 + DAYS.index(day), int(clock[:2]), int(clock[3:])) + timedelta(hours=hours)
    return f"{DAYS[moved.weekday()]} {moved:%H:%M}"


async def test_best_times_in_local_time_on_both_sides_of_the_change(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(berlin(2027, 3, 20, 12))  # Saturday; Berlin goes on summer time on the 28th
    api = await sandbox.get("analytics/best-time")
    async with tools(server) as t:
        best = await t.ok("posts_best_times")
    assert best["source"] == "analytics"
    assert best["based_on_posts"] == sum(s["post_count"] for s in api["slots"]) > 50
    slots = best["slots"]
    assert 1 < len(slots) <= 10
    engagement = [s["avg_engagement"] for s in slots]
    assert engagement == sorted(engagement, reverse=True)
    assert max(engagement) == max(s["avg_engagement"] for s in api["slots"])
    for slot in slots:
        assert slot["local"] == shifted(slot["utc"], 1)  # CET: UTC + 1 for the next week
        label, since = slot["later"].split(" from ")
        assert label == shifted(slot["utc"], 2)  # CEST: UTC + 2 from the slot's first day after the change
        assert date(2027, 3, 28) <= date.fromisoformat(since.split()[1]) < date(2027, 4, 4)
    assert "Clocks change in the coming weeks" in best["summary"]
    top = slots[0]
    assert best["summary"].startswith(
        f"Best times (Europe/Berlin), from {best['based_on_posts']} posts: {top['local']}"
    )


async def test_in_summer_slots_carry_no_later_time(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(berlin(2027, 6, 1, 12))
    async with tools(server) as t:
        best = await t.ok("posts_best_times", {"platform": "twitter"})
    assert best["slots"]
    assert all(s["local"] == shifted(s["utc"], 2) and "later" not in s for s in best["slots"])
    assert best["summary"].startswith("Best times on twitter (Europe/Berlin)")


async def test_filters_reach_the_api(server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]) -> None:
    await freeze(berlin(2027, 6, 1, 12))
    one = await sandbox.get("analytics/best-time", accountId=ACCOUNT_IDS["linkedin_personal"])
    async with tools(server) as t:
        best = await t.ok("posts_best_times", {"account_id": ACCOUNT_IDS["linkedin_personal"]})
        profile = await t.ok("posts_best_times", {"profile_id": PROFILE_PERSONAL})
        bad = await t.error("posts_best_times", {"platform": "myspace"})
    assert best["based_on_posts"] == sum(s["post_count"] for s in one["slots"])
    assert best["based_on_posts"] < profile["based_on_posts"]
    assert "Unknown platform" in bad


async def test_an_account_of_another_platform_or_none_is_refused_not_answered_with_no_data(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """ "No published posts with engagement data yet" would be false: the account is not on that platform, or no
    connected account has that id."""
    reads = await sandbox.watch("/api/v1/analytics/*")
    async with tools(server) as t:
        other = await t.error("posts_best_times", {"platform": "Bluesky", "account_id": ACCOUNT_IDS["twitter"]})
        unknown = await t.error("posts_best_times", {"account_id": "6b0687193ae8a3ee8f5168a8"})
        same = await t.ok("posts_best_times", {"platform": "X", "account_id": f"'{ACCOUNT_IDS['twitter']}'"})
    assert f"account_id {ACCOUNT_IDS['twitter']} is twitter @acmestudio, not bluesky" in other
    assert "is not one of your connected accounts. Call accounts_list to get ids." in unknown
    assert same["based_on_posts"] > 0
    assert await sandbox.hits(reads) == 1  # only the call whose account fits reached the analytics


@pytest.mark.parametrize("field", ["profile_id", "account_id"])
@pytest.mark.parametrize("value", ["../profiles", "abc?x=1", "a b", "%2e%2e"])
async def test_a_bad_id_is_refused_before_any_request(
    server: MCPServer[Any], sandbox: Sandbox, field: str, value: str
) -> None:
    watch = await sandbox.watch()
    async with tools(server) as t:
        text = await t.error("posts_best_times", {field: value})
    assert f"{field} {value!r} is not a valid id." in text
    assert await sandbox.hits(watch) == 0


async def test_without_the_add_on_the_queue_stands_in(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(berlin(2027, 3, 20, 12))
    await sandbox.control("plan", {"analytics": False})
    refused = await sandbox.api("GET", "analytics/best-time")
    assert refused.status_code == 402
    async with tools(server) as t:
        fallback = await t.ok("posts_best_times", {"profile_id": PROFILE_MAIN})
        default = await t.ok("posts_best_times")
        none = await t.error("posts_best_times", {"profile_id": PROFILE_PERSONAL})
    assert fallback == default  # the main profile is the default one
    assert fallback["source"] == "queue"
    assert "Analytics add-on" in fallback["note"]
    assert "https://getlate.dev/pricing" in fallback["note"]
    assert "based_on_posts" not in fallback
    # The seeded queue, weekdays 09:00 and Tue/Thu 15:30 in New York (on summer time since the 14th), seen from
    # Berlin before its own change on the 28th and after it.
    assert [(s["local"], s.get("later", "")) for s in fallback["slots"]] == [
        ("Mon 14:00", "Mon 15:00 from Mon 2027-03-29"),
        ("Tue 14:00", "Tue 15:00 from Tue 2027-03-30"),
        ("Tue 20:30", "Tue 21:30 from Tue 2027-03-30"),
        ("Wed 14:00", "Wed 15:00 from Wed 2027-03-31"),
        ("Thu 14:00", "Thu 15:00 from Thu 2027-04-01"),
        ("Thu 20:30", "Thu 21:30 from Thu 2027-04-01"),
        ("Fri 14:00", "Fri 15:00 from Fri 2027-04-02"),
    ]
    assert "Analytics add-on" in none
    assert "https://getlate.dev/pricing" in none
    assert "no queue to fall back on" in none
    # the queue toolset is off here; the toolsets tool can turn it on
    assert "set up a queue of weekly slots with queue_create, from the queue toolset (the toolsets tool turns" in none


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({"toolsets": (*PLANNER, "queue")}, "set up a queue of weekly slots with queue_create."),
        ({"toolsets": PLANNER, "dynamic_toolsets": False}, "set up a queue of weekly slots in the Late dashboard."),
        ({"toolsets": ("all",), "read_only": True}, "set up a queue of weekly slots in the Late dashboard."),
    ],
)
async def test_the_queue_step_names_queue_create_only_where_it_can_be_had(
    app: Starlette, sandbox: Sandbox, settings: dict[str, Any], said: str
) -> None:
    """No add-on and no queue: the next step names queue_create where the server offers it, else the dashboard."""
    await sandbox.control("plan", {"analytics": False})
    async with tools(make_server(app, **settings)) as t:
        none = await t.error("posts_best_times", {"profile_id": PROFILE_PERSONAL})
    assert said in none


async def test_the_sandbox_route_follows_the_contract(sandbox: Sandbox) -> None:
    everything = await sandbox.get("analytics/best-time")
    late = await sandbox.get("analytics/best-time", source="late")
    external = await sandbox.get("analytics/best-time", source="external")
    twitter = await sandbox.get("analytics/best-time", platform="twitter")
    for body in (everything, late, external, twitter):
        for slot in body["slots"]:
            assert set(slot) == {"day_of_week", "hour", "avg_engagement", "post_count"}
            assert 0 <= slot["day_of_week"] <= 6
            assert 0 <= slot["hour"] <= 23
            assert slot["post_count"] >= 1

    def count(body: dict[str, Any]) -> int:
        return sum(s["post_count"] for s in body["slots"])

    assert count(everything) == count(late) + count(external)
    assert 0 < count(late) < count(external)
    assert 0 < count(twitter) < count(everything)
    assert (await sandbox.api("GET", "analytics/best-time", params={"source": "mine"})).status_code == 400


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({"toolsets": PLANNER}, "see them with queue_list, from the queue toolset (the toolsets tool turns it on)."),
        ({"toolsets": ("all",), "read_only": True}, "see them with queue_list."),  # a read: read-only keeps it
        ({"toolsets": PLANNER, "dynamic_toolsets": False}, "see them in the Late dashboard."),
    ],
)
async def test_no_engagement_data_points_at_the_queue_where_it_can_be_seen(
    app: Starlette, settings: dict[str, Any], said: str
) -> None:
    async with tools(make_server(app, **settings)) as t:
        out = await t.ok("posts_best_times", {"platform": "reddit"})
    assert out["slots"] == []
    assert out["note"] == f"Publish for a few weeks first; meanwhile the queue's slots are a fair default: {said}"
