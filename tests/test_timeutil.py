"""Times: user input read in the user's zone, aware UTC out, the API's format."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from late_mcp.errors import InputError
from late_mcp.timeutil import (
    in_minutes,
    iso_utc,
    local,
    now_utc,
    parse_api_datetime,
    parse_user_datetime,
    require_future,
    user_time,
    zone_or_error,
)

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def assert_aware_utc(value: datetime) -> None:
    assert value.tzinfo is not None
    assert value.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        # naive: wall-clock time in the user's zone (winter and summer offsets)
        ("2026-12-01T09:00", BERLIN, utc(2026, 12, 1, 8, 0)),
        ("2026-07-01T09:00", BERLIN, utc(2026, 7, 1, 7, 0)),
        ("2026-12-01T09:00", NEW_YORK, utc(2026, 12, 1, 14, 0)),
        ("2026-12-01T09:00:30", UTC, utc(2026, 12, 1, 9, 0, 30)),
        # an explicit offset is kept, whatever the user's zone
        ("2026-12-01T09:00+05:30", BERLIN, utc(2026, 12, 1, 3, 30)),
        ("2026-12-01T09:00:00-05:00", BERLIN, utc(2026, 12, 1, 14, 0)),
        # Z and z mean UTC
        ("2026-12-01T09:00:00Z", NEW_YORK, utc(2026, 12, 1, 9, 0)),
        ("2026-12-01T09:00:00.250z", NEW_YORK, datetime(2026, 12, 1, 9, 0, 0, 250000, tzinfo=UTC)),
        # a space instead of T, and surrounding whitespace
        ("2026-12-01 09:00", BERLIN, utc(2026, 12, 1, 8, 0)),
        ("  2026-12-01 09:00Z  ", BERLIN, utc(2026, 12, 1, 9, 0)),
    ],
)
def test_parse_user_datetime(text: str, zone: ZoneInfo, expected: datetime) -> None:
    parsed = parse_user_datetime(text, zone)
    assert_aware_utc(parsed)
    assert parsed == expected


def _tomorrows(zone: ZoneInfo) -> set[str]:
    """Tomorrow's date in `zone`, read on either side of a call that may straddle midnight."""
    return {(now_utc().astimezone(zone) + timedelta(days=1)).date().isoformat()}


@pytest.mark.parametrize("text", ["2026-13-01T09:00", "2026-12-01T25:00", "12/01/2026", "13pm"])
@pytest.mark.parametrize("zone", [BERLIN, NEW_YORK])
def test_garbage_is_refused_with_an_example_from_tomorrow_in_the_zone(text: str, zone: ZoneInfo) -> None:
    """The example is tomorrow at 09:00 with the zone's own offset then: a fixed date would one day lie in the
    past, and models copy examples as they are."""
    before = _tomorrows(zone)
    with pytest.raises(InputError) as caught:
        parse_user_datetime(text, zone)
    message = str(caught.value)
    assert "scheduled_for" in message
    assert repr(text) in message
    [day] = [d for d in before | _tomorrows(zone) if f"'{d}T09:00'" in message]
    offset = datetime.fromisoformat(f"{day}T09:00").replace(tzinfo=zone).isoformat()[-6:]
    assert f"'{day}T09:00:00{offset}'" in message
    parse_user_datetime(f"{day}T09:00:00{offset}", zone)  # and the example works


@pytest.mark.parametrize(
    ("text", "meant"),
    [("9am", "09:00"), ("9:30 pm", "21:30"), ("21:00", "21:00"), ("09:00", "09:00"), ("12am", "00:00")],
)
@pytest.mark.parametrize(
    ("now", "day"),
    [
        (datetime(2026, 11, 25, 6, 0, tzinfo=UTC), "2026-11-25"),
        (datetime(2026, 11, 25, 22, 59, tzinfo=UTC), "2026-11-26"),
    ],
)
def test_a_time_without_a_date_asks_for_the_date_of_its_next_occurrence(
    text: str, meant: str, now: datetime, day: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """07:00 in Berlin: 9am is still ahead today (00:00 is not); 23:59 in Berlin: every one of them is tomorrow's.
    Models copy the example as it is, so it must be the time meant, not a day late."""
    monkeypatch.setattr("late_mcp.timeutil.now_utc", lambda: now)
    with pytest.raises(InputError, match="a time of day without a date") as caught:
        parse_user_datetime(text, BERLIN)
    expected = "2026-11-26" if meant == "00:00" else day
    assert f"'{expected}T{meant}'" in str(caught.value), caught.value


def test_a_date_with_slashes_says_why_it_is_not_read() -> None:
    with pytest.raises(InputError, match="12/01 is December 1 in the US and 12 January elsewhere"):
        parse_user_datetime("12/01/2026 09:00", BERLIN)


@pytest.mark.parametrize("text", ["2026-12-01T9:00", "2026-12-01 9:00", "2026-12-01T9:00:00Z"])
def test_an_hour_of_one_digit_is_read(text: str) -> None:
    expected = utc(2026, 12, 1, 9) if text.endswith("Z") else utc(2026, 12, 1, 8)
    assert parse_user_datetime(text, BERLIN) == expected


def test_error_names_the_field_it_was_given() -> None:
    with pytest.raises(InputError, match="when"):
        parse_user_datetime("nope", BERLIN, field="when")


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="empty"):
        parse_user_datetime(text, BERLIN)


