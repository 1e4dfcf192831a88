"""posts_schedule_series through the MCP client on the sandbox: twelve Mondays at 09:00 Berlin across the March
change (dry run, then real, one date failing at the API), a skipped and a repeated local time, repeated text,
pre-flight rule problems, and clashes with posts already there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from mcp.server.mcpserver import MCPServer

from late_mcp.sandbox.seed import ACCOUNT_IDS

from ..conftest import BERLIN, Sandbox, parse_dt, tools
from .conftest import berlin, scheduled

BLUESKY, TWITTER = ACCOUNT_IDS["bluesky"], ACCOUNT_IDS["twitter"]
NOW = berlin(2027, 3, 1, 11)  # Monday 1 March, after 09:00: that Monday is already past
ON_BLUESKY = {"platforms": "bluesky", "account_ids": BLUESKY}
TIPS = [f"Monday tip #{n}: one small habit for a calmer content week." for n in range(1, 13)]


def mondays(**extra: Any) -> dict[str, Any]:
    return {
        "at": "09:00",
        "on": "mon",
        "start": "2027-03-01",
        "count": 12,
        "platforms": "bluesky",
        "account_ids": BLUESKY,
        "contents": TIPS,
        **extra,
    }


def mondays_until(**extra: Any) -> dict[str, Any]:
    """The same series bounded by a last date instead of a count."""
    asked = mondays(**extra)
    del asked["count"]
    return asked


async def test_twelve_mondays_dry_run(server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]) -> None:
    await freeze(NOW)
    taken = await scheduled(sandbox, BLUESKY, "bluesky", berlin(2027, 4, 5, 9, 10), "Easter Monday special")
    before = sandbox.post_ids()
    async with tools(server) as t:
        plan = await t.ok("posts_schedule_series", mondays())
    assert sandbox.post_ids() == before  # a dry run creates nothing
    assert plan["dry_run"] is True
    dates = plan["dates"]
    assert [d["n"] for d in dates] == list(range(1, 13))
    assert dates[0]["local"] == "Mon 2027-03-08 09:00 CET"
    assert dates[0]["utc"] == "2027-03-08T08:00Z"
    assert dates[3]["local"] == "Mon 2027-03-29 09:00 CEST"
    assert dates[3]["utc"] == "2027-03-29T07:00Z"
    assert dates[-1]["local"] == "Mon 2027-05-24 09:00 CEST"
    for d in dates:
        local = parse_dt(d["utc"].replace("Z", "+00:00")).astimezone(BERLIN)
        assert (local.weekday(), f"{local:%H:%M}") == (0, "09:00")
        assert d["local"].startswith(f"{local:%a %Y-%m-%d %H:%M}")
    assert [d["text"] for d in dates] == list(range(1, 13))
    assert dates[4]["problems"] == [
        f"clash on bluesky@acmestudio.bsky.social: 10 min before {taken} at 09:10 (under 30 min apart)"
    ]
    assert all("problems" not in d for i, d in enumerate(dates) if i != 4)
    assert "problems" not in plan
    assert plan["summary"] == (
        "Dry run, nothing created: 12 posts every Monday at 09:00 Europe/Berlin, Mon 2027-03-08 to Mon 2027-05-24 "
        "(UTC 08:00, 07:00 from 2027-03-29); 1 date(s) already past left out; 1 date(s) with clashes or duplicates "
        "(see each date's problems); call again with dry_run=false to create them."
    )
    assert taken in sandbox.post_ids()


async def test_a_series_reads_the_accounts_once(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    """Twelve texts are planned against one read of the accounts and their health, not twelve: a long series must
    not spend the user's per-minute allowance on the same list."""
    await freeze(NOW)
    listed, health = await sandbox.watch("/api/v1/accounts", "GET"), await sandbox.watch("/api/v1/accounts/health")
    async with tools(server) as t:
        plan = await t.ok("posts_schedule_series", mondays())
    assert len(plan["dates"]) == 12
    assert (await sandbox.hits(listed), await sandbox.hits(health)) == (1, 1)


