"""Wall-clock arithmetic on both sides of daylight-saving changes, in a zone of each kind: Europe/Berlin and
America/New_York (northern, changing on different dates) and Australia/Sydney (southern: forward in October,
back in April)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from late_mcp.errors import InputError
from late_mcp.timeutil import UTC, parse_user_datetime
from late_mcp.wallclock import (
    change_on,
    day_bounds,
    exists,
    local_label,
    parse_hhmm,
    place,
    skipped_day,
    span,
    utc_label,
    weekly_in_changes,
)

BERLIN, NEW_YORK, SYDNEY = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("Australia/Sydney")

# (zone, the day clocks go forward, the wall time they jump from and to, the day they go back, from and to)
CHANGES = [
    (BERLIN, date(2027, 3, 28), "02:00", "03:00", date(2027, 10, 31), "03:00", "02:00"),
    (NEW_YORK, date(2027, 3, 14), "02:00", "03:00", date(2027, 11, 7), "02:00", "01:00"),
    (SYDNEY, date(2027, 10, 3), "02:00", "03:00", date(2027, 4, 4), "03:00", "02:00"),
]


@pytest.mark.parametrize(("zone", "spring", "jump", "land", "fall", "back", "again"), CHANGES)
def test_a_skipped_time_moves_forward_by_the_jump(
    zone: ZoneInfo, spring: date, jump: str, land: str, fall: date, back: str, again: str
) -> None:
    """RFC 5545's reading (the offset before the jump): 02:30 in a one-hour gap is 03:30, not the gap's end."""
    hour = int(jump[:2])
    skipped = place(spring, time(hour, 30), zone)
    assert not exists(datetime.combine(spring, time(hour, 30)), zone)
    assert skipped.moved
    assert not skipped.ambiguous
    assert f"{skipped.local:%H:%M}" == f"{hour + 1:02d}:30"
    assert skipped.note == f"{hour:02d}:30 does not exist on {spring} (clocks jump forward): moved to {hour + 1:02d}:30"
    # the same wall time the day before is exactly a day earlier: the time since it is kept
    assert skipped.utc - place(spring - timedelta(days=1), time(hour, 30), zone).utc == timedelta(hours=24)
    # the minute before the jump is still there, unmoved
    before = place(spring, time(hour - 1, 59), zone)
    assert not before.moved
    assert not before.note


@pytest.mark.parametrize(("zone", "spring", "jump", "land", "fall", "back", "again"), CHANGES)
def test_a_repeated_time_takes_its_first_occurrence(
    zone: ZoneInfo, spring: date, jump: str, land: str, fall: date, back: str, again: str
) -> None:
    hour = int(again[:2])
    twice = place(fall, time(hour, 30), zone)
    assert twice.ambiguous
    assert not twice.moved
    assert "happens twice" in twice.note
    second = datetime.combine(fall, time(hour, 30)).replace(tzinfo=zone, fold=1).astimezone(UTC)
    assert second - twice.utc == timedelta(hours=1)  # fold=0: the earlier instant
    assert twice.local.fold == 0
    assert twice.local.dst()


@pytest.mark.parametrize(("zone", "spring", "jump", "land", "fall", "back", "again"), CHANGES)
def test_the_day_of_a_change_is_23_or_25_hours_and_says_which_way(
    zone: ZoneInfo, spring: date, jump: str, land: str, fall: date, back: str, again: str
) -> None:
    start, end = day_bounds(spring, zone)
    assert end - start == timedelta(hours=23)
    forward = change_on(spring, zone)
    assert forward is not None
    assert forward.forward
    assert forward.describe().startswith(f"clocks go forward 1 h at {jump}")
    start, end = day_bounds(fall, zone)
    assert end - start == timedelta(hours=25)
    backward = change_on(fall, zone)
    assert backward is not None
    assert not backward.forward
    assert backward.describe().startswith(f"clocks go back 1 h at {back}")
    for quiet in (spring - timedelta(days=1), spring + timedelta(days=1), fall + timedelta(days=1)):
        assert change_on(quiet, zone) is None
        start, end = day_bounds(quiet, zone)
        assert end - start == timedelta(hours=24)


def test_the_change_names_the_zones_abbreviations() -> None:
    forward = change_on(date(2027, 3, 28), BERLIN)
    assert forward is not None
    assert forward.describe() == "clocks go forward 1 h at 02:00 (CET→CEST)"
    assert forward.at == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)
    back = change_on(date(2027, 4, 4), SYDNEY)
    assert back is not None
    assert back.describe() == "clocks go back 1 h at 03:00 (AEDT→AEST)"


def test_half_hour_changes_and_a_midnight_jump() -> None:
    lord_howe = ZoneInfo("Australia/Lord_Howe")  # moves by 30 minutes
    change = change_on(date(2027, 10, 3), lord_howe)
    assert change is not None
    assert change.describe().startswith("clocks go forward 30 min at 02:00")
    assert f"{place(date(2027, 10, 3), time(2, 10), lord_howe).local:%H:%M}" == "02:40"  # 30 minutes on
    troll = ZoneInfo("Antarctica/Troll")  # moves by two hours, 01:00 -> 03:00
    assert place(date(2027, 3, 28), time(2, 30), troll).note.endswith("moved to 04:30")
    havana = ZoneInfo("America/Havana")  # jumps at midnight: the day starts at 01:00
    day = date(2027, 3, 14)
    midnight = place(day, time(0, 0), havana)
    assert midnight.moved
    assert f"{midnight.local:%H:%M}" == "01:00"
    at_midnight = change_on(day, havana)
    assert at_midnight is not None
    assert at_midnight.describe().startswith("clocks go forward 1 h at 00:00")
    assert change_on(day - timedelta(days=1), havana) is None


def test_times_are_read_as_written_and_nothing_else() -> None:
    """One clock reader everywhere (`timeutil.clock_time`): a series' `at` takes "9am" as a queue slot does."""
    assert parse_hhmm("9:05") == time(9, 5)
    assert parse_hhmm("09:05:00") == time(9, 5)
    assert parse_hhmm("9am") == time(9, 0)
    assert parse_hhmm("9:30 PM") == time(21, 30)
    assert parse_hhmm("12 a.m.") == time(0, 0)
    assert parse_hhmm("12pm") == time(12, 0)
    for bad in ("24:00", "9", "09:60", "13pm", "0am", "", "09:05:30", "9.30"):
        with pytest.raises(InputError, match="HH:MM"):
            parse_hhmm(bad)
    assert span(timedelta(minutes=90)) == "1 h 30 min"


