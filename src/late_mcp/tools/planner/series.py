"""The dates of a recurring series: every day, week or month, on chosen weekdays, at one wall-clock time.

Each date is placed by `wallclock.place`, so "every Monday at 09:00 Europe/Berlin" is 09:00 in Berlin on both
sides of a daylight-saving change (its UTC time moves). A monthly series keeps the start's day of the month; a
month without that day (the 29th to 31st) uses its last day, and says so. A monthly series on weekdays of the
month (`nth`: the first Monday, the last Friday) follows RFC 5545 (FREQ=MONTHLY;BYDAY=1MO): a month without the
day asked for (a fifth Tuesday) has no post, and the months left so are listed. A local date the clocks skip
whole has no post, said on the next date. Pure: `now` is an argument.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal

from ...errors import InputError
from ...wallclock import Placed, place, skipped_day
from .monthly import Nth, in_month, spoken

Every = Literal["day", "week", "month"]

#: the most dates one series may have: each is one create call, and the result lists every date
MAX_DATES = 60
#: how far `until` may reach
MAX_SPAN = timedelta(days=2 * 366)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Series:
    """What was asked: the rhythm, the wall-clock time, where it starts and ends, and the zone."""

    every: Every
    weekdays: frozenset[int]  # Monday = 0; empty: the start's weekday (week) or every day (day)
    at: time
    start: date
    zone: tzinfo
    count: int = 0  # 0: until decides
    until: date | None = None
    interval: int = 1  # every `interval` days, weeks or months
    #: no start was given: an interval counts from the first date still ahead (today's time may be past), so
    #: "every other Monday" is next Monday and every second one after, not a gap of two weeks first
    ahead: bool = False
    #: a monthly series on weekdays of the month ((1, 0): the first Monday; (-1, 4): the last Friday)
    nth: tuple[Nth, ...] = ()

    def __post_init__(self) -> None:
        if self.count > 0 and self.until is not None:
            raise InputError(
                f"count ({self.count} posts) and until ({self.until}) both end the series: give one of the two, "
                "not both."
            )
        if self.count <= 0 and self.until is None:
            raise InputError("Give either count (how many posts) or until (the last date, YYYY-MM-DD).")
        if self.count > MAX_DATES:
            raise InputError(f"count={self.count} is more than {MAX_DATES} posts in one series; split it in two.")
        if self.until is not None and self.until < self.start:
            raise InputError(f"until {self.until} is before start {self.start}.")
        if self.until is not None and self.until - self.start > MAX_SPAN:
            raise InputError("until is more than two years after start: platforms do not schedule that far.")
        if self.every == "month" and self.weekdays:
            raise InputError(
                "on (weekdays) goes with every=day or every=week; a monthly series repeats the "
                "start's day of the month, or a weekday with its place in the month (on='first mon')."
            )
        if self.nth and self.every != "month":
            raise InputError("A weekday of the month ('first mon') goes with every='month'.")

    def describe(self) -> str:
        """'every Monday at 09:00', 'every Mon, Wed at 18:30', 'monthly on day 31 at 09:00', 'every 2 weeks on
        Monday at 09:00', 'every 3 days at 08:00', 'every month on the first Monday at 09:00'."""
        days = sorted(self.weekdays)
        at = f"at {self.at:%H:%M}"
        if self.every == "month" and self.nth:
            return f"every {'month' if self.interval == 1 else f'{self.interval} months'} on {spoken(self.nth)} {at}"
        if self.every == "month":
            return (
                f"{'monthly' if self.interval == 1 else f'every {self.interval} months'} on day {self.start.day} {at}"
            )
        if self.every == "week" and len(days) <= 1:
            day = calendar.day_name[days[0] if days else self.start.weekday()]
            return f"every {day} {at}" if self.interval == 1 else f"every {self.interval} weeks on {day} {at}"
        named = ", ".join(WEEKDAYS[d] for d in days)
        if self.interval == 1:
            return f"every {named or 'day'} {at}"
        return f"every {self.interval} {self.every}s" + (f" on {named}" if named else "") + f" {at}"


@dataclass(frozen=True)
class Occurrence:
    """One date of the series and the instant it is; `note` says when it is not exactly what was asked."""

    placed: Placed
    note: str = ""

    @property
    def utc(self) -> datetime:
        return self.placed.utc


@dataclass(frozen=True)
class Dates:
    occurrences: list[Occurrence]
    skipped: int  # dates at or before now, left out
    #: months of a series on weekdays of the month that lack one of them (a fifth Tuesday), and which
    lacking: tuple[tuple[date, tuple[Nth, ...]], ...] = ()

    def lacking_said(self) -> str:
        """'no fifth Tuesday in Mar 2027, May 2027': the months without a date asked for, by what they lack."""
        months: dict[str, list[str]] = {}
        for month, lacks in self.lacking:
            months.setdefault(spoken(lacks).replace("the ", ""), []).append(f"{month:%b %Y}")
        return "; ".join(f"no {what} in {', '.join(found)}" for what, found in months.items())


