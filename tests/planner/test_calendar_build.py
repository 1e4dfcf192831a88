"""The calendar built from posts as the API sends them, without the API: local days, per-target times, clashes,
duplicates, failed and pending posts, free queue slots, and a week across a clock change."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from late_mcp.models.posts import Post
from late_mcp.models.queue import QueueSchedule
from late_mcp.timeutil import UTC, iso_utc
from late_mcp.tools.planner.calendar import Sources, Window, build_calendar
from late_mcp.tools.planner.clashes import Placement, pairs

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2027, 3, 20, 12, 0, tzinfo=UTC)
NAMES = {"tw": "acme", "li": "acme-studio", "bs": "acme.bsky.social"}
PLATFORM = {"tw": "twitter", "li": "linkedin", "bs": "bluesky"}


def post(pid: str, at: datetime, accounts: list[str], text: str = "", status: str = "scheduled", **target: Any) -> Post:
    targets = [{"platform": PLATFORM[a], "accountId": a, "status": "pending", **target.get(a, {})} for a in accounts]
    return Post.model_validate(
        {
            "_id": pid,
            "content": text or f"text of {pid}",
            "status": status,
            "scheduledFor": iso_utc(at),
            "platforms": targets,
        }
    )


def at(day: int, hh: int, mm: int = 0) -> datetime:
    """A Berlin wall-clock time in March 2027 as UTC."""
    return datetime(2027, 3, day, hh, mm, tzinfo=BERLIN).astimezone(UTC)


def week(posts: list[Post], queues: list[QueueSchedule] | None = None, start: date = date(2027, 3, 22)) -> Any:
    window = Window(start, 7, BERLIN, "Europe/Berlin")
    return build_calendar(window, Sources(posts, NAMES, queues or []), now=NOW, retry="with posts_retry")


def test_a_week_across_the_spring_change_buckets_by_local_day() -> None:
    posts = [
        post("a", at(22, 9), ["tw"]),
        post("b", at(28, 1, 30), ["li"]),  # before the jump, CET
        post("c", at(28, 3, 15), ["li"]),  # after it, CEST: 45 minutes later in real time
        post("d", at(28, 23, 30), ["bs"]),  # still Sunday in Berlin, Sunday 21:30 UTC
        post("e", datetime(2027, 3, 28, 22, 30, tzinfo=UTC), ["bs"]),  # Monday 00:30 in Berlin: next week
    ]
    cal = week(posts)
    assert cal.period == "Mon 2027-03-22 to Sun 2027-03-28"
    sunday = cal.days[6]
    assert sunday.day == "Sun 2027-03-28"
    assert [line.split(" “")[0] for line in sunday.posts] == [
        "01:30 CET scheduled linkedin@acme-studio",
        "03:15 CEST scheduled linkedin@acme-studio",
        "23:30 CEST scheduled bluesky@acme.bsky.social",
    ]
    assert "clocks go forward 1 h at 02:00 (CET→CEST)" in sunday.marks
    assert cal.days[0].posts == ["09:00 scheduled twitter@acme “text of a” a"]
    assert [d.marks for d in cal.days[1:6]] == [["empty day"]] * 5
    assert "clocks change on Sun 2027-03-28" in cal.summary
    assert cal.next_start == "2027-03-29"
    assert all("text of e" not in line for d in cal.days for line in d.posts or [])


def test_the_autumn_day_has_25_hours_and_times_carry_their_zone() -> None:
    first = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 02:30 CEST
    second = first + timedelta(hours=1)  # 02:30 CET: the same wall time, an hour later
    cal = build_calendar(
        Window(date(2027, 10, 31), 1, BERLIN, "Europe/Berlin"),
        Sources([post("x", first, ["tw"], "one"), post("y", second, ["li"], "two")], NAMES, []),
        now=NOW,
    )
    day = cal.days[0]
    assert [line[:10] for line in day.posts] == ["02:30 CEST", "02:30 CET "]
    assert day.marks == ["clocks go back 1 h at 03:00 (CEST→CET)"]


def test_a_target_with_its_own_time_counts_at_that_time() -> None:
    staggered = post("s", at(23, 9), ["li", "tw"], "Launch day", tw={"scheduledFor": iso_utc(at(23, 12))})
    cal = week([staggered])
    assert cal.days[1].posts == [
        "09:00 scheduled linkedin@acme-studio “Launch day” s",
        "12:00 scheduled twitter@acme “Launch day” s",
    ]
    assert cal.summary.startswith("Mon 2027-03-22 to Sun 2027-03-28 (Europe/Berlin): 1 post on 1 of 7 days")


def test_clashes_and_duplicates_on_one_account_are_marked() -> None:
    posts = [
        post("p1", at(24, 9), ["tw"], "Morning"),
        post("p2", at(24, 9, 20), ["tw"], "Coffee"),  # 20 min later on the same account: clash
        post("p3", at(24, 9, 20), ["li"], "Coffee"),  # another account: nothing
        post("p4", at(25, 8), ["tw"], "Morning"),  # same text, 23 h later: duplicate
        post("p5", at(26, 9), ["tw"], "Morning"),  # 25 h after p4: fine
        post("p6", at(26, 9, 10), ["tw"], "Later", status="draft"),  # drafts clash with nothing
        post("p7", at(26, 9, 15), ["tw"], "Later", status="failed"),  # nor do failed posts
    ]
    cal = week(posts)
    assert cal.days[2].marks == ["clash on twitter@acme: 20 min after p1 at 09:00 (under 30 min apart)"]
    assert cal.days[3].marks == [
        "duplicate on twitter@acme: same text as p1 at Wed 09:00, within 24 h (the API refuses it)"
    ]
    assert cal.days[4].marks == ["1 failed: fix, then retry with posts_retry"]
    assert "1 clash; 1 duplicate" in cal.summary


def test_a_crowded_day_shows_a_few_clashes_and_counts_the_rest() -> None:
    """Twelve posts at one time on one account pair up 66 ways, 11 of them worded differently ("after p00" to
    "after p10"): the day says three and counts the rest, and the week stays within an answer's 4 KB."""
    posts = [post(f"p{i:02}", at(24, 9), ["tw"], f"Post {i}") for i in range(12)]
    cal = week(posts)
    marks = cal.days[2].marks
    assert len(marks) == 4
    assert marks[-1] == "8 more clashes or duplicates this day"
    assert "66 clashes" in cal.summary
    assert len(cal.model_dump_json(exclude_none=True)) < 4096


