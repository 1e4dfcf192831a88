"""posts_best_times through the MCP client on the sandbox: the API's UTC slots as Berlin local times a week
before the March change (and after it), the data's basis, and without the Analytics add-on an error naming it,
with the queue's slots where the profile has a queue. Also the sandbox's route itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, PROFILE_PERSONAL

from ..conftest import Sandbox, tools
from .conftest import berlin

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
    assert "queue_create" in none


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
