"""Wall-clock arithmetic on both sides of daylight-saving changes, in a zone of each kind: Europe/Berlin and
America/New_York (northern, changing on different dates) and Australia/Sydney (southern: forward in October,
back in April)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from late_mcp.errors import InputError
from late_mcp.timeutil import UTC
from late_mcp.wallclock import (
    change_on,
    day_bounds,
    exists,
    local_label,
    parse_hhmm,
    place,
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
def test_a_skipped_time_moves_to_the_first_minute_after_the_jump(
    zone: ZoneInfo, spring: date, jump: str, land: str, fall: date, back: str, again: str
) -> None:
    hour = int(jump[:2])
    skipped = place(spring, time(hour, 30), zone)
    assert not exists(datetime.combine(spring, time(hour, 30)), zone)
    assert skipped.moved
    assert not skipped.ambiguous
    assert f"{skipped.local:%H:%M}" == land  # the next valid minute, not "the same elapsed time" (03:30)
    assert "does not exist" in skipped.note
    assert f"moved to {land}" in skipped.note
    # the minute before the jump is still there, unmoved
    before = place(spring, time(hour - 1, 59), zone)
    assert not before.moved
    assert not before.note
    assert skipped.utc - before.utc == timedelta(minutes=1)


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
    assert f"{place(date(2027, 10, 3), time(2, 10), lord_howe).local:%H:%M}" == "02:30"
    havana = ZoneInfo("America/Havana")  # jumps at midnight: the day starts at 01:00
    day = date(2027, 3, 14)
    midnight = place(day, time(0, 0), havana)
    assert midnight.moved
    assert f"{midnight.local:%H:%M}" == "01:00"
    at_midnight = change_on(day, havana)
    assert at_midnight is not None
    assert at_midnight.describe().startswith("clocks go forward 1 h at 00:00")
    assert change_on(day - timedelta(days=1), havana) is None


def test_times_are_read_strictly() -> None:
    assert parse_hhmm("9:05") == time(9, 5)
    for bad in ("24:00", "9", "09:60", "9am", ""):
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