def test_labels() -> None:
    when = datetime(2027, 3, 29, 7, 0, tzinfo=UTC)
    assert local_label(when, BERLIN) == "Mon 2027-03-29 09:00 CEST"
    assert utc_label(when) == "2027-03-29T07:00Z"


def test_weekly_times_in_a_change_are_named_with_the_change() -> None:
    # Sydney (southern): forward on Sun 2027-10-03 at 02:00, back on Sun 2027-04-04 at 03:00
    found = weekly_in_changes([(6, "02:30"), (6, "09:00"), (0, "02:30"), (6, "bad")], SYDNEY, date(2027, 1, 1))
    assert found == [
        "Sun 02:30 happens twice on Sun 2027-04-04 (clocks go back 1 h at 03:00 (AEDT→AEST))",
        "Sun 02:30 does not exist on Sun 2027-10-03 (clocks go forward 1 h at 02:00 (AEST→AEDT))",
    ]
    assert weekly_in_changes([(6, "02:30")], ZoneInfo("Asia/Tokyo"), date(2027, 1, 1)) == []
    assert weekly_in_changes([(6, "02:30")], SYDNEY, date(2027, 4, 5), days=30) == []  # only the coming days


def test_a_change_at_the_end_of_the_day_is_at_24_00() -> None:
    # Santiago goes back at midnight ending Saturday 3 April 2027: that day's last hour happens twice; "at 00:00"
    # on its line would read as the start of the day
    santiago = ZoneInfo("America/Santiago")
    back = change_on(date(2027, 4, 3), santiago)
    assert back is not None
    assert back.describe() == "clocks go back 1 h at 24:00 (-03→-04)"
    start, end = day_bounds(date(2027, 4, 3), santiago)
    assert end - start == timedelta(hours=25)
    forward = change_on(date(2027, 9, 5), santiago)  # forward at the midnight that starts Sunday 5 September
    assert forward is not None
    assert forward.describe() == "clocks go forward 1 h at 00:00 (-04→-03)"


