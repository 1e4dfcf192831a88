"""Weekdays of the month (RFC 5545 FREQ=MONTHLY;BYDAY=1MO, -1FR; INTERVAL=n): the phrases read as meant, the dates
against hand-written calendars (the first Mondays, the last Fridays and the fifth Tuesdays of 2027), the months
without a fifth Tuesday named, and the property that every date is the asked weekday at the asked place in its
month, in a month the interval keeps, and that a month left out truly lacks it."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from late_mcp.errors import InputError
from late_mcp.timeutil import UTC
from late_mcp.tools.planner.every import read_every
from late_mcp.tools.planner.series import MAX_SPAN, Series, series_dates

BERLIN = ZoneInfo("Europe/Berlin")
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
MON, TUE, FRI = 0, 1, 4


@pytest.mark.parametrize(
    ("every", "on", "meant"),
    [
        ("first monday of the month", "", (1, ((1, MON),))),
        ("First Monday of every month", "", (1, ((1, MON),))),
        ("the first Monday of each month", "", (1, ((1, MON),))),
        ("last Friday of each month", "", (1, ((-1, FRI),))),
        ("2nd Tuesday monthly", "", (1, ((2, TUE),))),
        ("monthly on the 2nd tue", "", (1, ((2, TUE),))),
        ("every month on the last fri", "", (1, ((-1, FRI),))),
        ("every other month on the first Monday", "", (2, ((1, MON),))),
        ("first monday of every other month", "", (2, ((1, MON),))),
        ("first mon every 3 months", "", (3, ((1, MON),))),
        ("every first monday", "", (1, ((1, MON),))),  # "first" is of the month whatever the words around it
        ("every last friday", "", (1, ((-1, FRI),))),
        ("first monday", "", (1, ((1, MON),))),
        ("second monday", "", (1, ((2, MON),))),  # no "every": the month's second (every other one says "every")
        ("1st and 3rd mon of the month", "", (1, ((1, MON), (3, MON)))),
        # a list of places can only be days of the month: "every" before it is no gap of weeks
        ("every 1st and 3rd monday", "", (1, ((1, MON), (3, MON)))),
        ("every first and third monday", "", (1, ((1, MON), (3, MON)))),
        ("every 2nd and 4th tuesday", "", (1, ((2, TUE), (4, TUE)))),
        ("every second and fourth tuesday", "", (1, ((2, TUE), (4, TUE)))),
        ("each 2nd and last friday", "", (1, ((2, FRI), (-1, FRI)))),
        ("first monday and last friday monthly", "", (1, ((1, MON), (-1, FRI)))),
        ("second to last friday of the month", "", (1, ((-2, FRI),))),
        ("the 5th tuesday in each month", "", (1, ((5, TUE),))),
        ("month", "first mon", (1, ((1, MON),))),
        ("monthly", ["2nd tue"], (1, ((2, TUE),))),
        ("Monthly", "last Fri", (1, ((-1, FRI),))),
        ("every 2 months", "first monday", (2, ((1, MON),))),
        ("every month", ["1st mon", "3rd mon"], (1, ((1, MON), (3, MON)))),
    ],
)
def test_weekdays_of_the_month_are_read_as_meant(
    every: str, on: str | list[str], meant: tuple[int, tuple[tuple[int, int], ...]]
) -> None:
    assert read_every(every, on) == ("month", meant[0], "", meant[1])


def test_what_was_read_before_is_read_the_same() -> None:
    """Weekly rhythms with a count before a weekday stay weekly; a monthly series without weekdays keeps the
    start's day of the month."""
    assert read_every("every other monday", "") == ("week", 2, "monday", ())
    assert read_every("every other Friday", "") == ("week", 2, "friday", ())
    assert read_every("month", "") == ("month", 1, "", ())
    assert read_every("every week", "mon, thu") == ("week", 1, "mon, thu", ())


@pytest.mark.parametrize(
    ("said", "weeks", "day", "which"),
    [
        ("every 2nd monday", 2, "mon", "second Monday"),
        ("every second monday", 2, "mon", "second Monday"),
        ("Every Second Monday", 2, "mon", "second Monday"),
        ("every 3rd thursday", 3, "thu", "third Thursday"),
        ("every third thursday", 3, "thu", "third Thursday"),
        ("each fourth friday", 4, "fri", "fourth Friday"),
    ],
)
def test_one_place_after_every_is_refused_the_same_in_digits_or_words(
    said: str, weeks: int, day: str, which: str
) -> None:
    """'every second monday' is every other Monday to some and the month's second to others: refused, as 'every
    2nd monday' is, with what to send for each reading."""
    with pytest.raises(InputError) as refused:
        read_every(said, "")
    assert str(refused.value) == (
        f"every={said!r} could be every {weeks} weeks or the {which} of each month: say 'every {weeks} weeks' with "
        f"on='{day}', or '{which} of the month'."
    )
    assert read_every(f"every {weeks} weeks", day) == ("week", weeks, day, ())  # each suggestion is read as said
    assert read_every(f"{which} of the month", "")[0:2] == ("month", 1)


