"""posts_calendar through the MCP client on the sandbox: a week across the March change in Berlin, clashes and
duplicates between real posts, free queue slots, the 4 KB budget of a busy week, and the late://calendar
resource."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer
from mcp.shared.exceptions import MCPError
from mcp.types import TextResourceContents

from late_mcp.sandbox.seed import ACCOUNT_IDS, PROFILE_MAIN, PROFILE_PERSONAL

from ..conftest import Sandbox, text_of, tools
from .conftest import berlin, scheduled

TWITTER, LINKEDIN, BLUESKY = ACCOUNT_IDS["twitter"], ACCOUNT_IDS["linkedin"], ACCOUNT_IDS["bluesky"]


async def test_a_week_across_the_spring_change(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(berlin(2027, 3, 20, 12))
    monday = await scheduled(sandbox, TWITTER, "twitter", berlin(2027, 3, 22, 9), "Week kickoff")
    first = await scheduled(sandbox, TWITTER, "twitter", berlin(2027, 3, 23, 9), "Coffee thoughts")
    await scheduled(sandbox, TWITTER, "twitter", berlin(2027, 3, 23, 9, 20), "Second coffee")  # 20 min later
    await scheduled(sandbox, LINKEDIN, "linkedin", berlin(2027, 3, 28, 1, 30), "Before the jump")
    await scheduled(sandbox, LINKEDIN, "linkedin", berlin(2027, 3, 28, 3, 15), "After the jump")
    await scheduled(sandbox, BLUESKY, "bluesky", berlin(2027, 3, 28, 23, 30), "Sunday night")
    async with tools(server) as t:
        cal = await t.ok("posts_calendar", {"start": "2027-03-22"})
    assert cal["timezone"] == "Europe/Berlin"
    assert cal["period"] == "Mon 2027-03-22 to Sun 2027-03-28"
    assert cal["next_start"] == "2027-03-29"
    days = {d["day"]: d for d in cal["days"]}
    assert list(days) == [
        f"{d} 2027-03-{n}"
        for d, n in zip(("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), range(22, 29), strict=True)
    ]
    assert days["Mon 2027-03-22"]["posts"] == [f"09:00 scheduled twitter@acmestudio “Week kickoff” {monday}"]
    assert days["Tue 2027-03-23"]["marks"] == [
        f"clash on twitter@acmestudio: 20 min after {first} at 09:00 (under 30 min apart)"
    ]
    sunday = days["Sun 2027-03-28"]
    assert [line.split(" “")[0] for line in sunday["posts"]] == [
        "01:30 CET scheduled linkedin@acme-studio",
        "03:15 CEST scheduled linkedin@acme-studio",
        "23:30 CEST scheduled bluesky@acmestudio.bsky.social",
    ]
    assert sunday["marks"] == ["clocks go forward 1 h at 02:00 (CET→CEST)"]
    for empty in ("Wed 2027-03-24", "Thu 2027-03-25", "Fri 2027-03-26", "Sat 2027-03-27"):
        assert "empty day" in days[empty]["marks"]
    # The seeded queue: weekdays 09:00 and Tue/Thu 15:30 in New York, on summer time since 14 March while Berlin
    # is not until the 28th: 14:00 and 20:30 in Berlin this week.
    assert days["Mon 2027-03-22"]["free"] == ["14:00"]
    assert days["Tue 2027-03-23"]["free"] == ["14:00", "20:30"]
    assert "free" not in sunday
    assert cal["summary"] == (
        "Mon 2027-03-22 to Sun 2027-03-28 (Europe/Berlin): 6 posts on 3 of 7 days; 1 clash; 7 free queue slots; "
        "clocks change on Sun 2027-03-28."
    )


async def test_a_duplicate_the_api_let_through_is_marked(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    """The same text on one account 23 hours apart, created more than 24 hours apart (so the API took both)."""
    await freeze(berlin(2027, 3, 20, 12))
    first = await scheduled(sandbox, BLUESKY, "bluesky", berlin(2027, 3, 25, 10), "Same words")
    await sandbox.advance(25 * 3600)
    await scheduled(sandbox, BLUESKY, "bluesky", berlin(2027, 3, 26, 9), "Same words")
    async with tools(server) as t:
        cal = await t.ok("posts_calendar", {"start": "2027-03-22", "platform": "bluesky"})
    friday = next(d for d in cal["days"] if d["day"] == "Fri 2027-03-26")
    assert friday["marks"] == [
        f"duplicate on bluesky@acmestudio.bsky.social: same text as {first} at Thu 10:00, within 24 h "
        "(the API refuses it)"
    ]


async def test_filters_and_bad_arguments(server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]) -> None:
    await freeze(berlin(2027, 3, 20, 12))
    await scheduled(sandbox, TWITTER, "twitter", berlin(2027, 3, 22, 9), "On X")
    await scheduled(sandbox, LINKEDIN, "linkedin", berlin(2027, 3, 22, 10), "On LinkedIn")
    async with tools(server) as t:
        only_x = await t.ok("posts_calendar", {"start": "2027-03-22", "days": 1, "platform": "x"})
        personal = await t.ok("posts_calendar", {"start": "2027-03-22", "days": 1, "profile_id": PROFILE_PERSONAL})
        new_york = await t.ok("posts_calendar", {"start": "2027-03-22", "days": 1, "timezone": "America/New_York"})
        bad_days = await t.error("posts_calendar", {"days": 40})
        bad_start = await t.error("posts_calendar", {"start": "22.03.2027"})
        bad_zone = await t.error("posts_calendar", {"timezone": "Mars/Base"})
        start_as_from = await t.error("posts_calendar", {"from": "2027-03-22", "days": 1})
        # no zone shows these days' midnights (or the 31 days after): refused, not an OverflowError in the tool
        calendar_end = await t.error("posts_calendar", {"start": "9999-12-30"})
        calendar_start = await t.error("posts_calendar", {"start": "0001-01-01", "timezone": "Asia/Tokyo"})
    assert [line.split(" “")[0] for line in only_x["days"][0]["posts"]] == ["09:00 scheduled twitter@acmestudio"]
    assert personal["days"][0]["marks"] == ["empty day"]
    assert "free" not in personal["days"][0]  # the personal profile has no queue
    assert [line[:5] for line in new_york["days"][0]["posts"]] == ["04:00", "05:00"]
    assert "days=40 is not allowed: give a whole number from 1 to 31" in bad_days
    assert "YYYY-MM-DD" in bad_start
    assert "Unknown time zone" in bad_zone
    assert "from is not a parameter of posts_calendar: did you mean start? Nothing was done" in start_as_from
    assert "start='9999-12-30' is out of range: give a date from 0002-01-01 to 9990-12-31" in calendar_end
    assert "start='0001-01-01' is out of range" in calendar_start


async def test_a_busy_week_of_twenty_posts_stays_under_4_kb(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(berlin(2027, 5, 1, 12))
    text = "Our new guide to planning a month of content in one afternoon is out now: templates, tips and more."
    accounts = [(TWITTER, "twitter"), (LINKEDIN, "linkedin"), (BLUESKY, "bluesky"), (ACCOUNT_IDS["threads"], "threads")]
    for n in range(20):
        account, platform = accounts[n % 4]
        when = berlin(2027, 5, 3, 8) + timedelta(days=n % 7, hours=n // 7 * 3)
        await scheduled(sandbox, account, platform, when, f"{n:02d} {text}")
    async with tools(server) as t:
        result = await t.call("posts_calendar", {"start": "2027-05-03"})
    assert not result.is_error
    assert result.structured_content is not None
    assert sum(len(d.get("posts", [])) for d in result.structured_content["days"]) == 20
    size = len(text_of(result).encode())
    assert size <= 4096, size


async def test_a_busy_month_is_cut_to_the_days_that_fit_and_says_where_the_rest_starts(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    """31 days of two posts a day answered 7 KB and more; now each answer stays under 4 KB, and its note's start and
    days lead through the rest: every day once, in order, every post on it."""
    await freeze(berlin(2027, 4, 20, 12))
    text = "Our new guide to planning a month of content in one afternoon is out now: templates, tips and more."
    made = [
        await scheduled(
            sandbox,
            TWITTER,
            "twitter",
            berlin(2027, 5, 1, 8) + timedelta(days=n // 2, hours=n % 2 * 9),
            f"{n:02d} {text}",
        )
        for n in range(62)
    ]
    args: dict[str, Any] = {"start": "2027-05-01", "days": 31, "platform": "twitter"}
    answers = []
    async with tools(server) as t:
        while True:
            result = await t.call("posts_calendar", args)
            assert result.structured_content is not None
            answers.append((len(text_of(result).encode()), result.structured_content))
            rest = re.search(r"start=(\S+) and days=(\d+)", result.structured_content.get("note", ""))
            if rest is None:
                break
            args = {**args, "start": rest[1], "days": int(rest[2])}
    assert len(answers) > 1
    assert all(size <= 4096 for size, _ in answers), [size for size, _ in answers]
    days = [d["day"] for _, cal in answers for d in cal["days"]]
    assert days == [f"{date(2027, 5, 1) + timedelta(days=n):%a %Y-%m-%d}" for n in range(31)]
    lines = [line for _, cal in answers for d in cal["days"] for line in d.get("posts", [])]
    assert [line.rsplit(" ", 1)[1] for line in lines] == made
    first = answers[0][1]
    shown = len(first["days"])
    assert first["next_start"] == f"{date(2027, 5, 1) + timedelta(days=shown):%Y-%m-%d}"
    assert first["note"] == (
        f"Only {shown} of the 31 days asked fit one answer: call again with start={first['next_start']} and "
        f"days={31 - shown} for the rest."
    )
    assert first["summary"].startswith(f"Sat 2027-05-01 to {first['days'][-1]['day']} (Europe/Berlin): ")


async def test_the_calendar_resource_is_the_tools_view(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(berlin(2027, 3, 20, 12))
    await scheduled(sandbox, TWITTER, "twitter", berlin(2027, 3, 22, 9), "Week kickoff")
    async with tools(server) as t:
        from_tool = await t.ok("posts_calendar", {"start": "2027-03-22", "days": 3})
        read = await t.client.read_resource("late://calendar/2027-03-22/3")
        templates = await t.client.list_resource_templates()
        with pytest.raises(MCPError, match="give 1 to 31 days"):
            await t.client.read_resource("late://calendar/2027-03-22/99")
    [content] = read.contents
    assert isinstance(content, TextResourceContents)
    assert json.loads(content.text) == from_tool
    assert "late://calendar/{start}/{days}" in {tpl.uri_template for tpl in templates.resource_templates}


async def test_a_free_slot_the_clocks_skip_is_shown_where_the_queue_puts_it(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    """A Sunday 02:30 slot on the night Berlin skips 02:00-03:00: the calendar's free slot is the instant the
    sandbox's queue schedules (03:30 CEST, read with the offset before the jump, as everywhere)."""
    await freeze(berlin(2027, 3, 27, 12))
    nights = {"name": "Nights", "timezone": "Europe/Berlin", "slots": [{"dayOfWeek": 0, "time": "02:30"}]}
    made = await sandbox.api("POST", "queue/slots", json={"profileId": PROFILE_PERSONAL, **nights})
    assert made.status_code == 201, made.text
    queued = await sandbox.get("queue/preview", profileId=PROFILE_PERSONAL, count=1)
    async with tools(server) as t:
        cal = await t.ok("posts_calendar", {"start": "2027-03-28", "days": 1, "profile_id": PROFILE_PERSONAL})
    assert queued["slots"] == ["2027-03-28T01:30:00.000Z"]  # 03:30 CEST
    assert cal["days"][0]["free"] == ["03:30 CEST (02:30 does not exist that day: Late picks the time)"]


