"""Day words a model passes on as the person said them ("tomorrow 9am", "Friday at 14:00", "in 2 hours"), read
against the clock in the zone the time is read in. Every expected instant is written out by hand in UTC."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from late_mcp.errors import InputError
from late_mcp.timeutil import parse_user_datetime, user_time

UTC = timezone.utc
BERLIN = ZoneInfo("Europe/Berlin")
#: Wednesday 2027-03-24, 21:00 in Berlin (CET, +01:00); Berlin's clocks jump 02:00 -> 03:00 on Sunday the 28th
NOW = datetime(2027, 3, 24, 20, 0, tzinfo=UTC)


def utc(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("tomorrow 9am", utc(25, 8)),
        ("Tomorrow at 09:00", utc(25, 8)),
        ("9am tomorrow", utc(25, 8)),
        ("tomorrow, 6:30 pm", utc(25, 17, 30)),
        ("today 22:30", utc(24, 21, 30)),
        ("today at 9am", utc(24, 8)),  # read as said; the posting tools refuse it as past
        ("Friday 14:00", utc(26, 13)),
        ("on fri at 2pm", utc(26, 13)),
        ("this Friday 2pm", utc(26, 13)),
        ("2pm friday", utc(26, 13)),
        ("Sunday 10am", utc(28, 8)),  # after the jump: 10:00 CEST is 08:00 UTC
        ("Wednesday 22:00", utc(24, 21)),  # today's weekday, its time still ahead: today
        ("in 2 hours", utc(24, 22)),
        ("in 90 minutes", utc(24, 21, 30)),
        ("in an hour", utc(24, 21)),
        ("In 1h", utc(24, 21)),
        ("in 45 mins", utc(24, 20, 45)),
        ("Friday at 18", utc(26, 17)),  # an hour alone past 12 can only be one time
        ("tonight 10pm", utc(24, 21)),
        ("tonight at 10", utc(24, 21)),  # the evening is said
        ("tomorrow noon", utc(25, 11)),
        ("Friday at noon", utc(26, 11)),
    ],
)
def test_day_words_are_read_in_the_users_zone_against_now(said: str, expected: datetime) -> None:
    assert parse_user_datetime(said, BERLIN, now=NOW) == expected


def test_hours_from_now_are_hours_that_pass_not_wall_clock_across_a_jump() -> None:
    # 01:30 CET on the night of the jump: two hours later the clocks show 04:30 CEST, not 03:30
    before_jump = datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    assert parse_user_datetime("in 2 hours", BERLIN, now=before_jump) == datetime(2027, 3, 28, 2, 30, tzinfo=UTC)


def test_a_day_word_at_a_time_the_clocks_skip_is_refused_like_any_wall_time() -> None:
    with pytest.raises(InputError, match="does not exist in Europe/Berlin"):
        parse_user_datetime("Sunday 2:30am", BERLIN, now=NOW)


def test_next_weekday_is_refused_with_both_dates_it_can_mean() -> None:
    with pytest.raises(InputError) as refused:
        parse_user_datetime("next Friday at 9am", BERLIN, now=NOW)
    said = refused.value.message
    for part in ("Fri 2027-03-26", "Fri 2027-04-02", "'2027-03-26T09:00'"):
        assert part in said


def test_with_a_timezone_the_day_is_that_zones_day() -> None:
    # 16:00 in New York (EDT since the 14th): tomorrow 9am there is 13:00 UTC on the 25th
    assert user_time("tomorrow 9am", "America/New_York", BERLIN, now=NOW) == utc(25, 13)
    # at 00:30 on the 25th in Berlin it is still the 24th in New York: "tomorrow" there is the 25th, not the 26th
    late = datetime(2027, 3, 24, 23, 30, tzinfo=UTC)
    assert user_time("tomorrow 9am", "America/New_York", BERLIN, now=late) == utc(25, 13)
    assert user_time("tomorrow 9am", "", BERLIN, now=late) == utc(26, 8)
    # hours from now carry the zone's own offset, so they are no clash with timezone
    assert user_time("in 2 hours", "America/New_York", BERLIN, now=NOW) == utc(24, 22)


@pytest.mark.parametrize(
    "said",
    [
        "next week",
        "in 2 days",
        "someday at 7",
        "someday 9am",
        "tomorrow 25:00",
        "next today 9am",
        "next tomorrow",
        "in -2 hours",
    ],
)
def test_what_is_not_read_is_refused_as_before(said: str) -> None:
    with pytest.raises(InputError, match="is not an ISO 8601 time"):
        parse_user_datetime(said, BERLIN, now=NOW)


@pytest.mark.parametrize(
    ("said", "example"),
    [
        ("tomorrow", "'2027-03-25T09:00'."),
        ("Friday", "'2027-03-26T09:00'."),
        ("on fri", "'2027-03-26T09:00'."),
        ("next Monday", "'2027-03-29T09:00' (Mon 2027-03-29 or Mon 2027-04-05: ask the user which)."),
    ],
)
def test_a_day_without_a_time_is_refused_with_that_days_date(said: str, example: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_user_datetime(said, BERLIN, now=NOW)
    assert refused.value.message == f"scheduled_for={said!r} has no time of day: give one, e.g. {example}"


@pytest.mark.parametrize("said", ["tomorrow 9am PST", "9am PST", "Friday at 2pm PDT", "in 2 hours PST"])
def test_a_zone_word_after_day_words_is_sent_to_timezone(said: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_user_datetime(said, BERLIN, now=NOW)
    assert "Give the zone in timezone, as a place's IANA name (e.g. timezone='America/Los_Angeles'" in (
        refused.value.message
    )


@pytest.mark.parametrize(
    ("said", "zone"),
    [("2027-06-01 09:00 PDT", "America/Los_Angeles"), ("2027-06-01T09:00 Europe/Paris", "Europe/Paris")],
)
def test_a_zone_written_into_the_time_is_sent_to_timezone(said: str, zone: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_user_datetime(said, BERLIN, now=NOW)
    assert f"Give the zone in timezone, as a place's IANA name (e.g. timezone='{zone}')" in refused.value.message


@pytest.mark.parametrize(("said", "hours"), [("tomorrow at 7", "07:00 or 19:00"), ("Friday at 12", "12:00 or 00:00")])
def test_an_hour_alone_that_can_be_morning_or_evening_is_refused_with_both(said: str, hours: str) -> None:
    with pytest.raises(InputError, match=hours):
        parse_user_datetime(said, BERLIN, now=NOW)


def test_todays_weekday_at_a_time_gone_by_is_refused_not_moved_a_week() -> None:
    # Wednesday 21:00: "wed 9am" is this morning (gone) or a week on; a week late without a word is no reading
    with pytest.raises(InputError) as refused:
        parse_user_datetime("wed 9am", BERLIN, now=NOW)
    assert "today is Wednesday and 09:00 has passed" in refused.value.message
    assert "'2027-03-31T09:00'" in refused.value.message


def test_next_weekday_said_on_that_weekday_is_a_week_or_two_away() -> None:
    with pytest.raises(InputError) as refused:
        parse_user_datetime("next Wednesday 22:00", BERLIN, now=NOW)  # said on Wednesday 24th, 22:00 still ahead
    said = refused.value.message
    for part in ("Wed 2027-03-31", "Wed 2027-04-07", "'2027-03-31T22:00'"):
        assert part in said
    assert "2027-03-24" not in said


@pytest.mark.parametrize(
    ("said", "sent"),
    [
        ("2027-06-01 09:00 GMT", "On 2027-06-01 Europe/London is +01:00, not GMT's +00:00 (UTC): for 09:00 GMT as "
         "written, send '2027-06-01T09:00+00:00'."),
        ("2027-01-10 09:00 PDT", "On 2027-01-10 America/Los_Angeles is -08:00, not PDT's -07:00: for 09:00 PDT as "
         "written, send '2027-01-10T09:00-07:00'."),
    ],
)  # fmt: skip
def test_a_zone_word_whose_place_keeps_another_offset_that_day_says_what_to_send(said: str, sent: str) -> None:
    """Following 'timezone=Europe/London' alone would move a time written in GMT in June by an hour."""
    with pytest.raises(InputError) as refused:
        parse_user_datetime(said, BERLIN, now=NOW)
    assert refused.value.message.endswith(sent)


def test_a_zone_word_whose_place_keeps_its_offset_that_day_needs_no_more() -> None:
    with pytest.raises(InputError) as refused:
        parse_user_datetime("2027-06-01 09:00 PDT", BERLIN, now=NOW)
    assert refused.value.message.endswith("and scheduled_for without it.")


def test_a_zone_word_of_several_places_names_them_all_and_asks() -> None:
    with pytest.raises(InputError) as refused:
        parse_user_datetime("2027-06-01 09:00 IST", BERLIN, now=NOW)
    said = refused.value.message
    assert "timezone='Asia/Kolkata' or 'Europe/Dublin' or 'Asia/Jerusalem'" in said
    assert "ask the user which" in said