@pytest.mark.parametrize(
    ("every", "on", "monthly", "weekly"),
    [
        ("first tuesday and every friday", "", "first Tuesday", "every='week' and on='fri'"),
        ("first tuesday, each friday", "", "first Tuesday", "every='week' and on='fri'"),
        ("every friday and the first tuesday", "", "first Tuesday", "every='week' and on='fri'"),
        ("last monday and every other thursday", "", "last Monday", "every='2 weeks' and on='thu'"),
        ("month", "first tue and every fri", "first Tuesday", "every='week' and on='fri'"),
    ],
)
def test_a_weekday_of_the_month_with_every_weeks_day_is_refused_as_two_series(
    every: str, on: str, monthly: str, weekly: str
) -> None:
    """'first tuesday and every friday' is two rhythms: never the first Friday ("every" read as filler)."""
    with pytest.raises(InputError, match=f"mixes the {monthly} of the month with every ") as refused:
        read_every(every, on)
    assert ("every 2 weeks on Thursday: " in str(refused.value)) == ("2 weeks" in weekly)
    assert str(refused.value).endswith(
        f"send two series, one with every='{monthly} of the month' and one with {weekly}."
    )


def test_each_gap_of_weeks_mixed_in_is_a_series_of_its_own() -> None:
    with pytest.raises(InputError) as refused:
        read_every("last monday, every wednesday and every other friday", "")
    assert str(refused.value).endswith(
        "mixes the last Monday of the month with every Wednesday and every 2 weeks on Friday: a series has one "
        "rhythm, so send three series, one with every='last Monday of the month' and one with every='week' and "
        "on='wed' and one with every='2 weeks' and on='fri'."
    )


def _series(**asked: object) -> Series:
    return Series(**{"every": "month", "weekdays": frozenset(), "at": time(9, 0), "zone": BERLIN, **asked})  # type: ignore[arg-type]


def _local(series: Series) -> list[str]:
    return [f"{o.placed.local:%Y-%m-%d %H:%M}" for o in series_dates(series, now=LONG_AGO).occurrences]


def test_the_first_mondays_of_2027() -> None:
    series = _series(start=date(2027, 1, 1), count=12, nth=((1, MON),))
    days = ["01-04", "02-01", "03-01", "04-05", "05-03", "06-07", "07-05", "08-02", "09-06", "10-04", "11-01", "12-06"]
    assert _local(series) == [f"2027-{d} 09:00" for d in days]
    assert series.describe() == "every month on the first Monday at 09:00"


def test_the_last_fridays_of_2027_until_the_last_date_included() -> None:
    series = _series(start=date(2027, 1, 1), until=date(2027, 12, 31), nth=((-1, FRI),))
    days = ["01-29", "02-26", "03-26", "04-30", "05-28", "06-25", "07-30", "08-27", "09-24", "10-29", "11-26", "12-31"]
    assert _local(series) == [f"2027-{d} 09:00" for d in days]
    assert _local(_series(start=date(2027, 1, 1), until=date(2027, 12, 30), nth=((-1, FRI),)))[-1] == "2027-11-26 09:00"
    assert series.describe() == "every month on the last Friday at 09:00"


def test_a_month_without_a_fifth_tuesday_has_no_post_and_is_named() -> None:
    found = series_dates(_series(start=date(2027, 1, 1), until=date(2027, 12, 31), nth=((5, TUE),)), now=LONG_AGO)
    assert [f"{o.placed.local:%Y-%m-%d}" for o in found.occurrences] == [
        "2027-03-30",
        "2027-06-29",
        "2027-08-31",
        "2027-11-30",
    ]
    assert all(not o.note for o in found.occurrences)  # each date is exactly as asked
    assert found.lacking_said() == (
        "no fifth Tuesday in Jan 2027, Feb 2027, Apr 2027, May 2027, Jul 2027, Sep 2027, Oct 2027, Dec 2027"
    )
    counted = series_dates(_series(start=date(2027, 1, 1), count=2, nth=((5, TUE),)), now=LONG_AGO)
    assert counted.lacking_said() == "no fifth Tuesday in Jan 2027, Feb 2027, Apr 2027, May 2027"  # up to the last


