"""The Nth weekday of a month, as RFC 5545 has it (FREQ=MONTHLY;BYDAY=1MO, 2TU, -1FR): "first monday", "last fri",
"1st and 3rd tue" read into (ordinal, weekday) pairs, the dates they are in a given month, and their words.

"Every" before a weekday is every week's: "first tuesday and every friday" is two rhythms, refused for two series.
A month without the day asked for (a fifth Tuesday, most months) has no date for it, as in RFC 5545; the series
says which months those were. Pure: no I/O.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from ...errors import InputError
from ..gaps import NUMBERS, count_of
from ..slots import days_of

#: (ordinal, weekday): ordinal 1 to 5 counts from the month's start, -1 ("last") and -2 from its end; Monday = 0
Nth = tuple[int, int]

_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5,
    "last": -1, "penultimate": -2,
}  # fmt: skip
_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last", -2: "second-to-last"}
#: words around the days that say nothing more: "every first monday", "on the last friday" ("every" is read
#: apart: before a weekday, as in "first tuesday and every friday", it means each week's)
_FILLER = {"on", "the", "of", "a"}
_EVERY = {"every", "each"}
#: a count between "every" and a weekday: "every other friday", "every 2 fridays"
_COUNTS = {word for word in NUMBERS if word not in _ORDINALS}
#: a day that moves with weekends and holidays: "first weekday", "last business day", "first working day"
_WORKING = re.compile(rf"\b({'|'.join(_ORDINALS)}) (?:week ?|business |working |work ?)days?\b")


def nth_days(text: str, said: str) -> tuple[Nth, ...] | None:
    """'first monday', 'the last fri', '1st and 3rd tue', '2nd tue, 4th thu' (normal text) as (ordinal, weekday)
    pairs in order; None when `text` has no ordinal; refused (naming `said`, the argument as given) when it has
    one but is not weekdays of the month ("first week"), or mixes one with every week's ("and every friday")."""
    text = re.sub(r"\b(?:second|2nd) (?:to )?last\b", "penultimate", text)
    _refuse_working_day(text, said)
    parts = [w for w in re.split(r"[\s,/+&]+|\band\b", text) if w and w not in _FILLER]
    if not any(w in _ORDINALS for w in parts):
        return None
    found: list[Nth] = []
    weekly: list[tuple[int, int]] = []  # (weeks, weekday) of a day after "every": "and every (other) friday"
    ordinals: list[int] = []
    every: int | None = None  # after "every" (and a count): the weeks between, until an ordinal or a day
    named = False  # the last word was a day: an ordinal after it starts a new group
    for word in parts:
        if word in _EVERY or (every is not None and (word in _COUNTS or word.isdigit())):
            every = 1 if word in _EVERY else count_of(word)
        elif word in _ORDINALS:
            if every not in (None, 1):  # "every other first monday": months between, said before the day
                raise InputError(
                    f"{said}: say the months between after the day, e.g. 'first monday of every other month'."
                )
            ordinals = [_ORDINALS[word]] if named else [*ordinals, _ORDINALS[word]]
            named, every = False, None
        elif every is not None:
            weekly.append((every, _weekday(word, said)))
            named, every = True, None
        else:
            day = _weekday(word, said)
            if not ordinals:
                raise InputError(f"{said}: {word!r} has no place in the month before it: say e.g. 'first {word}'.")
            found += [(n, day) for n in ordinals if (n, day) not in found]
            named = True
    if weekly and found:
        _refuse_mixed(found, weekly, said)
    if not named or not found:
        raise InputError(
            f"{said}: name the weekday after its place in the month, e.g. 'first monday'; for a day of the month (the "
            "1st, the 15th) start the series on it with every='month'."
        )
    return tuple(found)


def _refuse_working_day(text: str, said: str) -> None:
    """'first weekday of the month': which day that is depends on weekends (and holidays), which no rule here
    knows, so it is refused for what can be sent."""
    working = _WORKING.search(text)
    if working:
        raise InputError(
            f"{said}: a series cannot pick the first or last working day of a month (which day that is moves with "
            "weekends and holidays). Send a weekday with its place in the month instead, e.g. every='first mon of "
            "the month' (or every='month' with on='first mon' or 'last fri'), or every='month' with start on a "
            "date, which repeats that day of the month."
        )


def _refuse_mixed(found: list[Nth], weekly: list[tuple[int, int]], said: str) -> None:
    """'first tuesday and every friday': a weekday of the month and one of every week are two rhythms (or more:
    'and every other friday' is a third)."""
    gaps: dict[int, list[str]] = {}
    for weeks, day in weekly:
        gaps.setdefault(weeks, []).append(calendar.day_abbr[day].lower())
    each = " and ".join(f"every {'' if n == 1 else f'{n} weeks on '}{calendar.day_name[d]}" for n, d in weekly)
    series = [f"every='{spoken(found).removeprefix('the ')} of the month'"] + [
        f"every='{'week' if n == 1 else f'{n} weeks'}' and on='{','.join(dict.fromkeys(days))}'"
        for n, days in gaps.items()
    ]
    many = {2: "two", 3: "three"}.get(len(series), str(len(series)))
    raise InputError(
        f"{said} mixes {spoken(found)} of the month with {each}: a series has one rhythm, so send {many} series, "
        f"one with {' and one with '.join(series)}."
    )


def _weekday(word: str, said: str) -> int:
    """One weekday, Monday = 0; refused as no weekday of the month otherwise ("week", "day", "weekday")."""
    try:
        days = days_of(word, "on")
    except InputError:
        days = []
    if len(days) != 1 or word.isdigit():
        hint = " (every='month' from a 31st gives each month's last day)" if word == "day" else ""
        raise InputError(
            f"{said} names no weekday of the month: name one with its place in the month, "
            "e.g. 'first monday of the month', 'last fri monthly' or 'every 2 months on the 2nd tue' (or "
            f"every='month' with on='first mon'); every='month' alone repeats the start's day of the month{hint}."
        )
    return (days[0] - 1) % 7  # days_of counts from Sunday = 0


def in_month(year: int, month: int, wanted: tuple[Nth, ...]) -> tuple[list[date], list[Nth]]:
    """The dates `wanted` are in that month, in order, and those it lacks (a fifth Tuesday)."""
    first_weekday, length = calendar.monthrange(year, month)
    dates: set[date] = set()
    lacking = []
    for ordinal, weekday in wanted:
        first = 1 + (weekday - first_weekday) % 7
        there = (length - first) // 7 + 1  # how many of that weekday the month has: 4 or 5
        nth = ordinal if ordinal > 0 else there + 1 + ordinal
        if 1 <= nth <= there:
            dates.add(date(year, month, first + 7 * (nth - 1)))
        else:
            lacking.append((ordinal, weekday))
    return sorted(dates), lacking


def spoken(wanted: tuple[Nth, ...] | list[Nth]) -> str:
    """'the first Monday', 'the first and third Monday', 'the first Monday, the last Friday'."""
    by_day: dict[int, list[int]] = {}
    for ordinal, weekday in wanted:
        by_day.setdefault(weekday, []).append(ordinal)
    parts = []
    for weekday in sorted(by_day):
        ordinals = sorted(by_day[weekday], key=lambda n: (n < 0, n))  # first .. fifth, then from the end
        said = [_WORDS[n] for n in ordinals]
        joined = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
        parts.append(f"the {joined} {calendar.day_name[weekday]}")
    return ", ".join(parts)