@pytest.mark.parametrize(
    ("text", "zone"),
    [("2026-03-29T02:30", BERLIN), ("2026-03-08T02:15", NEW_YORK)],
)
def test_a_time_in_the_dst_gap_is_refused(text: str, zone: ZoneInfo) -> None:
    with pytest.raises(InputError, match="does not exist"):
        parse_user_datetime(text, zone)


def test_a_time_in_the_gap_is_refused_with_a_time_that_exists() -> None:
    with pytest.raises(InputError) as caught:
        parse_user_datetime("2027-03-14T02:30", NEW_YORK)
    assert "e.g. 2027-03-14T03:30-04:00 (03:30 EDT, what 02:30 EST would be)" in str(caught.value)


def test_the_same_wall_time_with_an_offset_is_accepted_in_the_gap() -> None:
    assert parse_user_datetime("2026-03-29T02:30+01:00", BERLIN) == utc(2026, 3, 29, 1, 30)


@pytest.mark.parametrize(
    ("text", "zone", "first", "second"),
    [
        # 02:30 happens twice in Berlin on 2026-10-25: first on summer time (+02:00), then on winter time
        ("2026-10-25T02:30", BERLIN, "2026-10-25T02:30+02:00 (CEST", "2026-10-25T02:30+01:00 (CET"),
        ("2027-11-07T01:30", NEW_YORK, "2027-11-07T01:30-04:00 (EDT", "2027-11-07T01:30-05:00 (EST"),
        # Lord Howe Island turns its clocks back by 30 minutes
        ("2027-04-04T01:45", LORD_HOWE, "2027-04-04T01:45+11:00", "2027-04-04T01:45+10:30"),
    ],
)
def test_an_ambiguous_fall_back_time_is_refused_with_both_instants(
    text: str, zone: ZoneInfo, first: str, second: str
) -> None:
    # Taking one of the two silently would be an hour (here) wrong half the time: the model must say which.
    with pytest.raises(InputError) as caught:
        parse_user_datetime(text, zone, field="targets[x].scheduled_for")
    message = str(caught.value)
    for part in ("happens twice", "targets[x].scheduled_for", first, second):
        assert part in message


def test_an_ambiguous_time_with_its_offset_is_accepted() -> None:
    assert parse_user_datetime("2027-11-07T01:30-05:00", NEW_YORK) == utc(2027, 11, 7, 6, 30)
    assert parse_user_datetime("2027-11-07T01:30-04:00", NEW_YORK) == utc(2027, 11, 7, 5, 30)


@pytest.mark.parametrize(("text", "zone"), [("2027-10-03T02:15", LORD_HOWE), ("2027-03-28T01:30", LONDON)])
def test_a_time_in_a_gap_is_refused_in_other_zones_too(text: str, zone: ZoneInfo) -> None:
    with pytest.raises(InputError, match="does not exist"):
        parse_user_datetime(text, zone)


@pytest.mark.parametrize(
    ("text", "timezone"),
    [
        ("2027-06-07T09:30+02:00", "Asia/Tokyo"),
        ("2027-01-07T09:30Z", "America/New_York"),
        ("2027-07-07T09:30+00:00", "Europe/London"),  # London is on BST (+01:00) in July
    ],
)
def test_an_offset_that_disagrees_with_the_timezone_given_is_refused(text: str, timezone: str) -> None:
    # Either could be what was meant; honouring one and dropping the other silently moves the post by hours.
    with pytest.raises(InputError) as caught:
        user_time(text, timezone, BERLIN)
    message = str(caught.value)
    for part in (text, timezone, "scheduled_for"):
        assert part in message


