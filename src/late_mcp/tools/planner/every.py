"""A series' `every` as models and people write it: "week", "Weekly", "every week", "daily", "2 weeks",
"biweekly", "every other month", "mondays", "weekdays", "first Monday of the month", "last fri monthly".

The schema offers day, week and month; a model often sends the adjective or a phrase instead, and refusing
"weekly" costs a turn while refusing "biweekly" invites a retry with "week" (twice the posts asked for). So the
words are read here into a unit, an interval and days, and whatever the words, the result's description ("every
2 weeks on Monday", "every month on the first Monday") says what was made. Words that are days ("mondays",
"weekdays") are the days of a weekly series, as `on` would give them; a weekday with its place in the month
("first monday", "2nd tue of every other month", or every='month' with on='last fri') is a monthly series on
that weekday (RFC 5545 BYDAY=1MO), and so is a list of places ("every 1st and 3rd mon", "every second and fourth
tue"): only days of the month come in a list. Refused, with what to send instead: "bimonthly" (every two months to
some, twice a month to others), "twice a month", one place after "every" ("every 2nd monday", "every second
monday": every other Monday, or the second of the month?; "every other monday" is every 2 weeks), "first week of
the month" (no one day), "first weekday of the month" (moves with weekends), "first tuesday and every friday"
(two rhythms).
"""

from __future__ import annotations

import calendar
import re
from typing import NamedTuple, get_args

from ...errors import InputError
from .._args import text_list
from ..gaps import COUNT, NUMBERS, ambiguous, count_of, normal, read_gap
from ..slots import days_of
from .monthly import Nth, nth_days, spoken
from .series import Every

#: the longest gap between two dates, a year: a series reaches at most two years ahead (platforms schedule no
#: further), so a longer gap would leave it one date
MAX_INTERVAL: dict[str, int] = {"day": 365, "week": 52, "month": 12}
#: a count before one weekday, the weeks between ("every other friday", "every 2 mondays"); "second" there is the
#: month's ("every second monday" is refused as "every 2nd monday" is: every other one, or the month's second?)
_NTH = re.compile(rf"^(?:every )?(\d+|{'|'.join(w for w in NUMBERS if w != 'second')}) (\D+)$")
#: the month around weekdays of it: "of the month", "of every other month", "every 2 months", "monthly"
_MONTHS = re.compile(rf"\b(?:(?:of|in) )?(?:(?:the|each|every|a) )?(?:({COUNT}) )?months?\b|\bmonthly\b")
_KINDS = get_args(Every)


class Rhythm(NamedTuple):
    unit: Every
    interval: int  # every `interval` units
    on: str | list[str]  # the weekdays of a daily or weekly series (`on`, or the days `every` named)
    nth: tuple[Nth, ...] = ()  # a monthly series' weekdays of the month: ((1, 0),) is the first Monday


def read_every(every: str, on: str | list[str]) -> Rhythm:
    """The unit, how many of them from one date to the next, and the days (of the week, or of the month)."""
    text = normal(every)
    if not text:  # left empty: the default, as every other empty argument
        return _with_on(Rhythm("week", 1, on), every)
    if ambiguous(text):
        raise InputError(
            f"every={every!r} is not one rhythm (bimonthly is every two months to some, twice a month to others): "
            "say 'every 2 months' or 'every 2 weeks'; for two days a week use every='week' with on (e.g. "
            "on='mon,thu'); for two days a month name them, e.g. every='1st and 3rd mon of the month'."
        )
    gap = read_gap(text)
    if gap is not None:
        return _with_on(Rhythm(gap[0], _interval(gap[1], every, gap[0]), on), every)
    months = list(_MONTHS.finditer(text))
    if months:
        return _of_month(text, {count_of(m.group(1)) for m in months if m.group(1)} or {1}, every, on)
    nth = _NTH.match(text)  # "every other friday", "every 2 mondays": one weekday, every n weeks
    if nth and _one_weekday(nth.group(2)):
        return Rhythm("week", _interval(count_of(nth.group(1)), every, "week"), _days(nth.group(2), every, on))
    of_month = nth_days(text, f"every={every!r}")  # "first monday", "every last friday", "every 1st and 3rd mon"
    if of_month is None:
        return Rhythm("week", 1, _days(text, every, on))
    places = {n for n, _ in of_month}
    if text.startswith("every ") and len(places) == 1 and max(places) > 1:  # every other one, or the month's 2nd?
        weeks, which = max(places), spoken(of_month).removeprefix("the ")
        days = ",".join(dict.fromkeys(calendar.day_abbr[d].lower() for _, d in of_month))
        raise InputError(
            f"every={every!r} could be every {weeks} weeks or the {which} of each month: say 'every {weeks} weeks' "
            f"with on='{days}', or '{which} of the month'."
        )
    return _monthly(Rhythm("month", 1, "", of_month), every, on)