def test_an_interval_counts_months_from_the_start_or_from_the_first_date_ahead() -> None:
    every_other = _series(start=date(2027, 1, 1), count=4, interval=2, nth=((-1, FRI),))
    assert _local(every_other) == ["2027-01-29 09:00", "2027-03-26 09:00", "2027-05-28 09:00", "2027-07-30 09:00"]
    assert every_other.describe() == "every 2 months on the last Friday at 09:00"
    # asked on Tuesday 8 Dec 2026 without a start: December's first Monday is past, so January is the first
    now = datetime(2026, 12, 8, 12, tzinfo=UTC)
    ahead = _series(start=date(2026, 12, 8), count=3, interval=2, nth=((1, MON),), ahead=True)
    assert [f"{o.placed.local:%Y-%m-%d}" for o in series_dates(ahead, now=now).occurrences] == [
        "2027-01-04",
        "2027-03-01",
        "2027-05-03",
    ]


def test_two_weekdays_a_month_and_the_descriptions() -> None:
    both = _series(start=date(2027, 3, 1), count=4, nth=((1, MON), (3, MON)))
    assert _local(both) == ["2027-03-01 09:00", "2027-03-15 09:00", "2027-04-05 09:00", "2027-04-19 09:00"]
    assert both.describe() == "every month on the first and third Monday at 09:00"
    mixed = _series(start=date(2027, 3, 1), count=2, nth=((-1, FRI), (1, MON)))
    assert mixed.describe() == "every month on the first Monday, the last Friday at 09:00"
    assert _series(start=date(2027, 3, 1), count=1, nth=((-2, FRI),)).describe() == (
        "every month on the second-to-last Friday at 09:00"
    )


NTHS = st.lists(st.tuples(st.sampled_from([1, 2, 3, 4, 5, -1, -2]), st.integers(0, 6)), min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(
    nth=NTHS,
    interval=st.integers(1, 4),
    start=st.dates(date(2025, 1, 1), date(2035, 12, 31)),
    count=st.integers(1, 24),
)
def test_every_date_is_the_asked_weekday_at_its_place_in_a_month_the_interval_keeps(
    nth: list[tuple[int, int]], interval: int, start: date, count: int
) -> None:
    wanted = tuple(dict.fromkeys(nth))

    def place(day: date) -> set[tuple[int, int]]:
        """Where `day` is in its month, counted from either end, worked out from the calendar alone."""
        length = calendar.monthrange(day.year, day.month)[1]
        return {((day.day - 1) // 7 + 1, day.weekday()), (-((length - day.day) // 7 + 1), day.weekday())}

    def months_from_start(day: date) -> int:
        return (day.year - start.year) * 12 + day.month - start.month

    series = _series(start=start, count=count, interval=interval, nth=wanted)
    span = (start + timedelta(days=n) for n in range(MAX_SPAN.days + 1))
    if sum(1 for d in span if months_from_start(d) % interval == 0 and place(d) & set(wanted)) < count:
        with pytest.raises(InputError, match="two years"):  # a rare day (fifth Mondays): fewer in two years
            series_dates(series, now=LONG_AGO)
        return
    found = series_dates(series, now=LONG_AGO)
    days = [o.placed.asked.date() for o in found.occurrences]
    assert len(days) == count
    assert days == sorted(set(days))
    assert days[0] >= start

    for day in days:
        assert place(day) & set(wanted)  # the weekday asked, at a place asked
        assert months_from_start(day) % interval == 0
    lacking = {(first.year, first.month): lacks for first, lacks in found.lacking}
    for first, lacks in found.lacking:
        assert months_from_start(first) % interval == 0
        length = calendar.monthrange(first.year, first.month)[1]
        for ordinal, weekday in lacks:
            count_there = sum(1 for d in range(1, length + 1) if date(first.year, first.month, d).weekday() == weekday)
            assert abs(ordinal) > count_there  # it truly has no such day
    # each month the interval keeps between the first and the last date has every day asked, or names it lacking
    for offset in range(months_from_start(days[0]) + interval, months_from_start(days[-1]), interval):
        years, month = divmod(start.month - 1 + offset, 12)
        key = (start.year + years, month + 1)
        there = {p for d in days if (d.year, d.month) == key for p in place(d)}
        for pair in wanted:
            assert pair in there or pair in lacking.get(key, ())