async def test_twelve_mondays_for_real_with_one_date_failing_at_the_api(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    before = sandbox.post_ids()
    # The next create fails. A 4xx: no retry policy sends it again, so exactly that date fails.
    await sandbox.fault(path="/v1/posts", method="POST", fail_count=1, status=400)
    async with tools(server) as t:
        done = await t.ok("posts_schedule_series", mondays(dry_run=False))
    assert done["dry_run"] is False
    assert (done["created"], done["failed"]) == (11, 1)
    first, *rest = done["dates"]
    assert "post_id" not in first
    assert "Injected fault" in first["error"]
    assert all("error" not in d and d["post_id"] for d in rest)
    created = {p["_id"]: p for p in sandbox.new_posts(before)}
    assert set(created) == {d["post_id"] for d in rest}
    assert done["post_ids"] == [d["post_id"] for d in rest]  # the one place a journal reads the series from
    for d, text in zip(rest, TIPS[1:], strict=True):
        post = created[d["post_id"]]
        assert post["scheduledFor"].startswith(d["utc"][:-1])  # the date's instant, to the minute
        assert post["content"] == text
        assert parse_dt(post["scheduledFor"]).astimezone(BERLIN).strftime("%a %H:%M") == "Mon 09:00"
    assert done["summary"].startswith("Created 11 of 12 posts every Monday at 09:00 Europe/Berlin")
    assert "1 failed (see each date's error; the others stand)" in done["summary"]


async def test_a_skipped_and_a_repeated_local_time(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(berlin(2027, 3, 20, 12))
    spring = {
        "at": "02:30",
        "on": "sun",
        "start": "2027-03-21",
        "count": 2,
        "platforms": "bluesky",
        "account_ids": BLUESKY,
        "contents": ["Night owls, part one", "Night owls, part two"],
    }
    autumn = {**spring, "start": "2027-10-24", "contents": ["Autumn owls, one", "Autumn owls, two"]}
    before = sandbox.post_ids()
    async with tools(server) as t:
        moved = await t.ok("posts_schedule_series", {**spring, "dry_run": False})
        twice = await t.ok("posts_schedule_series", {**autumn, "dry_run": False})
    plain, skipped = moved["dates"]
    assert "note" not in plain
    assert plain["local"] == "Sun 2027-03-21 02:30 CET"
    assert skipped["local"] == "Sun 2027-03-28 03:30 CEST"
    assert skipped["utc"] == "2027-03-28T01:30Z"
    assert skipped["note"] == "02:30 does not exist on 2027-03-28 (clocks jump forward): moved to 03:30"
    repeated = twice["dates"][1]
    assert repeated["local"] == "Sun 2027-10-31 02:30 CEST"
    assert repeated["utc"] == "2027-10-31T00:30Z"
    assert repeated["note"] == "02:30 happens twice on 2027-10-31 (clocks go back): the first, CEST, is used"
    assert "2 date(s) not exactly as asked" not in moved["summary"]
    assert "1 date(s) not exactly as asked (see note)" in moved["summary"]
    stored = sorted(p["scheduledFor"] for p in sandbox.new_posts(before))
    assert stored == [
        "2027-03-21T01:30:00.000Z",
        "2027-03-28T01:30:00.000Z",
        "2027-10-24T00:30:00.000Z",
        "2027-10-31T00:30:00.000Z",
    ]


@pytest.mark.parametrize(
    ("zone", "at", "start", "moved"),
    [
        ("Australia/Lord_Howe", "02:15", "2027-09-26", "Sun 2027-10-03 02:45 +11"),  # a 30-minute jump
        ("Antarctica/Troll", "01:30", "2027-03-21", "Sun 2027-03-28 03:30 +02"),  # a two-hour jump
    ],
)
async def test_a_skipped_time_is_where_a_single_post_refusal_says_it_is(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any], zone: str, at: str, start: str, moved: str
) -> None:
    """The series moves a skipped time by the jump, posts it there, and posts_create refusing that wall time
    suggests the very same instant: one rule for both."""
    await freeze(berlin(2027, 3, 1, 12))
    texts = [f"Odd-clock tip {n} from {zone}" for n in range(3)]
    asked = {"at": at, "on": "sun", "start": start, "count": 3, "timezone": zone, "contents": texts}
    single = {"content": "One more", "platform": "bluesky", "scheduled_for": f"{moved[4:14]}T{at}", "timezone": zone}
    before = sandbox.post_ids()
    async with tools(server) as t:
        done = await t.ok("posts_schedule_series", {**asked, **ON_BLUESKY, "dry_run": False})
        refused = await t.error("posts_create", single)
    skipped = done["dates"][1]
    assert skipped["local"] == moved
    assert skipped["note"].endswith(f"moved to {moved[15:20]}")
    stored = {p["_id"]: p["scheduledFor"] for p in sandbox.new_posts(before)}
    assert [stored[d["post_id"]][:16] + "Z" for d in done["dates"]] == [d["utc"] for d in done["dates"]]
    there = parse_dt(skipped["utc"].replace("Z", "+00:00")).astimezone(ZoneInfo(zone))
    assert f"e.g. {there.isoformat(timespec='minutes')} " in refused


async def test_the_utc_shift_is_dated_by_the_local_day_the_person_reads(
    server: MCPServer[Any], freeze: Callable[..., Any]
) -> None:
    # 09:00 in Sydney is the evening before in UTC: Monday 5 April's post is Sunday 4 April in UTC
    await freeze(berlin(2027, 3, 20, 12))
    asked = {
        "at": "09:00", "every": "week", "start": "2027-03-29", "count": 3, "timezone": "Australia/Sydney",
        "platforms": "bluesky", "account_ids": BLUESKY, "contents": ["Week one", "Week two", "Week three"],
    }  # fmt: skip
    async with tools(server) as t:
        out = await t.ok("posts_schedule_series", asked)
    assert [d["local"] for d in out["dates"]][:2] == ["Mon 2027-03-29 09:00 AEDT", "Mon 2027-04-05 09:00 AEST"]
    assert "(UTC 22:00, 23:00 from 2027-04-05)" in out["summary"], out["summary"]


async def test_one_text_for_every_date_is_flagged_and_the_real_run_creates_nothing(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    same = mondays(contents=None, content="The same words every week", count=3)
    before = sandbox.post_ids()
    async with tools(server) as t:
        plan = await t.ok("posts_schedule_series", same)
        refused = await t.error("posts_schedule_series", {**same, "dry_run": False})
        assert sandbox.post_ids() == before  # the certain refusals are caught before anything is created
        # The rule the refusal anticipates is the API's: the same text to the account again is refused (409) now.
        first = await t.ok("posts_create", {"content": same["content"], "platform": "bluesky", "account_id": BLUESKY})
        again = await t.ok(
            "posts_create",
            {"content": same["content"], "platform": "bluesky", "account_id": BLUESKY, "schedule_minutes": 10080},
        )
    assert "problems" not in plan["dates"][0]
    assert [d["problems"] for d in plan["dates"][1:]] == [
        [
            "duplicate on bluesky@acmestudio.bsky.social: same text as date 1; the API refuses repeats within 24 h of "
            "creating them, and a series creates all its posts now: give more contents"
        ]
    ] * 2
    assert "Nothing was created: 2 of the 3 dates would send an earlier date's text" in refused
    assert "Give contents with 3 different texts" in refused
    assert again["already_posted"] is True
    assert again["post_id"] == first["post_id"]


async def test_rule_problems_stop_the_series_before_anything_is_sent(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    long = mondays(platforms="twitter", account_ids=TWITTER, contents=["x" * 300, "short and fine"], count=2)
    before = sandbox.post_ids()
    async with tools(server) as t:
        plan = await t.ok("posts_schedule_series", long)
        refused = await t.error("posts_schedule_series", {**long, "dry_run": False})
    assert len(plan["problems"]) == 1
    assert plan["problems"][0].startswith("text 1: twitter:")
    assert "1 pre-flight rule problem(s) to fix first" in plan["summary"]
    assert "Nothing was created" in refused
    assert "text 1: twitter:" in refused
    assert sandbox.post_ids() == before


async def test_bad_arguments_are_refused_before_any_call(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    await freeze(NOW)
    watch = await sandbox.watch()
    async with tools(server) as t:
        cases = {
            "at": await t.error("posts_schedule_series", mondays(at="25:00")),
            "both": await t.error("posts_schedule_series", mondays(content="also this")),
            "neither": await t.error("posts_schedule_series", mondays_until()),
            "count+until": await t.error("posts_schedule_series", mondays(until="2027-05-31")),
            "month": await t.error("posts_schedule_series", mondays(every="month")),
            "day": await t.error("posts_schedule_series", mondays(on="funday")),
            "zone": await t.error("posts_schedule_series", mondays(timezone="Moon/Base")),
            "until": await t.error("posts_schedule_series", mondays_until(until="2027-02-01")),
            "platform": await t.error("posts_schedule_series", mondays(platforms="")),
            "zone in at": await t.error("posts_schedule_series", mondays(at="09:00 CET")),
            "zone in on": await t.error("posts_schedule_series", mondays(on="mon Europe/Berlin")),
            "end": await t.error("posts_schedule_series", mondays(start="9999-12-20")),
        }
    assert "HH:MM" in cases["at"]
    assert "not both" in cases["both"]
    assert "either count" in cases["neither"]
    assert "count (12 posts) and until (2027-05-31) both end the series: give one of the two" in cases["count+until"]
    assert "with on='mon': which one in the month? Say e.g. on='first mon'" in cases["month"]
    assert "has an unknown day" in cases["day"]
    assert "Unknown time zone" in cases["zone"]
    assert "before start" in cases["until"]
    assert "platforms is empty" in cases["platform"]
    assert "at takes a time of day only: 'CET' is a time zone. Give the zone in timezone" in cases["zone in at"]
    assert "on takes days only: 'Europe/Berlin' is a time zone" in cases["zone in on"]
    assert "start='9999-12-20' is out of range" in cases["end"]
    assert await sandbox.hits(watch) == 0


async def test_past_series_and_until(server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]) -> None:
    await freeze(NOW)
    async with tools(server) as t:
        gone = await t.error("posts_schedule_series", mondays_until(start="2027-02-01", until="2027-03-01"))
        weekdays = await t.ok(
            "posts_schedule_series", mondays_until(on="weekdays", until="2027-03-05", contents=TIPS[:4])
        )
    assert "No date of this series is still ahead" in gone
    assert [d["local"][:14] for d in weekdays["dates"]] == [
        "Tue 2027-03-02",
        "Wed 2027-03-03",
        "Thu 2027-03-04",
        "Fri 2027-03-05",
    ]
    assert [d["text"] for d in weekdays["dates"]] == [1, 2, 3, 4]
    assert date(2027, 3, 1) < datetime.fromisoformat(weekdays["dates"][0]["utc"].replace("Z", "+00:00")).date()


@pytest.mark.parametrize(
    ("bad", "said"),
    [
        ({"media_urls": "not a url"}, "must be an http(s) URL"),
        ({"account_ids": "a/b"}, "account_id"),
        ({"contents": [], "content": "   "}, "content"),
    ],
)
async def test_a_series_with_bad_input_is_refused_before_any_request(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any], bad: dict[str, Any], said: str
) -> None:
    """Bad input is a clear error before any HTTP call (the project's standard): plan_post checks the account ids,
    media URLs and content locally, and the series must not read the accounts (and their health) before them."""
    await freeze(NOW)
    every = await sandbox.watch("/api/*")
    async with tools(server) as t:
        text = await t.error("posts_schedule_series", mondays(**bad))
    assert said in text
    assert await sandbox.hits(every) == 0


def linkedin_series(**extra: Any) -> dict[str, Any]:
    """Two Mondays on the seeded LinkedIn account, for real (from the real clock: no freeze needed)."""
    return {
        "contents": ["Tip one", "Tip two"],
        "platforms": "linkedin",
        "account_ids": ACCOUNT_IDS["linkedin"],
        "at": "09:00",
        "on": "mon",
        "count": 2,
        "dry_run": False,
        **extra,
    }


async def test_a_series_the_api_answers_with_existing_posts_is_not_reported_created(
    server: MCPServer[Any], sandbox: Sandbox
) -> None:
    """Sent again with a new image, every date is a 409 duplicate of the first series' post at the same time: the
    answer said "Created 2 of 2", created=2, and the new image was silently not used (posts_create says
    "Already posted ... nothing new was created" in the same case)."""
    async with tools(server) as t:
        first = await t.ok("posts_schedule_series", linkedin_series())
        before = sandbox.post_ids()
        again = await t.ok("posts_schedule_series", linkedin_series(media_urls="https://cdn.example.com/new.jpg"))
    assert sandbox.post_ids() == before  # nothing was made
    assert again["post_ids"] == first["post_ids"]
    assert again["created"] == 0, again["summary"]
    assert not again["summary"].startswith("Created 2 of 2"), again["summary"]


async def test_every_as_models_send_it_makes_the_posts_the_answer_lists(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    """'biweekly' with the count as text, started today after its time: the next Monday, then every second one
    across the change to summer time, as said and as created; 'Weekly' on 'Mondays' is every Monday; on as a
    list is read."""
    await freeze(NOW)  # Monday 1 March, 11:00 Berlin: today's 09:00 is past
    asked = {"at": "09:00", **ON_BLUESKY, "contents": TIPS[:3], "count": "3", "dry_run": False}
    before = sandbox.post_ids()
    async with tools(server) as t:
        biweekly = await t.ok("posts_schedule_series", {**asked, "every": "biweekly"})
        made = {p["_id"]: p["scheduledFor"] for p in sandbox.new_posts(before)}
        weekly = await t.ok(
            "posts_schedule_series", {**asked, "every": "Weekly", "on": "Mondays", "contents": TIPS[3:6]}
        )
    assert [d["local"] for d in biweekly["dates"]] == [
        "Mon 2027-03-08 09:00 CET",
        "Mon 2027-03-22 09:00 CET",
        "Mon 2027-04-05 09:00 CEST",
    ]
    assert [made[d["post_id"]][:16] + "Z" for d in biweekly["dates"]] == [d["utc"] for d in biweekly["dates"]]
    assert biweekly["summary"].startswith("Created 3 of 3 posts every 2 weeks on Monday at 09:00 Europe/Berlin")
    assert "already past" not in biweekly["summary"]
    assert [d["local"][:14] for d in weekly["dates"]] == ["Mon 2027-03-08", "Mon 2027-03-15", "Mon 2027-03-22"]
    assert weekly["summary"].startswith("Created 3 of 3 posts every Monday at 09:00")
    async with tools(server) as t:  # the days as a list, as models send them too
        listed = await t.ok("posts_schedule_series", {**asked, "on": ["mon", "Thursdays"], "dry_run": True})
    assert [d["local"][:14] for d in listed["dates"]] == ["Thu 2027-03-04", "Mon 2027-03-08", "Thu 2027-03-11"]


async def test_month_ends_local_dates_and_year_ends_are_created_as_listed(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    """Monthly on the 31st (the 30th and February's last day used, each said), a daily 23:30 in Los Angeles up to
    a last date that is the next day in UTC (the last date is local, included), and a weekly series over a year
    end: every post is at the instant its date lists."""
    await freeze(berlin(2027, 11, 20, 12))
    asked = [
        {"every": "monthly", "start": "2027-12-31", "count": 4, "at": "09:00:00"},
        {
            "every": "daily",
            "at": "23:30",
            "timezone": "America/Los_Angeles",
            "start": "2027-12-30",
            "until": "2028-01-01",
        },
        {"every": "week", "on": "fri", "start": "2027-12-20", "count": 3, "at": "18:00"},
    ]
    before = sandbox.post_ids()
    async with tools(server) as t:
        done = [
            await t.ok("posts_schedule_series", {**a, **ON_BLUESKY, "contents": [f"{n} {a}" for n in range(4)]})
            for a in ({**a, "dry_run": False} for a in asked)
        ]
    made = {p["_id"]: p["scheduledFor"] for p in sandbox.new_posts(before)}
    for series in done:
        assert [made[d["post_id"]][:16] + "Z" for d in series["dates"]] == [d["utc"] for d in series["dates"]]
    monthly, daily, weekly = ([d["local"] for d in s["dates"]] for s in done)
    assert monthly == [
        "Fri 2027-12-31 09:00 CET",
        "Mon 2028-01-31 09:00 CET",
        "Tue 2028-02-29 09:00 CET",
        "Fri 2028-03-31 09:00 CEST",
    ]
    assert done[0]["dates"][2]["note"] == "February has no day 31: its last day, the 29th, is used"
    assert daily == ["Thu 2027-12-30 23:30 PST", "Fri 2027-12-31 23:30 PST", "Sat 2028-01-01 23:30 PST"]
    assert done[1]["dates"][-1]["utc"] == "2028-01-02T07:30Z"
    assert weekly == ["Fri 2027-12-24 18:00 CET", "Fri 2027-12-31 18:00 CET", "Fri 2028-01-07 18:00 CET"]


async def test_a_new_york_series_seen_from_berlin_in_the_weeks_the_two_differ(
    server: MCPServer[Any], sandbox: Sandbox, freeze: Callable[..., Any]
) -> None:
    """New York changes on 14 March, Berlin on 28 March: the series stays 09:00 in New York, so in the user's
    Berlin calendar it is 15:00, then 14:00 for the two weeks between, then 15:00 again."""
    await freeze(NOW)
    asked = {"every": "weekly", "at": "09:00", "timezone": "America/New_York", "start": "2027-03-08", "count": 5}
    before = sandbox.post_ids()
    async with tools(server) as t:
        done = await t.ok("posts_schedule_series", {**asked, **ON_BLUESKY, "contents": TIPS[:5], "dry_run": False})
        cal = await t.ok("posts_calendar", {"start": "2027-03-08", "days": 29, "platform": "bluesky"})
    made = {p["_id"]: p["scheduledFor"] for p in sandbox.new_posts(before)}
    assert [made[d["post_id"]][:16] + "Z" for d in done["dates"]] == [d["utc"] for d in done["dates"]]
    assert all(d["local"].endswith(("09:00 EST", "09:00 EDT")) for d in done["dates"])
    assert "(UTC 14:00, 13:00 from 2027-03-15)" in done["summary"]
    seen = {d["day"]: line[:9] for d in cal["days"] for line in d.get("posts") or [] if "Monday tip" in line}
    assert seen == {
        "Mon 2027-03-08": "15:00 sch",
        "Mon 2027-03-15": "14:00 sch",
        "Mon 2027-03-22": "14:00 sch",
        "Mon 2027-03-29": "15:00 sch",
        "Mon 2027-04-05": "15:00 sch",
    }


async def test_at_as_people_write_it(server: MCPServer[Any], freeze: Callable[..., Any]) -> None:
    """ "9am" and "6:30 pm" are read as a queue slot reads them; they were refused as not HH:MM."""
    await freeze(NOW)
    async with tools(server) as t:
        morning = await t.ok("posts_schedule_series", mondays(at="9am", count=1))
        evening = await t.ok("posts_schedule_series", mondays(at="6:30 pm", count=1))
    assert morning["dates"][0]["local"] == "Mon 2027-03-08 09:00 CET"
    assert evening["dates"][0]["local"] == "Mon 2027-03-01 18:30 CET"  # later today: still ahead