def test_a_duplicate_across_the_periods_edge_is_still_seen() -> None:
    before = post("old", at(21, 20), ["bs"], "Same")
    inside = post("new", at(22, 8), ["bs"], "Same")
    assert week([before, inside]).days[0].marks == [
        "duplicate on bluesky@acme.bsky.social: same text as old at Sun 20:00, within 24 h (the API refuses it)"
    ]


def test_failed_targets_and_pending_approval_are_marked() -> None:
    partial = post("pa", at(22, 10), ["tw", "li"], "Half", status="partial", li={"status": "failed"})
    waiting = post("pw", at(22, 11), ["bs"], "Wait", status="pending_approval")
    day = week([partial, waiting]).days[0]
    assert day.posts == [
        "10:00 partial twitter@acme,linkedin@acme-studio(failed) “Half” pa",
        "11:00 pending_approval bluesky@acme.bsky.social “Wait” pw",
    ]
    assert day.marks == [
        "1 failed: fix, then retry with posts_retry",
        "1 pending approval: they do not go out until approved",
    ]


def test_free_queue_slots_fall_on_their_local_day_and_taken_ones_are_left_out() -> None:
    queue = QueueSchedule.model_validate(
        {
            "_id": "q1",
            "name": "Mornings",
            "timezone": "America/New_York",
            "slots": [{"dayOfWeek": 1, "time": "09:00"}, {"dayOfWeek": 2, "time": "20:00"}],
        }
    )
    held = post("q", datetime(2027, 3, 29, 13, 0, tzinfo=UTC), ["tw"], "Queued")  # Mon 09:00 New York (EDT)
    held = held.model_copy(update={"status": "scheduled"})
    held.queue_id = "q1"
    cal = build_calendar(
        Window(date(2027, 3, 22), 14, BERLIN, "Europe/Berlin"), Sources([held], NAMES, [queue]), now=NOW
    )
    by_day = {d.day: d.free for d in cal.days if d.free}
    # New York is already on summer time (from 14 March), Berlin not until 28 March: 14:00 in Berlin, then 15:00
    assert by_day == {
        "Mon 2027-03-22": ["14:00"],
        "Wed 2027-03-24": ["01:00"],  # Tuesday 20:00 in New York is Wednesday in Berlin
        "Wed 2027-03-31": ["02:00"],
    }
    assert "3 free queue slots" in cal.summary


def test_pairs_against_another_list_only_pair_across() -> None:
    t0 = datetime(2027, 3, 22, 8, tzinfo=UTC)
    mine = [
        Placement("a", "x@a", t0, "hi", ref="date 1"),
        Placement("a", "x@a", t0 + timedelta(minutes=5), "yo", ref="date 2"),
    ]
    theirs = [Placement("a", "x@a", t0 + timedelta(minutes=10), "other", post_id="p")]
    found = pairs(mine, against=theirs)
    assert [(p.first.ref or p.first.post_id, p.second.ref or p.second.post_id) for p in found] == [
        ("date 1", "p"),
        ("date 2", "p"),
    ]


