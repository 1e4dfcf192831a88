"""Series dates: every date at the asked wall-clock time in its zone on both sides of a change (its UTC time
moves), skipped and repeated times reported, months without the day, and the property that holds for any zone,
rhythm and time: a date's local time is the one asked for unless its note says why not."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from late_mcp.errors import InputError
from late_mcp.timeutil import UTC
from late_mcp.tools.planner.series import MAX_DATES, MAX_SPAN, Series, month_day, series_dates
from late_mcp.wallclock import exists

BERLIN, NEW_YORK, SYDNEY = ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("Australia/Sydney")
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def mondays(zone: ZoneInfo, start: date, count: int = 12, at: time = time(9, 0)) -> list[datetime]:
    series = Series(every="week", weekdays=frozenset({0}), at=at, start=start, zone=zone, count=count)
    return [o.utc for o in series_dates(series, now=LONG_AGO).occurrences]


@pytest.mark.parametrize(
    ("zone", "start", "before", "after"),
    [
        (BERLIN, date(2027, 3, 1), "08:00", "07:00"),  # spring: CET to CEST
        (BERLIN, date(2027, 10, 4), "07:00", "08:00"),  # autumn
        (NEW_YORK, date(2027, 2, 22), "14:00", "13:00"),
        (NEW_YORK, date(2027, 10, 11), "13:00", "14:00"),
        (SYDNEY, date(2027, 3, 8), "22:00", "23:00"),  # April: AEDT to AEST (Monday 09:00 is Sunday in UTC)
        (SYDNEY, date(2027, 9, 13), "23:00", "22:00"),
    ],
)
def test_twelve_mondays_stay_at_nine_local_while_utc_moves(
    zone: ZoneInfo, start: date, before: str, after: str
) -> None:
    dates = mondays(zone, start)
    assert len(dates) == 12
    assert all(d.astimezone(zone).strftime("%a %H:%M") == "Mon 09:00" for d in dates)
    utc_times = [f"{d:%H:%M}" for d in dates]
    assert utc_times[0] == before
    assert utc_times[-1] == after
    assert utc_times == sorted(utc_times, key=lambda t: t != before)  # one switch, never back
    assert all(
        b - a in (timedelta(days=7), timedelta(days=7, hours=1), timedelta(days=6, hours=23))
        for a, b in itertools.pairwise(dates)
    )


def test_a_sunday_series_at_a_skipped_and_a_repeated_time_says_so() -> None:
    series = Series(
        every="week",
        weekdays=frozenset({6}),
        at=time(2, 30),
        start=date(2027, 3, 21),
        zone=BERLIN,
        until=date(2027, 11, 7),
    )
    found = series_dates(series, now=LONG_AGO).occurrences
    notes = {o.placed.local.date(): o.note for o in found if o.note}
    assert set(notes) == {date(2027, 3, 28), date(2027, 10, 31)}
    assert "moved to 03:30" in notes[date(2027, 3, 28)]
    assert "happens twice" in notes[date(2027, 10, 31)]
    spring = next(o for o in found if o.placed.local.date() == date(2027, 3, 28))
    assert f"{spring.placed.local:%H:%M %Z}" == "03:30 CEST"
    autumn = next(o for o in found if o.placed.local.date() == date(2027, 10, 31))
    assert f"{autumn.placed.local:%H:%M %Z}" == "02:30 CEST"  # the first of the two


def test_weekdays_daily_and_past_dates() -> None:
    now = datetime(2027, 5, 5, 12, 0, tzinfo=UTC)  # a Wednesday, after 09:00 Berlin
    series = Series(
        every="day", weekdays=frozenset(range(5)), at=time(9, 0), start=date(2027, 5, 3), zone=BERLIN, count=5
    )
    found = series_dates(series, now=now)
    assert found.skipped == 3  # Mon, Tue and today's 09:00 are past
    assert [o.placed.local.strftime("%a %d") for o in found.occurrences] == [
        "Thu 06",
        "Fri 07",
        "Mon 10",
        "Tue 11",
        "Wed 12",
    ]
    every_day = Series(every="day", weekdays=frozenset(), at=time(9, 0), start=date(2027, 5, 3), zone=BERLIN, count=3)
    assert [o.placed.local.day for o in series_dates(every_day, now=LONG_AGO).occurrences] == [3, 4, 5]
    start_day = Series(every="week", weekdays=frozenset(), at=time(9, 0), start=date(2027, 5, 5), zone=BERLIN, count=2)
    assert [o.placed.local.strftime("%a") for o in series_dates(start_day, now=LONG_AGO).occurrences] == ["Wed"] * 2


def test_a_monthly_series_on_the_31st_uses_the_last_day_of_shorter_months() -> None:
    series = Series(every="month", weekdays=frozenset(), at=time(9, 0), start=date(2027, 1, 31), zone=NEW_YORK, count=4)
    found = series_dates(series, now=LONG_AGO).occurrences
    assert [o.placed.local.date() for o in found] == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]
    assert [bool(o.note) for o in found] == [False, True, False, True]
    assert "February has no day 31" in found[1].note
    assert month_day(2028, 2, 30) == (date(2028, 2, 29), "February has no day 30: its last day, the 29th, is used")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": 0}, "either count"),
        ({"count": 2, "until": date(2027, 2, 1)}, "count \\(2 posts\\) and until \\(2027-02-01\\) both end"),
        ({"count": MAX_DATES + 1}, "more than"),
        ({"until": date(2026, 1, 1)}, "before start"),
        ({"until": date(2030, 1, 1)}, "two years"),
        ({"count": 2, "every": "month", "weekdays": frozenset({0})}, "monthly"),
    ],
)
def test_bad_series_are_refused(kwargs: dict[str, object], message: str) -> None:
    base: dict[str, object] = {
        "every": "week",
        "weekdays": frozenset(),
        "at": time(9),
        "start": date(2027, 1, 1),
        "zone": BERLIN,
    }
    with pytest.raises(InputError, match=message):
        Series(**{**base, **kwargs})  # type: ignore[arg-type]


def test_an_until_series_with_too_many_dates_is_refused() -> None:
    series = Series(
        every="day", weekdays=frozenset(), at=time(9), start=date(2027, 1, 1), zone=BERLIN, until=date(2027, 12, 31)
    )
    with pytest.raises(InputError, match=f"more than {MAX_DATES} dates"):
        series_dates(series, now=LONG_AGO)


@pytest.mark.parametrize(("start", "ahead"), [(date(2020, 1, 6), 0), (date(2025, 6, 2), 14)])
def test_a_count_that_a_past_start_cuts_short_says_the_start_is_past(start: date, ahead: int) -> None:
    # The two years a series may span run from its start: a start long past leaves few of them ahead, and fewer
    # posts is not what would help.
    series = Series(every="week", weekdays=frozenset(), at=time(9), start=start, zone=BERLIN, count=20)
    with pytest.raises(InputError) as caught:
        series_dates(series, now=datetime(2027, 3, 1, tzinfo=UTC))
    message = str(caught.value)
    assert f"start {start} is in the past" in message, message
    assert f"only {ahead} of its dates are still ahead" in message
    assert "fewer" not in message


ZONES = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


@settings(max_examples=300, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    every=st.sampled_from(["day", "week", "month"]),
    weekdays=st.frozensets(st.integers(0, 6), max_size=3),
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 15, 30, 45, 59]),
    start=st.dates(date(2025, 1, 1), date(2035, 12, 31)),
    count=st.integers(1, 40),
)
def test_every_date_is_at_the_asked_wall_clock_time_unless_its_note_says_why(
    zone: str, every: str, weekdays: frozenset[int], hour: int, minute: int, start: date, count: int
) -> None:
    tz = ZoneInfo(zone)
    at = time(hour, minute)
    series = Series(
        every=every,
        weekdays=frozenset() if every == "month" else weekdays,
        at=at,
        start=start,  # type: ignore[arg-type]
        zone=tz,
        count=count,
    )
    if every == "month":
        year, month = divmod(start.month - 1 + count - 1, 12)
        if month_day(start.year + year, month + 1, start.day)[0] > start + MAX_SPAN:
            with pytest.raises(InputError, match="two years"):
                series_dates(series, now=LONG_AGO)
            return
    found = series_dates(series, now=LONG_AGO).occurrences
    assert len(found) == count
    days = [o.placed.asked.date() for o in found]
    assert days == sorted(set(days))  # in order, each date once
    for occ in found:
        local = occ.utc.astimezone(tz)
        asked = occ.placed.asked
        if local.replace(tzinfo=None) == asked:
            # exactly as asked; a note only for a time that happens twice (first occurrence taken) or a month day
            if occ.note:
                assert "happens twice" in occ.note or "has no day" in occ.note
                if "happens twice" in occ.note:
                    other = asked.replace(tzinfo=tz, fold=1).astimezone(UTC)
                    assert occ.utc < other
        else:
            assert "does not exist" in occ.note
            assert not exists(asked, tz)
            assert local.replace(tzinfo=None) > asked
            assert exists(local.replace(tzinfo=None), tz)
            # read with the offset before the jump (RFC 5545): moved on by exactly the jump's length
            assert occ.utc == asked.replace(tzinfo=tz, fold=0).astimezone(UTC)
        if every != "month" and weekdays:
            assert asked.weekday() in weekdays


def test_a_date_the_clocks_skip_whole_has_no_post_and_the_next_date_says_so() -> None:
    """Samoa skipped Friday 2011-12-30: a daily series has no post that day (as RFC 5545 leaves out a date that
    does not exist), rather than two at the same instant on the 31st, and count still counts posts."""
    apia = ZoneInfo("Pacific/Apia")
    series = Series(every="day", weekdays=frozenset(), at=time(9, 0), start=date(2011, 12, 29), zone=apia, count=3)
    found = series_dates(series, now=LONG_AGO).occurrences
    assert [f"{o.placed.local:%Y-%m-%d %H:%M}" for o in found] == [
        "2011-12-29 09:00",
        "2011-12-31 09:00",
        "2012-01-01 09:00",
    ]
    assert [o.note for o in found] == ["", "no post on 2011-12-30: the clocks skip that whole day there", ""]
    assert len({o.utc for o in found}) == 3


@settings(max_examples=200, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    every=st.sampled_from(["day", "week", "month"]),
    interval=st.integers(1, 3),
    hour=st.integers(0, 23),
    start=st.dates(date(2025, 1, 1), date(2035, 12, 31)),
    count=st.integers(2, 8),
)
def test_an_interval_spaces_the_local_dates_exactly(
    zone: str, every: str, interval: int, hour: int, start: date, count: int
) -> None:
    """Every `interval` days, weeks or months apart by the local calendar, whatever the clocks do, and in order."""
    tz = ZoneInfo(zone)
    series = Series(every, frozenset(), time(hour, 0), start, tz, count=count, interval=interval)  # type: ignore[arg-type]
    found = series_dates(series, now=LONG_AGO).occurrences
    asked = [o.placed.asked.date() for o in found]
    assert len(found) == count
    assert [o.utc for o in found] == sorted({o.utc for o in found})  # strictly in order: no two at one instant
    for a, b in itertools.pairwise(asked):
        if every == "month":
            assert (b.year - a.year) * 12 + b.month - a.month == interval
        else:
            assert (b - a).days == interval * (7 if every == "week" else 1)
