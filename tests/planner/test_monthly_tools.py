"""Monthly series on a weekday of the month, through the MCP client on the sandbox: every post the sandbox holds is
at a hand-written UTC instant (the first Mondays of 2027 at 09:00 in Berlin and New York across both clock
changes, the last Fridays, the fifth Tuesdays with the months that have none named, the last Sundays at 02:30,
which the clocks skip in March and repeat in October), and the dry run and the question say what is made."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ..conftest import Sandbox, parse_dt, tools
from ..safety.conftest import Person, client
from .conftest import berlin
from .test_series_undo import journaled

BLUESKY = ACCOUNT_IDS["bluesky"]
NOW = berlin(2026, 12, 1, 10)


def texts(what: str, n: int = 12) -> list[str]:
    return [f"{what} #{i}: what changed this month, in one page." for i in range(1, n + 1)]


def utc(*instants: str) -> list[datetime]:
    """Hand-written instants, 'YYYY-MM-DDTHH:MM' in UTC."""
    return [parse_dt(f"{i}:00+00:00") for i in instants]


async def made(sandbox: Sandbox, server: MCPServer[Any], before: set[str], **asked: Any) -> tuple[Any, list[datetime]]:
    """A real series on Bluesky; its result and the scheduledFor of each post the sandbox now has, in order."""
    args = {"platforms": "bluesky", "account_ids": BLUESKY, "dry_run": False, **asked}
    async with tools(server) as t:
        done = await t.ok("posts_schedule_series", args)
    assert done["failed"] == 0
    stored = sorted(parse_dt(p["scheduledFor"]) for p in sandbox.new_posts(before))
    assert [parse_dt(d["utc"].replace("Z", "+00:00")) for d in done["dates"]] == stored
    return done, stored


async def test_the_first_monday_of_every_month_in_berlin_and_new_york(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    """Berlin changes clocks on 28 March and 31 October 2027, New York on 14 March and 7 November: 1 November is
    09:00 CET (08:00 UTC) in Berlin but still 09:00 EDT (13:00 UTC) in New York."""
    await freeze(NOW)
    before = sandbox.post_ids()
    done, berlin_posts = await made(
        sandbox, server, before, every="First Monday of every month", at="09:00", start="2027-01-01", count=12,
        contents=texts("Berlin letter"),
    )  # fmt: skip
    assert berlin_posts == utc(
        "2027-01-04T08:00", "2027-02-01T08:00", "2027-03-01T08:00", "2027-04-05T07:00", "2027-05-03T07:00",
        "2027-06-07T07:00", "2027-07-05T07:00", "2027-08-02T07:00", "2027-09-06T07:00", "2027-10-04T07:00",
        "2027-11-01T08:00", "2027-12-06T08:00",
    )  # fmt: skip
    assert done["summary"] == (
        "Created 12 of 12 posts every month on the first Monday at 09:00 Europe/Berlin, Mon 2027-01-04 to Mon "
        "2027-12-06 (UTC 08:00, 07:00 from 2027-04-05, 08:00 from 2027-11-01)."
    )
    before = sandbox.post_ids()
    _, new_york = await made(
        sandbox, server, before, every="month", on="first mon", at="09:00", start="2027-01-01", count=12,
        timezone="America/New_York", contents=texts("New York letter"),
    )  # fmt: skip
    assert new_york == utc(
        "2027-01-04T14:00", "2027-02-01T14:00", "2027-03-01T14:00", "2027-04-05T13:00", "2027-05-03T13:00",
        "2027-06-07T13:00", "2027-07-05T13:00", "2027-08-02T13:00", "2027-09-06T13:00", "2027-10-04T13:00",
        "2027-11-01T13:00", "2027-12-06T14:00",
    )  # fmt: skip


async def test_the_last_friday_of_each_month_until_the_last_day_of_the_year(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    done, posts = await made(
        sandbox, server, sandbox.post_ids(), every="last Friday of each month", at="17:30", start="2027-01-01",
        until="2027-12-31", contents=texts("Friday recap"),
    )  # fmt: skip
    assert posts == utc(
        "2027-01-29T16:30", "2027-02-26T16:30", "2027-03-26T16:30", "2027-04-30T15:30", "2027-05-28T15:30",
        "2027-06-25T15:30", "2027-07-30T15:30", "2027-08-27T15:30", "2027-09-24T15:30", "2027-10-29T15:30",
        "2027-11-26T16:30", "2027-12-31T16:30",
    )  # fmt: skip
    assert done["dates"][-1]["local"] == "Fri 2027-12-31 17:30 CET"  # until is the last date, included


async def test_a_fifth_tuesday_series_names_the_months_that_have_none(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    done, posts = await made(
        sandbox, server, sandbox.post_ids(), every="monthly", on=["5th tue"], at="12:00", start="2027-01-01",
        until="2027-12-31", timezone="America/New_York", contents=texts("Fifth Tuesday", 4),
    )  # fmt: skip
    assert posts == utc("2027-03-30T16:00", "2027-06-29T16:00", "2027-08-31T16:00", "2027-11-30T17:00")
    async with tools(server) as t:
        none = await t.error(
            "posts_schedule_series",
            {"every": "5th tuesday of the month", "at": "12:00", "start": "2027-01-01", "until": "2027-02-28",
             "platforms": "bluesky", "account_ids": BLUESKY, "content": "Never sent"},
        )  # fmt: skip
    assert "No date of this series is still ahead (no fifth Tuesday in Jan 2027, Feb 2027)" in none
    assert done["summary"] == (
        "Created 4 of 4 posts every month on the fifth Tuesday at 12:00 America/New_York, Tue 2027-03-30 to Tue "
        "2027-11-30 (UTC 16:00, 17:00 from 2027-11-30); no fifth Tuesday in Jan 2027, Feb 2027, Apr 2027, May 2027, "
        "Jul 2027, Sep 2027, Oct 2027, Dec 2027 (RFC 5545: a month without the day gets no post)."
    )


async def test_the_last_sunday_at_half_past_two_across_both_clock_changes(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    """Berlin's clocks skip 02:30 on the last Sunday of March (it is 03:30, the one rule: wallclock.place) and
    pass it twice on the last Sunday of October (the first is taken)."""
    await freeze(NOW)
    done, posts = await made(
        sandbox, server, sandbox.post_ids(), every="every month on the last sunday", at="02:30", start="2027-03-01",
        count=8, contents=texts("Night shift", 8),
    )  # fmt: skip
    assert posts == utc(
        "2027-03-28T01:30", "2027-04-25T00:30", "2027-05-30T00:30", "2027-06-27T00:30", "2027-07-25T00:30",
        "2027-08-29T00:30", "2027-09-26T00:30", "2027-10-31T00:30",
    )  # fmt: skip
    march, *_, october = done["dates"]
    assert march["local"] == "Sun 2027-03-28 03:30 CEST"
    assert "does not exist" in march["note"]
    assert "happens twice" in october["note"]


async def test_the_dry_run_and_the_question_say_what_is_made(
    server: MCPServer[Any], sandbox: Sandbox, tmp_path: Path, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    asked = {"every": "every other month on the first Monday", "at": "09:00", "count": 3,
             "platforms": "bluesky", "account_ids": BLUESKY, "contents": texts("Newsletter", 3)}  # fmt: skip
    before = sandbox.post_ids()
    async with tools(server) as t:
        plan = await t.ok("posts_schedule_series", asked)
    assert sandbox.post_ids() == before
    # no start: from the first Monday still ahead (7 December), then every second month
    assert [d["local"] for d in plan["dates"]] == [
        "Mon 2026-12-07 09:00 CET",
        "Mon 2027-02-01 09:00 CET",
        "Mon 2027-04-05 09:00 CEST",
    ]
    assert plan["summary"].startswith(
        "Dry run, nothing created: 3 posts every 2 months on the first Monday at 09:00 Europe/Berlin, Mon 2026-12-07 "
        "to Mon 2027-04-05 (UTC 08:00, 07:00 from 2027-04-05)"
    )
    person = Person(answer="decline")
    async with client(journaled(sandbox, tmp_path, confirm="all"), person) as t:
        await t.error("posts_schedule_series", {**asked, "every": "monthly", "on": "last fri", "dry_run": False})
    assert person.asked == [
        "Schedule 3 posts, every month on the last Friday at 09:00 Europe/Berlin from today, on bluesky, 3 text(s) "
        "used in turn:\nConfirm to go ahead."
    ]
    assert sandbox.post_ids() == before


async def test_a_list_of_places_after_every_is_the_months_in_the_dry_run(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    """'every 1st and 3rd monday', in digits or words, as a model sends it: the month's first and third Mondays
    (March 2027 starts on a Monday; Berlin's clocks go forward on 28 March), nothing created."""
    await freeze(NOW)
    asked = {"at": "09:00", "start": "2027-03-01", "count": 4, "platforms": "bluesky", "account_ids": BLUESKY,
             "contents": texts("Tip", 4)}  # fmt: skip
    before = sandbox.post_ids()
    async with tools(server) as t:
        plans = {e: await t.ok("posts_schedule_series", {**asked, "every": e}) for e in (
            "every 1st and 3rd monday", "every first and third Monday", "every 2nd and 4th tuesday",
            "Every second and fourth Tuesday",
        )}  # fmt: skip
    assert sandbox.post_ids() == before
    mondays = [
        "Mon 2027-03-01 09:00 CET", "Mon 2027-03-15 09:00 CET", "Mon 2027-04-05 09:00 CEST", "Mon 2027-04-19 09:00 CEST"
    ]  # fmt: skip
    tuesdays = [
        "Tue 2027-03-09 09:00 CET", "Tue 2027-03-23 09:00 CET", "Tue 2027-04-13 09:00 CEST", "Tue 2027-04-27 09:00 CEST"
    ]  # fmt: skip
    assert {e: [d["local"] for d in p["dates"]] for e, p in plans.items()} == {
        "every 1st and 3rd monday": mondays,
        "every first and third Monday": mondays,
        "every 2nd and 4th tuesday": tuesdays,
        "Every second and fourth Tuesday": tuesdays,
    }
    assert plans["every first and third Monday"]["summary"].startswith(
        "Dry run, nothing created: 4 posts every month on the first and third Monday at 09:00 Europe/Berlin"
    )
    assert plans["Every second and fourth Tuesday"]["summary"].startswith(
        "Dry run, nothing created: 4 posts every month on the second and fourth Tuesday at 09:00 Europe/Berlin"
    )


async def test_what_the_refusals_say_to_send_is_read_as_meant(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    """A model that follows each refusal's advice gets the series it chose: 'every second monday' (either reading),
    'first tuesday and every friday' (two series), 'last business day of the month' (the last Friday)."""
    await freeze(NOW)
    asked = {"at": "09:00", "start": "2027-03-01", "count": 2, "platforms": "bluesky", "account_ids": BLUESKY,
             "contents": texts("Tip", 2)}  # fmt: skip
    before = sandbox.post_ids()
    async with tools(server) as t:
        refused = [await t.error("posts_schedule_series", {**asked, "every": e}) for e in (
            "every second monday", "first tuesday and every friday", "last business day of the month",
        )]  # fmt: skip
        followed = [await t.ok("posts_schedule_series", {**asked, **a}) for a in (
            {"every": "every 2 weeks", "on": "mon"}, {"every": "second Monday of the month"},
            {"every": "first Tuesday of the month"}, {"every": "week", "on": "fri"}, {"every": "last fri monthly"},
        )]  # fmt: skip
    assert sandbox.post_ids() == before
    assert "could be every 2 weeks or the second Monday of each month" in refused[0]
    two = "send two series, one with every='first Tuesday of the month' and one with every='week' and on='fri'"
    assert two in refused[1]
    assert "cannot pick the first or last working day of a month" in refused[2]
    assert [[d["local"][:14] for d in p["dates"]] for p in followed] == [
        ["Mon 2027-03-01", "Mon 2027-03-15"],
        ["Mon 2027-03-08", "Mon 2027-04-12"],
        ["Tue 2027-03-02", "Tue 2027-04-06"],
        ["Fri 2027-03-05", "Fri 2027-03-12"],
        ["Fri 2027-03-26", "Fri 2027-04-30"],
    ]
    assert [p["summary"].split(" at 09:00")[0].split("2 posts ")[1] for p in followed] == [
        "every 2 weeks on Monday",
        "every month on the second Monday",
        "every month on the first Tuesday",
        "every Friday",
        "every month on the last Friday",
    ]