def test_a_whole_skipped_day_keeps_the_time_of_day() -> None:
    """Samoa skipped Friday 2011-12-30 (-10 to +14): that date has no instant at all, and a time on it is read
    with the offset before, landing on the same time the next day."""
    apia = ZoneInfo("Pacific/Apia")
    assert skipped_day(date(2011, 12, 30), apia)
    assert not skipped_day(date(2011, 12, 29), apia)
    assert not skipped_day(date(2011, 12, 31), apia)
    assert not skipped_day(date(2027, 3, 28), BERLIN)
    gone = place(date(2011, 12, 30), time(9, 0), apia)
    assert gone.local.replace(tzinfo=None) == datetime(2011, 12, 31, 9, 0)
    assert gone.note == "09:00 does not exist on 2011-12-30 (clocks jump forward): moved to 2011-12-31 09:00"


# A skipped wall time in each kind of gap: one hour (Berlin, New York, Sydney), 30 minutes (Lord Howe), two hours
# (Troll, 01:00 -> 03:00), a whole day (Apia, 2011-12-30), and where it is taken to be.
SKIPPED = [
    (BERLIN, datetime(2027, 3, 28, 2, 30), "2027-03-28T03:30+02:00"),
    (NEW_YORK, datetime(2027, 3, 14, 2, 30), "2027-03-14T03:30-04:00"),
    (SYDNEY, datetime(2027, 10, 3, 2, 30), "2027-10-03T03:30+11:00"),
    (ZoneInfo("Australia/Lord_Howe"), datetime(2027, 10, 3, 2, 15), "2027-10-03T02:45+11:00"),
    (ZoneInfo("Antarctica/Troll"), datetime(2027, 3, 28, 1, 30), "2027-03-28T03:30+02:00"),
    (ZoneInfo("Pacific/Apia"), datetime(2011, 12, 30, 9, 0), "2011-12-31T09:00+14:00"),
]


@pytest.mark.parametrize(("zone", "asked", "taken"), SKIPPED)
def test_every_place_that_reads_a_skipped_time_reads_it_alike(zone: ZoneInfo, asked: datetime, taken: str) -> None:
    """One rule: a series' date, a queue slot, a best time, and the time a refused single post or bulk row
    suggests are the same instant."""
    from late_mcp.tools.planner.besttimes import Weekly
    from late_mcp.tools.posts.bulk_csv import zoned

    placed = place(asked.date(), asked.time(), zone)
    assert placed.local.isoformat(timespec="minutes") == taken
    with pytest.raises(InputError) as single:
        parse_user_datetime(asked.isoformat(), zone)
    assert f"e.g. {taken} " in single.value.message
    row = f"platforms,profiles,schedule_time,tz,post_content\nbluesky,P,{asked:%Y-%m-%d %H:%M},{zone.key},a\n"
    with pytest.raises(InputError) as bulk:
        zoned(row, "UTC")
    assert f"e.g. {taken} " in bulk.value.message
    if not skipped_day(asked.date(), zone):  # a weekly slot on a day that does not exist has no time that week
        week_before = datetime.combine(asked.date() - timedelta(days=7), asked.time(), zone)
        weekly = Weekly(asked.weekday(), asked.time(), zone).occurrences(week_before, 1)
        assert weekly == [placed.utc]


def test_a_weekly_time_on_a_day_that_does_not_exist_has_no_time_that_week() -> None:
    from late_mcp.tools.planner.besttimes import Weekly

    apia = ZoneInfo("Pacific/Apia")
    fridays = Weekly(4, time(9, 0), apia).occurrences(datetime(2011, 12, 24, tzinfo=UTC), 2)
    assert [f"{at.astimezone(apia):%a %Y-%m-%d %H:%M}" for at in fridays] == [
        "Fri 2012-01-06 09:00",
        "Fri 2012-01-13 09:00",
    ]