async def test_a_slot_beside_a_post_scheduled_by_time_is_free_in_the_queue_and_says_what_is_there(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    """The queue counts only its own posts: "Do not call /v1/queue/next-slot and then use that time in
    scheduledFor. That bypasses the queue system and can cause duplicate slot assignments" (POST /v1/posts). So the
    seeded queue's Monday 09:00 New York slot (14:00 in Berlin) stays the next slot with a post scheduled by time
    on it, and the calendar lists it free, naming that post; a post on another profile's account is not named."""
    await freeze(berlin(2027, 3, 20, 12))
    await scheduled(sandbox, TWITTER, "twitter", berlin(2027, 3, 22, 14), "By the clock")
    await scheduled(sandbox, ACCOUNT_IDS["twitter_personal"], "twitter", berlin(2027, 3, 22, 14), "Mine")
    slot = await sandbox.get("queue/next-slot", profileId=PROFILE_MAIN)
    async with tools(server) as t:
        cal = await t.ok("posts_calendar", {"start": "2027-03-22", "days": 1})
    assert slot["nextSlot"] == "2027-03-22T13:00:00.000Z"  # the API's queue gives this slot out all the same
    assert cal["days"][0]["free"] == ["14:00 (free in the queue, but twitter@acmestudio already has a post at 14:00)"]


async def test_a_platform_filter_keeps_the_slots_queued_posts_on_other_platforms_hold(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    """A queued LinkedIn post holds Monday's slot for every platform: the twitter-only view does not list it free."""
    await freeze(berlin(2027, 3, 20, 12))
    queued = await sandbox.api(
        "POST",
        "posts",
        json={
            "content": "Queued on LinkedIn",
            "queuedFromProfile": PROFILE_MAIN,
            "platforms": [{"platform": "linkedin", "accountId": LINKEDIN}],
        },
    )
    assert queued.status_code == 201, queued.text
    assert queued.json()["post"]["scheduledFor"] == "2027-03-22T13:00:00.000Z"  # Monday 14:00 in Berlin
    async with tools(server) as t:
        only_x = await t.ok("posts_calendar", {"start": "2027-03-22", "days": 2, "platform": "twitter"})
        every = await t.ok("posts_calendar", {"start": "2027-03-22", "days": 2})
    assert [d.get("free") for d in only_x["days"]] == [None, ["14:00", "20:30"]]
    assert [d.get("free") for d in every["days"]] == [None, ["14:00", "20:30"]]
    assert "posts" not in only_x["days"][0]  # the LinkedIn post itself is not shown in the twitter view