@pytest.mark.parametrize(
    ("text", "timezone", "instant", "wall"),
    [
        ("2027-06-07T09:30+02:00", "Asia/Tokyo", "2027-06-07T16:30+09:00", "2027-06-07T09:30"),
        ("2027-01-07T09:30Z", "America/New_York", "2027-01-07T04:30-05:00", "2027-01-07T09:30"),
        ("2027-07-07T09:30:15+00:00", "Europe/London", "2027-07-07T10:30:15+01:00", "2027-07-07T09:30:15"),
    ],
)
def test_an_offset_that_disagrees_names_both_readings_each_taken_with_the_same_timezone(
    text: str, timezone: str, instant: str, wall: str
) -> None:
    """The two things the model may have meant, each as a time it can send with the same `timezone` (a target's time
    shares it with the post's: dropping it would move the post's own time)."""
    with pytest.raises(InputError) as caught:
        user_time(text, timezone, BERLIN)
    message = str(caught.value)
    assert f"'{instant}' for that instant" in message
    assert f"'{wall}' for that wall time in {timezone}" in message
    assert "without timezone" not in message
    assert user_time(instant, timezone, BERLIN) == user_time(text, "", BERLIN)
    assert (
        user_time(wall, timezone, BERLIN)
        .astimezone(ZoneInfo(timezone))
        .replace(tzinfo=None)
        .isoformat(timespec="seconds")
        .startswith(wall)
    )


@pytest.mark.parametrize(
    ("text", "timezone", "expected"),
    [
        ("2027-01-07T09:30Z", "Europe/London", utc(2027, 1, 7, 9, 30)),  # GMT is +00:00 in January
        ("2027-06-07T09:30+09:00", "Asia/Tokyo", utc(2027, 6, 7, 0, 30)),
        ("2027-06-07T09:30", "Asia/Tokyo", utc(2027, 6, 7, 0, 30)),
        ("2027-06-07T09:30+02:00", "", utc(2027, 6, 7, 7, 30)),  # no timezone given: the offset decides
        ("2027-06-07T09:30", "", utc(2027, 6, 7, 7, 30)),  # and without either, the user's zone (Berlin)
    ],
)
def test_user_time_reads_in_the_timezone_given_or_the_users(text: str, timezone: str, expected: datetime) -> None:
    assert user_time(text, timezone, BERLIN) == expected


def test_times_just_around_the_gap_are_fine() -> None:
    assert parse_user_datetime("2026-03-29T01:59", BERLIN) == utc(2026, 3, 29, 0, 59)
    assert parse_user_datetime("2026-03-29T03:00", BERLIN) == utc(2026, 3, 29, 1, 0)


def test_require_future() -> None:
    now = utc(2026, 6, 1, 12, 0)
    require_future(now + timedelta(seconds=1), now=now)
    with pytest.raises(InputError, match="past") as caught:
        require_future(now - timedelta(minutes=5), now=now)
    assert "publish_now" in str(caught.value)
    with pytest.raises(InputError):
        require_future(now, now=now)  # "now" is not in the future


def test_require_future_compares_instants_not_wall_clocks() -> None:
    now = utc(2026, 6, 1, 12, 0)
    # 13:30 in Berlin (summer, +02:00) is 11:30 UTC: already past
    with pytest.raises(InputError):
        require_future(datetime(2026, 6, 1, 13, 30, tzinfo=BERLIN), now=now)
    require_future(datetime(2026, 6, 1, 9, 0, tzinfo=NEW_YORK), now=now)  # 13:00 UTC


def test_require_future_says_both_times_in_the_zone_given() -> None:
    now = utc(2026, 12, 1, 12, 0)
    with pytest.raises(InputError) as caught:
        require_future(utc(2026, 12, 1, 8, 0), now=now, zone=NEW_YORK)
    assert "2026-12-01T03:00-05:00 is in the past (now is 2026-12-01T07:00-05:00)" in str(caught.value)


def test_require_future_uses_the_clock_by_default() -> None:
    require_future(now_utc() + timedelta(minutes=1))
    with pytest.raises(InputError):
        require_future(now_utc() - timedelta(minutes=1))