def _of_month(text: str, counts: set[int], every: str, on: str | list[str]) -> Rhythm:
    """'first monday of every other month', 'every month on the last fri', '2nd tue monthly'."""
    if len(counts) > 1:
        raise InputError(f"every={every!r} names two different gaps between months: give one.")
    interval = _interval(counts.pop(), every, "month")
    of_month = nth_days(_MONTHS.sub(" ", text), f"every={every!r}")
    if of_month is None:
        raise InputError(
            f"every={every!r}: a monthly series repeats the start's day of the month (every='month', start on that "
            "day), or a weekday named with its place in the month, e.g. 'first monday of the month' or 'last fri "
            "monthly'."
        )
    return _monthly(Rhythm("month", interval, "", of_month), every, on)


def _monthly(rhythm: Rhythm, every: str, on: str | list[str]) -> Rhythm:
    if text_list(on, "on"):
        raise InputError(f"every={every!r} names days and on={on!r} does too: give the days in one of them only.")
    return rhythm


def _with_on(rhythm: Rhythm, every: str) -> Rhythm:
    """A unit with `on`: weekdays for a weekly or daily series; for a monthly one, weekdays of the month."""
    said = ", ".join(text_list(rhythm.on, "on"))
    of_month = nth_days(normal(said), f"on={rhythm.on!r}") if said else None
    if rhythm.unit != "month":
        if of_month is not None:
            raise InputError(
                f"on={rhythm.on!r} is a weekday of the month: send every='month' with it (or every='week' and "
                "plain weekdays)."
            )
        return rhythm
    if said and of_month is None:
        raise InputError(
            f"every={every!r} with on={rhythm.on!r}: which one in the month? Say e.g. on='first mon' (or '2nd mon', "
            "'last mon'); for every such weekday use every='week'."
        )
    return rhythm._replace(on="", nth=of_month or ())


def _interval(count: int, every: str, unit: str) -> int:
    if not 1 <= count <= MAX_INTERVAL[unit]:
        raise InputError(
            f"every={every!r}: the gap between dates is 1 to {MAX_INTERVAL[unit]} {unit}s (a year at most: a series "
            "reaches two years ahead at most, as far as platforms schedule)."
        )
    return count


def _one_weekday(words: str) -> bool:
    """Whether `words` ("friday", "mondays") are one weekday; False where they are anything else."""
    try:
        return len(days_of(words, "every")) == 1
    except InputError:
        return False


def _days(text: str, every: str, on: str | list[str]) -> str | list[str]:
    """`every` that names days ("mondays", "every weekday"): the days of a weekly series."""
    words = text.removeprefix("every ").removeprefix("on ")
    try:
        if any(ch.isdigit() for ch in words):  # days_of reads 0-6 as day numbers: "2 mondays" is no Tuesday
            raise InputError(words)
        days_of(words, "every")
    except InputError:
        raise InputError(
            f"every={every!r} is not a rhythm: use {', '.join(_KINDS)} (or e.g. 'every 2 weeks', 'first monday of "
            "the month'), and the weekdays in on (e.g. on='mon,thu')."
        ) from None
    if (on if isinstance(on, str) else "".join(on)).strip():
        raise InputError(f"every={every!r} names days and on={on!r} does too: give the days in on only.")
    return words