def series_dates(series: Series, *, now: datetime) -> Dates:
    """The series' future dates in order; dates already past are left out and counted."""
    found: list[Occurrence] = []
    skipped = 0
    gone = ""  # a date before this one that the clocks skip whole
    lacking: list[tuple[date, tuple[Nth, ...]]] = []
    anchor = _first_ahead(series, now) if series.ahead and series.interval > 1 else None
    for day, note, lacks in _days(series, anchor):
        if lacks:  # a month without a weekday asked for: no post for it (as asked), said in the summary
            if day >= now.astimezone(series.zone).date():
                lacking.append((day.replace(day=1), lacks))
            continue
        if skipped_day(day, series.zone):
            gone = f"no post on {day}: the clocks skip that whole day there"
            continue
        placed = place(day, series.at, series.zone)
        if placed.utc <= now:
            skipped, gone = skipped + 1, ""
            continue
        if len(found) == MAX_DATES:
            raise InputError(f"The series has more than {MAX_DATES} dates: end it sooner or use count.")
        notes = "; ".join(n for n in (gone, note, placed.note) if n)
        found.append(Occurrence(placed, notes))
        gone = ""
        if series.count and len(found) == series.count:
            break
    if series.count and len(found) < series.count and skipped:
        raise InputError(
            f"count={series.count}, but start {series.start} is in the past: a series spans at most two years from "
            f"its start, and only {len(found)} of its dates are still ahead. Move start later (or leave it out for "
            "today)."
        )
    if series.count and len(found) < series.count:
        raise InputError(f"count={series.count} reaches more than two years past start: ask for fewer posts.")
    return Dates(found, skipped, tuple(lacking))


def _first_ahead(series: Series, now: datetime) -> date | None:
    """The first date of the rhythm, every interval taken as one, whose time is still ahead."""
    every_one = replace(series, interval=1)
    ahead = (d for d, _, lacks in _days(every_one) if not lacks and place(d, series.at, series.zone).utc > now)
    return next(ahead, None)


#: a local date of the rhythm, a note when its month lacks the start's day, and the weekdays of the month that
#: month lacks (then the date is the month's last day, and no post: RFC 5545 skips it)
Day = tuple[date, str, tuple[Nth, ...]]


def _days(series: Series, anchor: date | None = None) -> Iterator[Day]:
    """The local dates the rhythm gives from the start; the interval counts from `anchor` (one of those
    dates), else from the first of them."""
    last = series.until or series.start + MAX_SPAN
    if series.every == "month":
        yield from _months(series, anchor, last)
        return
    wanted = series.weekdays or frozenset({series.start.weekday()} if series.every == "week" else range(7))
    first = anchor or next(
        series.start + timedelta(days=n) for n in range(7) if (series.start.weekday() + n) % 7 in wanted
    )
    day = first
    while day <= last:
        if day.weekday() in wanted and _in_step(series, first, day):
            yield day, "", ()
        day += timedelta(days=1)


def _months(series: Series, anchor: date | None, last: date) -> Iterator[Day]:
    """A monthly series' dates: the start's day of each month, or the weekdays of the month asked for."""
    begin = 0 if anchor is None else (anchor.year - series.start.year) * 12 + anchor.month - series.start.month
    for index in range(begin, MAX_SPAN.days // 28, series.interval):
        year, month = divmod(series.start.month - 1 + index, 12)
        year, month = series.start.year + year, month + 1
        if not series.nth:
            day, note = month_day(year, month, series.start.day)
            if day > last:
                return
            yield day, note, ()
            continue
        if date(year, month, 1) > last:
            return
        found, lacks = in_month(year, month, series.nth)
        yield from ((day, "", ()) for day in found if series.start <= day <= last)
        end = date(year, month, calendar.monthrange(year, month)[1])
        if lacks and end <= last:
            yield end, "", tuple(lacks)


def _in_step(series: Series, first: date, day: date) -> bool:
    """Whether `day` is in a day or week the interval keeps, counted from the first date (its Monday's week)."""
    if series.every == "day":
        return (day - first).days % series.interval == 0
    monday = first - timedelta(days=first.weekday())
    return ((day - monday).days // 7) % series.interval == 0


def month_day(year: int, month: int, wanted: int) -> tuple[date, str]:
    """Day `wanted` of the month, or its last day when it is shorter (the 29th to 31st), with a note saying so."""
    last = calendar.monthrange(year, month)[1]
    if wanted <= last:
        return date(year, month, wanted), ""
    day = date(year, month, last)
    return day, f"{day:%B} has no day {wanted}: its last day, the {last}th, is used"