def test_in_minutes() -> None:
    now = utc(2026, 6, 1, 12, 0)
    assert in_minutes(1, now=now) == utc(2026, 6, 1, 12, 1)
    assert in_minutes(60, now=now) == utc(2026, 6, 1, 13, 0)
    assert in_minutes(60 * 24 * 3, now=now) == utc(2026, 6, 4, 12, 0)
    later = in_minutes(5)
    assert_aware_utc(later)
    assert timedelta(minutes=4) < later - now_utc() <= timedelta(minutes=5)


@pytest.mark.parametrize("minutes", [0, -1, -60])
def test_in_minutes_below_one_is_refused(minutes: int) -> None:
    with pytest.raises(InputError, match="schedule_minutes") as caught:
        in_minutes(minutes, now=utc(2026, 6, 1, 12, 0))
    assert "publish_now" in str(caught.value)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (utc(2026, 12, 1, 8, 0), "2026-12-01T08:00:00.000Z"),
        (datetime(2026, 12, 1, 9, 0, tzinfo=BERLIN), "2026-12-01T08:00:00.000Z"),
        (datetime(2026, 7, 1, 9, 0, tzinfo=NEW_YORK), "2026-07-01T13:00:00.000Z"),
        (datetime(2026, 12, 1, 8, 0, 5, 123456, tzinfo=UTC), "2026-12-01T08:00:05.123Z"),
        (datetime(2026, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5))), "2027-01-01T04:30:00.000Z"),
    ],
)
def test_iso_utc(when: datetime, expected: str) -> None:
    assert iso_utc(when) == expected


def test_iso_utc_round_trips_through_the_parsers() -> None:
    when = datetime(2026, 12, 1, 9, 0, 0, 123000, tzinfo=BERLIN)
    assert parse_api_datetime(iso_utc(when)) == when
    assert parse_user_datetime(iso_utc(when), NEW_YORK) == when


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-01T08:00:00.000Z", utc(2026, 3, 1, 8, 0)),
        ("2026-03-01T10:00:00+02:00", utc(2026, 3, 1, 8, 0)),
        ("2026-03-01T08:00:00", utc(2026, 3, 1, 8, 0)),
        (datetime(2026, 3, 1, 8, 0), utc(2026, 3, 1, 8, 0)),
        (None, None),
        ("", None),
        ("not a date", None),
        (1772352000, None),
    ],
)
def test_parse_api_datetime(value: object, expected: datetime | None) -> None:
    parsed = parse_api_datetime(value)
    assert parsed == expected
    if parsed is not None:
        assert_aware_utc(parsed)


def test_zone_or_error() -> None:
    assert zone_or_error("Europe/Berlin") == BERLIN
    with pytest.raises(InputError, match="did you mean 'Europe/Berlin'"):  # a city alone: its zone
        zone_or_error("Berlin")
    with pytest.raises(InputError, match="IANA"):
        zone_or_error("Nowhere/City")


def test_local() -> None:
    shown = local(utc(2026, 12, 1, 8, 0), BERLIN)
    assert shown is not None
    assert (shown.hour, shown.utcoffset()) == (9, timedelta(hours=1))
    assert local(None, BERLIN) is None


@pytest.mark.parametrize(
    ("text", "timezone"),
    [("9999-12-31T23:59Z", ""), ("9999-12-31T23:59Z", "Asia/Tokyo"), ("0001-01-01T00:30+00:00", "America/New_York")],
)
def test_a_time_at_the_end_of_the_calendar_is_out_of_range(text: str, timezone: str) -> None:
    # Read in UTC it exists; shown in any zone east (or west) of UTC it would not, and the tool would fail after
    # the post was made.
    with pytest.raises(InputError, match="out of range"):
        user_time(text, timezone, ZoneInfo("Asia/Tokyo"))


def test_local_shows_an_api_time_no_zone_can_show_in_utc() -> None:
    # a post made elsewhere at the end of the calendar must not break every listing of it
    last = datetime(9999, 12, 31, 23, 59, tzinfo=UTC)
    assert local(last, ZoneInfo("Asia/Tokyo")) == last


@pytest.mark.parametrize("name", ["Q" * 1000, "Europe/" + "x" * 300, "a/" * 3000])
def test_a_zone_name_too_long_for_a_file_is_an_unknown_zone(name: str) -> None:
    # zoneinfo looks the name up as a file: a name over the file system's limit raised OSError (a fuzzed
    # posts_calendar crashed with "File name too long")
    with pytest.raises(InputError, match="zone"):
        zone_or_error(name)
