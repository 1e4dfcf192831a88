"""`every` as models send it: the unit, the interval and the days each wording means, and the wordings refused
with what to send instead."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from late_mcp.errors import InputError
from late_mcp.timeutil import UTC
from late_mcp.tools.planner.every import read_every
from late_mcp.tools.planner.series import Series, series_dates

from ..conftest import BERLIN


@pytest.mark.parametrize(
    ("every", "meant"),
    [
        ("week", ("week", 1, "")),
        ("Weekly", ("week", 1, "")),
        ("every week", ("week", 1, "")),
        ("weeks", ("week", 1, "")),
        ("daily", ("day", 1, "")),
        ("Every Day", ("day", 1, "")),
        ("Monthly.", ("month", 1, "")),
        ("2 weeks", ("week", 2, "")),
        ("every 2 weeks", ("week", 2, "")),
        ("biweekly", ("week", 2, "")),
        ("bi-weekly", ("week", 2, "")),
        ("fortnightly", ("week", 2, "")),
        ("every other week", ("week", 2, "")),
        ("every three days", ("day", 3, "")),
        ("every 2 months", ("month", 2, "")),
        ("weekdays", ("week", 1, "weekdays")),
        ("every monday", ("week", 1, "monday")),
        ("Mondays", ("week", 1, "mondays")),
        ("every other Friday", ("week", 2, "friday")),
        ("every other monday", ("week", 2, "monday")),
        ("every 3 thursdays", ("week", 3, "thursdays")),
        ("every 2nd week", ("week", 2, "")),
        ("every third week", ("week", 3, "")),
        ("every 3rd day", ("day", 3, "")),
        ("every fourth month", ("month", 4, "")),
        ("each monday", ("week", 1, "monday")),
        ("Each other Friday", ("week", 2, "friday")),
        ("each week", ("week", 1, "")),
        ("every 14 days", ("day", 14, "")),
        ("every 26 weeks", ("week", 26, "")),
    ],
)
def test_what_models_send_is_read_as_meant(every: str, meant: tuple[str, int, str]) -> None:
    assert read_every(every, "") == (*meant, ())


def test_an_empty_every_is_the_default_weekly_on_the_days_given() -> None:
    assert read_every("", "mon,thu") == ("week", 1, "mon,thu", ())
    assert read_every(" ", ["mon"]) == ("week", 1, ["mon"], ())


@pytest.mark.parametrize(
    ("every", "on", "said"),
    [
        ("bimonthly", "", "say 'every 2 months'"),
        ("twice a month", "", "not one rhythm"),
        ("hourly", "", "is not a rhythm: use day, week, month"),
        ("0 weeks", "", "1 to 52 weeks"),
        ("every 53 weeks", "", "1 to 52 weeks .a year at most"),
        ("every 13 months", "", "1 to 12 months"),
        ("every 400 days", "", "1 to 365 days"),
        ("every 1st week", "", "names no weekday of the month: name one with its place in the month, e.g."),
        (
            "every 2nd monday",
            "",
            "could be every 2 weeks or the second Monday of each month: say 'every 2 weeks' "
            "with on='mon', or 'second Monday of the month'",
        ),
        ("every monday", "tue", "give the days in on only"),
        ("every 2 monday 3", "", "is not a rhythm"),
        ("mon 2", "", "is not a rhythm"),
        ("every 2 weekdays", "", "is not a rhythm"),
        ("every third thursday", "", "could be every 3 weeks or the third Thursday of each month"),
        ("every other first monday", "", "say the months between after the day, e.g. 'first monday of every other"),
        ("first week of the month", "", "names no weekday of the month: .* 'first monday of the month'"),
        ("last day of the month", "", "every='month' from a 31st gives each month's last day"),
        ("first weekday of the month", "", "cannot pick the first or last working day of a month .which day"),
        ("last business day of the month", "", "cannot pick the first or last working day of a month"),
        ("first working day of the month", "", "e.g. every='first mon of the month' .or every='month' with on="),
        ("last weekday", "", "or every='month' with start on a date, which repeats that day of the month"),
        ("month", "last business day", "^on='last business day': a series cannot pick the first or last working"),
        ("monthly on the 15th", "", "repeats the start's day of the month .every='month', start on that day."),
        ("bimonthly on the first monday", "", "not one rhythm"),
        ("month", "mon", "which one in the month. Say e.g. on='first mon'"),
        ("monthly", ["Mon", "Thu"], "which one in the month"),
        ("week", "first mon", "is a weekday of the month: send every='month' with it"),
        ("", "last fri", "is a weekday of the month: send every='month' with it"),
        ("first monday of the month", "tue", "names days and on='tue' does too"),
        ("first monday and third monthly", "", "name the weekday after its place in the month"),
        ("every month on the 1st", "", "for a day of the month .the 1st, the 15th. start the series on it"),
        ("monday first", "", "'monday' has no place in the month before it"),
        ("monday and first friday monthly", "", "'monday' has no place in the month before it"),
        ("first monday of the month every 2 months every 3 months", "", "names two different gaps"),
        ("every 13 months on the first monday", "", "1 to 12 months"),
    ],
)
def test_what_is_no_rhythm_is_refused_with_what_to_send(every: str, on: str | list[str], said: str) -> None:
    with pytest.raises(InputError, match=said):
        read_every(every, on)


def _days(**asked: object) -> list[str]:
    series = Series(**{"at": time(9, 0), "zone": BERLIN, "weekdays": frozenset(), **asked})  # type: ignore[arg-type]
    return [
        f"{o.placed.local:%a %Y-%m-%d}" for o in series_dates(series, now=datetime(2000, 1, 1, tzinfo=UTC)).occurrences
    ]


def test_an_interval_counts_weeks_from_the_first_dates_week() -> None:
    # from Wednesday 3 March: Thursday that week, then Monday and Thursday of every second week
    got = _days(every="week", weekdays=frozenset({0, 3}), start=date(2027, 3, 3), count=5, interval=2)
    assert got == ["Thu 2027-03-04", "Mon 2027-03-15", "Thu 2027-03-18", "Mon 2027-03-29", "Thu 2027-04-01"]
    assert _days(every="day", start=date(2027, 2, 27), count=3, interval=3) == [
        "Sat 2027-02-27",
        "Tue 2027-03-02",
        "Fri 2027-03-05",
    ]
    # every second month from the 31st: the months without one use their last day
    got = _days(every="month", start=date(2027, 1, 31), count=3, interval=2)
    assert got == ["Sun 2027-01-31", "Wed 2027-03-31", "Mon 2027-05-31"]
    assert _days(every="month", start=date(2027, 3, 31), count=2, interval=3) == ["Wed 2027-03-31", "Wed 2027-06-30"]


@pytest.mark.parametrize(
    ("every", "weekdays", "interval", "said"),
    [
        ("week", set(), 2, "every 2 weeks on Wednesday at 09:00"),
        ("week", {0, 3}, 2, "every 2 weeks on Mon, Thu at 09:00"),
        ("day", set(), 3, "every 3 days at 09:00"),
        ("month", set(), 2, "every 2 months on day 3 at 09:00"),
        ("month", set(), 1, "monthly on day 3 at 09:00"),
        ("day", {0, 1, 2, 3, 4}, 1, "every Mon, Tue, Wed, Thu, Fri at 09:00"),
    ],
)
def test_the_description_says_the_interval(every: str, weekdays: set[int], interval: int, said: str) -> None:
    series = Series(every, frozenset(weekdays), time(9, 0), date(2027, 3, 3), BERLIN, count=2, interval=interval)  # type: ignore[arg-type]
    assert series.describe() == said


@pytest.mark.parametrize(
    ("every", "interval", "ahead", "from_start"),
    [
        ("week", 2, ["Mon 2027-03-08", "Mon 2027-03-22"], "Mon 2027-03-15"),
        ("day", 3, ["Tue 2027-03-02", "Fri 2027-03-05"], "Thu 2027-03-04"),
        ("month", 2, ["Thu 2027-04-01", "Tue 2027-06-01"], "Sat 2027-05-01"),
    ],
)
def test_without_a_start_an_interval_counts_from_the_first_date_still_ahead(
    every: str, interval: int, ahead: list[str], from_start: str
) -> None:
    """Asked on Monday 1 March at 11:00 for 09:00: today's is past, so the rhythm starts with the next date, not
    with a whole interval of nothing; with the start given, it counts from that start."""
    now = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
    asked = {"every": every, "at": time(9, 0), "zone": BERLIN, "weekdays": frozenset(), "start": date(2027, 3, 1)}
    found = series_dates(Series(**asked, count=2, interval=interval, ahead=True), now=now)  # type: ignore[arg-type]
    assert [f"{o.placed.local:%a %Y-%m-%d}" for o in found.occurrences] == ahead
    assert found.skipped == 0
    given = series_dates(Series(**asked, count=2, interval=interval), now=now)  # type: ignore[arg-type]
    assert (f"{given.occurrences[0].placed.local:%a %Y-%m-%d}", given.skipped) == (from_start, 1)