def test_a_free_slot_the_clocks_skip_or_repeat_says_so() -> None:
    # Berlin skips 02:00-03:00 on Sunday 28 March 2027 and passes 02:00-03:00 twice on Sunday 31 October
    queue = QueueSchedule.model_validate(
        {"_id": "q1", "name": "Nights", "timezone": "Europe/Berlin", "slots": [{"dayOfWeek": 0, "time": "02:30"}]}
    )
    for start, shown in [
        (date(2027, 3, 22), "03:30 CEST (02:30 does not exist that day: Late picks the time)"),
        (date(2027, 10, 25), "02:30 CEST (02:30 happens twice that day: Late picks which)"),
        (date(2027, 3, 15), "02:30"),
    ]:
        cal = week([], [queue], start=start)
        assert cal.days[6].free == [shown]


def test_a_day_the_clocks_skip_whole_has_no_free_slot() -> None:
    """Samoa skipped Friday 2011-12-30: its Friday 09:00 slot has no time that week (read with the offset before,
    it would be Saturday's 09:00 a second time), and the calendar, in Apia, shows it on no day."""
    apia = ZoneInfo("Pacific/Apia")
    queue = QueueSchedule.model_validate(
        {
            "_id": "q1",
            "timezone": "Pacific/Apia",
            "slots": [{"dayOfWeek": 5, "time": "09:00"}, {"dayOfWeek": 6, "time": "09:00"}],
        }
    )
    window = Window(date(2011, 12, 26), 14, apia, "Pacific/Apia")
    cal = build_calendar(window, Sources([], NAMES, [queue]), now=datetime(2011, 1, 1, tzinfo=UTC), retry="")
    free = {d.day: d.free for d in cal.days if d.free}
    assert free == {
        "Sat 2011-12-31": ["09:00 +14"],  # the day after the jump: said with the zone's name
        "Fri 2012-01-06": ["09:00"],
        "Sat 2012-01-07": ["09:00"],
    }


def test_a_post_queued_on_the_default_queue_without_a_queue_id_holds_its_slot() -> None:
    """The Post schema gives `queueId` only "if the post was scheduled via a specific queue"; a post queued with
    `queuedFromProfile` alone went to "the profile's default queue", so it holds that queue's slot, not another's."""
    slots = [{"dayOfWeek": 1, "time": "09:00"}]
    main = QueueSchedule.model_validate(
        {"_id": "q1", "profileId": "p1", "name": "Main", "timezone": "Europe/Berlin", "isDefault": True, "slots": slots}
    )
    other = QueueSchedule.model_validate(
        {"_id": "q2", "profileId": "p1", "name": "Other", "timezone": "Europe/Berlin", "slots": slots}
    )
    held = post("q", at(22, 9), ["li"], "Queued")
    held.queued_from_profile = "p1"
    window = Window(date(2027, 3, 22), 1, BERLIN, "Europe/Berlin")
    cal = build_calendar(window, Sources([held], NAMES, [main, other]), now=NOW)
    assert cal.days[0].free == ["09:00 (Other)"]
    named = build_calendar(window, Sources([held], NAMES, [main, other], profiles={"li": "p1"}), now=NOW)
    assert named.days[0].free == [
        "09:00 (Other) (free in the queue, but linkedin@acme-studio already has a post at 09:00)"
    ]


def test_a_free_slot_names_its_profiles_posts_within_30_minutes_and_no_others() -> None:
    queue = QueueSchedule.model_validate(
        {"_id": "q1", "profileId": "p1", "timezone": "Europe/Berlin", "slots": [{"dayOfWeek": 1, "time": "09:00"}]}
    )
    posts = [
        post("a", at(22, 8, 40), ["tw"]),
        post("b", at(22, 9, 20), ["li"]),
        post("c", at(22, 9, 0), ["bs"]),  # another profile's account
        post("d", at(22, 9, 30), ["tw"]),  # 30 minutes on: not beside it
        post("e", at(22, 9, 0), ["tw"], status="failed"),  # goes nowhere
        post("f", at(22, 9, 10), ["tw"], status="draft"),
    ]
    window = Window(date(2027, 3, 22), 1, BERLIN, "Europe/Berlin")
    mine = {"tw": "p1", "li": "p1", "bs": "p2"}
    cal = build_calendar(window, Sources(posts, NAMES, [queue], profiles=mine), now=NOW)
    assert cal.days[0].free == [
        "09:00 (free in the queue, but these already have posts: twitter@acme at 08:40, linkedin@acme-studio at 09:20)"
    ]
